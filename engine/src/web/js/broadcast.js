// isohost BroadcastChannel (HTML §9.5): same name, same origin, any frame,
// tab or worker of the host.

const channelStates = new WeakMapCtor();
const channelsById = new MapCtor();
const bcState = stateAccessor(channelStates);
class BroadcastChannel extends EventTarget {
  constructor(name) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'BroadcastChannel': 1 argument required, but only 0 present.");
    super();
    const s = { name: StringCtor(name), id: -1, closed: false };
    s.id = ops.broadcastChannelOpen(s.name);
    channelStates.set(this, s);
    channelsById.set(s.id, this);
  }
  get name() { return bcState(this).name; }
  postMessage(message) {
    const s = bcState(this);
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'postMessage' on 'BroadcastChannel': 1 argument required, but only 0 present.");
    if (s.closed) throw new DOMException("Failed to execute 'postMessage' on 'BroadcastChannel': Channel is closed", 'InvalidStateError');
    ops.broadcastChannelPostMessage(s.id, s.name, message);
  }
  close() {
    const s = bcState(this);
    if (s.closed) return;
    s.closed = true;
    channelsById.delete(s.id);
    ops.broadcastChannelClose(s.id);
  }
}
defineEventHandlers(BroadcastChannel.prototype, ['onmessage', 'onmessageerror']);
exposeInterface('BroadcastChannel', BroadcastChannel);

hooks.deliverBroadcast = (id, data, origin, error) => {
  const c = channelsById.get(id);
  if (!c || bcState(c).closed) return;
  dispatch(c, trustedEvent(MessageEvent, error ? 'messageerror' : 'message', { data, origin }), FROM_TASK);
};
