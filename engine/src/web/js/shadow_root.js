// ShadowRoot (DOM): the root of a shadow tree, a DocumentFragment attached
// to a host element; and what event dispatch needs to know of shadow trees.
// https://dom.spec.whatwg.org/#interface-shadowroot ("Interface ShadowRoot")
//
// Not modelled: declarative shadow roots (<template shadowrootmode>),
// setHTMLUnsafe(), adoptedStyleSheets, styleSheets, focus
// delegation (delegatesFocus is only kept), the reference target.

// Uses lazyInterface, illegalConstructor, INTERNAL, toDOMString (webidl.js); domHooks (event_target.js);
//   idOf, nodeIds, wrap, domOps (node.js); DocumentFragment (document_fragment.js); getHandler, setHandler
//   (event_handlers.js); focusedElement (html_element.js); elementGetHTML (element.js).

lazyInterface('ShadowRoot', () => {
  // [host, closed, delegatesFocus, manual, clonable, serializable] of a
  // ShadowRoot wrapper.
  const shadowRootInfo = (root) => {
    const info = domOps.shadowRootInfo(idOf(root));
    if (info === null) throw new TypeErrorCtor('Illegal invocation');
    return info;
  };
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
    // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-shadowroot-gethtml ("getHTML(options)")
    getHTML(options = undefined) { shadowRootInfo(this); return ReflectApply(elementGetHTML, this, [options]); }
    get onslotchange() { return getHandler(this, 'slotchange'); }
    set onslotchange(v) { setHandler(this, 'slotchange', v); }
    // https://html.spec.whatwg.org/multipage/interaction.html#dom-documentorshadowroot-activeelement ("activeElement"):
    // the document's focused element retargeted against this root, if it
    // is in this root's tree.
    get activeElement() {
      const id = idOf(this);
      const focused = focusedElement(domOps.nodeOwnerDocument(id));
      if (focused === null) return null;
      const candidate = domHooks.shadowTrees().retarget(focused, this);
      return domOps.shadowRootGetRootNode(idOf(candidate), false) === id ? candidate : null;
    }
  }
  return ShadowRoot;
});

