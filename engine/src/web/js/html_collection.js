// HTMLCollection (DOM): a live list of elements, with named properties.
// https://dom.spec.whatwg.org/#interface-htmlcollection ("Interface HTMLCollection")

// Uses lazyGlobal, materialize, INTERNAL, illegalConstructor, lazyState, indexedProperties,
//   toDOMString, toUnsignedLong (webidl.js); domOps, idOf, wrap (node.js); arrayValues, listIds,
//   listItem, listState, stateOf, makeCollection (node_list.js).

// Made on first use (lazyGlobal), at its place among the globals, with its
// collections' Proxy handler.
let collectionHandler;
lazyGlobal('HTMLCollection', () => {
  // https://dom.spec.whatwg.org/#dom-htmlcollection-nameditem-key ("namedItem(key)"):
  // an element's id, or an HTML element's name.
  function namedItem(s, name) {
    if (name === '') return null;
    const ids = listIds(s);
    for (let i = 0; i < ids.length; i++) {
      if (domOps.elementGetAttribute(ids[i], 'id') === name) return wrap(ids[i]);
      if (domOps.elementGetAttribute(ids[i], 'name') === name && domOps.elementNamespaceURI(ids[i]) === 'http://www.w3.org/1999/xhtml') return wrap(ids[i]);
    }
    return null;
  }
  collectionHandler = indexedProperties(
    (target) => listIds(stateOf(target)).length,
    (target, i) => wrap(listIds(stateOf(target))[i]),
    (target, key) => namedItem(stateOf(target), key),
  );
  class HTMLCollection {
    constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
    get length() { return listIds(listState(this)).length; }
    item(index) { return listItem(listState(this), toUnsignedLong(index)); }
    namedItem(name) { return namedItem(listState(this), toDOMString(name)); }
  }
  ObjectDefineProperty(HTMLCollection.prototype, SymbolIterator, { __proto__: null, value: arrayValues, writable: true, configurable: true });
  return HTMLCollection;
}, false);

function liveCollection(query) {
  const HTMLCollection = materialize('HTMLCollection');
  return makeCollection(HTMLCollection, collectionHandler, query, true);
}

// node -> its children (the same object every time).
const childCollections = new WeakMapCtor();
function childrenOf(node) {
  return lazyState(childCollections, node, () => {
    return liveCollection(() => domOps.parentNodeChildren(idOf(node)));
  });
}

return [liveCollection, childrenOf];
