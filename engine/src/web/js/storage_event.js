// StorageEvent (HTML Web Storage), made on first use.
// https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface ("The StorageEvent interface")
//
// Exposed on workers too (the spec says Window only), as isohost always
// did; not modelled: initStorageEvent().

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('StorageEvent', () => eventClass('StorageEvent', Event, { key: null, oldValue: null, newValue: null, url: '', storageArea: null }));
