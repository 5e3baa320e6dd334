// Node (DOM): wrappers over dom-lite nodes, identified by node id, and the
// Node interface itself.
// https://dom.spec.whatwg.org/#interface-node ("Interface Node")
//
// A node's wrapper is made once (wrapper identity: document.body ===
// document.body) in the realm of its node document's window, and shared by
// every same-origin realm of the tab. Not modelled: Attr nodes,
// lookupPrefix/lookupNamespaceURI beyond null, normalize().

// Uses defineConstants, exposeInterface, illegalConstructor, keepFast, INTERNAL, notOfType,
//   requiredArguments, sharedState, stateAccessor, toDictionary, toDOMString (webidl.js); Event, ev, trustedEvent
//   (event.js); domHooks, dispatch, FROM_TASK (event_target.js); inspectHooks (console.js);
//   childNodesOf (node_list.js, after this file).

// wrapper -> node id; node id -> wrapper, for the nodes of frames'
// documents; document id -> the wrapper factory of the realm whose
// document it is; wrapper -> its group, for documents that are no frame's
// (below).
let nodeIds, wrappers, realms, idOf, groupOf;
atRealmStart(() => {
  nodeIds = sharedState('nodeIds', () => new WeakMapCtor());
  wrappers = sharedState('wrappers', () => new MapCtor());
  realms = sharedState('realms', () => new MapCtor());
  groupOf = sharedState('documentGroupOf', () => new WeakMapCtor());
  idOf = stateAccessor(nodeIds);
});

// --- The DOM version ------------------------------------------------------------

// Live collections (childNodes, children, getElementsBy*) query again only
// when the DOM may have changed since they last looked: every op that
// changes a tree or an attribute moves this version on (`ops` below wraps
// them, and the DOM files call ops through it), and so does every entry
// from the host (which parses between scripts). It lives in `shared`: only
// same-origin realms can change a document.
atRealmStart(() => { if (shared.domVersion === undefined) shared.domVersion = 0; });
function domChanged() { shared.domVersion++; }
// The host moves the version on before a parser-inserted script only once
// a live collection of its agent has read it (until then no collection
// holds an answer the parser could have made stale): no call into script
// per script on pages without live collections.
let versionRead = false;
function domVersion() {
  if (!versionRead) {
    versionRead = true;
    ops.nodeDomVersionRead();
  }
  return shared.domVersion;
}
// The host serves these ops only as `unwrapped:` + name (ops::call's
// WRAPPED_OPS, the same list), so that their names are the wrappers'
// alone: the first SELDOM_AT are read at start-up; the others, which pages
// seldom call, on their wrapper's first call in a realm. An op read at
// start-up is a function of every realm and, in the start-up snapshot's
// isolate part that every Isolate::New reads, a template, a call handler,
// two foreigns and a function info.
const MUTATING_OPS = ['nodeSetTextContent', 'elementSetAttribute', 'nodeAppendChild', 'nodeInsertBefore',
  'nodeRemoveChild', 'elementSetInnerHTML', 'documentSetTitle', 'characterDataSetData', 'elementRemoveAttribute',
  'nodeReplaceChild', 'childNodeRemove', 'documentAdoptNode', 'elementSetOuterHTML', 'elementInsertAdjacentHTML',
  'documentWrite'];
const SELDOM_AT = 7;
// The ops as the DOM files call them: the host's, with the mutating ones
// replaced by wrappers that move the DOM version on first. On `ops` itself,
// not on an object inheriting from it: as a prototype, the ops object (a
// dictionary of ~180 lazy properties) cost each realm a second object and
// ~1.9 KiB more (`compare-isohost frames 20`).
const domOps = ops;
for (let i = 0; i < MUTATING_OPS.length; i++) {
  const name = MUTATING_OPS[i];
  let op = i < SELDOM_AT ? ops['unwrapped:' + name] : undefined;
  const changing = (...args) => {
    domChanged();
    if (op === undefined) op = ops['unwrapped:' + name];
    return ReflectApply(op, ops, args);
  };
  ObjectDefineProperty(ops, name, { __proto__: null, value: changing });
}

