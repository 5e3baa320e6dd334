// Comment (DOM).
// https://dom.spec.whatwg.org/#interface-comment ("Interface Comment")

// Uses lazyInterface, materialize, INTERNAL, toDOMString (webidl.js); adopt, domOps (node.js).

lazyInterface('Comment', () => {
  class Comment extends materialize('CharacterData') {
    // https://dom.spec.whatwg.org/#dom-comment-comment ("new Comment(data)")
    constructor(data = '') {
      if (data === INTERNAL) { super(INTERNAL); return; }
      const id = domOps.documentCreateComment(domOps.windowDocument(), toDOMString(data));
      super(INTERNAL);
      adopt(this, id);
    }
  }
  return Comment;
});
