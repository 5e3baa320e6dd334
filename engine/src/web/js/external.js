// External (HTML, obsolete): window.external, whose methods do nothing.
// https://html.spec.whatwg.org/multipage/obsolete.html#the-external-interface ("The External interface")

// Uses define, lazyInterface, illegalConstructor, INTERNAL, platformObject (webidl.js).

lazyInterface('External', () => {
  class External {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      return platformObject(new.target);
    }
  }
  define(External.prototype, { AddSearchProvider() {}, IsSearchProviderInstalled() {} }, false);
  return External;
});
