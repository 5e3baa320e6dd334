// Headers (Fetch): a header list with a guard, names validated and
// lowercased, values normalized, iterated sorted and combined.
// https://fetch.spec.whatwg.org/#headers-class ("Headers class")

// Uses CONSTRUCT, lazyInterface, materialize, failedTo, pairIterators, platformObject,
//   requiredArguments, stateAccessor, toDOMString, toSequence (webidl.js).

// The rest is made on first use (headersLib()): most realms never need it.
let made;
function headersLib() {
  if (made === undefined) made = makeHeadersLib();
  return made;
}
lazyInterface('Headers', () => headersLib().Headers);

function makeHeadersLib() {
  const headersStates = new WeakMapCtor();
  const headersState = stateAccessor(headersStates);

  // https://fetch.spec.whatwg.org/#header-name: a token.
  function isHeaderName(name) {
    if (name.length === 0) return false;
    for (let i = 0; i < name.length; i++) {
      const c = StringPrototypeCharCodeAt(name, i);
      const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A);
      if (!alnum && !StringPrototypeIncludes("!#$%&'*+-.^_`|~", StringFromCharCode(c))) return false;
    }
    return true;
  }
  // https://fetch.spec.whatwg.org/#concept-header-value-normalize: without
  // leading and trailing HTTP whitespace.
  function isHTTPWhitespace(c) {
    return c === 0x20 || c === 0x09 || c === 0x0A || c === 0x0D;
  }
  function normalizeHeaderValue(value) {
    let start = 0;
    let end = value.length;
    while (start < end && isHTTPWhitespace(StringPrototypeCharCodeAt(value, start))) start++;
    while (end > start && isHTTPWhitespace(StringPrototypeCharCodeAt(value, end - 1))) end--;
    return StringPrototypeSlice(value, start, end);
  }
  // https://fetch.spec.whatwg.org/#header-value: no NUL, CR or LF.
  function isHeaderValue(value) {
    return !StringPrototypeIncludes(value, '\0') && !StringPrototypeIncludes(value, '\r') && !StringPrototypeIncludes(value, '\n');
  }
  // https://webidl.spec.whatwg.org/#es-ByteString
  function toByteString(value, what) {
    const s = toDOMString(value);
    for (let i = 0; i < s.length; i++) {
      if (StringPrototypeCharCodeAt(s, i) > 0xFF) {
        throw new TypeErrorCtor(`${what}: Cannot convert argument to a ByteString because the character at index ${i} has a value of ${StringPrototypeCharCodeAt(s, i)} which is greater than 255.`);
      }
    }
    return s;
  }

  const FORBIDDEN_REQUEST_HEADERS = SetOf([
    'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
    'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin',
    'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
  ]);
  const FORBIDDEN_METHODS = SetOf(['CONNECT', 'TRACE', 'TRACK']);
  // https://fetch.spec.whatwg.org/#forbidden-method
  function isForbiddenMethod(method) {
    return SetPrototypeHas(FORBIDDEN_METHODS, StringPrototypeToUpperCase(method));
  }
  // https://fetch.spec.whatwg.org/#forbidden-request-header
  function isForbiddenRequestHeader(name, value) {
    const n = StringPrototypeToLowerCase(name);
    if (SetPrototypeHas(FORBIDDEN_REQUEST_HEADERS, n)) return true;
    if (StringPrototypeStartsWith(n, 'proxy-') || StringPrototypeStartsWith(n, 'sec-')) return true;
    if (n === 'x-http-method' || n === 'x-http-method-override' || n === 'x-method-override') {
      const methods = StringPrototypeSplit(value, ',');
      for (let i = 0; i < methods.length; i++) {
        if (isForbiddenMethod(normalizeHeaderValue(methods[i]))) return true;
      }
    }
    return false;
  }
  // https://fetch.spec.whatwg.org/#forbidden-response-header-name
  function isForbiddenResponseHeaderName(name) {
    const n = StringPrototypeToLowerCase(name);
    return n === 'set-cookie' || n === 'set-cookie2';
  }
  // https://fetch.spec.whatwg.org/#cors-safelisted-request-header
  function isCorsSafelistedRequestHeader(name, value) {
    if (value.length > 128) return false;
    const unsafeByte = (c) => (c < 0x20 && c !== 0x09) || c === 0x7F || StringPrototypeIncludes('"():<>?@[\\]{}', StringFromCharCode(c));
    const n = StringPrototypeToLowerCase(name);
    if (n === 'accept') {
      for (let i = 0; i < value.length; i++) if (unsafeByte(StringPrototypeCharCodeAt(value, i))) return false;
      return true;
    }
    if (n === 'accept-language' || n === 'content-language') {
      for (let i = 0; i < value.length; i++) {
        const c = StringPrototypeCharCodeAt(value, i);
        const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A);
        if (!alnum && !StringPrototypeIncludes(' *,-.;=', StringFromCharCode(c))) return false;
      }
      return true;
    }
    if (n === 'content-type') {
      for (let i = 0; i < value.length; i++) if (unsafeByte(StringPrototypeCharCodeAt(value, i))) return false;
      const essence = mimeEssence(value);
      return essence === 'application/x-www-form-urlencoded' || essence === 'multipart/form-data' || essence === 'text/plain';
    }
    if (n === 'range') {
      const m = RegExpPrototypeExec(RANGE, value);
      return m !== null && (m[2] === '' || NumberCtor(m[1]) <= NumberCtor(m[2]));
    }
    return false;
  }
  const RANGE = /^bytes=(\d+)-(\d*)$/;
  // https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name
  function isNoCorsSafelistedRequestHeaderName(name) {
    const n = StringPrototypeToLowerCase(name);
    return n === 'accept' || n === 'accept-language' || n === 'content-language' || n === 'content-type';
  }
  // The essence of a MIME type (type/subtype, lowercased), or '' if it has none.
  function mimeEssence(value) {
    const semi = StringPrototypeIndexOf(value, ';');
    const essence = StringPrototypeToLowerCase(normalizeHeaderValue(semi < 0 ? value : StringPrototypeSlice(value, 0, semi)));
    return StringPrototypeIncludes(essence, '/') ? essence : '';
  }

  // --- The header list (https://fetch.spec.whatwg.org/#concept-header-list) ---------

  function listGet(list, name) {
    let out = null;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) out = out === null ? list[i][1] : `${out}, ${list[i][1]}`;
    }
    return out;
  }
  function listContains(list, name) {
    for (let i = 0; i < list.length; i++) if (list[i][0] === name) return true;
    return false;
  }
  function listDelete(s, name) {
    s.list = ArrayFilter(s.list, (h) => h[0] !== name);
  }
  function listSet(s, name, value) {
    const i = ArrayPrototypeFindIndex(s.list, (h) => h[0] === name);
    if (i < 0) {
      ArrayAppend(s.list, [name, value]);
      return;
    }
    s.list[i][1] = value;
    s.list = ArrayFilter(s.list, (h, j) => j <= i || h[0] !== name);
  }
  // https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
  function sortAndCombine(list) {
    const names = [];
    for (let i = 0; i < list.length; i++) if (!ArrayPrototypeIncludes(names, list[i][0])) ArrayAppend(names, list[i][0]);
    ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out = [];
    for (let i = 0; i < names.length; i++) {
      if (names[i] === 'set-cookie') {
        for (let j = 0; j < list.length; j++) if (list[j][0] === 'set-cookie') ArrayAppend(out, ['set-cookie', list[j][1]]);
      } else {
        ArrayAppend(out, [names[i], listGet(list, names[i])]);
      }
    }
    return out;
  }

  // https://fetch.spec.whatwg.org/#headers-validate ("validate"): whether to go on.
  function validateHeader(s, name, value, operation) {
    if (!isHeaderName(name)) throw new TypeErrorCtor(`${failedTo(operation, 'Headers')}: Invalid name`);
    if (!isHeaderValue(value)) throw new TypeErrorCtor(`${failedTo(operation, 'Headers')}: Invalid value`);
    if (s.guard === 'immutable') throw new TypeErrorCtor(`${failedTo(operation, 'Headers')}: Headers are immutable`);
    if (s.guard === 'request' && isForbiddenRequestHeader(name, value)) return false;
    if (s.guard === 'response' && isForbiddenResponseHeaderName(name)) return false;
    return true;
  }
  // https://fetch.spec.whatwg.org/#concept-headers-append ("append")
  function headersAppend(s, name, value, operation = 'append') {
    value = normalizeHeaderValue(value);
    if (!validateHeader(s, name, value, operation)) return;
    const lower = StringPrototypeToLowerCase(name);
    if (s.guard === 'request-no-cors') {
      const temporary = listGet(s.list, lower);
      const combined = temporary === null ? value : `${temporary}, ${value}`;
      if (!isNoCorsSafelistedRequestHeaderName(lower) || !isCorsSafelistedRequestHeader(lower, combined)) return;
    }
    ArrayAppend(s.list, [lower, value]);
    if (s.guard === 'request-no-cors') listDelete(s, 'range');
  }
  // https://fetch.spec.whatwg.org/#concept-headers-fill ("fill")
  function headersFill(s, init, operation) {
    if (typeof init === 'object' && init !== null && typeof init[SymbolIterator] === 'function') {
      const pairs = toSequence(init, operation, 'Headers');
      for (let i = 0; i < pairs.length; i++) {
        const pair = toSequence(pairs[i], operation, 'Headers');
        if (pair.length !== 2) throw new TypeErrorCtor(`${failedTo(operation, 'Headers')}: Invalid value`);
        headersAppend(s, toByteString(pair[0], failedTo(operation, 'Headers')), toByteString(pair[1], failedTo(operation, 'Headers')), operation);
      }
    } else if (typeof init === 'object' && init !== null || typeof init === 'function') {
      // record<ByteString, ByteString>: own enumerable string keys, in order.
      const keys = ReflectOwnKeys(init);
      const entries = [];
      for (let i = 0; i < keys.length; i++) {
        if (typeof keys[i] !== 'string') continue;
        const d = ReflectGetOwnPropertyDescriptor(init, keys[i]);
        if (d === undefined || !d.enumerable) continue;
        ArrayAppend(entries, [toByteString(keys[i], failedTo(operation, 'Headers')), toByteString(init[keys[i]], failedTo(operation, 'Headers'))]);
      }
      for (let i = 0; i < entries.length; i++) headersAppend(s, entries[i][0], entries[i][1], operation);
    } else if (init !== undefined) {
      throw new TypeErrorCtor(`${failedTo(operation, 'Headers')}: The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.`);
    }
  }

  class Headers {
    // https://fetch.spec.whatwg.org/#dom-headers ("new Headers(init)")
    constructor(init = undefined) {
      const self = platformObject(new.target);
      const s = { __proto__: null, list: [], guard: 'none' };
      WeakMapPrototypeSet(headersStates, self, s);
      if (init !== undefined) headersFill(s, init, CONSTRUCT);
      return self;
    }
    append(name, value) {
      const s = headersState(this);
      requiredArguments(arguments.length, 2, 'append', 'Headers');
      headersAppend(s, toByteString(name, failedTo('append', 'Headers')), toByteString(value, failedTo('append', 'Headers')));
    }
    // https://fetch.spec.whatwg.org/#dom-headers-delete
    delete(name) {
      const s = headersState(this);
      requiredArguments(arguments.length, 1, 'delete', 'Headers');
      name = toByteString(name, failedTo('delete', 'Headers'));
      if (!validateHeader(s, name, '', 'delete')) return;
      const lower = StringPrototypeToLowerCase(name);
      if (s.guard === 'request-no-cors' && !isNoCorsSafelistedRequestHeaderName(lower) && lower !== 'range') return;
      if (!listContains(s.list, lower)) return;
      listDelete(s, lower);
      if (s.guard === 'request-no-cors') listDelete(s, 'range');
    }
    get(name) {
      const s = headersState(this);
      requiredArguments(arguments.length, 1, 'get', 'Headers');
      name = toByteString(name, failedTo('get', 'Headers'));
      if (!isHeaderName(name)) throw new TypeErrorCtor(`${failedTo('get', 'Headers')}: Invalid name`);
      return listGet(s.list, StringPrototypeToLowerCase(name));
    }
    // https://fetch.spec.whatwg.org/#dom-headers-getsetcookie
    getSetCookie() {
      const list = headersState(this).list;
      const out = [];
      for (let i = 0; i < list.length; i++) if (list[i][0] === 'set-cookie') ArrayAppend(out, list[i][1]);
      return out;
    }
    has(name) {
      const s = headersState(this);
      requiredArguments(arguments.length, 1, 'has', 'Headers');
      name = toByteString(name, failedTo('has', 'Headers'));
      if (!isHeaderName(name)) throw new TypeErrorCtor(`${failedTo('has', 'Headers')}: Invalid name`);
      return listContains(s.list, StringPrototypeToLowerCase(name));
    }
    // https://fetch.spec.whatwg.org/#dom-headers-set
    set(name, value) {
      const s = headersState(this);
      requiredArguments(arguments.length, 2, 'set', 'Headers');
      name = toByteString(name, failedTo('set', 'Headers'));
      value = normalizeHeaderValue(toByteString(value, failedTo('set', 'Headers')));
      if (!validateHeader(s, name, value, 'set')) return;
      const lower = StringPrototypeToLowerCase(name);
      if (s.guard === 'request-no-cors' && (!isNoCorsSafelistedRequestHeaderName(lower) || !isCorsSafelistedRequestHeader(lower, value))) return;
      listSet(s, lower, value);
      if (s.guard === 'request-no-cors') listDelete(s, 'range');
    }
    forEach(callback, thisArg = undefined) {
      const s = headersState(this);
      requiredArguments(arguments.length, 1, 'forEach', 'Headers');
      if (typeof callback !== 'function') throw new TypeErrorCtor(`${failedTo('forEach', 'Headers')}: The callback provided as parameter 1 is not a function.`);
      for (let i = 0; ; i++) {
        const pairs = sortAndCombine(s.list);
        if (i >= pairs.length) break;
        ReflectApply(callback, thisArg, [pairs[i][1], pairs[i][0], this]);
      }
    }
    keys() { return headersIterator(this, 'key'); }
    values() { return headersIterator(this, 'value'); }
    entries() { return headersIterator(this, 'key+value'); }
  }
  ObjectDefineProperty(Headers.prototype, SymbolIterator, {
    __proto__: null, value: Headers.prototype.entries, writable: true, configurable: true, enumerable: false,
  });

  // The pairs are sorted and combined again at every step.
  const headersIterator = pairIterators('Headers', (target) => sortAndCombine(headersState(target).list));

  // For Request and Response: a Headers object with a guard, its list, and
  // the list as names and values (for the host).
  function makeHeaders(guard, list = []) {
    const h = platformObject(materialize('Headers'));
    WeakMapPrototypeSet(headersStates, h, { __proto__: null, list, guard });
    return h;
  }
  function headersOf(h) {
    return headersState(h);
  }
  function isHeaders(value) {
    return WeakMapPrototypeHas(headersStates, value);
  }
  function flatHeaderList(list) {
    const out = [];
    for (let i = 0; i < list.length; i++) {
      ArrayAppend(out, list[i][0]);
      ArrayAppend(out, list[i][1]);
    }
    return out;
  }
  function copyHeaderList(list) {
    const out = [];
    for (let i = 0; i < list.length; i++) ArrayAppend(out, [list[i][0], list[i][1]]);
    return out;
  }

  return { __proto__: null, Headers, makeHeaders, headersOf, isHeaders, headersAppend, headersFill,
    flatHeaderList, copyHeaderList, listGet, listContains, isForbiddenMethod, isCorsSafelistedRequestHeader,
    mimeEssence, normalizeHeaderValue, isHeaderName, toByteString };
}

return [headersLib];
