// ReadableStream (Streams): a source of chunks read through one reader at a
// time, teed, piped, iterated.
// https://streams.spec.whatwg.org/#rs-class ("The ReadableStream class")
//
// Not modelled: transferring a stream (postMessage).

// Uses CONSTRUCT, define, lazyInterface, failedTo, notOfType, platformObject, toDictionary, toEnum
//   (webidl.js); bindSlots, markHandled, newCap, promiseCall, promiseRejectedWith, promiseResolvedWith,
//   rejectCap, resolveCap, slotsIfKind, slotsOf, streams, streamSlots, transformPromise (streams.js).

lazyInterface('ReadableStream', () => {
  const {
    acquireReadableStreamBYOBReader, acquireReadableStreamDefaultReader, extractHighWaterMark,
    extractSizeAlgorithm, isReadableStreamLocked, newReadableStreamSlots, readableStreamCancel,
    readableStreamDefaultReaderRead, readableStreamDefaultReaderRelease, readableStreamFromIterable,
    readableStreamPipeTo, readableStreamReaderGenericCancel, readableStreamTee, readRequest,
    setUpReadableByteStreamControllerFromUnderlyingSource,
    setUpReadableStreamDefaultControllerFromUnderlyingSource, toCallbackMember, toEnforcedUnsignedLongLong,
    toQueuingStrategy, toStreamPipeOptions,
  } = streams();

  const readableStreamSlots = slotsOf('ReadableStream');

  // UnderlyingSource: { autoAllocateChunkSize, cancel, pull, start, type }, read in that order.
  function toUnderlyingSource(source) {
    const dict = toDictionary(source, 'UnderlyingSource', CONSTRUCT, 'ReadableStream');
    const aacs = dict.autoAllocateChunkSize;
    const autoAllocateChunkSize = aacs === undefined ? undefined
      : toEnforcedUnsignedLongLong(aacs, 'autoAllocateChunkSize', 'UnderlyingSource', CONSTRUCT, 'ReadableStream');
    const cancelCallback = toCallbackMember(dict, 'cancel', 'UnderlyingSource', CONSTRUCT, 'ReadableStream');
    const pull = toCallbackMember(dict, 'pull', 'UnderlyingSource', CONSTRUCT, 'ReadableStream');
    const start = toCallbackMember(dict, 'start', 'UnderlyingSource', CONSTRUCT, 'ReadableStream');
    const t = dict.type;
    const type = t === undefined ? undefined : toEnum(t, ['bytes'], 'ReadableStreamType', CONSTRUCT, 'ReadableStream');
    return { __proto__: null, autoAllocateChunkSize, cancel: cancelCallback, pull, start, type };
  }

  // A ReadableStream argument, or a TypeError.
  function toReadableStream(value, index, operation) {
    const s = slotsIfKind(value, 'ReadableStream');
    if (s === undefined) throw notOfType(index, 'ReadableStream', operation, 'ReadableStream');
    return s;
  }

  class ReadableStream {
    // https://streams.spec.whatwg.org/#rs-constructor ("new ReadableStream(underlyingSource, strategy)")
    constructor(underlyingSource = undefined, strategy = undefined) {
      const self = platformObject(new.target);
      if (underlyingSource === undefined) underlyingSource = null;
      const dict = toUnderlyingSource(underlyingSource);
      const s = toQueuingStrategy(strategy, CONSTRUCT, 'ReadableStream');
      const stream = newReadableStreamSlots();
      bindSlots(stream, ReadableStream, self);
      if (dict.type === 'bytes') {
        if (s.size !== undefined) throw new RangeErrorCtor("Failed to construct 'ReadableStream': The strategy for a byte stream cannot have a size function");
        const highWaterMark = extractHighWaterMark(s, 0);
        setUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, dict, highWaterMark, CONSTRUCT, 'ReadableStream');
      } else {
        const sizeAlgorithm = extractSizeAlgorithm(s);
        const highWaterMark = extractHighWaterMark(s, 1);
        setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, dict, highWaterMark, sizeAlgorithm);
      }
      return self;
    }
    // https://streams.spec.whatwg.org/#rs-from ("ReadableStream.from(asyncIterable)")
    static from(asyncIterable) {
      return readableStreamFromIterable(asyncIterable).obj;
    }
    get locked() { return isReadableStreamLocked(readableStreamSlots(this)); }
    // https://streams.spec.whatwg.org/#rs-cancel ("cancel(reason)")
    cancel(reason = undefined) {
      return promiseCall(() => {
        const stream = readableStreamSlots(this);
        if (isReadableStreamLocked(stream)) return promiseRejectedWith(new TypeErrorCtor('Cannot cancel a locked stream'));
        return readableStreamCancel(stream, reason);
      });
    }
    // https://streams.spec.whatwg.org/#rs-get-reader ("getReader(options)")
    getReader(options = undefined) {
      const stream = readableStreamSlots(this);
      const dict = toDictionary(options, 'ReadableStreamGetReaderOptions', 'getReader', 'ReadableStream');
      const m = dict.mode;
      const mode = m === undefined ? undefined : toEnum(m, ['byob'], 'ReadableStreamReaderMode', 'getReader', 'ReadableStream');
      if (mode === undefined) return acquireReadableStreamDefaultReader(stream).obj;
      return acquireReadableStreamBYOBReader(stream).obj;
    }
    // https://streams.spec.whatwg.org/#rs-pipe-through ("pipeThrough(transform, options)")
    pipeThrough(transform, options = undefined) {
      const stream = readableStreamSlots(this);
      const pair = toDictionary(transform, 'ReadableWritablePair', 'pipeThrough', 'ReadableStream');
      const readableValue = pair.readable;
      const readable = slotsIfKind(readableValue, 'ReadableStream');
      if (readable === undefined) {
        throw new TypeErrorCtor(`${failedTo('pipeThrough', 'ReadableStream')}: Failed to read the 'readable' property from 'ReadableWritablePair': ${readableValue === undefined ? 'Required member is undefined.' : "Failed to convert value to 'ReadableStream'."}`);
      }
      const writableValue = pair.writable;
      const writable = slotsIfKind(writableValue, 'WritableStream');
      if (writable === undefined) {
        throw new TypeErrorCtor(`${failedTo('pipeThrough', 'ReadableStream')}: Failed to read the 'writable' property from 'ReadableWritablePair': ${writableValue === undefined ? 'Required member is undefined.' : "Failed to convert value to 'WritableStream'."}`);
      }
      const o = toStreamPipeOptions(options, 'pipeThrough', 'ReadableStream');
      if (isReadableStreamLocked(stream)) throw new TypeErrorCtor(`${failedTo('pipeThrough', 'ReadableStream')}: Cannot pipe a locked stream`);
      if (writable.writer !== undefined) throw new TypeErrorCtor(`${failedTo('pipeThrough', 'ReadableStream')}: Cannot pipe to a locked stream`);
      const promise = readableStreamPipeTo(stream, writable, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
      markHandled(promise);
      return readable.obj;
    }
    // https://streams.spec.whatwg.org/#rs-pipe-to ("pipeTo(destination, options)")
    pipeTo(destination, options = undefined) {
      return promiseCall(() => {
        const stream = readableStreamSlots(this);
        const dest = slotsIfKind(destination, 'WritableStream');
        if (dest === undefined) throw notOfType(1, 'WritableStream', 'pipeTo', 'ReadableStream');
        const o = toStreamPipeOptions(options, 'pipeTo', 'ReadableStream');
        if (isReadableStreamLocked(stream)) return promiseRejectedWith(new TypeErrorCtor('Cannot pipe a locked stream'));
        if (dest.writer !== undefined) return promiseRejectedWith(new TypeErrorCtor('Cannot pipe to a locked stream'));
        return readableStreamPipeTo(stream, dest, o.preventClose, o.preventAbort, o.preventCancel, o.signal);
      });
    }
    // https://streams.spec.whatwg.org/#rs-tee ("tee()")
    tee() {
      const branches = readableStreamTee(readableStreamSlots(this), false);
      return [branches[0].obj, branches[1].obj];
    }
    // https://streams.spec.whatwg.org/#rs-asynciterator ("values(options)")
    values(options = undefined) {
      const stream = readableStreamSlots(this);
      const dict = toDictionary(options, 'ReadableStreamIteratorOptions', 'values', 'ReadableStream');
      const preventCancel = !!dict.preventCancel;
      const reader = acquireReadableStreamDefaultReader(stream);
      const iterator = ObjectCreate(ReadableStreamAsyncIteratorPrototype);
      WeakMapPrototypeSet(streamSlots, iterator, {
        __proto__: null, kind: 'ReadableStreamAsyncIterator', obj: iterator, reader, preventCancel,
        ongoing: undefined, finished: false,
      });
      return iterator;
    }
  }
  ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
    __proto__: null, value: ReadableStream.prototype.values, writable: true, configurable: true, enumerable: false,
  });

  // https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object
  // ("asynchronous iterator prototype object") of ReadableStream, with the
  // stream's "get the next iteration result" and "asynchronous iterator return".
  const iteratorSlots = slotsOf('ReadableStreamAsyncIterator');
  const ReadableStreamAsyncIteratorPrototype = ObjectCreate(AsyncIteratorPrototype);
  const END = { __proto__: null };
  // https://streams.spec.whatwg.org/#rs-asynciterator-prototype-next
  function iteratorNextResult(it) {
    const reader = it.reader;
    const cap = newCap();
    readableStreamDefaultReaderRead(reader, readRequest((chunk) => resolveCap(cap, chunk), () => {
      readableStreamDefaultReaderRelease(reader);
      resolveCap(cap, END);
    }, (e) => {
      readableStreamDefaultReaderRelease(reader);
      rejectCap(cap, e);
    }));
    return cap.promise;
  }
  // https://streams.spec.whatwg.org/#rs-asynciterator-prototype-return
  function iteratorReturn(it, arg) {
    const reader = it.reader;
    if (!it.preventCancel) {
      const result = readableStreamReaderGenericCancel(reader, arg);
      readableStreamDefaultReaderRelease(reader);
      return result;
    }
    readableStreamDefaultReaderRelease(reader);
    return promiseResolvedWith(undefined);
  }
  define(ReadableStreamAsyncIteratorPrototype, {
    next() {
      return promiseCall(() => {
        const it = iteratorSlots(this);
        const nextSteps = () => {
          if (it.finished) return promiseResolvedWith({ value: undefined, done: true });
          return transformPromise(iteratorNextResult(it), (next) => {
            it.ongoing = undefined;
            if (next === END) {
              it.finished = true;
              return { value: undefined, done: true };
            }
            return { value: next, done: false };
          }, (reason) => {
            it.ongoing = undefined;
            it.finished = true;
            throw reason;
          });
        };
        it.ongoing = it.ongoing !== undefined ? transformPromise(it.ongoing, nextSteps, nextSteps) : nextSteps();
        return it.ongoing;
      });
    },
    return(value = undefined) {
      return promiseCall(() => {
        const it = iteratorSlots(this);
        const returnSteps = () => {
          if (it.finished) return promiseResolvedWith({ value, done: true });
          it.finished = true;
          return iteratorReturn(it, value);
        };
        it.ongoing = it.ongoing !== undefined ? transformPromise(it.ongoing, returnSteps, returnSteps) : returnSteps();
        return transformPromise(it.ongoing, () => ({ value, done: true }));
      });
    },
  }, false);
  ObjectDefineProperty(ReadableStreamAsyncIteratorPrototype, SymbolToStringTag, {
    __proto__: null, value: 'ReadableStream AsyncIterator', configurable: true,
  });
  return ReadableStream;
});
