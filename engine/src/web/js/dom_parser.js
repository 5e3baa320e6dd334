// DOMParser (HTML): a string parsed into a new document.
// https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-parsing-and-serialization ("DOM parsing and serialization APIs")

// Uses lazyInterface, toEnum, toDOMString (webidl.js); wrap, domOps (node.js).

lazyInterface('DOMParser', () => {
  const SUPPORTED_TYPES = ['text/html', 'text/xml', 'application/xml', 'application/xhtml+xml', 'image/svg+xml'];
  class DOMParser {
    // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-domparser-parsefromstring ("parseFromString(string, type)")
    parseFromString(string, type) {
      const t = toEnum(type, SUPPORTED_TYPES, 'DOMParserSupportedType', 'parseFromString', 'DOMParser');
      return wrap(domOps.domParserParseFromString(toDOMString(string), t));
    }
  }
  return DOMParser;
});
