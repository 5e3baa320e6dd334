// isohost DOM bindings: wrappers over dom-lite nodes, identified by node id.
//
// A node's wrapper is made once (wrapper identity: document.body ===
// document.body) in the realm of its node document's window, and shared by
// every same-origin realm of the tab through `shared.wrappers`.

const nodeIds = shared.ids;
const wrappers = shared.wrappers;

const idOf = stateAccessor(nodeIds);

function nodeArg(value, method, iface = 'Node', index = 1) {
  const id = value === null || value === undefined ? undefined : nodeIds.get(value);
  if (id === undefined) throw new TypeErrorCtor(`Failed to execute '${method}' on '${iface}': parameter ${index} is not of type 'Node'.`);
  return id;
}

function wrap(id) {
  if (id === null || id === undefined || id < 0) return null;
  const existing = wrappers.get(id);
  if (existing) return existing;
  const doc = ops.nodeOwnerDocument(id);
  const realm = shared.realms.get(doc) || thisRealm;
  return realm.create(id);
}

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

// --- The DOM version ------------------------------------------------------------

// Live collections (childNodes, children, getElementsBy*) re-run their query
// only when the DOM may have changed since they last looked: every operation
// that changes a tree or an attribute moves this version on (the wrappers
// below replace those ops), and so does every entry from the host (which
// parses between scripts). It lives in `shared`: only same-origin realms
// can change a document.
if (shared.domVersion === undefined) shared.domVersion = 0;
function domChanged() { shared.domVersion++; }
const MUTATING_OPS = ['characterDataSetData', 'nodeSetTextContent', 'elementSetAttribute', 'elementRemoveAttribute', 'nodeAppendChild', 'nodeInsertBefore', 'nodeRemoveChild', 'nodeReplaceChild', 'childNodeRemove', 'documentAdoptNode', 'elementSetInnerHTML', 'elementSetOuterHTML', 'elementInsertAdjacentHTML', 'documentSetTitle', 'documentWrite'];
{
  const base = ops;
  const withVersion = ObjectCreate(base);
  for (const name of MUTATING_OPS) {
    const op = base[name];
    const changing = (...args) => { domChanged(); return ReflectApply(op, base, args); };
    defineProperty(withVersion, name, { value: changing });
  }
  ops = withVersion;
}

// --- NodeList, HTMLCollection (DOM §4.2.10) ------------------------------------

