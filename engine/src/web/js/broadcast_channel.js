// BroadcastChannel (HTML): messages to every other channel of the same
// name and origin, in any frame, tab or worker of the host.
// https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts ("Broadcasting to other browsing contexts")

// Uses lazyInterface, requiredArguments, stateAccessor, toDOMString, CONSTRUCT (webidl.js);
//   DOMException (dom_exception.js); dispatch, FROM_TASK (event_target.js); defineEventHandlers
//   (event_handlers.js); trustedMessageEvent (message_event.js).

// Made with the interface (no channel exists before it).
let channelStates, channelsById, channelState;
lazyInterface('BroadcastChannel', () => {
  channelStates = new WeakMapCtor();
  channelsById = new MapCtor();
  channelState = stateAccessor(channelStates);
  class BroadcastChannel extends EventTarget {
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-broadcastchannel ("new BroadcastChannel(name)")
    constructor(name) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'BroadcastChannel');
      super();
      const s = { name: toDOMString(name), id: -1, closed: false };
      s.id = ops.broadcastChannelOpen(s.name);
      WeakMapPrototypeSet(channelStates, this, s);
      MapPrototypeSet(channelsById, s.id, this);
    }
    get name() { return channelState(this).name; }
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-broadcastchannel-postmessage ("postMessage(message)")
    postMessage(message) {
      const s = channelState(this);
      requiredArguments(arguments.length, 1, 'postMessage', 'BroadcastChannel');
      if (s.closed) throw new DOMException("Failed to execute 'postMessage' on 'BroadcastChannel': Channel is closed", 'InvalidStateError');
      ops.broadcastChannelPostMessage(s.id, s.name, message);
    }
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-broadcastchannel-close ("close()")
    close() {
      const s = channelState(this);
      if (s.closed) return;
      s.closed = true;
      MapPrototypeDelete(channelsById, s.id);
      ops.broadcastChannelClose(s.id);
    }
  }
  defineEventHandlers(BroadcastChannel.prototype, ['onmessage', 'onmessageerror']);
  return BroadcastChannel;
});

// A message for channel `id` (a task of its own).
hooks.deliverBroadcast = (id, data, origin, error) => {
  if (channelsById === undefined) return;
  const c = MapPrototypeGet(channelsById, id);
  if (c === undefined || channelState(c).closed) return;
  dispatch(c, trustedMessageEvent(error, data, origin, null, []), FROM_TASK);
};

