// Window (HTML): the global of a browsing context, its members, the window
// post message steps, and the cross-origin functions other realms get.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object ("The Window object")
//
// Same-origin realms reach these members directly (same V8 security
// token). A cross-origin realm is stopped by V8's access check; the
// host's interceptor (web/window_proxy.rs) then serves only the spec's
// cross-origin members, using `hooks.makeCrossOriginFunction` to make
// functions in the *accessing* realm. Not modelled: layout and scrolling
// (fixed sizes, no scrolling), dialogs (alert... only print to the
// console, or nothing in a sandbox without allow-modals), window focus,
// matchMedia beyond "no match", visualViewport.

// Uses define, exposeInterface, illegalConstructor, keepFast, materialize, INTERNAL, requiredArguments,
//   toDOMString, toUSVString (webidl.js); DOMException (dom_exception.js); Event, ev, initialize,
//   trustedEvent (event.js); domHooks, mayHaveListeners, dispatch, FROM_TASK, fromTaskWithTarget,
//   currentEvents (event_target.js); takeEventHandlers, defineEventHandlers (event_handlers.js);
//   makeBarProp (bar_prop.js); windowScreen (screen.js); trustedMessageEvent (message_event.js);
//   timerInit, timerClear (timers.js); parsedURL (url.js); transferSequence, serializeOptions,
//   splitTransfer, detachPorts (message_port.js); ELEMENT_EVENT_HANDLERS, WINDOW_EVENT_HANDLERS,
//   ELEMENT_HANDLER_ACCESSORS (global_event_handlers.js); domChanged, wrap (node.js); location,
//   navigate, resolveForNavigation (location.js).

// The global's prototype comes from the host's window template; it becomes
// Window.prototype (setting the global's own prototype would turn off the
// host's indexed `window[i]` handler).
const WindowPrototype = ObjectGetPrototypeOf(global);
// Window.prototype -> WindowProperties (named access: window.frameName,
// window.elementId, served by the host) -> EventTarget.prototype.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object ("Named access on the Window object")
// Made by the host in each realm (its named handler serves that window).
atRealmStart(() => {
  const WindowProperties = ops.windowCreateProperties();
  ObjectSetPrototypeOf(WindowProperties, EventTarget.prototype);
  ObjectDefineProperty(WindowProperties, SymbolToStringTag, { __proto__: null, value: 'WindowProperties', configurable: true });
  ObjectSetPrototypeOf(WindowPrototype, WindowProperties);
});
const Window = function Window() { throw illegalConstructor(); };
ObjectDefineProperty(Window, 'prototype', { __proto__: null, value: WindowPrototype, writable: false, enumerable: false, configurable: false });
ObjectDefineProperty(WindowPrototype, 'constructor', { __proto__: null, value: Window, writable: true, configurable: true, enumerable: false });
ObjectSetPrototypeOf(Window, EventTarget);
exposeInterface('Window', keepFast(Window));

// Cross-origin methods, made in this (the accessing) realm for a target
// frame: their prototype chain never leads into the target's realm. The
// host keeps one per (this realm, target realm, name); the cross-origin
// getters and setters are the host's own functions (web/window_proxy.rs).
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginproperties-(-o-) ("CrossOriginProperties")
hooks.makeCrossOriginFunction = (name, frameId) => {
  switch (name) {
    case 'postMessage':
      return function postMessage(message, targetOrigin = undefined, transfer = undefined) {
        requiredArguments(arguments.length, 1, 'postMessage', 'Window');
        return sendMessage(frameId, message, targetOrigin, transfer, arguments.length);
      };
    case 'close': return function close() { ops.windowClose(frameId); };
    case 'focus': return function focus() {};
    case 'blur': return function blur() {};
    // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-replace ("replace(url)"):
    // a javascript: URL does not navigate another origin's document.
    case 'replace': return function replace(url) {
      requiredArguments(arguments.length, 1, 'replace', 'Location');
      const href = resolveForNavigation(url, "Failed to execute 'replace' on 'Location': ");
      if (StringPrototypeStartsWith(href, 'javascript:')) return;
      ops.locationNavigate(frameId, href, true);
    };
    default: return undefined;
  }
};

