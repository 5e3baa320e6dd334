// Window (HTML): the global of a browsing context, its members, the window
// post message steps, and the cross-origin functions other realms get.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object ("The Window object")
//
// Same-origin realms reach these members directly (same V8 security
// token). A cross-origin realm is stopped by V8's access check; the
// host's interceptor (web/window_proxy.rs) then serves only the spec's
// cross-origin members, using `hooks.makeCrossOriginFunction` to make
// functions in the *accessing* realm. Not modelled: layout and scrolling
// (fixed sizes), dialogs (alert... only print to the console, or nothing
// in a sandbox without allow-modals), focus, matchMedia beyond "no match".

// Uses define, exposeInterface, illegalConstructor, materialize, requiredArguments, toDOMString
//   (webidl.js); DOMException (dom_exception.js); Event, trustedEvent (event.js); dispatch,
//   FROM_TASK, fromTaskWithTarget (event_target.js); defineEventHandlers (event_handlers.js);
//   MessageEvent (message_event.js); timerInit, timerClear (timers.js); parsedURL (url.js);
//   transferList, splitTransfer, detachPorts (message_port.js); GLOBAL_EVENT_HANDLERS,
//   WINDOW_EVENT_HANDLERS (global_event_handlers.js); domChanged, wrap (node.js); location,
//   navigate, resolveForNavigation (location.js); INTERNAL (webidl.js).

// The global's prototype comes from the host's window template; it becomes
// Window.prototype (setting the global's own prototype would turn off the
// host's indexed `window[i]` handler).
const WindowPrototype = ObjectGetPrototypeOf(global);
// Window.prototype -> WindowProperties (named access: window.frameName,
// window.elementId, served by the host) -> EventTarget.prototype.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object ("Named access on the Window object")
const WindowProperties = ops.windowCreateProperties();
ObjectSetPrototypeOf(WindowProperties, EventTarget.prototype);
ObjectDefineProperty(WindowProperties, SymbolToStringTag, { __proto__: null, value: 'WindowProperties', configurable: true });
ObjectSetPrototypeOf(WindowPrototype, WindowProperties);
const Window = function Window() { throw illegalConstructor(); };
ObjectDefineProperty(Window, 'prototype', { __proto__: null, value: WindowPrototype, writable: false, enumerable: false, configurable: false });
ObjectDefineProperty(WindowPrototype, 'constructor', { __proto__: null, value: Window, writable: true, configurable: true, enumerable: false });
ObjectSetPrototypeOf(Window, EventTarget);
exposeInterface('Window', Window);

// Cross-origin functions, made in this (the accessing) realm for a target
// frame: their prototype chain never leads into the target's realm.
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
    case 'replace': return function replace(url) { ops.locationNavigate(frameId, resolveForNavigation(url), true); };
    case 'locationHrefSetter': return function (url) { ops.locationNavigate(frameId, resolveForNavigation(url), false); };
    default: return undefined;
  }
};

// https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps ("window post message steps")
// for postMessage(message, targetOrigin, transfer) or postMessage(message,
// options): the targetOrigin is checked (step 5) before the message is
// serialized (step 7). The host resolves "/" to the sender's origin and
// queues the task at the target.
function sendMessage(targetFrame, message, targetOrigin, transfer, argc) {
  let origin = '/';
  let list = [];
  // WebIDL overload resolution: with two arguments, undefined, null and
  // objects select the options dictionary.
  const options = argc < 3 && (targetOrigin === undefined || targetOrigin === null || typeof targetOrigin === 'object' || typeof targetOrigin === 'function');
  if (options) {
    list = transferList(targetOrigin, 'postMessage', 'Window');
    const given = targetOrigin === undefined || targetOrigin === null ? undefined : targetOrigin.targetOrigin;
    origin = given === undefined ? '/' : toDOMString(given);
  } else {
    origin = toDOMString(targetOrigin);
    if (transfer !== undefined) list = transferList(transfer, 'postMessage', 'Window');
  }
  if (origin !== '*' && origin !== '/' && parsedURL(origin) === null) {
    throw new DOMException(`Failed to execute 'postMessage' on 'Window': Invalid target origin '${origin}' in a call to 'postMessage'.`, 'SyntaxError');
  }
  const t = splitTransfer(list);
  ops.windowPostMessage(targetFrame, message, origin, t.buffers, t.ports, t.portObjects);
  detachPorts(t.portObjects);
}

// The window post message steps' task, at the target.
hooks.deliverMessage = (data, origin, source, ports, error) => {
  domChanged();
  const e = trustedEvent(MessageEvent, error ? 'messageerror' : 'message', { data, origin, source, ports: ObjectFreeze(ports) });
  dispatch(global, e, FROM_TASK);
};

