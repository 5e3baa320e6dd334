// WritableStreamDefaultWriter (Streams): writes chunks to a locked
// WritableStream.
// https://streams.spec.whatwg.org/#default-writer-class ("The WritableStreamDefaultWriter class")

// Uses CONSTRUCT, lazyInterface, notOfType, platformObject, requiredArguments (webidl.js); bindSlots,
//   promiseCall, promiseRejectedWith, slotsIfKind, slotsOf, streams (streams.js).

lazyInterface('WritableStreamDefaultWriter', () => {
  const {
    newWriterSlots, setUpWritableStreamDefaultWriter, writableStreamCloseQueuedOrInFlight,
    writableStreamDefaultWriterAbort, writableStreamDefaultWriterClose,
    writableStreamDefaultWriterGetDesiredSize, writableStreamDefaultWriterRelease,
    writableStreamDefaultWriterWrite,
  } = streams();

  const writerSlots = slotsOf('WritableStreamDefaultWriter');
  function releasedWriter(what) {
    return new TypeErrorCtor(`This writable stream writer has been released and cannot be used to ${what}`);
  }

  class WritableStreamDefaultWriter {
    // https://streams.spec.whatwg.org/#default-writer-constructor
    constructor(stream) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'WritableStreamDefaultWriter');
      const s = slotsIfKind(stream, 'WritableStream');
      if (s === undefined) throw notOfType(1, 'WritableStream', CONSTRUCT, 'WritableStreamDefaultWriter');
      const self = platformObject(new.target);
      const writer = newWriterSlots();
      setUpWritableStreamDefaultWriter(writer, s);
      bindSlots(writer, WritableStreamDefaultWriter, self);
      return self;
    }
    get closed() { return promiseCall(() => writerSlots(this).closed.promise); }
    // https://streams.spec.whatwg.org/#default-writer-desired-size
    get desiredSize() {
      const writer = writerSlots(this);
      if (writer.stream === undefined) throw releasedWriter('get the desired size');
      return writableStreamDefaultWriterGetDesiredSize(writer);
    }
    get ready() { return promiseCall(() => writerSlots(this).ready.promise); }
    // https://streams.spec.whatwg.org/#default-writer-abort ("abort(reason)")
    abort(reason = undefined) {
      return promiseCall(() => {
        const writer = writerSlots(this);
        if (writer.stream === undefined) return promiseRejectedWith(releasedWriter('abort the stream'));
        return writableStreamDefaultWriterAbort(writer, reason);
      });
    }
    // https://streams.spec.whatwg.org/#default-writer-close ("close()")
    close() {
      return promiseCall(() => {
        const writer = writerSlots(this);
        const stream = writer.stream;
        if (stream === undefined) return promiseRejectedWith(releasedWriter('close the stream'));
        if (writableStreamCloseQueuedOrInFlight(stream)) return promiseRejectedWith(new TypeErrorCtor('Cannot close an already-closing stream'));
        return writableStreamDefaultWriterClose(writer);
      });
    }
    // https://streams.spec.whatwg.org/#default-writer-release-lock ("releaseLock()")
    releaseLock() {
      const writer = writerSlots(this);
      if (writer.stream === undefined) return;
      writableStreamDefaultWriterRelease(writer);
    }
    // https://streams.spec.whatwg.org/#default-writer-write ("write(chunk)")
    write(chunk = undefined) {
      return promiseCall(() => {
        const writer = writerSlots(this);
        if (writer.stream === undefined) return promiseRejectedWith(releasedWriter('write to the stream'));
        return writableStreamDefaultWriterWrite(writer, chunk);
      });
    }
  }
  return WritableStreamDefaultWriter;
});
