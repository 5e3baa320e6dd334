// Event handlers (HTML): the onxxx IDL attributes, each one event listener
// added when it gets a value, and the event handler processing algorithm.
// https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes ("Event handler attributes")
//
// Content attributes (onclick="...") are compiled by
// event_handler_content_attributes.js through domHooks.

// Uses sharedState (webidl.js); ev, cancel (event.js); domHooks, listenersOf, addListener,
//   removeListener (event_target.js); ErrorEvent (runtime_script_errors.js).

// target -> Map(type -> { value, source, listener }). `value` is the
// handler (a callable or object), null, or UNCOMPILED: the text of a
// content attribute (`source`) not compiled yet.
let handlers;
atRealmStart(() => {
  handlers = sharedState('handlers', () => new WeakMapCtor());
  // A new Window behind a kept WindowProxy starts with no handlers.
  if (info.replacesWindow) WeakMapPrototypeDelete(handlers, global);
});
const UNCOMPILED = SymbolCtor('uncompiled handler');
function handlersOf(target, create) {
  let map = WeakMapPrototypeGet(handlers, target);
  if (map === undefined && create) {
    map = new MapCtor();
    WeakMapPrototypeSet(handlers, target, map);
  }
  return map;
}
function handlerRecord(target, type) {
  const map = handlersOf(target, false);
  return map === undefined ? undefined : MapPrototypeGet(map, type);
}

// https://html.spec.whatwg.org/multipage/webappapis.html#getting-the-current-value-of-the-event-handler ("getting the current value of the event handler")
function getHandler(target, type) {
  if (domHooks.compileAttributeHandler !== null) domHooks.compileAttributeHandler(target, type);
  const rec = handlerRecord(target, type);
  return rec !== undefined && rec.value !== UNCOMPILED ? rec.value : null;
}

// Sets an event handler to `value` (a callable or object; anything else is
// null), or to UNCOMPILED or a compiled function from a content attribute
// whose text is `source`. HTML "activate an event handler" adds the
// handler's one listener when it gets a value; "deactivate" removes it
// when it is cleared, so that a handler set again goes after the listeners
// added meanwhile. `first`: a handler from markup, whose attribute was
// there before any script could add a listener to its element.
function setHandler(target, type, value, source = null, first = false) {
  const handler = value === UNCOMPILED || typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
  let rec = handlerRecord(target, type);
  if (rec === undefined) {
    if (handler === null && source === null) return;
    rec = { value: null, source: null, listener: null };
    MapPrototypeSet(handlersOf(target, true), type, rec);
  }
  rec.value = handler;
  rec.source = source;
  if (handler === null && source === null) {
    if (rec.listener !== null) {
      removeListener(target, type, rec.listener, false);
      rec.listener = null;
    }
    return;
  }
  if (rec.listener === null) {
    rec.listener = function (event) { return runHandler(target, type, event, this); };
    addListener(target, type, rec.listener, { capture: false, once: false, passive: null, signal: null });
    if (first) {
      const list = MapPrototypeGet(listenersOf(target, false), type);
      ArrayPrototypeUnshift(list, ArrayPrototypePop(list));
    }
  }
}

// https://html.spec.whatwg.org/multipage/webappapis.html#the-event-handler-processing-algorithm ("the event handler processing algorithm")
function runHandler(target, type, event, thisArg) {
  const rec = handlerRecord(target, type);
  const fn = rec === undefined ? undefined : rec.value;
  // [LegacyTreatNonObjectAsNull]: a non-callable object is silently skipped.
  if (typeof fn !== 'function') return;
  const s = ev(event);
  // "Special error event handling": an ErrorEvent at a global is passed
  // as its five parts, and true cancels it.
  if (type === 'error' && target === global && ObjectPrototypeIsPrototypeOf(ErrorEvent.prototype, event)) {
    if (ReflectApply(fn, thisArg, [s.message, s.filename, s.lineno, s.colno, s.error]) === true) cancel(s);
    return;
  }
  const r = ReflectApply(fn, thisArg, [event]);
  // "Process return value": for beforeunload, anything but undefined or
  // null cancels; otherwise false does.
  if (type === 'beforeunload') {
    if (r !== undefined && r !== null) cancel(s);
  } else if (r === false) {
    cancel(s);
  }
}

