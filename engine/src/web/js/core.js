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
}

function exposeValue(name, value) {
  defineProperty(global, name, { value, writable: true, configurable: true, enumerable: true });
}

function illegalConstructor() {
  return new TypeErrorCtor('Illegal constructor');
}

// A secret that internal code passes to constructors pages must not call.
const INTERNAL = Symbol('internal');

// --- DOMException (WebIDL) -------------------------------------------------

const DOM_EXCEPTION_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4,
  InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8,
  NotSupportedError: 9, InUseAttributeError: 10, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
  InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18,
  NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24,
  DataCloneError: 25,
};
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
    super();
    // Error's own `message` would shadow the prototype getter browsers have.
    delete this.message;
    domExceptionData.set(this, { message: StringCtor(message), name: StringCtor(name) });
  }
  get name() { return data(this).name; }
  get message() { return data(this).message; }
  get code() { return DOM_EXCEPTION_CODES[data(this).name] || 0; }
}
function data(e) {
  const d = domExceptionData.get(e);
  if (!d) throw new TypeErrorCtor('Illegal invocation');
  return d;
}
for (const [k, v] of Object.entries(DOM_EXCEPTION_CONSTANTS)) {
  defineProperty(DOMException, k, { value: v, enumerable: true });
  defineProperty(DOMException.prototype, k, { value: v, enumerable: true });
}
exposeInterface('DOMException', DOMException);
hooks.DOMException = DOMException;

// --- Events (DOM §2) ------------------------------------------------------

const eventState = new WeakMapCtor();
const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;

function ev(event) {
  const s = eventState.get(event);
  if (!s) throw new TypeErrorCtor('Illegal invocation');
  return s;
}

class Event {
  constructor(type, init = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to construct 'Event': 1 argument required, but only 0 present.");
    const dict = init == null ? {} : init;
    eventState.set(this, {
      type: StringCtor(type),
      bubbles: !!dict.bubbles,
      cancelable: !!dict.cancelable,
      composed: !!dict.composed,
      target: null,
      currentTarget: null,
      eventPhase: NONE,
      stopPropagation: false,
      stopImmediate: false,
      canceled: false,
      inPassive: false,
      dispatching: false,
      initialized: true,
      isTrusted: false,
      timeStamp: ops.now(),
    });
    defineProperty(this, 'isTrusted', { get: isTrustedGetter, enumerable: true, configurable: false });
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
  set returnValue(v) { if (!v) this.preventDefault(); }
  get cancelBubble() { return ev(this).stopPropagation; }
  set cancelBubble(v) { if (v) ev(this).stopPropagation = true; }
  get timeStamp() { return ev(this).timeStamp; }
  composedPath() { const s = ev(this); return s.dispatching && s.path ? s.path.map((p) => p.item) : []; }
  stopPropagation() { ev(this).stopPropagation = true; }
  stopImmediatePropagation() { const s = ev(this); s.stopPropagation = true; s.stopImmediate = true; }
  preventDefault() { const s = ev(this); if (s.cancelable && !s.inPassive) s.canceled = true; }
  initEvent(type, bubbles = false, cancelable = false) {
    const s = ev(this);
    if (s.dispatching) return;
    s.type = StringCtor(type); s.bubbles = !!bubbles; s.cancelable = !!cancelable;
    s.stopPropagation = s.stopImmediate = s.canceled = false;
  }
}
function isTrustedGetter() { return ev(this).isTrusted; }
for (const [k, v] of Object.entries({ NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE })) {
  defineProperty(Event, k, { value: v, enumerable: true });
  defineProperty(Event.prototype, k, { value: v, enumerable: true });
}
exposeInterface('Event', Event);

function eventClass(name, Base, fields) {
  const C = class extends Base {
    constructor(type, init = undefined) {
      if (arguments.length < 1) throw new TypeErrorCtor(`Failed to construct '${name}': 1 argument required, but only 0 present.`);
      super(type, init);
      const dict = init == null ? {} : init;
      const s = ev(this);
      for (const [field, dflt] of Object.entries(fields)) s[field] = field in dict ? dict[field] : dflt;
    }
  };
  for (const field of Object.keys(fields)) {
    defineProperty(C.prototype, field, { get() { return ev(this)[field]; }, configurable: true, enumerable: true });
  }
  defineProperty(C, 'name', { value: name });
  exposeInterface(name, C);
  return C;
}
const CustomEvent = eventClass('CustomEvent', Event, { detail: null });
CustomEvent.prototype.initCustomEvent = function (type, bubbles, cancelable, detail) {
  this.initEvent(type, bubbles, cancelable);
  ev(this).detail = detail;
};
const ErrorEvent = eventClass('ErrorEvent', Event, { message: '', filename: '', lineno: 0, colno: 0, error: undefined });
const MessageEvent = eventClass('MessageEvent', Event, { data: null, origin: '', lastEventId: '', source: null, ports: [] });
const PromiseRejectionEvent = eventClass('PromiseRejectionEvent', Event, { promise: undefined, reason: undefined });
eventClass('StorageEvent', Event, { key: null, oldValue: null, newValue: null, url: '', storageArea: null });
eventClass('HashChangeEvent', Event, { oldURL: '', newURL: '' });
eventClass('PageTransitionEvent', Event, { persisted: false });
eventClass('UIEvent', Event, { view: null, detail: 0 });
eventClass('FocusEvent', getInterface('UIEvent'), { relatedTarget: null });
eventClass('MouseEvent', getInterface('UIEvent'), { screenX: 0, screenY: 0, clientX: 0, clientY: 0, button: 0, buttons: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, relatedTarget: null });
eventClass('KeyboardEvent', getInterface('UIEvent'), { key: '', code: '', location: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, repeat: false });
eventClass('ProgressEvent', Event, { lengthComputable: false, loaded: 0, total: 0 });

function getInterface(name) { return global[name]; }

// Makes a trusted event (fired by the user agent, not by script).
function trustedEvent(Ctor, type, init) {
  const e = new Ctor(type, init);
  ev(e).isTrusted = true;
  return e;
}
hooks.trustedEvent = trustedEvent;

// EventTarget: the host constructor, with its behaviour defined here.
function listenersOf(target, create) {
  let map = shared.listeners.get(target);
  if (!map && create) { map = new MapCtor(); shared.listeners.set(target, map); }
  return map;
}

function flattenOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options == null) return { capture: false };
  return { capture: !!options.capture, once: !!options.once, passive: options.passive, signal: options.signal };
}

