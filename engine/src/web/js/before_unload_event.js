// BeforeUnloadEvent (HTML), made on first use; Window only.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-beforeunloadevent-interface ("The BeforeUnloadEvent interface")
//
// returnValue is kept (no user is asked: see web/navigation.rs).

// Uses illegalConstructor, INTERNAL, lazyInterface, toDOMString (webidl.js); Event (event.js).

lazyInterface('BeforeUnloadEvent', () => {
  // Pages cannot construct one: the host's init carries the INTERNAL key.
  const C = class BeforeUnloadEvent extends Event {
    constructor(type = '', init = undefined) {
      if (init === undefined || init === null || init[INTERNAL] !== true) throw illegalConstructor();
      super(type, init);
    }
  };
  const returnValues = new WeakMapCtor();
  ObjectDefineProperty(C.prototype, 'returnValue', { __proto__: null,
    get() { const v = WeakMapPrototypeGet(returnValues, this); return v === undefined ? '' : v; },
    set(v) { WeakMapPrototypeSet(returnValues, this, toDOMString(v)); },
    configurable: true, enumerable: true });
  return C;
});