// A collection is a Proxy whose indexed properties come from its state:
// `query()` gives node ids; a live collection asks again when the DOM version
// moved, a static one (querySelectorAll) keeps its first answer. Iteration
// and forEach are Array.prototype's (WebIDL §3.7.9, indexed getter + length).
const listStates = new WeakMapCtor();
const listState = stateAccessor(listStates);
function listIds(s) {
  if (s.live && s.version !== shared.domVersion) {
    s.ids = s.query();
    s.version = shared.domVersion;
  }
  return s.ids;
}
function listItem(s, index) {
  const ids = listIds(s);
  return index < ids.length ? wrap(ids[index]) : null;
}
// A canonical array index ("0", "1", …), else -1.
function arrayIndex(key) {
  if (typeof key !== 'string' || key.length === 0 || key.length > 10) return -1;
  const n = NumberCtor(key);
  return n >= 0 && n < 4294967295 && StringCtor(n) === key ? n : -1;
}
// A Proxy handler giving an object read-only indexed properties (WebIDL
// "indexed property getter", no setter): `count(target)` of them, item
// `at(target, i)`; and, if `named` is given, named properties not shadowed
// by the prototype chain ([LegacyUnenumerableNamedProperties]).
function indexedProperties(count, at, named = null) {
  const namedOwn = (target, key) => (named !== null && typeof key === 'string' && !(key in target) ? named(target, key) : null);
  return {
    get(target, key, receiver) {
      const i = arrayIndex(key);
      if (i >= 0) return i < count(target) ? at(target, i) : undefined;
      const n = namedOwn(target, key);
      return n !== null ? n : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const i = arrayIndex(key);
      if (i >= 0) return i < count(target);
      return namedOwn(target, key) !== null || key in target;
    },
    ownKeys(target) {
      const keys = [];
      for (let i = 0, n = count(target); i < n; i++) keys.push(StringCtor(i));
      return keys.concat(Reflect.ownKeys(target));
    },
    getOwnPropertyDescriptor(target, key) {
      const i = arrayIndex(key);
      if (i >= 0) return i < count(target) ? { value: at(target, i), writable: false, enumerable: true, configurable: true } : undefined;
      const n = namedOwn(target, key);
      if (n !== null) return { value: n, writable: false, enumerable: false, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set(target, key, value, receiver) { return arrayIndex(key) >= 0 ? false : Reflect.set(target, key, value, receiver); },
    defineProperty(target, key, desc) { return arrayIndex(key) >= 0 ? false : Reflect.defineProperty(target, key, desc); },
    deleteProperty(target, key) {
      const i = arrayIndex(key);
      return i >= 0 ? i >= count(target) : Reflect.deleteProperty(target, key);
    },
  };
}
const nodeListHandler = indexedProperties(
  (target) => listIds(listStates.get(target)).length,
  (target, i) => wrap(listIds(listStates.get(target))[i]),
);
const collectionHandler = indexedProperties(
  (target) => listIds(listStates.get(target)).length,
  (target, i) => wrap(listIds(listStates.get(target))[i]),
  (target, key) => namedItem(listStates.get(target), key),
);
function makeCollection(Ctor, query, live) {
  const target = platformObject(Ctor);
  const s = { query, live, ids: live ? null : query(), version: -1 };
  const proxy = new Proxy(target, Ctor === HTMLCollection ? collectionHandler : nodeListHandler);
  listStates.set(target, s);
  listStates.set(proxy, s);
  return proxy;
}
// HTMLCollection's named properties: an element's id, or an HTML element's name.
function namedItem(s, name) {
  if (name === '') return null;
  for (const id of listIds(s)) {
    if (ops.elementGetAttribute(id, 'id') === name) return wrap(id);
    if (ops.elementGetAttribute(id, 'name') === name && ops.elementNamespaceURI(id) === 'http://www.w3.org/1999/xhtml') return wrap(id);
  }
  return null;
}

class NodeList {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get length() { return listIds(listState(this)).length; }
  item(index) { return listItem(listState(this), NumberCtor(index) >>> 0); }
}
define(NodeList.prototype, {
  forEach: Array.prototype.forEach,
  keys: Array.prototype.keys,
  values: Array.prototype.values,
  entries: Array.prototype.entries,
}, true);
defineProperty(NodeList.prototype, Symbol.iterator, { value: Array.prototype.values, writable: true, configurable: true });
exposeInterface('NodeList', NodeList);

class HTMLCollection {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get length() { return listIds(listState(this)).length; }
  item(index) { return listItem(listState(this), NumberCtor(index) >>> 0); }
  namedItem(name) { return namedItem(listState(this), StringCtor(name)); }
}
defineProperty(HTMLCollection.prototype, Symbol.iterator, { value: Array.prototype.values, writable: true, configurable: true });
exposeInterface('HTMLCollection', HTMLCollection);

const staticNodeList = (ids) => makeCollection(NodeList, () => ids, false);
const liveNodeList = (query) => makeCollection(NodeList, query, true);
const liveCollection = (query) => makeCollection(HTMLCollection, query, true);

// node -> its childNodes / children collection (the same object every time).
const childNodeLists = new WeakMapCtor();
const childCollections = new WeakMapCtor();
function childNodesOf(node) {
  let list = childNodeLists.get(node);
  if (!list) {
    const id = idOf(node);
    list = liveNodeList(() => ops.nodeChildNodes(id));
    childNodeLists.set(node, list);
  }
  return list;
}
function childrenOf(node) {
  let list = childCollections.get(node);
  if (!list) {
    const id = idOf(node);
    list = liveCollection(() => ops.parentNodeChildren(id));
    childCollections.set(node, list);
  }
  return list;
}

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
  return nodes.map((n) => (nodeIds.has(n) ? nodeIds.get(n) : ops.documentCreateTextNode(doc, StringCtor(n))));
}
function intoOne(doc, nodes) {
  const ids = convertNodes(doc, nodes);
  if (ids.length === 1) return ids[0];
  const frag = ops.documentCreateDocumentFragment(doc);
  for (const id of ids) ops.nodeAppendChild(frag, id);
  return frag;
}

class Node extends EventTarget {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    super();
  }
  get nodeType() { return ops.nodeType(idOf(this)); }
  get nodeName() { return ops.nodeName(idOf(this)); }
  get baseURI() { return ops.documentURL(ops.nodeOwnerDocument(idOf(this))); }
  get isConnected() { return ops.nodeIsConnected(idOf(this)); }
  get ownerDocument() { const id = idOf(this); return ops.nodeType(id) === 9 ? null : wrap(ops.nodeOwnerDocument(id)); }
  getRootNode() { return wrap(ops.nodeGetRootNode(idOf(this))); }
  get parentNode() { return wrap(ops.nodeParentNode(idOf(this))); }
  get parentElement() { const p = ops.nodeParentNode(idOf(this)); return p >= 0 && ops.nodeType(p) === 1 ? wrap(p) : null; }
  hasChildNodes() { return ops.nodeFirstChild(idOf(this)) >= 0; }
  get childNodes() { return childNodesOf(this); }
  get firstChild() { return wrap(ops.nodeFirstChild(idOf(this))); }
  get lastChild() { return wrap(ops.nodeLastChild(idOf(this))); }
  get previousSibling() { return wrap(ops.nodePreviousSibling(idOf(this))); }
  get nextSibling() { return wrap(ops.nodeNextSibling(idOf(this))); }
  get nodeValue() { const id = idOf(this); const t = ops.nodeType(id); return t === 3 || t === 8 ? ops.characterDataData(id) : null; }
  set nodeValue(v) { const id = idOf(this); const t = ops.nodeType(id); if (t === 3 || t === 8) ops.characterDataSetData(id, v === null ? '' : StringCtor(v)); }
  get textContent() { return ops.nodeTextContent(idOf(this)); }
  set textContent(v) { ops.nodeSetTextContent(idOf(this), v === null ? '' : StringCtor(v)); }
  normalize() {}
  cloneNode(deep = false) { return wrap(ops.nodeCloneNode(idOf(this), !!deep)); }
  isEqualNode(other) { return other !== null && ops.nodeIsEqualNode(idOf(this), nodeArg(other, 'isEqualNode')); }
  isSameNode(other) { return this === other; }
  compareDocumentPosition(other) { return ops.nodeCompareDocumentPosition(idOf(this), nodeArg(other, 'compareDocumentPosition')); }
  contains(other) { return other !== null && other !== undefined && nodeIds.has(other) && ops.nodeContains(idOf(this), idOf(other)); }
  lookupNamespaceURI() { return null; }
  isDefaultNamespace(ns) { return ns === null || ns === ''; }
  insertBefore(node, child) {
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'insertBefore' on 'Node': 2 arguments required, but only ${arguments.length} present.`);
    const ref = child === null || child === undefined ? -1 : nodeArg(child, 'insertBefore', 'Node', 2);
    ops.nodeInsertBefore(idOf(this), nodeArg(node, 'insertBefore'), ref);
    return node;
  }
  appendChild(node) { ops.nodeAppendChild(idOf(this), nodeArg(node, 'appendChild')); return node; }
  replaceChild(node, child) {
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'replaceChild' on 'Node': 2 arguments required, but only ${arguments.length} present.`);
    ops.nodeReplaceChild(idOf(this), nodeArg(node, 'replaceChild'), nodeArg(child, 'replaceChild', 'Node', 2));
    return child;
  }
  removeChild(child) { ops.nodeRemoveChild(idOf(this), nodeArg(child, 'removeChild')); return child; }
}
defineConstants(Node, NODE_TYPES);
exposeInterface('Node', Node);

// The event path: a node's parent, and from a document to its window.
getParentHooks.push((target, event) => {
  const id = nodeIds.get(target);
  if (id === undefined) return undefined;
  const p = ops.nodeParentNode(id);
  if (p >= 0) return wrap(p);
  if (ops.nodeType(id) === 9 && ev(event).type !== 'load') return ops.documentDefaultView(id);
  return null;
});

describeNode = (node) => {
  const id = nodeIds.get(node);
  switch (ops.nodeType(id)) {
    case 1: return ops.elementOuterHTML(id).replace(/>[\s\S]*$/, '>') + (ops.nodeFirstChild(id) >= 0 ? '…' : '');
    case 3: return `#text ${JSONStringify(ops.characterDataData(id))}`;
    case 8: return `<!--${ops.characterDataData(id)}-->`;
    case 9: return `#document (${ops.documentURL(id)})`;
    default: return ops.nodeName(id);
  }
};

