// isohost Window bindings: the members of a window (HTML §7.2), location,
// frames, postMessage, and the cross-origin functions other realms get.
//
// Same-origin realms reach these members directly (same V8 security token).
// A cross-origin realm is stopped by V8's access check; the host's
// interceptor then serves only the spec's cross-origin members, using
// `hooks.makeCrossOriginFunction` to make functions in the *accessing* realm.

shared.realms.set(info.documentId, thisRealm);

// The global's prototype comes from the host's window template; it becomes
// Window.prototype (setting the global's own prototype would turn off the
// host's indexed `window[i]` handler).
const WindowPrototype = getPrototypeOf(global);
// Window.prototype → WindowProperties (named access: window.frameName,
// window.elementId, served by the host) → EventTarget.prototype.
const WindowProperties = ops.windowCreateProperties();
setPrototypeOf(WindowProperties, EventTarget.prototype);
defineProperty(WindowProperties, Symbol.toStringTag, { value: 'WindowProperties', configurable: true });
setPrototypeOf(WindowPrototype, WindowProperties);
const Window = function Window() { throw illegalConstructor(); };
defineProperty(Window, 'prototype', { value: WindowPrototype, writable: false, enumerable: false, configurable: false });
defineProperty(WindowPrototype, 'constructor', { value: Window, writable: true, configurable: true, enumerable: false });
setPrototypeOf(Window, EventTarget);
exposeInterface('Window', Window);

// Location: an object from a host template, so that V8 checks access to it
// like to the window itself (only href's setter and replace() cross origins).
class Location {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
}
exposeInterface('Location', Location);
const location = ops.locationCreate();
setPrototypeOf(location, Location.prototype);
// No session history is modelled, so replace() and reload() navigate like
// assign().
function navigate(url) {
  const href = resolveForNavigation(url, "Failed to execute 'assign' on 'Location': ");
  ops.locationNavigate(info.frameId, href);
}
function currentURL() { return parsedURL(ops.documentURL(ops.windowDocument())); }
const LOCATION_PARTS = ['origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
const locationProps = {
  href: {
    get() { return ops.documentURL(ops.windowDocument()); },
    set(v) { navigate(v); },
  },
  assign: { value(url) { navigate(url); } },
  replace: { value(url) { navigate(url); } },
  reload: { value() { ops.locationNavigate(info.frameId, ops.documentURL(ops.windowDocument())); } },
  toString: { value() { return ops.documentURL(ops.windowDocument()); } },
  valueOf: { value() { return this; } },
  ancestorOrigins: { get() { return ops.locationAncestorOrigins(); } },
};
for (const part of LOCATION_PARTS) {
  locationProps[part] = {
    get() { const u = currentURL(); return u ? u[part] : ''; },
  };
  if (part !== 'origin') {
    locationProps[part].set = function (v) {
      const parts = ops.urlSetPart(ops.documentURL(ops.windowDocument()), part, StringCtor(v));
      if (parts !== null) navigate(parts[0]);
    };
  }
}
for (const [k, d] of Object.entries(locationProps)) {
  d.enumerable = true;
  d.configurable = false;
  if ('value' in d) d.writable = false;
  defineProperty(location, k, d);
}
hooks.location = location;

// Cross-origin functions, made in this (the accessing) realm for a target
// frame: their prototype chain never leads into the target's realm.
hooks.makeCrossOriginFunction = (name, frameId) => {
  switch (name) {
    case 'postMessage':
      return function postMessage(message, targetOrigin = undefined, transfer = undefined) {
        if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'postMessage' on 'Window': 1 argument required, but only 0 present.");
        return sendMessage(frameId, message, targetOrigin, transfer, arguments.length);
      };
    case 'close': return function close() { ops.windowClose(frameId); };
    case 'focus': return function focus() {};
    case 'blur': return function blur() {};
    case 'replace': return function replace(url) { ops.locationNavigate(frameId, resolveForNavigation(url)); };
    case 'locationHrefSetter': return function (url) { ops.locationNavigate(frameId, resolveForNavigation(url)); };
    default: return undefined;
  }
};
// A navigation's URL, parsed against this realm's document: for a
// cross-origin navigation, the *accessing* document. `context` begins the
// SyntaxError's message.
function resolveForNavigation(url, context = '') {
  const u = parsedURL(StringCtor(url), ops.documentURL(ops.windowDocument()));
  if (u === null) throw new DOMException(`${context}'${url}' is not a valid URL.`, 'SyntaxError');
  return u.href;
}
hooks.resolveForNavigation = resolveForNavigation;

// HTML "window post message steps" for postMessage(message, targetOrigin,
// transfer) or postMessage(message, options): the targetOrigin is checked
// (step 5) before the message is serialized (step 7). The host resolves
// "/" to the sender's origin and queues the task at the target.
function sendMessage(targetFrame, message, targetOrigin, transfer, argc) {
  let origin = '/';
  let list = [];
  // WebIDL overload resolution: with two arguments, undefined, null and
  // objects select the options dictionary.
  const options = argc < 3 && (targetOrigin === undefined || targetOrigin === null || typeof targetOrigin === 'object' || typeof targetOrigin === 'function');
  if (options) {
    list = transferList(targetOrigin, 'postMessage');
    const given = targetOrigin === undefined || targetOrigin === null ? undefined : targetOrigin.targetOrigin;
    origin = given === undefined ? '/' : StringCtor(given);
  } else {
    origin = StringCtor(targetOrigin);
    if (transfer !== undefined) list = transferList(transfer, 'postMessage');
  }
  if (origin !== '*' && origin !== '/' && parsedURL(origin) === null) {
    throw new DOMException(`Failed to execute 'postMessage' on 'Window': Invalid target origin '${origin}' in a call to 'postMessage'.`, 'SyntaxError');
  }
  const t = splitTransfer(list);
  ops.windowPostMessage(targetFrame, message, origin, t.buffers, t.ports, t.portObjects);
  detachPorts(t.portObjects);
}

// HTML "window post message steps", the task at the target.
hooks.deliverMessage = (data, origin, source, ports, error) => {
  domChanged();
  const e = trustedEvent(MessageEvent, error ? 'messageerror' : 'message', { data, origin, source, ports: Object.freeze(ports) });
  dispatch(global, e, FROM_TASK);
};

// What the inspector measures from this realm about another window.
hooks.probe = (w) => {
  const r = { dom: false, global: false, members: [] };
  try { r.dom = w.document !== undefined && w.document !== null && typeof w.document.documentElement === 'object'; } catch (e) { r.dom = false; }
  try { r.global = typeof w.Array === 'function'; } catch (e) { r.global = false; }
  for (const m of ['window', 'self', 'location', 'close', 'closed', 'focus', 'blur', 'frames', 'length', 'top', 'opener', 'parent', 'postMessage']) {
    try { void w[m]; r.members.push(m); } catch (e) { /* refused */ }
  }
  return r;
};

// Window members (own properties of the global, as in browsers).
const windowSelf = function () { return global; };
for (const name of ['window', 'frames']) {
  defineProperty(global, name, { get: windowSelf, enumerable: true, configurable: name !== 'window' });
}
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
  set name(v) { ops.windowSetName(StringCtor(v)); },
  get status() { return ''; },
  set status(v) {},
  postMessage(message, targetOrigin = undefined, transfer = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'postMessage' on 'Window': 1 argument required, but only 0 present.");
    return sendMessage(info.frameId, message, targetOrigin, transfer, arguments.length);
  },
  close() { ops.windowClose(info.frameId); },
  focus() {},
  blur() {},
  stop() {},
  print() {},
  alert(message = '') { ops.consolePrint('info', `[alert] ${StringCtor(message)}`); },
  confirm(message = '') { ops.consolePrint('info', `[confirm] ${StringCtor(message)}`); return false; },
  prompt(message = '') { ops.consolePrint('info', `[prompt] ${StringCtor(message)}`); return null; },
  open(url = '', target = '_blank', features = '') {
    const u = url === '' ? 'about:blank' : resolveForNavigation(url);
    return ops.windowOpen(u, StringCtor(target), StringCtor(features));
  },
  getComputedStyle(element) { return element.style; },
  matchMedia(query) { return { matches: false, media: StringCtor(query), addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} }; },
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
defineProperty(global, 'location', {
  get() { return location; },
  set(v) { navigate(v); },
  enumerable: true, configurable: false,
});
defineEventHandlers(global, [...GLOBAL_EVENT_HANDLERS, ...WINDOW_EVENT_HANDLERS]);

