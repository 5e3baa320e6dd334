// WritableStream (Streams): a sink written to through one writer at a time.
// https://streams.spec.whatwg.org/#ws-class ("The WritableStream class")
//
// Not modelled: transferring a stream (postMessage).

// Uses CONSTRUCT, lazyInterface, platformObject, toDictionary (webidl.js); bindSlots, promiseCall,
//   promiseRejectedWith, slotsOf, streams (streams.js).

lazyInterface('WritableStream', () => {
  const {
    acquireWritableStreamDefaultWriter, extractHighWaterMark, extractSizeAlgorithm, isWritableStreamLocked,
    newWritableStreamSlots, setUpWritableStreamDefaultControllerFromUnderlyingSink, toCallbackMember,
    toQueuingStrategy, writableStreamAbort, writableStreamClose, writableStreamCloseQueuedOrInFlight,
  } = streams();

  const writableStreamSlots = slotsOf('WritableStream');

  // UnderlyingSink: { abort, close, start, type, write }, read in that order.
  function toUnderlyingSink(sink) {
    const dict = toDictionary(sink, 'UnderlyingSink', CONSTRUCT, 'WritableStream');
    const abort = toCallbackMember(dict, 'abort', 'UnderlyingSink', CONSTRUCT, 'WritableStream');
    const close = toCallbackMember(dict, 'close', 'UnderlyingSink', CONSTRUCT, 'WritableStream');
    const start = toCallbackMember(dict, 'start', 'UnderlyingSink', CONSTRUCT, 'WritableStream');
    const type = dict.type;
    const write = toCallbackMember(dict, 'write', 'UnderlyingSink', CONSTRUCT, 'WritableStream');
    return { __proto__: null, abort, close, start, type, write };
  }

  class WritableStream {
    // https://streams.spec.whatwg.org/#ws-constructor ("new WritableStream(underlyingSink, strategy)")
    constructor(underlyingSink = undefined, strategy = undefined) {
      const self = platformObject(new.target);
      if (underlyingSink === undefined) underlyingSink = null;
      const dict = toUnderlyingSink(underlyingSink);
      const s = toQueuingStrategy(strategy, CONSTRUCT, 'WritableStream');
      if (dict.type !== undefined) throw new RangeErrorCtor("Failed to construct 'WritableStream': Invalid type is specified");
      const stream = newWritableStreamSlots();
      bindSlots(stream, WritableStream, self);
      const sizeAlgorithm = extractSizeAlgorithm(s);
      const highWaterMark = extractHighWaterMark(s, 1);
      setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, dict, highWaterMark, sizeAlgorithm);
      return self;
    }
    get locked() { return isWritableStreamLocked(writableStreamSlots(this)); }
    // https://streams.spec.whatwg.org/#ws-abort ("abort(reason)")
    abort(reason = undefined) {
      return promiseCall(() => {
        const stream = writableStreamSlots(this);
        if (isWritableStreamLocked(stream)) return promiseRejectedWith(new TypeErrorCtor('Cannot abort a locked stream'));
        return writableStreamAbort(stream, reason);
      });
    }
    // https://streams.spec.whatwg.org/#ws-close ("close()")
    close() {
      return promiseCall(() => {
        const stream = writableStreamSlots(this);
        if (isWritableStreamLocked(stream)) return promiseRejectedWith(new TypeErrorCtor('Cannot close a locked stream'));
        if (writableStreamCloseQueuedOrInFlight(stream)) return promiseRejectedWith(new TypeErrorCtor('Cannot close an already-closing stream'));
        return writableStreamClose(stream);
      });
    }
    // https://streams.spec.whatwg.org/#ws-get-writer ("getWriter()")
    getWriter() { return acquireWritableStreamDefaultWriter(writableStreamSlots(this)).obj; }
  }
  return WritableStream;
});