// ParentNode / ChildNode mixins.
const parentNodeMixin = {
  get children() { return childrenOf(this); },
  get firstElementChild() { const c = ops.parentNodeChildren(idOf(this)); return c.length ? wrap(c[0]) : null; },
  get lastElementChild() { const c = ops.parentNodeChildren(idOf(this)); return c.length ? wrap(c[c.length - 1]) : null; },
  get childElementCount() { return ops.parentNodeChildren(idOf(this)).length; },
  querySelector(selectors) { return wrap(ops.parentNodeQuerySelector(idOf(this), StringCtor(selectors))); },
  querySelectorAll(selectors) { return staticNodeList(ops.parentNodeQuerySelectorAll(idOf(this), StringCtor(selectors))); },
  append(...nodes) { const id = idOf(this); ops.nodeAppendChild(id, intoOne(ops.nodeOwnerDocument(id), nodes)); },
  prepend(...nodes) { const id = idOf(this); ops.nodeInsertBefore(id, intoOne(ops.nodeOwnerDocument(id), nodes), ops.nodeFirstChild(id)); },
  replaceChildren(...nodes) {
    const id = idOf(this);
    const frag = intoOne(ops.nodeOwnerDocument(id), nodes);
    for (const c of ops.nodeChildNodes(id)) ops.nodeRemoveChild(id, c);
    ops.nodeAppendChild(id, frag);
  },
  getElementsByTagName(name) {
    const id = idOf(this);
    name = StringCtor(name);
    return liveCollection(() => ops.elementGetElementsByTagName(id, name));
  },
  getElementsByClassName(names) {
    const id = idOf(this);
    names = StringCtor(names);
    return liveCollection(() => ops.elementGetElementsByClassName(id, names));
  },
};
const childNodeMixin = {
  before(...nodes) { const id = idOf(this); const p = ops.nodeParentNode(id); if (p >= 0) ops.nodeInsertBefore(p, intoOne(ops.nodeOwnerDocument(id), nodes), id); },
  after(...nodes) { const id = idOf(this); const p = ops.nodeParentNode(id); if (p >= 0) ops.nodeInsertBefore(p, intoOne(ops.nodeOwnerDocument(id), nodes), ops.nodeNextSibling(id)); },
  replaceWith(...nodes) { const id = idOf(this); const p = ops.nodeParentNode(id); if (p >= 0) { const n = intoOne(ops.nodeOwnerDocument(id), nodes); ops.nodeReplaceChild(p, n, id); } },
  remove() { ops.childNodeRemove(idOf(this)); },
};

// --- CharacterData, Text, Comment, DocumentType, DocumentFragment ----------

