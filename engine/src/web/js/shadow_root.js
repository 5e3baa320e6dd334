// ShadowRoot (DOM): the root of a shadow tree, a DocumentFragment attached
// to a host element; and what event dispatch needs to know of shadow trees.
// https://dom.spec.whatwg.org/#interface-shadowroot ("Interface ShadowRoot")
//
// Not modelled: declarative shadow roots (<template shadowrootmode>),
// getHTML()/setHTMLUnsafe(), adoptedStyleSheets, styleSheets, focus
// delegation (delegatesFocus is only kept), the reference target.

// Uses lazyInterface, illegalConstructor, INTERNAL, toDOMString (webidl.js); domHooks (event_target.js);
//   idOf, nodeIds, wrap, domOps (node.js); DocumentFragment (document_fragment.js); getHandler, setHandler
//   (event_handlers.js); focusedElement (html_element.js).

lazyInterface('ShadowRoot', () => {
  class ShadowRoot extends DocumentFragment {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw illegalConstructor();
      super(INTERNAL);
    }
    get mode() { return shadowRootInfo(this)[1] ? 'closed' : 'open'; }
    get host() { return wrap(shadowRootInfo(this)[0]); }
    get delegatesFocus() { return shadowRootInfo(this)[2]; }
    get slotAssignment() { return shadowRootInfo(this)[3] ? 'manual' : 'named'; }
    get clonable() { return shadowRootInfo(this)[4]; }
    get serializable() { return shadowRootInfo(this)[5]; }
    get innerHTML() { return domOps.elementInnerHTML(idOf(this)); }
    set innerHTML(v) { domOps.elementSetInnerHTML(idOf(this), v === null ? '' : toDOMString(v)); }
    get onslotchange() { return getHandler(this, 'slotchange'); }
    set onslotchange(v) { setHandler(this, 'slotchange', v); }
    // https://html.spec.whatwg.org/multipage/interaction.html#dom-documentorshadowroot-activeelement ("activeElement"):
    // the document's focused element retargeted against this root, if it
    // is in this root's tree.
    get activeElement() {
      const id = idOf(this);
      const focused = focusedElement(domOps.nodeOwnerDocument(id));
      if (focused === null) return null;
      const candidate = retarget(focused, this);
      return candidate !== null && isNode(candidate) && domOps.shadowRootGetRootNode(idOf(candidate), false) === id ? candidate : null;
    }
  }
  return ShadowRoot;
});

// [host, closed, delegatesFocus, manual, clonable, serializable] of a
// ShadowRoot wrapper.
function shadowRootInfo(root) {
  const info = domOps.shadowRootInfo(idOf(root));
  if (info === null) throw new TypeErrorCtor('Illegal invocation');
  return info;
}

// https://dom.spec.whatwg.org/#retarget ("retarget A against B").
function retarget(a, b) {
  for (;;) {
    if (a === null || !isNode(a)) return a;
    const root = domOps.shadowRootGetRootNode(idOf(a), false);
    const info = domOps.shadowRootInfo(root);
    if (info === null || (isNode(b) && shadowIncludingContains(root, idOf(b)))) return a;
    a = wrap(info[0]);
  }
}
// Whether node `a` is a shadow-including inclusive ancestor of node `b`.
function shadowIncludingContains(a, b) {
  for (;;) {
    if (domOps.nodeContains(a, b)) return true;
    const info = domOps.shadowRootInfo(domOps.shadowRootGetRootNode(b, false));
    if (info === null) return false;
    b = info[0];
  }
}

// What dispatch asks of shadow trees once a page attached one
// (`shared.shadowTrees`; event_target.js).
domHooks.shadow = {
  retarget,
  // https://dom.spec.whatwg.org/#get-the-parent ("get the parent") of a
  // node: its assigned slot, a shadow root's host (unless the event is not
  // composed and the root is that of the path's first target), else its
  // parent or (a document's) window.
  parent(target, event, composed, firstTarget) {
    if (!isNode(target)) return domHooks.getTheParent(target, event);
    const id = idOf(target);
    const slot = domOps.shadowRootFindSlot(id);
    if (slot >= 0) return wrap(slot);
    const info = domOps.shadowRootInfo(id);
    if (info !== null) {
      if (!composed && isNode(firstTarget) && domOps.shadowRootGetRootNode(idOf(firstTarget), false) === id) return null;
      return wrap(info[0]);
    }
    return domHooks.getTheParent(target, event);
  },
  isNode,
  // Whether `node` is a slottable assigned to a slot.
  isAssigned(node) { return isNode(node) && domOps.shadowRootFindSlot(idOf(node)) >= 0; },
  // The root of node `node` if it is a shadow root: its info; else null.
  rootInfo(node) { return isNode(node) ? domOps.shadowRootInfo(domOps.shadowRootGetRootNode(idOf(node), false)) : null; },
  // Whether `node` is a shadow root of mode "closed".
  isClosedRoot(node) {
    if (!isNode(node)) return false;
    const info = domOps.shadowRootInfo(idOf(node));
    return info !== null && info[1];
  },
  // Whether `node`'s root is a shadow-including inclusive ancestor of `other`.
  rootContains(node, other) {
    if (!isNode(other)) return false;
    return shadowIncludingContains(domOps.shadowRootGetRootNode(idOf(node), false), idOf(other));
  },
};

function isNode(value) { return WeakMapPrototypeHas(nodeIds, value); }

return [retarget];