// https://html.spec.whatwg.org/multipage/web-messaging.html#dom-window-postmessage ("postMessage(message, targetOrigin, transfer)")
// and ("postMessage(message, options)"): WebIDL's overload resolution
// (https://webidl.spec.whatwg.org/#dfn-overload-resolution-algorithm) on
// the argument count, then on the second argument: with two or fewer,
// undefined, null and objects select the WindowPostMessageOptions
// dictionary (its `transfer`, then its `targetOrigin`, default "/");
// with three, the second is the USVString targetOrigin and the third the
// `sequence<object>` transfer (default []).
function sendMessage(targetFrame, message, targetOrigin, transfer, argc) {
  let origin;
  let list;
  if (argc < 3 && (targetOrigin === undefined || targetOrigin === null || typeof targetOrigin === 'object' || typeof targetOrigin === 'function')) {
    list = serializeOptions(targetOrigin, 'postMessage', 'Window');
    const given = targetOrigin === undefined || targetOrigin === null ? undefined : targetOrigin.targetOrigin;
    origin = given === undefined ? '/' : toUSVString(given);
  } else {
    origin = toUSVString(targetOrigin);
    list = transfer === undefined ? [] : transferSequence(transfer, 'postMessage', 'Window');
  }
  windowPostMessageSteps(targetFrame, message, origin, list);
}

// https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps ("window post message steps"):
// targetOrigin is checked (steps 4-5) before the message is serialized
// with its transfer list (step 6). The host resolves "/" to the sender's
// origin, checks targetOrigin (with the same error) before it serializes,
// and queues the task at the target; the check here is for a transfer
// list, whose own errors (splitTransfer) come after it.
function windowPostMessageSteps(targetFrame, message, origin, list) {
  if (list.length !== 0 && origin !== '*' && origin !== '/' && parsedURL(origin) === null) {
    throw new DOMException(`Failed to execute 'postMessage' on 'Window': Invalid target origin '${origin}' in a call to 'postMessage'.`, 'SyntaxError');
  }
  const t = splitTransfer(list);
  ops.windowPostMessage(targetFrame, message, origin, t.buffers, t.ports, t.portObjects);
  detachPorts(t.portObjects);
}

// The window post message steps' task, at the target.
hooks.deliverMessage = (data, origin, source, ports, error) => {
  domChanged();
  const e = trustedMessageEvent(error, data, origin, source, ports);
  dispatch(global, e, FROM_TASK);
};

// What the inspector measures from this realm about another window.
const CROSS_ORIGIN_MEMBERS = ['window', 'self', 'location', 'close', 'closed', 'focus', 'blur', 'frames', 'length', 'top', 'opener', 'parent', 'postMessage'];
hooks.probe = (w) => {
  const r = { dom: false, global: false, members: [] };
  try { r.dom = w.document !== undefined && w.document !== null && typeof w.document.documentElement === 'object'; } catch (e) { r.dom = false; }
  try { r.global = typeof w.Array === 'function'; } catch (e) { r.global = false; }
  for (let i = 0; i < CROSS_ORIGIN_MEMBERS.length; i++) {
    try { void w[CROSS_ORIGIN_MEMBERS[i]]; ArrayAppend(r.members, CROSS_ORIGIN_MEMBERS[i]); } catch (e) { /* refused */ }
  }
  return r;
};

// Window members (own properties of the global, as in browsers), per the
// IDL of Window and its partial interfaces (CSSOM View's geometry,
// Selection API's getSelection()).
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object ("The Window object")
// https://drafts.csswg.org/cssom-view/#extensions-to-the-window-interface ("Extensions to the Window Interface")
const windowSelf = function () { return global; };
// [LegacyUnforgeable]: own, non-configurable.
ObjectDefineProperty(global, 'window', { __proto__: null, get: windowSelf, enumerable: true, configurable: false });
ObjectDefineProperty(global, 'document', { __proto__: null, get() { return wrap(ops.windowDocument()); }, enumerable: true, configurable: false });
ObjectDefineProperty(global, 'top', { __proto__: null, get() { return ops.windowTop(); }, enumerable: true, configurable: false });

// https://webidl.spec.whatwg.org/#Replaceable ("[Replaceable]"): a
// readonly attribute whose setter defines a data property of that name on
// the window, hiding the attribute.
function defineReplaceable(getters) {
  const names = ObjectKeys(getters);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    ObjectDefineProperty(global, name, {
      __proto__: null,
      get: getters[name],
      set(v) { ObjectDefineProperty(global, name, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true }); },
      enumerable: true,
      configurable: true,
    });
  }
}

