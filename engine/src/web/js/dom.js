// isohost DOM bindings: wrappers over dom-lite nodes, identified by node id.
//
// A node's wrapper is made once (wrapper identity: document.body ===
// document.body) in the realm of its node document's window, and shared by
// every same-origin realm of the tab through `shared.wrappers`.

const nodeIds = shared.ids;
const wrappers = shared.wrappers;

function idOf(node) {
  const id = nodeIds.get(node);
  if (id === undefined) throw new TypeErrorCtor('Illegal invocation');
  return id;
}

function nodeArg(value, method, iface = 'Node', index = 1) {
  const id = value === null || value === undefined ? undefined : nodeIds.get(value);
  if (id === undefined) throw new TypeErrorCtor(`Failed to execute '${method}' on '${iface}': parameter ${index} is not of type 'Node'.`);
  return id;
}

function wrap(id) {
  if (id === null || id === undefined || id < 0) return null;
  const existing = wrappers.get(id);
  if (existing) return existing;
  const doc = ops.ownerDocument(id);
  const realm = shared.realms.get(doc) || thisRealm;
  return realm.create(id);
}
function wrapAll(ids) { return ids.map(wrap); }

const thisRealm = {
  create(id) {
    const kind = ops.nodeKind(id);
    const C = classFor(kind[0], kind[1], kind[2]);
    const node = new C(INTERNAL);
    nodeIds.set(node, id);
    wrappers.set(id, node);
    return node;
  },
};
hooks.wrap = wrap;

// DOM exceptions from Rust ops arrive as [name, message] and are rethrown in
// this realm as DOMException.
function domCall(fn) {
  const r = fn();
  return r;
}
void domCall;

// --- NodeList / HTMLCollection (static snapshots) --------------------------

class NodeList {
  constructor(key, items) {
    if (key !== INTERNAL) throw illegalConstructor();
    for (let i = 0; i < items.length; i++) defineProperty(this, i, { value: items[i], enumerable: true });
    defineProperty(this, '__items', { value: items });
  }
  get length() { return this.__items.length; }
  item(i) { const v = this.__items[i >>> 0]; return v === undefined ? null : v; }
  forEach(cb, thisArg = undefined) { this.__items.forEach((v, i) => ReflectApply(cb, thisArg, [v, i, this])); }
  keys() { return this.__items.keys(); }
  values() { return this.__items.values(); }
  entries() { return this.__items.entries(); }
  [Symbol.iterator]() { return this.__items[Symbol.iterator](); }
}
exposeInterface('NodeList', NodeList);
class HTMLCollection {
  constructor(key, items) {
    if (key !== INTERNAL) throw illegalConstructor();
    for (let i = 0; i < items.length; i++) defineProperty(this, i, { value: items[i], enumerable: true });
    defineProperty(this, '__items', { value: items });
  }
  get length() { return this.__items.length; }
  item(i) { const v = this.__items[i >>> 0]; return v === undefined ? null : v; }
  namedItem(name) { return this.__items.find((e) => e.id === name || e.getAttribute('name') === name) || null; }
  [Symbol.iterator]() { return this.__items[Symbol.iterator](); }
}
exposeInterface('HTMLCollection', HTMLCollection);
const nodeList = (ids) => new NodeList(INTERNAL, wrapAll(ids));
const collection = (ids) => new HTMLCollection(INTERNAL, wrapAll(ids));

// --- Node -----------------------------------------------------------------

const NODE_TYPES = {
  ELEMENT_NODE: 1, ATTRIBUTE_NODE: 2, TEXT_NODE: 3, CDATA_SECTION_NODE: 4,
  ENTITY_REFERENCE_NODE: 5, ENTITY_NODE: 6, PROCESSING_INSTRUCTION_NODE: 7,
  COMMENT_NODE: 8, DOCUMENT_NODE: 9, DOCUMENT_TYPE_NODE: 10,
  DOCUMENT_FRAGMENT_NODE: 11, NOTATION_NODE: 12,
  DOCUMENT_POSITION_DISCONNECTED: 1, DOCUMENT_POSITION_PRECEDING: 2,
  DOCUMENT_POSITION_FOLLOWING: 4, DOCUMENT_POSITION_CONTAINS: 8,
  DOCUMENT_POSITION_CONTAINED_BY: 16, DOCUMENT_POSITION_IMPLEMENTATION_SPECIFIC: 32,
};

// Converts "nodes or strings" arguments (append, prepend, before, after…).
function convertNodes(doc, nodes) {
  return nodes.map((n) => (nodeIds.has(n) ? nodeIds.get(n) : ops.createTextNode(doc, StringCtor(n))));
}
function intoOne(doc, nodes) {
  const ids = convertNodes(doc, nodes);
  if (ids.length === 1) return ids[0];
  const frag = ops.createDocumentFragment(doc);
  for (const id of ids) ops.appendChild(frag, id);
  return frag;
}

