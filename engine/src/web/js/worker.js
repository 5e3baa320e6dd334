// isohost DedicatedWorkerGlobalScope (HTML §10.2): the global of a worker's
// isolate. Its owner is reached only through the implicit port.

const WorkerGlobalProto = getPrototypeOf(global);
class WorkerGlobalScope extends EventTarget {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); super(); }
}
const DedicatedWorkerGlobalScope = function DedicatedWorkerGlobalScope() { throw illegalConstructor(); };
defineProperty(DedicatedWorkerGlobalScope, 'prototype', { value: WorkerGlobalProto, writable: false });
defineProperty(WorkerGlobalProto, 'constructor', { value: DedicatedWorkerGlobalScope, writable: true, configurable: true });
setPrototypeOf(WorkerGlobalProto, WorkerGlobalScope.prototype);
setPrototypeOf(DedicatedWorkerGlobalScope, WorkerGlobalScope);
exposeInterface('WorkerGlobalScope', WorkerGlobalScope);
exposeInterface('DedicatedWorkerGlobalScope', DedicatedWorkerGlobalScope);

const workerPort = ops.dedicatedWorkerGlobalScopePort();

class WorkerLocation {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  toString() { return ops.workerLocationHref(); }
}
for (const part of ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']) {
  defineProperty(WorkerLocation.prototype, part, {
    get() { const u = parsedURL(ops.workerLocationHref()); return u ? u[part] : ''; },
    enumerable: true, configurable: true,
  });
}
exposeInterface('WorkerLocation', WorkerLocation);
const workerLocation = new WorkerLocation(INTERNAL);

class WorkerNavigator {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get userAgent() { return 'Mozilla/5.0 (isohost; V8 10.2) isohost/0.1'; }
  get hardwareConcurrency() { return ops.navigatorHardwareConcurrency(); }
  get language() { return 'en-US'; }
  get languages() { return ['en-US', 'en']; }
  get onLine() { return true; }
}
exposeInterface('WorkerNavigator', WorkerNavigator);
const workerNavigator = new WorkerNavigator(INTERNAL);

define(global, {
  postMessage(message, options = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'postMessage' on 'DedicatedWorkerGlobalScope': 1 argument required, but only 0 present.");
    const t = splitTransfer(transferList(options, 'postMessage'));
    ops.messagePortPostMessage(workerPort, message, t.buffers, t.ports, t.portObjects);
    detachPorts(t.portObjects);
  },
  close() { ops.dedicatedWorkerGlobalScopeClose(); },
  importScripts(...urls) { ops.workerGlobalScopeImportScripts(urls.map(StringCtor)); },
  get name() { return ops.dedicatedWorkerGlobalScopeName(); },
  get location() { return workerLocation; },
  get navigator() { return workerNavigator; },
});
defineEventHandlers(global, ['onmessage', 'onmessageerror', 'onerror', 'onunhandledrejection', 'onrejectionhandled', 'onlanguagechange', 'onoffline', 'ononline']);

hooks.deliverToGlobal = (id, data, ports, error) => {
  dispatch(global, trustedEvent(MessageEvent, error ? 'messageerror' : 'message', { data, ports: Object.freeze(ports) }), FROM_TASK);
};
