// URL (URL Standard), parsed by the host's `url` crate.
// https://url.spec.whatwg.org/#url-class ("URL class")

// Uses lazyInterface, platformObject, requiredArguments, stateAccessor, toDOMString, CONSTRUCT
//   (webidl.js); urlSearchParamsLib (url_search_params.js); defineBlobURLMethods (blob.js, after
//   this file).

// ops.urlParse(input, base) -> [href, origin, protocol, username, password,
// host, hostname, port, pathname, search, hash] or null.
const URL_FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function partsObject(parts) {
  const r = { __proto__: null };
  for (let i = 0; i < URL_FIELDS.length; i++) r[URL_FIELDS[i]] = parts[i];
  return r;
}
// https://url.spec.whatwg.org/#concept-url-parser ("URL parser"): the parts
// of `input` against `base`, or null for failure.
function parsedURL(input, base = undefined) {
  const parts = ops.urlParse(toDOMString(input), base === undefined ? null : toDOMString(base));
  return parts === null ? null : partsObject(parts);
}

// Made on first use (most pages only parse URLs through the bindings).
lazyInterface('URL', () => {
  const { paramsForURL, resetParams } = urlSearchParamsLib();
  const urlState = new WeakMapCtor();
  const urlData = stateAccessor(urlState);
  class URL {
    // https://url.spec.whatwg.org/#dom-url-url ("new URL(url, base)")
    constructor(url, base = undefined) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'URL');
      const parsed = parsedURL(url, base);
      if (parsed === null) throw new TypeErrorCtor("Failed to construct 'URL': Invalid URL");
      const self = platformObject(new.target);
      WeakMapPrototypeSet(urlState, self, parsed);
      parsed.params = paramsForURL(parsed.search, (query) => updateQuery(parsed, query));
      return self;
    }
    static canParse(url, base = undefined) { return parsedURL(url, base) !== null; }
    toString() { return urlData(this).href; }
    toJSON() { return urlData(this).href; }
    get searchParams() { return urlData(this).params; }
  }
  // The URLSearchParams object changed the query ("update" steps).
  function updateQuery(d, query) {
    const next = parsedURL(withoutQueryAndFragment(d.href) + (query ? '?' + query : '') + d.hash);
    if (next !== null) ObjectAssign(d, next);
  }
  function withoutQueryAndFragment(href) {
    let end = href.length;
    const q = StringPrototypeIndexOf(href, '?');
    const h = StringPrototypeIndexOf(href, '#');
    if (q >= 0) end = q;
    if (h >= 0 && h < end) end = h;
    return StringPrototypeSlice(href, 0, end);
  }
  for (let i = 0; i < URL_FIELDS.length; i++) {
    const field = URL_FIELDS[i];
    const desc = {
      __proto__: null,
      get() { return urlData(this)[field]; },
      enumerable: true, configurable: true,
    };
    if (field !== 'origin') {
      // The setters of https://url.spec.whatwg.org/#urlutils-members, by the
      // url crate's "quirks" setters.
      desc.set = function (v) {
        const d = urlData(this);
        const parts = ops.urlSetPart(d.href, field, toDOMString(v));
        if (parts === null) {
          if (field === 'href') throw new TypeErrorCtor("Failed to set the 'href' property on 'URL': Invalid URL");
          return;
        }
        ObjectAssign(d, partsObject(parts));
        resetParams(d.params, d.search);
      };
    }
    ObjectDefineProperty(URL.prototype, field, desc);
  }
  // The File API's static members (createObjectURL, revokeObjectURL).
  defineBlobURLMethods(URL);
  return URL;
});

return [parsedURL];
