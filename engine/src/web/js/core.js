// isohost core bindings, shared by windows and workers.
//
// This text is the body of `function (ops, EventTarget, shared, info)`, run
// once per realm (context). `ops` holds the Rust operations for this realm;
// `EventTarget` is a host constructor (its instances are platform objects,
// which structured clone refuses); `shared` is one object per origin per
// isolate, so that same-origin realms share wrappers and listeners; `info`
// describes the realm. It fills `hooks`, which Rust calls back into.
//
// Page script can reach none of these bindings' private state: it lives in
// closures and WeakMaps, never on reachable objects.

const global = globalThis;
const hooks = { __proto__: null };
const ObjectCreate = Object.create;
const defineProperty = Object.defineProperty;
const getPrototypeOf = Object.getPrototypeOf;
const setPrototypeOf = Object.setPrototypeOf;
const WeakMapCtor = WeakMap;
const MapCtor = Map;
const ArrayIsArray = Array.isArray;
const StringCtor = String;
const NumberCtor = Number;
const ErrorCtor = Error;
const TypeErrorCtor = TypeError;
const ReflectApply = Reflect.apply;
const ReflectConstruct = Reflect.construct;
const PromiseCtor = Promise;
const PromiseResolve = Promise.resolve.bind(Promise);
const PromisePrototypeThen = Promise.prototype.then;
const JSONStringify = JSON.stringify;
const indirectEval = eval;

if (!shared.initialized) {
  shared.initialized = true;
  shared.ids = new WeakMapCtor();         // wrapper -> node id
  shared.wrappers = new MapCtor();        // node id -> wrapper
  shared.listeners = new WeakMapCtor();   // EventTarget -> Map(type -> records)
  shared.handlers = new WeakMapCtor();    // EventTarget -> Map(type -> handler record)
  shared.realms = new MapCtor();          // document id -> realm's wrapper factory
  shared.ports = new MapCtor();           // port id -> MessagePort wrapper
  shared.portIds = new WeakMapCtor();     // MessagePort -> port id
}

function define(target, props, enumerable = true) {
  for (const key of Reflect.ownKeys(props)) {
    const desc = Object.getOwnPropertyDescriptor(props, key);
    desc.enumerable = enumerable;
    if ('value' in desc) desc.writable = true;
    desc.configurable = true;
    defineProperty(target, key, desc);
  }
}

function exposeInterface(name, ctor) {
  defineProperty(global, name, { value: ctor, writable: true, configurable: true, enumerable: false });
  defineProperty(ctor.prototype, Symbol.toStringTag, { value: name, configurable: true });
  interfaces.set(name, ctor);
}

// Interfaces made on first use (HTMLDivElement, MouseEvent…): a realm is
// made for every frame, and most pages touch few of these. The global gets
// a V8 lazy data property for each (see finish.js), which script sees as an
// ordinary data property; the bindings reach them through `materialize`,
// never through the global, which a page may have overwritten.
const interfaces = new MapCtor();
const lazyFactories = new MapCtor();
function lazyInterface(name, factory) {
  lazyFactories.set(name, factory);
}
// An interface as the bindings made it, eager or lazy (made now if need be).
function materialize(name) {
  let C = interfaces.get(name);
  if (C !== undefined) return C;
  const factory = lazyFactories.get(name);
  if (factory === undefined) return undefined;
  C = factory();
  interfaces.set(name, C);
  defineProperty(C.prototype, Symbol.toStringTag, { value: name, configurable: true });
  return C;
}
hooks.lazyInterface = (name) => materialize(StringCtor(name));

// Constants (DOMException.INDEX_SIZE_ERR…) on an interface and its prototype.
function defineConstants(ctor, table) {
  for (const k of Object.keys(table)) {
    const d = { value: table[k], enumerable: true };
    defineProperty(ctor, k, d);
    defineProperty(ctor.prototype, k, d);
  }
}
function exposeValue(name, value) {
  defineProperty(global, name, { value, writable: true, configurable: true, enumerable: true });
}

function illegalConstructor() {
  return new TypeErrorCtor('Illegal constructor');
}

// The internal state `map` keeps for each object of an interface, for the
// interface's methods and accessors: a TypeError for any other `this`.
function stateAccessor(map) {
  return (self) => {
    const s = map.get(self);
    if (s === undefined) throw new TypeErrorCtor('Illegal invocation');
    return s;
  };
}

// A secret that internal code passes to constructors pages must not call.
const INTERNAL = Symbol('internal');

// --- DOMException (WebIDL) -------------------------------------------------

const DOM_EXCEPTION_CONSTANTS = {
  INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3,
  WRONG_DOCUMENT_ERR: 4, INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6,
  NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8, NOT_SUPPORTED_ERR: 9,
  INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15,
  VALIDATION_ERR: 16, TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19,
  ABORT_ERR: 20, URL_MISMATCH_ERR: 21, QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23,
  INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
};

const domExceptionData = new WeakMapCtor();
class DOMException extends ErrorCtor {
  constructor(message = '', name = 'Error') {
    // A host object (see platformObject below), so that structured clone
    // hands it to the host, which serializes its name and message (it is
    // [Serializable]); its prototype chain still runs through Error.
    const self = ReflectConstruct(EventTarget, [], new.target);
    const data = { message: StringCtor(message), name: StringCtor(name) };
    domExceptionData.set(self, data);
    ErrorCtor.captureStackTrace(self, new.target);
    ops.domExceptionMarkSerializable(self, data.name, data.message);
    return self;
  }
  get name() { return data(this).name; }
  get message() { return data(this).message; }
  // The legacy code, from the host's table of names (web/exception.rs).
  get code() { return ops.domExceptionCode(data(this).name); }
}
function data(e) {
  let d = domExceptionData.get(e);
  if (!d) {
    // A DOMException that arrived by structured clone carries its fields
    // for the host (no script may run while a message is deserialized).
    const fields = typeof e === 'object' && e !== null ? ops.domExceptionFields(e) : null;
    if (fields === null) throw new TypeErrorCtor('Illegal invocation');
    d = { name: fields[0], message: fields[1] };
    domExceptionData.set(e, d);
  }
  return d;
}
defineConstants(DOMException, DOM_EXCEPTION_CONSTANTS);
exposeInterface('DOMException', DOMException);
hooks.DOMException = DOMException;

// --- Platform objects --------------------------------------------------------

// Instances of WebIDL interfaces are host objects: made by the host
// `EventTarget` constructor (a V8 API function whose instances carry an
// internal field), so that V8's serializer hands them to the host, which
// refuses them with a DataCloneError (HTML §2.7.3 StructuredSerializeInternal,
// step 26: platform objects that are not serializable). EventTargets get this
// from `super()`; other interfaces' base constructors return
// `platformObject(new.target)`, which keeps their own prototype chain.
function platformObject(newTarget) {
  return ReflectConstruct(EventTarget, [], newTarget);
}

