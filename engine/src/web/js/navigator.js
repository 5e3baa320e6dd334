// Navigator (HTML): who the user agent says it is.
// https://html.spec.whatwg.org/multipage/system-state.html#the-navigator-object ("The Navigator object")
//
// Not modelled: Navigator as an interface object (navigator is a plain
// object with the members below), plugins, mime types, permissions.

// Uses lazyGlobal (webidl.js).

// Made on first use (lazyGlobal), at its place among the globals.
lazyGlobal('navigator', () => {
  const navigatorObject = {
    get userAgent() { return 'Mozilla/5.0 (isohost; V8 10.2) isohost/0.1'; },
    get appName() { return 'Netscape'; },
    get appVersion() { return '5.0 (isohost)'; },
    get platform() { return 'Linux x86_64'; },
    get language() { return 'en-US'; },
    get languages() { return ['en-US', 'en']; },
    get onLine() { return true; },
    get cookieEnabled() { return false; },
    // https://html.spec.whatwg.org/multipage/workers.html#dom-navigator-hardwareconcurrency ("navigator.hardwareConcurrency")
    get hardwareConcurrency() { return ops.navigatorHardwareConcurrency(); },
    get webdriver() { return true; },
    get vendor() { return ''; },
  };
  ObjectDefineProperty(navigatorObject, SymbolToStringTag, { __proto__: null, value: 'Navigator', configurable: true });
  return navigatorObject;
}, true);
