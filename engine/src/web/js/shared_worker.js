// SharedWorker (HTML), a document's side of a shared worker: its `port` is
// the outside end of a new channel to the worker for (this origin, the
// script URL, the name), which the host starts or finds in any tab
// (web/shared_worker.rs).
// https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface ("Shared workers and the SharedWorker interface")
//
// Not modelled: credentials (kept only to tell workers apart).

// Uses lazyInterface, requiredArguments, stateAccessor, toDictionary, toDOMString, toEnum,
//   CONSTRUCT (webidl.js); Event, trustedEvent (event.js); dispatch, FROM_TASK (event_target.js);
//   defineEventHandlers (event_handlers.js); portFor (message_port.js).

// Made with the interface (no SharedWorker exists before it).
let sharedWorkerStates, sharedWorkersByPort, sharedWorkerState;
lazyInterface('SharedWorker', () => {
  sharedWorkerStates = new WeakMapCtor();
  sharedWorkersByPort = new MapCtor();
  sharedWorkerState = stateAccessor(sharedWorkerStates);
  class SharedWorker extends EventTarget {
    // https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker ("new SharedWorker(scriptURL, options)")
    constructor(scriptURL, options = undefined) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'SharedWorker');
      const url = toDOMString(scriptURL);
      // (DOMString or WorkerOptions): undefined, null and objects are the
      // dictionary; anything else is the name.
      let opts;
      if (options === undefined || options === null || typeof options === 'object' || typeof options === 'function') {
        opts = toDictionary(options, 'WorkerOptions', CONSTRUCT, 'SharedWorker');
      } else {
        opts = { __proto__: null, name: toDOMString(options) };
      }
      const credentials = opts.credentials === undefined ? 'same-origin' : toEnum(opts.credentials, ['omit', 'same-origin', 'include'], 'RequestCredentials', CONSTRUCT, 'SharedWorker');
      const name = opts.name === undefined ? '' : toDOMString(opts.name);
      const type = opts.type === undefined ? 'classic' : toEnum(opts.type, ['classic', 'module'], 'WorkerType', CONSTRUCT, 'SharedWorker');
      const port = ops.sharedWorkerConnect(url, name, type, credentials);
      super();
      WeakMapPrototypeSet(sharedWorkerStates, this, { port: portFor(port) });
      MapPrototypeSet(sharedWorkersByPort, port, this);
    }
    // https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker-port ("port")
    get port() { return sharedWorkerState(this).port; }
  }
  defineEventHandlers(SharedWorker.prototype, ['onerror']);
  return SharedWorker;
});

// The worker could not be run (its script failed to load, or it runs
// another type of script): a simple error event at the SharedWorker.
hooks.sharedWorkerError = (port) => {
  if (sharedWorkersByPort === undefined) return;
  const w = MapPrototypeGet(sharedWorkersByPort, port);
  if (w !== undefined) dispatch(w, trustedEvent(Event, 'error', { __proto__: null, cancelable: true }), FROM_TASK);
};
