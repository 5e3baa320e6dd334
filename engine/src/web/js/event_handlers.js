// Event handlers (HTML): the onxxx IDL attributes, each one event listener
// added when it gets a value, and the event handler processing algorithm.
// https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes ("Event handler attributes")
//
// Content attributes (onclick="...") are compiled by
// event_handler_content_attributes.js through domHooks.

// Uses sharedState (webidl.js); ev, cancel (event.js); domHooks, listenersOf, addListener,
//   removeListener, currentEvents (event_target.js); ErrorEvent (runtime_script_errors.js).

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
      // A new list (event_target.js changes lists in place only by appends).
      const map = listenersOf(target, false);
      const list = MapPrototypeGet(map, type);
      const last = list.length - 1;
      MapPrototypeSet(map, type, ArrayFilter(list, (r, i) => i !== last));
      ArrayPrepend(MapPrototypeGet(map, type), list[last]);
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

// The object an event handler IDL attribute's getter or setter acts on
// (WebIDL's attribute getter and setter steps): with no `this`, the
// realm's global (a [Global] interface's attributes are called that way, as
// bare `onclick`). A Window's are brand-checked: another same-origin
// Window is one; a cross-origin WindowProxy or Location fails the security
// check (a SecurityError); anything else is not a Window, a TypeError, or
// undefined (do nothing) for the [LegacyLenientThis] onmouseenter and
// onmouseleave. Other interfaces' accept any object (not modelled: their
// brand check).
function handlerTarget(self, proto, type) {
  if (self === undefined || self === null) return global;
  if (proto !== global || self === global) return self;
  if (kind === 'window') {
    // First: a WindowProxy stays a key of the realms' shared maps after its
    // frame navigated to another origin.
    ops.windowOrWorkerGlobalScopeSecurityCheck(self);
    if (WeakMapPrototypeHas(currentEvents, self)) return self;
    if (type === 'mouseenter' || type === 'mouseleave') return undefined;
  }
  throw new TypeErrorCtor('Illegal invocation');
}

// The getters and setters of the IDL attributes `names` (onclick...) for
// `count` interfaces: made[k][i] is the descriptor of names[i] for the k-th;
// the `globalAt`-th (if any) is the realm's global's, brand-checked
// (handlerTarget). WebIDL makes a getter and a setter per interface and
// attribute, named "get onclick" and "set onclick" (of lengths 0 and 1):
// accessors of an object literal with a computed key are given those names.
// With no `this`, they act on the realm's global (a [Global] interface's
// attributes are called that way, as bare `onclick`). Made in one pass, the
// functions of one name share one closure context (they capture only its
// name): the Window, Document and HTMLElement's ~90 GlobalEventHandlers cost
// a realm 90 contexts, not 270. They capture the attribute's name (the
// source's string) and take the event type from it on each call: a type
// string made ahead for each name was one more string in the start-up
// snapshot's isolate part (~126 of them, ~60 k instructions of every
// Isolate::New).
function makeEventHandlers(names, count, globalAt = -1) {
  const made = [];
  for (let k = 0; k < count; k++) ArrayAppend(made, []);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    for (let k = 0; k < count; k++) {
      const accessors = k === globalAt ? {
        __proto__: null,
        get [name]() {
          const type = StringPrototypeSlice(name, 2);
          const target = this === global ? this : handlerTarget(this, global, type);
          return target === undefined ? undefined : getHandler(target, type);
        },
        set [name](v) {
          const type = StringPrototypeSlice(name, 2);
          const target = this === global ? this : handlerTarget(this, global, type);
          if (target !== undefined) setHandler(target, type, v);
        },
      } : {
        __proto__: null,
        get [name]() { return getHandler(this ?? global, StringPrototypeSlice(name, 2)); },
        set [name](v) { setHandler(this ?? global, StringPrototypeSlice(name, 2), v); },
      };
      const descriptor = ObjectGetOwnPropertyDescriptor(accessors, name);
      if (k > 0) {
        shareName(descriptor.get, made[0][i].get);
        shareName(descriptor.set, made[0][i].set);
      }
      ArrayAppend(made[k], descriptor);
    }
  }
  return made;
}
// Gives `fn` the very string that names `from` (the same text): each
// accessor got a name string of its own, and one per name serves every
// interface's (396 strings fewer in the start-up snapshot's isolate part,
// which every isolate reads). V8 skips a write of an equal value, hence
// the empty name first.
function shareName(fn, from) {
  ObjectDefineProperty(fn, 'name', { __proto__: null, value: '' });
  ObjectDefineProperty(fn, 'name', { __proto__: null, value: from.name });
}

// One interface's set of makeEventHandlers(names, count), let go of by
// `made` (each interface takes its own, at its place in the set-up).
function takeEventHandlers(made, k) {
  const set = made[k];
  made[k] = undefined;
  return set;
}

// The IDL attributes `names` on `proto` (or a global), at start-up or in a
// lazy interface's factory, with the accessors `made` if they were made
// ahead (makeEventHandlers). The descriptors have no prototype: a page may
// have given Object.prototype a `value`.
function defineEventHandlers(proto, names, made = makeEventHandlers(names, 1, proto === global ? 0 : -1)[0]) {
  // One defineProperty each: measured faster than one defineProperties call.
  for (let i = 0; i < names.length; i++) {
    ObjectDefineProperty(proto, names[i], {
      __proto__: null,
      get: made[i].get,
      set: made[i].set,
      enumerable: true,
      configurable: true,
    });
  }
}

// https://html.spec.whatwg.org/multipage/webappapis.html#erase-all-event-listeners-and-handlers ("erase all event listeners and handlers"),
// for document.open() (web/loading.rs, windows only: the document's
// wrapper comes from node.js's hooks.wrap): of document `docId`, and of
// this realm's window when `withWindow` (the document is its associated one).
hooks.eraseListenersAndHandlers = (docId, withWindow) => {
  const erase = (target) => {
    // 1. Each event handler's value is null (its listener goes in step 2).
    const handlerMap = handlersOf(target, false);
    if (handlerMap !== undefined) MapPrototypeForEach(handlerMap, (rec, type) => MapPrototypeDelete(handlerMap, type));
    // 2. "Remove all event listeners": each is removed, even from a list a
    //    dispatch under way holds.
    const map = listenersOf(target, false);
    if (map === undefined) return;
    MapPrototypeForEach(map, (list, type) => {
      for (let i = 0; i < list.length; i++) list[i].removed = true;
      MapPrototypeDelete(map, type);
    });
  };
  erase(hooks.wrap(docId));
  if (withWindow) erase(global);
};

return [UNCOMPILED, handlerRecord, getHandler, setHandler, makeEventHandlers, takeEventHandlers, defineEventHandlers];
