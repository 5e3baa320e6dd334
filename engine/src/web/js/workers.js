// isohost Worker objects (HTML §10.2.6), the owner's side of a dedicated
// worker: messages go through the worker's implicit outside port.

const workerStates = new WeakMapCtor();
const workersById = new MapCtor();
const wState = stateAccessor(workerStates);
class Worker extends EventTarget {
  constructor(scriptURL, options = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'Worker': 1 argument required, but only 0 present.");
    const opts = options == null ? {} : options;
    const name = opts.name === undefined ? '' : StringCtor(opts.name);
    const type = opts.type === undefined ? 'classic' : StringCtor(opts.type);
    const [id, port] = ops.workerStart(StringCtor(scriptURL), name, type);
    super();
    workerStates.set(this, { id, port, terminated: false });
    workersById.set(id, this);
  }
  postMessage(message, options = undefined) {
    const s = wState(this);
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'postMessage' on 'Worker': 1 argument required, but only 0 present.");
    const t = splitTransfer(transferList(options, 'postMessage'));
    if (s.terminated) { ops.structuredCloneRoundTrip(message, [], [], []); return; }
    ops.messagePortPostMessage(s.port, message, t.buffers, t.ports, t.portObjects);
    detachPorts(t.portObjects);
  }
  terminate() {
    const s = wState(this);
    if (s.terminated) return;
    s.terminated = true;
    ops.workerTerminate(s.id);
  }
}
defineEventHandlers(Worker.prototype, ['onmessage', 'onmessageerror', 'onerror']);
exposeInterface('Worker', Worker);

hooks.deliverWorkerMessage = (id, data, ports, error) => {
  const w = workersById.get(id);
  if (!w || wState(w).terminated) return;
  dispatch(w, trustedEvent(MessageEvent, error ? 'messageerror' : 'message', { data, ports: Object.freeze(ports) }), FROM_TASK);
};
// An uncaught error in the worker: an ErrorEvent at the Worker; true if
// nobody canceled it (then the host records it).
hooks.workerError = (id, message, filename, lineno, colno) => {
  const w = workersById.get(id);
  if (!w || wState(w).terminated) return false;
  return dispatch(w, trustedEvent(ErrorEvent, 'error', { message, filename, lineno, colno, cancelable: true }), FROM_TASK);
};
hooks.workerLoadFailed = (id) => {
  const w = workersById.get(id);
  if (!w || wState(w).terminated) return false;
  dispatch(w, trustedEvent(Event, 'error', { cancelable: true }), FROM_TASK);
  return true;
};
