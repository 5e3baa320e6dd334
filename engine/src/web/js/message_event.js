// MessageEvent (HTML): the event of every message (windows, ports,
// workers, broadcast channels).
// https://html.spec.whatwg.org/multipage/comms.html#the-messageevent-interface ("The MessageEvent interface")

// Uses exposeInterface, toDOMString, toSequence, CONSTRUCT (webidl.js); Event, ev, eventClass,
//   trustedEvent (event.js).

const MessageEvent = eventClass('MessageEvent', Event, { data: null, origin: '', lastEventId: '', source: null, ports: null }, (s) => {
  s.origin = toDOMString(s.origin);
  s.lastEventId = toDOMString(s.lastEventId);
  // FrozenArray<MessagePort>: each event has its own frozen copy (an
  // array is copied by index: the host's own arrays, whose iterator a page
  // could have replaced).
  const ports = s.ports;
  s.ports = ObjectFreeze(ports === null ? [] : ArrayIsArray(ports) ? ArrayPrototypeSlice(ports) : toSequence(ports, CONSTRUCT, 'MessageEvent'));
});
exposeInterface('MessageEvent', MessageEvent);

// The message (or messageerror) event the user agent fires for a message
// that arrived, with `data` as it arrived: the MessageEventInit dictionary
// would turn an undefined `data` into null, but the spec's tasks set the
// attribute to the deserialized value itself
// (https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps,
// "window post message steps", the task's last step). `init` has a null
// prototype, so that nothing a page put on Object.prototype is read.
function trustedMessageEvent(error, init) {
  const e = trustedEvent(MessageEvent, error ? 'messageerror' : 'message', init);
  ev(e).data = error ? null : init.data;
  return e;
}

return [MessageEvent, trustedMessageEvent];
