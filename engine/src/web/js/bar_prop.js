// BarProp (HTML): whether the window's toolbars and the like are visible,
// which for a headless window means: whether it is not a popup.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#browser-interface-elements ("Browser interface elements")

// Uses lazyInterface, materialize, illegalConstructor, INTERNAL, platformObject (webidl.js).

lazyInterface('BarProp', () => {
  barProps = new WeakMapCtor();
  class BarProp {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      return platformObject(new.target);
    }
    // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-barprop-visible ("visible"):
    // the negation of the top-level browsing context's "is popup" (true
    // where the window.open() features asked for a popup, HTML "popup window
    // is requested").
    get visible() {
      if (!WeakMapPrototypeHas(barProps, this)) throw new TypeErrorCtor('Illegal invocation');
      return !ops.windowGeometry()[6];
    }
  }
  return BarProp;
});
// Made with the interface (no BarProp exists before it).
let barProps;
function makeBarProp() {
  const b = new (materialize('BarProp'))(INTERNAL);
  WeakMapPrototypeSet(barProps, b, true);
  return b;
}

return [makeBarProp];
