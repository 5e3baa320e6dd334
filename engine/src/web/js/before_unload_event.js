// BeforeUnloadEvent (HTML): the event of beforeunload, with its legacy
// returnValue; made on first use. It has no constructor: only
// document.createEvent("BeforeUnloadEvent") makes one.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-beforeunloadevent-interface ("The BeforeUnloadEvent interface")
//
// Not modelled: unloading (isohost fires no beforeunload).

// Uses lazyInterface, INTERNAL, illegalConstructor, toDOMString (webidl.js); Event, ev, cancel
//   (event.js).

lazyInterface('BeforeUnloadEvent', () => class BeforeUnloadEvent extends Event {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    super('');
    ev(this).beforeUnloadReturnValue = '';
  }
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-beforeunloadevent-returnvalue ("returnValue"):
  // a string; setting a non-empty one cancels, as HTML's "beforeunload"
  // handling reads it.
  get returnValue() { return ev(this).beforeUnloadReturnValue; }
  set returnValue(v) {
    const s = ev(this);
    s.beforeUnloadReturnValue = toDOMString(v);
    if (s.beforeUnloadReturnValue !== '') cancel(s);
  }
});
