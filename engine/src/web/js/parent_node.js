// The ParentNode mixin (DOM): element children, selectors, and inserting
// nodes or strings; with the getElementsBy...() lists Document and Element
// both define.
// https://dom.spec.whatwg.org/#interface-parentnode ("Mixin ParentNode")

// Uses keepFast, toDOMString (webidl.js); idOf, intoOne, wrap, domOps (node.js); staticNodeList
//   (node_list.js); childrenOf, liveCollection (html_collection.js).

// Mixed into Document, DocumentFragment and Element.
const parentNodeMixin = {
  get children() { return childrenOf(this); },
  get firstElementChild() { const c = domOps.parentNodeChildren(idOf(this)); return c.length ? wrap(c[0]) : null; },
  get lastElementChild() { const c = domOps.parentNodeChildren(idOf(this)); return c.length ? wrap(c[c.length - 1]) : null; },
  get childElementCount() { return domOps.parentNodeChildren(idOf(this)).length; },
  querySelector(selectors) { return wrap(domOps.parentNodeQuerySelector(idOf(this), toDOMString(selectors))); },
  querySelectorAll(selectors) { return staticNodeList(domOps.parentNodeQuerySelectorAll(idOf(this), toDOMString(selectors))); },
  append(...nodes) { const id = idOf(this); domOps.nodeAppendChild(id, intoOne(domOps.nodeOwnerDocument(id), nodes)); },
  prepend(...nodes) { const id = idOf(this); domOps.nodeInsertBefore(id, intoOne(domOps.nodeOwnerDocument(id), nodes), domOps.nodeFirstChild(id)); },
  // https://dom.spec.whatwg.org/#dom-parentnode-replacechildren ("replaceChildren(...nodes)")
  replaceChildren(...nodes) {
    const id = idOf(this);
    const frag = intoOne(domOps.nodeOwnerDocument(id), nodes);
    const children = domOps.nodeChildNodes(id);
    for (let i = 0; i < children.length; i++) domOps.nodeRemoveChild(id, children[i]);
    domOps.nodeAppendChild(id, frag);
  },
  // https://dom.spec.whatwg.org/#concept-getelementsbytagname ("list of elements with qualified name")
  getElementsByTagName(name) {
    const root = this;
    idOf(root);
    name = toDOMString(name);
    return liveCollection(() => domOps.elementGetElementsByTagName(idOf(root), name));
  },
  // https://dom.spec.whatwg.org/#concept-getelementsbyclassname ("list of elements with class names")
  getElementsByClassName(names) {
    const root = this;
    idOf(root);
    names = toDOMString(names);
    return liveCollection(() => domOps.elementGetElementsByClassName(idOf(root), names));
  },
};

keepFast(parentNodeMixin);

return [parentNodeMixin];
