// XMLHttpRequest (XHR): requests with events, asynchronous (tasks of this
// agent's loop, through fetch.js) or synchronous; the upload object.
// https://xhr.spec.whatwg.org/#interface-xmlhttprequest ("Interface XMLHttpRequest")
//
// Not modelled: the 50 ms progress throttle (a response arrives whole, in
// one task: one readystatechange 3 and one progress), Document bodies
// (sent as their string), XML parsing (XML and HTML documents are parsed
// by DOMParser, as HTML, and only in windows).

// Uses defineConstants, lazyFamily, failedTo, illegalConstructor, INTERNAL, materialize,
//   requiredArguments, stateAccessor, toDOMString, toUnsignedLong, toUSVString (webidl.js);
//   DOMException (dom_exception.js); Event, trustedEvent (event.js); dispatch, IN_SCRIPT, listenersOf
//   (event_target.js); defineEventHandlers (event_handlers.js); timerClear, timerInit (timers.js);
//   parsedURL (url.js); copyBytes, decodeUtf8, bodyLib (body.js); headersLib (headers.js); apiBaseURL
//   (request.js);
//   cancelNetworkFetch, startNetworkFetch (fetch.js); blobLib (blob.js).

// Made on first use of any of the three (most pages make no request).
lazyFamily(['XMLHttpRequestEventTarget', 'XMLHttpRequestUpload', 'XMLHttpRequest'], () => {
  const { extractBody } = bodyLib();
  const {
    headersAppend, flatHeaderList, isForbiddenMethod, isHeaderName, listGet, makeHeaders, headersOf, mimeEssence,
    normalizeHeaderValue, toByteString,
  } = headersLib();
  const UNSENT = 0;
  const OPENED = 1;
  const HEADERS_RECEIVED = 2;
  const LOADING = 3;
  const DONE = 4;
  const xhrStates = new WeakMapCtor();
  const xhrState = stateAccessor(xhrStates);
  const isWindow = kind !== 'worker';

  // https://xhr.spec.whatwg.org/#xmlhttprequesteventtarget
  class XMLHttpRequestEventTarget extends EventTarget {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw illegalConstructor();
      super();
    }
  }
  defineEventHandlers(XMLHttpRequestEventTarget.prototype, ['onloadstart', 'onprogress', 'onabort', 'onerror', 'onload', 'ontimeout', 'onloadend']);

  // https://xhr.spec.whatwg.org/#xmlhttprequestupload
  class XMLHttpRequestUpload extends XMLHttpRequestEventTarget {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw illegalConstructor();
      super(INTERNAL);
    }
  }

  // https://xhr.spec.whatwg.org/#concept-event-fire-progress ("fire a progress event")
  function fireProgress(target, type, transmitted, length) {
    const ProgressEvent = materialize('ProgressEvent');
    dispatch(target, trustedEvent(ProgressEvent, type, { __proto__: null, lengthComputable: length !== 0, loaded: transmitted, total: length }), IN_SCRIPT);
  }
  function fireEvent(target, type) {
    dispatch(target, trustedEvent(Event, type), IN_SCRIPT);
  }
  function hasListeners(target) {
    const map = listenersOf(target, false);
    if (map === undefined) return false;
    let any = false;
    MapPrototypeForEach(map, (list) => { if (list.length > 0) any = true; });
    return any;
  }

  const RESPONSE_TYPES = ['', 'arraybuffer', 'blob', 'document', 'json', 'text'];

  class XMLHttpRequest extends XMLHttpRequestEventTarget {
    // https://xhr.spec.whatwg.org/#constructors
    constructor() {
      super(INTERNAL);
      WeakMapPrototypeSet(xhrStates, this, {
        __proto__: null, state: UNSENT, send: false, timeout: 0, withCredentials: false,
        upload: new XMLHttpRequestUpload(INTERNAL), method: 'GET', url: '', sync: false, headers: [], body: null,
        uploadComplete: false, uploadListener: false, timedOut: false, response: null, received: null,
        responseType: '', responseObject: undefined, overrideMime: null, fetchId: 0, timer: 0, generation: 0,
      });
    }
    get readyState() { return xhrState(this).state; }
    // https://xhr.spec.whatwg.org/#the-open()-method ("open(method, url, async, username, password)")
    open(method, url, async = true, username = undefined, password = undefined) {
      const x = xhrState(this);
      requiredArguments(arguments.length, 2, 'open', 'XMLHttpRequest');
      method = toByteString(method, failedTo('open', 'XMLHttpRequest'));
      url = toUSVString(url);
      if (!isHeaderName(method)) throw new DOMException(`${failedTo('open', 'XMLHttpRequest')}: '${method}' is not a valid HTTP method.`, 'SyntaxError');
      if (isForbiddenMethod(method)) throw new DOMException(`${failedTo('open', 'XMLHttpRequest')}: '${method}' HTTP method is unsupported.`, 'SecurityError');
      const upper = StringPrototypeToUpperCase(method);
      if (ArrayPrototypeIncludes(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'], upper)) method = upper;
      const parsed = parsedURL(url, apiBaseURL());
      if (parsed === null) throw new DOMException(`${failedTo('open', 'XMLHttpRequest')}: Invalid URL`, 'SyntaxError');
      let href = parsed.href;
      if (arguments.length > 2 && (username !== undefined && username !== null || password !== undefined && password !== null)) {
        const u = new (materialize('URL'))(href);
        if (username !== undefined && username !== null) u.username = toUSVString(username);
        if (password !== undefined && password !== null) u.password = toUSVString(password);
        href = u.href;
      }
      async = arguments.length < 3 ? true : !!async;
      if (!async && isWindow && (x.timeout !== 0 || x.responseType !== '')) {
        throw new DOMException(`${failedTo('open', 'XMLHttpRequest')}: Synchronous requests from a document must not set a timeout or response type.`, 'InvalidAccessError');
      }
      terminate(x);
      x.send = false;
      x.uploadListener = false;
      x.method = method;
      x.url = href;
      x.sync = !async;
      x.headers = [];
      x.response = null;
      x.received = null;
      x.responseObject = undefined;
      if (x.state !== OPENED) {
        x.state = OPENED;
        fireEvent(this, 'readystatechange');
      }
    }
    // https://xhr.spec.whatwg.org/#the-setrequestheader()-method
    setRequestHeader(name, value) {
      const x = xhrState(this);
      requiredArguments(arguments.length, 2, 'setRequestHeader', 'XMLHttpRequest');
      name = toByteString(name, failedTo('setRequestHeader', 'XMLHttpRequest'));
      value = toByteString(value, failedTo('setRequestHeader', 'XMLHttpRequest'));
      if (x.state !== OPENED || x.send) throw new DOMException(`${failedTo('setRequestHeader', 'XMLHttpRequest')}: The object's state must be OPENED.`, 'InvalidStateError');
      value = normalizeHeaderValue(value);
      if (!isHeaderName(name)) throw new DOMException(`${failedTo('setRequestHeader', 'XMLHttpRequest')}: '${name}' is not a valid HTTP header field name.`, 'SyntaxError');
      if (StringPrototypeIncludes(value, '\0') || StringPrototypeIncludes(value, '\r') || StringPrototypeIncludes(value, '\n')) {
        throw new DOMException(`${failedTo('setRequestHeader', 'XMLHttpRequest')}: '${value}' is not a valid HTTP header field value.`, 'SyntaxError');
      }
      // "combine": one entry per name, values joined.
      const lower = StringPrototypeToLowerCase(name);
      const hs = headersOf(makeHeaders('request', x.headers));
      const existing = listGet(hs.list, lower);
      if (existing === null) {
        headersAppend(hs, name, value);
      } else {
        const i = ArrayPrototypeFindIndex(hs.list, (h) => h[0] === lower);
        hs.list[i][1] = `${existing}, ${value}`;
      }
      x.headers = hs.list;
    }
    get timeout() { return xhrState(this).timeout; }
    set timeout(ms) {
      const x = xhrState(this);
      if (isWindow && x.sync) throw new DOMException("Failed to set the 'timeout' property on 'XMLHttpRequest': Timeouts cannot be set for synchronous requests made from a document.", 'InvalidAccessError');
      x.timeout = toUnsignedLong(ms);
    }
    get withCredentials() { return xhrState(this).withCredentials; }
    set withCredentials(value) {
      const x = xhrState(this);
      if ((x.state !== UNSENT && x.state !== OPENED) || x.send) {
        throw new DOMException("Failed to set the 'withCredentials' property on 'XMLHttpRequest': The value may only be set if the object's state is UNSENT or OPENED.", 'InvalidStateError');
      }
      x.withCredentials = !!value;
    }
    get upload() { return xhrState(this).upload; }
    // https://xhr.spec.whatwg.org/#the-send()-method ("send(body)")
    send(body = null) {
      const x = xhrState(this);
      const xhr = this;
      if (x.state !== OPENED) throw new DOMException(`${failedTo('send', 'XMLHttpRequest')}: The object's state must be OPENED.`, 'InvalidStateError');
      if (x.send) throw new DOMException(`${failedTo('send', 'XMLHttpRequest')}: The object is already sending.`, 'InvalidStateError');
      if (x.method === 'GET' || x.method === 'HEAD') body = null;
      let bytes = null;
      if (body !== null && body !== undefined) {
        const extracted = extractBody(body, false, 'send', 'XMLHttpRequest');
        if (extracted.body.bytes === null) throw new TypeErrorCtor(`${failedTo('send', 'XMLHttpRequest')}: a ReadableStream cannot be sent`);
        bytes = extracted.body.bytes;
        if (extracted.type !== null && listGet(x.headers, 'content-type') === null) ArrayAppend(x.headers, ['content-type', extracted.type]);
      }
      x.body = bytes;
      if (hasListeners(x.upload)) x.uploadListener = true;
      const request = {
        __proto__: null, method: x.method, url: x.url, mode: 'cors', credentials: x.withCredentials ? 'include' : 'same-origin',
        redirect: 'follow', usePreflight: x.uploadListener,
      };
      x.uploadComplete = bytes === null;
      x.timedOut = false;
      x.send = true;
      const generation = ++x.generation;
      const buffer = bytes === null ? null : TypedArrayPrototypeGetBuffer(copyBytes(bytes));
      if (x.sync) {
        const result = ops.fetchSync(request.method, request.url, flatHeaderList(x.headers), buffer, request.mode,
          request.credentials, request.redirect, request.usePreflight);
        x.uploadComplete = true;
        processResult(xhr, x, result, true);
        return;
      }
      fireProgress(xhr, 'loadstart', 0, 0);
      const length = bytes === null ? 0 : TypedArrayPrototypeGetByteLength(bytes);
      if (!x.uploadComplete && x.uploadListener) fireProgress(x.upload, 'loadstart', 0, length);
      if (x.state !== OPENED || !x.send || generation !== x.generation) return;
      if (x.timeout !== 0) {
        x.timer = timerInit(() => {
          if (generation !== x.generation || x.state === DONE || !x.send) return;
          x.timedOut = true;
          terminate(x);
          requestErrorSteps(xhr, x, 'timeout', 'TimeoutError');
        }, x.timeout, [], false);
      }
      x.fetchId = startNetworkFetch(request, x.headers, buffer, (result) => {
        if (generation !== x.generation) return;
        // The request body was sent: the upload's events.
        if (!x.uploadComplete) {
          x.uploadComplete = true;
          if (x.uploadListener) {
            fireProgress(x.upload, 'progress', length, length);
            fireProgress(x.upload, 'load', length, length);
            fireProgress(x.upload, 'loadend', length, length);
          }
        }
        if (generation !== x.generation) return;
        processResult(xhr, x, result, false);
      });
    }
    // https://xhr.spec.whatwg.org/#the-abort()-method
    abort() {
      const x = xhrState(this);
      terminate(x);
      if ((x.state === OPENED && x.send) || x.state === HEADERS_RECEIVED || x.state === LOADING) {
        requestErrorSteps(this, x, 'abort', 'AbortError');
      }
      if (x.state === DONE) {
        x.state = UNSENT;
        x.response = null;
        x.received = null;
      }
    }
    // https://xhr.spec.whatwg.org/#the-responseurl-attribute
    get responseURL() {
      const r = xhrState(this).response;
      if (r === null || r.urlList.length === 0) return '';
      const href = r.urlList[r.urlList.length - 1];
      const hash = StringPrototypeIndexOf(href, '#');
      return hash < 0 ? href : StringPrototypeSlice(href, 0, hash);
    }
    get status() { const r = xhrState(this).response; return r === null ? 0 : r.status; }
    get statusText() { const r = xhrState(this).response; return r === null ? '' : r.statusText; }
    // https://xhr.spec.whatwg.org/#the-getresponseheader()-method
    getResponseHeader(name) {
      const x = xhrState(this);
      requiredArguments(arguments.length, 1, 'getResponseHeader', 'XMLHttpRequest');
      name = toByteString(name, failedTo('getResponseHeader', 'XMLHttpRequest'));
      if (x.response === null) return null;
      return listGet(x.response.headers, StringPrototypeToLowerCase(name));
    }
    // https://xhr.spec.whatwg.org/#the-getallresponseheaders()-method: sorted,
    // lowercased, combined, CRLF-terminated.
    getAllResponseHeaders() {
      const x = xhrState(this);
      if (x.response === null) return '';
      const names = [];
      const list = x.response.headers;
      for (let i = 0; i < list.length; i++) if (!ArrayPrototypeIncludes(names, list[i][0])) ArrayAppend(names, list[i][0]);
      ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let out = '';
      for (let i = 0; i < names.length; i++) out += `${names[i]}: ${listGet(list, names[i])}\r\n`;
      return out;
    }
    // https://xhr.spec.whatwg.org/#the-overridemimetype()-method
    overrideMimeType(mime) {
      const x = xhrState(this);
      requiredArguments(arguments.length, 1, 'overrideMimeType', 'XMLHttpRequest');
      if (x.state === LOADING || x.state === DONE) {
        throw new DOMException(`${failedTo('overrideMimeType', 'XMLHttpRequest')}: MimeType cannot be overridden when the state is LOADING or DONE.`, 'InvalidStateError');
      }
      const m = toDOMString(mime);
      x.overrideMime = mimeEssence(m) === '' ? 'application/octet-stream' : m;
    }
    get responseType() { return xhrState(this).responseType; }
    // https://xhr.spec.whatwg.org/#the-responsetype-attribute
    set responseType(value) {
      const x = xhrState(this);
      const s = toDOMString(value);
      if (!ArrayPrototypeIncludes(RESPONSE_TYPES, s)) return;
      if (!isWindow && s === 'document') return;
      if (x.state === LOADING || x.state === DONE) {
        throw new DOMException("Failed to set the 'responseType' property on 'XMLHttpRequest': The response type cannot be set if the object's state is LOADING or DONE.", 'InvalidStateError');
      }
      if (isWindow && x.sync) {
        throw new DOMException("Failed to set the 'responseType' property on 'XMLHttpRequest': The response type cannot be changed for synchronous requests made from a document.", 'InvalidAccessError');
      }
      x.responseType = s;
    }
    // https://xhr.spec.whatwg.org/#the-response-attribute
    get response() {
      const x = xhrState(this);
      if (x.responseType === '' || x.responseType === 'text') {
        if (x.state !== LOADING && x.state !== DONE) return '';
        return textResponse(x);
      }
      if (x.state !== DONE) return null;
      if (x.responseObject === null) return null;
      if (x.responseObject !== undefined) return x.responseObject;
      const bytes = x.received === null ? new Uint8ArrayCtor(0) : x.received;
      try {
        if (x.responseType === 'arraybuffer') {
          x.responseObject = TypedArrayPrototypeGetBuffer(copyBytes(bytes));
        } else if (x.responseType === 'blob') {
          x.responseObject = blobLib().blobFromBytes(bytes, finalMimeType(x));
        } else if (x.responseType === 'document') {
          x.responseObject = documentResponse(x);
        } else {
          x.responseObject = x.received === null ? null : JSONParse(decodeUtf8(bytes));
        }
      } catch (e) {
        if (x.responseType === 'blob') throw e;
        x.responseObject = null;
      }
      return x.responseObject;
    }
    // https://xhr.spec.whatwg.org/#the-responsetext-attribute
    get responseText() {
      const x = xhrState(this);
      if (x.responseType !== '' && x.responseType !== 'text') {
        throw new DOMException(`Failed to read the 'responseText' property from 'XMLHttpRequest': The value is only accessible if the object's 'responseType' is '' or 'text' (was '${x.responseType}').`, 'InvalidStateError');
      }
      if (x.state !== LOADING && x.state !== DONE) return '';
      return textResponse(x);
    }
    // https://xhr.spec.whatwg.org/#the-responsexml-attribute
    get responseXML() {
      const x = xhrState(this);
      if (x.responseType !== '' && x.responseType !== 'document') {
        throw new DOMException(`Failed to read the 'responseXML' property from 'XMLHttpRequest': The value is only accessible if the object's 'responseType' is '' or 'document' (was '${x.responseType}').`, 'InvalidStateError');
      }
      if (x.state !== DONE) return null;
      if (x.responseObject === undefined) x.responseObject = documentResponse(x);
      return x.responseObject;
    }
  }
  defineConstants(XMLHttpRequest, { UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE });
  defineEventHandlers(XMLHttpRequest.prototype, ['onreadystatechange']);

  // Stops the ongoing fetch and its timeout (its result will be ignored).
  function terminate(x) {
    x.generation++;
    if (x.fetchId !== 0) cancelNetworkFetch(x.fetchId);
    x.fetchId = 0;
    if (x.timer !== 0) timerClear(x.timer);
    x.timer = 0;
  }
  // https://xhr.spec.whatwg.org/#request-error-steps ("request error steps")
  function requestErrorSteps(xhr, x, event, exceptionName) {
    x.state = DONE;
    x.send = false;
    x.response = null;
    x.received = null;
    if (x.sync) throw new DOMException(`Failed to execute 'send' on 'XMLHttpRequest': Failed to load '${x.url}'.`, exceptionName);
    fireEvent(xhr, 'readystatechange');
    if (!x.uploadComplete) {
      x.uploadComplete = true;
      if (x.uploadListener) {
        fireProgress(x.upload, event, 0, 0);
        fireProgress(x.upload, 'loadend', 0, 0);
      }
    }
    fireProgress(xhr, event, 0, 0);
    fireProgress(xhr, 'loadend', 0, 0);
  }
  // The fetch's result: the response's steps (https://xhr.spec.whatwg.org/#the-send()-method,
  // "processResponse"), its one body chunk, then its end.
  function processResult(xhr, x, result, sync) {
    const generation = x.generation;
    if (x.timer !== 0) timerClear(x.timer);
    x.timer = 0;
    x.fetchId = 0;
    if (typeof result === 'string') {
      ops.consolePrint('warn', `XMLHttpRequest failed: ${result}`);
      requestErrorSteps(xhr, x, 'error', 'NetworkError');
      return;
    }
    const flat = result[4];
    const headers = [];
    for (let i = 0; i + 1 < flat.length; i += 2) ArrayAppend(headers, [StringPrototypeToLowerCase(flat[i]), flat[i + 1]]);
    x.response = { __proto__: null, urlList: result[1], status: result[2], statusText: result[3], headers };
    const bytes = new Uint8ArrayCtor(result[5]);
    x.received = new Uint8ArrayCtor(0);
    x.state = HEADERS_RECEIVED;
    fireEvent(xhr, 'readystatechange');
    if (x.state !== HEADERS_RECEIVED || generation !== x.generation) return;
    const lengthHeader = listGet(headers, 'content-length');
    const length = lengthHeader !== null && RegExpPrototypeExec(/^\d+$/, lengthHeader) !== null ? NumberCtor(lengthHeader) : TypedArrayPrototypeGetByteLength(bytes);
    // https://xhr.spec.whatwg.org/#the-send()-method ("processBodyChunk")
    if (TypedArrayPrototypeGetByteLength(bytes) > 0) {
      x.received = bytes;
      if (x.state === HEADERS_RECEIVED) x.state = LOADING;
      fireEvent(xhr, 'readystatechange');
      if (generation !== x.generation) return;
      if (!sync) fireProgress(xhr, 'progress', TypedArrayPrototypeGetByteLength(bytes), length);
      if (generation !== x.generation) return;
    }
    // https://xhr.spec.whatwg.org/#handle-response-end-of-body ("handle response end-of-body")
    const transmitted = TypedArrayPrototypeGetByteLength(x.received);
    if (!sync) fireProgress(xhr, 'progress', transmitted, length);
    if (generation !== x.generation) return;
    x.state = DONE;
    x.send = false;
    fireEvent(xhr, 'readystatechange');
    if (generation !== x.generation) return;
    fireProgress(xhr, 'load', transmitted, length);
    if (generation !== x.generation) return;
    fireProgress(xhr, 'loadend', transmitted, length);
  }
  // https://xhr.spec.whatwg.org/#final-mime-type ("final MIME type")
  function finalMimeType(x) {
    if (x.overrideMime !== null) return x.overrideMime;
    const type = x.response === null ? null : listGet(x.response.headers, 'content-type');
    return type === null ? 'text/xml' : type;
  }
  // https://xhr.spec.whatwg.org/#text-response ("text response"): decoded by
  // the final MIME type's charset (UTF-8 if none, or unknown).
  function textResponse(x) {
    if (x.received === null) return '';
    const m = RegExpPrototypeExec(/;\s*charset=("?)([^";]+)\1/i, finalMimeType(x));
    const charset = m === null ? 'utf-8' : StringPrototypeToLowerCase(m[2]);
    if (charset !== 'utf-8' && charset !== 'utf8' && charset !== 'unicode-1-1-utf-8') {
      try {
        const TextDecoder = materialize('TextDecoder');
        return new TextDecoder(charset).decode(x.received);
      } catch (e) {
        // An unknown label: UTF-8.
      }
    }
    return decodeUtf8(x.received);
  }
  // https://xhr.spec.whatwg.org/#document-response ("document response")
  function documentResponse(x) {
    if (x.response === null || x.received === null) return null;
    const essence = mimeEssence(finalMimeType(x));
    const html = essence === 'text/html';
    const xml = essence === 'text/xml' || essence === 'application/xml' || StringPrototypeIncludes(essence, '+xml');
    if (!html && !xml) return null;
    if (x.responseType === '' && html) return null;
    const DOMParser = materialize('DOMParser');
    if (DOMParser === undefined) return null;
    return new DOMParser().parseFromString(textResponse(x), html ? 'text/html' : 'application/xml');
  }

  return { __proto__: null, XMLHttpRequestEventTarget, XMLHttpRequestUpload, XMLHttpRequest };
});