// What the inspector measures from this realm about another window.
const CROSS_ORIGIN_MEMBERS = ['window', 'self', 'location', 'close', 'closed', 'focus', 'blur', 'frames', 'length', 'top', 'opener', 'parent', 'postMessage'];
hooks.probe = (w) => {
  const r = { dom: false, global: false, members: [] };
  try { r.dom = w.document !== undefined && w.document !== null && typeof w.document.documentElement === 'object'; } catch (e) { r.dom = false; }
  try { r.global = typeof w.Array === 'function'; } catch (e) { r.global = false; }
  for (let i = 0; i < CROSS_ORIGIN_MEMBERS.length; i++) {
    try { void w[CROSS_ORIGIN_MEMBERS[i]]; ArrayPrototypePush(r.members, CROSS_ORIGIN_MEMBERS[i]); } catch (e) { /* refused */ }
  }
  return r;
};

// Window members (own properties of the global, as in browsers).
const windowSelf = function () { return global; };
ObjectDefineProperty(global, 'window', { __proto__: null, get: windowSelf, enumerable: true, configurable: false });
ObjectDefineProperty(global, 'frames', { __proto__: null, get: windowSelf, enumerable: true, configurable: true });
define(global, {
  get document() { return wrap(ops.windowDocument()); },
  get parent() { return ops.windowParent(); },
  get top() { return ops.windowTop(); },
  get opener() { return ops.windowOpener(); },
  set opener(v) { if (v === null) ops.windowClearOpener(); },
  get length() { return ops.windowLength(); },
  get closed() { return ops.windowClosed(info.frameId); },
  get frameElement() { return wrap(ops.windowFrameElement()); },
  get name() { return ops.windowName(); },
  set name(v) { ops.windowSetName(toDOMString(v)); },
  get status() { return ''; },
  set status(v) {},
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
  alert(message = '') { ops.windowModal('alert', toDOMString(message)); },
  confirm(message = '') { ops.windowModal('confirm', toDOMString(message)); return false; },
  prompt(message = '', defaultValue = '') { ops.windowModal('prompt', toDOMString(message)); return null; },
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-open ("open(url, target, features)"):
  // the host chooses or makes the browsing context, in the isolate its
  // agent cluster says (web/browsing_context.rs).
  open(url = '', target = '_blank', features = '') {
    const href = toDOMString(url);
    const u = href === '' ? '' : resolveForNavigation(href, "Failed to execute 'open' on 'Window': ");
    return ops.windowOpen(u, toDOMString(target), toDOMString(features));
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
  get innerWidth() { return 1024; },
  get innerHeight() { return 768; },
  get devicePixelRatio() { return 1; },
  get scrollX() { return 0; },
  get scrollY() { return 0; },
  get pageXOffset() { return 0; },
  get pageYOffset() { return 0; },
});
ObjectDefineProperty(global, 'location', { __proto__: null,
  get() { return location; },
  set(v) { navigate(v); },
  enumerable: true, configurable: false,
});
defineEventHandlers(global, ArrayPrototypeConcat(GLOBAL_EVENT_HANDLERS, WINDOW_EVENT_HANDLERS));
ObjectDefineProperty(global, 'screen', { __proto__: null, value: { width: 1024, height: 768, availWidth: 1024, availHeight: 768, colorDepth: 24, pixelDepth: 24 }, writable: true, configurable: true, enumerable: true });

// Events the host fires at this window, from tasks. The load event (and
// pageshow/pagehide) has the document as its target, though its path is the
// window alone (HTML "the end": the load event's "legacy target
// override").
const LEGACY_TARGET_OVERRIDE = ['load', 'pageshow', 'pagehide'];
hooks.fireAtWindow = (type, bubbles, cancelable) => {
  domChanged();
  const how = ArrayPrototypeIncludes(LEGACY_TARGET_OVERRIDE, type) ? fromTaskWithTarget(wrap(ops.windowDocument())) : FROM_TASK;
  return dispatch(global, trustedEvent(Event, type, { bubbles, cancelable }), how);
};
// beforeunload, pagehide, unload, before a navigation replaces the
// document (web/navigation.rs).
// https://html.spec.whatwg.org/multipage/document-lifecycle.html#unloading-documents ("Unloading documents")
hooks.fireLifecycleEvent = (type) => {
  domChanged();
  switch (type) {
    case 'beforeunload':
      return dispatch(global, trustedEvent(materialize('BeforeUnloadEvent'), type, { cancelable: true, [INTERNAL]: true }), FROM_TASK);
    case 'pagehide':
      return dispatch(global, trustedEvent(materialize('PageTransitionEvent'), type, { persisted: false }), fromTaskWithTarget(wrap(ops.windowDocument())));
    default:
      return dispatch(global, trustedEvent(Event, type, {}), FROM_TASK);
  }
};
hooks.fireHashChange = (oldURL, newURL) => {
  domChanged();
  return dispatch(global, trustedEvent(materialize('HashChangeEvent'), 'hashchange', { oldURL, newURL }), FROM_TASK);
};