// --- Events (DOM §2) ------------------------------------------------------

// Event state lives in `shared`, so that an event made in one realm can be
// dispatched through a same-origin frame's nodes (one origin, one heap).
if (!shared.events) shared.events = new WeakMapCtor();
const eventState = shared.events;
const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;

const ev = stateAccessor(eventState);

// WebIDL dictionary conversion: undefined and null are the empty dictionary;
// other non-objects cannot be one.
function dictionary(value, what) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeErrorCtor(`Failed to construct '${what}': The provided value is not of type '${what}Init'.`);
  }
  return value;
}

class Event {
  constructor(type, init = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'Event': 1 argument required, but only 0 present.");
    const self = platformObject(new.target);
    type = StringCtor(type);
    const dict = dictionary(init, 'Event');
    // Dictionary members are read in lexicographic order (WebIDL §3.2.17).
    const bubbles = !!dict.bubbles;
    const cancelable = !!dict.cancelable;
    const composed = !!dict.composed;
    eventState.set(self, {
      type, bubbles, cancelable, composed,
      target: null,
      currentTarget: null,
      eventPhase: NONE,
      path: null,
      stopPropagation: false,
      stopImmediate: false,
      canceled: false,
      inPassive: false,
      dispatching: false,
      initialized: true,
      isTrusted: false,
      timeStamp: ops.performanceNow(),
    });
    // [LegacyUnforgeable]: an own, non-configurable accessor on each event.
    defineProperty(self, 'isTrusted', { get: isTrustedGetter, enumerable: true, configurable: false });
    return self;
  }
  get type() { return ev(this).type; }
  get target() { return ev(this).target; }
  get srcElement() { return ev(this).target; }
  get currentTarget() { return ev(this).currentTarget; }
  get eventPhase() { return ev(this).eventPhase; }
  get bubbles() { return ev(this).bubbles; }
  get cancelable() { return ev(this).cancelable; }
  get composed() { return ev(this).composed; }
  get defaultPrevented() { return ev(this).canceled; }
  get returnValue() { return !ev(this).canceled; }
  set returnValue(v) { if (!v) cancel(ev(this)); }
  get cancelBubble() { return ev(this).stopPropagation; }
  set cancelBubble(v) { if (v) ev(this).stopPropagation = true; }
  get timeStamp() { return ev(this).timeStamp; }
  composedPath() { const s = ev(this); return s.path ? s.path.slice() : []; }
  stopPropagation() { ev(this).stopPropagation = true; }
  stopImmediatePropagation() { const s = ev(this); s.stopPropagation = true; s.stopImmediate = true; }
  preventDefault() { cancel(ev(this)); }
  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'initEvent' on 'Event': 1 argument required, but only 0 present.");
    const s = ev(this);
    // DOM §2.2 "initialize": nothing while dispatching.
    if (s.dispatching) return;
    s.initialized = true;
    s.type = StringCtor(type); s.bubbles = !!bubbles; s.cancelable = !!cancelable;
    s.stopPropagation = s.stopImmediate = s.canceled = false;
    s.isTrusted = false;
    s.target = null;
  }
}
// DOM §2.2 "set the canceled flag": not for uncancelable events, nor from a
// passive listener.
function cancel(s) {
  if (s.cancelable && !s.inPassive) s.canceled = true;
}
function isTrustedGetter() { return ev(this).isTrusted; }
defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
exposeInterface('Event', Event);

// An Event subclass whose extra fields come from its init dictionary (an
// undefined member takes the default); `convert` adjusts them.
function eventClass(name, Base, fields, convert = null) {
  const C = class extends Base {
    constructor(type, init = undefined) {
      if (arguments.length < 1) throw new TypeErrorCtor(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
      super(type, init);
      const dict = dictionary(init, name);
      const s = ev(this);
      for (const [field, dflt] of Object.entries(fields)) {
        const v = dict[field];
        s[field] = v === undefined ? dflt : v;
      }
      if (convert !== null) convert(s);
    }
  };
  for (const field of Object.keys(fields)) {
    defineProperty(C.prototype, field, { get() { return ev(this)[field]; }, configurable: true, enumerable: true });
  }
  defineProperty(C, 'name', { value: name });
  return C;
}
const CustomEvent = eventClass('CustomEvent', Event, { detail: null });
exposeInterface('CustomEvent', CustomEvent);
define(CustomEvent.prototype, {
  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    const s = ev(this);
    if (s.dispatching) return;
    this.initEvent(type, bubbles, cancelable);
    s.detail = detail;
  },
}, false);
const ErrorEvent = eventClass('ErrorEvent', Event, { message: '', filename: '', lineno: 0, colno: 0, error: undefined });
exposeInterface('ErrorEvent', ErrorEvent);
const MessageEvent = eventClass('MessageEvent', Event, { data: null, origin: '', lastEventId: '', source: null, ports: null }, (s) => {
  // FrozenArray<MessagePort>: each event has its own frozen copy.
  s.origin = StringCtor(s.origin);
  s.lastEventId = StringCtor(s.lastEventId);
  s.ports = Object.freeze(s.ports === null ? [] : [...s.ports]);
});
exposeInterface('MessageEvent', MessageEvent);
const PromiseRejectionEvent = eventClass('PromiseRejectionEvent', Event, { promise: undefined, reason: undefined });
exposeInterface('PromiseRejectionEvent', PromiseRejectionEvent);
lazyInterface('StorageEvent', () => eventClass('StorageEvent', Event, { key: null, oldValue: null, newValue: null, url: '', storageArea: null }));
lazyInterface('HashChangeEvent', () => eventClass('HashChangeEvent', Event, { oldURL: '', newURL: '' }));
lazyInterface('PageTransitionEvent', () => eventClass('PageTransitionEvent', Event, { persisted: false }));
lazyInterface('UIEvent', () => eventClass('UIEvent', Event, { view: null, detail: 0 }));
lazyInterface('FocusEvent', () => eventClass('FocusEvent', materialize('UIEvent'), { relatedTarget: null }));
lazyInterface('MouseEvent', () => eventClass('MouseEvent', materialize('UIEvent'), { screenX: 0, screenY: 0, clientX: 0, clientY: 0, button: 0, buttons: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, relatedTarget: null }));
lazyInterface('KeyboardEvent', () => eventClass('KeyboardEvent', materialize('UIEvent'), { key: '', code: '', location: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, repeat: false }));
lazyInterface('ProgressEvent', () => eventClass('ProgressEvent', Event, { lengthComputable: false, loaded: 0, total: 0 }));