class CharacterData extends Node {
  get data() { return ops.characterDataData(idOf(this)); }
  set data(v) { ops.characterDataSetData(idOf(this), v === null ? '' : StringCtor(v)); }
  get length() { return ops.characterDataData(idOf(this)).length; }
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
    const id = ops.documentCreateTextNode(ops.windowDocument(), StringCtor(data));
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
  get wholeText() { return this.data; }
  splitText(offset) {
    const d = this.data;
    const rest = ops.documentCreateTextNode(ops.nodeOwnerDocument(idOf(this)), d.slice(offset));
    this.data = d.slice(0, offset);
    const p = ops.nodeParentNode(idOf(this));
    if (p >= 0) ops.nodeInsertBefore(p, rest, ops.nodeNextSibling(idOf(this)));
    return wrap(rest);
  }
}
exposeInterface('Text', Text);
class Comment extends CharacterData {
  constructor(data = '') {
    if (data === INTERNAL) { super(INTERNAL); return; }
    const id = ops.documentCreateComment(ops.windowDocument(), StringCtor(data));
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
}
exposeInterface('Comment', Comment);
class DocumentType extends Node {
  get name() { return ops.nodeName(idOf(this)); }
  get publicId() { return ops.documentTypeIds(idOf(this))[0]; }
  get systemId() { return ops.documentTypeIds(idOf(this))[1]; }
}
define(DocumentType.prototype, childNodeMixin, false);
exposeInterface('DocumentType', DocumentType);
class DocumentFragment extends Node {
  constructor(key = undefined) {
    if (key === INTERNAL) { super(INTERNAL); return; }
    const id = ops.documentCreateDocumentFragment(ops.windowDocument());
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
  getElementById(id) { return wrap(ops.documentGetElementById(idOf(this), StringCtor(id))); }
}
define(DocumentFragment.prototype, parentNodeMixin, false);
exposeInterface('DocumentFragment', DocumentFragment);

function siblingElement(id, dir) {
  let s = dir < 0 ? ops.nodePreviousSibling(id) : ops.nodeNextSibling(id);
  while (s >= 0 && ops.nodeType(s) !== 1) s = dir < 0 ? ops.nodePreviousSibling(s) : ops.nodeNextSibling(s);
  return wrap(s);
}

// --- Element --------------------------------------------------------------

// DOM §7.1 DOMTokenList over an element's attribute (class, sandbox…): the
// token set is parsed from the attribute at each use, so it is always live.
const tokenLists = new WeakMapCtor();
const tokenListState = stateAccessor(tokenLists);
// The ordered set of the attribute's tokens.
function tokensOf(s) {
  const v = ops.elementGetAttribute(s.id, s.attr);
  return v ? [...new Set(v.split(/[\t\n\f\r ]+/).filter(Boolean))] : [];
}
// DOM "update steps": no attribute is made for an empty set.
function setTokens(s, tokens) {
  if (tokens.length === 0 && !ops.elementHasAttribute(s.id, s.attr)) return;
  ops.elementSetAttribute(s.id, s.attr, tokens.join(' '));
}
function checkToken(t) {
  t = StringCtor(t);
  if (t === '') throw new DOMException("Failed to execute on 'DOMTokenList': The token provided must not be empty.", 'SyntaxError');
  if (/[\t\n\f\r ]/.test(t)) throw new DOMException(`Failed to execute on 'DOMTokenList': The token provided ('${t}') contains HTML space characters, which are not valid in tokens.`, 'InvalidCharacterError');
  return t;
}
const tokenListHandler = indexedProperties(
  (target) => tokensOf(tokenLists.get(target)).length,
  (target, i) => tokensOf(tokenLists.get(target))[i],
);
class DOMTokenList {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get length() { return tokensOf(tokenListState(this)).length; }
  get value() { const s = tokenListState(this); const v = ops.elementGetAttribute(s.id, s.attr); return v === null ? '' : v; }
  set value(v) { const s = tokenListState(this); ops.elementSetAttribute(s.id, s.attr, StringCtor(v)); }
  item(index) { const t = tokensOf(tokenListState(this))[NumberCtor(index) >>> 0]; return t === undefined ? null : t; }
  contains(token) { return tokensOf(tokenListState(this)).includes(StringCtor(token)); }
  add(...tokens) {
    const s = tokenListState(this);
    const added = tokens.map(checkToken);
    const set = tokensOf(s);
    for (const t of added) if (!set.includes(t)) set.push(t);
    setTokens(s, set);
  }
  remove(...tokens) {
    const s = tokenListState(this);
    const removed = tokens.map(checkToken);
    setTokens(s, tokensOf(s).filter((t) => !removed.includes(t)));
  }
  toggle(token, force = undefined) {
    const s = tokenListState(this);
    const t = checkToken(token);
    const set = tokensOf(s);
    if (set.includes(t)) {
      if (force === undefined || !force) { setTokens(s, set.filter((x) => x !== t)); return false; }
      return true;
    }
    if (force === undefined || force) { set.push(t); setTokens(s, set); return true; }
    return false;
  }
  replace(token, newToken) {
    const s = tokenListState(this);
    const a = checkToken(token);
    const b = checkToken(newToken);
    const set = tokensOf(s);
    if (!set.includes(a)) return false;
    // Ordered-set "replace": the first of either token becomes the new one.
    const first = set.findIndex((x) => x === a || x === b);
    setTokens(s, set.filter((x, k) => k === first || (x !== a && x !== b)).map((x) => (x === a ? b : x)));
    return true;
  }
  supports(token) {
    const s = tokenListState(this);
    if (s.attr !== 'sandbox') throw new TypeErrorCtor(`Failed to execute 'supports' on 'DOMTokenList': DOMTokenList has no supported tokens.`);
    return ['allow-downloads', 'allow-forms', 'allow-modals', 'allow-orientation-lock', 'allow-pointer-lock', 'allow-popups',
      'allow-popups-to-escape-sandbox', 'allow-presentation', 'allow-same-origin', 'allow-scripts',
      'allow-top-navigation', 'allow-top-navigation-by-user-activation'].includes(StringCtor(token).toLowerCase());
  }
  toString() { return this.value; }
}
define(DOMTokenList.prototype, {
  forEach: Array.prototype.forEach,
  keys: Array.prototype.keys,
  values: Array.prototype.values,
  entries: Array.prototype.entries,
}, true);
defineProperty(DOMTokenList.prototype, Symbol.iterator, { value: Array.prototype.values, writable: true, configurable: true });
function makeTokenList(element, attr) {
  const target = platformObject(DOMTokenList);
  const s = { id: idOf(element), attr };
  const proxy = new Proxy(target, tokenListHandler);
  tokenLists.set(target, s);
  tokenLists.set(proxy, s);
  return proxy;
}
exposeInterface('DOMTokenList', DOMTokenList);

class Element extends Node {
  get tagName() { return ops.nodeName(idOf(this)); }
  get localName() { return ops.nodeKind(idOf(this))[1]; }
  get namespaceURI() { return ops.elementNamespaceURI(idOf(this)); }
  get prefix() { return null; }
  get id() { return ops.elementGetAttribute(idOf(this), 'id') || ''; }
  set id(v) { ops.elementSetAttribute(idOf(this), 'id', StringCtor(v)); }
  get className() { return ops.elementGetAttribute(idOf(this), 'class') || ''; }
  set className(v) { ops.elementSetAttribute(idOf(this), 'class', StringCtor(v)); }
  get classList() {
    let l = classLists.get(this);
    if (!l) { l = makeTokenList(this, 'class'); classLists.set(this, l); }
    return l;
  }
  get attributes() {
    const id = idOf(this);
    const names = ops.elementGetAttributeNames(id);
    const list = names.map((n) => ({ name: n, localName: n, value: ops.elementGetAttribute(id, n), namespaceURI: null, prefix: null, specified: true }));
    for (const a of list) defineProperty(list, a.name, { value: a, enumerable: false });
    list.item = (i) => list[i] || null;
    list.getNamedItem = (n) => list.find((a) => a.name === StringCtor(n).toLowerCase()) || null;
    return list;
  }
  hasAttributes() { return ops.elementGetAttributeNames(idOf(this)).length > 0; }
  getAttributeNames() { return ops.elementGetAttributeNames(idOf(this)); }
  getAttribute(name) { return ops.elementGetAttribute(idOf(this), StringCtor(name)); }
  getAttributeNS(ns, name) { return ops.elementGetAttribute(idOf(this), StringCtor(name)); }
  setAttribute(name, value) {
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'setAttribute' on 'Element': 2 arguments required, but only ${arguments.length} present.`);
    name = StringCtor(name);
    ops.elementSetAttribute(idOf(this), name, StringCtor(value));
    handlerAttributeChanged(this, name);
  }
  setAttributeNS(ns, name, value) {
    name = StringCtor(name);
    ops.elementSetAttribute(idOf(this), name, StringCtor(value));
    if (ns === null || ns === undefined || ns === '') handlerAttributeChanged(this, name);
  }
  removeAttribute(name) {
    name = StringCtor(name);
    ops.elementRemoveAttribute(idOf(this), name);
    handlerAttributeChanged(this, name);
  }
  removeAttributeNS(ns, name) {
    name = StringCtor(name);
    ops.elementRemoveAttribute(idOf(this), name);
    if (ns === null || ns === undefined || ns === '') handlerAttributeChanged(this, name);
  }
  hasAttribute(name) { return ops.elementHasAttribute(idOf(this), StringCtor(name)); }
  hasAttributeNS(ns, name) { return ops.elementHasAttribute(idOf(this), StringCtor(name)); }
  toggleAttribute(name, force = undefined) {
    const id = idOf(this);
    name = StringCtor(name);
    const has = ops.elementHasAttribute(id, name);
    if (has && force !== true) { ops.elementRemoveAttribute(id, name); handlerAttributeChanged(this, name); return false; }
    if (!has && force !== false) { ops.elementSetAttribute(id, name, ''); handlerAttributeChanged(this, name); return true; }
    return has;
  }
  get innerHTML() { return ops.elementInnerHTML(idOf(this)); }
  set innerHTML(v) { ops.elementSetInnerHTML(idOf(this), v === null ? '' : StringCtor(v)); }
  get outerHTML() { return ops.elementOuterHTML(idOf(this)); }
  set outerHTML(v) { ops.elementSetOuterHTML(idOf(this), StringCtor(v)); }
  insertAdjacentHTML(position, text) { ops.elementInsertAdjacentHTML(idOf(this), StringCtor(position), StringCtor(text)); }
  insertAdjacentElement(position, element) { insertAdjacent(this, StringCtor(position).toLowerCase(), nodeArg(element, 'insertAdjacentElement', 'Element', 2)); return element; }
  insertAdjacentText(position, text) { insertAdjacent(this, StringCtor(position).toLowerCase(), ops.documentCreateTextNode(ops.nodeOwnerDocument(idOf(this)), StringCtor(text))); }
  matches(selectors) { return ops.elementMatches(idOf(this), StringCtor(selectors)); }
  webkitMatchesSelector(selectors) { return this.matches(selectors); }
  closest(selectors) { return wrap(ops.elementClosest(idOf(this), StringCtor(selectors))); }
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
  const p = ops.nodeParentNode(id);
  switch (position) {
    case 'beforebegin': if (p >= 0) ops.nodeInsertBefore(p, nodeId, id); break;
    case 'afterbegin': ops.nodeInsertBefore(id, nodeId, ops.nodeFirstChild(id)); break;
    case 'beforeend': ops.nodeAppendChild(id, nodeId); break;
    case 'afterend': if (p >= 0) ops.nodeInsertBefore(p, nodeId, ops.nodeNextSibling(id)); break;
    default: throw new DOMException(`The value provided ('${position}') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'.`, 'SyntaxError');
  }
}
define(Element.prototype, parentNodeMixin, false);
define(Element.prototype, childNodeMixin, false);
exposeInterface('Element', Element);

// HTMLElement and its subclasses, with reflected attributes.
const GLOBAL_EVENT_HANDLERS = ['onabort', 'onblur', 'oncancel', 'onchange', 'onclick', 'onclose', 'oncontextmenu', 'ondblclick', 'onerror', 'onfocus', 'oninput', 'oninvalid', 'onkeydown', 'onkeypress', 'onkeyup', 'onload', 'onmousedown', 'onmouseenter', 'onmouseleave', 'onmousemove', 'onmouseout', 'onmouseover', 'onmouseup', 'onreset', 'onresize', 'onscroll', 'onselect', 'onsubmit', 'ontoggle', 'onwheel'];
// More GlobalEventHandlers and DocumentAndElementEventHandlers members.
const MORE_EVENT_HANDLERS = ['onauxclick', 'onbeforeinput', 'onbeforetoggle', 'oncanplay', 'oncanplaythrough',
  'oncontextlost', 'oncontextrestored', 'oncopy', 'oncuechange', 'oncut', 'ondrag', 'ondragend', 'ondragenter',
  'ondragleave', 'ondragover', 'ondragstart', 'ondrop', 'ondurationchange', 'onemptied', 'onended', 'onformdata',
  'onloadeddata', 'onloadedmetadata', 'onloadstart', 'onpaste', 'onpause', 'onplay', 'onplaying', 'onprogress',
  'onratechange', 'onsecuritypolicyviolation', 'onseeked', 'onseeking', 'onslotchange', 'onstalled', 'onsuspend',
  'ontimeupdate', 'onvolumechange', 'onwaiting', 'onpointerdown', 'onpointerup', 'onpointermove', 'onpointerover',
  'onpointerout', 'onpointerenter', 'onpointerleave', 'onpointercancel', 'ongotpointercapture',
  'onlostpointercapture', 'ontransitionstart', 'ontransitionrun', 'ontransitionend', 'ontransitioncancel',
  'onanimationstart', 'onanimationiteration', 'onanimationend', 'onanimationcancel', 'onselectstart',
  'onselectionchange', 'onscrollend'];

function reflect(proto, props) {
  for (const [prop, spec] of Object.entries(props)) {
    const [attr, kind] = spec;
    let desc;
    if (kind === 'bool') {
      desc = { get() { return ops.elementHasAttribute(idOf(this), attr); }, set(v) { if (v) ops.elementSetAttribute(idOf(this), attr, ''); else ops.elementRemoveAttribute(idOf(this), attr); } };
    } else if (kind === 'url') {
      desc = {
        get() { const v = ops.elementGetAttribute(idOf(this), attr); if (v === null) return ''; const u = parsedURL(v, ops.documentURL(ops.nodeOwnerDocument(idOf(this)))); return u ? u.href : v; },
        set(v) { ops.elementSetAttribute(idOf(this), attr, StringCtor(v)); },
      };
    } else if (kind === 'long') {
      desc = { get() { const v = parseInt(ops.elementGetAttribute(idOf(this), attr), 10); return Number.isNaN(v) ? 0 : v; }, set(v) { ops.elementSetAttribute(idOf(this), attr, StringCtor(NumberCtor(v) | 0)); } };
    } else {
      desc = { get() { const v = ops.elementGetAttribute(idOf(this), attr); return v === null ? '' : v; }, set(v) { ops.elementSetAttribute(idOf(this), attr, StringCtor(v)); } };
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
  // HTML "fire a synthetic pointer event" with the not-trusted flag.
  click() { dispatch(this, new (materialize('MouseEvent'))('click', { bubbles: true, cancelable: true, composed: true, view: global, detail: 1 }), IN_SCRIPT); }
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
reflect(HTMLElement.prototype, { title: ['title'], lang: ['lang'], dir: ['dir'], hidden: ['hidden', 'bool'], accessKey: ['accesskey'], tabIndex: ['tabindex', 'long'] });
defineEventHandlers(HTMLElement.prototype, [...GLOBAL_EVENT_HANDLERS, ...MORE_EVENT_HANDLERS]);
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
// Tag → interface name; the classes themselves are made on first use.
const TAG_CLASSES = new MapCtor();
const HTMLUnknownElement = class HTMLUnknownElement extends HTMLElement {};
exposeInterface('HTMLUnknownElement', HTMLUnknownElement);
const HTML_KNOWN_PLAIN = ['abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'cite', 'code', 'dd', 'dfn', 'dt', 'em', 'figcaption', 'figure', 'footer', 'header', 'hgroup', 'i', 'kbd', 'main', 'mark', 'nav', 'noscript', 'rp', 'rt', 'ruby', 's', 'samp', 'search', 'section', 'small', 'strong', 'sub', 'summary', 'sup', 'u', 'var', 'wbr', 'center', 'nobr', 'noframes', 'plaintext', 'acronym', 'big', 'tt', 'strike'];
for (const tag of HTML_KNOWN_PLAIN) TAG_CLASSES.set(tag, 'HTMLElement');

const inputState = new WeakMapCtor();
const sandboxLists = new WeakMapCtor();
// What some interfaces add to their prototype, run when the interface is made.
const HTML_MEMBERS = {
  HTMLAnchorElement(p) { reflect(p, { href: ['href', 'url'], target: ['target'], rel: ['rel'], download: ['download'] }); },
  HTMLImageElement(p) { reflect(p, { src: ['src', 'url'], alt: ['alt'], width: ['width', 'long'], height: ['height', 'long'] }); },
  HTMLLinkElement(p) { reflect(p, { href: ['href', 'url'], rel: ['rel'], type: ['type'] }); },
  HTMLInputElement(p) {
    reflect(p, { type: ['type'], name: ['name'], defaultValue: ['value'], disabled: ['disabled', 'bool'], defaultChecked: ['checked', 'bool'], placeholder: ['placeholder'] });
    defineProperty(p, 'value', {
      get() { const s = inputState.get(this); return s && 'value' in s ? s.value : (this.getAttribute('value') || ''); },
      set(v) { const s = inputState.get(this) || {}; s.value = StringCtor(v); inputState.set(this, s); },
      enumerable: true, configurable: true,
    });
    defineProperty(p, 'checked', {
      get() { const s = inputState.get(this); return s && 'checked' in s ? s.checked : this.hasAttribute('checked'); },
      set(v) { const s = inputState.get(this) || {}; s.checked = !!v; inputState.set(this, s); },
      enumerable: true, configurable: true,
    });
  },
  HTMLButtonElement(p) { reflect(p, { type: ['type'], name: ['name'], value: ['value'], disabled: ['disabled', 'bool'] }); },
  HTMLFormElement(p) { reflect(p, { action: ['action', 'url'], method: ['method'], name: ['name'] }); },
  HTMLMetaElement(p) { reflect(p, { name: ['name'], content: ['content'], httpEquiv: ['http-equiv'] }); },
  HTMLOptionElement(p) { reflect(p, { value: ['value'], disabled: ['disabled', 'bool'] }); },
  HTMLBaseElement(p) { reflect(p, { href: ['href', 'url'], target: ['target'] }); },
  HTMLTextAreaElement(p) {
    defineProperty(p, 'value', {
      get() { const s = inputState.get(this); return s && 'value' in s ? s.value : this.textContent; },
      set(v) { const s = inputState.get(this) || {}; s.value = StringCtor(v); inputState.set(this, s); },
      enumerable: true, configurable: true,
    });
  },
  HTMLScriptElement(p) {
    reflect(p, { src: ['src', 'url'], type: ['type'], charset: ['charset'], defer: ['defer', 'bool'], crossOrigin: ['crossorigin'], noModule: ['nomodule', 'bool'] });
    define(p, {
      get text() { return this.textContent; },
      set text(v) { this.textContent = v; },
      get async() { return ops.elementHasAttribute(idOf(this), 'async'); },
      set async(v) { if (v) ops.elementSetAttribute(idOf(this), 'async', ''); else ops.elementRemoveAttribute(idOf(this), 'async'); },
    });
  },
  HTMLTemplateElement(p) {
    defineProperty(p, 'content', {
      get() { return wrap(ops.htmlTemplateElementContent(idOf(this))); }, enumerable: true, configurable: true,
    });
  },
  HTMLIFrameElement(p) {
    reflect(p, { src: ['src', 'url'], srcdoc: ['srcdoc'], name: ['name'], allow: ['allow'], width: ['width'], height: ['height'], referrerPolicy: ['referrerpolicy'], loading: ['loading'] });
    define(p, {
      get contentWindow() { return ops.htmlIFrameElementContentWindow(idOf(this)); },
      get contentDocument() { return wrap(ops.htmlIFrameElementContentDocument(idOf(this))); },
      get sandbox() {
        let l = sandboxLists.get(this);
        if (!l) { l = makeTokenList(this, 'sandbox'); sandboxLists.set(this, l); }
        return l;
      },
      set sandbox(v) { ops.elementSetAttribute(idOf(this), 'sandbox', StringCtor(v)); },
      getSVGDocument() { return null; },
    });
  },
  HTMLBodyElement(p) { reflectWindowHandlers(p); },
  HTMLFrameSetElement(p) { reflectWindowHandlers(p); },
};
for (const [name, tags] of Object.entries(HTML_INTERFACES)) {
  lazyInterface(name, () => {
    const C = { [name]: class extends HTMLElement {} }[name];
    const members = HTML_MEMBERS[name];
    if (members !== undefined) members(C.prototype);
    return C;
  });
  for (const t of tags) TAG_CLASSES.set(t, name);
}

// HTML WindowEventHandlers: the window's own handlers (with the
// GlobalEventHandlers above).
const WINDOW_EVENT_HANDLERS = ['onafterprint', 'onbeforeprint', 'onbeforeunload', 'onhashchange', 'onlanguagechange', 'onmessage', 'onmessageerror', 'onoffline', 'ononline', 'onpagehide', 'onpageshow', 'onpopstate', 'onrejectionhandled', 'onstorage', 'onunhandledrejection', 'onunload'];
// <body>/<frameset>: the window's event handlers are reflected on them.
const WINDOW_REFLECTING = ['onblur', 'onerror', 'onfocus', 'onload', 'onresize', 'onscroll', ...WINDOW_EVENT_HANDLERS];
function reflectWindowHandlers(proto) {
  const descriptors = {};
  for (const name of WINDOW_REFLECTING) {
    const type = name.slice(2);
    descriptors[name] = {
      get() { return getHandler(global, type); },
      set(v) { setHandler(global, type, v); },
      enumerable: true, configurable: true,
    };
  }
  Object.defineProperties(proto, descriptors);
}

class SVGElement extends Element {}
exposeInterface('SVGElement', SVGElement);

function classFor(nodeType, localName, isHTML) {
  switch (nodeType) {
    case 1:
      if (!isHTML) return isHTML === false && localName && ops ? SVGElement : Element;
      { const name = TAG_CLASSES.get(localName); if (name !== undefined) return materialize(name); }
      return /-/.test(localName) ? HTMLElement : HTMLUnknownElement;
    case 3: return Text;
    case 8: return Comment;
    case 9: return Document;
    case 10: return DocumentType;
    case 11: return DocumentFragment;
    default: return Node;
  }
}

// --- Event handler content attributes (HTML §8.1.8.1) ----------------------

// The content attributes that are event handlers on HTML elements.
const HANDLER_ATTRIBUTES = new Set([...GLOBAL_EVENT_HANDLERS, ...MORE_EVENT_HANDLERS]);
const WINDOW_REFLECTING_SET = new Set(WINDOW_REFLECTING);
// HTML "form-associated elements": their form owner is on a handler's scope.
const FORM_ASSOCIATED = new Set(['button', 'fieldset', 'input', 'object', 'output', 'select', 'textarea', 'img']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

function isHTMLElementId(id) {
  return ops.nodeType(id) === 1 && ops.elementNamespaceURI(id) === HTML_NS;
}
function isBodyOrFrameset(id) {
  const name = ops.nodeKind(id)[1];
  return name === 'body' || name === 'frameset';
}

// Whose handler a content attribute sets: the element's, or for <body>'s
// window-reflecting ones (onload…), the window's; null if it is no handler.
function handlerTargetFor(element, name) {
  const reflecting = WINDOW_REFLECTING_SET.has(name);
  if (!reflecting && !HANDLER_ATTRIBUTES.has(name)) return null;
  const id = nodeIds.get(element);
  if (id === undefined || !isHTMLElementId(id)) return null;
  if (reflecting && isBodyOrFrameset(id)) {
    // Only the body of this realm's document reflects this realm's window.
    const doc = ops.windowDocument();
    return ops.nodeOwnerDocument(id) === doc && ops.documentBody(doc) === id ? global : null;
  }
  return HANDLER_ATTRIBUTES.has(name) ? element : null;
}

// HTML "attribute change steps" for handler attributes set or removed by
// script: the handler becomes the attribute's uncompiled text (keeping its
// place among the listeners) or goes away.
function handlerAttributeChanged(element, name) {
  // Most attributes are not "on…": leave them at once.
  if (name.length < 3 || (name.charCodeAt(0) | 0x20) !== 0x6f || (name.charCodeAt(1) | 0x20) !== 0x6e) return;
  name = name.toLowerCase();
  const target = handlerTargetFor(element, name);
  if (target === null) return;
  const source = ops.elementGetAttribute(idOf(element), name);
  if (source === null) setHandler(target, name.slice(2), null);
  else setHandler(target, name.slice(2), UNCOMPILED, source);
}

// HTML "getting the current value of the event handler": compiles a content
// attribute handler when it is first needed (a dispatch, or reading the IDL
// attribute), with the document, the form owner and the element on its
// scope chain, in the element's realm.
compileAttributeHandler = (target, type) => {
  const name = 'on' + type;
  let element;
  if (target === global) {
    if (!WINDOW_REFLECTING_SET.has(name)) return;
    const body = ops.documentBody(ops.windowDocument());
    if (body < 0) return;
    element = wrap(body);
  } else {
    element = target;
    const id = nodeIds.get(target);
    if (id === undefined || handlerTargetFor(element, name) !== target) return;
  }
  const id = nodeIds.get(element);
  const source = ops.elementGetAttribute(id, name);
  const map = handlersOf(target, false);
  const rec = map && map.get(type);
  if (source === null) {
    // The attribute is gone: a handler that came from it goes too.
    if (rec && rec.source !== null) setHandler(target, type, null);
    return;
  }
  if (rec && rec.source === source && rec.value !== UNCOMPILED) return;
  // The IDL attribute was set after the content attribute: it wins.
  if (rec && rec.source === null && rec.value !== null) return;
  let fn = null;
  try {
    const doc = ops.nodeOwnerDocument(id);
    const realm = shared.realms.get(doc) || thisRealm;
    fn = realm.compileHandler(type, source, wrap(doc), formOwner(id), element, target === global);
  } catch (e) {
    reportException(e);
  }
  setHandler(target, type, fn, source, !rec);
};

function formOwner(id) {
  if (!FORM_ASSOCIATED.has(ops.nodeKind(id)[1])) return null;
  const formId = ops.elementGetAttribute(id, 'form');
  const form = formId !== null ? ops.documentGetElementById(ops.nodeOwnerDocument(id), formId) : ops.elementClosest(id, 'form');
  return form >= 0 && ops.nodeKind(form)[1] === 'form' ? wrap(form) : null;
}

// Handler functions are made by this realm's Function, as non-strict code
// (the scope chain is built with `with`).
const FunctionCtor = Function;
thisRealm.compileHandler = (type, source, doc, form, element, isWindowError) => {
  const params = type === 'error' && isWindowError ? 'event, source, lineno, colno, error' : 'event';
  const maker = new FunctionCtor('document', 'form', 'element',
    `with (document) with (form || {}) with (element) return function on${type}(${params}) {\n${source}\n};`);
  return maker(doc, form, element);
};

// What the default passive value asks: the document, its root, its body.
isDocumentRootOrBody = (target) => {
  const id = nodeIds.get(target);
  if (id === undefined) return false;
  if (ops.nodeType(id) === 9) return true;
  const doc = ops.nodeOwnerDocument(id);
  return ops.documentElement(doc) === id || ops.documentBody(doc) === id;
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
    const id = ops.documentCreate();
    super(INTERNAL);
    nodeIds.set(this, id); wrappers.set(id, this);
  }
  get URL() { return ops.documentURL(idOf(this)); }
  get documentURI() { return ops.documentURL(idOf(this)); }
  get compatMode() { return ops.documentQuirksMode(idOf(this)) ? 'BackCompat' : 'CSS1Compat'; }
  get characterSet() { return 'UTF-8'; }
  get charset() { return 'UTF-8'; }
  get inputEncoding() { return 'UTF-8'; }
  get contentType() { return 'text/html'; }
  get doctype() { const id = idOf(this); return wrap(ops.nodeChildNodes(id).find((c) => ops.nodeType(c) === 10)); }
  get documentElement() { return wrap(ops.documentElement(idOf(this))); }
  get head() { return wrap(ops.documentHead(idOf(this))); }
  get body() { return wrap(ops.documentBody(idOf(this))); }
  set body(v) {
    const id = idOf(this);
    const html = ops.documentElement(id);
    if (html < 0) throw new DOMException('No document element', 'HierarchyRequestError');
    const old = ops.documentBody(id);
    if (old >= 0) ops.nodeReplaceChild(html, nodeArg(v, 'body'), old); else ops.nodeAppendChild(html, nodeArg(v, 'body'));
  }
  get title() { return ops.documentTitle(idOf(this)); }
  set title(v) { ops.documentSetTitle(idOf(this), StringCtor(v)); }
  get readyState() { return dstate(this).readyState; }
  get currentScript() { return dstate(this).currentScript; }
  get defaultView() { return ops.documentDefaultView(idOf(this)); }
  get location() { const w = ops.documentDefaultView(idOf(this)); return w ? w.location : null; }
  set location(v) { const w = ops.documentDefaultView(idOf(this)); if (w) w.location.href = v; }
  get domain() { const w = ops.documentDefaultView(idOf(this)); return w ? w.location.hostname : ''; }
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
  get links() { const id = idOf(this); return liveCollection(() => ops.parentNodeQuerySelectorAll(id, 'a[href], area[href]')); }
  get implementation() { return domImplementation; }
  hasFocus() { return true; }
  getElementById(id) { return wrap(ops.documentGetElementById(idOf(this), StringCtor(id))); }
  getElementsByName(name) {
    const id = idOf(this);
    const selector = `[name="${StringCtor(name).replace(/["\\]/g, '\\$&')}"]`;
    return liveNodeList(() => ops.parentNodeQuerySelectorAll(id, selector));
  }
  createElement(name, options = undefined) {
    if (arguments.length < 1) throw new TypeErrorCtor("Failed to execute 'createElement' on 'Document': 1 argument required, but only 0 present.");
    return wrap(ops.documentCreateElement(idOf(this), StringCtor(name)));
  }
  createElementNS(ns, name) { return wrap(ops.documentCreateElementNS(idOf(this), ns === null ? '' : StringCtor(ns), StringCtor(name))); }
  createTextNode(data) { return wrap(ops.documentCreateTextNode(idOf(this), StringCtor(data))); }
  createComment(data) { return wrap(ops.documentCreateComment(idOf(this), StringCtor(data))); }
  createDocumentFragment() { return wrap(ops.documentCreateDocumentFragment(idOf(this))); }
  createEvent(iface) {
    const name = StringCtor(iface).toLowerCase();
    const map = { event: Event, events: Event, htmlevents: Event, customevent: CustomEvent, messageevent: MessageEvent, errorevent: ErrorEvent, uievent: materialize('UIEvent'), uievents: materialize('UIEvent'), mouseevent: materialize('MouseEvent'), mouseevents: materialize('MouseEvent'), keyboardevent: materialize('KeyboardEvent'), focusevent: materialize('FocusEvent'), storageevent: materialize('StorageEvent'), hashchangeevent: materialize('HashChangeEvent') };
    const C = map[name];
    if (!C) throw new DOMException(`Failed to execute 'createEvent' on 'Document': The provided event type ('${iface}') is invalid.`, 'NotSupportedError');
    // DOM §4.5: an event whose initialized flag is unset until initEvent().
    const e = new C('');
    ev(e).initialized = false;
    return e;
  }
  importNode(node, deep = false) { return wrap(ops.documentImportNode(idOf(this), nodeArg(node, 'importNode'), !!deep)); }
  adoptNode(node) { ops.documentAdoptNode(idOf(this), nodeArg(node, 'adoptNode')); return node; }
  write(...text) { ops.documentWrite(idOf(this), text.map(StringCtor).join('')); }
  writeln(...text) { ops.documentWrite(idOf(this), text.map(StringCtor).join('') + '\n'); }
  open() { return this; }
  close() {}
  getSelection() { return null; }
  execCommand() { return false; }
  queryCommandSupported() { return false; }
}
define(Document.prototype, parentNodeMixin, false);
defineEventHandlers(Document.prototype, [...GLOBAL_EVENT_HANDLERS, ...MORE_EVENT_HANDLERS, 'onreadystatechange', 'onvisibilitychange']);
exposeInterface('Document', Document);
class HTMLDocument extends Document {}
exposeInterface('HTMLDocument', HTMLDocument);
class XMLDocument extends Document {}
exposeInterface('XMLDocument', XMLDocument);

const domImplementation = {
  createHTMLDocument(title = undefined) {
    const id = ops.domImplementationCreateHTMLDocument(title === undefined ? null : StringCtor(title));
    return wrap(id);
  },
  createDocument() { return wrap(ops.documentCreate()); },
  createDocumentType(name, publicId, systemId) { return wrap(ops.domImplementationCreateDocumentType(ops.windowDocument(), StringCtor(name), StringCtor(publicId), StringCtor(systemId))); },
  hasFeature() { return true; },
};

class DOMParser {
  parseFromString(string, type) {
    const t = StringCtor(type);
    if (!['text/html', 'text/xml', 'application/xml', 'application/xhtml+xml', 'image/svg+xml'].includes(t)) {
      throw new TypeErrorCtor(`Failed to execute 'parseFromString' on 'DOMParser': The provided value '${t}' is not a valid enum value of type DOMParserSupportedType.`);
    }
    return wrap(ops.domParserParseFromString(StringCtor(string), ops.documentURL(ops.windowDocument())));
  }
}
exposeInterface('DOMParser', DOMParser);

// Entries from the host. The host parses between scripts, so each entry
// moves the DOM version on.
hooks.setReadyState = (docId, state) => {
  domChanged();
  const doc = wrap(docId);
  dstate(doc).readyState = state;
  // Also called while script runs (a new frame's about:blank completes at
  // once), so no microtask checkpoints here.
  dispatch(doc, trustedEvent(Event, 'readystatechange'), IN_SCRIPT);
};
hooks.setCurrentScript = (docId, scriptId) => {
  domChanged();
  dstate(wrap(docId)).currentScript = wrap(scriptId);
};
// Fires a simple event (HTML "fire an event") at a node, from a task; true
// if not canceled.
hooks.fireAtNode = (nodeId, type, bubbles, cancelable) => {
  domChanged();
  return dispatch(wrap(nodeId), trustedEvent(Event, type, { bubbles, cancelable }), FROM_TASK);
};