class Node extends EventTarget {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    super();
  }
  get nodeType() { return ops.nodeType(idOf(this)); }
  get nodeName() { return ops.nodeName(idOf(this)); }
  get baseURI() { return ops.documentURL(ops.ownerDocument(idOf(this))); }
  get isConnected() { return ops.isConnected(idOf(this)); }
  get ownerDocument() { const id = idOf(this); return ops.nodeType(id) === 9 ? null : wrap(ops.ownerDocument(id)); }
  getRootNode() { return wrap(ops.root(idOf(this))); }
  get parentNode() { return wrap(ops.parentNode(idOf(this))); }
  get parentElement() { const p = ops.parentNode(idOf(this)); return p >= 0 && ops.nodeType(p) === 1 ? wrap(p) : null; }
  hasChildNodes() { return ops.firstChild(idOf(this)) >= 0; }
  get childNodes() { return nodeList(ops.childNodes(idOf(this))); }
  get firstChild() { return wrap(ops.firstChild(idOf(this))); }
  get lastChild() { return wrap(ops.lastChild(idOf(this))); }
  get previousSibling() { return wrap(ops.previousSibling(idOf(this))); }
  get nextSibling() { return wrap(ops.nextSibling(idOf(this))); }
  get nodeValue() { const id = idOf(this); const t = ops.nodeType(id); return t === 3 || t === 8 ? ops.data(id) : null; }
  set nodeValue(v) { const id = idOf(this); const t = ops.nodeType(id); if (t === 3 || t === 8) ops.setData(id, v === null ? '' : StringCtor(v)); }
  get textContent() { return ops.textContent(idOf(this)); }
  set textContent(v) { ops.setTextContent(idOf(this), v === null ? '' : StringCtor(v)); }
  normalize() {}
  cloneNode(deep = false) { return wrap(ops.cloneNode(idOf(this), !!deep)); }
  isEqualNode(other) { return other !== null && ops.isEqualNode(idOf(this), nodeArg(other, 'isEqualNode')); }
  isSameNode(other) { return this === other; }
  compareDocumentPosition(other) { return ops.compareDocumentPosition(idOf(this), nodeArg(other, 'compareDocumentPosition')); }
  contains(other) { return other !== null && other !== undefined && nodeIds.has(other) && ops.contains(idOf(this), idOf(other)); }
  lookupNamespaceURI() { return null; }
  isDefaultNamespace(ns) { return ns === null || ns === ''; }
  insertBefore(node, child) {
    const ref = child === null || child === undefined ? -1 : nodeArg(child, 'insertBefore', 'Node', 2);
    ops.insertBefore(idOf(this), nodeArg(node, 'insertBefore'), ref);
    return node;
  }
  appendChild(node) { ops.appendChild(idOf(this), nodeArg(node, 'appendChild')); return node; }
  replaceChild(node, child) { ops.replaceChild(idOf(this), nodeArg(node, 'replaceChild'), nodeArg(child, 'replaceChild', 'Node', 2)); return child; }
  removeChild(child) { ops.removeChild(idOf(this), nodeArg(child, 'removeChild')); return child; }
}
for (const [k, v] of Object.entries(NODE_TYPES)) {
  defineProperty(Node, k, { value: v, enumerable: true });
  defineProperty(Node.prototype, k, { value: v, enumerable: true });
}
exposeInterface('Node', Node);

// The event path: a node's parent, and from a document to its window.
getParentHooks.push((target, event) => {
  const id = nodeIds.get(target);
  if (id === undefined) return undefined;
  const p = ops.parentNode(id);
  if (p >= 0) return wrap(p);
  if (ops.nodeType(id) === 9 && ev(event).type !== 'load') return ops.documentWindow(id);
  return null;
});

describeNode = (node) => {
  const id = nodeIds.get(node);
  switch (ops.nodeType(id)) {
    case 1: return ops.outerHTML(id).replace(/>[\s\S]*$/, '>') + (ops.firstChild(id) >= 0 ? '…' : '');
    case 3: return `#text ${JSONStringify(ops.data(id))}`;
    case 8: return `<!--${ops.data(id)}-->`;
    case 9: return `#document (${ops.documentURL(id)})`;
    default: return ops.nodeName(id);
  }
};

// ParentNode / ChildNode mixins.
const parentNodeMixin = {
  get children() { return collection(ops.children(idOf(this))); },
  get firstElementChild() { const c = ops.children(idOf(this)); return c.length ? wrap(c[0]) : null; },
  get lastElementChild() { const c = ops.children(idOf(this)); return c.length ? wrap(c[c.length - 1]) : null; },
  get childElementCount() { return ops.children(idOf(this)).length; },
  querySelector(selectors) { return wrap(ops.querySelector(idOf(this), StringCtor(selectors))); },
  querySelectorAll(selectors) { return nodeList(ops.querySelectorAll(idOf(this), StringCtor(selectors))); },
  append(...nodes) { const id = idOf(this); ops.appendChild(id, intoOne(ops.ownerDocumentOrSelf(id), nodes)); },
  prepend(...nodes) { const id = idOf(this); ops.insertBefore(id, intoOne(ops.ownerDocumentOrSelf(id), nodes), ops.firstChild(id)); },
  replaceChildren(...nodes) {
    const id = idOf(this);
    const frag = intoOne(ops.ownerDocumentOrSelf(id), nodes);
    for (const c of ops.childNodes(id)) ops.removeChild(id, c);
    ops.appendChild(id, frag);
  },
  getElementsByTagName(name) { return collection(ops.getElementsByTagName(idOf(this), StringCtor(name))); },
  getElementsByClassName(names) { return collection(ops.getElementsByClassName(idOf(this), StringCtor(names))); },
};
const childNodeMixin = {
  before(...nodes) { const id = idOf(this); const p = ops.parentNode(id); if (p >= 0) ops.insertBefore(p, intoOne(ops.ownerDocument(id), nodes), id); },
  after(...nodes) { const id = idOf(this); const p = ops.parentNode(id); if (p >= 0) ops.insertBefore(p, intoOne(ops.ownerDocument(id), nodes), ops.nextSibling(id)); },
  replaceWith(...nodes) { const id = idOf(this); const p = ops.parentNode(id); if (p >= 0) { const n = intoOne(ops.ownerDocument(id), nodes); ops.replaceChild(p, n, id); } },
  remove() { ops.remove(idOf(this)); },
};

// --- CharacterData, Text, Comment, DocumentType, DocumentFragment ----------