// Makes a trusted event (fired by the user agent, not by script).
function trustedEvent(Ctor, type, init) {
  const e = new Ctor(type, init);
  ev(e).isTrusted = true;
  return e;
}
hooks.trustedEvent = trustedEvent;

// --- EventTarget (DOM §2.7) -------------------------------------------------

// target -> Map(type -> [listener record]); in `shared`, so that same-origin
// realms see one set of listeners per object.
function listenersOf(target, create) {
  let map = shared.listeners.get(target);
  if (!map && create) { map = new MapCtor(); shared.listeners.set(target, map); }
  return map;
}

// DOM §2.7 "flatten more": capture, once, passive, signal (in that order).
function flattenOptions(options, withMore) {
  if (options === undefined || options === null) return { capture: false, once: false, passive: null, signal: null };
  if (typeof options !== 'object' && typeof options !== 'function') {
    return { capture: !!options, once: false, passive: null, signal: null };
  }
  const capture = !!options.capture;
  if (!withMore) return { capture };
  const once = !!options.once;
  const passive = options.passive === undefined ? null : !!options.passive;
  let signal = options.signal;
  if (signal === undefined) signal = null;
  else if (!isAbortSignal(signal)) {
    throw new TypeErrorCtor("Failed to execute 'addEventListener' on 'EventTarget': Failed to read the 'signal' property from 'AddEventListenerOptions': Failed to convert value to 'AbortSignal'.");
  }
  return { capture, once, passive, signal };
}

// DOM §2.7 "default passive value": touch and wheel listeners on the window,
// the document and its root and body are passive unless they say otherwise.
const PASSIVE_BY_DEFAULT = new Set(['touchstart', 'touchmove', 'wheel', 'mousewheel']);
function defaultPassive(type, target) {
  if (!PASSIVE_BY_DEFAULT.has(type)) return false;
  return target === global || (isDocumentRootOrBody !== null && isDocumentRootOrBody(target));
}
// Set by the DOM bindings, which know nodes.
let isDocumentRootOrBody = null;

// DOM §2.7 "add an event listener".
function addListener(target, type, callback, opts) {
  if (opts.signal !== null && abortSignalState(opts.signal).aborted) return;
  if (callback === null) return;
  const map = listenersOf(target, true);
  let list = map.get(type);
  if (!list) { list = []; map.set(type, list); }
  for (const l of list) if (l.callback === callback && l.capture === opts.capture) return;
  const passive = opts.passive === null ? defaultPassive(type, target) : opts.passive;
  const record = { callback, capture: opts.capture, once: opts.once, passive, removed: false };
  list.push(record);
  if (opts.signal !== null) {
    // Removes this registration only, even if the callback is added again.
    abortSignalState(opts.signal).algorithms.push(() => removeRecord(target, type, record));
  }
}

// DOM §2.7 "remove an event listener", by (callback, capture).
function removeListener(target, type, callback, capture) {
  const map = listenersOf(target, false);
  const list = map && map.get(type);
  if (!list) return;
  for (const l of list) {
    if (l.callback === callback && l.capture === capture) { removeRecord(target, type, l); return; }
  }
}

function removeRecord(target, type, record) {
  if (record.removed) return;
  // A dispatch in progress holds its own copy of the list; the flag tells it.
  record.removed = true;
  const list = listenersOf(target, false).get(type);
  const i = list.indexOf(record);
  if (i >= 0) list.splice(i, 1);
}

function thisTarget(self) {
  // Unqualified calls (addEventListener(...) at the top level) mean the window.
  const target = self === undefined || self === null ? global : self;
  if (typeof target !== 'object' && typeof target !== 'function') throw new TypeErrorCtor('Illegal invocation');
  return target;
}

const EventTargetProto = EventTarget.prototype;
define(EventTargetProto, {
  addEventListener(type, callback, options = undefined) {
    const target = thisTarget(this);
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'addEventListener' on 'EventTarget': 2 arguments required, but only ${arguments.length} present.`);
    if (callback !== null && typeof callback !== 'function' && typeof callback !== 'object') throw new TypeErrorCtor("Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.");
    addListener(target, StringCtor(type), callback, flattenOptions(options, true));
  },
  removeEventListener(type, callback, options = undefined) {
    const target = thisTarget(this);
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'removeEventListener' on 'EventTarget': 2 arguments required, but only ${arguments.length} present.`);
    removeListener(target, StringCtor(type), callback, flattenOptions(options, false).capture);
  },
  dispatchEvent(event) {
    const target = thisTarget(this);
    const s = eventState.get(event);
    if (!s) throw new TypeErrorCtor("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    if (s.dispatching || !s.initialized) throw new DOMException("Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.", 'InvalidStateError');
    s.isTrusted = false;
    return dispatch(target, event, IN_SCRIPT);
  },
});
exposeInterface('EventTarget', EventTarget);

// The parent of an event target in the event path ("get the parent").
// Nodes and windows fill this in; other targets have none.
const getParentHooks = [];
function getTheParent(target, event) {
  for (const h of getParentHooks) {
    const r = h(target, event);
    if (r !== undefined) return r;
  }
  return null;
}

// HTML "perform a microtask checkpoint", as "clean up after running script"
// does after each listener of an event the user agent dispatches from a task
// (the author's stack is empty between two listeners). Script-dispatched
// events get none: their caller is still on the stack. Absent in hosts that
// do not offer the op.
const microtaskCheckpoint = typeof ops.eventTargetMicrotaskCheckpoint === 'function' ? () => ops.eventTargetMicrotaskCheckpoint() : null;

// How an event is dispatched; every dispatch says which (there is no
// default, so that a new host entry cannot leave it out by accident):
// IN_SCRIPT while script is on the stack (dispatchEvent(), click(), an
// error being reported…), with no checkpoints; FROM_TASK by a host entry
// that runs as a task of its own (a message, a storage event, a worker's
// error…), with a microtask checkpoint after each listener; and for the
// window's load event, from a task with the document as target (HTML's
// "legacy target override").
const IN_SCRIPT = { checkpoints: false, targetOverride: null };
const FROM_TASK = { checkpoints: true, targetOverride: null };
function fromTaskWithTarget(targetOverride) { return { checkpoints: true, targetOverride }; }

