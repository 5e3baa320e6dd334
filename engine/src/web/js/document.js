// Document (DOM, and HTML's Document members; HTMLDocument is its other
// name), XMLDocument.
// https://dom.spec.whatwg.org/#interface-document ("Interface Document")
//
// Not modelled: cookies (beyond the SecurityError of a sandboxed document), focus, selection, editing commands,
// document.open(), lastModified, referrer (empty), XML documents (every
// document is an HTML one).

// Uses define, exposeInterface, lazyInterface, materialize, INTERNAL, lazyState, requiredArguments, toDOMString
//   (webidl.js); DOMException (dom_exception.js); Event, ev, trustedEvent (event.js); dispatch, domHooks,
//   mayHaveListeners, IN_SCRIPT, FROM_TASK (event_target.js); takeEventHandlers, defineEventHandlers
//   (event_handlers.js); ELEMENT_EVENT_HANDLERS, ELEMENT_HANDLER_ACCESSORS (global_event_handlers.js);
//   domOps, domChanged, idOf, nodeArg, wrap, adopt, nodeHooks, Node (node.js); liveNodeList (node_list.js);
//   liveCollection (html_collection.js); parentNodeMixin (parent_node.js); domImplementation
//   (dom_implementation.js); focusedElement (html_element.js); resolveForNavigation (location.js,
//   after this file).

// The readiness of each document (HTML "current document readiness").
const docState = new WeakMapCtor();
function dstate(doc) {
  return lazyState(docState, doc, () => ({ readyState: 'loading' }));
}

// https://dom.spec.whatwg.org/#dom-document-createevent ("createEvent(interface)"):
// the interface of each name of the spec's table (lowercased), undefined
// for others. Code, not an object every realm would hold (0.8 KiB).
function createEventInterface(name) {
  switch (name) {
    case 'beforeunloadevent': return 'BeforeUnloadEvent';
    case 'compositionevent': return 'CompositionEvent';
    case 'customevent': return 'CustomEvent';
    case 'devicemotionevent': return 'DeviceMotionEvent';
    case 'deviceorientationevent': return 'DeviceOrientationEvent';
    case 'dragevent': return 'DragEvent';
    case 'event': case 'events': case 'htmlevents': case 'svgevents': return 'Event';
    case 'focusevent': return 'FocusEvent';
    case 'hashchangeevent': return 'HashChangeEvent';
    case 'keyboardevent': return 'KeyboardEvent';
    case 'messageevent': return 'MessageEvent';
    case 'mouseevent': case 'mouseevents': return 'MouseEvent';
    case 'storageevent': return 'StorageEvent';
    case 'textevent': return 'TextEvent';
    case 'touchevent': return 'TouchEvent';
    case 'uievent': case 'uievents': return 'UIEvent';
    default: return undefined;
  }
}
// The interfaces that have no constructor: made with the internal token.
const NOT_CONSTRUCTIBLE_EVENTS = ['BeforeUnloadEvent', 'TextEvent'];

