// Text (DOM).
// https://dom.spec.whatwg.org/#interface-text ("Interface Text")

// Uses lazyGlobal, materialize, INTERNAL, toDOMString (webidl.js); adopt, idOf, wrap, domOps
//   (node.js); dataOf, setDataOf (character_data.js); defineTextAssignedSlot (html_slot_element.js,
//   after this file).

// Made on first use (lazyGlobal), at its place among the globals, with
// CharacterData.
lazyGlobal('Text', () => {
  const CharacterData = materialize('CharacterData');
  class Text extends CharacterData {
    // https://dom.spec.whatwg.org/#dom-text-text ("new Text(data)"): a node
    // of the current global's document.
    constructor(data = '') {
      if (data === INTERNAL) { super(INTERNAL); return; }
      const id = domOps.documentCreateTextNode(domOps.windowDocument(), toDOMString(data));
      super(INTERNAL);
      adopt(this, id);
    }
    get wholeText() { return dataOf(this); }
    // https://dom.spec.whatwg.org/#dom-text-splittext ("splitText(offset)")
    splitText(offset) {
      const d = dataOf(this);
      const rest = domOps.documentCreateTextNode(domOps.nodeOwnerDocument(idOf(this)), StringPrototypeSlice(d, offset));
      setDataOf(this, StringPrototypeSlice(d, 0, offset));
      const p = domOps.nodeParentNode(idOf(this));
      if (p >= 0) domOps.nodeInsertBefore(p, rest, domOps.nodeNextSibling(idOf(this)));
      return wrap(rest);
    }
  }
  // https://dom.spec.whatwg.org/#mixin-slotable: Text is Slottable.
  defineTextAssignedSlot(Text.prototype);
  return Text;
}, false);
