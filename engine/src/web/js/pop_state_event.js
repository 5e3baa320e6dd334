// PopStateEvent (HTML), made on first use.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-popstateevent-interface ("The PopStateEvent interface")
//
// Exposed on workers too (the spec says Window only), as the other
// navigation events are.

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('PopStateEvent', () => eventClass('PopStateEvent', Event, { state: null, hasUAVisualTransition: false }));