const navigatorObject = {
  get userAgent() { return 'Mozilla/5.0 (isohost; V8 10.2) isohost/0.1'; },
  get appName() { return 'Netscape'; },
  get appVersion() { return '5.0 (isohost)'; },
  get platform() { return 'Linux x86_64'; },
  get language() { return 'en-US'; },
  get languages() { return ['en-US', 'en']; },
  get onLine() { return true; },
  get cookieEnabled() { return false; },
  get hardwareConcurrency() { return ops.navigatorHardwareConcurrency(); },
  get webdriver() { return true; },
  get vendor() { return ''; },
};
defineProperty(navigatorObject, Symbol.toStringTag, { value: 'Navigator', configurable: true });
defineProperty(global, 'navigator', { value: navigatorObject, writable: true, configurable: true, enumerable: true });
const historyObject = {
  get length() { return 1; },
  get state() { return null; },
  back() {}, forward() {}, go() {},
  pushState() {}, replaceState() {},
};
defineProperty(global, 'history', { value: historyObject, writable: true, configurable: true, enumerable: true });
defineProperty(global, 'screen', { value: { width: 1024, height: 768, availWidth: 1024, availHeight: 768, colorDepth: 24, pixelDepth: 24 }, writable: true, configurable: true, enumerable: true });

// Events the host fires at this window, from tasks. The load event (and
// pageshow/pagehide) has the document as its target, though its path is the
// window alone (HTML "the end", step 9: "legacy target override").
const LEGACY_TARGET_OVERRIDE = new Set(['load', 'pageshow', 'pagehide']);
hooks.fireAtWindow = (type, bubbles, cancelable) => {
  domChanged();
  const how = LEGACY_TARGET_OVERRIDE.has(type) ? fromTaskWithTarget(wrap(ops.windowDocument())) : FROM_TASK;
  return dispatch(global, trustedEvent(Event, type, { bubbles, cancelable }), how);
};
hooks.fireHashChange = (oldURL, newURL) => {
  domChanged();
  return dispatch(global, trustedEvent(materialize('HashChangeEvent'), 'hashchange', { oldURL, newURL }), FROM_TASK);
};
