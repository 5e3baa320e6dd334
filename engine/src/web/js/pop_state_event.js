// PopStateEvent (HTML), made on first use; Window only.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-popstateevent-interface ("The PopStateEvent interface")

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('PopStateEvent', () => eventClass('PopStateEvent', Event, { state: null, hasUAVisualTransition: false }));
