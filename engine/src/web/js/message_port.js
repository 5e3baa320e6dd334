// MessagePort (HTML), and the transfer list every postMessage shares:
// ports are so far the only transferable platform objects.
// https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports ("Message ports")
//
// A port's state is in `shared`: its object may be reached from any
// same-origin realm of the tab. Messages wait in the host's port registry
// until the port is started (web/clone.rs delivers them, one task each).

// Uses keepFast, lazyGlobal, materialize, failedTo, illegalConstructor, INTERNAL, isArrayBuffer, requiredArguments,
//   sharedState, stateAccessor, toDictionary (webidl.js); DOMException (dom_exception.js);
//   dispatch, FROM_TASK (event_target.js); getHandler, setHandler, defineEventHandlers
//   (event_handlers.js); trustedMessageEvent (message_event.js).

// port -> { id, detached, started, closed }; id -> the port's live object.
let portStates, portsById, portState;
atRealmStart(() => {
  portStates = sharedState('portStates', () => new WeakMapCtor());
  portsById = sharedState('ports', () => new MapCtor());
  portState = stateAccessor(portStates);
});

// https://webidl.spec.whatwg.org/#es-sequence ("sequence<object>"): the
// items of an iterable, read through `method` (its @@iterator, read once
// by the caller, as overload resolution does), each an object.
function objectSequence(value, method, operation, iface) {
  if (typeof method !== 'function') {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The provided value cannot be converted to a sequence.`);
  }
  const items = ArrayFrom({ [SymbolIterator]: () => ReflectApply(method, value, []) });
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null) {
      throw new TypeErrorCtor(`${failedTo(operation, iface)}: Failed to convert value to 'object'.`);
    }
  }
  return items;
}

// A `sequence<object> transfer` argument (Window's postMessage(message,
// targetOrigin, transfer)): an iterable of objects; null and other
// non-iterables are a TypeError.
function transferSequence(value, operation, iface) {
  const isObject = (typeof value === 'object' && value !== null) || typeof value === 'function';
  return objectSequence(value, isObject ? value[SymbolIterator] : undefined, operation, iface);
}

// https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializeoptions ("StructuredSerializeOptions"):
// the dictionary's `transfer` (structuredClone(value, options), and the
// options form of every postMessage).
function serializeOptions(options, operation, iface) {
  const dict = toDictionary(options, 'StructuredSerializeOptions', operation, iface);
  const transfer = dict.transfer;
  return transfer === undefined ? [] : transferSequence(transfer, operation, iface);
}

// The transfer list of postMessage(message, transfer) or postMessage(message,
// options) (MessagePort, Worker, DedicatedWorkerGlobalScope), by WebIDL's
// overload resolution on the second argument
// (https://webidl.spec.whatwg.org/#dfn-overload-resolution-algorithm):
// undefined and null are the options dictionary; an object with an
// @@iterator is the sequence; any other object is the dictionary; anything
// else is a TypeError.
function transferList(options, operation, iface) {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The provided value is not of type '(sequence<object> or StructuredSerializeOptions)'.`);
  }
  const method = options[SymbolIterator];
  if (method !== undefined && method !== null) return objectSequence(options, method, operation, iface);
  return serializeOptions(options, operation, iface);
}

// An empty transfer list, split (most messages; its lists are only read).
const NO_OBJECTS = ObjectFreeze([]);
const NOTHING_TRANSFERRED = keepFast(ObjectFreeze({ buffers: NO_OBJECTS, ports: NO_OBJECTS, portObjects: NO_OBJECTS }));

// https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializewithtransfer ("StructuredSerializeWithTransfer"),
// step 2, the checks before serializing: each item an ArrayBuffer (not a
// SharedArrayBuffer) or a MessagePort, none twice. Splits the list into
// ArrayBuffers and ports (their ids for the host; a detached port's id is
// DETACHED_PORT). Whether an item is detached is checked after the value
// is serialized (step 5, by the host): serializing can run script that
// detaches it.
const DETACHED_PORT = 4294967295;
function splitTransfer(list) {
  if (list.length === 0) return NOTHING_TRANSFERRED;
  const buffers = [];
  const ports = [];
  const portObjects = [];
  const seen = new SetCtor();
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    if (SetPrototypeHas(seen, item)) throw new DOMException("Failed to execute 'postMessage': Duplicate object in transfer list.", 'DataCloneError');
    SetPrototypeAdd(seen, item);
    if (isArrayBuffer(item)) {
      ArrayAppend(buffers, item);
    } else if (WeakMapPrototypeHas(portStates, item)) {
      const s = portState(item);
      ArrayAppend(ports, s.detached ? DETACHED_PORT : s.id);
      ArrayAppend(portObjects, item);
    } else {
      throw new DOMException(`Failed to execute 'postMessage': Value at index ${index} does not have a transferable type.`, 'DataCloneError');
    }
  }
  return { buffers, ports, portObjects };
}