// --- Wrappers -------------------------------------------------------------------
//
// Lifetimes. A wrapper is made once per node (identity, expandos) and must
// live as long as script can reach its node, whatever way: through the
// wrapper itself or through the tree from any other node of the document.
// - The nodes of a frame's document (every document a realm was made for:
//   `realms`) keep their wrappers in `wrappers`, strongly, as the frame's
//   document lives as long as the tab.
// - Every other document (DOMParser, createHTMLDocument, new Document(),
//   a clone of a document) has a group: { doc, nodes: node id -> wrapper }.
//   The group holds its wrappers strongly and each wrapper holds its group
//   (`groupOf`, an ephemeron), so a group and all of its wrappers live
//   while any one of them is reachable; the host names it only through a
//   weak handle (`nodeDocumentGroup`: not a WeakRef, whose target would be
//   kept to the end of the job). When it is collected no wrapper of the
//   document's nodes is left, and no script can name one of its nodes
//   again, so the DOM frees them: after the task, or within it when a
//   parse finds the DOM grown (`DocumentGroups` in `ops/node.rs`).
// - A node adopted into another document carries its wrapper to that
//   document's map or group right away (the host calls `moveAdopted` after
//   every op that moved nodes, before script runs again): nodes moved into
//   a live document before the old one goes stay with it.
// - Whatever of the bindings keeps a node for later keeps its wrapper, not
//   just its id (live collections keep their root's, token lists their
//   element's, static lists their items'): an id alone does not keep a
//   document alive. One gap: a long static list of a frame's document keeps
//   ids only; if its nodes are then moved into a document that is no
//   frame's and that document dies, they read as TypeErrors. An id kept
//   past its node's release names nothing (a handle with the slot's
//   generation: see dom-lite's `release.rs`), never another node.

// The wrapper of node `id` (null for -1), made in its node document's realm.
function wrap(id) {
  if (id === null || id === undefined || id < 0) return null;
  const existing = MapPrototypeGet(wrappers, id);
  if (existing !== undefined) return existing;
  const doc = domOps.nodeOwnerDocument(id);
  const realm = MapPrototypeGet(realms, doc);
  if (realm !== undefined) return realm.create(id, doc);
  const group = groupFor(doc);
  const found = group === null ? undefined : MapPrototypeGet(group.nodes, id);
  return found !== undefined ? found : thisRealm.create(id, doc);
}
hooks.wrap = wrap;

// The group of document `doc`, made on first use; null for a frame's
// document (its wrappers are in `wrappers`), also one whose realm is not
// made yet.
// Adoptions are tracked from the realm's first group: most realms never
// make one.
let tracksAdoptions = false;
function groupFor(doc) {
  if (MapPrototypeHas(realms, doc)) return null;
  const existing = domOps.nodeDocumentGroup(doc);
  if (existing !== undefined) return existing;
  if (domOps.nodeDocumentHasFrame(doc)) return null;
  if (!tracksAdoptions) {
    tracksAdoptions = true;
    domOps.nodeTrackAdoptions();
  }
  const group = { __proto__: null, doc, nodes: new MapCtor() };
  domOps.nodeSetDocumentGroup(doc, group);
  return group;
}
// Whether `doc` is a frame's document, whose nodes live as long as the tab.
function isFramesDocument(doc) {
  return MapPrototypeHas(realms, doc) || domOps.nodeDocumentHasFrame(doc);
}

// The host calls this after an op moved nodes between documents: [node,
// document it left, ...]. Each wrapper goes where its node now is.
hooks.moveAdopted = (moved) => {
  for (let i = 0; i < moved.length; i += 2) {
    const id = moved[i];
    const from = moved[i + 1];
    // The document left has a group only if it had one already: a group
    // made now would be empty.
    const group = domOps.nodeDocumentGroup(from);
    const map = group === undefined ? wrappers : group.nodes;
    const node = MapPrototypeGet(map, id);
    if (node !== undefined) MapPrototypeDelete(map, id);
    // Not found: no wrapper, or it moved on already (a node moved twice
    // is listed twice, and went where it is on the first).
    if (node !== undefined) place(node, id, domOps.nodeOwnerDocument(id));
  }
};

// What other realms of the origin use to make wrappers here: `create`, and
// `compileHandler` (event_handler_content_attributes.js). The class of a
// wrapper comes from `wrapperClass`, which element_interfaces.js sets once
// every node class exists.
const nodeHooks = { wrapperClass: null };
const thisRealm = keepFast({
  create(id, doc) {
    const kind = domOps.nodeKind(id);
    const C = nodeHooks.wrapperClass(kind[0], kind[1], kind[2], id);
    const node = new C(INTERNAL);
    adopt(node, id, doc);
    return node;
  },
  compileHandler: null,
});
atRealmStart(() => { MapPrototypeSet(realms, info.documentId, thisRealm); });

