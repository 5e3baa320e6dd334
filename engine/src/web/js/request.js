// Request (Fetch): a method, URL, headers, body and the fetch parameters.
// https://fetch.spec.whatwg.org/#request-class ("Request class")
//
// Not modelled: the request's client, window, priority, referrer
// processing beyond the getter, integrity checks (kept, not enforced).

// Uses CONSTRUCT, lazyInterface, failedTo, platformObject, requiredArguments, stateAccessor,
//   toDictionary, toDOMString, toEnum, toUSVString (webidl.js); abortReason, addAbortAlgorithm, isAbortSignal,
//   isAborted, newAbortSignal, signalAbort (abort_signal.js); parsedURL (url.js); bodyLib (body.js); headersLib (headers.js).

// The realm's API base URL.
function apiBaseURL() {
  return ops.fetchBaseUrl();
}

// The rest is made on first use (requestLib()): most realms never need it.
let made;
function requestLib() {
  if (made === undefined) made = makeRequestLib();
  return made;
}
lazyInterface('Request', () => requestLib().Request);

function makeRequestLib() {
  const { bodyUnusable, cloneBody, extractBody, mixinBody, takeBody } = bodyLib();
  const {
    copyHeaderList, headersAppend, headersFill, headersOf, isHeaders, isForbiddenMethod, isHeaderName, listContains,
    makeHeaders,
  } = headersLib();

  const requestStates = new WeakMapCtor();
  const requestState = stateAccessor(requestStates);

  const REQUEST_MODES = ['navigate', 'same-origin', 'no-cors', 'cors'];
  const REQUEST_CREDENTIALS = ['omit', 'same-origin', 'include'];
  const REQUEST_CACHES = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
  const REQUEST_REDIRECTS = ['follow', 'error', 'manual'];
  const REFERRER_POLICIES = ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
    'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];
  const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

  // https://fetch.spec.whatwg.org/#concept-method-normalize
  function normalizeMethod(method) {
    const upper = StringPrototypeToUpperCase(method);
    return ArrayPrototypeIncludes(NORMALIZED_METHODS, upper) ? upper : method;
  }
  // https://fetch.spec.whatwg.org/#dependent-abort-signal ("create a dependent abort signal")
  function dependentSignal(source) {
    const signal = newAbortSignal();
    if (source === null) return signal;
    if (isAborted(source)) {
      signalAbort(signal, abortReason(source));
    } else {
      addAbortAlgorithm(source, () => signalAbort(signal, abortReason(source)));
    }
    return signal;
  }

  // RequestInit, its members read in lexicographic order.
  function toRequestInit(init) {
    const d = toDictionary(init, 'RequestInit', CONSTRUCT, 'Request');
    const out = { __proto__: null, any: false };
    const read = (name, convert) => {
      const v = d[name];
      if (v !== undefined) {
        out[name] = convert(v);
        out.any = true;
      }
    };
    const enumOf = (values, type) => (v) => toEnum(v, values, type, CONSTRUCT, 'Request');
    read('body', (v) => v);
    read('cache', enumOf(REQUEST_CACHES, 'RequestCache'));
    read('credentials', enumOf(REQUEST_CREDENTIALS, 'RequestCredentials'));
    read('duplex', enumOf(['half'], 'RequestDuplex'));
    read('headers', (v) => v);
    read('integrity', toDOMString);
    read('keepalive', (v) => !!v);
    read('method', (v) => toByteStringOf(v));
    read('mode', enumOf(REQUEST_MODES, 'RequestMode'));
    read('priority', enumOf(['high', 'low', 'auto'], 'RequestPriority'));
    read('redirect', enumOf(REQUEST_REDIRECTS, 'RequestRedirect'));
    read('referrer', toUSVString);
    read('referrerPolicy', enumOf(REFERRER_POLICIES, 'ReferrerPolicy'));
    read('signal', (v) => {
      if (v !== null && !isAbortSignal(v)) {
        throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Failed to read the 'signal' property from 'RequestInit': Failed to convert value to 'AbortSignal'.`);
      }
      return v;
    });
    // `window` may only be null.
    if (d.window !== undefined) {
      if (d.window !== null) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: 'window' must be null`);
      out.any = true;
    }
    return out;
  }
  function toByteStringOf(v) {
    const s = toDOMString(v);
    for (let i = 0; i < s.length; i++) {
      if (StringPrototypeCharCodeAt(s, i) > 0xFF) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: '${s}' is not a valid HTTP method.`);
    }
    return s;
  }

  class Request {
    // https://fetch.spec.whatwg.org/#dom-request ("new Request(input, init)")
    constructor(input, init = undefined) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'Request');
      const inputState = WeakMapPrototypeGet(requestStates, input);
      const inputIsRequest = inputState !== undefined;
      const urlString = inputIsRequest ? undefined : toUSVString(input);
      const i = toRequestInit(init);
      const self = platformObject(new.target);
      let request;
      let fallbackMode = null;
      let signal = null;
      // 5. A string: parsed against the API base URL.
      if (!inputIsRequest) {
        const parsed = parsedURL(urlString, apiBaseURL());
        if (parsed === null) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Failed to parse URL from ${urlString}`);
        if (parsed.username !== '' || parsed.password !== '') {
          throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Request cannot be constructed from a URL that includes credentials: ${urlString}`);
        }
        request = {
          __proto__: null, method: 'GET', url: parsed.href, headers: [], body: null, mode: 'cors', credentials: 'same-origin',
          cache: 'default', redirect: 'follow', referrer: 'client', referrerPolicy: '', integrity: '', keepalive: false,
          usePreflight: false,
        };
        fallbackMode = 'cors';
      } else {
        const r = inputState.request;
        request = {
          __proto__: null, method: r.method, url: r.url, headers: copyHeaderList(headersOf(inputState.headers).list), body: r.body, mode: r.mode,
          credentials: r.credentials, cache: r.cache, redirect: r.redirect, referrer: r.referrer,
          referrerPolicy: r.referrerPolicy, integrity: r.integrity, keepalive: r.keepalive, usePreflight: r.usePreflight,
        };
        signal = inputState.signal;
      }
      // 13. Any init member resets navigation-only state.
      if (i.any) {
        if (request.mode === 'navigate') request.mode = 'same-origin';
        request.referrer = 'client';
        request.referrerPolicy = '';
      }
      if (i.referrer !== undefined) {
        if (i.referrer === '') {
          request.referrer = 'no-referrer';
        } else {
          const parsed = parsedURL(i.referrer, apiBaseURL());
          if (parsed === null) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Referrer '${i.referrer}' is not a valid URL.`);
          request.referrer = parsed.protocol === 'about:' && parsed.pathname === 'client' ? 'client' : parsed.href;
        }
      }
      if (i.referrerPolicy !== undefined) request.referrerPolicy = i.referrerPolicy;
      const mode = i.mode !== undefined ? i.mode : fallbackMode;
      if (mode === 'navigate') throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.`);
      if (mode !== null) request.mode = mode;
      if (i.credentials !== undefined) request.credentials = i.credentials;
      if (i.cache !== undefined) request.cache = i.cache;
      if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') {
        throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: 'only-if-cached' can be set only with 'same-origin' mode`);
      }
      if (i.redirect !== undefined) request.redirect = i.redirect;
      if (i.integrity !== undefined) request.integrity = i.integrity;
      if (i.keepalive !== undefined) request.keepalive = i.keepalive;
      // 25. The method: a token, not forbidden, normalized.
      if (i.method !== undefined) {
        if (!isHeaderName(i.method)) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: '${i.method}' is not a valid HTTP method.`);
        if (isForbiddenMethod(i.method)) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: '${i.method}' HTTP method is unsupported.`);
        request.method = normalizeMethod(i.method);
      }
      if (i.signal !== undefined) signal = i.signal;
      const state = { __proto__: null, request, signal: dependentSignal(signal), headers: undefined };
      WeakMapPrototypeSet(requestStates, self, state);
      // 31-32. The headers, guarded.
      const headers = makeHeaders('request', request.headers);
      state.headers = headers;
      const hs = headersOf(headers);
      if (request.mode === 'no-cors') {
        if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') {
          throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: '${request.method}' is unsupported in no-cors mode.`);
        }
        hs.guard = 'request-no-cors';
      }
      if (i.any) {
        const init = i.headers !== undefined ? i.headers : copyHeaderList(request.headers);
        hs.list = [];
        request.headers = hs.list;
        if (isHeaders(init)) {
          const list = headersOf(init).list;
          for (let k = 0; k < list.length; k++) headersAppend(hs, list[k][0], list[k][1], CONSTRUCT);
        } else if (ArrayIsArray(init) && i.headers === undefined) {
          for (let k = 0; k < init.length; k++) headersAppend(hs, init[k][0], init[k][1], CONSTRUCT);
        } else {
          headersFill(hs, init, CONSTRUCT);
        }
      }
      request.headers = hs.list;
      // 34-37. The body.
      const inputBody = inputIsRequest ? inputState.request.body : null;
      const hasInitBody = i.body !== undefined && i.body !== null;
      if ((hasInitBody || inputBody !== null) && (request.method === 'GET' || request.method === 'HEAD')) {
        throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Request with GET/HEAD method cannot have body.`);
      }
      let initBody = null;
      if (hasInitBody) {
        const extracted = extractBody(i.body, request.keepalive, CONSTRUCT, 'Request');
        initBody = extracted.body;
        if (extracted.type !== null && !listContains(hs.list, 'content-type')) headersAppend(hs, 'Content-Type', extracted.type, CONSTRUCT);
      }
      const inputOrInitBody = initBody !== null ? initBody : inputBody;
      if (inputOrInitBody !== null && inputOrInitBody.bytes === null) {
        if (initBody !== null && i.duplex === undefined) {
          throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: The duplex member must be specified for a request with a streaming body`);
        }
        if (request.mode !== 'same-origin' && request.mode !== 'cors') {
          throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: If request is made from ReadableStream, mode should be "same-origin" or "cors"`);
        }
        request.usePreflight = true;
      }
      let finalBody = inputOrInitBody;
      if (initBody === null && inputBody !== null) {
        if (bodyUnusable(inputBody)) throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'Request')}: Cannot construct a Request with a Request object that has already been used.`);
        finalBody = takeBody(inputBody);
      }
      request.body = finalBody;
      return self;
    }
    get method() { return requestState(this).request.method; }
    get url() { return requestState(this).request.url; }
    get headers() { return requestState(this).headers; }
    get destination() { requestState(this); return ''; }
    // https://fetch.spec.whatwg.org/#dom-request-referrer
    get referrer() {
      const r = requestState(this).request.referrer;
      return r === 'no-referrer' ? '' : r === 'client' ? 'about:client' : r;
    }
    get referrerPolicy() { return requestState(this).request.referrerPolicy; }
    get mode() { return requestState(this).request.mode; }
    get credentials() { return requestState(this).request.credentials; }
    get cache() { return requestState(this).request.cache; }
    get redirect() { return requestState(this).request.redirect; }
    get integrity() { return requestState(this).request.integrity; }
    get keepalive() { return requestState(this).request.keepalive; }
    get isReloadNavigation() { requestState(this); return false; }
    get isHistoryNavigation() { requestState(this); return false; }
    get signal() { return requestState(this).signal; }
    get duplex() { requestState(this); return 'half'; }
    // https://fetch.spec.whatwg.org/#dom-request-clone ("clone()")
    clone() {
      const s = requestState(this);
      const r = s.request;
      if (bodyUnusable(r.body)) throw new TypeErrorCtor("Failed to execute 'clone' on 'Request': Request body is already used");
      const copy = platformObject(Request);
      const request = {
        __proto__: null, method: r.method, url: r.url, headers: copyHeaderList(headersOf(s.headers).list), body: r.body === null ? null : cloneBody(r.body),
        mode: r.mode, credentials: r.credentials, cache: r.cache, redirect: r.redirect, referrer: r.referrer,
        referrerPolicy: r.referrerPolicy, integrity: r.integrity, keepalive: r.keepalive, usePreflight: r.usePreflight,
      };
      const headers = makeHeaders(headersOf(s.headers).guard, request.headers);
      WeakMapPrototypeSet(requestStates, copy, { __proto__: null, request, signal: dependentSignal(s.signal), headers });
      return copy;
    }
  }
  mixinBody(Request.prototype, 'Request', (self) => {
    const s = requestState(self);
    return { __proto__: null, body: s.request.body, headers: headersOf(s.headers).list };
  });

  // For fetch(): the request behind a Request object, and its header list.
  function requestOf(request) {
    return requestState(request);
  }
  function requestHeaderList(state) {
    return headersOf(state.headers).list;
  }

  return { __proto__: null, Request, requestOf, requestHeaderList };
}

return [apiBaseURL, requestLib];
