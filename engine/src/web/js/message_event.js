// MessageEvent (HTML): the event of every message (windows, ports,
// workers, broadcast channels).
// https://html.spec.whatwg.org/multipage/comms.html#the-messageevent-interface ("The MessageEvent interface")

// Uses lazyGlobal, materialize, toDOMString, toSequence, CONSTRUCT (webidl.js); Event, ev, eventClass,
//   newTrustedEvent (event.js).

// Made on first use (lazyGlobal), at its place among the globals: with the
// first message.
lazyGlobal('MessageEvent', () => {
  const C = eventClass('MessageEvent', Event, { data: null, origin: '', lastEventId: '', source: null, ports: null }, (s) => {
    s.origin = toDOMString(s.origin);
    s.lastEventId = toDOMString(s.lastEventId);
    // FrozenArray<MessagePort>: each event has its own frozen copy (an
    // array is copied by index: the host's own arrays, whose iterator a page
    // could have replaced).
    const ports = s.ports;
    s.ports = ObjectFreeze(ports === null ? [] : ArrayIsArray(ports) ? ArraySlice(ports) : toSequence(ports, CONSTRUCT, 'MessageEvent'));
  }, null, ['ports']);
  // The event's own frozen array, the same at each read; a message that
  // arrived with no port (trustedMessageEvent) has none until the first
  // read, when its empty one is made: most are never read, and an empty
  // array frozen per message was 0.8 % of a same-origin round trip.
  ObjectDefineProperty(C.prototype, 'ports', {
    __proto__: null,
    get() {
      const s = ev(this);
      if (s.ports === null) s.ports = ObjectFreeze([]);
      return s.ports;
    },
    configurable: true,
    enumerable: true,
  });
  return C;
}, false);

// The message (or messageerror) event the user agent fires for a message
// that arrived, with `data` as it arrived: the MessageEventInit dictionary
// would turn an undefined `data` into null, but the spec's tasks set the
// attribute to the deserialized value itself
// (https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps,
// "window post message steps", the task's last step). Made as
// `new MessageEvent(type, init)` would make it from these members, without
// the conversions (a string origin, a source or null, and `ports` a new
// array of the host's, frozen here as the event's own FrozenArray, or null
// for none: the `ports` getter makes that one): one per message, this is
// hot.
function trustedMessageEvent(error, data, origin, source, ports) {
  const e = newTrustedEvent(materialize('MessageEvent'), error ? 'messageerror' : 'message');
  const s = ev(e);
  s.data = error ? null : data;
  s.origin = origin;
  s.lastEventId = '';
  s.source = source;
  s.ports = ports === null ? null : ObjectFreeze(ports);
  return e;
}

return [trustedMessageEvent];