// Ports that went out in a message: this object is dead ([[Detached]]); the
// port lives on in a new MessagePort object wherever it arrives, even back
// here.
function detachPorts(portObjects) {
  for (let i = 0; i < portObjects.length; i++) {
    const s = portState(portObjects[i]);
    s.detached = true;
    if (MapPrototypeGet(portsById, s.id) === portObjects[i]) MapPrototypeDelete(portsById, s.id);
  }
}

// The end of the "message port post message steps" for port `id` of this
// agent (a MessagePort, or a worker's implicit port), with `t` from
// splitTransfer: the host serializes and posts, and the ports sent are
// detached here. A port no longer entangled (`id` null) still serializes
// the message with its transfer list (StructuredSerializeWithTransfer
// detaches what it transfers, and its errors surface), then drops it.
function postThroughPort(id, message, t) {
  if (id === null) {
    ops.structuredCloneSerialize(message, t.buffers, t.ports, t.portObjects);
  } else {
    ops.messagePortPostMessage(id, message, t.buffers, t.ports, t.portObjects);
  }
  detachPorts(t.portObjects);
}

// Made on first use (lazyGlobal), at its place among the globals: with the
// first port (a MessageChannel, or ports arriving with a message).
lazyGlobal('MessagePort', () => {
  class MessagePort extends EventTarget {
    constructor(key, id) {
      if (key !== INTERNAL) throw illegalConstructor();
      super();
      // doc: the document of the realm that made it (undefined in a worker).
      WeakMapPrototypeSet(portStates, this, { id, detached: false, started: false, closed: false, doc: info.documentId });
      MapPrototypeSet(portsById, id, this);
    }
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-postmessage ("postMessage(message, transfer)")
    postMessage(message, options = undefined) {
      const s = portState(this);
      requiredArguments(arguments.length, 1, 'postMessage', 'MessagePort');
      const t = splitTransfer(transferList(options, 'postMessage', 'MessagePort'));
      // The "message port post message steps": a port cannot send itself.
      if (ArrayPrototypeIncludes(t.portObjects, this)) throw new DOMException("Failed to execute 'postMessage' on 'MessagePort': Port at index 0 contains the source port.", 'DataCloneError');
      postThroughPort(s.closed || s.detached ? null : s.id, message, t);
    }
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-start ("start()")
    start() {
      const s = portState(this);
      if (s.started || s.detached) return;
      s.started = true;
      ops.messagePortStart(s.id);
    }
    // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-messageport-close ("close()"):
    // the port is detached (it can no longer be transferred) and disentangled.
    close() {
      const s = portState(this);
      if (s.closed) return;
      s.closed = true;
      const wasDetached = s.detached;
      s.detached = true;
      if (!wasDetached) ops.messagePortClose(s.id);
    }
  }
  const MessagePortPrototypeStart = MessagePort.prototype.start;
  defineEventHandlers(MessagePort.prototype, ['onmessageerror']);
  // Setting onmessage starts the port ("the first time a MessagePort's
  // onmessage IDL attribute is set"); addEventListener does not.
  const onmessage = ObjectGetOwnPropertyDescriptor({
    __proto__: null,
    get onmessage() { return getHandler(this, 'message'); },
    set onmessage(v) { setHandler(this, 'message', v); ReflectApply(MessagePortPrototypeStart, this, []); },
  }, 'onmessage');
  ObjectDefineProperty(MessagePort.prototype, 'onmessage', {
    __proto__: null, get: onmessage.get, set: onmessage.set, enumerable: true, configurable: true,
  });
  return MessagePort;
}, false);

// The live MessagePort object for a port id held in this agent.
function portFor(id) {
  const p = MapPrototypeGet(portsById, id);
  if (p !== undefined && !portState(p).detached) return p;
  const MessagePort = materialize('MessagePort');
  return new MessagePort(INTERNAL, id);
}
hooks.portsFor = (ids) => {
  const ports = [];
  for (let i = 0; i < ids.length; i++) ArrayAppend(ports, portFor(ids[i]));
  return ports;
};

// A message arrived at port `id` (a task of its own).
hooks.deliverPortMessage = (id, data, ports, error) => {
  const port = MapPrototypeGet(portsById, id);
  if (port === undefined || portState(port).closed) return;
  // https://html.spec.whatwg.org/multipage/webappapis.html#event-loop-processing-model:
  // a task whose document is not fully active does not run. The frame has
  // navigated since its realm made this port (messages for it come to the
  // frame's new realm): it never becomes active again here (no bfcache).
  if (portState(port).doc !== info.documentId) return;
  // Port messages have no origin and no source.
  const e = trustedMessageEvent(error, data, '', null, ports);
  dispatch(port, e, FROM_TASK);
};

return [portFor, transferList, transferSequence, serializeOptions, splitTransfer, detachPorts, postThroughPort];