// The IDL attributes' getters and setters, one pair per name, shared by
// every interface of a realm that has the attribute (Window, Document,
// HTMLElement, XMLHttpRequest...): name, getter, setter, name, ... Written
// as object-literal accessors, so that each has WebIDL's name ("get
// onclick", "set onclick") and length (0, 1) and none keeps a closure
// context: a realm pays two functions per name, not two functions and a
// context per interface and name. A getter or setter called with no `this`
// acts on the realm's global (WebIDL's [LegacyLenientThis]-like rule for
// [Global] interfaces).
const handlerAccessors = [];
function registerEventHandlers(accessors) {
  const names = ObjectKeys(accessors);
  for (let i = 0; i < names.length; i++) {
    const d = ObjectGetOwnPropertyDescriptor(accessors, names[i]);
    ArrayPrototypePush(handlerAccessors, names[i], d.get, d.set);
  }
}
// Those of the interfaces every kind of global has (the rest are in
// global_event_handlers.js).
registerEventHandlers({
  __proto__: null,
  get onabort() { return getHandler(this ?? global, 'abort'); }, set onabort(v) { setHandler(this ?? global, 'abort', v); },
  get onconnect() { return getHandler(this ?? global, 'connect'); }, set onconnect(v) { setHandler(this ?? global, 'connect', v); },
  get onerror() { return getHandler(this ?? global, 'error'); }, set onerror(v) { setHandler(this ?? global, 'error', v); },
  get onlanguagechange() { return getHandler(this ?? global, 'languagechange'); }, set onlanguagechange(v) { setHandler(this ?? global, 'languagechange', v); },
  get onload() { return getHandler(this ?? global, 'load'); }, set onload(v) { setHandler(this ?? global, 'load', v); },
  get onloadend() { return getHandler(this ?? global, 'loadend'); }, set onloadend(v) { setHandler(this ?? global, 'loadend', v); },
  get onloadstart() { return getHandler(this ?? global, 'loadstart'); }, set onloadstart(v) { setHandler(this ?? global, 'loadstart', v); },
  get onmessage() { return getHandler(this ?? global, 'message'); }, set onmessage(v) { setHandler(this ?? global, 'message', v); },
  get onmessageerror() { return getHandler(this ?? global, 'messageerror'); }, set onmessageerror(v) { setHandler(this ?? global, 'messageerror', v); },
  get onoffline() { return getHandler(this ?? global, 'offline'); }, set onoffline(v) { setHandler(this ?? global, 'offline', v); },
  get ononline() { return getHandler(this ?? global, 'online'); }, set ononline(v) { setHandler(this ?? global, 'online', v); },
  get onprogress() { return getHandler(this ?? global, 'progress'); }, set onprogress(v) { setHandler(this ?? global, 'progress', v); },
  get onreadystatechange() { return getHandler(this ?? global, 'readystatechange'); }, set onreadystatechange(v) { setHandler(this ?? global, 'readystatechange', v); },
  get onrejectionhandled() { return getHandler(this ?? global, 'rejectionhandled'); }, set onrejectionhandled(v) { setHandler(this ?? global, 'rejectionhandled', v); },
  get ontimeout() { return getHandler(this ?? global, 'timeout'); }, set ontimeout(v) { setHandler(this ?? global, 'timeout', v); },
  get onunhandledrejection() { return getHandler(this ?? global, 'unhandledrejection'); }, set onunhandledrejection(v) { setHandler(this ?? global, 'unhandledrejection', v); },
});

// The IDL attributes `names` (onclick...) on `proto` (or a global), at
// start-up or in a lazy interface's factory (the descriptors have no
// prototype: a page may have given Object.prototype a `value`).
function defineEventHandlers(proto, names) {
  // One defineProperty each: measured faster than one defineProperties call.
  for (let i = 0; i < names.length; i++) {
    const at = ArrayPrototypeIndexOf(handlerAccessors, names[i]);
    if (at < 0) throw new TypeErrorCtor(`no accessors registered for ${names[i]}`);
    ObjectDefineProperty(proto, names[i], {
      __proto__: null,
      get: handlerAccessors[at + 1],
      set: handlerAccessors[at + 2],
      enumerable: true,
      configurable: true,
    });
  }
}

return [UNCOMPILED, handlerRecord, getHandler, setHandler, registerEventHandlers, defineEventHandlers];
