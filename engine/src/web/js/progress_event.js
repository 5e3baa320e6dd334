// ProgressEvent (XMLHttpRequest), made on first use.
// https://xhr.spec.whatwg.org/#interface-progressevent ("Interface ProgressEvent")

// Uses lazyInterface (webidl.js); Event, eventClass (event.js).

lazyInterface('ProgressEvent', () => eventClass('ProgressEvent', Event, { lengthComputable: false, loaded: 0, total: 0 }));
