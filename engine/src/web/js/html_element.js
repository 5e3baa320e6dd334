// HTMLElement and HTMLUnknownElement (HTML), which the spec defines
// together, and the reflection of content attributes as IDL attributes.
// https://html.spec.whatwg.org/multipage/dom.html#htmlelement ("The HTMLElement interface")
//
// Not modelled: layout (offsetWidth... are 0), focus, style beyond the
// style attribute's declarations, dataset's name rules beyond dashes.

// Uses exposeInterface, materialize, lazyState, toDOMString, toLong (webidl.js); dispatch,
//   IN_SCRIPT (event_target.js); defineEventHandlers (event_handlers.js); parsedURL (url.js);
//   ELEMENT_EVENT_HANDLERS (global_event_handlers.js); domOps, idOf (node.js); Element
//   (element.js).

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
          const u = parsedURL(v, domOps.documentURL(domOps.nodeOwnerDocument(idOf(this))));
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

const datasets = new WeakMapCtor();
const styles = new WeakMapCtor();
class HTMLElement extends Element {
  constructor(key) { super(key); }
  // https://html.spec.whatwg.org/multipage/dom.html#dom-dataset ("dataset")
  get dataset() { return lazyState(datasets, this, makeDataset); }
  get style() { return lazyState(styles, this, makeStyle); }
  // https://html.spec.whatwg.org/multipage/interaction.html#dom-click ("click()"):
  // "fire a synthetic pointer event" with the not-trusted flag.
  click() {
    const MouseEvent = materialize('MouseEvent');
    dispatch(this, new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, view: global, detail: 1 }), IN_SCRIPT);
  }
  focus() {}
  blur() {}
  get offsetWidth() { return 0; }
  get offsetHeight() { return 0; }
}
reflect(HTMLElement.prototype, { title: ['title'], lang: ['lang'], dir: ['dir'], hidden: ['hidden', 'bool'], accessKey: ['accesskey'], tabIndex: ['tabindex', 'long'] });
defineEventHandlers(HTMLElement.prototype, ELEMENT_EVENT_HANDLERS);
exposeInterface('HTMLElement', HTMLElement);

// https://html.spec.whatwg.org/multipage/dom.html#htmlunknownelement ("HTMLUnknownElement")
class HTMLUnknownElement extends HTMLElement {
  constructor(key) { super(key); }
}
exposeInterface('HTMLUnknownElement', HTMLUnknownElement);

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
      for (let i = 0; i < names.length; i++) if (StringPrototypeStartsWith(names[i], 'data-')) ArrayPrototypePush(keys, dataProperty(names[i]));
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
    MapPrototypeForEach(m, (v, k) => ArrayPrototypePush(parts, `${k}: ${v};`));
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

return [HTMLElement, HTMLUnknownElement, reflect];
