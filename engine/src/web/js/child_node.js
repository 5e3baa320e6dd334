// The ChildNode and NonDocumentTypeChildNode mixins (DOM), which the spec
// defines side by side: inserting next to a node, removing it, and its
// element siblings.
// https://dom.spec.whatwg.org/#interface-childnode ("Mixin ChildNode")

// Uses keepFast (webidl.js); idOf, intoOne, wrap, domOps (node.js).

// Mixed into CharacterData, DocumentType and Element.
const childNodeMixin = {
  before(...nodes) { const id = idOf(this); const p = domOps.nodeParentNode(id); if (p >= 0) domOps.nodeInsertBefore(p, intoOne(domOps.nodeOwnerDocument(id), nodes), id); },
  after(...nodes) { const id = idOf(this); const p = domOps.nodeParentNode(id); if (p >= 0) domOps.nodeInsertBefore(p, intoOne(domOps.nodeOwnerDocument(id), nodes), domOps.nodeNextSibling(id)); },
  replaceWith(...nodes) { const id = idOf(this); const p = domOps.nodeParentNode(id); if (p >= 0) { const n = intoOne(domOps.nodeOwnerDocument(id), nodes); domOps.nodeReplaceChild(p, n, id); } },
  remove() { domOps.childNodeRemove(idOf(this)); },
};

// https://dom.spec.whatwg.org/#interface-nondocumenttypechildnode ("Mixin NonDocumentTypeChildNode"),
// mixed into CharacterData and Element.
const nonDocumentTypeChildNodeMixin = {
  get previousElementSibling() { return siblingElement(idOf(this), -1); },
  get nextElementSibling() { return siblingElement(idOf(this), 1); },
};
function siblingElement(id, dir) {
  let s = dir < 0 ? domOps.nodePreviousSibling(id) : domOps.nodeNextSibling(id);
  while (s >= 0 && domOps.nodeType(s) !== 1) s = dir < 0 ? domOps.nodePreviousSibling(s) : domOps.nodeNextSibling(s);
  return wrap(s);
}

keepFast(childNodeMixin);
keepFast(nonDocumentTypeChildNodeMixin);

return [childNodeMixin, nonDocumentTypeChildNodeMixin];