// What the interface and dispatch need of shadow trees, made on first use
// (`domHooks.shadowTrees`, once a page attached a shadow root): a realm
// that never sees one does not pay for its functions.
let shadowTrees;
domHooks.shadowTrees = () => {
  if (shadowTrees !== undefined) return shadowTrees;
  const isNode = (value) => WeakMapPrototypeHas(nodeIds, value);
  // The info ([host, closed, ...]) of the shadow root that is node id
  // `id`'s root; null if its root is no shadow root.
  const rootInfo = (id) => domOps.shadowRootInfo(domOps.shadowRootGetRootNode(id, false));
  // How many shadow trees the tree whose root is node id `root` is nested
  // in (0: a document's, or a tree apart), memoized in `depths` (root ->
  // nesting), which one dispatch shares: a path through n nested shadow
  // trees then asks each root once, not once per item (n² ops).
  const nesting = (root, depths) => {
    const chain = [];
    let d;
    for (;;) {
      d = MapPrototypeGet(depths, root);
      if (d !== undefined) break;
      const info = domOps.shadowRootInfo(root);
      if (info === null) {
        d = 0;
        MapPrototypeSet(depths, root, d);
        break;
      }
      ArrayAppend(chain, root);
      root = domOps.shadowRootGetRootNode(info[0], false);
    }
    for (let i = chain.length - 1; i >= 0; i--) MapPrototypeSet(depths, chain[i], ++d);
    return d;
  };
  // Whether root node `a` is a shadow-including inclusive ancestor of node
  // `b`: b's root, or the root of a host of it, up as many trees as b's is
  // nested deeper than a's.
  const shadowIncludingContains = (a, b, depths) => {
    let r = domOps.shadowRootGetRootNode(b, false);
    if (r === a) return true;
    const da = nesting(a, depths);
    for (let dr = nesting(r, depths); dr > da; dr--) r = domOps.shadowRootGetRootNode(domOps.shadowRootInfo(r)[0], false);
    return r === a;
  };
  // https://dom.spec.whatwg.org/#retarget ("retarget A against B").
  const retarget = (a, b, depths = new MapCtor()) => {
    for (;;) {
      if (a === null || !isNode(a)) return a;
      const root = domOps.shadowRootGetRootNode(idOf(a), false);
      const info = domOps.shadowRootInfo(root);
      if (info === null || (isNode(b) && shadowIncludingContains(root, idOf(b), depths))) return a;
      a = wrap(info[0]);
    }
  };
  // https://dom.spec.whatwg.org/#get-the-parent ("get the parent") of a
  // node: its assigned slot, a shadow root's host (unless the event is not
  // composed and the root is that of the path's first target), else its
  // parent or (a document's) window.
  const parentOf = (target, event, composed, first) => {
    if (!isNode(target)) return domHooks.getTheParent(target, event);
    const id = idOf(target);
    const slot = domOps.shadowRootFindSlot(id);
    if (slot >= 0) return wrap(slot);
    const info = domOps.shadowRootInfo(id);
    if (info === null) return domHooks.getTheParent(target, event);
    if (!composed && domOps.shadowRootGetRootNode(first, false) === id) return null;
    return wrap(info[0]);
  };
  const isAssigned = (node) => isNode(node) && domOps.shadowRootFindSlot(idOf(node)) >= 0;
  const inShadowTree = (node) => isNode(node) && rootInfo(idOf(node)) !== null;
  const isClosedRoot = (node) => {
    if (!isNode(node)) return false;
    const info = domOps.shadowRootInfo(idOf(node));
    return info !== null && info[1];
  };
  // https://dom.spec.whatwg.org/#concept-event-path-append ("append to an event path").
  const append = (info, path, item, target, related, slotInClosedTree) => {
    ArrayAppend(path, item);
    ArrayAppend(info.targets, target);
    ArrayAppend(info.related, related);
    ArrayAppend(info.closedRoot, isClosedRoot(item));
    ArrayAppend(info.closedSlot, slotInClosedTree);
    ArrayAppend(info.inShadow, inShadowTree(item));
  };
  // https://dom.spec.whatwg.org/#concept-event-listener-invoke ("invoke")
  // steps 1-2: the event's target is the shadow-adjusted target of item
  // `i` or the nearest before it that has one; its relatedTarget, item i's.
  const adjust = (s, info, i) => {
    for (let k = i; k >= 0; k--) {
      if (info.targets[k] !== null) { s.target = info.targets[k]; break; }
    }
    if (s.relatedTarget !== undefined) s.relatedTarget = info.related[i];
    s.pathIndex = i;
  };
  // https://dom.spec.whatwg.org/#dom-event-composedpath ("composedPath()"):
  // the path as the current target sees it, without what closed shadow
  // trees it is not in hold.
  const composedPath = (s) => {
    const path = s.path;
    const info = s.pathInfo;
    // 3.
    const composed = [s.currentTarget];
    // 4-5.
    let currentTargetIndex = 0;
    let currentTargetHiddenSubtreeLevel = 0;
    for (let index = path.length - 1; index >= 0; index--) {
      if (info.closedRoot[index]) currentTargetHiddenSubtreeLevel++;
      if (path[index] === s.currentTarget) { currentTargetIndex = index; break; }
      if (info.closedSlot[index]) currentTargetHiddenSubtreeLevel--;
    }
    // 6-7.
    let currentHiddenLevel = currentTargetHiddenSubtreeLevel;
    let maxHiddenLevel = currentTargetHiddenSubtreeLevel;
    for (let index = currentTargetIndex - 1; index >= 0; index--) {
      if (info.closedRoot[index]) currentHiddenLevel++;
      if (currentHiddenLevel <= maxHiddenLevel) ArrayPrepend(composed, path[index]);
      if (info.closedSlot[index]) {
        currentHiddenLevel--;
        if (currentHiddenLevel < maxHiddenLevel) maxHiddenLevel = currentHiddenLevel;
      }
    }
    // 8-9.
    currentHiddenLevel = currentTargetHiddenSubtreeLevel;
    maxHiddenLevel = currentTargetHiddenSubtreeLevel;
    for (let index = currentTargetIndex + 1; index < path.length; index++) {
      if (info.closedSlot[index]) currentHiddenLevel++;
      if (currentHiddenLevel <= maxHiddenLevel) ArrayAppend(composed, path[index]);
      if (info.closedRoot[index]) {
        currentHiddenLevel--;
        if (currentHiddenLevel < maxHiddenLevel) maxHiddenLevel = currentHiddenLevel;
      }
    }
    // 10.
    return composed;
  };
  // https://dom.spec.whatwg.org/#concept-event-dispatch ("dispatch") steps
  // 4-6.11: fills `path` with the invocation targets and returns, per
  // item, its shadow-adjusted target (null if none), its relatedTarget and
  // the flags composedPath() and window.event need; null when the
  // retargeted relatedTarget is the target itself (step 6 not taken).
  const eventPath = (target, targetOverride, event, s, path, isActivationEvent, activation) => {
    const original = s.relatedTarget;
    const hasRelated = original !== undefined && original !== null;
    const composed = s.composed;
    const first = isNode(target) ? idOf(target) : -1;
    const depths = new MapCtor();
    // 4. Let relatedTarget be the result of retargeting event's relatedTarget against target.
    let related = hasRelated ? retarget(original, target, depths) : original;
    // 6. If target is not relatedTarget or target is event's relatedTarget:
    if (hasRelated && target === related && target !== original) return null;
    const info = {
      targets: [targetOverride], related: [related], closedRoot: [isClosedRoot(target)], closedSlot: [false],
      inShadow: [inShadowTree(target)], activation, clearTargets: false, adjust, composedPath,
    };
    // 6.6-6.8.
    let slottable = isAssigned(target) ? target : null;
    let slotInClosedTree = false;
    let parent = parentOf(target, event, composed, first);
    // 6.9.
    while (parent !== null && parent !== undefined) {
      // 6.9.1. Past a slottable: whether its slot is in a closed tree.
      if (slottable !== null) {
        slottable = null;
        const slotRoot = rootInfo(idOf(parent));
        if (slotRoot !== null && slotRoot[1]) slotInClosedTree = true;
      }
      // 6.9.2.
      if (isAssigned(parent)) slottable = parent;
      // 6.9.3.
      related = hasRelated ? retarget(original, parent, depths) : original;
      if (!isNode(parent) || (isNode(target) && shadowIncludingContains(domOps.shadowRootGetRootNode(idOf(target), false), idOf(parent), depths))) {
        // 6.9.6. In target's tree (or the window): no target of its own.
        if (isActivationEvent && s.bubbles && info.activation === null) info.activation = domHooks.activationBehavior(parent);
        append(info, path, parent, null, related, slotInClosedTree);
      } else if (hasRelated && parent === related) {
        // 6.9.7.
        parent = null;
      } else {
        // 6.9.8. Outside target's tree: the retargeted target.
        target = parent;
        if (isActivationEvent && info.activation === null) info.activation = domHooks.activationBehavior(parent);
        append(info, path, parent, target, related, slotInClosedTree);
      }
      // 6.9.9-6.9.10.
      if (parent !== null) parent = parentOf(parent, event, composed, first);
      slotInClosedTree = false;
    }
    // 6.10-6.11. Whether the last item with a shadow-adjusted target has a
    // target or relatedTarget in a shadow tree: then both are cleared.
    for (let i = path.length - 1; i >= 0; i--) {
      if (info.targets[i] === null) continue;
      info.clearTargets = inShadowTree(info.targets[i]) || inShadowTree(info.related[i]);
      break;
    }
    return info;
  };
  shadowTrees = { __proto__: null, retarget, path: eventPath };
  return shadowTrees;
};