class Document extends Node {
  // https://dom.spec.whatwg.org/#dom-document-document ("new Document()")
  constructor(key = undefined) {
    if (key === INTERNAL) { super(INTERNAL); return; }
    const id = domOps.documentCreate();
    super(INTERNAL);
    adopt(this, id);
  }
  get URL() { return domOps.documentURL(idOf(this)); }
  get documentURI() { return domOps.documentURL(idOf(this)); }
  get compatMode() { return domOps.documentQuirksMode(idOf(this)) ? 'BackCompat' : 'CSS1Compat'; }
  // https://dom.spec.whatwg.org/#dom-document-characterset: the encoding
  // the document was decoded with (HTML's encoding sniffing).
  get characterSet() { return domOps.documentCharacterSet(idOf(this)); }
  get charset() { return domOps.documentCharacterSet(idOf(this)); }
  get inputEncoding() { return domOps.documentCharacterSet(idOf(this)); }
  get contentType() { return domOps.documentContentType(idOf(this)); }
  get doctype() {
    const children = domOps.nodeChildNodes(idOf(this));
    return wrap(ArrayPrototypeFind(children, (c) => domOps.nodeType(c) === 10));
  }
  get documentElement() { return wrap(domOps.documentElement(idOf(this))); }
  get head() { return wrap(domOps.documentHead(idOf(this))); }
  get body() { return wrap(domOps.documentBody(idOf(this))); }
  // https://html.spec.whatwg.org/multipage/dom.html#dom-document-body ("the body element" setter),
  // without its type checks.
  set body(v) {
    const id = idOf(this);
    const html = domOps.documentElement(id);
    if (html < 0) throw new DOMException('No document element', 'HierarchyRequestError');
    const old = domOps.documentBody(id);
    if (old >= 0) domOps.nodeReplaceChild(html, nodeArg(v, 'body'), old); else domOps.nodeAppendChild(html, nodeArg(v, 'body'));
  }
  get title() { return domOps.documentTitle(idOf(this)); }
  set title(v) { domOps.documentSetTitle(idOf(this), toDOMString(v)); }
  get readyState() { return dstate(this).readyState; }
  get currentScript() { return wrap(domOps.documentCurrentScript(idOf(this))); }
  get defaultView() { return domOps.documentDefaultView(idOf(this)); }
  get location() { const w = domOps.documentDefaultView(idOf(this)); return w ? w.location : null; }
  set location(v) { const w = domOps.documentDefaultView(idOf(this)); if (w) w.location.href = v; }
  // https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain ("document.domain"):
  // the host checks and relaxes the origin (web/document_policies.rs).
  get domain() { return domOps.documentDomain(idOf(this)); }
  set domain(v) { domOps.documentSetDomain(idOf(this), toDOMString(v)); }
  get referrer() { return ''; }
  // https://html.spec.whatwg.org/multipage/dom.html#dom-document-cookie ("document.cookie"):
  // no cookies, but a sandboxed document's access throws.
  get cookie() { domOps.documentCheckCookieAccess(idOf(this), false); return ''; }
  set cookie(v) { domOps.documentCheckCookieAccess(idOf(this), true); toDOMString(v); }
  get lastModified() { return DatePrototypeToLocaleString(new DateCtor(0)); }
  get visibilityState() { return 'visible'; }
  get hidden() { return false; }
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-documentorshadowroot-activeelement ("activeElement"):
  // the focused element (its host, if in a shadow tree), else the body,
  // else the document element.
  get activeElement() {
    const id = idOf(this);
    const focused = focusedElement(id);
    if (focused !== null) return shared.shadowTrees === true ? domHooks.shadowTrees().retarget(focused, this) : focused;
    const body = domOps.documentBody(id);
    return wrap(body >= 0 ? body : domOps.documentElement(id));
  }
  get scripts() { return elementsByTagName(this, 'script'); }
  get forms() { return elementsByTagName(this, 'form'); }
  get images() { return elementsByTagName(this, 'img'); }
  get links() { const doc = this; return liveCollection(() => domOps.parentNodeQuerySelectorAll(idOf(doc), 'a[href], area[href]')); }
  get implementation() { return domImplementation; }
  hasFocus() { return true; }
  getElementById(id) { return wrap(domOps.documentGetElementById(idOf(this), toDOMString(id))); }
  getElementsByName(name) {
    const doc = this;
    idOf(doc);
    const selector = `[name="${cssEscapeString(toDOMString(name))}"]`;
    return liveNodeList(() => domOps.parentNodeQuerySelectorAll(idOf(doc), selector));
  }
  // https://dom.spec.whatwg.org/#dom-document-createelement ("createElement(localName, options)")
  createElement(name, options = undefined) {
    requiredArguments(arguments.length, 1, 'createElement', 'Document');
    const localName = toDOMString(name);
    // options: a string (ignored) or an ElementCreationOptions dictionary.
    let isValue = null;
    if ((typeof options === 'object' && options !== null) || typeof options === 'function') {
      const is = options.is;
      if (is !== undefined) isValue = toDOMString(is);
    }
    const doc = idOf(this);
    // Without a registry for this document, no definition: an element made
    // as the tree makes it (custom_element_registry.js does the rest).
    const registries = shared.customElementRegistries;
    if (isValue === null && (registries === undefined || !MapPrototypeHas(registries, doc))) {
      return wrap(domOps.documentCreateElement(doc, localName));
    }
    return nodeHooks.customElements().createElement(doc, localName, isValue);
  }
  // https://dom.spec.whatwg.org/#dom-document-createelementns ("createElementNS(namespace, qualifiedName, options)")
  createElementNS(ns, name) {
    const doc = idOf(this);
    const id = domOps.documentCreateElementNS(doc, ns === null ? '' : toDOMString(ns), toDOMString(name));
    const registries = shared.customElementRegistries;
    if (registries === undefined || !MapPrototypeHas(registries, doc)) return wrap(id);
    return nodeHooks.customElements().createdElementNS(id);
  }
  createTextNode(data) { return wrap(domOps.documentCreateTextNode(idOf(this), toDOMString(data))); }
  createComment(data) { return wrap(domOps.documentCreateComment(idOf(this), toDOMString(data))); }
  // https://dom.spec.whatwg.org/#dom-document-createprocessinginstruction ("createProcessingInstruction(target, data)")
  createProcessingInstruction(target, data) {
    requiredArguments(arguments.length, 2, 'createProcessingInstruction', 'Document');
    return wrap(domOps.documentCreateProcessingInstruction(idOf(this), toDOMString(target), toDOMString(data)));
  }
  // https://dom.spec.whatwg.org/#dom-document-createcdatasection ("createCDATASection(data)")
  createCDATASection(data) {
    requiredArguments(arguments.length, 1, 'createCDATASection', 'Document');
    return wrap(domOps.documentCreateCDATASection(idOf(this), toDOMString(data)));
  }
  createDocumentFragment() { return wrap(domOps.documentCreateDocumentFragment(idOf(this))); }
  // https://dom.spec.whatwg.org/#dom-document-createevent ("createEvent(interface)")
  createEvent(iface) {
    requiredArguments(arguments.length, 1, 'createEvent', 'Document');
    iface = toDOMString(iface);
    // 1-3. The interface the table gives for the name, else NotSupportedError.
    const name = createEventInterface(StringPrototypeToLowerCase(iface));
    if (name === undefined) throw new DOMException(`Failed to execute 'createEvent' on 'Document': The provided event type ('${iface}') is invalid.`, 'NotSupportedError');
    // 5-9. An event of that interface, its type the empty string, its
    //      timeStamp now, isTrusted false, and its initialized flag unset.
    const C = materialize(name);
    const e = ArrayPrototypeIncludes(NOT_CONSTRUCTIBLE_EVENTS, name) ? new C(INTERNAL) : new C('');
    ev(e).initialized = false;
    return e;
  }
  importNode(node, deep = false) { return wrap(domOps.documentImportNode(idOf(this), nodeArg(node, 'importNode'), !!deep)); }
  adoptNode(node) { domOps.documentAdoptNode(idOf(this), nodeArg(node, 'adoptNode')); return node; }
  // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-document-write ("document.write(...text)"):
  // the host's document write steps (web/loading.rs): into the loading
  // parser's input, or a script-created parser's, which parses it at once;
  // after the document was parsed, an implicit document.open() first.
  write(...text) { domOps.documentWrite(idOf(this), joinStrings(text)); }
  writeln(...text) { domOps.documentWrite(idOf(this), joinStrings(text) + '\n'); }
  // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-document-open ("document.open()"):
  // with up to two arguments, the host's document open steps (another
  // origin's document, even one made same origin-domain by document.domain,
  // is a SecurityError); with three, the window open steps, for a document
  // that has a window.
  open(unused1 = undefined, unused2 = undefined) {
    if (arguments.length >= 3) {
      if (domOps.documentDefaultView(idOf(this)) === null) {
        throw new DOMException("Failed to execute 'open' on 'Document': The document has no window associated.", 'InvalidAccessError');
      }
      const url = toDOMString(arguments[0]);
      return ops.windowOpen(url === '' ? '' : resolveForNavigation(url, "Failed to execute 'open' on 'Document': "), toDOMString(arguments[1]), toDOMString(arguments[2]));
    }
    domOps.documentOpen(idOf(this));
    return this;
  }
  // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-document-close ("document.close()")
  close() { domOps.documentClose(idOf(this)); }
  getSelection() { return null; }
  execCommand() { return false; }
  queryCommandSupported() { return false; }
}
define(Document.prototype, parentNodeMixin, false);
defineEventHandlers(Document.prototype, ELEMENT_EVENT_HANDLERS, takeEventHandlers(ELEMENT_HANDLER_ACCESSORS, 1));
defineEventHandlers(Document.prototype, ['onreadystatechange', 'onvisibilitychange']);
exposeInterface('Document', Document);
// https://html.spec.whatwg.org/multipage/dom.html#the-document-object:
// "For historical reasons, Window objects must also have a writable,
// configurable, non-enumerable property named HTMLDocument whose value is
// the Document interface object."
ObjectDefineProperty(global, 'HTMLDocument', { __proto__: null, value: Document, writable: true, configurable: true, enumerable: false });
lazyInterface('XMLDocument', () => class XMLDocument extends Document {
  constructor(key = undefined) { super(key); }
});

