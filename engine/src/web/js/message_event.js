// MessageEvent (HTML): the event of every message (windows, ports,
// workers, broadcast channels).
// https://html.spec.whatwg.org/multipage/comms.html#the-messageevent-interface ("The MessageEvent interface")

// Uses exposeInterface, toDOMString, toSequence, CONSTRUCT (webidl.js); Event, eventClass
//   (event.js).

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

return [MessageEvent];
