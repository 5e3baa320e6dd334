// Streams (WHATWG): the abstract operations every stream interface shares.
// The interfaces themselves (ReadableStream, its readers and controllers,
// WritableStream, TransformStream, the queuing strategies) are one file
// each after this one; they hold no algorithm the others need.
// https://streams.spec.whatwg.org/#rs-abstract-ops ("Readable stream abstract operations")
// https://streams.spec.whatwg.org/#ws-abstract-ops ("Writable stream abstract operations")
// https://streams.spec.whatwg.org/#ts-abstract-ops ("Transform stream abstract operations")
//
// Internal slots live in records (`__proto__: null`), one per object, in
// one WeakMap keyed by the page-visible object; each record names its
// object (`obj`) and its kind (`kind`, the brand check). The algorithms
// work on records. Promises are made with the realm's original Promise and
// reacted to with its original `then`, so a page patching
// Promise.prototype.then sees none of it.
//
// Not modelled: transferable streams (postMessage of a stream), and
// brand checks across realms (a stream of another same-origin frame is
// not a stream here).

// Uses CONSTRUCT, failedTo, materialize, notOfType, platformObject, toDictionary (webidl.js);
//   abortReason, addAbortAlgorithm, isAbortSignal, isAborted, newAbortSignal, signalAbort
//   (abort_signal.js).

// --- Slots ------------------------------------------------------------------------

const streamSlots = new WeakMapCtor();
// The record of `self` if it is of `kind`, else a TypeError ("Illegal invocation").
function slotsOf(kind) {
  return (self) => {
    const s = WeakMapPrototypeGet(streamSlots, self);
    if (s === undefined || s.kind !== kind) throw new TypeErrorCtor('Illegal invocation');
    return s;
  };
}
function slotsIfKind(value, kind) {
  const s = WeakMapPrototypeGet(streamSlots, value);
  return s !== undefined && s.kind === kind ? s : undefined;
}
// Gives `slots` its page-visible object: a new instance of `Ctor` (not
// running its constructor) unless `obj` is given.
function bindSlots(slots, Ctor, obj = undefined) {
  const o = obj === undefined ? platformObject(Ctor) : obj;
  slots.obj = o;
  WeakMapPrototypeSet(streamSlots, o, slots);
  return o;
}

// --- Promises (WebIDL "a new promise", "react to") ---------------------------------

function noop() {}
// A promise with its resolving functions and whether it is still pending.
function newCap() {
  const cap = { __proto__: null, promise: undefined, res: undefined, rej: undefined, pending: true };
  cap.promise = new PromiseCtor((res, rej) => { cap.res = res; cap.rej = rej; });
  return cap;
}
function resolveCap(cap, value) {
  if (!cap.pending) return;
  cap.pending = false;
  cap.res(value);
}
function rejectCap(cap, reason) {
  if (!cap.pending) return;
  cap.pending = false;
  cap.rej(reason);
}
// https://webidl.spec.whatwg.org/#a-promise-resolved-with
function promiseResolvedWith(value) {
  return PromiseResolve(value);
}
// https://webidl.spec.whatwg.org/#a-promise-rejected-with
function promiseRejectedWith(reason) {
  return PromiseReject(reason);
}
// https://webidl.spec.whatwg.org/#mark-a-promise-as-handled
function markHandled(promise) {
  PromisePrototypeThen(promise, undefined, noop);
}
// https://webidl.spec.whatwg.org/#upon-fulfillment ("react"): the
// reactions' own promise never rejects (the steps do not throw), and
// `promise` counts as handled, as PerformPromiseThen makes it.
function uponPromise(promise, onFulfilled, onRejected = noop) {
  PromisePrototypeThen(promise, onFulfilled, onRejected);
}
// https://webidl.spec.whatwg.org/#dfn-perform-steps-once-promise-is-settled ("the result of reacting to")
function transformPromise(promise, onFulfilled, onRejected = undefined) {
  return PromisePrototypeThen(promise, onFulfilled, onRejected);
}
// A promise-returning operation turns what its steps throw into a rejection
// (WebIDL: "an exception thrown from an operation returning a promise").
function promiseCall(steps) {
  try {
    return steps();
  } catch (e) {
    return PromiseReject(e);
  }
}

// --- Buffers -----------------------------------------------------------------------

// https://tc39.es/ecma262/#sec-isdetachedbuffer: a detached buffer has no
// bytes, and a view over it cannot be made.
function isDetachedBuffer(buffer) {
  if (ArrayBufferPrototypeGetByteLength(buffer) !== 0) return false;
  try {
    new Uint8ArrayCtor(buffer, 0, 0); // eslint-disable-line no-new
    return false;
  } catch (e) {
    return true;
  }
}

// An ArrayBufferView's slots, read through the builtins' own getters.
function isTypedArray(view) {
  return TypedArrayPrototypeGetSymbolToStringTag(view) !== undefined;
}
function viewBuffer(view) {
  return isTypedArray(view) ? TypedArrayPrototypeGetBuffer(view) : DataViewPrototypeGetBuffer(view);
}
function viewByteOffset(view) {
  return isTypedArray(view) ? TypedArrayPrototypeGetByteOffset(view) : DataViewPrototypeGetByteOffset(view);
}
function viewByteLength(view) {
  return isTypedArray(view) ? TypedArrayPrototypeGetByteLength(view) : DataViewPrototypeGetByteLength(view);
}
// https://webidl.spec.whatwg.org/#ArrayBufferView ("ArrayBufferView"), not
// over a SharedArrayBuffer.
function toArrayBufferView(value, index, operation, iface) {
  if (!ArrayBufferIsView(value)) throw notOfType(index, 'ArrayBufferView', operation, iface);
  return value;
}

// --- The rest, made on first use -------------------------------------------------

// Everything below is made the first time a realm asks for it (`streams()`,
// through a stream interface's first use or a body's stream): most pages
// make no stream, and every realm would otherwise hold ~200 functions of it.
// Made after page script may have run: it reads only primordials and what
// the bindings captured at start-up.
let made;
function streams() {
  if (made === undefined) made = makeStreams();
  return made;
}