function elementsByTagName(doc, name) {
  idOf(doc);
  return liveCollection(() => domOps.elementGetElementsByTagName(idOf(doc), name));
}
function joinStrings(items) {
  let out = '';
  for (let i = 0; i < items.length; i++) out += toDOMString(items[i]);
  return out;
}
// A string as the inside of a CSS string in double quotes.
function cssEscapeString(s) {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s[i] === '"' || s[i] === '\\' ? '\\' + s[i] : s[i];
  return out;
}

// Whether an event of `type` fired at `doc` would find a listener: its
// path is the document, then its window (DOM "get the parent", for any
// type but load), and neither can have a handler content attribute for
// the types fired below. Without one, firing it has nothing to observe, so
// none is made (most pages listen to neither).
function listened(doc, type) {
  if (mayHaveListeners(doc, type)) return true;
  const view = domOps.documentDefaultView(idOf(doc));
  return view !== null && view !== undefined && mayHaveListeners(view, type);
}

// Entries from the host. The host parses between scripts, so each entry
// moves the DOM version on.
hooks.setReadyState = (docId, state) => {
  domChanged();
  const doc = wrap(docId);
  dstate(doc).readyState = state;
  if (!listened(doc, 'readystatechange')) return;
  // Also called while script runs (a new frame's about:blank completes at
  // once), so no microtask checkpoints here.
  dispatch(doc, trustedEvent(Event, 'readystatechange'), IN_SCRIPT);
};
// https://html.spec.whatwg.org/multipage/parsing.html#the-end ("the end"),
// step 6: DOMContentLoaded, from a task.
hooks.fireDOMContentLoaded = (docId) => {
  domChanged();
  const doc = wrap(docId);
  if (!listened(doc, 'DOMContentLoaded')) return;
  dispatch(doc, trustedEvent(Event, 'DOMContentLoaded', { __proto__: null, bubbles: true }), FROM_TASK);
};
hooks.parserChangedDom = domChanged;

return [Document];
