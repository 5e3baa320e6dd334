// URLSearchParams (URL Standard): a URL's query as a list of name-value
// pairs, kept in step with its URL object (url.js) through an update
// function the URL gives it.
// https://url.spec.whatwg.org/#interface-urlsearchparams ("Interface URLSearchParams")
//
// Not modelled: the application/x-www-form-urlencoded parser's byte-level
// percent-decoding (decodeURIComponent stands in, keeping a malformed
// sequence as it is).

// Uses failedTo, lazyInterface, materialize, pairIterators, platformObject, requiredArguments,
//   stateAccessor, toDOMString, toSequence, CONSTRUCT
//   (webidl.js).

// The rest is made on first use (urlSearchParamsLib()): most realms never need it.
let made;
function urlSearchParamsLib() {
  if (made === undefined) made = makeUrlSearchParamsLib();
  return made;
}
lazyInterface('URLSearchParams', () => urlSearchParamsLib().URLSearchParams);

function makeUrlSearchParamsLib() {
  // params -> { list: [[name, value]], update: function(query) or null }
  const paramsState = new WeakMapCtor();
  const paramsData = stateAccessor(paramsState);

  class URLSearchParams {
    // https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams ("new URLSearchParams(init)")
    constructor(init = '') {
      const self = platformObject(new.target);
      const list = [];
      WeakMapPrototypeSet(paramsState, self, { list, update: null });
      if (typeof init === 'object' && init !== null) {
        if (typeof init[SymbolIterator] === 'function') {
          const pairs = toSequence(init, CONSTRUCT, 'URLSearchParams');
          for (let i = 0; i < pairs.length; i++) {
            const p = toSequence(pairs[i], CONSTRUCT, 'URLSearchParams');
            if (p.length !== 2) throw new TypeErrorCtor("Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
            ArrayAppend(list, [toDOMString(p[0]), toDOMString(p[1])]);
          }
        } else {
          const keys = ObjectKeys(init);
          for (let i = 0; i < keys.length; i++) ArrayAppend(list, [keys[i], toDOMString(init[keys[i]])]);
        }
      } else {
        parseQuery(toDOMString(init), list);
      }
      return self;
    }
    append(name, value) {
      ArrayAppend(paramsData(this).list, [toDOMString(name), toDOMString(value)]);
      update(this);
    }
    delete(name, value = undefined) {
      const d = paramsData(this);
      name = toDOMString(name);
      value = value === undefined ? undefined : toDOMString(value);
      d.list = ArrayFilter(d.list, (p) => !(p[0] === name && (value === undefined || p[1] === value)));
      update(this);
    }
    get(name) {
      name = toDOMString(name);
      const e = ArrayPrototypeFind(paramsData(this).list, (p) => p[0] === name);
      return e === undefined ? null : e[1];
    }
    getAll(name) {
      name = toDOMString(name);
      const out = [];
      const list = paramsData(this).list;
      for (let i = 0; i < list.length; i++) if (list[i][0] === name) ArrayAppend(out, list[i][1]);
      return out;
    }
    has(name, value = undefined) {
      name = toDOMString(name);
      value = value === undefined ? undefined : toDOMString(value);
      return ArrayPrototypeSome(paramsData(this).list, (p) => p[0] === name && (value === undefined || p[1] === value));
    }
    // https://url.spec.whatwg.org/#dom-urlsearchparams-set ("set(name, value)")
    set(name, value) {
      const d = paramsData(this);
      name = toDOMString(name);
      value = toDOMString(value);
      const i = ArrayPrototypeFindIndex(d.list, (p) => p[0] === name);
      if (i < 0) {
        ArrayAppend(d.list, [name, value]);
      } else {
        d.list[i][1] = value;
        d.list = ArrayFilter(d.list, (p, j) => j <= i || p[0] !== name);
      }
      update(this);
    }
    // https://url.spec.whatwg.org/#dom-urlsearchparams-sort ("sort()"), by
    // code units, stable.
    sort() {
      const d = paramsData(this);
      ArrayPrototypeSort(d.list, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      update(this);
    }
    // https://webidl.spec.whatwg.org/#es-forEach: the list is read again
    // at every step, as the iterators read it.
    forEach(callback, thisArg = undefined) {
      let list = paramsData(this).list;
      requiredArguments(arguments.length, 1, 'forEach', 'URLSearchParams');
      if (typeof callback !== 'function') throw new TypeErrorCtor(`${failedTo('forEach', 'URLSearchParams')}: The callback provided as parameter 1 is not a function.`);
      for (let i = 0; i < list.length; i++) {
        ReflectApply(callback, thisArg, [list[i][1], list[i][0], this]);
        list = paramsData(this).list;
      }
    }
    keys() { return paramsIterator(this, 'key'); }
    values() { return paramsIterator(this, 'value'); }
    entries() { return paramsIterator(this, 'key+value'); }
    get size() { return paramsData(this).list.length; }
    // https://url.spec.whatwg.org/#urlencoded-serializing ("application/x-www-form-urlencoded serializer")
    toString() { return serializeQuery(paramsData(this).list); }
  }
  const paramsIterator = pairIterators('URLSearchParams', (target) => paramsData(target).list);
  ObjectDefineProperty(URLSearchParams.prototype, SymbolIterator, {
    __proto__: null, value: URLSearchParams.prototype.entries, writable: true, configurable: true, enumerable: false,
  });

  // https://url.spec.whatwg.org/#concept-urlencoded-parser ("application/x-www-form-urlencoded parser")
  function parseQuery(s, list) {
    if (StringPrototypeStartsWith(s, '?')) s = StringPrototypeSlice(s, 1);
    let start = 0;
    while (start <= s.length) {
      let end = StringPrototypeIndexOf(s, '&', start);
      if (end < 0) end = s.length;
      const part = StringPrototypeSlice(s, start, end);
      start = end + 1;
      if (part === '') continue;
      const i = StringPrototypeIndexOf(part, '=');
      const k = i < 0 ? part : StringPrototypeSlice(part, 0, i);
      const v = i < 0 ? '' : StringPrototypeSlice(part, i + 1);
      ArrayAppend(list, [formDecode(k), formDecode(v)]);
    }
  }
  function formDecode(s) {
    const spaced = replaceAll(s, '+', ' ');
    try { return DecodeURIComponent(spaced); } catch (e) { return s; }
  }
  function formEncode(s) {
    let out = replaceAll(EncodeURIComponent(s), '%20', '+');
    for (let i = 0; i < FORM_RESERVED.length; i++) {
      const c = FORM_RESERVED[i];
      out = replaceAll(out, c, `%${StringPrototypeToUpperCase(NumberPrototypeToString(StringPrototypeCharCodeAt(c, 0), 16))}`);
    }
    return out;
  }
  // What encodeURIComponent leaves that the form encoding escapes.
  const FORM_RESERVED = ["!", "'", '(', ')', '~'];
  function serializeQuery(list) {
    let out = '';
    for (let i = 0; i < list.length; i++) {
      if (i > 0) out += '&';
      out += `${formEncode(list[i][0])}=${formEncode(list[i][1])}`;
    }
    return out;
  }
  // Every `from` in `s` replaced by `to` (no RegExp, no page-reachable
  // String.prototype[Symbol.replace]).
  function replaceAll(s, from, to) {
    let out = '';
    let start = 0;
    for (let i = StringPrototypeIndexOf(s, from); i >= 0; i = StringPrototypeIndexOf(s, from, start)) {
      out += StringPrototypeSlice(s, start, i) + to;
      start = i + from.length;
    }
    return out + StringPrototypeSlice(s, start);
  }

  // https://url.spec.whatwg.org/#concept-urlsearchparams-update ("update"):
  // the URL object's query follows the list.
  function update(params) {
    const d = paramsData(params);
    if (d.update !== null) d.update(serializeQuery(d.list));
  }

  // A URL object's URLSearchParams: its query's list, and how a change to the
  // list updates the URL.
  function paramsForURL(query, updateURL) {
    const params = new (materialize('URLSearchParams'))(query);
    paramsData(params).update = updateURL;
    return params;
  }
  // The URL's query changed: the list is parsed again.
  function resetParams(params, query) {
    const list = [];
    parseQuery(query, list);
    paramsData(params).list = list;
  }

  // For fetch bodies: whether a value is a URLSearchParams, and its
  // application/x-www-form-urlencoded serialization.
  function isURLSearchParams(value) {
    return WeakMapPrototypeHas(paramsState, value);
  }
  function urlSearchParamsString(params) {
    return serializeQuery(paramsData(params).list);
  }

  return { __proto__: null, URLSearchParams, paramsForURL, resetParams, isURLSearchParams,
    urlSearchParamsString, parseQuery };
}

return [urlSearchParamsLib];
