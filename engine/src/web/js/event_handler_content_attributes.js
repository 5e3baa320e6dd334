// Event handler content attributes (HTML): onclick="..." on HTML elements,
// and <body>'s window-reflecting ones (onload="..."), compiled when first
// needed with the document, the form owner and the element on the scope.
// https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-content-attributes ("event handler content attributes")

// Uses domHooks (event_target.js); UNCOMPILED, handlerRecord, setHandler (event_handlers.js);
//   reportException (runtime_script_errors.js); ELEMENT_EVENT_HANDLERS, WINDOW_REFLECTING
//   (global_event_handlers.js); nodeIds, idOf, realms, wrap, thisRealm, domOps (node.js).

// https://html.spec.whatwg.org/multipage/forms.html#form-associated-element ("form-associated
// element"), by local name: its form owner is on a handler's scope. These
// tests are code and arrays every realm has anyway, not Sets (a Set of the
// 90 handler names cost each realm 2.6 KiB).
function formAssociated(localName) {
  switch (localName) {
    case 'button': case 'fieldset': case 'input': case 'object': case 'output': case 'select': case 'textarea': case 'img':
      return true;
    default: return false;
  }
}
const HTML_NS = 'http://www.w3.org/1999/xhtml';

function isHTMLElementId(id) {
  return domOps.nodeType(id) === 1 && domOps.elementNamespaceURI(id) === HTML_NS;
}
function isBodyOrFrameset(id) {
  const name = domOps.nodeKind(id)[1];
  return name === 'body' || name === 'frameset';
}

// Whose handler a content attribute sets: the element's, or for <body>'s
// window-reflecting ones (onload...), the window's; null if it is no handler.
function handlerTargetFor(element, name) {
  return handlerTargetOf(element, ArrayPrototypeIncludes(WINDOW_REFLECTING, name), ArrayPrototypeIncludes(ELEMENT_EVENT_HANDLERS, name));
}
// The same for a name known to be window-reflecting or not (`reflecting`)
// and an element's handler or not (`handler`).
function handlerTargetOf(element, reflecting, handler) {
  if (!reflecting && !handler) return null;
  const id = WeakMapPrototypeGet(nodeIds, element);
  if (id === undefined || !isHTMLElementId(id)) return null;
  if (reflecting && isBodyOrFrameset(id)) {
    // Only the body of this realm's document reflects this realm's window.
    const doc = domOps.windowDocument();
    return domOps.nodeOwnerDocument(id) === doc && domOps.documentBody(doc) === id ? global : null;
  }
  return handler ? element : null;
}

// https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes:concept-element-attributes-change-ext ("attribute change steps")
// for handler attributes set or removed by script: the handler becomes the
// attribute's uncompiled text (keeping its place among the listeners) or
// goes away.
function handlerAttributeChanged(element, name) {
  // Most attributes are not "on...": leave them at once.
  if (name.length < 3 || (StringPrototypeCharCodeAt(name, 0) | 0x20) !== 0x6f || (StringPrototypeCharCodeAt(name, 1) | 0x20) !== 0x6e) return;
  name = StringPrototypeToLowerCase(name);
  const target = handlerTargetFor(element, name);
  if (target === null) return;
  const source = domOps.elementGetAttribute(idOf(element), name);
  const type = StringPrototypeSlice(name, 2);
  if (source === null) setHandler(target, type, null);
  else setHandler(target, type, UNCOMPILED, source);
}

// https://html.spec.whatwg.org/multipage/webappapis.html#getting-the-current-value-of-the-event-handler ("getting the current value of the event handler"),
// for a content attribute: compiled when it is first needed (a dispatch,
// or reading the IDL attribute), in the element's realm.
// Called at every event dispatched at a window: a constant (see
// event_target.js's opCallStoppable).
const opWindowBodyAttribute = domOps.windowBodyAttribute;
// The last event type asked about, its content attribute's name, and
// whether that is a window-reflecting one or an element's handler: a
// page's events come in runs of one type (message after message, a click
// at each of its path's elements), whose name is then neither made again
// nor looked for in those lists (0.4 k instructions of a same-origin
// round trip's 74.5 k; for an element, the two lists are 110 names).
let lastType = null;
let lastName = '';
let lastReflecting = false;
let lastHandler = false;
domHooks.compileAttributeHandler = (target, type) => {
  if (type !== lastType) {
    lastName = 'on' + type;
    lastReflecting = ArrayPrototypeIncludes(WINDOW_REFLECTING, lastName);
    lastHandler = ArrayPrototypeIncludes(ELEMENT_EVENT_HANDLERS, lastName);
    lastType = type;
  }
  const name = lastName;
  let element, source;
  if (target === global) {
    if (!lastReflecting) return;
    // The body's attribute in one op (asked at every message event at the
    // window); the body is looked up again only when there is one.
    source = opWindowBodyAttribute(name);
    if (source === undefined) return;
    if (source !== null) element = wrap(domOps.documentBody(domOps.windowDocument()));
  } else {
    element = target;
    if (!WeakMapPrototypeHas(nodeIds, target) || handlerTargetOf(element, lastReflecting, lastHandler) !== target) return;
    source = domOps.elementGetAttribute(WeakMapPrototypeGet(nodeIds, element), name);
  }
  const rec = handlerRecord(target, type);
  if (source === null) {
    // The attribute is gone: a handler that came from it goes too.
    if (rec !== undefined && rec.source !== null) setHandler(target, type, null);
    return;
  }
  if (rec !== undefined && rec.source === source && rec.value !== UNCOMPILED) return;
  // The IDL attribute was set after the content attribute: it wins.
  if (rec !== undefined && rec.source === null && rec.value !== null) return;
  let fn = null;
  try {
    const id = WeakMapPrototypeGet(nodeIds, element);
    const doc = domOps.nodeOwnerDocument(id);
    const realm = MapPrototypeGet(realms, doc);
    fn = (realm === undefined ? thisRealm : realm).compileHandler(type, source, wrap(doc), formOwner(id), element, target === global);
  } catch (e) {
    reportException(e);
  }
  setHandler(target, type, fn, source, rec === undefined);
};

// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#form-owner ("form owner"):
// the form attribute's, else the nearest form ancestor.
function formOwner(id) {
  if (!formAssociated(domOps.nodeKind(id)[1])) return null;
  const formId = domOps.elementGetAttribute(id, 'form');
  const form = formId !== null ? domOps.documentGetElementById(domOps.nodeOwnerDocument(id), formId) : domOps.elementClosest(id, 'form');
  return form >= 0 && domOps.nodeKind(form)[1] === 'form' ? wrap(form) : null;
}

// Handler functions are made by this realm's Function, as non-strict code
// (the scope chain is built with `with`).
thisRealm.compileHandler = (type, source, doc, form, element, isWindowError) => {
  const params = type === 'error' && isWindowError ? 'event, source, lineno, colno, error' : 'event';
  const maker = new FunctionCtor('document', 'form', 'element',
    `with (document) with (form || {}) with (element) return function on${type}(${params}) {\n${source}\n};`);
  return maker(doc, form, element);
};

return [handlerAttributeChanged, formAssociated];
