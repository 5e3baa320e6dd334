// ReadableStreamDefaultReader (Streams): reads chunks one by one.
// https://streams.spec.whatwg.org/#default-reader-class ("The ReadableStreamDefaultReader class")

// Uses CONSTRUCT, lazyInterface, notOfType, platformObject, requiredArguments (webidl.js); bindSlots, newCap,
//   promiseCall, promiseRejectedWith, rejectCap, resolveCap, slotsIfKind, slotsOf, streams (streams.js).

lazyInterface('ReadableStreamDefaultReader', () => {
  const {
    newReaderSlots, readableStreamDefaultReaderRead, readableStreamDefaultReaderRelease,
    readableStreamReaderGenericCancel, readRequest, setUpReadableStreamDefaultReader,
  } = streams();

  const defaultReaderSlots = slotsOf('ReadableStreamDefaultReader');

  class ReadableStreamDefaultReader {
    // https://streams.spec.whatwg.org/#default-reader-constructor
    constructor(stream) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'ReadableStreamDefaultReader');
      const s = slotsIfKind(stream, 'ReadableStream');
      if (s === undefined) throw notOfType(1, 'ReadableStream', CONSTRUCT, 'ReadableStreamDefaultReader');
      const self = platformObject(new.target);
      const reader = newReaderSlots('ReadableStreamDefaultReader');
      setUpReadableStreamDefaultReader(reader, s);
      bindSlots(reader, ReadableStreamDefaultReader, self);
      return self;
    }
    // https://streams.spec.whatwg.org/#generic-reader-closed
    get closed() {
      return promiseCall(() => defaultReaderSlots(this).closed.promise);
    }
    // https://streams.spec.whatwg.org/#generic-reader-cancel
    cancel(reason = undefined) {
      return promiseCall(() => {
        const reader = defaultReaderSlots(this);
        if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor('This readable stream reader has been released and cannot be used to cancel its previous owner stream'));
        return readableStreamReaderGenericCancel(reader, reason);
      });
    }
    // https://streams.spec.whatwg.org/#default-reader-read ("read()")
    read() {
      return promiseCall(() => {
        const reader = defaultReaderSlots(this);
        if (reader.stream === undefined) return promiseRejectedWith(new TypeErrorCtor('This readable stream reader has been released and cannot be used to read from its previous owner stream'));
        const cap = newCap();
        readableStreamDefaultReaderRead(reader, readRequest(
          (chunk) => resolveCap(cap, { value: chunk, done: false }),
          () => resolveCap(cap, { value: undefined, done: true }),
          (e) => rejectCap(cap, e)));
        return cap.promise;
      });
    }
    // https://streams.spec.whatwg.org/#default-reader-release-lock ("releaseLock()")
    releaseLock() {
      const reader = defaultReaderSlots(this);
      if (reader.stream === undefined) return;
      readableStreamDefaultReaderRelease(reader);
    }
  }
  return ReadableStreamDefaultReader;
});
