// queueMicrotask() (HTML).
// https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#microtask-queuing ("Microtask queuing")

// Uses define, globalInterfaceName, requiredArguments, toCallbackFunction (webidl.js);
//   reportException (runtime_script_errors.js).

define(global, {
  queueMicrotask(callback) {
    requiredArguments(arguments.length, 1, 'queueMicrotask', globalInterfaceName);
    toCallbackFunction(callback, 1, 'queueMicrotask', globalInterfaceName);
    QueueMicrotask(() => {
      try { callback(); } catch (e) { reportException(e); }
    });
  },
});