// DOM §2.9 "dispatch" (no shadow trees, no activation behaviour). `how`:
// one of the above.
function dispatch(target, event, how) {
  const afterListener = how.checkpoints ? microtaskCheckpoint : null;
  const s = ev(event);
  s.dispatching = true;
  s.target = how.targetOverride ? how.targetOverride : target;
  const path = [target];
  for (let t = getTheParent(target, event); t; t = getTheParent(t, event)) path.push(t);
  s.path = path;
  try {
    for (let i = path.length - 1; i >= 0; i--) {
      s.eventPhase = i === 0 ? AT_TARGET : CAPTURING_PHASE;
      invoke(path[i], s, event, true, afterListener);
    }
    for (let i = 0; i < path.length; i++) {
      if (i !== 0 && !s.bubbles) break;
      s.eventPhase = i === 0 ? AT_TARGET : BUBBLING_PHASE;
      invoke(path[i], s, event, false, afterListener);
    }
  } finally {
    s.eventPhase = NONE;
    s.currentTarget = null;
    s.path = null;
    s.dispatching = false;
    s.stopPropagation = false;
    s.stopImmediate = false;
  }
  return !s.canceled;
}

// DOM §2.9 "invoke" and "inner invoke": the listeners of one path item for
// one phase (at the target, capture listeners in the capturing pass and the
// others in the bubbling pass).
function invoke(item, s, event, capturing, afterListener) {
  if (s.stopPropagation) return;
  s.currentTarget = item;
  // A content attribute handler (onclick="…") is compiled before the
  // listeners are listed; its listener is a non-capture one.
  if (!capturing && compileAttributeHandler !== null) compileAttributeHandler(item, s.type);
  const map = listenersOf(item, false);
  const list = map && map.get(s.type);
  if (!list || list.length === 0) return;
  // Listeners added from now on wait for the next dispatch.
  for (const l of list.slice()) {
    if (l.removed || l.capture !== capturing) continue;
    if (l.once) removeRecord(item, s.type, l);
    if (l.passive) s.inPassive = true;
    try {
      const cb = l.callback;
      if (typeof cb === 'function') {
        ReflectApply(cb, item, [event]);
      } else {
        // A callback interface: handleEvent is looked up at each call.
        const handleEvent = cb.handleEvent;
        if (typeof handleEvent !== 'function') throw new TypeErrorCtor("Failed to execute 'handleEvent': The provided callback is not callable.");
        ReflectApply(handleEvent, cb, [event]);
      }
    } catch (e) {
      reportException(e);
    }
    s.inPassive = false;
    if (afterListener !== null) afterListener();
    if (s.stopImmediate) return;
  }
}
hooks.dispatch = dispatch;

// --- Event handlers (HTML §8.1.8) ---------------------------------------------

// Content attribute handlers (onclick="…") are compiled by the DOM bindings,
// which know elements; other targets only have IDL handlers.
let compileAttributeHandler = null;

// target -> Map(type -> { value, source, listener }), in `shared`. `value`
// is the handler (a callable or object), null, or UNCOMPILED: the text of a
// content attribute (`source`) not compiled yet.
const UNCOMPILED = Symbol('uncompiled handler');
function handlersOf(target, create) {
  let map = shared.handlers.get(target);
  if (!map && create) { map = new MapCtor(); shared.handlers.set(target, map); }
  return map;
}

// HTML "getting the current value of the event handler".
function getHandler(target, type) {
  if (compileAttributeHandler !== null) compileAttributeHandler(target, type);
  const map = handlersOf(target, false);
  const rec = map && map.get(type);
  return rec && rec.value !== UNCOMPILED ? rec.value : null;
}

// Sets an event handler to `value` (a callable or object; anything else is
// null), or to UNCOMPILED or a compiled function from a content attribute
// whose text is `source`. HTML "activate" adds the handler's one listener
// when it gets a value; "deactivate" removes it when it is cleared, so that
// a handler set again goes after the listeners added meanwhile. `first`: a
// handler from markup, whose attribute was there before any script could
// add a listener to its element.
function setHandler(target, type, value, source = null, first = false) {
  const handler = value === UNCOMPILED || typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
  let map = handlersOf(target, false);
  let rec = map && map.get(type);
  if (!rec) {
    if (handler === null && source === null) return;
    map = handlersOf(target, true);
    rec = { value: null, source: null, listener: null };
    map.set(type, rec);
  }
  rec.value = handler;
  rec.source = source;
  if (handler === null && source === null) {
    if (rec.listener) { removeListener(target, type, rec.listener, false); rec.listener = null; }
    return;
  }
  if (!rec.listener) {
    rec.listener = function (event) { return runHandler(target, type, event, this); };
    addListener(target, type, rec.listener, { capture: false, once: false, passive: null, signal: null });
    if (first) {
      const list = listenersOf(target, false).get(type);
      list.unshift(list.pop());
    }
  }
}

// HTML "the event handler processing algorithm".
function runHandler(target, type, event, thisArg) {
  const map = handlersOf(target, false);
  const rec = map && map.get(type);
  const fn = rec && rec.value;
  // [LegacyTreatNonObjectAsNull]: a non-callable object is silently skipped.
  if (typeof fn !== 'function') return;
  const s = ev(event);
  if (type === 'error' && isGlobalTarget(target) && event instanceof ErrorEvent) {
    const r = ReflectApply(fn, thisArg, [s.message, s.filename, s.lineno, s.colno, s.error]);
    if (r === true) cancel(s);
    return;
  }
  const r = ReflectApply(fn, thisArg, [event]);
  if (type === 'beforeunload') {
    if (r !== undefined && r !== null) cancel(s);
  } else if (r === false) {
    cancel(s);
  }
}

function isGlobalTarget(target) {
  return target === global;
}

function defineEventHandlers(proto, names) {
  // One defineProperty each: measured faster than one defineProperties call.
  for (const name of names) {
    const type = name.slice(2);
    defineProperty(proto, name, {
      get() { return getHandler(this === undefined || this === null ? global : this, type); },
      set(v) { setHandler(this === undefined || this === null ? global : this, type, v); },
      enumerable: true,
      configurable: true,
    });
  }
}

// --- Reporting exceptions (HTML §8.1.4.7) -----------------------------------

// HTML "report the exception": an ErrorEvent at the global; if nobody
// cancels it, the host records it (errors[] and the console). While one is
// being reported (the global is "in error reporting mode"), a nested one is
// only recorded: an error listener that throws does not recurse.
let inErrorReportingMode = false;
function reportException(error, place) {
  const [message, url, line, column] = browserPlace(error, place || ops.runtimeScriptErrorsPlace(error));
  if (inErrorReportingMode) { ops.runtimeScriptErrorsRecord(message, url, line, column); return; }
  inErrorReportingMode = true;
  let notCanceled = true;
  try {
    const e = trustedEvent(ErrorEvent, 'error', { message, filename: url, lineno: line, colno: column, error, cancelable: true });
    notCanceled = dispatch(global, e, IN_SCRIPT);
  } finally {
    inErrorReportingMode = false;
  }
  if (notCanceled) ops.runtimeScriptErrorsRecord(message, url, line, column);
}
hooks.reportException = (error, message, url, line, column) => reportException(error, [message, url, line, column]);

