// ReadableStreamBYOBReader (Streams): reads a byte stream into the
// reader's own buffers.
// https://streams.spec.whatwg.org/#byob-reader-class ("The ReadableStreamBYOBReader class")

// Uses CONSTRUCT, lazyInterface, notOfType, platformObject, requiredArguments, toDictionary (webidl.js);
//   bindSlots, isDetachedBuffer, isTypedArray, newCap, promiseCall, promiseRejectedWith, rejectCap,
//   resolveCap, slotsIfKind, slotsOf, streams, toArrayBufferView, viewBuffer, viewByteLength (streams.js).

lazyInterface('ReadableStreamBYOBReader', () => {
  const {
    newReaderSlots, readableStreamBYOBReaderRead, readableStreamBYOBReaderRelease,
    readableStreamReaderGenericCancel, readRequest, setUpReadableStreamBYOBReader,
    toEnforcedUnsignedLongLong,
  } = streams();

  const byobReaderSlots = slotsOf('ReadableStreamBYOBReader');

  class ReadableStreamBYOBReader {
    // https://streams.spec.whatwg.org/#byob-reader-constructor
    constructor(stream) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'ReadableStreamBYOBReader');
      const s = slotsIfKind(stream, 'ReadableStream');
      if (s === undefined) throw notOfType(1, 'ReadableStream', CONSTRUCT, 'ReadableStreamBYOBReader');
      const self = platformObject(new.target);
      const reader = newReaderSlots('ReadableStreamBYOBReader');
      setUpReadableStreamBYOBReader(reader, s);
      bindSlots(reader, ReadableStreamBYOBReader, self);
      return self;
    }
    get closed() {
      return promiseCall(() => byobReaderSlots(this).closed.promise);
    }
    cancel(reason = undefined) {
      return promiseCall(() => {
        const reader = byobReaderSlots(this);
        if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor('This readable stream reader has been released and cannot be used to cancel its previous owner stream'));
        return readableStreamReaderGenericCancel(reader, reason);
      });
    }
    // https://streams.spec.whatwg.org/#byob-reader-read ("read(view, options)")
    read(view, options = undefined) {
      return promiseCall(() => {
        const reader = byobReaderSlots(this);
        requiredArguments(arguments.length, 1, 'read', 'ReadableStreamBYOBReader');
        toArrayBufferView(view, 1, 'read', 'ReadableStreamBYOBReader');
        const dict = toDictionary(options, 'ReadableStreamBYOBReaderReadOptions', 'read', 'ReadableStreamBYOBReader');
        const min = dict.min === undefined ? 1 : toEnforcedUnsignedLongLong(dict.min, 'min', 'ReadableStreamBYOBReaderReadOptions', 'read', 'ReadableStreamBYOBReader');
        const buffer = viewBuffer(view);
        if (viewByteLength(view) === 0) return promiseRejectedWith(new TypeErrorCtor('view must have non-zero byteLength'));
        if (ArrayBufferPrototypeGetByteLength(buffer) === 0) {
          return promiseRejectedWith(new TypeErrorCtor(isDetachedBuffer(buffer) ? 'view\'s buffer has been detached' : 'view\'s buffer must have non-zero byteLength'));
        }
        if (min === 0) return promiseRejectedWith(new TypeErrorCtor('options.min must be greater than 0'));
        if (isTypedArray(view)) {
          if (min > TypedArrayPrototypeGetLength(view)) return promiseRejectedWith(new RangeErrorCtor('options.min must be less than or equal to view\'s length'));
        } else if (min > viewByteLength(view)) {
          return promiseRejectedWith(new RangeErrorCtor('options.min must be less than or equal to view\'s byteLength'));
        }
        if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor('This readable stream reader has been released and cannot be used to read from its previous owner stream'));
        const cap = newCap();
        readableStreamBYOBReaderRead(reader, view, min, readRequest(
          (chunk) => resolveCap(cap, { value: chunk, done: false }),
          (chunk) => resolveCap(cap, { value: chunk, done: true }),
          (e) => rejectCap(cap, e)));
        return cap.promise;
      });
    }
    releaseLock() {
      const reader = byobReaderSlots(this);
      if (reader.stream === undefined) return;
      readableStreamBYOBReaderRelease(reader);
    }
  }
  return ReadableStreamBYOBReader;
});
