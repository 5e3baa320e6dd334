// ReadableStreamDefaultController (Streams): what an underlying source
// uses to enqueue, close and error its stream.
// https://streams.spec.whatwg.org/#rs-default-controller-class ("The ReadableStreamDefaultController class")

// Uses lazyInterface, illegalConstructor (webidl.js); slotsOf, streams (streams.js).

lazyInterface('ReadableStreamDefaultController', () => {
  const {
    readableStreamDefaultControllerCanCloseOrEnqueue, readableStreamDefaultControllerClose,
    readableStreamDefaultControllerEnqueue, readableStreamDefaultControllerError,
    readableStreamDefaultControllerGetDesiredSize,
  } = streams();

  const defaultControllerSlots = slotsOf('ReadableStreamDefaultController');

  class ReadableStreamDefaultController {
    constructor() { throw illegalConstructor(); }
    get desiredSize() { return readableStreamDefaultControllerGetDesiredSize(defaultControllerSlots(this)); }
    // https://streams.spec.whatwg.org/#rs-default-controller-close ("close()")
    close() {
      const c = defaultControllerSlots(this);
      if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeErrorCtor("Failed to execute 'close' on 'ReadableStreamDefaultController': Unexpected call to close(): the stream is closed or closing.");
      readableStreamDefaultControllerClose(c);
    }
    // https://streams.spec.whatwg.org/#rs-default-controller-enqueue ("enqueue(chunk)")
    enqueue(chunk = undefined) {
      const c = defaultControllerSlots(this);
      if (!readableStreamDefaultControllerCanCloseOrEnqueue(c)) throw new TypeErrorCtor("Failed to execute 'enqueue' on 'ReadableStreamDefaultController': Cannot enqueue a chunk into a readable stream that is closed or has been requested to be closed");
      readableStreamDefaultControllerEnqueue(c, chunk);
    }
    // https://streams.spec.whatwg.org/#rs-default-controller-error ("error(e)")
    error(e = undefined) { readableStreamDefaultControllerError(defaultControllerSlots(this), e); }
  }
  return ReadableStreamDefaultController;
});