class CharacterData extends Node {
  get data() { return ops.data(idOf(this)); }
  set data(v) { ops.setData(idOf(this), v === null ? '' : StringCtor(v)); }
  get length() { return ops.data(idOf(this)).length; }
  substringData(offset, count) { return this.data.substr(offset, count); }
  appendData(s) { this.data += StringCtor(s); }
  insertData(offset, s) { const d = this.data; this.data = d.slice(0, offset) + s + d.slice(offset); }
  deleteData(offset, count) { const d = this.data; this.data = d.slice(0, offset) + d.slice(offset + count); }
  replaceData(offset, count, s) { const d = this.data; this.data = d.slice(0, offset) + s + d.slice(offset + count); }
  get previousElementSibling() { return siblingElement(idOf(this), -1); }
  get nextElementSibling() { return siblingElement(idOf(this), 1); }
}
define(CharacterData.prototype, childNodeMixin, false);
exposeInterface('CharacterData', CharacterData);
class Text extends CharacterData {
  constructor(data = '') {
    if (data === INTERNAL) { super(INTERNAL); return; }
    const id = ops.createTextNode(ops.documentId(), StringCtor(data));
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
  get wholeText() { return this.data; }
  splitText(offset) {
    const d = this.data;
    const rest = ops.createTextNode(ops.ownerDocument(idOf(this)), d.slice(offset));
    this.data = d.slice(0, offset);
    const p = ops.parentNode(idOf(this));
    if (p >= 0) ops.insertBefore(p, rest, ops.nextSibling(idOf(this)));
    return wrap(rest);
  }
}
exposeInterface('Text', Text);
class Comment extends CharacterData {
  constructor(data = '') {
    if (data === INTERNAL) { super(INTERNAL); return; }
    const id = ops.createComment(ops.documentId(), StringCtor(data));
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
}
exposeInterface('Comment', Comment);
class DocumentType extends Node {
  get name() { return ops.nodeName(idOf(this)); }
  get publicId() { return ops.doctypeIds(idOf(this))[0]; }
  get systemId() { return ops.doctypeIds(idOf(this))[1]; }
}
define(DocumentType.prototype, childNodeMixin, false);
exposeInterface('DocumentType', DocumentType);
class DocumentFragment extends Node {
  constructor(key = undefined) {
    if (key === INTERNAL) { super(INTERNAL); return; }
    const id = ops.createDocumentFragment(ops.documentId());
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
  getElementById(id) { return wrap(ops.getElementById(idOf(this), StringCtor(id))); }
}
define(DocumentFragment.prototype, parentNodeMixin, false);
exposeInterface('DocumentFragment', DocumentFragment);

function siblingElement(id, dir) {
  let s = dir < 0 ? ops.previousSibling(id) : ops.nextSibling(id);
  while (s >= 0 && ops.nodeType(s) !== 1) s = dir < 0 ? ops.previousSibling(s) : ops.nextSibling(s);
  return wrap(s);
}

// --- Element --------------------------------------------------------------

const tokenLists = new WeakMapCtor();
class DOMTokenList {
  constructor(key, element, attr) {
    if (key !== INTERNAL) throw illegalConstructor();
    tokenLists.set(this, { element, attr });
  }
  _tokens() { const { element, attr } = tokenLists.get(this); const v = element.getAttribute(attr); return v ? v.split(/[\t\n\f\r ]+/).filter(Boolean) : []; }
  _set(tokens) { const { element, attr } = tokenLists.get(this); element.setAttribute(attr, [...new Set(tokens)].join(' ')); }
  get length() { return this._tokens().length; }
  get value() { const { element, attr } = tokenLists.get(this); return element.getAttribute(attr) || ''; }
  set value(v) { const { element, attr } = tokenLists.get(this); element.setAttribute(attr, v); }
  item(i) { const t = this._tokens()[i]; return t === undefined ? null : t; }
  contains(t) { return this._tokens().includes(StringCtor(t)); }
  add(...ts) { for (const t of ts) checkToken(t); this._set([...this._tokens(), ...ts.map(StringCtor)]); }
  remove(...ts) { for (const t of ts) checkToken(t); const r = ts.map(StringCtor); this._set(this._tokens().filter((t) => !r.includes(t))); }
  toggle(t, force = undefined) {
    checkToken(t); t = StringCtor(t);
    const has = this.contains(t);
    if (has && force !== true) { this.remove(t); return false; }
    if (!has && force !== false) { this.add(t); return true; }
    return has;
  }
  replace(a, b) { const ts = this._tokens(); const i = ts.indexOf(StringCtor(a)); if (i < 0) return false; ts[i] = StringCtor(b); this._set(ts); return true; }
  supports() { return true; }
  forEach(cb, thisArg = undefined) { this._tokens().forEach((t, i) => ReflectApply(cb, thisArg, [t, i, this])); }
  [Symbol.iterator]() { return this._tokens()[Symbol.iterator](); }
  toString() { return this.value; }
}
function checkToken(t) {
  t = StringCtor(t);
  if (t === '') throw new DOMException("Failed to execute on 'DOMTokenList': The token provided must not be empty.", 'SyntaxError');
  if (/[\t\n\f\r ]/.test(t)) throw new DOMException(`Failed to execute on 'DOMTokenList': The token provided ('${t}') contains HTML space characters, which are not valid in tokens.`, 'InvalidCharacterError');
}
exposeInterface('DOMTokenList', DOMTokenList);

class Element extends Node {
  get tagName() { return ops.nodeName(idOf(this)); }
  get localName() { return ops.nodeKind(idOf(this))[1]; }
  get namespaceURI() { return ops.namespaceURI(idOf(this)); }
  get prefix() { return null; }
  get id() { return ops.getAttribute(idOf(this), 'id') || ''; }
  set id(v) { ops.setAttribute(idOf(this), 'id', StringCtor(v)); }
  get className() { return ops.getAttribute(idOf(this), 'class') || ''; }
  set className(v) { ops.setAttribute(idOf(this), 'class', StringCtor(v)); }
  get classList() {
    let l = classLists.get(this);
    if (!l) { l = new DOMTokenList(INTERNAL, this, 'class'); classLists.set(this, l); }
    return l;
  }
  get attributes() {
    const id = idOf(this);
    const names = ops.attributeNames(id);
    const list = names.map((n) => ({ name: n, localName: n, value: ops.getAttribute(id, n), namespaceURI: null, prefix: null, specified: true }));
    for (const a of list) defineProperty(list, a.name, { value: a, enumerable: false });
    list.item = (i) => list[i] || null;
    list.getNamedItem = (n) => list.find((a) => a.name === StringCtor(n).toLowerCase()) || null;
    return list;
  }
  hasAttributes() { return ops.attributeNames(idOf(this)).length > 0; }
  getAttributeNames() { return ops.attributeNames(idOf(this)); }
  getAttribute(name) { return ops.getAttribute(idOf(this), StringCtor(name)); }
  getAttributeNS(ns, name) { return ops.getAttribute(idOf(this), StringCtor(name)); }
  setAttribute(name, value) {
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'setAttribute' on 'Element': 2 arguments required, but only ${arguments.length} present.`);
    ops.setAttribute(idOf(this), StringCtor(name), StringCtor(value));
  }
  setAttributeNS(ns, name, value) { ops.setAttribute(idOf(this), StringCtor(name), StringCtor(value)); }
  removeAttribute(name) { ops.removeAttribute(idOf(this), StringCtor(name)); }
  removeAttributeNS(ns, name) { ops.removeAttribute(idOf(this), StringCtor(name)); }
  hasAttribute(name) { return ops.hasAttribute(idOf(this), StringCtor(name)); }
  hasAttributeNS(ns, name) { return ops.hasAttribute(idOf(this), StringCtor(name)); }
  toggleAttribute(name, force = undefined) {
    const id = idOf(this);
    name = StringCtor(name);
    const has = ops.hasAttribute(id, name);
    if (has && force !== true) { ops.removeAttribute(id, name); return false; }
    if (!has && force !== false) { ops.setAttribute(id, name, ''); return true; }
    return has;
  }
  get innerHTML() { return ops.innerHTML(idOf(this)); }
  set innerHTML(v) { ops.setInnerHTML(idOf(this), v === null ? '' : StringCtor(v)); }
  get outerHTML() { return ops.outerHTML(idOf(this)); }
  set outerHTML(v) { ops.setOuterHTML(idOf(this), StringCtor(v)); }
  insertAdjacentHTML(position, text) { ops.insertAdjacentHTML(idOf(this), StringCtor(position), StringCtor(text)); }
  insertAdjacentElement(position, element) { insertAdjacent(this, StringCtor(position).toLowerCase(), nodeArg(element, 'insertAdjacentElement', 'Element', 2)); return element; }
  insertAdjacentText(position, text) { insertAdjacent(this, StringCtor(position).toLowerCase(), ops.createTextNode(ops.ownerDocument(idOf(this)), StringCtor(text))); }
  matches(selectors) { return ops.matches(idOf(this), StringCtor(selectors)); }
  webkitMatchesSelector(selectors) { return this.matches(selectors); }
  closest(selectors) { return wrap(ops.closest(idOf(this), StringCtor(selectors))); }
  get previousElementSibling() { return siblingElement(idOf(this), -1); }
  get nextElementSibling() { return siblingElement(idOf(this), 1); }
  getBoundingClientRect() { return { x: 0, y: 0, width: 0, height: 0, top: 0, right: 0, bottom: 0, left: 0, toJSON() { return this; } }; }
  getClientRects() { return []; }
  scrollIntoView() {}
  attachShadow() { throw new DOMException('Shadow DOM is not supported by isohost', 'NotSupportedError'); }
}
const classLists = new WeakMapCtor();
function insertAdjacent(element, position, nodeId) {
  const id = idOf(element);
  const p = ops.parentNode(id);
  switch (position) {
    case 'beforebegin': if (p >= 0) ops.insertBefore(p, nodeId, id); break;
    case 'afterbegin': ops.insertBefore(id, nodeId, ops.firstChild(id)); break;
    case 'beforeend': ops.appendChild(id, nodeId); break;
    case 'afterend': if (p >= 0) ops.insertBefore(p, nodeId, ops.nextSibling(id)); break;
    default: throw new DOMException(`The value provided ('${position}') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'.`, 'SyntaxError');
  }
}
define(Element.prototype, parentNodeMixin, false);
define(Element.prototype, childNodeMixin, false);
exposeInterface('Element', Element);

// HTMLElement and its subclasses, with reflected attributes.
const GLOBAL_EVENT_HANDLERS = ['onabort', 'onblur', 'oncancel', 'onchange', 'onclick', 'onclose', 'oncontextmenu', 'ondblclick', 'onerror', 'onfocus', 'oninput', 'oninvalid', 'onkeydown', 'onkeypress', 'onkeyup', 'onload', 'onmousedown', 'onmouseenter', 'onmouseleave', 'onmousemove', 'onmouseout', 'onmouseover', 'onmouseup', 'onreset', 'onresize', 'onscroll', 'onselect', 'onsubmit', 'ontoggle', 'onwheel'];

function reflect(proto, props) {
  for (const [prop, spec] of Object.entries(props)) {
    const [attr, kind] = spec;
    let desc;
    if (kind === 'bool') {
      desc = { get() { return ops.hasAttribute(idOf(this), attr); }, set(v) { if (v) ops.setAttribute(idOf(this), attr, ''); else ops.removeAttribute(idOf(this), attr); } };
    } else if (kind === 'url') {
      desc = {
        get() { const v = ops.getAttribute(idOf(this), attr); if (v === null) return ''; const u = parsedURL(v, ops.documentURL(ops.ownerDocument(idOf(this)))); return u ? u.href : v; },
        set(v) { ops.setAttribute(idOf(this), attr, StringCtor(v)); },
      };
    } else if (kind === 'long') {
      desc = { get() { const v = parseInt(ops.getAttribute(idOf(this), attr), 10); return Number.isNaN(v) ? 0 : v; }, set(v) { ops.setAttribute(idOf(this), attr, StringCtor(NumberCtor(v) | 0)); } };
    } else {
      desc = { get() { const v = ops.getAttribute(idOf(this), attr); return v === null ? '' : v; }, set(v) { ops.setAttribute(idOf(this), attr, StringCtor(v)); } };
    }
    desc.enumerable = true; desc.configurable = true;
    defineProperty(proto, prop, desc);
  }
}

const datasets = new WeakMapCtor();
class HTMLElement extends Element {
  get dataset() {
    let d = datasets.get(this);
    if (d) return d;
    const el = this;
    const toAttr = (k) => 'data-' + StringCtor(k).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    d = new Proxy({}, {
      get(_, k) { return typeof k === 'string' ? (el.getAttribute(toAttr(k)) ?? undefined) : undefined; },
      set(_, k, v) { el.setAttribute(toAttr(k), v); return true; },
      has(_, k) { return el.hasAttribute(toAttr(k)); },
      deleteProperty(_, k) { el.removeAttribute(toAttr(k)); return true; },
      ownKeys() { return el.getAttributeNames().filter((n) => n.startsWith('data-')).map((n) => n.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())); },
      getOwnPropertyDescriptor(_, k) { const v = el.getAttribute(toAttr(k)); return v === null ? undefined : { value: v, enumerable: true, configurable: true, writable: true }; },
    });
    datasets.set(this, d);
    return d;
  }
  get style() {
    let s = styles.get(this);
    if (!s) { s = makeStyle(this); styles.set(this, s); }
    return s;
  }
  click() { dispatch(this, trustedEventFor('MouseEvent', 'click', { bubbles: true, cancelable: true, composed: true })); }
  focus() {}
  blur() {}
  get offsetWidth() { return 0; }
  get offsetHeight() { return 0; }
}
const styles = new WeakMapCtor();
function makeStyle(element) {
  const parse = () => {
    const m = new MapCtor();
    for (const decl of (element.getAttribute('style') || '').split(';')) {
      const i = decl.indexOf(':');
      if (i > 0) m.set(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
    }
    return m;
  };
  const write = (m) => element.setAttribute('style', [...m].map(([k, v]) => `${k}: ${v};`).join(' '));
  const css = (k) => StringCtor(k).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const target = {
    getPropertyValue(k) { return parse().get(k) || ''; },
    setProperty(k, v) { const m = parse(); if (v === '' || v === null) m.delete(k); else m.set(k, StringCtor(v)); write(m); },
    removeProperty(k) { const m = parse(); const old = m.get(k) || ''; m.delete(k); write(m); return old; },
  };
  return new Proxy(target, {
    get(t, k) {
      if (k in t) return t[k];
      if (k === 'cssText') return element.getAttribute('style') || '';
      return typeof k === 'string' ? parse().get(css(k)) || '' : undefined;
    },
    set(t, k, v) {
      if (k === 'cssText') { element.setAttribute('style', StringCtor(v)); return true; }
      t.setProperty(css(k), v);
      return true;
    },
  });
}
function trustedEventFor(name, type, init) { return trustedEvent(getInterface(name), type, init); }
reflect(HTMLElement.prototype, { title: ['title'], lang: ['lang'], dir: ['dir'], hidden: ['hidden', 'bool'], accessKey: ['accesskey'], tabIndex: ['tabindex', 'long'] });
defineEventHandlers(HTMLElement.prototype, GLOBAL_EVENT_HANDLERS);
exposeInterface('HTMLElement', HTMLElement);

const HTML_INTERFACES = {
  HTMLHtmlElement: ['html'], HTMLHeadElement: ['head'], HTMLTitleElement: ['title'],
  HTMLBodyElement: ['body'], HTMLDivElement: ['div'], HTMLSpanElement: ['span'],
  HTMLParagraphElement: ['p'], HTMLHeadingElement: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  HTMLPreElement: ['pre', 'listing', 'xmp'], HTMLBRElement: ['br'], HTMLHRElement: ['hr'],
  HTMLUListElement: ['ul'], HTMLOListElement: ['ol'], HTMLLIElement: ['li'],
  HTMLTableElement: ['table'], HTMLTableRowElement: ['tr'], HTMLTableCellElement: ['td', 'th'],
  HTMLTableSectionElement: ['thead', 'tbody', 'tfoot'], HTMLFormElement: ['form'],
  HTMLInputElement: ['input'], HTMLButtonElement: ['button'], HTMLSelectElement: ['select'],
  HTMLOptionElement: ['option'], HTMLTextAreaElement: ['textarea'], HTMLLabelElement: ['label'],
  HTMLImageElement: ['img'], HTMLLinkElement: ['link'], HTMLMetaElement: ['meta'],
  HTMLStyleElement: ['style'], HTMLScriptElement: ['script'], HTMLIFrameElement: ['iframe'],
  HTMLAnchorElement: ['a'], HTMLTemplateElement: ['template'], HTMLCanvasElement: ['canvas'],
  HTMLSlotElement: ['slot'], HTMLDListElement: ['dl'], HTMLQuoteElement: ['blockquote', 'q'],
  HTMLBaseElement: ['base'], HTMLObjectElement: ['object'], HTMLEmbedElement: ['embed'],
  HTMLVideoElement: ['video'], HTMLAudioElement: ['audio'], HTMLDetailsElement: ['details'],
  HTMLDialogElement: ['dialog'], HTMLFrameSetElement: ['frameset'], HTMLFrameElement: ['frame'],
  HTMLDataElement: ['data'], HTMLTimeElement: ['time'], HTMLOutputElement: ['output'],
  HTMLProgressElement: ['progress'], HTMLMeterElement: ['meter'], HTMLFieldSetElement: ['fieldset'],
  HTMLLegendElement: ['legend'], HTMLMapElement: ['map'], HTMLAreaElement: ['area'],
  HTMLSourceElement: ['source'], HTMLTrackElement: ['track'], HTMLPictureElement: ['picture'],
  HTMLModElement: ['ins', 'del'], HTMLTableCaptionElement: ['caption'], HTMLTableColElement: ['col', 'colgroup'],
  HTMLOptGroupElement: ['optgroup'], HTMLDataListElement: ['datalist'], HTMLMenuElement: ['menu'],
};
const TAG_CLASSES = new MapCtor();
const HTMLUnknownElement = class HTMLUnknownElement extends HTMLElement {};
exposeInterface('HTMLUnknownElement', HTMLUnknownElement);
const HTML_KNOWN_PLAIN = ['abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'cite', 'code', 'dd', 'dfn', 'dt', 'em', 'figcaption', 'figure', 'footer', 'header', 'hgroup', 'i', 'kbd', 'main', 'mark', 'nav', 'noscript', 'rp', 'rt', 'ruby', 's', 'samp', 'search', 'section', 'small', 'strong', 'sub', 'summary', 'sup', 'u', 'var', 'wbr', 'center', 'nobr', 'noframes', 'plaintext', 'acronym', 'big', 'tt', 'strike'];
for (const tag of HTML_KNOWN_PLAIN) TAG_CLASSES.set(tag, HTMLElement);
const htmlClasses = {};
for (const [name, tags] of Object.entries(HTML_INTERFACES)) {
  const C = { [name]: class extends HTMLElement {} }[name];
  htmlClasses[name] = C;
  exposeInterface(name, C);
  for (const t of tags) TAG_CLASSES.set(t, C);
}
reflect(htmlClasses.HTMLAnchorElement.prototype, { href: ['href', 'url'], target: ['target'], rel: ['rel'], download: ['download'] });
reflect(htmlClasses.HTMLImageElement.prototype, { src: ['src', 'url'], alt: ['alt'], width: ['width', 'long'], height: ['height', 'long'] });
reflect(htmlClasses.HTMLLinkElement.prototype, { href: ['href', 'url'], rel: ['rel'], type: ['type'] });
reflect(htmlClasses.HTMLInputElement.prototype, { type: ['type'], name: ['name'], defaultValue: ['value'], disabled: ['disabled', 'bool'], defaultChecked: ['checked', 'bool'], placeholder: ['placeholder'] });
reflect(htmlClasses.HTMLButtonElement.prototype, { type: ['type'], name: ['name'], value: ['value'], disabled: ['disabled', 'bool'] });
reflect(htmlClasses.HTMLFormElement.prototype, { action: ['action', 'url'], method: ['method'], name: ['name'] });
reflect(htmlClasses.HTMLMetaElement.prototype, { name: ['name'], content: ['content'], httpEquiv: ['http-equiv'] });
reflect(htmlClasses.HTMLOptionElement.prototype, { value: ['value'], disabled: ['disabled', 'bool'] });
reflect(htmlClasses.HTMLBaseElement.prototype, { href: ['href', 'url'], target: ['target'] });
const inputState = new WeakMapCtor();
defineProperty(htmlClasses.HTMLInputElement.prototype, 'value', {
  get() { const s = inputState.get(this); return s && 'value' in s ? s.value : (this.getAttribute('value') || ''); },
  set(v) { const s = inputState.get(this) || {}; s.value = StringCtor(v); inputState.set(this, s); },
  enumerable: true, configurable: true,
});
defineProperty(htmlClasses.HTMLInputElement.prototype, 'checked', {
  get() { const s = inputState.get(this); return s && 'checked' in s ? s.checked : this.hasAttribute('checked'); },
  set(v) { const s = inputState.get(this) || {}; s.checked = !!v; inputState.set(this, s); },
  enumerable: true, configurable: true,
});
defineProperty(htmlClasses.HTMLTextAreaElement.prototype, 'value', {
  get() { const s = inputState.get(this); return s && 'value' in s ? s.value : this.textContent; },
  set(v) { const s = inputState.get(this) || {}; s.value = StringCtor(v); inputState.set(this, s); },
  enumerable: true, configurable: true,
});

// <script>
reflect(htmlClasses.HTMLScriptElement.prototype, { src: ['src', 'url'], type: ['type'], charset: ['charset'], defer: ['defer', 'bool'], crossOrigin: ['crossorigin'], noModule: ['nomodule', 'bool'] });
define(htmlClasses.HTMLScriptElement.prototype, {
  get text() { return this.textContent; },
  set text(v) { this.textContent = v; },
  get async() { return ops.hasAttribute(idOf(this), 'async'); },
  set async(v) { if (v) ops.setAttribute(idOf(this), 'async', ''); else ops.removeAttribute(idOf(this), 'async'); },
});

// <template>
defineProperty(htmlClasses.HTMLTemplateElement.prototype, 'content', {
  get() { return wrap(ops.templateContent(idOf(this))); }, enumerable: true, configurable: true,
});

// <iframe>
reflect(htmlClasses.HTMLIFrameElement.prototype, { src: ['src', 'url'], srcdoc: ['srcdoc'], name: ['name'], allow: ['allow'], width: ['width'], height: ['height'], referrerPolicy: ['referrerpolicy'], loading: ['loading'] });
const sandboxLists = new WeakMapCtor();
define(htmlClasses.HTMLIFrameElement.prototype, {
  get contentWindow() { return ops.contentWindow(idOf(this)); },
  get contentDocument() { return wrap(ops.contentDocument(idOf(this))); },
  get sandbox() {
    let l = sandboxLists.get(this);
    if (!l) { l = new DOMTokenList(INTERNAL, this, 'sandbox'); sandboxLists.set(this, l); }
    return l;
  },
  set sandbox(v) { ops.setAttribute(idOf(this), 'sandbox', StringCtor(v)); },
  getSVGDocument() { return null; },
});

// <body>/<frameset>: the window's event handlers are reflected on them.
const WINDOW_REFLECTING = ['onblur', 'onerror', 'onfocus', 'onload', 'onresize', 'onscroll', 'onafterprint', 'onbeforeprint', 'onbeforeunload', 'onhashchange', 'onlanguagechange', 'onmessage', 'onmessageerror', 'onoffline', 'ononline', 'onpagehide', 'onpageshow', 'onpopstate', 'onrejectionhandled', 'onstorage', 'onunhandledrejection', 'onunload'];
for (const C of [htmlClasses.HTMLBodyElement, htmlClasses.HTMLFrameSetElement]) {
  for (const name of WINDOW_REFLECTING) {
    const type = name.slice(2);
    defineProperty(C.prototype, name, {
      get() { return getHandler(global, type); },
      set(v) { setHandler(global, type, v); },
      enumerable: true, configurable: true,
    });
  }
}

class SVGElement extends Element {}
exposeInterface('SVGElement', SVGElement);

function classFor(nodeType, localName, isHTML) {
  switch (nodeType) {
    case 1:
      if (!isHTML) return isHTML === false && localName && ops ? SVGElement : Element;
      return TAG_CLASSES.get(localName) || (/-/.test(localName) ? HTMLElement : HTMLUnknownElement);
    case 3: return Text;
    case 8: return Comment;
    case 9: return Document;
    case 10: return DocumentType;
    case 11: return DocumentFragment;
    default: return Node;
  }
}

// Content attribute event handlers (onclick="…"): compiled when first
// needed, with the element, its form and its document on the scope chain.
compileAttributeHandler = (target, type) => {
  let element = target;
  let handlerTarget = target;
  if (target === global) {
    // Window handlers may come from <body onload="…">.
    if (!WINDOW_REFLECTING.includes('on' + type)) return;
    const body = ops.body(ops.documentId());
    if (body < 0) return;
    element = wrap(body);
  } else if (!nodeIds.has(target) || ops.nodeType(nodeIds.get(target)) !== 1) {
    return;
  }
  const id = nodeIds.get(element);
  const source = ops.getAttribute(id, 'on' + type);
  const map = handlersOf(handlerTarget, false);
  const rec = map && map.get(type);
  if (source === null) {
    if (rec && rec.attribute !== null) setHandler(handlerTarget, type, null, null);
    return;
  }
  if (rec && rec.attribute === source) return;
  if (rec && rec.attribute === null && rec.value !== null) return;
  let fn = null;
  try {
    const params = type === 'error' && handlerTarget === global ? 'event, source, lineno, colno, error' : 'event';
    const maker = new Function('document', 'element', `with (document) with (element) return function on${type}(${params}) {\n${source}\n};`);
    fn = maker(wrap(ops.ownerDocument(id)), element);
  } catch (e) {
    reportException(e);
  }
  setHandler(handlerTarget, type, fn, source);
};

// --- Document -------------------------------------------------------------

const docState = new WeakMapCtor();
function dstate(doc) {
  let s = docState.get(doc);
  if (!s) { s = { readyState: 'loading', currentScript: null }; docState.set(doc, s); }
  return s;
}
class Document extends Node {
  constructor(key = undefined) {
    if (key === INTERNAL) { super(INTERNAL); return; }
    const id = ops.createDocument();
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
  get URL() { return ops.documentURL(idOf(this)); }
  get documentURI() { return ops.documentURL(idOf(this)); }
  get compatMode() { return ops.quirksMode(idOf(this)) ? 'BackCompat' : 'CSS1Compat'; }
  get characterSet() { return 'UTF-8'; }
  get charset() { return 'UTF-8'; }
  get inputEncoding() { return 'UTF-8'; }
  get contentType() { return 'text/html'; }
  get doctype() { const id = idOf(this); return wrap(ops.childNodes(id).find((c) => ops.nodeType(c) === 10)); }
  get documentElement() { return wrap(ops.documentElement(idOf(this))); }
  get head() { return wrap(ops.head(idOf(this))); }
  get body() { return wrap(ops.body(idOf(this))); }
  set body(v) {
    const id = idOf(this);
    const html = ops.documentElement(id);
    if (html < 0) throw new DOMException('No document element', 'HierarchyRequestError');
    const old = ops.body(id);
    if (old >= 0) ops.replaceChild(html, nodeArg(v, 'body'), old); else ops.appendChild(html, nodeArg(v, 'body'));
  }
  get title() { return ops.title(idOf(this)); }
  set title(v) { ops.setTitle(idOf(this), StringCtor(v)); }
  get readyState() { return dstate(this).readyState; }
  get currentScript() { return dstate(this).currentScript; }
  get defaultView() { return ops.documentWindow(idOf(this)); }
  get location() { const w = ops.documentWindow(idOf(this)); return w ? w.location : null; }
  set location(v) { const w = ops.documentWindow(idOf(this)); if (w) w.location.href = v; }
  get domain() { const w = ops.documentWindow(idOf(this)); return w ? w.location.hostname : ''; }
  set domain(v) { throw new DOMException("Failed to set the 'domain' property on 'Document': setting document.domain is not supported by isohost (origin-keyed agent clusters).", 'SecurityError'); }
  get referrer() { return ''; }
  get cookie() { return ''; }
  set cookie(v) {}
  get lastModified() { return new Date(0).toLocaleString(); }
  get visibilityState() { return 'visible'; }
  get hidden() { return false; }
  get activeElement() { return this.body; }
  get scripts() { return this.getElementsByTagName('script'); }
  get forms() { return this.getElementsByTagName('form'); }
  get images() { return this.getElementsByTagName('img'); }
  get links() { return collection(ops.querySelectorAll(idOf(this), 'a[href], area[href]')); }
  get implementation() { return domImplementation; }
  hasFocus() { return true; }
  getElementById(id) { return wrap(ops.getElementById(idOf(this), StringCtor(id))); }
  getElementsByName(name) { return nodeList(ops.querySelectorAll(idOf(this), `[name="${StringCtor(name).replace(/["\\]/g, '\\$&')}"]`)); }
  createElement(name, options = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'createElement' on 'Document': 1 argument required, but only 0 present.");
    return wrap(ops.createElement(idOf(this), StringCtor(name)));
  }
  createElementNS(ns, name) { return wrap(ops.createElementNS(idOf(this), ns === null ? '' : StringCtor(ns), StringCtor(name))); }
  createTextNode(data) { return wrap(ops.createTextNode(idOf(this), StringCtor(data))); }
  createComment(data) { return wrap(ops.createComment(idOf(this), StringCtor(data))); }
  createDocumentFragment() { return wrap(ops.createDocumentFragment(idOf(this))); }
  createEvent(iface) {
    const name = StringCtor(iface).toLowerCase();
    const map = { event: Event, events: Event, htmlevents: Event, customevent: CustomEvent, messageevent: MessageEvent, errorevent: ErrorEvent, uievent: getInterface('UIEvent'), uievents: getInterface('UIEvent'), mouseevent: getInterface('MouseEvent'), mouseevents: getInterface('MouseEvent'), keyboardevent: getInterface('KeyboardEvent'), focusevent: getInterface('FocusEvent'), storageevent: getInterface('StorageEvent'), hashchangeevent: getInterface('HashChangeEvent') };
    const C = map[name];
    if (!C) throw new DOMException(`Failed to execute 'createEvent' on 'Document': The provided event type ('${iface}') is invalid.`, 'NotSupportedError');
    const e = new C('');
    ev(e).initialized = false;
    const init = e.initEvent;
    defineProperty(e, 'initEvent', { value(type, bubbles, cancelable) { ReflectApply(init, this, [type, bubbles, cancelable]); ev(this).initialized = true; }, configurable: true });
    return e;
  }
  importNode(node, deep = false) { return wrap(ops.importNode(idOf(this), nodeArg(node, 'importNode'), !!deep)); }
  adoptNode(node) { ops.adoptNode(idOf(this), nodeArg(node, 'adoptNode')); return node; }
  write(...text) { ops.documentWrite(idOf(this), text.map(StringCtor).join('')); }
  writeln(...text) { ops.documentWrite(idOf(this), text.map(StringCtor).join('') + '\n'); }
  open() { return this; }
  close() {}
  getSelection() { return null; }
  execCommand() { return false; }
  queryCommandSupported() { return false; }
}
define(Document.prototype, parentNodeMixin, false);
defineEventHandlers(Document.prototype, [...GLOBAL_EVENT_HANDLERS, 'onreadystatechange', 'onvisibilitychange', 'onDOMContentLoaded'.toLowerCase()]);
exposeInterface('Document', Document);
class HTMLDocument extends Document {}
exposeInterface('HTMLDocument', HTMLDocument);
class XMLDocument extends Document {}
exposeInterface('XMLDocument', XMLDocument);

const domImplementation = {
  createHTMLDocument(title = undefined) {
    const id = ops.createHTMLDocument(title === undefined ? null : StringCtor(title));
    return wrap(id);
  },
  createDocument() { return wrap(ops.createDocument()); },
  createDocumentType(name, publicId, systemId) { return wrap(ops.createDocumentType(ops.documentId(), StringCtor(name), StringCtor(publicId), StringCtor(systemId))); },
  hasFeature() { return true; },
};

class DOMParser {
  parseFromString(string, type) {
    const t = StringCtor(type);
    if (!['text/html', 'text/xml', 'application/xml', 'application/xhtml+xml', 'image/svg+xml'].includes(t)) {
      throw new TypeErrorCtor(`Failed to execute 'parseFromString' on 'DOMParser': The provided value '${t}' is not a valid enum value of type DOMParserSupportedType.`);
    }
    return wrap(ops.parseHTMLDocument(StringCtor(string), ops.documentURL(ops.documentId())));
  }
}
exposeInterface('DOMParser', DOMParser);

hooks.setReadyState = (docId, state) => {
  const doc = wrap(docId);
  dstate(doc).readyState = state;
  dispatch(doc, trustedEvent(Event, 'readystatechange'));
};
hooks.setCurrentScript = (docId, scriptId) => {
  dstate(wrap(docId)).currentScript = wrap(scriptId);
};
// Fires a simple event (HTML "fire an event") at a node; true if not canceled.
hooks.fireAtNode = (nodeId, type, bubbles, cancelable) => {
  return dispatch(wrap(nodeId), trustedEvent(Event, type, { bubbles, cancelable }));
};
