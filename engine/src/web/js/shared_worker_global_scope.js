// SharedWorkerGlobalScope (HTML): the global of a shared worker's isolate.
// Documents reach it through the port each `connect` event brings.
// https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworkerglobalscope-interface ("Shared workers and the SharedWorkerGlobalScope interface")

// Uses define, exposeInterface, illegalConstructor, materialize (webidl.js); trustedEvent (event.js);
//   dispatch, FROM_TASK (event_target.js); defineEventHandlers (event_handlers.js); portFor
//   (message_port.js); WorkerGlobalScope (worker_global_scope.js).

// The global's prototype comes from the host's shared worker template; it
// becomes SharedWorkerGlobalScope.prototype, below WorkerGlobalScope's.
const SharedWorkerGlobalScopePrototype = ObjectGetPrototypeOf(global);
const SharedWorkerGlobalScope = function SharedWorkerGlobalScope() { throw illegalConstructor(); };
ObjectDefineProperty(SharedWorkerGlobalScope, 'prototype', { __proto__: null, value: SharedWorkerGlobalScopePrototype, writable: false });
ObjectDefineProperty(SharedWorkerGlobalScopePrototype, 'constructor', { __proto__: null, value: SharedWorkerGlobalScope, writable: true, configurable: true });
ObjectSetPrototypeOf(SharedWorkerGlobalScopePrototype, WorkerGlobalScope.prototype);
ObjectSetPrototypeOf(SharedWorkerGlobalScope, WorkerGlobalScope);
exposeInterface('SharedWorkerGlobalScope', SharedWorkerGlobalScope);

define(global, {
  // https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworkerglobalscope-name ("name")
  get name() { return ops.sharedWorkerGlobalScopeName(); },
  // https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworkerglobalscope-close ("close()")
  close() { ops.sharedWorkerGlobalScopeClose(); },
});
defineEventHandlers(global, ['onconnect']);

// A document connected (a task of its own): the connect event, whose data
// is the empty string and whose ports and source are the new port.
hooks.connect = (id) => {
  const port = portFor(id);
  dispatch(global, trustedEvent(materialize('MessageEvent'), 'connect', { data: '', ports: [port], source: port }), FROM_TASK);
};
