// DocumentType (DOM): a doctype's name and ids.
// https://dom.spec.whatwg.org/#interface-documenttype ("Interface DocumentType")

// Uses define, lazyInterface (webidl.js); idOf, Node, domOps (node.js); childNodeMixin
//   (child_node.js).

lazyInterface('DocumentType', () => {
  class DocumentType extends Node {
    constructor(key) { super(key); }
    get name() { return domOps.nodeName(idOf(this)); }
    get publicId() { return domOps.documentTypeIds(idOf(this))[0]; }
    get systemId() { return domOps.documentTypeIds(idOf(this))[1]; }
  }
  define(DocumentType.prototype, childNodeMixin, false);
  return DocumentType;
});
