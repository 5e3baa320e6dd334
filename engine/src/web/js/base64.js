// btoa() and atob() (HTML): forgiving-base64 over Latin-1 strings.
// https://html.spec.whatwg.org/multipage/webappapis.html#atob ("Base64 utility methods")

// Uses define, globalInterfaceName, toDOMString (webidl.js); DOMException (dom_exception.js).

const NOT_LATIN1 = /[^\u0000-\u00ff]/;
define(global, {
  // https://html.spec.whatwg.org/multipage/webappapis.html#dom-btoa ("btoa(data)")
  btoa(s) {
    s = toDOMString(s);
    if (RegExpPrototypeExec(NOT_LATIN1, s) !== null) throw new DOMException(`Failed to execute 'btoa' on '${globalInterfaceName}': The string to be encoded contains characters outside of the Latin1 range.`, 'InvalidCharacterError');
    return ops.base64Encode(s);
  },
  // https://html.spec.whatwg.org/multipage/webappapis.html#dom-atob ("atob(data)")
  atob(s) {
    const r = ops.base64Decode(toDOMString(s));
    if (r === null) throw new DOMException(`Failed to execute 'atob' on '${globalInterfaceName}': The string to be decoded is not correctly encoded.`, 'InvalidCharacterError');
    return r;
  },
});