function addListener(target, type, callback, options) {
  if (callback === null) return;
  const opts = flattenOptions(options);
  if (opts.signal !== undefined && opts.signal !== null && opts.signal.aborted) return;
  type = StringCtor(type);
  const map = listenersOf(target, true);
  let list = map.get(type);
  if (!list) { list = []; map.set(type, list); }
  for (const l of list) if (l.callback === callback && l.capture === opts.capture && !l.removed) return;
  const record = { callback, capture: opts.capture, once: !!opts.once, passive: opts.passive === undefined ? null : !!opts.passive, removed: false };
  list.push(record);
  if (opts.signal) opts.signal.addEventListener('abort', () => removeListener(target, type, callback, opts.capture));
}

function removeListener(target, type, callback, capture) {
  const map = listenersOf(target, false);
  if (!map) return;
  const list = map.get(StringCtor(type));
  if (!list) return;
  for (let i = 0; i < list.length; i++) {
    const l = list[i];
    if (l.callback === callback && l.capture === capture) { l.removed = true; list.splice(i, 1); return; }
  }
}

function checkTarget(target) {
  if (target === null || target === undefined || (typeof target !== 'object' && typeof target !== 'function')) {
    throw new TypeErrorCtor('Illegal invocation');
  }
}

const EventTargetProto = EventTarget.prototype;
define(EventTargetProto, {
  addEventListener(type, callback, options = undefined) {
    const target = this == null ? global : this;
    checkTarget(target);
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'addEventListener' on 'EventTarget': 2 arguments required, but only ${arguments.length} present.`);
    if (callback !== null && typeof callback !== 'function' && typeof callback !== 'object') throw new TypeErrorCtor("Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.");
    addListener(target, type, callback, options);
  },
  removeEventListener(type, callback, options = undefined) {
    const target = this == null ? global : this;
    checkTarget(target);
    removeListener(target, type, callback, flattenOptions(options).capture);
  },
  dispatchEvent(event) {
    const target = this == null ? global : this;
    checkTarget(target);
    const s = eventState.get(event);
    if (!s) throw new TypeErrorCtor("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    if (s.dispatching || !s.initialized) throw new DOMException("Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.", 'InvalidStateError');
    s.isTrusted = false;
    return dispatch(target, event);
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

// Event handler attributes: content-attribute compilation is plugged in by
// the DOM (it knows elements); other targets only have IDL handlers.
let compileAttributeHandler = null;

function handlersOf(target, create) {
  let map = shared.handlers.get(target);
  if (!map && create) { map = new MapCtor(); shared.handlers.set(target, map); }
  return map;
}

function getHandler(target, type) {
  if (compileAttributeHandler) compileAttributeHandler(target, type);
  const map = handlersOf(target, false);
  const rec = map && map.get(type);
  return rec ? rec.value : null;
}

function setHandler(target, type, value, fromAttribute = null) {
  const map = handlersOf(target, true);
  let rec = map.get(type);
  const fn = (typeof value === 'function' || (typeof value === 'object' && value !== null)) ? value : null;
  if (!rec) {
    if (fn === null && fromAttribute === null) return;
    rec = { value: null, attribute: null, listener: null };
    map.set(type, rec);
  }
  rec.value = fn;
  rec.attribute = fromAttribute;
  if (fn !== null && !rec.listener) {
    // The handler's listener keeps its place among the listeners (HTML
    // "event handler processing algorithm").
    rec.listener = function (event) { return runHandler(target, type, event, this); };
    addListener(target, type, rec.listener, false);
  }
}

function runHandler(target, type, event, thisArg) {
  const rec = handlersOf(target, false) && handlersOf(target, false).get(type);
  const fn = rec && rec.value;
  if (typeof fn !== 'function') return;
  if (type === 'error' && event instanceof ErrorEvent && isGlobalTarget(target)) {
    const s = ev(event);
    const r = ReflectApply(fn, thisArg, [s.message, s.filename, s.lineno, s.colno, s.error]);
    if (r === true) event.preventDefault();
    return;
  }
  const r = ReflectApply(fn, thisArg, [event]);
  if (r === false) event.preventDefault();
}

function isGlobalTarget(target) {
  return target === global;
}

function defineEventHandlers(proto, names) {
  for (const name of names) {
    const type = name.slice(2);
    defineProperty(proto, name, {
      get() { return getHandler(this == null ? global : this, type); },
      set(v) { setHandler(this == null ? global : this, type, v); },
      enumerable: true,
      configurable: true,
    });
  }
}

// DOM "dispatch" (simplified: no shadow trees, no activation behaviour).
function dispatch(target, event) {
  const s = ev(event);
  s.dispatching = true;
  s.target = target;
  const path = [];
  let t = target;
  while (t) {
    path.push({ item: t });
    t = getTheParent(t, event);
  }
  s.path = path;
  try {
    for (let i = path.length - 1; i >= 0; i--) {
      if (s.stopPropagation) break;
      s.eventPhase = i === 0 ? AT_TARGET : CAPTURING_PHASE;
      invoke(path[i].item, event, 'capturing');
    }
    for (let i = 0; i < path.length; i++) {
      if (s.stopPropagation) break;
      if (i !== 0 && !s.bubbles) break;
      s.eventPhase = i === 0 ? AT_TARGET : BUBBLING_PHASE;
      invoke(path[i].item, event, 'bubbling');
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

function invoke(item, event, phase) {
  const s = ev(event);
  s.currentTarget = item;
  // Compile a content-attribute handler (onclick="...") before listing.
  if (compileAttributeHandler) compileAttributeHandler(item, s.type);
  const map = listenersOf(item, false);
  const list = map && map.get(s.type);
  if (!list || list.length === 0) return;
  const atTarget = s.eventPhase === AT_TARGET;
  for (const l of list.slice()) {
    if (l.removed) continue;
    if (!atTarget) {
      if (phase === 'capturing' && !l.capture) continue;
      if (phase === 'bubbling' && l.capture) continue;
    } else if ((phase === 'capturing') !== l.capture) {
      continue;
    }
    if (l.once) removeListener(item, s.type, l.callback, l.capture);
    const passive = l.passive === true;
    if (passive) s.inPassive = true;
    try {
      const cb = l.callback;
      if (typeof cb === 'function') ReflectApply(cb, item, [event]);
      else if (cb && typeof cb.handleEvent === 'function') ReflectApply(cb.handleEvent, cb, [event]);
      else if (cb) throw new TypeErrorCtor("The 'handleEvent' property of the event listener is not callable.");
    } catch (e) {
      reportException(e);
    }
    s.inPassive = false;
    if (s.stopImmediate) break;
  }
}
hooks.dispatch = dispatch;

// HTML "report the exception": an ErrorEvent at the global; if nobody
// cancels it, the host records it (errors[] and the console).
let reportingDepth = 0;
function reportException(error, place) {
  const [message, url, line, column] = place || ops.exceptionPlace(error);
  if (reportingDepth > 2) { ops.recordError(message, url, line, column); return; }
  reportingDepth++;
  let notCanceled = true;
  try {
    const e = trustedEvent(ErrorEvent, 'error', { message, filename: url, lineno: line, colno: column, error, cancelable: true });
    notCanceled = dispatch(global, e);
  } catch (e2) {
    // An exception in reporting is not reported again.
  } finally {
    reportingDepth--;
  }
  if (notCanceled) ops.recordError(message, url, line, column);
}
hooks.reportException = (error, message, url, line, column) => reportException(error, [message, url, line, column]);
defineProperty(global, 'reportError', {
  value: function reportError(e) { reportException(e); },
  writable: true, configurable: true, enumerable: true,
});

hooks.unhandledRejection = (promise, reason) => {
  const e = trustedEvent(PromiseRejectionEvent, 'unhandledrejection', { promise, reason, cancelable: true });
  return dispatch(global, e);
};

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
function emit(level, args) { ops.console(level, groupIndent + format(args)); }
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
  time(label = 'default') { timers.set(label, ops.now()); },
  timeLog(label = 'default', ...args) { const t = timers.get(label); if (t !== undefined) emit('log', [`${label}: ${ops.now() - t}ms`, ...args]); },
  timeEnd(label = 'default') { const t = timers.get(label); if (t !== undefined) { emit('log', [`${label}: ${ops.now() - t}ms`]); timers.delete(label); } },
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
  let ms = NumberCtor(timeout);
  if (!(ms >= 0)) ms = 0;
  ops.setTimer(id, ms, repeat);
  return id;
}
define(global, {
  setTimeout(handler, timeout = 0, ...args) { return timerInit(handler, timeout, args, false); },
  setInterval(handler, timeout = 0, ...args) { return timerInit(handler, timeout, args, true); },
  clearTimeout(id = 0) { id = NumberCtor(id) | 0; if (timerCallbacks.delete(id)) ops.clearTimer(id); },
  clearInterval(id = 0) { id = NumberCtor(id) | 0; if (timerCallbacks.delete(id)) ops.clearTimer(id); },
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
  now() { return ops.now(); },
  get timeOrigin() { return ops.timeOrigin(); },
  mark() {},
  measure() {},
  getEntries() { return []; },
  getEntriesByName() { return []; },
  getEntriesByType() { return []; },
  toJSON() { return { timeOrigin: ops.timeOrigin() }; },
});
setPrototypeOf(performanceObject, Object.prototype);
defineProperty(performanceObject, Symbol.toStringTag, { value: 'Performance', configurable: true });
defineProperty(global, 'performance', { value: performanceObject, writable: true, configurable: true, enumerable: true });

// --- URL and URLSearchParams (WHATWG URL, parsed by the url crate) --------

const urlState = new WeakMapCtor();
function urlData(u) {
  const d = urlState.get(u);
  if (!d) throw new TypeErrorCtor('Illegal invocation');
  return d;
}
// ops.parseURL(input, base) -> [href, origin, protocol, username, password,
// host, hostname, port, pathname, search, hash] or null.
const URL_FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function parsedURL(input, base) {
  const parts = ops.parseURL(StringCtor(input), base === undefined ? null : StringCtor(base));
  if (parts === null) return null;
  const r = {};
  URL_FIELDS.forEach((f, i) => { r[f] = parts[i]; });
  return r;
}
hooks.parsedURL = parsedURL;

class URLSearchParams {
  constructor(init = '') {
    const list = [];
    urlState.set(this, { list, url: null });
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
    urlState.set(this, parsed);
    const params = new URLSearchParams(parsed.search);
    urlData(params).url = this;
    parsed.params = params;
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
      const parts = ops.setURLPart(d.href, field, StringCtor(v));
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

function transferList(options, fnName) {
  if (options === undefined || options === null) return [];
  let list;
  if (ArrayIsArray(options)) list = options;
  else if (typeof options === 'object') list = options.transfer === undefined ? [] : options.transfer;
  else throw new TypeErrorCtor(`Failed to execute '${fnName}': The provided value is not of type 'StructuredSerializeOptions'.`);
  if (typeof list !== 'object' || list === null || typeof list[Symbol.iterator] !== 'function') {
    throw new TypeErrorCtor(`Failed to execute '${fnName}': The provided value cannot be converted to a sequence.`);
  }
  return [...list];
}
// Splits a transfer list into ArrayBuffers and ports (port ids), checking
// duplicates and detached buffers as the HTML spec requires.
function splitTransfer(list) {
  const buffers = [];
  const ports = [];
  const portObjects = [];
  const seen = new Set();
  for (const item of list) {
    if (seen.has(item)) throw new DOMException('Failed to execute \'postMessage\': Duplicate object in transfer list.', 'DataCloneError');
    seen.add(item);
    if (item instanceof ArrayBuffer || Object.prototype.toString.call(item) === '[object ArrayBuffer]') {
      buffers.push(item);
    } else if (shared.portIds.has(item)) {
      const id = shared.portIds.get(item);
      if (portState(item).detached) throw new DOMException('Failed to execute \'postMessage\': A MessagePort could not be cloned because it was detached.', 'DataCloneError');
      ports.push(id);
      portObjects.push(item);
    } else {
      throw new DOMException('Failed to execute \'postMessage\': Value at index ' + list.indexOf(item) + ' does not have a transferable type.', 'DataCloneError');
    }
  }
  return { buffers, ports, portObjects };
}
hooks.splitTransfer = splitTransfer;

defineProperty(global, 'structuredClone', {
  value: function structuredClone(value, options = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
    const t = splitTransfer(transferList(options, 'structuredClone'));
    const out = ops.structuredClone(value, t.buffers, t.ports, t.portObjects);
    for (const p of t.portObjects) portState(p).detached = true;
    return out;
  },
  writable: true, configurable: true, enumerable: true,
});

const portStates = new WeakMapCtor();
function portState(p) {
  const s = portStates.get(p);
  if (!s) throw new TypeErrorCtor('Illegal invocation');
  return s;
}
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
    if (t.portObjects.includes(this)) throw new DOMException("Failed to execute 'postMessage' on 'MessagePort': Port at index 0 contains the source port.", 'DataCloneError');
    if (s.closed || s.detached) {
      // Still clone (errors must surface), then drop.
      ops.structuredClone(message, [], [], []);
      return;
    }
    ops.portPost(s.id, message, t.buffers, t.ports, t.portObjects);
    for (const p of t.portObjects) portState(p).detached = true;
  }
  start() {
    const s = portState(this);
    if (s.started || s.detached) return;
    s.started = true;
    ops.portStart(s.id);
  }
  close() {
    const s = portState(this);
    if (s.closed) return;
    s.closed = true;
    ops.portClose(s.id);
  }
}
defineEventHandlers(MessagePort.prototype, ['onmessageerror']);
defineProperty(MessagePort.prototype, 'onmessage', {
  get() { return getHandler(this, 'message'); },
  set(v) { setHandler(this, 'message', v); this.start(); },
  enumerable: true, configurable: true,
});
exposeInterface('MessagePort', MessagePort);

function portFor(id) {
  let p = shared.ports.get(id);
  if (!p) p = new MessagePort(INTERNAL, id);
  return p;
}
hooks.portsFor = (ids) => ids.map(portFor);

hooks.deliverPortMessage = (id, data, ports, error) => {
  const port = shared.ports.get(id);
  if (!port || portState(port).closed) return;
  const type = error ? 'messageerror' : 'message';
  const e = trustedEvent(MessageEvent, type, { data, ports: Object.freeze(ports), origin: '' });
  dispatch(port, e);
};

class MessageChannel {
  constructor() {
    const [a, b] = ops.createChannel();
    const s = { port1: portFor(a), port2: portFor(b) };
    channelState.set(this, s);
  }
  get port1() { return channelState.get(this).port1; }
  get port2() { return channelState.get(this).port2; }
}
const channelState = new WeakMapCtor();
exposeInterface('MessageChannel', MessageChannel);

// --- misc globals ---------------------------------------------------------

defineProperty(global, 'self', { get() { return global; }, set(v) { defineProperty(global, 'self', { value: v, writable: true, configurable: true, enumerable: true }); }, configurable: true, enumerable: true });
defineProperty(global, 'isSecureContext', { get() { return true; }, configurable: true, enumerable: true });
defineProperty(global, 'origin', {
  get() { return ops.origin(); },
  set(v) { defineProperty(global, 'origin', { value: v, writable: true, configurable: true, enumerable: true }); },
  configurable: true, enumerable: true,
});

const encoder = { encode(s = '') { return ops.encodeUtf8(StringCtor(s)); } };
class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(s = '') { return new Uint8Array(ops.encodeUtf8(StringCtor(s))); }
}
class TextDecoder {
  constructor(label = 'utf-8', options = {}) { this._fatal = !!(options && options.fatal); }
  get encoding() { return 'utf-8'; }
  decode(input = undefined) {
    if (input === undefined) return '';
    const view = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    return ops.decodeUtf8(view.slice().buffer, this._fatal);
  }
}
void encoder;
exposeInterface('TextEncoder', TextEncoder);
exposeInterface('TextDecoder', TextDecoder);

function btoaImpl(s) {
  s = StringCtor(s);
  if (/[^\u0000-\u00ff]/.test(s)) throw new DOMException("Failed to execute 'btoa' on 'Window': The string to be encoded contains characters outside of the Latin1 range.", 'InvalidCharacterError');
  return ops.btoa(s);
}
function atobImpl(s) {
  const r = ops.atob(StringCtor(s));
  if (r === null) throw new DOMException("Failed to execute 'atob' on 'Window': The string to be decoded is not correctly encoded.", 'InvalidCharacterError');
  return r;
}
define(global, { btoa: btoaImpl, atob: atobImpl });

class AbortSignal extends EventTarget {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); super(); abortState.set(this, { aborted: false, reason: undefined }); }
  get aborted() { return abortState.get(this).aborted; }
  get reason() { return abortState.get(this).reason; }
  throwIfAborted() { const s = abortState.get(this); if (s.aborted) throw s.reason; }
  static abort(reason = undefined) { const s = new AbortSignal(INTERNAL); signalAbort(s, reason); return s; }
  static timeout(ms) { const s = new AbortSignal(INTERNAL); setTimeout(() => signalAbort(s, new DOMException('signal timed out', 'TimeoutError')), ms); return s; }
}
const abortState = new WeakMapCtor();
function signalAbort(signal, reason) {
  const s = abortState.get(signal);
  if (s.aborted) return;
  s.aborted = true;
  s.reason = reason === undefined ? new DOMException('signal is aborted without reason', 'AbortError') : reason;
  dispatch(signal, trustedEvent(Event, 'abort'));
}
defineEventHandlers(AbortSignal.prototype, ['onabort']);
class AbortController {
  constructor() { abortState.set(this, { signal: new AbortSignal(INTERNAL) }); }
  get signal() { return abortState.get(this).signal; }
  abort(reason = undefined) { signalAbort(abortState.get(this).signal, reason); }
}
exposeInterface('AbortSignal', AbortSignal);
exposeInterface('AbortController', AbortController);