// `node` is the wrapper of node `id` (made by a constructor page script
// called: new Text(), new Document()...), of document `doc`.
function adopt(node, id, doc = domOps.nodeOwnerDocument(id)) {
  WeakMapPrototypeSet(nodeIds, node, id);
  place(node, id, doc);
}
// Keeps wrapper `node` of node `id` with document `doc` (see Lifetimes).
function place(node, id, doc) {
  const group = groupFor(doc);
  if (group === null) {
    MapPrototypeSet(wrappers, id, node);
    WeakMapPrototypeDelete(groupOf, node);
  } else {
    MapPrototypeSet(group.nodes, id, node);
    WeakMapPrototypeSet(groupOf, node, group);
  }
}

// https://webidl.spec.whatwg.org/#es-interface ("interface types"): the
// node id of a Node argument.
function nodeArg(value, operation, iface = 'Node', index = 1) {
  const id = value === null || value === undefined ? undefined : WeakMapPrototypeGet(nodeIds, value);
  if (id === undefined) throw notOfType(index, 'Node', operation, iface);
  return id;
}
function isNode(value) {
  return WeakMapPrototypeHas(nodeIds, value);
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

// https://dom.spec.whatwg.org/#converting-nodes-into-a-node ("convert nodes
// into a node"): the arguments of append(), prepend(), before()..., strings
// made Text nodes of `doc`, more than one put in a fragment.
function intoOne(doc, nodes) {
  const ids = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    ArrayAppend(ids, isNode(n) ? WeakMapPrototypeGet(nodeIds, n) : domOps.documentCreateTextNode(doc, toDOMString(n)));
  }
  if (ids.length === 1) return ids[0];
  const frag = domOps.documentCreateDocumentFragment(doc);
  for (let i = 0; i < ids.length; i++) domOps.nodeAppendChild(frag, ids[i]);
  return frag;
}

class Node extends EventTarget {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    super();
  }
  get nodeType() { return domOps.nodeType(idOf(this)); }
  get nodeName() { return domOps.nodeName(idOf(this)); }
  // https://dom.spec.whatwg.org/#dom-node-baseuri ("baseURI"): its node document's document base URL.
  get baseURI() { return domOps.documentBaseURL(domOps.nodeOwnerDocument(idOf(this))); }
  get isConnected() { return domOps.nodeIsConnected(idOf(this)); }
  get ownerDocument() { const id = idOf(this); return domOps.nodeType(id) === 9 ? null : wrap(domOps.nodeOwnerDocument(id)); }
  // https://dom.spec.whatwg.org/#dom-node-getrootnode ("getRootNode(options)")
  getRootNode(options = undefined) {
    const composed = !!toDictionary(options, 'GetRootNodeOptions', 'getRootNode', 'Node').composed;
    return wrap(domOps.shadowRootGetRootNode(idOf(this), composed));
  }
  get parentNode() { return wrap(domOps.nodeParentNode(idOf(this))); }
  get parentElement() { const p = domOps.nodeParentNode(idOf(this)); return p >= 0 && domOps.nodeType(p) === 1 ? wrap(p) : null; }
  hasChildNodes() { return domOps.nodeFirstChild(idOf(this)) >= 0; }
  get childNodes() { return childNodesOf(this); }
  get firstChild() { return wrap(domOps.nodeFirstChild(idOf(this))); }
  get lastChild() { return wrap(domOps.nodeLastChild(idOf(this))); }
  get previousSibling() { return wrap(domOps.nodePreviousSibling(idOf(this))); }
  get nextSibling() { return wrap(domOps.nodeNextSibling(idOf(this))); }
  get nodeValue() { const id = idOf(this); const t = domOps.nodeType(id); return t === 3 || t === 8 ? domOps.characterDataData(id) : null; }
  set nodeValue(v) { const id = idOf(this); const t = domOps.nodeType(id); if (t === 3 || t === 8) domOps.characterDataSetData(id, v === null ? '' : toDOMString(v)); }
  get textContent() { return domOps.nodeTextContent(idOf(this)); }
  set textContent(v) { domOps.nodeSetTextContent(idOf(this), v === null ? '' : toDOMString(v)); }
  normalize() {}
  cloneNode(deep = false) { return wrap(domOps.nodeCloneNode(idOf(this), !!deep)); }
  isEqualNode(other) { return other !== null && domOps.nodeIsEqualNode(idOf(this), nodeArg(other, 'isEqualNode')); }
  isSameNode(other) { return this === other; }
  compareDocumentPosition(other) { return domOps.nodeCompareDocumentPosition(idOf(this), nodeArg(other, 'compareDocumentPosition')); }
  contains(other) { return other !== null && other !== undefined && isNode(other) && domOps.nodeContains(idOf(this), idOf(other)); }
  lookupNamespaceURI() { return null; }
  isDefaultNamespace(ns) { return ns === null || ns === ''; }
  // https://dom.spec.whatwg.org/#dom-node-insertbefore ("insertBefore(node, child)")
  insertBefore(node, child) {
    requiredArguments(arguments.length, 2, 'insertBefore', 'Node');
    const ref = child === null || child === undefined ? -1 : nodeArg(child, 'insertBefore', 'Node', 2);
    domOps.nodeInsertBefore(idOf(this), nodeArg(node, 'insertBefore'), ref);
    return node;
  }
  appendChild(node) { domOps.nodeAppendChild(idOf(this), nodeArg(node, 'appendChild')); return node; }
  replaceChild(node, child) {
    requiredArguments(arguments.length, 2, 'replaceChild', 'Node');
    domOps.nodeReplaceChild(idOf(this), nodeArg(node, 'replaceChild'), nodeArg(child, 'replaceChild', 'Node', 2));
    return child;
  }
  removeChild(child) { domOps.nodeRemoveChild(idOf(this), nodeArg(child, 'removeChild')); return child; }
}
defineConstants(Node, NODE_TYPES);
exposeInterface('Node', Node);

