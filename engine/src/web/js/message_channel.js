// MessageChannel (HTML): a new pair of entangled ports.
// https://html.spec.whatwg.org/multipage/web-messaging.html#message-channels ("Message channels")

// Uses lazyInterface, platformObject, stateAccessor (webidl.js); portFor (message_port.js).

lazyInterface('MessageChannel', () => {
  const channelStates = new WeakMapCtor();
  const channelState = stateAccessor(channelStates);
  class MessageChannel {
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messagechannel ("new MessageChannel()")
    constructor() {
      const self = platformObject(new.target);
      const ids = ops.messageChannelCreate();
      WeakMapPrototypeSet(channelStates, self, { port1: portFor(ids[0]), port2: portFor(ids[1]) });
      return self;
    }
    get port1() { return channelState(this).port1; }
    get port2() { return channelState(this).port2; }
  }
  return MessageChannel;
});

