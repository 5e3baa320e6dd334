// Response (Fetch): a status, headers and a body; what fetch() gives.
// https://fetch.spec.whatwg.org/#response-class ("Response class")
//
// Not modelled: trailers, the cache state, timing info.

// Uses CONSTRUCT, lazyInterface, materialize, failedTo, platformObject, stateAccessor, toDictionary, toDOMString
//   (webidl.js); parsedURL (url.js); bodyLib, encodeUtf8 (body.js); headersLib (headers.js); apiBaseURL
//   (request.js).

// The rest is made on first use (responseLib()): most realms never need it.
let made;
function responseLib() {
  if (made === undefined) made = makeResponseLib();
  return made;
}
lazyInterface('Response', () => responseLib().Response);

function makeResponseLib() {
  const { bodyOfBytes, bodyUnusable, cloneBody, extractBody, mixinBody } = bodyLib();
  const { copyHeaderList, headersFill, headersAppend, headersOf, listContains, makeHeaders } = headersLib();

  const responseStates = new WeakMapCtor();
  const responseState = stateAccessor(responseStates);
  const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
  const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

  // https://fetch.spec.whatwg.org/#concept-response: a new one.
  function newResponse() {
    return {
      __proto__: null, type: 'default', urlList: [], status: 200, statusText: '', body: null, headers: undefined,
    };
  }
  // https://fetch.spec.whatwg.org/#initialize-a-response ("initialize a response")
  function initializeResponse(state, init, body, operation) {
    const d = toDictionary(init, 'ResponseInit', operation, 'Response');
    const headersInit = d.headers;
    const status = d.status === undefined ? 200 : (+d.status & 0xFFFF);
    const statusText = d.statusText === undefined ? '' : toDOMString(d.statusText);
    if (status < 200 || status > 599) {
      throw new RangeErrorCtor(`${failedTo(operation, 'Response')}: The status provided (${status}) is outside the range [200, 599].`);
    }
    if (!REASON_PHRASE(statusText)) throw new TypeErrorCtor(`${failedTo(operation, 'Response')}: Invalid statusText`);
    state.status = status;
    state.statusText = statusText;
    if (headersInit !== undefined) headersFill(headersOf(state.headers), headersInit, operation);
    if (body !== null) {
      if (ArrayPrototypeIncludes(NULL_BODY_STATUSES, status)) {
        throw new TypeErrorCtor(`${failedTo(operation, 'Response')}: Response with null body status cannot have body`);
      }
      state.body = body.body;
      if (body.type !== null && !listContains(headersOf(state.headers).list, 'content-type')) {
        headersAppend(headersOf(state.headers), 'Content-Type', body.type, operation);
      }
    }
  }
  // https://fetch.spec.whatwg.org/#reason-phrase: HTAB, SP, VCHAR, obs-text.
  function REASON_PHRASE(s) {
    for (let i = 0; i < s.length; i++) {
      const c = StringPrototypeCharCodeAt(s, i);
      if (!(c === 0x09 || (c >= 0x20 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF))) return false;
    }
    return true;
  }

  class Response {
    // https://fetch.spec.whatwg.org/#dom-response ("new Response(body, init)")
    constructor(body = null, init = undefined) {
      const self = platformObject(new.target);
      const state = newResponse();
      state.headers = makeHeaders('response');
      WeakMapPrototypeSet(responseStates, self, state);
      const extracted = body === null || body === undefined ? null : extractBody(body, false, CONSTRUCT, 'Response');
      initializeResponse(state, init, extracted, CONSTRUCT);
      return self;
    }
    // https://fetch.spec.whatwg.org/#dom-response-error
    static error() {
      const state = newResponse();
      state.type = 'error';
      state.status = 0;
      state.headers = makeHeaders('immutable');
      return responseFromState(state);
    }
    // https://fetch.spec.whatwg.org/#dom-response-redirect ("Response.redirect(url, status)")
    static redirect(url, status = 302) {
      const parsed = parsedURL(toDOMString(url), apiBaseURL());
      if (parsed === null) throw new TypeErrorCtor(`${failedTo('redirect', 'Response')}: Failed to parse URL from ${url}`);
      status = +status & 0xFFFF;
      if (!ArrayPrototypeIncludes(REDIRECT_STATUSES, status)) throw new RangeErrorCtor(`${failedTo('redirect', 'Response')}: Invalid status code`);
      const state = newResponse();
      state.status = status;
      state.headers = makeHeaders('immutable', [['location', parsed.href]]);
      return responseFromState(state);
    }
    // https://fetch.spec.whatwg.org/#dom-response-json ("Response.json(data, init)")
    static json(data, init = undefined) {
      const text = JSONStringify(data);
      if (text === undefined) throw new TypeErrorCtor(`${failedTo('json', 'Response')}: The data is not JSON serializable`);
      const state = newResponse();
      state.headers = makeHeaders('response');
      const body = { __proto__: null, body: bodyOfBytes(encodeUtf8(text)), type: 'application/json' };
      initializeResponse(state, init, body, 'json');
      return responseFromState(state);
    }
    get type() { return responseState(this).type; }
    get url() {
      const list = responseState(this).urlList;
      if (list.length === 0) return '';
      const href = list[list.length - 1];
      const hash = StringPrototypeIndexOf(href, '#');
      return hash < 0 ? href : StringPrototypeSlice(href, 0, hash);
    }
    get redirected() { return responseState(this).urlList.length > 1; }
    get status() { return responseState(this).status; }
    get ok() { const s = responseState(this).status; return s >= 200 && s <= 299; }
    get statusText() { return responseState(this).statusText; }
    get headers() { return responseState(this).headers; }
    // https://fetch.spec.whatwg.org/#dom-response-clone ("clone()")
    clone() {
      const s = responseState(this);
      if (bodyUnusable(s.body)) throw new TypeErrorCtor("Failed to execute 'clone' on 'Response': Response body is already used");
      const state = newResponse();
      state.type = s.type;
      state.urlList = ArraySlice(s.urlList);
      state.status = s.status;
      state.statusText = s.statusText;
      state.body = s.body === null ? null : cloneBody(s.body);
      state.headers = makeHeaders(headersOf(s.headers).guard, copyHeaderList(headersOf(s.headers).list));
      return responseFromState(state);
    }
  }
  mixinBody(Response.prototype, 'Response', (self) => {
    const s = responseState(self);
    return { __proto__: null, body: s.body, headers: headersOf(s.headers).list };
  });

  function responseFromState(state) {
    const r = platformObject(materialize('Response'));
    WeakMapPrototypeSet(responseStates, r, state);
    return r;
  }
  // A Response for what fetch() received: [type, urlList, status,
  // statusText, headers (flat), body ArrayBuffer] from the host.
  function responseFromNetwork(result) {
    const state = newResponse();
    state.type = result[0];
    state.urlList = result[1];
    state.status = result[2];
    state.statusText = result[3];
    const flat = result[4];
    const list = [];
    for (let i = 0; i + 1 < flat.length; i += 2) ArrayAppend(list, [StringPrototypeToLowerCase(flat[i]), flat[i + 1]]);
    state.headers = makeHeaders('immutable', list);
    const opaque = state.type === 'opaque' || state.type === 'opaqueredirect';
    state.body = opaque ? null : bodyOfBytes(new Uint8ArrayCtor(result[5]));
    return { __proto__: null, response: responseFromState(state), state };
  }

  return { __proto__: null, Response, responseFromNetwork };
}

return [responseLib];