// V8 words and places an exception as it saw it, unlike a browser in two
// ways: one thrown by the bindings is placed inside them (isohost:…), where
// a browser names the author's line that called the API (native code has no
// frames); and an uncaught DOMException has no text (its name and message
// are accessors, which V8's side-effect-free formatting does not call). Both
// are mended here, from the exception itself.
const BINDINGS_URL = /^isohost:/;
const STACK_FRAME = /^\s+at .*?\(?([a-z][\w+.-]*:[^\s()]*?):(\d+):(\d+)\)?$/i;
function browserPlace(error, [message, url, line, column]) {
  const d = domExceptionData.get(error);
  if (d !== undefined) message = `Uncaught ${d.name}: ${d.message}`;
  if (BINDINGS_URL.test(url)) {
    const author = authorFrame(error);
    if (author !== null) [url, line, column] = author;
  }
  return [message, url, line, column];
}
// The first frame of an exception's stack outside the bindings.
function authorFrame(error) {
  let stack;
  try {
    stack = error !== null && typeof error === 'object' ? error.stack : undefined;
  } catch (e) {
    return null;
  }
  if (typeof stack !== 'string') return null;
  for (const text of stack.split('\n')) {
    const m = STACK_FRAME.exec(text);
    if (m !== null && !BINDINGS_URL.test(m[1])) return [m[1], NumberCtor(m[2]), NumberCtor(m[3])];
  }
  return null;
}
defineProperty(global, 'reportError', {
  value: function reportError(e) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'reportError': 1 argument required, but only 0 present.");
    reportException(e);
  },
  writable: true, configurable: true, enumerable: true,
});

// HTML "notify about rejected promises": an unhandledrejection event; if
// nobody cancels it, a window records the rejection here, worded and placed
// as reportException does, and returns false: nothing is left for the host.
// (A worker's goes to the host, which keeps it from the Worker object's
// error event, unlike an uncaught exception.)
hooks.unhandledRejection = (promise, reason) => {
  const e = trustedEvent(PromiseRejectionEvent, 'unhandledrejection', { promise, reason, cancelable: true });
  const notCanceled = dispatch(global, e, FROM_TASK);
  if (!notCanceled) return null;
  // What the host records (in a worker too, where it is not an error event
  // at the Worker object): the browser's wording and the author's place.
  const [message, url, line, column] = browserPlace(reason, ops.runtimeScriptErrorsPlace(reason));
  return [`Uncaught (in promise) ${message.replace(/^Uncaught /, '')}`, url, line, column];
};

// import(): a promise for the module namespace, made in this realm; the
// module graph is fetched, linked and run by the host, then its evaluation
// (a promise, with top-level await) is awaited.
hooks.dynamicImport = (specifier, referrer) => new PromiseCtor((resolve, reject) => {
  try {
    const [namespace, evaluation] = ops.dynamicImportLoad(StringCtor(specifier), referrer);
    ReflectApply(PromisePrototypeThen, PromiseResolve(evaluation), [() => resolve(namespace), reject]);
  } catch (e) {
    reject(e);
  }
});

// --- console --------------------------------------------------------------

function inspect(value, depth = 0, seen = new Set()) {
  switch (typeof value) {
    case 'string': return depth === 0 ? value : JSONStringify(value);
    case 'number': return Object.is(value, -0) ? '-0' : StringCtor(value);
    case 'bigint': return `${value}n`;
    case 'undefined': return 'undefined';
    case 'boolean': return StringCtor(value);
    case 'symbol': return value.toString();
    case 'function': return `[Function: ${value.name || '(anonymous)'}]`;
  }
  if (value === null) return 'null';
  try {
    if (seen.has(value)) return '[Circular]';
    if (value instanceof ErrorCtor || (typeof value.stack === 'string' && typeof value.message === 'string')) {
      return depth === 0 && value.stack ? StringCtor(value.stack) : `${value.name}: ${value.message}`;
    }
    if (shared.ids.has(value)) return describeNode(value);
    if (value === global) return 'Window';
    if (depth > 2) return ArrayIsArray(value) ? '[Array]' : '[Object]';
    seen.add(value);
    if (ArrayIsArray(value)) return `[${value.map((v) => inspect(v, depth + 1, seen)).join(', ')}]`;
    if (value instanceof MapCtor) return `Map(${value.size}) {${[...value].map(([k, v]) => `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`).join(', ')}}`;
    if (value instanceof Set) return `Set(${value.size}) {${[...value].map((v) => inspect(v, depth + 1, seen)).join(', ')}}`;
    if (value instanceof Date) return value.toISOString();
    if (value instanceof RegExp) return StringCtor(value);
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length}) [${Array.prototype.slice.call(value, 0, 20).join(', ')}]`;
    if (value instanceof ArrayBuffer) return `ArrayBuffer { byteLength: ${value.byteLength} }`;
    const keys = Object.keys(value);
    const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : '';
    if (keys.length === 0) return `${name}{}`;
    return `${name}{ ${keys.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSONStringify(k)}: ${inspect(value[k], depth + 1, seen)}`).join(', ')} }`;
  } catch (e) {
    return '[object]';
  } finally {
    seen.delete(value);
  }
}
let describeNode = (node) => '[object Node]';

function format(args) {
  if (args.length === 0) return '';
  let first = args[0];
  let rest = 1;
  let out = '';
  if (typeof first === 'string' && first.includes('%')) {
    out = first.replace(/%[sdifoOcj%]/g, (m) => {
      if (m === '%%') return '%';
      if (rest >= args.length) return m;
      const v = args[rest++];
      switch (m) {
        case '%s': return typeof v === 'string' ? v : inspect(v, 1);
        case '%d': case '%i': return typeof v === 'object' ? 'NaN' : StringCtor(Math.trunc(NumberCtor(v)));
        case '%f': return StringCtor(NumberCtor(v));
        case '%c': return '';
        default: return inspect(v, 1);
      }
    });
  } else {
    out = inspect(first);
  }
  for (; rest < args.length; rest++) out += ' ' + inspect(args[rest]);
  return out;
}

