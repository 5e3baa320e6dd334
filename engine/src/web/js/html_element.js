// HTMLElement and HTMLUnknownElement (HTML), which the spec defines
// together, and the reflection of content attributes as IDL attributes.
// https://html.spec.whatwg.org/multipage/dom.html#htmlelement ("The HTMLElement interface")
//
// Not modelled: layout (offsetWidth... are 0; focusable areas are judged
// without it), focus across documents and windows, style beyond the style
// attribute's declarations, dataset's name rules beyond dashes.

// Uses exposeInterface, INTERNAL, lazyInterface, materialize, lazyState, sharedState, toDOMString, toLong (webidl.js);
//   trustedEvent (event.js); dispatch, IN_SCRIPT, domHooks (event_target.js); syntheticPointerEvent
//   (pointer_event.js); takeEventHandlers, defineEventHandlers (event_handlers.js); parsedURL
//   (url.js); ELEMENT_EVENT_HANDLERS, ELEMENT_HANDLER_ACCESSORS (global_event_handlers.js); domOps,
//   idOf, nodeIds, nodeHooks, domVersion (node.js); Element (element.js).

// The document base URL of document `docId` (domOps.documentBaseURL looks
// through the document for a <base href>), kept while the DOM and the
// document's URL stay as they were: reading every link's href is then not
// a walk of the document per link.
let baseURLSeen = null;
function documentBaseURLOf(docId) {
  const version = domVersion();
  const url = domOps.documentURL(docId);
  const seen = baseURLSeen;
  if (seen !== null && seen.doc === docId && seen.version === version && seen.url === url) return seen.base;
  const base = domOps.documentBaseURL(docId);
  baseURLSeen = { __proto__: null, doc: docId, version, url, base };
  return base;
}

