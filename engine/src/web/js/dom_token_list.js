// DOMTokenList (DOM) over an element's attribute (class, sandbox...): the
// token set is parsed from the attribute at each use, so it is always live.
// https://dom.spec.whatwg.org/#interface-domtokenlist ("Interface DOMTokenList")

// Uses define, lazyInterface, materialize, illegalConstructor, INTERNAL, indexedProperties, platformObject,
//   stateAccessor, toDOMString, toUnsignedLong (webidl.js); DOMException (dom_exception.js); idOf,
//   domOps (node.js); arrayForEach, arrayKeys, arrayValues, arrayEntries (node_list.js).

// Made with the interface, as what its methods use (most realms make no
// token list).
let tokenLists, tokenListHandler;

lazyInterface('DOMTokenList', () => {
  tokenLists = new WeakMapCtor();
  const tokenListState = stateAccessor(tokenLists);

  // https://infra.spec.whatwg.org/#split-on-ascii-whitespace ("split on ASCII
  // whitespace"), then the ordered set of those tokens.
  function tokensOf(s) {
    const v = domOps.elementGetAttribute(s.id, s.attr);
    const tokens = [];
    if (!v) return tokens;
    let start = -1;
    for (let i = 0; i <= v.length; i++) {
      const space = i === v.length || isAsciiWhitespace(StringPrototypeCharCodeAt(v, i));
      if (space && start >= 0) {
        const t = StringPrototypeSlice(v, start, i);
        if (!ArrayPrototypeIncludes(tokens, t)) ArrayAppend(tokens, t);
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return tokens;
  }
  // Tab, LF, FF, CR, space.
  function isAsciiWhitespace(c) {
    return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
  }
  function hasAsciiWhitespace(t) {
    for (let i = 0; i < t.length; i++) if (isAsciiWhitespace(StringPrototypeCharCodeAt(t, i))) return true;
    return false;
  }
  // https://dom.spec.whatwg.org/#concept-dtl-update ("update steps"): no
  // attribute is made for an empty set.
  function setTokens(s, tokens) {
    if (tokens.length === 0 && !domOps.elementHasAttribute(s.id, s.attr)) return;
    domOps.elementSetAttribute(s.id, s.attr, ArrayPrototypeJoin(tokens, ' '));
  }
  // The validation of add(), remove(), toggle() and replace().
  function checkToken(t) {
    t = toDOMString(t);
    if (t === '') throw new DOMException("Failed to execute on 'DOMTokenList': The token provided must not be empty.", 'SyntaxError');
    if (hasAsciiWhitespace(t)) throw new DOMException(`Failed to execute on 'DOMTokenList': The token provided ('${t}') contains HTML space characters, which are not valid in tokens.`, 'InvalidCharacterError');
    return t;
  }
  function checkTokens(tokens) {
    const out = [];
    for (let i = 0; i < tokens.length; i++) ArrayAppend(out, checkToken(tokens[i]));
    return out;
  }
  tokenListHandler = indexedProperties(
    (target) => tokensOf(WeakMapPrototypeGet(tokenLists, target)).length,
    (target, i) => tokensOf(WeakMapPrototypeGet(tokenLists, target))[i],
  );
  // https://html.spec.whatwg.org/multipage/iframe-embed-object.html#attr-iframe-sandbox
  const SANDBOX_TOKENS = ['allow-downloads', 'allow-forms', 'allow-modals', 'allow-orientation-lock', 'allow-pointer-lock', 'allow-popups',
    'allow-popups-to-escape-sandbox', 'allow-presentation', 'allow-same-origin', 'allow-scripts',
    'allow-top-navigation', 'allow-top-navigation-by-user-activation'];

  class DOMTokenList {
    constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
    get length() { return tokensOf(tokenListState(this)).length; }
    get value() { const s = tokenListState(this); const v = domOps.elementGetAttribute(s.id, s.attr); return v === null ? '' : v; }
    set value(v) { const s = tokenListState(this); domOps.elementSetAttribute(s.id, s.attr, toDOMString(v)); }
    item(index) { const t = tokensOf(tokenListState(this))[toUnsignedLong(index)]; return t === undefined ? null : t; }
    contains(token) { return ArrayPrototypeIncludes(tokensOf(tokenListState(this)), toDOMString(token)); }
    // https://dom.spec.whatwg.org/#dom-domtokenlist-add ("add(...tokens)")
    add(...tokens) {
      const s = tokenListState(this);
      const added = checkTokens(tokens);
      const set = tokensOf(s);
      for (let i = 0; i < added.length; i++) if (!ArrayPrototypeIncludes(set, added[i])) ArrayAppend(set, added[i]);
      setTokens(s, set);
    }
    // https://dom.spec.whatwg.org/#dom-domtokenlist-remove ("remove(...tokens)")
    remove(...tokens) {
      const s = tokenListState(this);
      const removed = checkTokens(tokens);
      setTokens(s, ArrayFilter(tokensOf(s), (t) => !ArrayPrototypeIncludes(removed, t)));
    }
    // https://dom.spec.whatwg.org/#dom-domtokenlist-toggle ("toggle(token, force)")
    toggle(token, force = undefined) {
      const s = tokenListState(this);
      const t = checkToken(token);
      const set = tokensOf(s);
      if (ArrayPrototypeIncludes(set, t)) {
        if (force === undefined || !force) {
          setTokens(s, ArrayFilter(set, (x) => x !== t));
          return false;
        }
        return true;
      }
      if (force === undefined || force) {
        ArrayAppend(set, t);
        setTokens(s, set);
        return true;
      }
      return false;
    }
    // https://dom.spec.whatwg.org/#dom-domtokenlist-replace ("replace(token, newToken)")
    replace(token, newToken) {
      const s = tokenListState(this);
      const a = checkToken(token);
      const b = checkToken(newToken);
      const set = tokensOf(s);
      if (!ArrayPrototypeIncludes(set, a)) return false;
      // Ordered-set "replace": the first of either token becomes the new one.
      const first = ArrayPrototypeFindIndex(set, (x) => x === a || x === b);
      const kept = ArrayFilter(set, (x, k) => k === first || (x !== a && x !== b));
      setTokens(s, ArrayMap(kept, (x) => (x === a ? b : x)));
      return true;
    }
    // https://dom.spec.whatwg.org/#dom-domtokenlist-supports ("supports(token)")
    supports(token) {
      const s = tokenListState(this);
      if (s.attr !== 'sandbox') throw new TypeErrorCtor("Failed to execute 'supports' on 'DOMTokenList': DOMTokenList has no supported tokens.");
      return ArrayPrototypeIncludes(SANDBOX_TOKENS, StringPrototypeToLowerCase(toDOMString(token)));
    }
    toString() { return this.value; }
  }
  define(DOMTokenList.prototype, {
    forEach: arrayForEach,
    keys: arrayKeys,
    values: arrayValues,
    entries: arrayEntries,
  }, true);
  ObjectDefineProperty(DOMTokenList.prototype, SymbolIterator, { __proto__: null, value: arrayValues, writable: true, configurable: true });
  return DOMTokenList;
});

// The token list of `element`'s attribute `attr`.
function makeTokenList(element, attr) {
  const target = platformObject(materialize('DOMTokenList'));
  // `element` keeps the element's document alive as long as the list.
  const s = { id: idOf(element), attr, element };
  const proxy = new ProxyCtor(target, tokenListHandler);
  WeakMapPrototypeSet(tokenLists, target, s);
  WeakMapPrototypeSet(tokenLists, proxy, s);
  return proxy;
}

return [makeTokenList];