// https://html.spec.whatwg.org/multipage/webappapis.html#current-event ("current event"):
// the slot dispatch sets while a listener of this realm runs.
const currentEvent = { event: undefined };
atRealmStart(() => { WeakMapPrototypeSet(currentEvents, global, currentEvent); });

// The window's geometry, headless: a top-level window is 1024×768 at
// (0, 0) unless window.open's features said otherwise; an iframe's
// viewport is its element's width and height (300×150 by default).
function geometry() { return ops.windowGeometry(); }

// https://html.spec.whatwg.org/multipage/nav-history-apis.html#barprop ("BarProp"):
// one of each per window.
const bars = { __proto__: null };
function bar(name) {
  return () => {
    let b = bars[name];
    if (b === undefined) { b = makeBarProp(); bars[name] = b; }
    return b;
  };
}

defineReplaceable({
  __proto__: null,
  self: windowSelf,
  frames: windowSelf,
  parent() { return ops.windowParent(); },
  length() { return ops.windowLength(); },
  locationbar: bar('locationbar'),
  menubar: bar('menubar'),
  personalbar: bar('personalbar'),
  scrollbars: bar('scrollbars'),
  statusbar: bar('statusbar'),
  toolbar: bar('toolbar'),
  // https://dom.spec.whatwg.org/#dom-window-event ("window.event")
  event() { return currentEvent.event; },
  external() { if (externalObject === null) externalObject = new (materialize('External'))(INTERNAL); return externalObject; },
  screen() { return windowScreen(); },
  innerWidth() { return geometry()[0]; },
  innerHeight() { return geometry()[1]; },
  outerWidth() { return geometry()[4]; },
  outerHeight() { return geometry()[5]; },
  screenX() { return geometry()[2]; },
  screenLeft() { return geometry()[2]; },
  screenY() { return geometry()[3]; },
  screenTop() { return geometry()[3]; },
  devicePixelRatio() { return 1; },
  scrollX() { return 0; },
  pageXOffset() { return 0; },
  scrollY() { return 0; },
  pageYOffset() { return 0; },
});

// https://html.spec.whatwg.org/multipage/obsolete.html#dom-external ("External"), made on first use.
let externalObject = null;

