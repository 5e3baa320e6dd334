// DedicatedWorkerGlobalScope (HTML): the global of a dedicated worker's
// isolate. Its owner is reached only through the implicit port.
// https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-dedicatedworkerglobalscope-interface ("Dedicated workers and the DedicatedWorkerGlobalScope interface")

// Uses define, exposeInterface, illegalConstructor, requiredArguments (webidl.js); dispatch,
//   FROM_TASK (event_target.js); defineEventHandlers (event_handlers.js); trustedMessageEvent
//   (message_event.js); transferList, splitTransfer, postThroughPort (message_port.js);
//   WorkerGlobalScope (worker_global_scope.js).

// The global's prototype comes from the host's worker template; it becomes
// DedicatedWorkerGlobalScope.prototype, below WorkerGlobalScope's.
const DedicatedWorkerGlobalScopePrototype = ObjectGetPrototypeOf(global);
const DedicatedWorkerGlobalScope = function DedicatedWorkerGlobalScope() { throw illegalConstructor(); };
ObjectDefineProperty(DedicatedWorkerGlobalScope, 'prototype', { __proto__: null, value: DedicatedWorkerGlobalScopePrototype, writable: false });
ObjectDefineProperty(DedicatedWorkerGlobalScopePrototype, 'constructor', { __proto__: null, value: DedicatedWorkerGlobalScope, writable: true, configurable: true });
ObjectSetPrototypeOf(DedicatedWorkerGlobalScopePrototype, WorkerGlobalScope.prototype);
ObjectSetPrototypeOf(DedicatedWorkerGlobalScope, WorkerGlobalScope);
exposeInterface('DedicatedWorkerGlobalScope', DedicatedWorkerGlobalScope);

let workerPort;
atRealmStart(() => { workerPort = ops.dedicatedWorkerGlobalScopePort(); });
define(global, {
  // https://html.spec.whatwg.org/multipage/workers.html#dom-dedicatedworkerglobalscope-postmessage ("postMessage(message, transfer)")
  postMessage(message, options = undefined) {
    requiredArguments(arguments.length, 1, 'postMessage', 'DedicatedWorkerGlobalScope');
    const t = splitTransfer(transferList(options, 'postMessage', 'DedicatedWorkerGlobalScope'));
    postThroughPort(workerPort, message, t);
  },
  // https://html.spec.whatwg.org/multipage/workers.html#dom-dedicatedworkerglobalscope-close ("close()")
  close() { ops.dedicatedWorkerGlobalScopeClose(); },
  get name() { return ops.dedicatedWorkerGlobalScopeName(); },
});
defineEventHandlers(global, ['onmessage', 'onmessageerror']);

// A message from the owner (a task of its own).
hooks.deliverToGlobal = (id, data, ports, error) => {
  dispatch(global, trustedMessageEvent(error, data, '', null, ports), FROM_TASK);
};

