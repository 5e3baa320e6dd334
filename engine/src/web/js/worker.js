// Worker (HTML), the owner's side of a dedicated worker, in a window or
// (nested) in a worker: messages go through the worker's implicit outside
// port; the worker itself is started by the host (web/worker.rs) on a
// thread of its own.
// https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-worker-interface ("Dedicated workers and the Worker interface")
//
// Not modelled: credentials.

// Uses lazyInterface, requiredArguments, stateAccessor, toDictionary, toDOMString, toEnum,
//   CONSTRUCT (webidl.js); Event, trustedEvent (event.js); dispatch, FROM_TASK (event_target.js);
//   defineEventHandlers (event_handlers.js); ErrorEvent (runtime_script_errors.js);
//   trustedMessageEvent (message_event.js); transferList, splitTransfer, postThroughPort
//   (message_port.js).

// Made with the interface (no Worker exists before it).
let workerStates, workersById, workerState;
lazyInterface('Worker', () => {
  workerStates = new WeakMapCtor();
  workersById = new MapCtor();
  workerState = stateAccessor(workerStates);
  class Worker extends EventTarget {
    // https://html.spec.whatwg.org/multipage/workers.html#dom-worker ("new Worker(scriptURL, options)")
    constructor(scriptURL, options = undefined) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'Worker');
      const opts = toDictionary(options, 'WorkerOptions', CONSTRUCT, 'Worker');
      const name = opts.name === undefined ? '' : toDOMString(opts.name);
      const type = opts.type === undefined ? 'classic' : toEnum(opts.type, ['classic', 'module'], 'WorkerType', CONSTRUCT, 'Worker');
      const ids = ops.workerStart(toDOMString(scriptURL), name, type);
      super();
      WeakMapPrototypeSet(workerStates, this, { id: ids[0], port: ids[1], terminated: false });
      MapPrototypeSet(workersById, ids[0], this);
    }
    // https://html.spec.whatwg.org/multipage/workers.html#dom-worker-postmessage ("postMessage(message, transfer)")
    postMessage(message, options = undefined) {
      const s = workerState(this);
      requiredArguments(arguments.length, 1, 'postMessage', 'Worker');
      const t = splitTransfer(transferList(options, 'postMessage', 'Worker'));
      postThroughPort(s.terminated ? null : s.port, message, t);
    }
    // https://html.spec.whatwg.org/multipage/workers.html#dom-worker-terminate ("terminate()")
    terminate() {
      const s = workerState(this);
      if (s.terminated) return;
      s.terminated = true;
      ops.workerTerminate(s.id);
    }
  }
  defineEventHandlers(Worker.prototype, ['onmessage', 'onmessageerror', 'onerror']);
  return Worker;
});

// A live (not terminated) Worker object of this realm.
function liveWorker(id) {
  if (workersById === undefined) return undefined;
  const w = MapPrototypeGet(workersById, id);
  return w === undefined || workerState(w).terminated ? undefined : w;
}
// A message from worker `id` (a task of its own).
hooks.deliverWorkerMessage = (id, data, ports, error) => {
  const w = liveWorker(id);
  if (w === undefined) return;
  dispatch(w, trustedMessageEvent(error, data, '', null, ports), FROM_TASK);
};
// An uncaught error in the worker: an ErrorEvent at the Worker; if nobody
// canceled it, "act as if the uncaught runtime script error had occurred in
// the global scope that the Worker object is in": an ErrorEvent (with a
// null error) at this global. True if neither was canceled (then the host
// takes it further up, or records it).
// https://html.spec.whatwg.org/multipage/workers.html#runtime-script-errors-2 ("Runtime script errors")
hooks.workerError = (id, message, filename, lineno, colno) => {
  const w = liveWorker(id);
  if (w === undefined) return false;
  if (!dispatch(w, trustedEvent(ErrorEvent, 'error', { __proto__: null, message, filename, lineno, colno, cancelable: true }), FROM_TASK)) return false;
  return dispatch(global, trustedEvent(ErrorEvent, 'error', { __proto__: null, message, filename, lineno, colno, error: null, cancelable: true }), FROM_TASK);
};
// The worker's script did not load: a simple error event.
hooks.workerLoadFailed = (id) => {
  const w = liveWorker(id);
  if (w === undefined) return false;
  dispatch(w, trustedEvent(Event, 'error', { __proto__: null, cancelable: true }), FROM_TASK);
  return true;
};

