// The fetch() method (Fetch), over the host's runtime/fetch.rs: the
// request goes to the host as a task of this agent's event loop; the
// result comes back through `hooks.fetchDone`.
// https://fetch.spec.whatwg.org/#fetch-method ("Fetch method")
//
// Not modelled: service workers, the response's streaming (a body arrives
// whole, in one task), keepalive's quota.

// Uses define, globalInterfaceName, materialize, requiredArguments (webidl.js); abortReason, addAbortAlgorithm,
//   isAborted (abort_signal.js); bodyLib, copyBytes (body.js); headersLib (headers.js); requestLib (request.js);
//   responseLib (response.js); newCap, promiseCall, rejectCap, resolveCap, uponPromise, streams
//   (streams.js).

// id -> onDone, made with the first fetch.
let pendingFetches = null;
let nextFetchId = 1;

// A request to the host (for fetch() and XMLHttpRequest): `onDone(result)`
// runs in a later task with the response or a network error's message.
// The id, to cancel it with.
function startNetworkFetch(request, headerList, bodyBuffer, onDone) {
  const id = nextFetchId++;
  if (pendingFetches === null) pendingFetches = new MapCtor();
  MapPrototypeSet(pendingFetches, id, onDone);
  ops.fetchStart(id, request.method, request.url, headersLib().flatHeaderList(headerList), bodyBuffer, request.mode,
    request.credentials, request.redirect, request.usePreflight);
  return id;
}
function cancelNetworkFetch(id) {
  if (pendingFetches !== null) MapPrototypeDelete(pendingFetches, id);
}

// https://fetch.spec.whatwg.org/#dom-global-fetch ("fetch(input, init)")
function fetchMethod(input, init = undefined) {
  return promiseCall(() => {
    requiredArguments(arguments.length, 1, 'fetch', globalInterfaceName);
    const requestObject = new (materialize('Request'))(input, init);
    const s = requestLib().requestOf(requestObject);
    const request = s.request;
    const cap = newCap();
    const signal = s.signal;
    if (isAborted(signal)) {
      rejectCap(cap, abortReason(signal));
      return cap.promise;
    }
    const pending = { __proto__: null, aborted: false, response: null, id: 0 };
    // https://fetch.spec.whatwg.org/#abort-fetch ("abort the fetch() call")
    addAbortAlgorithm(signal, () => {
      pending.aborted = true;
      cancelNetworkFetch(pending.id);
      const reason = abortReason(signal);
      rejectCap(cap, reason);
      if (pending.response !== null && pending.response.body !== null) {
        streams().readableStreamErrorFromSpec(bodyLib().bodyStream(pending.response.body), reason);
      }
    });
    const onDone = (result) => {
      if (pending.aborted) return;
      if (typeof result === 'string') {
        ops.consolePrint('warn', `Fetch failed: ${result}`);
        rejectCap(cap, new TypeErrorCtor('Failed to fetch'));
        return;
      }
      const made = responseLib().responseFromNetwork(result);
      pending.response = made.state;
      resolveCap(cap, made.response);
    };
    const headers = requestLib().requestHeaderList(s);
    const start = (bytes) => {
      if (pending.aborted) return;
      pending.id = startNetworkFetch(request, headers, bytes === null ? null : TypedArrayPrototypeGetBuffer(copyBytes(bytes)), onDone);
    };
    if (request.body === null) {
      start(null);
    } else {
      // The body is read whole first (a stream body included).
      uponPromise(bodyLib().bodyBytes(request.body), (bytes) => start(bytes), (e) => rejectCap(cap, e));
    }
    return cap.promise;
  });
}
define(global, { fetch(input, init = undefined) { return ReflectApply(fetchMethod, undefined, arguments); } });

// The host's answer: a response, or a network error's message.
hooks.fetchDone = (id, result) => {
  if (pendingFetches === null) return;
  const onDone = MapPrototypeGet(pendingFetches, id);
  if (onDone === undefined) return;
  MapPrototypeDelete(pendingFetches, id);
  onDone(result);
};

return [startNetworkFetch, cancelNetworkFetch];