define(global, {
  get opener() { return ops.windowOpener(); },
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-opener ("opener" setter):
  // null disowns the opener; any other value replaces the attribute.
  set opener(v) {
    if (v === null) ops.windowClearOpener();
    else if (v !== undefined) ObjectDefineProperty(global, 'opener', { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
  },
  get closed() { return ops.windowClosed(info.frameId); },
  get frameElement() { return ops.windowFrameElement(); },
  get name() { return ops.windowName(); },
  set name(v) { ops.windowSetName(toDOMString(v)); },
  get status() { return statusText; },
  set status(v) { statusText = toDOMString(v); },
  // https://html.spec.whatwg.org/multipage/web-messaging.html#dom-window-postmessage ("postMessage(message, targetOrigin, transfer)")
  postMessage(message, targetOrigin = undefined, transfer = undefined) {
    requiredArguments(arguments.length, 1, 'postMessage', 'Window');
    return sendMessage(info.frameId, message, targetOrigin, transfer, arguments.length);
  },
  close() { ops.windowClose(info.frameId); },
  focus() {},
  blur() {},
  stop() {},
  // https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#simple-dialogs ("Simple dialogs"),
  // https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#printing ("Printing"):
  // nobody answers, so each is a console line and returns what a dismissed
  // dialog returns; in a sandbox without allow-modals, nothing (logged).
  print() { ops.windowModal('print', ''); },
  captureEvents() {},
  releaseEvents() {},
  alert(message = '') { ops.windowModal('alert', toDOMString(message)); },
  confirm(message = '') { ops.windowModal('confirm', toDOMString(message)); return false; },
  prompt(message = '', defaultValue = '') { ops.windowModal('prompt', toDOMString(message)); return null; },
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-open ("open(url, target, features)"):
  // the host chooses or makes the browsing context, in the isolate its
  // agent cluster says (web/browsing_context.rs); a window it makes gets
  // the features (width, height, left, top, popup...), tokenized by the
  // host and seen by the new window (innerWidth, screenX, menubar.visible...).
  open(url = '', target = '_blank', features = '') {
    const href = toDOMString(url);
    const u = href === '' ? '' : resolveForNavigation(href, "Failed to execute 'open' on 'Window': ");
    return ops.windowOpen(u, toDOMString(target), features === null ? '' : toDOMString(features));
  },
  // https://w3c.github.io/selection-api/#dom-window-getselection ("getSelection()"):
  // the document's selection.
  getSelection() {
    const doc = wrap(ops.windowDocument());
    return doc === null ? null : doc.getSelection();
  },
  // https://html.spec.whatwg.org/multipage/browsers.html#dom-originagentcluster ("originAgentCluster")
  get originAgentCluster() { return ops.windowOriginAgentCluster(); },
  getComputedStyle(element) { return element.style; },
  matchMedia(query) { return { matches: false, media: toDOMString(query), addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} }; },
  requestAnimationFrame(cb) { return timerInit(() => cb(ops.performanceNow()), 16, [], false); },
  cancelAnimationFrame(id) { timerClear(id); },
  requestIdleCallback(cb) { return timerInit(() => cb({ didTimeout: false, timeRemaining: () => 50 }), 1, [], false); },
  cancelIdleCallback(id) { timerClear(id); },
  scrollTo() {}, scrollBy() {}, scroll() {},
  moveTo() {}, moveBy() {}, resizeTo() {}, resizeBy() {},
});
let statusText = '';
ObjectDefineProperty(global, 'location', { __proto__: null,
  get() { return location; },
  set(v) { navigate(v); },
  enumerable: true, configurable: false,
});
defineEventHandlers(global, ELEMENT_EVENT_HANDLERS, takeEventHandlers(ELEMENT_HANDLER_ACCESSORS, 2));
defineEventHandlers(global, WINDOW_EVENT_HANDLERS);

// Events the host fires at this window, from tasks. The load event (and
// pageshow/pagehide) has the document as its target, though its path is the
// window alone (HTML "the end": the load event's "legacy target
// override").
const LEGACY_TARGET_OVERRIDE = ['load', 'pageshow', 'pagehide'];
hooks.fireAtWindow = (type, bubbles, cancelable) => {
  domChanged();
  // The window is the whole path. With no listener of the type there, the
  // dispatch's first step that shows is compiling a <body> content
  // attribute handler for it (done here instead); if none comes of it,
  // firing has nothing to observe, and no event is made. (The host fires
  // no type here that has a legacy name.)
  if (!mayHaveListeners(global, type)) {
    if (domHooks.compileAttributeHandler !== null) domHooks.compileAttributeHandler(global, type);
    if (!mayHaveListeners(global, type)) return true;
  }
  const how = ArrayPrototypeIncludes(LEGACY_TARGET_OVERRIDE, type) ? fromTaskWithTarget(wrap(ops.windowDocument())) : FROM_TASK;
  return dispatch(global, trustedEvent(Event, type, { __proto__: null, bubbles, cancelable }), how);
};
// beforeunload, pagehide, unload, before a navigation replaces the
// document (web/navigation.rs).
// https://html.spec.whatwg.org/multipage/document-lifecycle.html#unloading-documents ("Unloading documents")
hooks.fireLifecycleEvent = (type) => {
  domChanged();
  switch (type) {
    case 'beforeunload':
    {
      // No constructor (BeforeUnloadEvent): made with the internal key.
      const e = new (materialize('BeforeUnloadEvent'))(INTERNAL);
      const s = ev(e);
      initialize(s, type, false, true);
      s.isTrusted = true;
      return dispatch(global, e, FROM_TASK);
    }
    case 'pagehide':
      return dispatch(global, trustedEvent(materialize('PageTransitionEvent'), type, { persisted: false }), fromTaskWithTarget(wrap(ops.windowDocument())));
    default:
      return dispatch(global, trustedEvent(Event, type, { __proto__: null }), FROM_TASK);
  }
};
hooks.fireHashChange = (oldURL, newURL) => {
  domChanged();
  return dispatch(global, trustedEvent(materialize('HashChangeEvent'), 'hashchange', { oldURL, newURL }), FROM_TASK);
};

