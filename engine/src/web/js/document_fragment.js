// DocumentFragment (DOM).
// https://dom.spec.whatwg.org/#interface-documentfragment ("Interface DocumentFragment")

// Uses define, exposeInterface, INTERNAL, toDOMString (webidl.js); adopt, idOf, wrap, Node, domOps
//   (node.js); parentNodeMixin (parent_node.js).

class DocumentFragment extends Node {
  // https://dom.spec.whatwg.org/#dom-documentfragment-documentfragment ("new DocumentFragment()")
  constructor(key = undefined) {
    if (key === INTERNAL) { super(INTERNAL); return; }
    const id = domOps.documentCreateDocumentFragment(domOps.windowDocument());
    super(INTERNAL);
    adopt(this, id);
  }
  getElementById(id) { return wrap(domOps.documentGetElementById(idOf(this), toDOMString(id))); }
}
define(DocumentFragment.prototype, parentNodeMixin, false);
exposeInterface('DocumentFragment', DocumentFragment);

return [DocumentFragment];
