// NodeList (DOM), and the machinery of live and static collections that
// HTMLCollection shares.
// https://dom.spec.whatwg.org/#interface-nodelist ("Interface NodeList")
//
// A collection is a Proxy whose indexed properties come from its state:
// `query()` gives node ids; a live collection asks again when the DOM
// version moved, a static one (querySelectorAll) keeps its first answer.
// Iteration and forEach are Array.prototype's (WebIDL: an indexed getter
// and an integer `length` make the interface iterable that way).

// Uses define, lazyGlobal, materialize, platformObject, INTERNAL, illegalConstructor, stateAccessor,
//   lazyState, indexedProperties, toUnsignedLong (webidl.js); domOps, domVersion, idOf, wrap,
//   isFramesDocument (node.js).

// The iteration methods are Array.prototype's, as the realm began with
// them (NodeList, HTMLCollection and DOMTokenList are made on first use,
// maybe after page script ran).
const arrayForEach = ArrayPrototype.forEach;
const arrayKeys = ArrayPrototype.keys;
const arrayValues = ArrayPrototype.values;
const arrayEntries = ArrayPrototype.entries;

const listStates = new WeakMapCtor();
const listState = stateAccessor(listStates);
// The node ids of a collection now. A live collection's query keeps the
// wrapper of the node it was made on (its root), and so its document.
function listIds(s) {
  if (s.live && s.version !== domVersion()) {
    s.ids = s.query();
    s.version = domVersion();
  }
  return s.ids;
}
function listItem(s, index) {
  const ids = listIds(s);
  return index < ids.length ? wrap(ids[index]) : null;
}
// The state behind a collection (its Proxy, or its target).
function stateOf(collection) {
  return WeakMapPrototypeGet(listStates, collection);
}
// A collection object of interface `Ctor`, indexed by `handler`.
function makeCollection(Ctor, handler, query, live) {
  const target = platformObject(Ctor);
  const s = { query, live, ids: live ? null : query(), version: -1 };
  const proxy = new ProxyCtor(target, handler);
  WeakMapPrototypeSet(listStates, target, s);
  WeakMapPrototypeSet(listStates, proxy, s);
  return proxy;
}

// Made on first use (lazyGlobal), at its place among the globals: with the
// first list a realm's script asks for. Its collections' Proxy handler too.
let nodeListHandler;
lazyGlobal('NodeList', () => {
  nodeListHandler = indexedProperties(
    (target) => listIds(stateOf(target)).length,
    (target, i) => wrap(listIds(stateOf(target))[i]),
  );
  class NodeList {
    constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
    get length() { return listIds(listState(this)).length; }
    item(index) { return listItem(listState(this), toUnsignedLong(index)); }
  }
  define(NodeList.prototype, {
    __proto__: null,
    forEach: arrayForEach,
    keys: arrayKeys,
    values: arrayValues,
    entries: arrayEntries,
  }, true);
  ObjectDefineProperty(NodeList.prototype, SymbolIterator, { __proto__: null, value: arrayValues, writable: true, configurable: true });
  return NodeList;
}, false);
// A new NodeList over `query` (see makeCollection).
function makeNodeList(query, live) {
  const NodeList = materialize('NodeList');
  return makeCollection(NodeList, nodeListHandler, query, live);
}

// A static list keeps its nodes' wrappers where ids alone would not keep
// their documents alive (see Lifetimes in node.js): a short list always, a
// long one when its nodes are of a document that is no frame's (a frame's
// document keeps its nodes; wrapping a page's 40,000 divs would not pay).
const EAGER_WRAP = 16;
function staticNodeList(ids) {
  const list = makeNodeList(() => ids, false);
  if (ids.length <= EAGER_WRAP || !isFramesDocument(domOps.nodeOwnerDocument(ids[0]))) {
    const nodes = [];
    for (let i = 0; i < ids.length; i++) ArrayAppend(nodes, wrap(ids[i]));
    WeakMapPrototypeGet(listStates, list).nodes = nodes;
  }
  return list;
}
const liveNodeList = (query) => makeNodeList(query, true);

// node -> its childNodes (the same object every time).
const childNodeLists = new WeakMapCtor();
function childNodesOf(node) {
  return lazyState(childNodeLists, node, () => {
    return liveNodeList(() => domOps.nodeChildNodes(idOf(node)));
  });
}

return [
  arrayForEach, arrayKeys, arrayValues, arrayEntries, listIds, listItem, listState, stateOf, makeCollection,
  staticNodeList, liveNodeList, childNodesOf,
];