const counts = new MapCtor();
const timers = new MapCtor();
let groupIndent = '';
function emit(level, args) { ops.consolePrint(level, groupIndent + format(args)); }
const consoleObject = {
  log(...args) { emit('log', args); },
  info(...args) { emit('info', args); },
  warn(...args) { emit('warn', args); },
  error(...args) { emit('error', args); },
  debug(...args) { emit('debug', args); },
  trace(...args) { emit('debug', ['Trace:', ...args]); },
  dir(v) { emit('log', [v]); },
  dirxml(...args) { emit('log', args); },
  table(v) { emit('log', [v]); },
  assert(cond, ...args) { if (!cond) emit('error', ['Assertion failed:', ...args]); },
  count(label = 'default') { const n = (counts.get(label) || 0) + 1; counts.set(label, n); emit('info', [`${label}: ${n}`]); },
  countReset(label = 'default') { counts.set(label, 0); },
  group(...args) { if (args.length) emit('log', args); groupIndent += '  '; },
  groupCollapsed(...args) { if (args.length) emit('log', args); groupIndent += '  '; },
  groupEnd() { groupIndent = groupIndent.slice(2); },
  time(label = 'default') { timers.set(label, ops.performanceNow()); },
  timeLog(label = 'default', ...args) { const t = timers.get(label); if (t !== undefined) emit('log', [`${label}: ${ops.performanceNow() - t}ms`, ...args]); },
  timeEnd(label = 'default') { const t = timers.get(label); if (t !== undefined) { emit('log', [`${label}: ${ops.performanceNow() - t}ms`]); timers.delete(label); } },
  clear() {},
};
defineProperty(consoleObject, Symbol.toStringTag, { value: 'console', configurable: true });
defineProperty(global, 'console', { value: consoleObject, writable: true, configurable: true, enumerable: false });

// --- timers and microtasks (HTML §8.6, §8.7) -------------------------------