function makeStreams() {
  // Promise and buffer helpers only the stream algorithms use.
  // Settles `cap` as `promise` settles (resolving `cap` with `promise`
  // itself would look up the promise's `then`, which a page may have patched).
  function settleCapWith(cap, promise) {
    uponPromise(promise, (v) => resolveCap(cap, v), (e) => rejectCap(cap, e));
  }
  function resolvedCap(value) {
    const cap = newCap();
    resolveCap(cap, value);
    return cap;
  }
  function rejectedCap(reason) {
    const cap = newCap();
    rejectCap(cap, reason);
    return cap;
  }
  // https://streams.spec.whatwg.org/#transfer-array-buffer ("TransferArrayBuffer"):
  // the same memory in a new buffer, the old one detached (the host's
  // structured clone with a transfer list).
  function transferArrayBuffer(buffer) {
    if (isDetachedBuffer(buffer)) throw new TypeErrorCtor('The ArrayBuffer is detached.');
    try {
      return ops.structuredCloneRoundTrip(buffer, [buffer], [], []);
    } catch (e) {
      throw new TypeErrorCtor('The ArrayBuffer cannot be transferred.');
    }
  }
  function canTransferArrayBuffer(buffer) {
    return !isDetachedBuffer(buffer);
  }
  // https://tc39.es/ecma262/#sec-clonearraybuffer
  function cloneArrayBuffer(buffer, offset, length) {
    const copy = new Uint8ArrayCtor(length);
    TypedArrayPrototypeSet(copy, new Uint8ArrayCtor(buffer, offset, length));
    return TypedArrayPrototypeGetBuffer(copy);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-cloneasuint8array
  function cloneAsUint8Array(view) {
    return new Uint8ArrayCtor(cloneArrayBuffer(viewBuffer(view), viewByteOffset(view), viewByteLength(view)));
  }
  function copyDataBlockBytes(to, toIndex, from, fromIndex, count) {
    TypedArrayPrototypeSet(new Uint8ArrayCtor(to, toIndex, count), new Uint8ArrayCtor(from, fromIndex, count));
  }
  // The view's element size and constructor (the table of TypedArray
  // constructors, DataView's 1).
  function viewKind(view) {
    if (!isTypedArray(view)) return { __proto__: null, size: 1, ctor: DataViewCtor };
    return typedArrayKind(TypedArrayPrototypeGetSymbolToStringTag(view));
  }

  // --- Queue-with-sizes ------------------------------------------------------------------
  // https://streams.spec.whatwg.org/#queue-with-sizes

  // A queue with O(1) dequeue: items from `head` on.
  function newQueue() {
    return { __proto__: null, items: [], head: 0 };
  }
  function queueLength(q) {
    return q.items.length - q.head;
  }
  function queuePush(q, item) {
    ArrayAppend(q.items, item);
  }
  function queuePeek(q) {
    return q.items[q.head];
  }
  function queueShift(q) {
    const item = q.items[q.head];
    q.items[q.head] = undefined;
    q.head++;
    if (q.head > 64 && q.head * 2 > q.items.length) {
      q.items = ArraySlice(q.items, q.head);
      q.head = 0;
    }
    return item;
  }
  // https://streams.spec.whatwg.org/#dequeue-value
  function dequeueValue(c) {
    const pair = queueShift(c.queue);
    c.queueTotalSize -= pair.size;
    if (c.queueTotalSize < 0) c.queueTotalSize = 0;
    return pair.value;
  }
  // https://streams.spec.whatwg.org/#enqueue-value-with-size
  function enqueueValueWithSize(c, value, size) {
    size = +size;
    if (!(size >= 0) || size === Infinity) {
      throw new RangeErrorCtor('The return value of a queuing strategy\'s size function must be a finite, non-NaN, non-negative number.');
    }
    queuePush(c.queue, { __proto__: null, value, size });
    c.queueTotalSize += size;
  }
  // https://streams.spec.whatwg.org/#peek-queue-value
  function peekQueueValue(c) {
    return queuePeek(c.queue).value;
  }
  // https://streams.spec.whatwg.org/#reset-queue
  function resetQueue(c) {
    c.queue = newQueue();
    c.queueTotalSize = 0;
  }

  // --- Strategies and underlying sources (WebIDL dictionaries) -------------------------

  // https://webidl.spec.whatwg.org/#es-unrestricted-double
  function toUnrestrictedDouble(value) {
    return +value;
  }
  // A dictionary member that is a callback function (undefined if absent).
  function toCallbackMember(dict, member, dictName, operation, iface) {
    const f = dict[member];
    if (f === undefined) return undefined;
    if (typeof f !== 'function') {
      throw new TypeErrorCtor(`${failedTo(operation, iface)}: Failed to read the '${member}' property from '${dictName}': The provided value is not a function.`);
    }
    return f;
  }
  // QueuingStrategy: { highWaterMark, size }, read in that order.
  function toQueuingStrategy(value, operation, iface) {
    const dict = toDictionary(value, 'QueuingStrategy', operation, iface);
    const hwm = dict.highWaterMark;
    const highWaterMark = hwm === undefined ? undefined : toUnrestrictedDouble(hwm);
    const size = toCallbackMember(dict, 'size', 'QueuingStrategy', operation, iface);
    return { __proto__: null, highWaterMark, size };
  }
  // https://streams.spec.whatwg.org/#validate-and-normalize-high-water-mark ("ExtractHighWaterMark")
  function extractHighWaterMark(strategy, defaultHWM) {
    if (strategy.highWaterMark === undefined) return defaultHWM;
    const hwm = strategy.highWaterMark;
    if (NumberIsNaN(hwm) || hwm < 0) throw new RangeErrorCtor('Invalid highWaterMark');
    return hwm;
  }
  // https://streams.spec.whatwg.org/#make-size-algorithm-from-size-function ("ExtractSizeAlgorithm")
  function extractSizeAlgorithm(strategy) {
    const size = strategy.size;
    if (size === undefined) return () => 1;
    return (chunk) => toUnrestrictedDouble(ReflectApply(size, undefined, [chunk]));
  }
  // A callback member as a promise-returning algorithm: its result, or its
  // exception as a rejection.
  function promiseAlgorithm(f, thisArg, fallback) {
    if (f === undefined) return fallback;
    return (...args) => {
      try {
        return promiseResolvedWith(ReflectApply(f, thisArg, args));
      } catch (e) {
        return promiseRejectedWith(e);
      }
    };
  }
  function resolvedUndefined() {
    return promiseResolvedWith(undefined);
  }
  // https://webidl.spec.whatwg.org/#es-unsigned-long-long with [EnforceRange]
  function toEnforcedUnsignedLongLong(value, member, dictName, operation, iface) {
    const n = +value;
    if (!NumberIsFinite(n)) {
      throw new TypeErrorCtor(`${failedTo(operation, iface)}: Failed to read the '${member}' property from '${dictName}': Value is not a finite number.`);
    }
    const t = MathTrunc(n);
    if (t < 0 || t > 9007199254740991) {
      throw new TypeErrorCtor(`${failedTo(operation, iface)}: Failed to read the '${member}' property from '${dictName}': Value is outside the 'unsigned long long' value range.`);
    }
    return t + 0;
  }

  // --- ReadableStream ---------------------------------------------------------------------

  // https://streams.spec.whatwg.org/#initialize-readable-stream
  function newReadableStreamSlots() {
    return {
      __proto__: null, kind: 'ReadableStream', obj: undefined,
      state: 'readable', reader: undefined, storedError: undefined, disturbed: false, controller: undefined,
    };
  }
  // https://streams.spec.whatwg.org/#create-readable-stream ("CreateReadableStream")
  function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1, sizeAlgorithm = () => 1) {
    const stream = newReadableStreamSlots();
    bindSlots(stream, materialize('ReadableStream'));
    const controller = newDefaultControllerSlots();
    bindSlots(controller, materialize('ReadableStreamDefaultController'));
    setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
    return stream;
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-createreadablebytestream ("CreateReadableByteStream")
  function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) {
    const stream = newReadableStreamSlots();
    bindSlots(stream, materialize('ReadableStream'));
    const controller = newByteControllerSlots();
    bindSlots(controller, materialize('ReadableByteStreamController'));
    setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, 0, undefined);
    return stream;
  }
  // https://streams.spec.whatwg.org/#is-readable-stream-locked
  function isReadableStreamLocked(stream) {
    return stream.reader !== undefined;
  }
  // https://streams.spec.whatwg.org/#readable-stream-cancel ("ReadableStreamCancel")
  function readableStreamCancel(stream, reason) {
    stream.disturbed = true;
    if (stream.state === 'closed') return promiseResolvedWith(undefined);
    if (stream.state === 'errored') return promiseRejectedWith(stream.storedError);
    readableStreamClose(stream);
    const reader = stream.reader;
    if (reader !== undefined && reader.kind === 'ReadableStreamBYOBReader') {
      const readIntoRequests = reader.readIntoRequests;
      reader.readIntoRequests = newQueue();
      while (queueLength(readIntoRequests) > 0) queueShift(readIntoRequests).close(undefined);
    }
    const sourceCancelPromise = stream.controller.cancelSteps(stream.controller, reason);
    return transformPromise(sourceCancelPromise, noop);
  }
  // https://streams.spec.whatwg.org/#readable-stream-close ("ReadableStreamClose")
  function readableStreamClose(stream) {
    stream.state = 'closed';
    const reader = stream.reader;
    if (reader === undefined) return;
    resolveCap(reader.closed, undefined);
    if (reader.kind === 'ReadableStreamDefaultReader') {
      const readRequests = reader.readRequests;
      reader.readRequests = newQueue();
      while (queueLength(readRequests) > 0) queueShift(readRequests).close();
    }
  }
  // https://streams.spec.whatwg.org/#readable-stream-error ("ReadableStreamError")
  function readableStreamError(stream, e) {
    stream.state = 'errored';
    stream.storedError = e;
    const reader = stream.reader;
    if (reader === undefined) return;
    rejectCap(reader.closed, e);
    markHandled(reader.closed.promise);
    if (reader.kind === 'ReadableStreamDefaultReader') {
      readableStreamDefaultReaderErrorReadRequests(reader, e);
    } else {
      readableStreamBYOBReaderErrorReadIntoRequests(reader, e);
    }
  }
  // https://streams.spec.whatwg.org/#readable-stream-add-read-request
  function readableStreamAddReadRequest(stream, readRequest) {
    queuePush(stream.reader.readRequests, readRequest);
  }
  // https://streams.spec.whatwg.org/#readable-stream-add-read-into-request
  function readableStreamAddReadIntoRequest(stream, readIntoRequest) {
    queuePush(stream.reader.readIntoRequests, readIntoRequest);
  }
  // https://streams.spec.whatwg.org/#readable-stream-fulfill-read-request
  function readableStreamFulfillReadRequest(stream, chunk, done) {
    const readRequest = queueShift(stream.reader.readRequests);
    if (done) readRequest.close(); else readRequest.chunk(chunk);
  }
  // https://streams.spec.whatwg.org/#readable-stream-fulfill-read-into-request
  function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
    const readIntoRequest = queueShift(stream.reader.readIntoRequests);
    if (done) readIntoRequest.close(chunk); else readIntoRequest.chunk(chunk);
  }
  function readableStreamGetNumReadRequests(stream) {
    return queueLength(stream.reader.readRequests);
  }
  function readableStreamGetNumReadIntoRequests(stream) {
    return queueLength(stream.reader.readIntoRequests);
  }
  function readableStreamHasDefaultReader(stream) {
    return stream.reader !== undefined && stream.reader.kind === 'ReadableStreamDefaultReader';
  }
  function readableStreamHasBYOBReader(stream) {
    return stream.reader !== undefined && stream.reader.kind === 'ReadableStreamBYOBReader';
  }
  // A read request: what to do with a chunk, at the end, on error.
  function readRequest(chunk, close, error) {
    return { __proto__: null, chunk, close, error };
  }

  // --- Readers ----------------------------------------------------------------------

  function newReaderSlots(kind) {
    return {
      __proto__: null, kind, obj: undefined, stream: undefined, closed: undefined,
      readRequests: newQueue(), readIntoRequests: newQueue(),
    };
  }
  // https://streams.spec.whatwg.org/#acquire-readable-stream-reader
  function acquireReadableStreamDefaultReader(stream) {
    const reader = newReaderSlots('ReadableStreamDefaultReader');
    setUpReadableStreamDefaultReader(reader, stream);
    bindSlots(reader, materialize('ReadableStreamDefaultReader'));
    return reader;
  }
  // https://streams.spec.whatwg.org/#acquire-readable-stream-byob-reader
  function acquireReadableStreamBYOBReader(stream) {
    const reader = newReaderSlots('ReadableStreamBYOBReader');
    setUpReadableStreamBYOBReader(reader, stream);
    bindSlots(reader, materialize('ReadableStreamBYOBReader'));
    return reader;
  }
  // https://streams.spec.whatwg.org/#readable-stream-reader-generic-initialize
  function readableStreamReaderGenericInitialize(reader, stream) {
    reader.stream = stream;
    stream.reader = reader;
    if (stream.state === 'readable') {
      reader.closed = newCap();
    } else if (stream.state === 'closed') {
      reader.closed = resolvedCap(undefined);
    } else {
      reader.closed = rejectedCap(stream.storedError);
      markHandled(reader.closed.promise);
    }
  }
  // https://streams.spec.whatwg.org/#readable-stream-reader-generic-cancel
  function readableStreamReaderGenericCancel(reader, reason) {
    return readableStreamCancel(reader.stream, reason);
  }
  // https://streams.spec.whatwg.org/#readable-stream-reader-generic-release
  function readableStreamReaderGenericRelease(reader) {
    const stream = reader.stream;
    const e = new TypeErrorCtor('This readable stream reader has been released and cannot be used to monitor the stream\'s state');
    if (stream.state === 'readable') {
      rejectCap(reader.closed, e);
    } else {
      reader.closed = rejectedCap(e);
    }
    markHandled(reader.closed.promise);
    stream.controller.releaseSteps(stream.controller);
    stream.reader = undefined;
    reader.stream = undefined;
  }
  // https://streams.spec.whatwg.org/#set-up-readable-stream-default-reader
  function setUpReadableStreamDefaultReader(reader, stream) {
    if (isReadableStreamLocked(stream)) throw new TypeErrorCtor('ReadableStreamDefaultReader constructor can only accept readable streams that are not yet locked to a reader');
    readableStreamReaderGenericInitialize(reader, stream);
    reader.readRequests = newQueue();
  }
  // https://streams.spec.whatwg.org/#set-up-readable-stream-byob-reader
  function setUpReadableStreamBYOBReader(reader, stream) {
    if (isReadableStreamLocked(stream)) throw new TypeErrorCtor('ReadableStreamBYOBReader constructor can only accept readable streams that are not yet locked to a reader');
    if (stream.controller.kind !== 'ReadableByteStreamController') {
      throw new TypeErrorCtor('Cannot construct a ReadableStreamBYOBReader for a stream not constructed with a byte source');
    }
    readableStreamReaderGenericInitialize(reader, stream);
    reader.readIntoRequests = newQueue();
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-reader-read
  function readableStreamDefaultReaderRead(reader, request) {
    const stream = reader.stream;
    stream.disturbed = true;
    if (stream.state === 'closed') request.close();
    else if (stream.state === 'errored') request.error(stream.storedError);
    else stream.controller.pullSteps(stream.controller, request);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreaderrelease
  function readableStreamDefaultReaderRelease(reader) {
    readableStreamReaderGenericRelease(reader);
    readableStreamDefaultReaderErrorReadRequests(reader, new TypeErrorCtor('Releasing Default reader'));
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreadererrorreadrequests
  function readableStreamDefaultReaderErrorReadRequests(reader, e) {
    const readRequests = reader.readRequests;
    reader.readRequests = newQueue();
    while (queueLength(readRequests) > 0) queueShift(readRequests).error(e);
  }
  // https://streams.spec.whatwg.org/#readable-stream-byob-reader-read
  function readableStreamBYOBReaderRead(reader, view, min, request) {
    const stream = reader.stream;
    stream.disturbed = true;
    if (stream.state === 'errored') request.error(stream.storedError);
    else readableByteStreamControllerPullInto(stream.controller, view, min, request);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreaderrelease
  function readableStreamBYOBReaderRelease(reader) {
    readableStreamReaderGenericRelease(reader);
    readableStreamBYOBReaderErrorReadIntoRequests(reader, new TypeErrorCtor('Releasing BYOB reader'));
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreadererrorreadintorequests
  function readableStreamBYOBReaderErrorReadIntoRequests(reader, e) {
    const readIntoRequests = reader.readIntoRequests;
    reader.readIntoRequests = newQueue();
    while (queueLength(readIntoRequests) > 0) queueShift(readIntoRequests).error(e);
  }

  // --- ReadableStreamDefaultController ------------------------------------------------------

  function newDefaultControllerSlots() {
    return {
      __proto__: null, kind: 'ReadableStreamDefaultController', obj: undefined, stream: undefined,
      queue: newQueue(), queueTotalSize: 0, started: false, closeRequested: false, pullAgain: false, pulling: false,
      strategySizeAlgorithm: undefined, strategyHWM: 0, pullAlgorithm: undefined, cancelAlgorithm: undefined,
      cancelSteps: readableStreamDefaultControllerCancelSteps,
      pullSteps: readableStreamDefaultControllerPullSteps,
      releaseSteps: noop,
    };
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-call-pull-if-needed
  function readableStreamDefaultControllerCallPullIfNeeded(c) {
    if (!readableStreamDefaultControllerShouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    uponPromise(c.pullAlgorithm(), () => {
      c.pulling = false;
      if (c.pullAgain) {
        c.pullAgain = false;
        readableStreamDefaultControllerCallPullIfNeeded(c);
      }
    }, (e) => readableStreamDefaultControllerError(c, e));
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-should-call-pull
  function readableStreamDefaultControllerShouldCallPull(c) {
    const stream = c.stream;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return false;
    if (!c.started) return false;
    if (isReadableStreamLocked(stream) && readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
    return readableStreamDefaultControllerGetDesiredSize(c) > 0;
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-clear-algorithms
  function readableStreamDefaultControllerClearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-close
  function readableStreamDefaultControllerClose(c) {
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
    c.closeRequested = true;
    if (queueLength(c.queue) === 0) {
      readableStreamDefaultControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    }
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-enqueue
  function readableStreamDefaultControllerEnqueue(c, chunk) {
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) return;
    const stream = c.stream;
    if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) {
      readableStreamFulfillReadRequest(stream, chunk, false);
    } else {
      let chunkSize;
      try {
        chunkSize = c.strategySizeAlgorithm(chunk);
      } catch (e) {
        readableStreamDefaultControllerError(c, e);
        throw e;
      }
      try {
        enqueueValueWithSize(c, chunk, chunkSize);
      } catch (e) {
        readableStreamDefaultControllerError(c, e);
        throw e;
      }
    }
    readableStreamDefaultControllerCallPullIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-error
  function readableStreamDefaultControllerError(c, e) {
    if (c.stream.state !== 'readable') return;
    resetQueue(c);
    readableStreamDefaultControllerClearAlgorithms(c);
    readableStreamError(c.stream, e);
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-get-desired-size
  function readableStreamDefaultControllerGetDesiredSize(c) {
    const state = c.stream.state;
    if (state === 'errored') return null;
    if (state === 'closed') return 0;
    return c.strategyHWM - c.queueTotalSize;
  }
  // https://streams.spec.whatwg.org/#rs-default-controller-has-backpressure
  function readableStreamDefaultControllerHasBackpressure(c) {
    return !readableStreamDefaultControllerShouldCallPull(c);
  }
  // https://streams.spec.whatwg.org/#readable-stream-default-controller-can-close-or-enqueue
  function readableStreamDefaultControllerCanCloseOrEnqueue(c) {
    return !c.closeRequested && c.stream.state === 'readable';
  }
  // https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller
  function setUpReadableStreamDefaultController(stream, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
    c.stream = stream;
    resetQueue(c);
    c.started = false;
    c.closeRequested = false;
    c.pullAgain = false;
    c.pulling = false;
    c.strategySizeAlgorithm = sizeAlgorithm;
    c.strategyHWM = highWaterMark;
    c.pullAlgorithm = pullAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    stream.controller = c;
    const startResult = startAlgorithm();
    uponPromise(promiseResolvedWith(startResult), () => {
      c.started = true;
      readableStreamDefaultControllerCallPullIfNeeded(c);
    }, (r) => readableStreamDefaultControllerError(c, r));
  }
  // https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller-from-underlying-source
  function setUpReadableStreamDefaultControllerFromUnderlyingSource(stream, source, dict, highWaterMark, sizeAlgorithm) {
    const c = newDefaultControllerSlots();
    const controller = bindSlots(c, materialize('ReadableStreamDefaultController'));
    const startAlgorithm = dict.start === undefined ? noop : () => ReflectApply(dict.start, source, [controller]);
    const pullAlgorithm = promiseAlgorithm(dict.pull, source, resolvedUndefined);
    const pull = dict.pull === undefined ? pullAlgorithm : () => pullAlgorithm(controller);
    const cancelAlgorithm = promiseAlgorithm(dict.cancel, source, resolvedUndefined);
    setUpReadableStreamDefaultController(stream, c, startAlgorithm, pull, cancelAlgorithm, highWaterMark, sizeAlgorithm);
  }
  // https://streams.spec.whatwg.org/#rs-default-controller-private-cancel ("[[CancelSteps]]")
  function readableStreamDefaultControllerCancelSteps(c, reason) {
    resetQueue(c);
    const result = c.cancelAlgorithm(reason);
    readableStreamDefaultControllerClearAlgorithms(c);
    return result;
  }
  // https://streams.spec.whatwg.org/#rs-default-controller-private-pull ("[[PullSteps]]")
  function readableStreamDefaultControllerPullSteps(c, request) {
    const stream = c.stream;
    if (queueLength(c.queue) > 0) {
      const chunk = dequeueValue(c);
      if (c.closeRequested && queueLength(c.queue) === 0) {
        readableStreamDefaultControllerClearAlgorithms(c);
        readableStreamClose(stream);
      } else {
        readableStreamDefaultControllerCallPullIfNeeded(c);
      }
      request.chunk(chunk);
    } else {
      readableStreamAddReadRequest(stream, request);
      readableStreamDefaultControllerCallPullIfNeeded(c);
    }
  }

  // --- ReadableByteStreamController ---------------------------------------------------------

  function newByteControllerSlots() {
    return {
      __proto__: null, kind: 'ReadableByteStreamController', obj: undefined, stream: undefined,
      queue: newQueue(), queueTotalSize: 0, started: false, closeRequested: false, pullAgain: false, pulling: false,
      strategyHWM: 0, pullAlgorithm: undefined, cancelAlgorithm: undefined, autoAllocateChunkSize: undefined,
      byobRequest: null, pendingPullIntos: newQueue(),
      cancelSteps: readableByteStreamControllerCancelSteps,
      pullSteps: readableByteStreamControllerPullSteps,
      releaseSteps: readableByteStreamControllerReleaseSteps,
    };
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-call-pull-if-needed
  function readableByteStreamControllerCallPullIfNeeded(c) {
    if (!readableByteStreamControllerShouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    uponPromise(c.pullAlgorithm(), () => {
      c.pulling = false;
      if (c.pullAgain) {
        c.pullAgain = false;
        readableByteStreamControllerCallPullIfNeeded(c);
      }
    }, (e) => readableByteStreamControllerError(c, e));
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-clear-algorithms
  function readableByteStreamControllerClearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-clear-pending-pull-intos
  function readableByteStreamControllerClearPendingPullIntos(c) {
    readableByteStreamControllerInvalidateBYOBRequest(c);
    c.pendingPullIntos = newQueue();
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-close
  function readableByteStreamControllerClose(c) {
    const stream = c.stream;
    if (c.closeRequested || stream.state !== 'readable') return;
    if (c.queueTotalSize > 0) {
      c.closeRequested = true;
      return;
    }
    if (queueLength(c.pendingPullIntos) > 0) {
      const first = queuePeek(c.pendingPullIntos);
      if (first.bytesFilled % first.elementSize !== 0) {
        const e = new TypeErrorCtor('Insufficient bytes to fill elements in the given buffer');
        readableByteStreamControllerError(c, e);
        throw e;
      }
    }
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamClose(stream);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-commit-pull-into-descriptor
  function readableByteStreamControllerCommitPullIntoDescriptor(stream, pullInto) {
    let done = false;
    if (stream.state === 'closed') done = true;
    const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullInto);
    if (pullInto.readerType === 'default') {
      readableStreamFulfillReadRequest(stream, filledView, done);
    } else {
      readableStreamFulfillReadIntoRequest(stream, filledView, done);
    }
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-convert-pull-into-descriptor
  function readableByteStreamControllerConvertPullIntoDescriptor(pullInto) {
    const buffer = transferArrayBuffer(pullInto.buffer);
    return new pullInto.viewConstructor(buffer, pullInto.byteOffset, pullInto.bytesFilled / pullInto.elementSize);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue
  function readableByteStreamControllerEnqueue(c, chunk) {
    const stream = c.stream;
    if (c.closeRequested || stream.state !== 'readable') return;
    const buffer = viewBuffer(chunk);
    const byteOffset = viewByteOffset(chunk);
    const byteLength = viewByteLength(chunk);
    if (isDetachedBuffer(buffer)) throw new TypeErrorCtor('chunk\'s buffer is detached and so cannot be enqueued');
    const transferredBuffer = transferArrayBuffer(buffer);
    if (queueLength(c.pendingPullIntos) > 0) {
      const first = queuePeek(c.pendingPullIntos);
      if (isDetachedBuffer(first.buffer)) throw new TypeErrorCtor('The BYOB request\'s buffer has been detached and so cannot be filled with an enqueued chunk');
      readableByteStreamControllerInvalidateBYOBRequest(c);
      first.buffer = transferArrayBuffer(first.buffer);
      if (first.readerType === 'none') readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, first);
    }
    if (readableStreamHasDefaultReader(stream)) {
      readableByteStreamControllerProcessReadRequestsUsingQueue(c);
      if (readableStreamGetNumReadRequests(stream) === 0) {
        readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
      } else {
        if (queueLength(c.pendingPullIntos) > 0) readableByteStreamControllerShiftPendingPullInto(c);
        readableStreamFulfillReadRequest(stream, new Uint8ArrayCtor(transferredBuffer, byteOffset, byteLength), false);
      }
    } else if (readableStreamHasBYOBReader(stream)) {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
      const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
      for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(stream, filled[i]);
    } else {
      readableByteStreamControllerEnqueueChunkToQueue(c, transferredBuffer, byteOffset, byteLength);
    }
    readableByteStreamControllerCallPullIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue-chunk-to-queue
  function readableByteStreamControllerEnqueueChunkToQueue(c, buffer, byteOffset, byteLength) {
    queuePush(c.queue, { __proto__: null, buffer, byteOffset, byteLength });
    c.queueTotalSize += byteLength;
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerenqueueclonedchunktoqueue
  function readableByteStreamControllerEnqueueClonedChunkToQueue(c, buffer, byteOffset, byteLength) {
    let clone;
    try {
      clone = cloneArrayBuffer(buffer, byteOffset, byteLength);
    } catch (e) {
      readableByteStreamControllerError(c, e);
      throw e;
    }
    readableByteStreamControllerEnqueueChunkToQueue(c, clone, 0, byteLength);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerenqueuedetachedpullintotoqueue
  function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, pullInto) {
    if (pullInto.bytesFilled > 0) {
      readableByteStreamControllerEnqueueClonedChunkToQueue(c, pullInto.buffer, pullInto.byteOffset, pullInto.bytesFilled);
    }
    readableByteStreamControllerShiftPendingPullInto(c);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-error
  function readableByteStreamControllerError(c, e) {
    const stream = c.stream;
    if (stream.state !== 'readable') return;
    readableByteStreamControllerClearPendingPullIntos(c);
    resetQueue(c);
    readableByteStreamControllerClearAlgorithms(c);
    readableStreamError(stream, e);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-head-pull-into-descriptor
  function readableByteStreamControllerFillHeadPullIntoDescriptor(c, size, pullInto) {
    pullInto.bytesFilled += size;
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-pull-into-descriptor-from-queue
  function readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, pullInto) {
    const maxBytesToCopy = MathMin(c.queueTotalSize, pullInto.byteLength - pullInto.bytesFilled);
    const maxBytesFilled = pullInto.bytesFilled + maxBytesToCopy;
    let totalBytesToCopyRemaining = maxBytesToCopy;
    let ready = false;
    const remainderBytes = maxBytesFilled % pullInto.elementSize;
    const maxAlignedBytes = maxBytesFilled - remainderBytes;
    if (maxAlignedBytes >= pullInto.minimumFill) {
      totalBytesToCopyRemaining = maxAlignedBytes - pullInto.bytesFilled;
      ready = true;
    }
    const queue = c.queue;
    while (totalBytesToCopyRemaining > 0) {
      const head = queuePeek(queue);
      const bytesToCopy = MathMin(totalBytesToCopyRemaining, head.byteLength);
      const destStart = pullInto.byteOffset + pullInto.bytesFilled;
      copyDataBlockBytes(pullInto.buffer, destStart, head.buffer, head.byteOffset, bytesToCopy);
      if (head.byteLength === bytesToCopy) {
        queueShift(queue);
      } else {
        head.byteOffset += bytesToCopy;
        head.byteLength -= bytesToCopy;
      }
      c.queueTotalSize -= bytesToCopy;
      readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesToCopy, pullInto);
      totalBytesToCopyRemaining -= bytesToCopy;
    }
    return ready;
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerfillreadrequestfromqueue
  function readableByteStreamControllerFillReadRequestFromQueue(c, request) {
    const entry = queueShift(c.queue);
    c.queueTotalSize -= entry.byteLength;
    readableByteStreamControllerHandleQueueDrain(c);
    request.chunk(new Uint8ArrayCtor(entry.buffer, entry.byteOffset, entry.byteLength));
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollergetbyobrequest
  function readableByteStreamControllerGetBYOBRequest(c) {
    if (c.byobRequest === null && queueLength(c.pendingPullIntos) > 0) {
      const first = queuePeek(c.pendingPullIntos);
      const view = new Uint8ArrayCtor(first.buffer, first.byteOffset + first.bytesFilled, first.byteLength - first.bytesFilled);
      const request = { __proto__: null, kind: 'ReadableStreamBYOBRequest', obj: undefined, controller: c, view };
      c.byobRequest = bindSlots(request, materialize('ReadableStreamBYOBRequest'));
    }
    return c.byobRequest;
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-get-desired-size
  function readableByteStreamControllerGetDesiredSize(c) {
    const state = c.stream.state;
    if (state === 'errored') return null;
    if (state === 'closed') return 0;
    return c.strategyHWM - c.queueTotalSize;
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-handle-queue-drain
  function readableByteStreamControllerHandleQueueDrain(c) {
    if (c.queueTotalSize === 0 && c.closeRequested) {
      readableByteStreamControllerClearAlgorithms(c);
      readableStreamClose(c.stream);
    } else {
      readableByteStreamControllerCallPullIfNeeded(c);
    }
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-invalidate-byob-request
  function readableByteStreamControllerInvalidateBYOBRequest(c) {
    if (c.byobRequest === null) return;
    const request = WeakMapPrototypeGet(streamSlots, c.byobRequest);
    request.controller = undefined;
    request.view = null;
    c.byobRequest = null;
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-process-pull-into-descriptors-using-queue
  function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c) {
    const filled = [];
    while (queueLength(c.pendingPullIntos) > 0) {
      if (c.queueTotalSize === 0) break;
      const pullInto = queuePeek(c.pendingPullIntos);
      if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, pullInto)) {
        readableByteStreamControllerShiftPendingPullInto(c);
        ArrayAppend(filled, pullInto);
      }
    }
    return filled;
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerprocessreadrequestsusingqueue
  function readableByteStreamControllerProcessReadRequestsUsingQueue(c) {
    const reader = c.stream.reader;
    while (queueLength(reader.readRequests) > 0) {
      if (c.queueTotalSize === 0) return;
      readableByteStreamControllerFillReadRequestFromQueue(c, queueShift(reader.readRequests));
    }
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-into
  function readableByteStreamControllerPullInto(c, view, min, request) {
    const stream = c.stream;
    const kindOfView = viewKind(view);
    const elementSize = kindOfView.size;
    const minimumFill = min * elementSize;
    const byteOffset = viewByteOffset(view);
    const byteLength = viewByteLength(view);
    let buffer;
    try {
      buffer = transferArrayBuffer(viewBuffer(view));
    } catch (e) {
      request.error(e);
      return;
    }
    const pullInto = {
      __proto__: null, buffer, bufferByteLength: ArrayBufferPrototypeGetByteLength(buffer), byteOffset, byteLength,
      bytesFilled: 0, minimumFill, elementSize, viewConstructor: kindOfView.ctor, readerType: 'byob',
    };
    if (queueLength(c.pendingPullIntos) > 0) {
      queuePush(c.pendingPullIntos, pullInto);
      readableStreamAddReadIntoRequest(stream, request);
      return;
    }
    if (stream.state === 'closed') {
      request.close(new pullInto.viewConstructor(pullInto.buffer, pullInto.byteOffset, 0));
      return;
    }
    if (c.queueTotalSize > 0) {
      if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(c, pullInto)) {
        const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullInto);
        readableByteStreamControllerHandleQueueDrain(c);
        request.chunk(filledView);
        return;
      }
      if (c.closeRequested) {
        const e = new TypeErrorCtor('Insufficient bytes to fill elements in the given buffer');
        readableByteStreamControllerError(c, e);
        request.error(e);
        return;
      }
    }
    queuePush(c.pendingPullIntos, pullInto);
    readableStreamAddReadIntoRequest(stream, request);
    readableByteStreamControllerCallPullIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond
  function readableByteStreamControllerRespond(c, bytesWritten) {
    const first = queuePeek(c.pendingPullIntos);
    const state = c.stream.state;
    if (state === 'closed') {
      if (bytesWritten !== 0) throw new TypeErrorCtor('bytesWritten must be 0 when calling respond() on a closed stream');
    } else {
      if (bytesWritten === 0) throw new TypeErrorCtor('bytesWritten must be greater than 0 when calling respond() on a readable stream');
      if (first.bytesFilled + bytesWritten > first.byteLength) throw new RangeErrorCtor('bytesWritten out of range');
    }
    first.buffer = transferArrayBuffer(first.buffer);
    readableByteStreamControllerRespondInternal(c, bytesWritten);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-in-closed-state
  function readableByteStreamControllerRespondInClosedState(c, first) {
    if (first.readerType === 'none') readableByteStreamControllerShiftPendingPullInto(c);
    const stream = c.stream;
    if (readableStreamHasBYOBReader(stream)) {
      const filled = [];
      while (filled.length < readableStreamGetNumReadIntoRequests(stream)) {
        ArrayAppend(filled, readableByteStreamControllerShiftPendingPullInto(c));
      }
      for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(stream, filled[i]);
    }
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-in-readable-state
  function readableByteStreamControllerRespondInReadableState(c, bytesWritten, pullInto) {
    readableByteStreamControllerFillHeadPullIntoDescriptor(c, bytesWritten, pullInto);
    if (pullInto.readerType === 'none') {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(c, pullInto);
      const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
      for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, filled[i]);
      return;
    }
    if (pullInto.bytesFilled < pullInto.minimumFill) return;
    readableByteStreamControllerShiftPendingPullInto(c);
    const remainderSize = pullInto.bytesFilled % pullInto.elementSize;
    if (remainderSize > 0) {
      const end = pullInto.byteOffset + pullInto.bytesFilled;
      readableByteStreamControllerEnqueueClonedChunkToQueue(c, pullInto.buffer, end - remainderSize, remainderSize);
    }
    pullInto.bytesFilled -= remainderSize;
    const filled = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(c);
    readableByteStreamControllerCommitPullIntoDescriptor(c.stream, pullInto);
    for (let i = 0; i < filled.length; i++) readableByteStreamControllerCommitPullIntoDescriptor(c.stream, filled[i]);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-internal
  function readableByteStreamControllerRespondInternal(c, bytesWritten) {
    const first = queuePeek(c.pendingPullIntos);
    readableByteStreamControllerInvalidateBYOBRequest(c);
    if (c.stream.state === 'closed') {
      readableByteStreamControllerRespondInClosedState(c, first);
    } else {
      readableByteStreamControllerRespondInReadableState(c, bytesWritten, first);
    }
    readableByteStreamControllerCallPullIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-with-new-view
  function readableByteStreamControllerRespondWithNewView(c, view) {
    const first = queuePeek(c.pendingPullIntos);
    const state = c.stream.state;
    const byteLength = viewByteLength(view);
    if (state === 'closed') {
      if (byteLength !== 0) throw new TypeErrorCtor('The view\'s length must be 0 when calling respondWithNewView() on a closed stream');
    } else if (byteLength === 0) {
      throw new TypeErrorCtor('The view\'s length must be greater than 0 when calling respondWithNewView() on a readable stream');
    }
    if (first.byteOffset + first.bytesFilled !== viewByteOffset(view)) throw new RangeErrorCtor('The region specified by view does not match byobRequest');
    if (first.bufferByteLength !== ArrayBufferPrototypeGetByteLength(viewBuffer(view))) throw new RangeErrorCtor('The buffer of view has different capacity than byobRequest');
    if (first.bytesFilled + byteLength > first.byteLength) throw new RangeErrorCtor('The region specified by view is larger than byobRequest');
    first.buffer = transferArrayBuffer(viewBuffer(view));
    readableByteStreamControllerRespondInternal(c, byteLength);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-shift-pending-pull-into
  function readableByteStreamControllerShiftPendingPullInto(c) {
    return queueShift(c.pendingPullIntos);
  }
  // https://streams.spec.whatwg.org/#readable-byte-stream-controller-should-call-pull
  function readableByteStreamControllerShouldCallPull(c) {
    const stream = c.stream;
    if (stream.state !== 'readable') return false;
    if (c.closeRequested) return false;
    if (!c.started) return false;
    if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
    if (readableStreamHasBYOBReader(stream) && readableStreamGetNumReadIntoRequests(stream) > 0) return true;
    return readableByteStreamControllerGetDesiredSize(c) > 0;
  }
  // https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller
  function setUpReadableByteStreamController(stream, c, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
    c.stream = stream;
    c.pullAgain = false;
    c.pulling = false;
    c.byobRequest = null;
    resetQueue(c);
    c.closeRequested = false;
    c.started = false;
    c.strategyHWM = highWaterMark;
    c.pullAlgorithm = pullAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
    c.autoAllocateChunkSize = autoAllocateChunkSize;
    c.pendingPullIntos = newQueue();
    stream.controller = c;
    const startResult = startAlgorithm();
    uponPromise(promiseResolvedWith(startResult), () => {
      c.started = true;
      readableByteStreamControllerCallPullIfNeeded(c);
    }, (r) => readableByteStreamControllerError(c, r));
  }
  // https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller-from-underlying-source
  function setUpReadableByteStreamControllerFromUnderlyingSource(stream, source, dict, highWaterMark, operation, iface) {
    const c = newByteControllerSlots();
    const controller = bindSlots(c, materialize('ReadableByteStreamController'));
    const startAlgorithm = dict.start === undefined ? noop : () => ReflectApply(dict.start, source, [controller]);
    const pullAlgorithm = promiseAlgorithm(dict.pull, source, resolvedUndefined);
    const pull = dict.pull === undefined ? pullAlgorithm : () => pullAlgorithm(controller);
    const cancelAlgorithm = promiseAlgorithm(dict.cancel, source, resolvedUndefined);
    const autoAllocateChunkSize = dict.autoAllocateChunkSize;
    if (autoAllocateChunkSize === 0) throw new TypeErrorCtor(`${failedTo(operation, iface)}: autoAllocateChunkSize must be greater than 0`);
    setUpReadableByteStreamController(stream, c, startAlgorithm, pull, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
  }
  // https://streams.spec.whatwg.org/#rbs-controller-private-cancel ("[[CancelSteps]]")
  function readableByteStreamControllerCancelSteps(c, reason) {
    readableByteStreamControllerClearPendingPullIntos(c);
    resetQueue(c);
    const result = c.cancelAlgorithm(reason);
    readableByteStreamControllerClearAlgorithms(c);
    return result;
  }
  // https://streams.spec.whatwg.org/#rbs-controller-private-pull ("[[PullSteps]]")
  function readableByteStreamControllerPullSteps(c, request) {
    const stream = c.stream;
    if (c.queueTotalSize > 0) {
      readableByteStreamControllerFillReadRequestFromQueue(c, request);
      return;
    }
    const autoAllocateChunkSize = c.autoAllocateChunkSize;
    if (autoAllocateChunkSize !== undefined) {
      let buffer;
      try {
        buffer = new ArrayBufferCtor(autoAllocateChunkSize);
      } catch (e) {
        request.error(e);
        return;
      }
      queuePush(c.pendingPullIntos, {
        __proto__: null, buffer, bufferByteLength: autoAllocateChunkSize, byteOffset: 0, byteLength: autoAllocateChunkSize,
        bytesFilled: 0, minimumFill: 1, elementSize: 1, viewConstructor: Uint8ArrayCtor, readerType: 'default',
      });
    }
    readableStreamAddReadRequest(stream, request);
    readableByteStreamControllerCallPullIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontroller-releasesteps ("[[ReleaseSteps]]")
  function readableByteStreamControllerReleaseSteps(c) {
    if (queueLength(c.pendingPullIntos) > 0) {
      const first = queuePeek(c.pendingPullIntos);
      first.readerType = 'none';
      c.pendingPullIntos = newQueue();
      queuePush(c.pendingPullIntos, first);
    }
  }

  // --- Tee ----------------------------------------------------------------------------

  // https://streams.spec.whatwg.org/#readable-stream-tee ("ReadableStreamTee")
  function readableStreamTee(stream, cloneForBranch2) {
    if (stream.controller.kind === 'ReadableByteStreamController') return readableByteStreamTee(stream);
    return readableStreamDefaultTee(stream, cloneForBranch2);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaulttee
  function readableStreamDefaultTee(stream, cloneForBranch2) {
    const reader = acquireReadableStreamDefaultReader(stream);
    let reading = false;
    let readAgain = false;
    let canceled1 = false;
    let canceled2 = false;
    let reason1;
    let reason2;
    let branch1;
    let branch2;
    const cancelCap = newCap();
    function pullAlgorithm() {
      if (reading) {
        readAgain = true;
        return promiseResolvedWith(undefined);
      }
      reading = true;
      readableStreamDefaultReaderRead(reader, readRequest((chunk) => {
        QueueMicrotask(() => {
          readAgain = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled2 && cloneForBranch2) {
            try {
              chunk2 = structuredCloneValue(chunk);
            } catch (e) {
              readableStreamDefaultControllerError(branch1.controller, e);
              readableStreamDefaultControllerError(branch2.controller, e);
              settleCapWith(cancelCap, readableStreamCancel(stream, e));
              return;
            }
          }
          if (!canceled1) readableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) readableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      }, () => {
        reading = false;
        if (!canceled1) readableStreamDefaultControllerClose(branch1.controller);
        if (!canceled2) readableStreamDefaultControllerClose(branch2.controller);
        if (!canceled1 || !canceled2) resolveCap(cancelCap, undefined);
      }, () => {
        reading = false;
      }));
      return promiseResolvedWith(undefined);
    }
    function cancel1Algorithm(reason) {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) settleCapWith(cancelCap, readableStreamCancel(stream, [reason1, reason2]));
      return cancelCap.promise;
    }
    function cancel2Algorithm(reason) {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) settleCapWith(cancelCap, readableStreamCancel(stream, [reason1, reason2]));
      return cancelCap.promise;
    }
    branch1 = createReadableStream(noop, pullAlgorithm, cancel1Algorithm);
    branch2 = createReadableStream(noop, pullAlgorithm, cancel2Algorithm);
    uponPromise(reader.closed.promise, undefined, (r) => {
      readableStreamDefaultControllerError(branch1.controller, r);
      readableStreamDefaultControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) resolveCap(cancelCap, undefined);
    });
    return [branch1, branch2];
  }
  // StructuredClone(chunk) for a tee's second branch: bytes are copied here;
  // anything else goes through the host's serializer.
  function structuredCloneValue(value) {
    if (ArrayBufferIsView(value) && isTypedArray(value) && TypedArrayPrototypeGetSymbolToStringTag(value) === 'Uint8Array') {
      return cloneAsUint8Array(value);
    }
    return ops.structuredCloneRoundTrip(value, [], [], []);
  }
  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamtee
  function readableByteStreamTee(stream) {
    let reader = acquireReadableStreamDefaultReader(stream);
    let reading = false;
    let readAgainForBranch1 = false;
    let readAgainForBranch2 = false;
    let canceled1 = false;
    let canceled2 = false;
    let reason1;
    let reason2;
    let branch1;
    let branch2;
    const cancelCap = newCap();
    function forwardReaderError(thisReader) {
      uponPromise(thisReader.closed.promise, undefined, (r) => {
        if (thisReader !== reader) return;
        readableByteStreamControllerError(branch1.controller, r);
        readableByteStreamControllerError(branch2.controller, r);
        if (!canceled1 || !canceled2) resolveCap(cancelCap, undefined);
      });
    }
    function pullWithDefaultReader() {
      if (reader.kind === 'ReadableStreamBYOBReader') {
        readableStreamBYOBReaderRelease(reader);
        reader = acquireReadableStreamDefaultReader(stream);
        forwardReaderError(reader);
      }
      readableStreamDefaultReaderRead(reader, readRequest((chunk) => {
        QueueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (e) {
              readableByteStreamControllerError(branch1.controller, e);
              readableByteStreamControllerError(branch2.controller, e);
              settleCapWith(cancelCap, readableStreamCancel(stream, e));
              return;
            }
          }
          if (!canceled1) readableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) readableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      }, () => {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(branch1.controller);
        if (!canceled2) readableByteStreamControllerClose(branch2.controller);
        if (queueLength(branch1.controller.pendingPullIntos) > 0) readableByteStreamControllerRespond(branch1.controller, 0);
        if (queueLength(branch2.controller.pendingPullIntos) > 0) readableByteStreamControllerRespond(branch2.controller, 0);
        if (!canceled1 || !canceled2) resolveCap(cancelCap, undefined);
      }, () => {
        reading = false;
      }));
    }
    function pullWithBYOBReader(view, forBranch2) {
      if (reader.kind === 'ReadableStreamDefaultReader') {
        readableStreamDefaultReaderRelease(reader);
        reader = acquireReadableStreamBYOBReader(stream);
        forwardReaderError(reader);
      }
      const byobBranch = forBranch2 ? branch2 : branch1;
      const otherBranch = forBranch2 ? branch1 : branch2;
      readableStreamBYOBReaderRead(reader, view, 1, readRequest((chunk) => {
        QueueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (e) {
              readableByteStreamControllerError(byobBranch.controller, e);
              readableByteStreamControllerError(otherBranch.controller, e);
              settleCapWith(cancelCap, readableStreamCancel(stream, e));
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            readableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      }, (chunk) => {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) readableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && queueLength(otherBranch.controller.pendingPullIntos) > 0) {
            readableByteStreamControllerRespond(otherBranch.controller, 0);
          }
        }
        if (!byobCanceled || !otherCanceled) resolveCap(cancelCap, undefined);
      }, () => {
        reading = false;
      }));
    }
    function pull1Algorithm() {
      if (reading) {
        readAgainForBranch1 = true;
        return promiseResolvedWith(undefined);
      }
      reading = true;
      const request = readableByteStreamControllerGetBYOBRequest(branch1.controller);
      if (request === null) pullWithDefaultReader();
      else pullWithBYOBReader(WeakMapPrototypeGet(streamSlots, request).view, false);
      return promiseResolvedWith(undefined);
    }
    function pull2Algorithm() {
      if (reading) {
        readAgainForBranch2 = true;
        return promiseResolvedWith(undefined);
      }
      reading = true;
      const request = readableByteStreamControllerGetBYOBRequest(branch2.controller);
      if (request === null) pullWithDefaultReader();
      else pullWithBYOBReader(WeakMapPrototypeGet(streamSlots, request).view, true);
      return promiseResolvedWith(undefined);
    }
    function cancel1Algorithm(reason) {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) settleCapWith(cancelCap, readableStreamCancel(stream, [reason1, reason2]));
      return cancelCap.promise;
    }
    function cancel2Algorithm(reason) {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) settleCapWith(cancelCap, readableStreamCancel(stream, [reason1, reason2]));
      return cancelCap.promise;
    }
    branch1 = createReadableByteStream(noop, pull1Algorithm, cancel1Algorithm);
    branch2 = createReadableByteStream(noop, pull2Algorithm, cancel2Algorithm);
    forwardReaderError(reader);
    return [branch1, branch2];
  }

  // --- Pipes ---------------------------------------------------------------------------

  // https://streams.spec.whatwg.org/#readable-stream-pipe-to ("ReadableStreamPipeTo")
  function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal = undefined) {
    const reader = acquireReadableStreamDefaultReader(source);
    const writer = acquireWritableStreamDefaultWriter(dest);
    source.disturbed = true;
    let shuttingDown = false;
    let currentWrite = promiseResolvedWith(undefined);
    const result = newCap();
    let abortAlgorithm;
    if (signal !== undefined) {
      abortAlgorithm = () => {
        if (abortAlgorithm === undefined) return;
        const error = abortReason(signal);
        const actions = [];
        if (!preventAbort) {
          ArrayAppend(actions, () => (dest.state === 'writable' ? writableStreamAbort(dest, error) : promiseResolvedWith(undefined)));
        }
        if (!preventCancel) {
          ArrayAppend(actions, () => (source.state === 'readable' ? readableStreamCancel(source, error) : promiseResolvedWith(undefined)));
        }
        shutdownWithAction(() => waitForAll(actions), true, error);
      };
      if (isAborted(signal)) {
        abortAlgorithm();
        return result.promise;
      }
      addAbortAlgorithm(signal, () => { if (abortAlgorithm !== undefined) abortAlgorithm(); });
    }
    // Each step waits for the writer to be ready, then reads one chunk and
    // writes it (callbacks, not a promise chain: resolving a promise with a
    // promise would look up its `then`).
    function pipeStep() {
      if (shuttingDown) return;
      uponPromise(writer.ready.promise, () => {
        if (shuttingDown) return;
        readableStreamDefaultReaderRead(reader, readRequest((chunk) => {
          currentWrite = transformPromise(writableStreamDefaultWriterWrite(writer, chunk), undefined, noop);
          pipeStep();
        }, noop, noop));
      });
    }
    function isOrBecomesErrored(stream, promise, action) {
      if (stream.state === 'errored') action(stream.storedError);
      else uponPromise(promise, undefined, action);
    }
    function isOrBecomesClosed(stream, promise, action) {
      if (stream.state === 'closed') action();
      else uponPromise(promise, action);
    }
    function waitForWritesToFinish(then) {
      const oldCurrentWrite = currentWrite;
      uponPromise(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish(then) : then()));
    }
    function shutdownWithAction(action, originalIsError = false, originalError = undefined) {
      if (shuttingDown) return;
      shuttingDown = true;
      const doTheRest = () => {
        uponPromise(action(), () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
      };
      if (dest.state === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
        waitForWritesToFinish(doTheRest);
      } else {
        doTheRest();
      }
    }
    function shutdown(isError = false, error = undefined) {
      if (shuttingDown) return;
      shuttingDown = true;
      if (dest.state === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
        waitForWritesToFinish(() => finalize(isError, error));
      } else {
        finalize(isError, error);
      }
    }
    function finalize(isError, error) {
      writableStreamDefaultWriterRelease(writer);
      readableStreamDefaultReaderRelease(reader);
      abortAlgorithm = undefined;
      if (isError) rejectCap(result, error);
      else resolveCap(result, undefined);
    }
    isOrBecomesErrored(source, reader.closed.promise, (storedError) => {
      if (!preventAbort) shutdownWithAction(() => writableStreamAbort(dest, storedError), true, storedError);
      else shutdown(true, storedError);
    });
    isOrBecomesErrored(dest, writer.closed.promise, (storedError) => {
      if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, storedError), true, storedError);
      else shutdown(true, storedError);
    });
    isOrBecomesClosed(source, reader.closed.promise, () => {
      if (!preventClose) shutdownWithAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
      else shutdown();
    });
    if (writableStreamCloseQueuedOrInFlight(dest) || dest.state === 'closed') {
      const destClosed = new TypeErrorCtor('the destination writable stream closed before all data could be piped to it');
      if (!preventCancel) shutdownWithAction(() => readableStreamCancel(source, destClosed), true, destClosed);
      else shutdown(true, destClosed);
    }
    pipeStep();
    return result.promise;
  }
  // https://webidl.spec.whatwg.org/#wait-for-all ("getting a promise to wait for all")
  function waitForAll(actions) {
    const promises = [];
    for (let i = 0; i < actions.length; i++) ArrayAppend(promises, actions[i]());
    const cap = newCap();
    let remaining = promises.length;
    if (remaining === 0) resolveCap(cap, undefined);
    for (let i = 0; i < promises.length; i++) {
      uponPromise(promises[i], () => {
        remaining--;
        if (remaining === 0) resolveCap(cap, undefined);
      }, (e) => rejectCap(cap, e));
    }
    return cap.promise;
  }
  // StreamPipeOptions: { preventAbort, preventCancel, preventClose, signal }.
  function toStreamPipeOptions(value, operation, iface) {
    const dict = toDictionary(value, 'StreamPipeOptions', operation, iface);
    const preventAbort = !!dict.preventAbort;
    const preventCancel = !!dict.preventCancel;
    const preventClose = !!dict.preventClose;
    const signal = dict.signal;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new TypeErrorCtor(`${failedTo(operation, iface)}: Failed to read the 'signal' property from 'StreamPipeOptions': Failed to convert value to 'AbortSignal'.`);
    }
    return { __proto__: null, preventAbort, preventCancel, preventClose, signal };
  }

  // --- ReadableStream.from -----------------------------------------------------------------

  // https://streams.spec.whatwg.org/#readable-stream-from-iterable ("ReadableStreamFromIterable")
  function readableStreamFromIterable(asyncIterable) {
    const iteratorRecord = getAsyncIterator(asyncIterable);
    let stream;
    const pullAlgorithm = () => {
      let nextResult;
      try {
        nextResult = ReflectApply(iteratorRecord.next, iteratorRecord.iterator, []);
      } catch (e) {
        return promiseRejectedWith(e);
      }
      return transformPromise(promiseResolvedWith(nextResult), (iterResult) => {
        if (typeof iterResult !== 'object' || iterResult === null) throw new TypeErrorCtor('The promise returned by the iterator.next() method must fulfill with an object');
        if (iterResult.done) readableStreamDefaultControllerClose(stream.controller);
        else readableStreamDefaultControllerEnqueue(stream.controller, iterResult.value);
      });
    };
    const cancelAlgorithm = (reason) => {
      const iterator = iteratorRecord.iterator;
      let returnMethod;
      let returnResult;
      try {
        returnMethod = iterator.return;
        if (returnMethod === undefined || returnMethod === null) return promiseResolvedWith(undefined);
        if (typeof returnMethod !== 'function') throw new TypeErrorCtor('iterator.return is not a function');
        returnResult = ReflectApply(returnMethod, iterator, [reason]);
      } catch (e) {
        return promiseRejectedWith(e);
      }
      return transformPromise(promiseResolvedWith(returnResult), (iterResult) => {
        if (typeof iterResult !== 'object' || iterResult === null) throw new TypeErrorCtor('The promise returned by the iterator.return() method must fulfill with an object');
      });
    };
    stream = createReadableStream(noop, pullAlgorithm, cancelAlgorithm, 0);
    return stream;
  }
  // https://tc39.es/ecma262/#sec-getiterator with kind async: the object's
  // @@asyncIterator, else its @@iterator wrapped as CreateAsyncFromSyncIterator does.
  function getAsyncIterator(obj) {
    let method = obj === undefined || obj === null ? undefined : obj[SymbolAsyncIterator];
    if (method === undefined || method === null) {
      const syncMethod = obj === undefined || obj === null ? undefined : obj[SymbolIterator];
      if (typeof syncMethod !== 'function') throw new TypeErrorCtor('ReadableStream.from: the argument is not async iterable');
      const syncIterator = ReflectApply(syncMethod, obj, []);
      if (typeof syncIterator !== 'object' || syncIterator === null) throw new TypeErrorCtor('Result of the Symbol.iterator method is not an object');
      return asyncFromSyncIterator(syncIterator, syncIterator.next);
    }
    if (typeof method !== 'function') throw new TypeErrorCtor('ReadableStream.from: Symbol.asyncIterator is not a function');
    const iterator = ReflectApply(method, obj, []);
    if (typeof iterator !== 'object' || iterator === null) throw new TypeErrorCtor('Result of the Symbol.asyncIterator method is not an object');
    return { __proto__: null, iterator, next: iterator.next };
  }
  // https://tc39.es/ecma262/#sec-createasyncfromsynciterator
  function asyncFromSyncIterator(syncIterator, syncNext) {
    const continuation = (result) => {
      if (typeof result !== 'object' || result === null) throw new TypeErrorCtor('iterator result is not an object');
      const done = !!result.done;
      return transformPromise(promiseResolvedWith(result.value), (value) => ({ value, done }));
    };
    const iterator = {
      __proto__: null,
      next(value) {
        return promiseCall(() => continuation(ReflectApply(syncNext, syncIterator, [value])));
      },
      return(value) {
        return promiseCall(() => {
          const ret = syncIterator.return;
          if (ret === undefined || ret === null) return promiseResolvedWith({ value, done: true });
          return continuation(ReflectApply(ret, syncIterator, [value]));
        });
      },
    };
    return { __proto__: null, iterator, next: iterator.next };
  }

  // --- WritableStream -------------------------------------------------------------------

  // https://streams.spec.whatwg.org/#initialize-writable-stream
  function newWritableStreamSlots() {
    return {
      __proto__: null, kind: 'WritableStream', obj: undefined,
      state: 'writable', storedError: undefined, writer: undefined, controller: undefined,
      inFlightWriteRequest: undefined, closeRequest: undefined, inFlightCloseRequest: undefined,
      pendingAbortRequest: undefined, writeRequests: newQueue(), backpressure: false,
    };
  }
  // https://streams.spec.whatwg.org/#acquire-writable-stream-default-writer
  function acquireWritableStreamDefaultWriter(stream) {
    const writer = newWriterSlots();
    setUpWritableStreamDefaultWriter(writer, stream);
    bindSlots(writer, materialize('WritableStreamDefaultWriter'));
    return writer;
  }
  // https://streams.spec.whatwg.org/#create-writable-stream ("CreateWritableStream")
  function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
    const stream = newWritableStreamSlots();
    bindSlots(stream, materialize('WritableStream'));
    const c = newWritableControllerSlots();
    bindSlots(c, materialize('WritableStreamDefaultController'));
    setUpWritableStreamDefaultController(stream, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
    return stream;
  }
  function isWritableStreamLocked(stream) {
    return stream.writer !== undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-abort ("WritableStreamAbort")
  function writableStreamAbort(stream, reason) {
    if (stream.state === 'closed' || stream.state === 'errored') return promiseResolvedWith(undefined);
    signalAbort(stream.controller.signal, reason);
    const state = stream.state;
    if (state === 'closed' || state === 'errored') return promiseResolvedWith(undefined);
    if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.cap.promise;
    let wasAlreadyErroring = false;
    if (state === 'erroring') {
      wasAlreadyErroring = true;
      reason = undefined;
    }
    const cap = newCap();
    stream.pendingAbortRequest = { __proto__: null, cap, reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
    return cap.promise;
  }
  // https://streams.spec.whatwg.org/#writable-stream-close ("WritableStreamClose")
  function writableStreamClose(stream) {
    const state = stream.state;
    if (state === 'closed' || state === 'errored') {
      return promiseRejectedWith(new TypeErrorCtor(`The stream is not in the writable state and cannot be closed`));
    }
    const cap = newCap();
    stream.closeRequest = cap;
    const writer = stream.writer;
    if (writer !== undefined && stream.backpressure && state === 'writable') resolveCap(writer.ready, undefined);
    writableStreamDefaultControllerClose(stream.controller);
    return cap.promise;
  }
  // https://streams.spec.whatwg.org/#writable-stream-add-write-request
  function writableStreamAddWriteRequest(stream) {
    const cap = newCap();
    queuePush(stream.writeRequests, cap);
    return cap.promise;
  }
  // https://streams.spec.whatwg.org/#writable-stream-close-queued-or-in-flight
  function writableStreamCloseQueuedOrInFlight(stream) {
    return stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-deal-with-rejection
  function writableStreamDealWithRejection(stream, error) {
    if (stream.state === 'writable') {
      writableStreamStartErroring(stream, error);
      return;
    }
    writableStreamFinishErroring(stream);
  }
  // https://streams.spec.whatwg.org/#writable-stream-finish-erroring
  function writableStreamFinishErroring(stream) {
    stream.state = 'errored';
    stream.controller.errorSteps(stream.controller);
    const storedError = stream.storedError;
    const writeRequests = stream.writeRequests;
    stream.writeRequests = newQueue();
    while (queueLength(writeRequests) > 0) rejectCap(queueShift(writeRequests), storedError);
    if (stream.pendingAbortRequest === undefined) {
      writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
      return;
    }
    const abortRequest = stream.pendingAbortRequest;
    stream.pendingAbortRequest = undefined;
    if (abortRequest.wasAlreadyErroring) {
      rejectCap(abortRequest.cap, storedError);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
      return;
    }
    const promise = stream.controller.abortSteps(stream.controller, abortRequest.reason);
    uponPromise(promise, () => {
      resolveCap(abortRequest.cap, undefined);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    }, (reason) => {
      rejectCap(abortRequest.cap, reason);
      writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    });
  }
  // https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close
  function writableStreamFinishInFlightClose(stream) {
    resolveCap(stream.inFlightCloseRequest, undefined);
    stream.inFlightCloseRequest = undefined;
    if (stream.state === 'erroring') {
      stream.storedError = undefined;
      if (stream.pendingAbortRequest !== undefined) {
        resolveCap(stream.pendingAbortRequest.cap, undefined);
        stream.pendingAbortRequest = undefined;
      }
    }
    stream.state = 'closed';
    const writer = stream.writer;
    if (writer !== undefined) resolveCap(writer.closed, undefined);
  }
  // https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close-with-error
  function writableStreamFinishInFlightCloseWithError(stream, error) {
    rejectCap(stream.inFlightCloseRequest, error);
    stream.inFlightCloseRequest = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      rejectCap(stream.pendingAbortRequest.cap, error);
      stream.pendingAbortRequest = undefined;
    }
    writableStreamDealWithRejection(stream, error);
  }
  // https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write
  function writableStreamFinishInFlightWrite(stream) {
    resolveCap(stream.inFlightWriteRequest, undefined);
    stream.inFlightWriteRequest = undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write-with-error
  function writableStreamFinishInFlightWriteWithError(stream, error) {
    rejectCap(stream.inFlightWriteRequest, error);
    stream.inFlightWriteRequest = undefined;
    writableStreamDealWithRejection(stream, error);
  }
  // https://streams.spec.whatwg.org/#writable-stream-has-operation-marked-in-flight
  function writableStreamHasOperationMarkedInFlight(stream) {
    return stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-mark-close-request-in-flight
  function writableStreamMarkCloseRequestInFlight(stream) {
    stream.inFlightCloseRequest = stream.closeRequest;
    stream.closeRequest = undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-mark-first-write-request-in-flight
  function writableStreamMarkFirstWriteRequestInFlight(stream) {
    stream.inFlightWriteRequest = queueShift(stream.writeRequests);
  }
  // https://streams.spec.whatwg.org/#writable-stream-reject-close-and-closed-promise-if-needed
  function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
    if (stream.closeRequest !== undefined) {
      rejectCap(stream.closeRequest, stream.storedError);
      stream.closeRequest = undefined;
    }
    const writer = stream.writer;
    if (writer !== undefined) {
      rejectCap(writer.closed, stream.storedError);
      markHandled(writer.closed.promise);
    }
  }
  // https://streams.spec.whatwg.org/#writable-stream-start-erroring
  function writableStreamStartErroring(stream, reason) {
    const controller = stream.controller;
    stream.state = 'erroring';
    stream.storedError = reason;
    const writer = stream.writer;
    if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
    if (!writableStreamHasOperationMarkedInFlight(stream) && controller.started) writableStreamFinishErroring(stream);
  }
  // https://streams.spec.whatwg.org/#writable-stream-update-backpressure
  function writableStreamUpdateBackpressure(stream, backpressure) {
    const writer = stream.writer;
    if (writer !== undefined && backpressure !== stream.backpressure) {
      if (backpressure) writer.ready = newCap();
      else resolveCap(writer.ready, undefined);
    }
    stream.backpressure = backpressure;
  }

  // --- WritableStreamDefaultWriter ------------------------------------------------------------

  function newWriterSlots() {
    return { __proto__: null, kind: 'WritableStreamDefaultWriter', obj: undefined, stream: undefined, ready: undefined, closed: undefined };
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-abort
  function writableStreamDefaultWriterAbort(writer, reason) {
    return writableStreamAbort(writer.stream, reason);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-close
  function writableStreamDefaultWriterClose(writer) {
    return writableStreamClose(writer.stream);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-close-with-error-propagation
  function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
    const stream = writer.stream;
    const state = stream.state;
    if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') return promiseResolvedWith(undefined);
    if (state === 'errored') return promiseRejectedWith(stream.storedError);
    return writableStreamDefaultWriterClose(writer);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-closed-promise-rejected
  function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
    if (writer.closed.pending) rejectCap(writer.closed, error);
    else writer.closed = rejectedCap(error);
    markHandled(writer.closed.promise);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-ready-promise-rejected
  function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
    if (writer.ready.pending) rejectCap(writer.ready, error);
    else writer.ready = rejectedCap(error);
    markHandled(writer.ready.promise);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-get-desired-size
  function writableStreamDefaultWriterGetDesiredSize(writer) {
    const stream = writer.stream;
    const state = stream.state;
    if (state === 'errored' || state === 'erroring') return null;
    if (state === 'closed') return 0;
    return writableStreamDefaultControllerGetDesiredSize(stream.controller);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-release
  function writableStreamDefaultWriterRelease(writer) {
    const stream = writer.stream;
    const releasedError = new TypeErrorCtor('This writable stream writer has been released and cannot be used to monitor the stream\'s state');
    writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
    writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
    stream.writer = undefined;
    writer.stream = undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-writer-write
  function writableStreamDefaultWriterWrite(writer, chunk) {
    const stream = writer.stream;
    const controller = stream.controller;
    const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
    if (stream !== writer.stream) return promiseRejectedWith(new TypeErrorCtor('This writer has been released'));
    const state = stream.state;
    if (state === 'errored') return promiseRejectedWith(stream.storedError);
    if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
      return promiseRejectedWith(new TypeErrorCtor('The stream is closing or closed and cannot be written to'));
    }
    if (state === 'erroring') return promiseRejectedWith(stream.storedError);
    const promise = writableStreamAddWriteRequest(stream);
    writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
    return promise;
  }
  // https://streams.spec.whatwg.org/#set-up-writable-stream-default-writer
  function setUpWritableStreamDefaultWriter(writer, stream) {
    if (isWritableStreamLocked(stream)) throw new TypeErrorCtor('This stream has already been locked for exclusive writing by another writer');
    writer.stream = stream;
    stream.writer = writer;
    const state = stream.state;
    if (state === 'writable') {
      writer.ready = !writableStreamCloseQueuedOrInFlight(stream) && stream.backpressure ? newCap() : resolvedCap(undefined);
      writer.closed = newCap();
    } else if (state === 'erroring') {
      writer.ready = rejectedCap(stream.storedError);
      markHandled(writer.ready.promise);
      writer.closed = newCap();
    } else if (state === 'closed') {
      writer.ready = resolvedCap(undefined);
      writer.closed = resolvedCap(undefined);
    } else {
      writer.ready = rejectedCap(stream.storedError);
      markHandled(writer.ready.promise);
      writer.closed = rejectedCap(stream.storedError);
      markHandled(writer.closed.promise);
    }
  }

  // --- WritableStreamDefaultController ------------------------------------------------------

  // The close sentinel in a writable controller's queue.
  const closeSentinel = { __proto__: null };
  function newWritableControllerSlots() {
    return {
      __proto__: null, kind: 'WritableStreamDefaultController', obj: undefined, stream: undefined,
      queue: newQueue(), queueTotalSize: 0, signal: undefined, started: false,
      strategySizeAlgorithm: undefined, strategyHWM: 1,
      writeAlgorithm: undefined, closeAlgorithm: undefined, abortAlgorithm: undefined,
      abortSteps: writableStreamDefaultControllerAbortSteps,
      errorSteps: resetQueue,
    };
  }
  // https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller
  function setUpWritableStreamDefaultController(stream, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
    c.stream = stream;
    stream.controller = c;
    resetQueue(c);
    c.signal = newAbortSignal();
    c.started = false;
    c.strategySizeAlgorithm = sizeAlgorithm;
    c.strategyHWM = highWaterMark;
    c.writeAlgorithm = writeAlgorithm;
    c.closeAlgorithm = closeAlgorithm;
    c.abortAlgorithm = abortAlgorithm;
    writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(c));
    const startResult = startAlgorithm();
    uponPromise(promiseResolvedWith(startResult), () => {
      c.started = true;
      writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
    }, (r) => {
      c.started = true;
      writableStreamDealWithRejection(stream, r);
    });
  }
  // https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller-from-underlying-sink
  function setUpWritableStreamDefaultControllerFromUnderlyingSink(stream, sink, dict, highWaterMark, sizeAlgorithm) {
    const c = newWritableControllerSlots();
    const controller = bindSlots(c, materialize('WritableStreamDefaultController'));
    const startAlgorithm = dict.start === undefined ? noop : () => ReflectApply(dict.start, sink, [controller]);
    const write = promiseAlgorithm(dict.write, sink, resolvedUndefined);
    const writeAlgorithm = dict.write === undefined ? write : (chunk) => write(chunk, controller);
    const closeAlgorithm = promiseAlgorithm(dict.close, sink, resolvedUndefined);
    const abortAlgorithm = promiseAlgorithm(dict.abort, sink, resolvedUndefined);
    setUpWritableStreamDefaultController(stream, c, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-advance-queue-if-needed
  function writableStreamDefaultControllerAdvanceQueueIfNeeded(c) {
    const stream = c.stream;
    if (!c.started) return;
    if (stream.inFlightWriteRequest !== undefined) return;
    if (stream.state === 'erroring') {
      writableStreamFinishErroring(stream);
      return;
    }
    if (queueLength(c.queue) === 0) return;
    const value = peekQueueValue(c);
    if (value === closeSentinel) writableStreamDefaultControllerProcessClose(c);
    else writableStreamDefaultControllerProcessWrite(c, value);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-clear-algorithms
  function writableStreamDefaultControllerClearAlgorithms(c) {
    c.writeAlgorithm = undefined;
    c.closeAlgorithm = undefined;
    c.abortAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-close
  function writableStreamDefaultControllerClose(c) {
    enqueueValueWithSize(c, closeSentinel, 0);
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-error
  function writableStreamDefaultControllerError(c, error) {
    writableStreamDefaultControllerClearAlgorithms(c);
    writableStreamStartErroring(c.stream, error);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-error-if-needed
  function writableStreamDefaultControllerErrorIfNeeded(c, error) {
    if (c.stream.state === 'writable') writableStreamDefaultControllerError(c, error);
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-get-backpressure
  function writableStreamDefaultControllerGetBackpressure(c) {
    return writableStreamDefaultControllerGetDesiredSize(c) <= 0;
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-get-chunk-size
  function writableStreamDefaultControllerGetChunkSize(c, chunk) {
    if (c.strategySizeAlgorithm === undefined) return 1;
    try {
      return c.strategySizeAlgorithm(chunk);
    } catch (e) {
      writableStreamDefaultControllerErrorIfNeeded(c, e);
      return 1;
    }
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-get-desired-size
  function writableStreamDefaultControllerGetDesiredSize(c) {
    return c.strategyHWM - c.queueTotalSize;
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-process-close
  function writableStreamDefaultControllerProcessClose(c) {
    const stream = c.stream;
    writableStreamMarkCloseRequestInFlight(stream);
    dequeueValue(c);
    const sinkClosePromise = c.closeAlgorithm();
    writableStreamDefaultControllerClearAlgorithms(c);
    uponPromise(sinkClosePromise, () => writableStreamFinishInFlightClose(stream),
      (reason) => writableStreamFinishInFlightCloseWithError(stream, reason));
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-process-write
  function writableStreamDefaultControllerProcessWrite(c, chunk) {
    const stream = c.stream;
    writableStreamMarkFirstWriteRequestInFlight(stream);
    uponPromise(c.writeAlgorithm(chunk), () => {
      writableStreamFinishInFlightWrite(stream);
      const state = stream.state;
      dequeueValue(c);
      if (!writableStreamCloseQueuedOrInFlight(stream) && state === 'writable') {
        writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(c));
      }
      writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
    }, (reason) => {
      if (stream.state === 'writable') writableStreamDefaultControllerClearAlgorithms(c);
      writableStreamFinishInFlightWriteWithError(stream, reason);
    });
  }
  // https://streams.spec.whatwg.org/#writable-stream-default-controller-write
  function writableStreamDefaultControllerWrite(c, chunk, chunkSize) {
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (e) {
      writableStreamDefaultControllerErrorIfNeeded(c, e);
      return;
    }
    const stream = c.stream;
    if (!writableStreamCloseQueuedOrInFlight(stream) && stream.state === 'writable') {
      writableStreamUpdateBackpressure(stream, writableStreamDefaultControllerGetBackpressure(c));
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(c);
  }
  // https://streams.spec.whatwg.org/#ws-default-controller-private-abort ("[[AbortSteps]]")
  function writableStreamDefaultControllerAbortSteps(c, reason) {
    const result = c.abortAlgorithm(reason);
    writableStreamDefaultControllerClearAlgorithms(c);
    return result;
  }

  // --- TransformStream ---------------------------------------------------------------------

  function newTransformStreamSlots() {
    return {
      __proto__: null, kind: 'TransformStream', obj: undefined, readable: undefined, writable: undefined,
      backpressure: undefined, backpressureChange: undefined, controller: undefined,
    };
  }
  // https://streams.spec.whatwg.org/#initialize-transform-stream
  function initializeTransformStream(stream, startCap, writableHWM, writableSize, readableHWM, readableSize) {
    const startAlgorithm = () => startCap.promise;
    stream.writable = createWritableStream(startAlgorithm,
      (chunk) => transformStreamDefaultSinkWriteAlgorithm(stream, chunk),
      () => transformStreamDefaultSinkCloseAlgorithm(stream),
      (reason) => transformStreamDefaultSinkAbortAlgorithm(stream, reason),
      writableHWM, writableSize);
    stream.readable = createReadableStream(startAlgorithm,
      () => transformStreamDefaultSourcePullAlgorithm(stream),
      (reason) => transformStreamDefaultSourceCancelAlgorithm(stream, reason),
      readableHWM, readableSize);
    stream.backpressure = undefined;
    stream.backpressureChange = undefined;
    transformStreamSetBackpressure(stream, true);
    stream.controller = undefined;
  }
  // https://streams.spec.whatwg.org/#transform-stream-error
  function transformStreamError(stream, e) {
    readableStreamDefaultControllerError(stream.readable.controller, e);
    transformStreamErrorWritableAndUnblockWrite(stream, e);
  }
  // https://streams.spec.whatwg.org/#transform-stream-error-writable-and-unblock-write
  function transformStreamErrorWritableAndUnblockWrite(stream, e) {
    transformStreamDefaultControllerClearAlgorithms(stream.controller);
    writableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
    transformStreamUnblockWrite(stream);
  }
  // https://streams.spec.whatwg.org/#transform-stream-unblock-write
  function transformStreamUnblockWrite(stream) {
    if (stream.backpressure) transformStreamSetBackpressure(stream, false);
  }
  // https://streams.spec.whatwg.org/#transform-stream-set-backpressure
  function transformStreamSetBackpressure(stream, backpressure) {
    if (stream.backpressureChange !== undefined) resolveCap(stream.backpressureChange, undefined);
    stream.backpressureChange = newCap();
    stream.backpressure = backpressure;
  }
  function newTransformControllerSlots() {
    return {
      __proto__: null, kind: 'TransformStreamDefaultController', obj: undefined, stream: undefined,
      transformAlgorithm: undefined, flushAlgorithm: undefined, cancelAlgorithm: undefined, finish: undefined,
    };
  }
  // https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller
  function setUpTransformStreamDefaultController(stream, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm) {
    c.stream = stream;
    stream.controller = c;
    c.transformAlgorithm = transformAlgorithm;
    c.flushAlgorithm = flushAlgorithm;
    c.cancelAlgorithm = cancelAlgorithm;
  }
  // https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller-from-transformer
  function setUpTransformStreamDefaultControllerFromTransformer(stream, transformer, dict) {
    const c = newTransformControllerSlots();
    const controller = bindSlots(c, materialize('TransformStreamDefaultController'));
    let transformAlgorithm = (chunk) => {
      try {
        transformStreamDefaultControllerEnqueue(c, chunk);
        return promiseResolvedWith(undefined);
      } catch (e) {
        return promiseRejectedWith(e);
      }
    };
    if (dict.transform !== undefined) {
      const transform = promiseAlgorithm(dict.transform, transformer, undefined);
      transformAlgorithm = (chunk) => transform(chunk, controller);
    }
    let flushAlgorithm = resolvedUndefined;
    if (dict.flush !== undefined) {
      const flush = promiseAlgorithm(dict.flush, transformer, undefined);
      flushAlgorithm = () => flush(controller);
    }
    const cancelAlgorithm = promiseAlgorithm(dict.cancel, transformer, resolvedUndefined);
    setUpTransformStreamDefaultController(stream, c, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
    return controller;
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-controller-clear-algorithms
  function transformStreamDefaultControllerClearAlgorithms(c) {
    c.transformAlgorithm = undefined;
    c.flushAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-controller-enqueue
  function transformStreamDefaultControllerEnqueue(c, chunk) {
    const stream = c.stream;
    const readableController = stream.readable.controller;
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
      throw new TypeErrorCtor('Readable side is not in a state that permits enqueue');
    }
    try {
      readableStreamDefaultControllerEnqueue(readableController, chunk);
    } catch (e) {
      transformStreamErrorWritableAndUnblockWrite(stream, e);
      throw stream.readable.storedError;
    }
    const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
    if (backpressure !== stream.backpressure) transformStreamSetBackpressure(stream, true);
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-controller-error
  function transformStreamDefaultControllerError(c, e) {
    transformStreamError(c.stream, e);
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-controller-perform-transform
  function transformStreamDefaultControllerPerformTransform(c, chunk) {
    return transformPromise(c.transformAlgorithm(chunk), undefined, (r) => {
      transformStreamError(c.stream, r);
      throw r;
    });
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-controller-terminate
  function transformStreamDefaultControllerTerminate(c) {
    const stream = c.stream;
    readableStreamDefaultControllerClose(stream.readable.controller);
    transformStreamErrorWritableAndUnblockWrite(stream, new TypeErrorCtor('TransformStream terminated'));
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-sink-write-algorithm
  function transformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
    const c = stream.controller;
    if (stream.backpressure) {
      const cap = newCap();
      uponPromise(stream.backpressureChange.promise, () => {
        const writable = stream.writable;
        if (writable.state === 'erroring') rejectCap(cap, writable.storedError);
        else settleCapWith(cap, transformStreamDefaultControllerPerformTransform(c, chunk));
      });
      return cap.promise;
    }
    return transformStreamDefaultControllerPerformTransform(c, chunk);
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-sink-abort-algorithm
  function transformStreamDefaultSinkAbortAlgorithm(stream, reason) {
    const c = stream.controller;
    if (c.finish !== undefined) return c.finish.promise;
    const readable = stream.readable;
    c.finish = newCap();
    const cancelPromise = c.cancelAlgorithm(reason);
    transformStreamDefaultControllerClearAlgorithms(c);
    uponPromise(cancelPromise, () => {
      if (readable.state === 'errored') {
        rejectCap(c.finish, readable.storedError);
      } else {
        readableStreamDefaultControllerError(readable.controller, reason);
        resolveCap(c.finish, undefined);
      }
    }, (r) => {
      readableStreamDefaultControllerError(readable.controller, r);
      rejectCap(c.finish, r);
    });
    return c.finish.promise;
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-sink-close-algorithm
  function transformStreamDefaultSinkCloseAlgorithm(stream) {
    const c = stream.controller;
    if (c.finish !== undefined) return c.finish.promise;
    const readable = stream.readable;
    c.finish = newCap();
    const flushPromise = c.flushAlgorithm();
    transformStreamDefaultControllerClearAlgorithms(c);
    uponPromise(flushPromise, () => {
      if (readable.state === 'errored') {
        rejectCap(c.finish, readable.storedError);
      } else {
        readableStreamDefaultControllerClose(readable.controller);
        resolveCap(c.finish, undefined);
      }
    }, (r) => {
      readableStreamDefaultControllerError(readable.controller, r);
      rejectCap(c.finish, r);
    });
    return c.finish.promise;
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-source-cancel
  function transformStreamDefaultSourceCancelAlgorithm(stream, reason) {
    const c = stream.controller;
    if (c.finish !== undefined) return c.finish.promise;
    const writable = stream.writable;
    c.finish = newCap();
    const cancelPromise = c.cancelAlgorithm(reason);
    transformStreamDefaultControllerClearAlgorithms(c);
    uponPromise(cancelPromise, () => {
      if (writable.state === 'errored') {
        rejectCap(c.finish, writable.storedError);
      } else {
        writableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
        transformStreamUnblockWrite(stream);
        resolveCap(c.finish, undefined);
      }
    }, (r) => {
      writableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
      transformStreamUnblockWrite(stream);
      rejectCap(c.finish, r);
    });
    return c.finish.promise;
  }
  // https://streams.spec.whatwg.org/#transform-stream-default-source-pull
  function transformStreamDefaultSourcePullAlgorithm(stream) {
    transformStreamSetBackpressure(stream, false);
    return stream.backpressureChange.promise;
  }
  // https://streams.spec.whatwg.org/#transformstream-set-up ("set up" a TransformStream, for
  // other specs): `transform(chunk)` and `flush()` may throw; a transform that
  // only enqueues.
  function setUpTransformStream(transform, flush = undefined) {
    const stream = newTransformStreamSlots();
    bindSlots(stream, materialize('TransformStream'));
    const startCap = newCap();
    initializeTransformStream(stream, startCap, 1, () => 1, 0, () => 1);
    const c = newTransformControllerSlots();
    bindSlots(c, materialize('TransformStreamDefaultController'));
    const promiseWrapped = (f) => (arg) => {
      try {
        return promiseResolvedWith(f(arg, c));
      } catch (e) {
        return promiseRejectedWith(e);
      }
    };
    setUpTransformStreamDefaultController(stream, c, promiseWrapped(transform),
      flush === undefined ? resolvedUndefined : promiseWrapped(flush), resolvedUndefined);
    resolveCap(startCap, undefined);
    return stream;
  }

  // --- Other specs' hooks ------------------------------------------------------------------

  // https://streams.spec.whatwg.org/#readablestream-set-up-with-byte-reading-support
  // ("set up with byte reading support"): a byte stream whose pull and
  // cancel are the caller's (which return nothing, or a promise).
  function setUpByteStream(onPull, onCancel) {
    const stream = newReadableStreamSlots();
    bindSlots(stream, materialize('ReadableStream'));
    const c = newByteControllerSlots();
    bindSlots(c, materialize('ReadableByteStreamController'));
    const promiseWrapped = (f) => (arg) => {
      try {
        return promiseResolvedWith(f === undefined ? undefined : f(arg));
      } catch (e) {
        return promiseRejectedWith(e);
      }
    };
    setUpReadableByteStreamController(stream, c, noop, promiseWrapped(onPull), promiseWrapped(onCancel), 0, undefined);
    return stream;
  }
  // https://streams.spec.whatwg.org/#readablestream-enqueue ("enqueue" for other specs): a
  // byte stream gets a Uint8Array of the bytes.
  function readableStreamEnqueueBytes(stream, bytes) {
    const c = stream.controller;
    if (c.kind === 'ReadableByteStreamController') readableByteStreamControllerEnqueue(c, bytes);
    else readableStreamDefaultControllerEnqueue(c, bytes);
  }
  function readableStreamCloseFromSpec(stream) {
    const c = stream.controller;
    if (c.kind === 'ReadableByteStreamController') {
      readableByteStreamControllerClose(c);
      if (queueLength(c.pendingPullIntos) > 0) readableByteStreamControllerRespond(c, 0);
    } else {
      readableStreamDefaultControllerClose(c);
    }
  }
  function readableStreamErrorFromSpec(stream, e) {
    const c = stream.controller;
    if (c.kind === 'ReadableByteStreamController') readableByteStreamControllerError(c, e);
    else readableStreamDefaultControllerError(c, e);
  }
  // https://streams.spec.whatwg.org/#readablestream-disturbed, #readablestream-locked
  function readableStreamIsDisturbed(stream) {
    return stream.disturbed;
  }
  // https://fetch.spec.whatwg.org/#concept-read-all-bytes ("fully read" a body's stream): the
  // Uint8Arrays read, joined; rejects with a TypeError for any other chunk.
  function readAllBytes(stream) {
    const reader = acquireReadableStreamDefaultReader(stream);
    const chunks = [];
    let total = 0;
    return new PromiseCtor((resolve, reject) => {
      const step = () => {
        readableStreamDefaultReaderRead(reader, readRequest((chunk) => {
          if (!(ArrayBufferIsView(chunk) && isTypedArray(chunk) && TypedArrayPrototypeGetSymbolToStringTag(chunk) === 'Uint8Array')) {
            const e = new TypeErrorCtor('The body\'s stream gave a chunk that is not a Uint8Array');
            reject(e);
            readableStreamCancel(stream, e);
            return;
          }
          ArrayAppend(chunks, chunk);
          total += TypedArrayPrototypeGetByteLength(chunk);
          QueueMicrotask(step);
        }, () => {
          if (chunks.length === 1) {
            resolve(chunks[0]);
            return;
          }
          const out = new Uint8ArrayCtor(total);
          let at = 0;
          for (let i = 0; i < chunks.length; i++) {
            TypedArrayPrototypeSet(out, chunks[i], at);
            at += TypedArrayPrototypeGetByteLength(chunks[i]);
          }
          resolve(out);
        }, reject));
      };
      step();
    });
  }

  // QueuingStrategyInit's required highWaterMark.
  function toQueuingStrategyInit(init, iface) {
    const dict = toDictionary(init, 'QueuingStrategyInit', CONSTRUCT, iface);
    const hwm = dict.highWaterMark;
    if (hwm === undefined) {
      throw new TypeErrorCtor(`Failed to construct '${iface}': Failed to read the 'highWaterMark' property from 'QueuingStrategyInit': Required member is undefined.`);
    }
    return toUnrestrictedDouble(hwm);
  }

  return {
    __proto__: null,
    toUnrestrictedDouble, toCallbackMember, toQueuingStrategy, extractHighWaterMark, extractSizeAlgorithm,
    toEnforcedUnsignedLongLong, newReadableStreamSlots, createReadableStream, isReadableStreamLocked,
    readableStreamCancel, readRequest, acquireReadableStreamDefaultReader, acquireReadableStreamBYOBReader,
    newReaderSlots, setUpReadableStreamDefaultReader, setUpReadableStreamBYOBReader,
    readableStreamReaderGenericCancel, readableStreamDefaultReaderRead, readableStreamDefaultReaderRelease,
    readableStreamBYOBReaderRead, readableStreamBYOBReaderRelease, readableStreamDefaultControllerClose,
    readableStreamDefaultControllerEnqueue, readableStreamDefaultControllerError,
    readableStreamDefaultControllerGetDesiredSize, readableStreamDefaultControllerCanCloseOrEnqueue,
    setUpReadableStreamDefaultControllerFromUnderlyingSource, readableByteStreamControllerClose,
    readableByteStreamControllerEnqueue, readableByteStreamControllerError,
    readableByteStreamControllerGetBYOBRequest, readableByteStreamControllerGetDesiredSize,
    readableByteStreamControllerRespond, readableByteStreamControllerRespondWithNewView,
    setUpReadableByteStreamControllerFromUnderlyingSource, readableStreamTee, readableStreamPipeTo,
    toStreamPipeOptions, readableStreamFromIterable, newWritableStreamSlots,
    acquireWritableStreamDefaultWriter, isWritableStreamLocked, writableStreamAbort, writableStreamClose,
    writableStreamCloseQueuedOrInFlight, newWriterSlots, setUpWritableStreamDefaultWriter,
    writableStreamDefaultWriterAbort, writableStreamDefaultWriterClose,
    writableStreamDefaultWriterGetDesiredSize, writableStreamDefaultWriterRelease,
    writableStreamDefaultWriterWrite, setUpWritableStreamDefaultControllerFromUnderlyingSink,
    writableStreamDefaultControllerError, newTransformStreamSlots, initializeTransformStream,
    setUpTransformStreamDefaultControllerFromTransformer, transformStreamDefaultControllerEnqueue,
    transformStreamDefaultControllerError, transformStreamDefaultControllerTerminate, setUpTransformStream,
    setUpByteStream, readableStreamEnqueueBytes, readableStreamCloseFromSpec, readableStreamErrorFromSpec,
    readableStreamIsDisturbed, readAllBytes, toQueuingStrategyInit,
  };
}

return [
  streamSlots, slotsOf, slotsIfKind, bindSlots, noop, newCap, resolveCap, rejectCap,
  promiseResolvedWith, promiseRejectedWith, markHandled, uponPromise, transformPromise, promiseCall,
  isDetachedBuffer, isTypedArray, viewBuffer, viewByteOffset, viewByteLength,
  toArrayBufferView, streams
];
