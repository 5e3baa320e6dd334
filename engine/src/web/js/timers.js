// Timers (HTML): setTimeout() and setInterval(), over the agent's timer
// heap (web/timers.rs), which queues a task per due timer.
// https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers ("Timers")

// Uses define, toDOMString, toLong (webidl.js); reportException (runtime_script_errors.js).

const timerCallbacks = new MapCtor();
let nextTimerId = 1;
// https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timer-initialisation-steps ("timer initialization steps"):
// the host keeps the deadline and the nesting level; a string handler is
// run by indirect eval. Not modelled: Trusted Types.
function timerInit(handler, timeout, args, repeat) {
  const id = nextTimerId++;
  let fn = handler;
  if (typeof handler !== 'function') {
    const source = toDOMString(handler);
    fn = () => IndirectEval(source);
  }
  MapPrototypeSet(timerCallbacks, id, { fn, args, repeat });
  // WebIDL `long`, then HTML: negative is 0.
  let ms = toLong(timeout);
  if (ms < 0) ms = 0;
  ops.timersSet(id, ms, repeat);
  return id;
}
// clearTimeout and clearInterval (one list of timers), for the bindings too:
// a page may overwrite the globals.
function timerClear(id) {
  id = toLong(id);
  if (MapPrototypeDelete(timerCallbacks, id)) ops.timersClear(id);
}
define(global, {
  setTimeout(handler, timeout = 0, ...args) { return timerInit(handler, timeout, args, false); },
  setInterval(handler, timeout = 0, ...args) { return timerInit(handler, timeout, args, true); },
  clearTimeout(id = 0) { timerClear(id); },
  clearInterval(id = 0) { timerClear(id); },
});
// A due timer's task: its callback; false if the timer is gone (cleared,
// or not repeating).
hooks.fireTimer = (id) => {
  const t = MapPrototypeGet(timerCallbacks, id);
  if (t === undefined) return false;
  if (!t.repeat) MapPrototypeDelete(timerCallbacks, id);
  try {
    ReflectApply(t.fn, global, t.args);
  } catch (e) {
    reportException(e);
  }
  return MapPrototypeHas(timerCallbacks, id);
};

return [timerInit, timerClear];
