// PageTransitionEvent (HTML), made on first use.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-pagetransitionevent-interface ("The PageTransitionEvent interface")
//
// Exposed on workers too (the spec says Window only), as isohost always
// did; not modelled: pageshow and pagehide are never fired (no session
// history).

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('PageTransitionEvent', () => eventClass('PageTransitionEvent', Event, { persisted: false }));