// https://dom.spec.whatwg.org/#get-the-parent ("get the parent") of a node:
// its parent; a document's is its window, except for a load event.
domHooks.getTheParent = (target, event) => {
  const id = WeakMapPrototypeGet(nodeIds, target);
  if (id === undefined) return null;
  const p = domOps.nodeParentNode(id);
  if (p >= 0) return wrap(p);
  if (domOps.nodeType(id) === 9 && ev(event).type !== 'load') return domOps.documentDefaultView(id);
  return null;
};

// https://dom.spec.whatwg.org/#default-passive-value ("default passive
// value"): whether a target is a document, its root or its body.
domHooks.isDocumentRootOrBody = (target) => {
  const id = WeakMapPrototypeGet(nodeIds, target);
  if (id === undefined) return false;
  if (domOps.nodeType(id) === 9) return true;
  const doc = domOps.nodeOwnerDocument(id);
  return domOps.documentElement(doc) === id || domOps.documentBody(doc) === id;
};

// How a node reads in a console line.
inspectHooks.describeNode = (value) => {
  const id = WeakMapPrototypeGet(nodeIds, value);
  if (id === undefined) return undefined;
  switch (domOps.nodeType(id)) {
    case 1: {
      const html = domOps.elementOuterHTML(id);
      const end = StringPrototypeIndexOf(html, '>');
      return StringPrototypeSlice(html, 0, end < 0 ? html.length : end + 1) + (domOps.nodeFirstChild(id) >= 0 ? '\u2026' : '');
    }
    case 3: return `#text ${JSONStringify(domOps.characterDataData(id))}`;
    case 8: return `<!--${domOps.characterDataData(id)}-->`;
    case 9: return `#document (${domOps.documentURL(id)})`;
    default: return domOps.nodeName(id);
  }
};

// Fires a simple event (HTML "fire an event") at a node, from a task; true
// if not canceled.
hooks.fireAtNode = (nodeId, type, bubbles, cancelable) => {
  domChanged();
  return dispatch(wrap(nodeId), trustedEvent(Event, type, { __proto__: null, bubbles, cancelable }), FROM_TASK);
};

return [
  domOps, domChanged, domVersion, nodeIds, idOf, nodeArg, wrap, adopt, realms, thisRealm, nodeHooks, intoOne,
  isFramesDocument,
  Node,
];
