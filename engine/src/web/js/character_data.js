// CharacterData (DOM): the data of a Text or Comment node.
// https://dom.spec.whatwg.org/#interface-characterdata ("Interface CharacterData")
//
// Not modelled: offsets in UTF-16 code units beyond what String slicing
// gives, and the IndexSizeError of an offset past the end.

// Uses define, lazyGlobal, toDOMString (webidl.js); idOf, Node, domOps (node.js);
//   childNodeMixin, nonDocumentTypeChildNodeMixin (child_node.js).

// Made on first use (lazyGlobal), at its place among the globals: a realm
// wraps a Text or Comment node only when its script reaches one.
lazyGlobal('CharacterData', () => {
  class CharacterData extends Node {
    constructor(key) { super(key); }
    get data() { return domOps.characterDataData(idOf(this)); }
    set data(v) { domOps.characterDataSetData(idOf(this), v === null ? '' : toDOMString(v)); }
    get length() { return domOps.characterDataData(idOf(this)).length; }
    substringData(offset, count) { return StringPrototypeSubstr(dataOf(this), offset, count); }
    appendData(s) { setDataOf(this, dataOf(this) + toDOMString(s)); }
    insertData(offset, s) { const d = dataOf(this); setDataOf(this, StringPrototypeSlice(d, 0, offset) + s + StringPrototypeSlice(d, offset)); }
    deleteData(offset, count) { const d = dataOf(this); setDataOf(this, StringPrototypeSlice(d, 0, offset) + StringPrototypeSlice(d, offset + count)); }
    replaceData(offset, count, s) { const d = dataOf(this); setDataOf(this, StringPrototypeSlice(d, 0, offset) + s + StringPrototypeSlice(d, offset + count)); }
  }
  define(CharacterData.prototype, childNodeMixin, false);
  define(CharacterData.prototype, nonDocumentTypeChildNodeMixin, false);
  return CharacterData;
}, false);
function dataOf(node) { return domOps.characterDataData(idOf(node)); }
function setDataOf(node, data) { domOps.characterDataSetData(idOf(node), data); }

return [dataOf, setDataOf];