// https://html.spec.whatwg.org/multipage/common-dom-interfaces.html#reflecting-content-attributes-in-idl-attributes ("Reflecting content attributes in IDL attributes"):
// `props` maps each IDL attribute to [content attribute, kind], kind one of
// undefined (DOMString), 'bool', 'url' or 'long'.
function reflect(proto, props) {
  const names = ObjectKeys(props);
  for (let i = 0; i < names.length; i++) {
    const attr = props[names[i]][0];
    const kind = props[names[i]][1];
    let desc;
    if (kind === 'bool') {
      desc = {
        __proto__: null,
        get() { return domOps.elementHasAttribute(idOf(this), attr); },
        set(v) { if (v) domOps.elementSetAttribute(idOf(this), attr, ''); else domOps.elementRemoveAttribute(idOf(this), attr); },
      };
    } else if (kind === 'url') {
      desc = {
        __proto__: null,
        get() {
          const v = domOps.elementGetAttribute(idOf(this), attr);
          if (v === null) return '';
          const u = parsedURL(v, documentBaseURLOf(domOps.nodeOwnerDocument(idOf(this))));
          return u !== null ? u.href : v;
        },
        set(v) { domOps.elementSetAttribute(idOf(this), attr, toDOMString(v)); },
      };
    } else if (kind === 'long') {
      desc = {
        __proto__: null,
        get() { const v = NumberParseInt(domOps.elementGetAttribute(idOf(this), attr), 10); return NumberIsNaN(v) ? 0 : v; },
        set(v) { domOps.elementSetAttribute(idOf(this), attr, StringCtor(toLong(v))); },
      };
    } else {
      desc = {
        __proto__: null,
        get() { const v = domOps.elementGetAttribute(idOf(this), attr); return v === null ? '' : v; },
        set(v) { domOps.elementSetAttribute(idOf(this), attr, toDOMString(v)); },
      };
    }
    desc.enumerable = true;
    desc.configurable = true;
    ObjectDefineProperty(proto, names[i], desc);
  }
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const datasets = new WeakMapCtor();
const styles = new WeakMapCtor();
// Elements whose click() is running (HTML's "click in progress flag").
const clicking = new WeakMapCtor();
class HTMLElement extends Element {
  constructor(key) {
    // Page script's `new`: a custom element's constructor (custom_element_registry.js).
    if (key !== INTERNAL) return nodeHooks.customElements().htmlConstructor(new.target, HTMLElement);
    super(key);
  }
  // https://html.spec.whatwg.org/multipage/dom.html#dom-dataset ("dataset")
  get dataset() { return lazyState(datasets, this, makeDataset); }
  get style() { return lazyState(styles, this, makeStyle); }
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-click ("click()")
  click() {
    const id = idOf(this);
    // 1. If this element is a form control that is disabled, then return.
    if (isDisabledFormControl(id)) return;
    // 2-3. The click in progress flag.
    if (WeakMapPrototypeHas(clicking, this)) return;
    WeakMapPrototypeSet(clicking, this, true);
    // 4. Fire a synthetic pointer event named click, not trusted, whose
    //    view is the element's node document's window.
    try {
      dispatch(this, syntheticPointerEvent('click', domOps.documentDefaultView(domOps.nodeOwnerDocument(id))), IN_SCRIPT);
    } finally {
      // 5. Unset the click in progress flag.
      WeakMapPrototypeDelete(clicking, this);
    }
  }
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-focus ("focus(options)")
  focus() { focusElement(this); }
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-blur ("blur()")
  blur() { blurElement(this); }
  get offsetWidth() { return 0; }
  get offsetHeight() { return 0; }
}
reflect(HTMLElement.prototype, { title: ['title'], lang: ['lang'], dir: ['dir'], hidden: ['hidden', 'bool'], accessKey: ['accesskey'], tabIndex: ['tabindex', 'long'] });
defineEventHandlers(HTMLElement.prototype, ELEMENT_EVENT_HANDLERS, takeEventHandlers(ELEMENT_HANDLER_ACCESSORS, 0));
exposeInterface('HTMLElement', HTMLElement);

// https://html.spec.whatwg.org/multipage/dom.html#htmlunknownelement ("HTMLUnknownElement")
lazyInterface('HTMLUnknownElement', () => class HTMLUnknownElement extends HTMLElement {
  constructor(key) {
    if (key !== INTERNAL) return nodeHooks.customElements().htmlConstructor(new.target, HTMLUnknownElement);
    super(key);
  }
});

// "data-foo-bar" <-> fooBar.
function dataAttribute(k) {
  let out = 'data-';
  for (let i = 0; i < k.length; i++) {
    const c = k[i];
    out += c >= 'A' && c <= 'Z' ? '-' + StringPrototypeToLowerCase(c) : c;
  }
  return out;
}
function dataProperty(name) {
  let out = '';
  for (let i = 5; i < name.length; i++) {
    const c = name[i];
    const next = name[i + 1];
    if (c === '-' && next !== undefined && next >= 'a' && next <= 'z') {
      out += StringPrototypeToUpperCase(next);
      i++;
    } else {
      out += c;
    }
  }
  return out;
}
function makeDataset(element) {
  const id = idOf(element);
  // A property key as an attribute name (a Symbol reads as its description).
  const toAttr = (k) => dataAttribute(StringCtor(k));
  return new ProxyCtor({}, {
    __proto__: null,
    get(_, k) { return typeof k === 'string' ? (domOps.elementGetAttribute(id, toAttr(k)) ?? undefined) : undefined; },
    set(_, k, v) { setAttributeOf(element, toAttr(k), v); return true; },
    has(_, k) { return domOps.elementHasAttribute(id, toAttr(k)); },
    deleteProperty(_, k) { removeAttributeOf(element, toAttr(k)); return true; },
    ownKeys() {
      const keys = [];
      const names = domOps.elementGetAttributeNames(id);
      for (let i = 0; i < names.length; i++) if (StringPrototypeStartsWith(names[i], 'data-')) ArrayAppend(keys, dataProperty(names[i]));
      return keys;
    },
    getOwnPropertyDescriptor(_, k) {
      const v = domOps.elementGetAttribute(id, toAttr(k));
      return v === null ? undefined : { value: v, enumerable: true, configurable: true, writable: true };
    },
  });
}
// Element.prototype.setAttribute and removeAttribute, as page script calls
// them (handler attributes and all).
const ElementPrototypeSetAttribute = Element.prototype.setAttribute;
const ElementPrototypeRemoveAttribute = Element.prototype.removeAttribute;
function setAttributeOf(element, name, value) {
  ReflectApply(ElementPrototypeSetAttribute, element, [name, value]);
}
function removeAttributeOf(element, name) {
  ReflectApply(ElementPrototypeRemoveAttribute, element, [name]);
}

// The declarations of the style attribute, as a CSSStyleDeclaration would
// read and write them (https://drafts.csswg.org/cssom/#the-cssstyledeclaration-interface),
// with no parsing of values.
function makeStyle(element) {
  const id = idOf(element);
  const text = () => domOps.elementGetAttribute(id, 'style') || '';
  const parse = () => {
    const m = new MapCtor();
    const t = text();
    for (let start = 0; start <= t.length;) {
      let end = StringPrototypeIndexOf(t, ';', start);
      if (end < 0) end = t.length;
      const decl = StringPrototypeSlice(t, start, end);
      start = end + 1;
      const i = StringPrototypeIndexOf(decl, ':');
      if (i > 0) MapPrototypeSet(m, StringPrototypeTrim(StringPrototypeSlice(decl, 0, i)), StringPrototypeTrim(StringPrototypeSlice(decl, i + 1)));
    }
    return m;
  };
  const write = (m) => {
    const parts = [];
    MapPrototypeForEach(m, (v, k) => ArrayAppend(parts, `${k}: ${v};`));
    setAttributeOf(element, 'style', ArrayPrototypeJoin(parts, ' '));
  };
  const css = (k) => {
    const s = StringCtor(k);
    let out = '';
    for (let i = 0; i < s.length; i++) out += s[i] >= 'A' && s[i] <= 'Z' ? '-' + StringPrototypeToLowerCase(s[i]) : s[i];
    return out;
  };
  const target = {
    getPropertyValue(k) { return MapPrototypeGet(parse(), k) || ''; },
    setProperty(k, v) { const m = parse(); if (v === '' || v === null) MapPrototypeDelete(m, k); else MapPrototypeSet(m, k, toDOMString(v)); write(m); },
    removeProperty(k) { const m = parse(); const old = MapPrototypeGet(m, k) || ''; MapPrototypeDelete(m, k); write(m); return old; },
  };
  return new ProxyCtor(target, {
    __proto__: null,
    get(t, k) {
      if (k in t) return t[k];
      if (k === 'cssText') return text();
      return typeof k === 'string' ? MapPrototypeGet(parse(), css(k)) || '' : undefined;
    },
    set(t, k, v) {
      if (k === 'cssText') { setAttributeOf(element, 'style', toDOMString(v)); return true; }
      target.setProperty(css(k), v);
      return true;
    },
  });
}

// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-fe-disabled ("disabled"):
// a button, input, select or textarea (or an option group, option or
// fieldset) with a disabled attribute, or inside a disabled fieldset
// other than in its first legend.
function disableable(localName) {
  switch (localName) {
    case 'button': case 'input': case 'select': case 'textarea': case 'fieldset': case 'optgroup': case 'option': return true;
    default: return false;
  }
}
function isDisabledFormControl(id) {
  if (domOps.nodeType(id) !== 1 || domOps.elementNamespaceURI(id) !== HTML_NS) return false;
  const name = domOps.nodeKind(id)[1];
  if (!disableable(name)) return false;
  if (domOps.elementHasAttribute(id, 'disabled')) return true;
  if (name === 'optgroup' || name === 'option') return false;
  let child = id;
  for (let p = domOps.nodeParentNode(id); p >= 0; child = p, p = domOps.nodeParentNode(p)) {
    if (domOps.nodeType(p) !== 1 || domOps.elementNamespaceURI(p) !== HTML_NS || domOps.nodeKind(p)[1] !== 'fieldset') continue;
    if (!domOps.elementHasAttribute(p, 'disabled')) continue;
    // The fieldset's first legend child keeps its controls enabled.
    const legend = firstLegend(p);
    if (legend < 0 || legend !== child) return true;
  }
  return false;
}
function firstLegend(fieldset) {
  for (let c = domOps.nodeFirstChild(fieldset); c >= 0; c = domOps.nodeNextSibling(c)) {
    if (domOps.nodeType(c) === 1 && domOps.elementNamespaceURI(c) === HTML_NS && domOps.nodeKind(c)[1] === 'legend') return c;
  }
  return -1;
}

// --- Focus ------------------------------------------------------------------

// Each document's focused element (HTML "focused area of the document"),
// by document id, shared by the origin's realms.
let focusedElements;
atRealmStart(() => { focusedElements = sharedState('focusedElements', () => new MapCtor()); });
// https://html.spec.whatwg.org/multipage/interaction.html#focusable-area ("focusable area"),
// without layout: a connected element that is a link, an enabled form
// control (not a hidden input), an iframe, an element with tabindex or
// contenteditable, a details' summary, or media with controls.
function isFocusable(id) {
  if (!domOps.nodeIsConnected(id) || domOps.nodeType(id) !== 1) return false;
  if (domOps.elementHasAttribute(id, 'tabindex')) return true;
  if (domOps.elementNamespaceURI(id) !== HTML_NS) return false;
  if (isDisabledFormControl(id)) return false;
  if (domOps.elementHasAttribute(id, 'contenteditable')) return true;
  switch (domOps.nodeKind(id)[1]) {
    case 'a': case 'area': return domOps.elementHasAttribute(id, 'href');
    case 'input': return StringPrototypeToLowerCase(domOps.elementGetAttribute(id, 'type') || '') !== 'hidden';
    case 'button': case 'select': case 'textarea': case 'iframe': return true;
    case 'audio': case 'video': return domOps.elementHasAttribute(id, 'controls');
    case 'summary': {
      const p = domOps.nodeParentNode(id);
      return p >= 0 && domOps.nodeType(p) === 1 && domOps.nodeKind(p)[1] === 'details';
    }
    default: return false;
  }
}
// The document's focused element, if it is still connected to it.
function focusedElement(docId) {
  const e = MapPrototypeGet(focusedElements, docId);
  if (e === undefined) return null;
  const id = idOf(e);
  if (domOps.nodeOwnerDocument(id) !== docId || !domOps.nodeIsConnected(id)) {
    MapPrototypeDelete(focusedElements, docId);
    return null;
  }
  return e;
}
function fireFocusEvent(target, type, relatedTarget, bubbles) {
  const FocusEvent = materialize('FocusEvent');
  const view = domOps.documentDefaultView(domOps.nodeOwnerDocument(idOf(target)));
  dispatch(target, trustedEvent(FocusEvent, type, { __proto__: null, bubbles, composed: true, view, relatedTarget }), IN_SCRIPT);
}
// https://html.spec.whatwg.org/multipage/interaction.html#focusing-steps ("focusing steps"),
// within one document: blur and focusout at the old element, then focus
// and focusin at the new one.
function focusElement(element) {
  const id = idOf(element);
  if (!isFocusable(id)) return;
  const docId = domOps.nodeOwnerDocument(id);
  const old = focusedElement(docId);
  if (old === element) return;
  if (old !== null) {
    fireFocusEvent(old, 'blur', element, false);
    fireFocusEvent(old, 'focusout', element, true);
  }
  MapPrototypeSet(focusedElements, docId, element);
  fireFocusEvent(element, 'focus', old, false);
  fireFocusEvent(element, 'focusin', old, true);
}
// https://html.spec.whatwg.org/multipage/interaction.html#unfocusing-steps ("unfocusing steps")
function blurElement(element) {
  const docId = domOps.nodeOwnerDocument(idOf(element));
  if (focusedElement(docId) !== element) return;
  MapPrototypeDelete(focusedElements, docId);
  fireFocusEvent(element, 'blur', null, false);
  fireFocusEvent(element, 'focusout', null, true);
}

// --- Activation behaviour ---------------------------------------------------------

// https://dom.spec.whatwg.org/#eventtarget-activation-behavior ("activation behavior"):
// the elements that have one, by local name (HTML elements only): each
// gives, for one dispatch, { preActivation, canceledActivation, run }
// (the first two possibly null), or null if this one has none.
const activationBehaviors = new MapCtor();
function defineActivationBehavior(localName, behavior) {
  MapPrototypeSet(activationBehaviors, localName, behavior);
}
domHooks.activationBehavior = (target) => {
  const id = WeakMapPrototypeGet(nodeIds, target);
  if (id === undefined || domOps.nodeType(id) !== 1 || domOps.elementNamespaceURI(id) !== HTML_NS) return null;
  const behavior = MapPrototypeGet(activationBehaviors, domOps.nodeKind(id)[1]);
  return behavior === undefined ? null : behavior(target, id);
};

domHooks.isHTMLElement = (value) => {
  const id = WeakMapPrototypeGet(nodeIds, value);
  return id !== undefined && domOps.nodeType(id) === 1 && domOps.elementNamespaceURI(id) === HTML_NS;
};

return [
  HTMLElement, reflect, isDisabledFormControl, focusedElement,
  defineActivationBehavior,
];
