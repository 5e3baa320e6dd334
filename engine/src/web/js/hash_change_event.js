// HashChangeEvent (HTML), made on first use.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-hashchangeevent-interface ("The HashChangeEvent interface")
//
// Exposed on workers too (the spec says Window only), as isohost always did.

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('HashChangeEvent', () => eventClass('HashChangeEvent', Event, { oldURL: '', newURL: '' }));
