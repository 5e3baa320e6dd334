// PageTransitionEvent (HTML), made on first use.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-pagetransitionevent-interface ("The PageTransitionEvent interface")
//
// Exposed on workers too (the spec says Window only), as isohost always
// did. pagehide fires before a document is unloaded (persisted is always
// false: there is no back/forward cache); pageshow is not fired.

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('PageTransitionEvent', () => eventClass('PageTransitionEvent', Event, { persisted: false }));