const timerCallbacks = new MapCtor();
let nextTimerId = 1;
function timerInit(handler, timeout, args, repeat) {
  const id = nextTimerId++;
  let fn = handler;
  if (typeof handler !== 'function') {
    const source = StringCtor(handler);
    fn = () => indirectEval(source);
  }
  timerCallbacks.set(id, { fn, args, repeat });
  // WebIDL `long` (ToInt32: NaN is 0, 2^31 wraps), then HTML: negative is 0.
  let ms = NumberCtor(timeout) | 0;
  if (ms < 0) ms = 0;
  ops.timersSet(id, ms, repeat);
  return id;
}
// clearTimeout and clearInterval (one list of timers), for the bindings too:
// a page may overwrite the globals.
function timerClear(id) {
  id = NumberCtor(id) | 0;
  if (timerCallbacks.delete(id)) ops.timersClear(id);
}
define(global, {
  setTimeout(handler, timeout = 0, ...args) { return timerInit(handler, timeout, args, false); },
  setInterval(handler, timeout = 0, ...args) { return timerInit(handler, timeout, args, true); },
  clearTimeout(id = 0) { timerClear(id); },
  clearInterval(id = 0) { timerClear(id); },
  queueMicrotask(callback) {
    if (typeof callback !== 'function') throw new TypeErrorCtor("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
    ReflectApply(PromisePrototypeThen, PromiseResolve(), [() => {
      try { callback(); } catch (e) { reportException(e); }
    }]);
  },
});
hooks.fireTimer = (id) => {
  const t = timerCallbacks.get(id);
  if (!t) return false;
  if (!t.repeat) timerCallbacks.delete(id);
  try {
    ReflectApply(t.fn, global, t.args);
  } catch (e) {
    reportException(e);
  }
  return timerCallbacks.has(id);
};

// --- performance ----------------------------------------------------------

const performanceObject = ObjectCreate(null);
define(performanceObject, {
  now() { return ops.performanceNow(); },
  get timeOrigin() { return ops.performanceTimeOrigin(); },
  mark() {},
  measure() {},
  getEntries() { return []; },
  getEntriesByName() { return []; },
  getEntriesByType() { return []; },
  toJSON() { return { timeOrigin: ops.performanceTimeOrigin() }; },
});
setPrototypeOf(performanceObject, Object.prototype);
defineProperty(performanceObject, Symbol.toStringTag, { value: 'Performance', configurable: true });
defineProperty(global, 'performance', { value: performanceObject, writable: true, configurable: true, enumerable: true });

// --- URL and URLSearchParams (WHATWG URL, parsed by the url crate) --------

const urlState = new WeakMapCtor();
const urlData = stateAccessor(urlState);
// ops.urlParse(input, base) -> [href, origin, protocol, username, password,
// host, hostname, port, pathname, search, hash] or null.
const URL_FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function parsedURL(input, base) {
  const parts = ops.urlParse(StringCtor(input), base === undefined ? null : StringCtor(base));
  if (parts === null) return null;
  const r = {};
  URL_FIELDS.forEach((f, i) => { r[f] = parts[i]; });
  return r;
}
hooks.parsedURL = parsedURL;

class URLSearchParams {
  constructor(init = '') {
    const self = platformObject(new.target);
    const list = [];
    urlState.set(self, { list, url: null });
    if (typeof init === 'object' && init !== null) {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = [...pair];
          if (p.length !== 2) throw new TypeErrorCtor("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
          list.push([StringCtor(p[0]), StringCtor(p[1])]);
        }
      } else {
        for (const k of Object.keys(init)) list.push([k, StringCtor(init[k])]);
      }
    } else {
      parseQuery(StringCtor(init), list);
    }
    return self;
  }
  append(name, value) { urlData(this).list.push([StringCtor(name), StringCtor(value)]); update(this); }
  delete(name, value = undefined) {
    const d = urlData(this);
    d.list = d.list.filter(([k, v]) => !(k === StringCtor(name) && (value === undefined || v === StringCtor(value))));
    update(this);
  }
  get(name) { const e = urlData(this).list.find(([k]) => k === StringCtor(name)); return e ? e[1] : null; }
  getAll(name) { return urlData(this).list.filter(([k]) => k === StringCtor(name)).map(([, v]) => v); }
  has(name, value = undefined) { return urlData(this).list.some(([k, v]) => k === StringCtor(name) && (value === undefined || v === StringCtor(value))); }
  set(name, value) {
    const d = urlData(this);
    name = StringCtor(name);
    const i = d.list.findIndex(([k]) => k === name);
    if (i < 0) d.list.push([name, StringCtor(value)]);
    else { d.list[i][1] = StringCtor(value); d.list = d.list.filter(([k], j) => j <= i || k !== name); }
    update(this);
  }
  sort() { const d = urlData(this); d.list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); update(this); }
  forEach(cb, thisArg = undefined) { for (const [k, v] of urlData(this).list) ReflectApply(cb, thisArg, [v, k, this]); }
  keys() { return urlData(this).list.map(([k]) => k)[Symbol.iterator](); }
  values() { return urlData(this).list.map(([, v]) => v)[Symbol.iterator](); }
  entries() { return urlData(this).list.map(([k, v]) => [k, v])[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  get size() { return urlData(this).list.length; }
  toString() { return urlData(this).list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&'); }
}
function parseQuery(s, list) {
  if (s.startsWith('?')) s = s.slice(1);
  for (const part of s.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    list.push([formDecode(k), formDecode(v)]);
  }
}
function formDecode(s) {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; }
}
function formEncode(s) {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
function update(params) {
  const d = urlData(params);
  if (d.url) {
    const u = urlData(d.url);
    const q = params.toString();
    const next = parsedURL(u.href.replace(/[?#].*$/, '') + (q ? '?' + q : '') + u.hash);
    if (next) Object.assign(u, next);
  }
}
exposeInterface('URLSearchParams', URLSearchParams);

class URL {
  constructor(url, base = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'URL': 1 argument required, but only 0 present.");
    const parsed = parsedURL(url, base);
    if (parsed === null) throw new TypeErrorCtor(`Failed to construct 'URL': Invalid URL`);
    const self = platformObject(new.target);
    urlState.set(self, parsed);
    const params = new URLSearchParams(parsed.search);
    urlData(params).url = self;
    parsed.params = params;
    return self;
  }
  static canParse(url, base = undefined) { return parsedURL(url, base) !== null; }
  toString() { return urlData(this).href; }
  toJSON() { return urlData(this).href; }
  get searchParams() { return urlData(this).params; }
}
for (const field of URL_FIELDS) {
  const desc = {
    get() { return urlData(this)[field]; },
    enumerable: true, configurable: true,
  };
  if (field !== 'origin') {
    desc.set = function (v) {
      const d = urlData(this);
      const parts = ops.urlSetPart(d.href, field, StringCtor(v));
      if (parts === null) {
        if (field === 'href') throw new TypeErrorCtor(`Failed to set the 'href' property on 'URL': Invalid URL`);
        return;
      }
      URL_FIELDS.forEach((f, i) => { d[f] = parts[i]; });
      const list = []; parseQuery(d.search, list); urlData(d.params).list = list;
    };
  }
  defineProperty(URL.prototype, field, desc);
}
exposeInterface('URL', URL);

// --- structured clone, MessageChannel, MessagePort -------------------------

// The transfer list of postMessage(message, transfer) or (message, {transfer})
// and of structuredClone(value, {transfer}): a WebIDL sequence<object>.
function transferList(options, fnName) {
  if (options === undefined || options === null) return [];
  let list;
  if (ArrayIsArray(options)) list = options;
  else if (typeof options === 'object') list = options.transfer === undefined ? [] : options.transfer;
  else throw new TypeErrorCtor(`Failed to execute '${fnName}': The provided value is not of type 'StructuredSerializeOptions'.`);
  if (typeof list !== 'object' || list === null || typeof list[Symbol.iterator] !== 'function') {
    throw new TypeErrorCtor(`Failed to execute '${fnName}': The provided value cannot be converted to a sequence.`);
  }
  const items = [...list];
  for (const item of items) {
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null) {
      throw new TypeErrorCtor(`Failed to execute '${fnName}': Failed to convert value to 'object'.`);
    }
  }
  return items;
}

// HTML §2.7.5 StructuredSerializeWithTransfer, steps 1-2 (and the detached
// checks of step 4, done up front: nothing is detached before the clone
// succeeds). Splits the list into ArrayBuffers and MessagePorts (with their
// ids for the host).
function splitTransfer(list) {
  const buffers = [];
  const ports = [];
  const portObjects = [];
  const seen = new Set();
  list.forEach((item, index) => {
    if (seen.has(item)) throw new DOMException('Failed to execute \'postMessage\': Duplicate object in transfer list.', 'DataCloneError');
    seen.add(item);
    if (item instanceof ArrayBuffer || Object.prototype.toString.call(item) === '[object ArrayBuffer]') {
      buffers.push(item);
    } else if (shared.portIds.has(item)) {
      if (portState(item).detached) throw new DOMException('Failed to execute \'postMessage\': A MessagePort could not be cloned because it was detached.', 'DataCloneError');
      ports.push(shared.portIds.get(item));
      portObjects.push(item);
    } else {
      throw new DOMException(`Failed to execute 'postMessage': Value at index ${index} does not have a transferable type.`, 'DataCloneError');
    }
  });
  return { buffers, ports, portObjects };
}
hooks.splitTransfer = splitTransfer;

// Ports that went out in a message: this object is dead ([[Detached]]); the
// port lives on in a new MessagePort object wherever it arrives, even back
// here.
function detachPorts(portObjects) {
  for (const p of portObjects) {
    const s = portState(p);
    s.detached = true;
    if (shared.ports.get(s.id) === p) shared.ports.delete(s.id);
  }
}

defineProperty(global, 'structuredClone', {
  value: function structuredClone(value, options = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
    const t = splitTransfer(transferList(options, 'structuredClone'));
    const out = ops.structuredCloneRoundTrip(value, t.buffers, t.ports, t.portObjects);
    detachPorts(t.portObjects);
    return out;
  },
  writable: true, configurable: true, enumerable: true,
});

// MessagePort state, in `shared`: a port's object may be reached from any
// same-origin realm of the tab.
if (!shared.portStates) shared.portStates = new WeakMapCtor();
const portStates = shared.portStates;
const portState = stateAccessor(portStates);
// HTML §9.4.4 MessagePort.
class MessagePort extends EventTarget {
  constructor(key, id) {
    if (key !== INTERNAL) throw illegalConstructor();
    super();
    portStates.set(this, { id, detached: false, started: false, closed: false });
    shared.portIds.set(this, id);
    shared.ports.set(id, this);
  }
  postMessage(message, options = undefined) {
    const s = portState(this);
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'postMessage' on 'MessagePort': 1 argument required, but only 0 present.");
    const t = splitTransfer(transferList(options, 'postMessage'));
    // HTML "message port post message steps", step 2.
    if (t.portObjects.includes(this)) throw new DOMException("Failed to execute 'postMessage' on 'MessagePort': Port at index 0 contains the source port.", 'DataCloneError');
    if (s.closed || s.detached) {
      // Not entangled: the message is still serialized (errors surface), then dropped.
      ops.structuredCloneRoundTrip(message, [], [], []);
      return;
    }
    ops.messagePortPostMessage(s.id, message, t.buffers, t.ports, t.portObjects);
    detachPorts(t.portObjects);
  }
  start() {
    const s = portState(this);
    if (s.started || s.detached) return;
    s.started = true;
    ops.messagePortStart(s.id);
  }
  close() {
    const s = portState(this);
    if (s.closed) return;
    s.closed = true;
    ops.messagePortClose(s.id);
  }
}
defineEventHandlers(MessagePort.prototype, ['onmessageerror']);
// Setting onmessage starts the port (HTML §9.4.4); addEventListener does not.
defineProperty(MessagePort.prototype, 'onmessage', {
  get() { return getHandler(this, 'message'); },
  set(v) { setHandler(this, 'message', v); this.start(); },
  enumerable: true, configurable: true,
});
exposeInterface('MessagePort', MessagePort);

// The live MessagePort object for a port id held in this agent.
function portFor(id) {
  const p = shared.ports.get(id);
  return p && !portState(p).detached ? p : new MessagePort(INTERNAL, id);
}
hooks.portsFor = (ids) => ids.map(portFor);

hooks.deliverPortMessage = (id, data, ports, error) => {
  const port = shared.ports.get(id);
  if (!port || portState(port).closed) return;
  const type = error ? 'messageerror' : 'message';
  // Port messages have no origin and no source (HTML §9.4.4).
  const e = trustedEvent(MessageEvent, type, { data, ports: Object.freeze(ports), origin: '' });
  dispatch(port, e, FROM_TASK);
};

// HTML §9.4.3 MessageChannel.
const channelState = new WeakMapCtor();
const channelData = stateAccessor(channelState);
class MessageChannel {
  constructor() {
    const self = platformObject(new.target);
    const [a, b] = ops.messageChannelCreate();
    channelState.set(self, { port1: portFor(a), port2: portFor(b) });
    return self;
  }
  get port1() { return channelData(this).port1; }
  get port2() { return channelData(this).port2; }
}
exposeInterface('MessageChannel', MessageChannel);

// --- misc globals ---------------------------------------------------------

defineProperty(global, 'self', { get() { return global; }, set(v) { defineProperty(global, 'self', { value: v, writable: true, configurable: true, enumerable: true }); }, configurable: true, enumerable: true });
defineProperty(global, 'isSecureContext', { get() { return true; }, configurable: true, enumerable: true });
// crossOriginIsolated (issue 10): from the response's COOP/COEP headers.
defineProperty(global, 'crossOriginIsolated', { get() { return ops.windowOrWorkerGlobalScopeCrossOriginIsolated(); }, configurable: true, enumerable: true });
defineProperty(global, 'origin', {
  get() { return ops.windowOrWorkerGlobalScopeOrigin(); },
  set(v) { defineProperty(global, 'origin', { value: v, writable: true, configurable: true, enumerable: true }); },
  configurable: true, enumerable: true,
});

// WHATWG Encoding: UTF-8 only.
class TextEncoder {
  constructor() { return platformObject(new.target); }
  get encoding() { return 'utf-8'; }
  encode(s = '') { return new Uint8Array(ops.textEncoderEncode(StringCtor(s))); }
}
const decoderFatal = new WeakMapCtor();
class TextDecoder {
  constructor(label = 'utf-8', options = undefined) {
    const self = platformObject(new.target);
    decoderFatal.set(self, !!(options && options.fatal));
    return self;
  }
  get encoding() { return 'utf-8'; }
  get fatal() { return decoderFatal.get(this) === true; }
  decode(input = undefined) {
    if (input === undefined) return '';
    const view = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    return ops.textDecoderDecode(view.slice().buffer, decoderFatal.get(this) === true);
  }
}
exposeInterface('TextEncoder', TextEncoder);
exposeInterface('TextDecoder', TextDecoder);

function btoaImpl(s) {
  s = StringCtor(s);
  if (/[^\u0000-\u00ff]/.test(s)) throw new DOMException("Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range.", 'InvalidCharacterError');
  return ops.base64Encode(s);
}
function atobImpl(s) {
  const r = ops.base64Decode(StringCtor(s));
  if (r === null) throw new DOMException("Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded.", 'InvalidCharacterError');
  return r;
}
define(global, { btoa: btoaImpl, atob: atobImpl });

// DOM §3.1-3.2 AbortController and AbortSignal. A signal's state is in
// `shared` (same-origin realms use each other's signals); its abort
// algorithms (listener removal…) run before its abort event.
if (!shared.abortSignals) shared.abortSignals = new WeakMapCtor();
const abortSignals = shared.abortSignals;
function isAbortSignal(value) {
  return abortSignals.has(value);
}
const abortSignalState = stateAccessor(abortSignals);
class AbortSignal extends EventTarget {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    super();
    abortSignals.set(this, { aborted: false, reason: undefined, algorithms: [] });
  }
  get aborted() { return abortSignalState(this).aborted; }
  get reason() { return abortSignalState(this).reason; }
  throwIfAborted() { const s = abortSignalState(this); if (s.aborted) throw s.reason; }
  static abort(reason = undefined) {
    const signal = new AbortSignal(INTERNAL);
    signalAbort(signal, reason);
    return signal;
  }
  static timeout(ms) {
    const signal = new AbortSignal(INTERNAL);
    timerInit(() => signalAbort(signal, new DOMException('signal timed out', 'TimeoutError')), ms, [], false);
    return signal;
  }
  static any(signals) {
    const result = new AbortSignal(INTERNAL);
    const list = [...signals];
    for (const s of list) abortSignalState(s);
    const aborted = list.find((s) => abortSignalState(s).aborted);
    if (aborted) {
      signalAbort(result, abortSignalState(aborted).reason);
      return result;
    }
    for (const s of list) abortSignalState(s).algorithms.push(() => signalAbort(result, abortSignalState(s).reason));
    return result;
  }
}
// DOM §3.2 "signal abort".
function signalAbort(signal, reason) {
  const s = abortSignalState(signal);
  if (s.aborted) return;
  s.aborted = true;
  s.reason = reason === undefined ? new DOMException('signal is aborted without reason', 'AbortError') : reason;
  const algorithms = s.algorithms;
  s.algorithms = [];
  for (const algorithm of algorithms) algorithm();
  dispatch(signal, trustedEvent(Event, 'abort'), IN_SCRIPT);
}
defineEventHandlers(AbortSignal.prototype, ['onabort']);
const abortControllers = new WeakMapCtor();
const controllerSignal = stateAccessor(abortControllers);
class AbortController {
  constructor() {
    const self = platformObject(new.target);
    abortControllers.set(self, new AbortSignal(INTERNAL));
    return self;
  }
  get signal() { return controllerSignal(this); }
  abort(reason = undefined) { signalAbort(controllerSignal(this), reason); }
}
exposeInterface('AbortSignal', AbortSignal);
exposeInterface('AbortController', AbortController);
