// ReadableByteStreamController (Streams): an underlying byte source's
// controller, with BYOB requests.
// https://streams.spec.whatwg.org/#rbs-controller-class ("The ReadableByteStreamController class")

// Uses lazyInterface, illegalConstructor, requiredArguments (webidl.js); isDetachedBuffer, slotsOf, streams,
//   toArrayBufferView, viewBuffer, viewByteLength (streams.js).

lazyInterface('ReadableByteStreamController', () => {
  const {
    readableByteStreamControllerClose, readableByteStreamControllerEnqueue,
    readableByteStreamControllerError, readableByteStreamControllerGetBYOBRequest,
    readableByteStreamControllerGetDesiredSize,
  } = streams();

  const byteControllerSlots = slotsOf('ReadableByteStreamController');

  class ReadableByteStreamController {
    constructor() { throw illegalConstructor(); }
    // https://streams.spec.whatwg.org/#rbs-controller-byob-request
    get byobRequest() { return readableByteStreamControllerGetBYOBRequest(byteControllerSlots(this)); }
    get desiredSize() { return readableByteStreamControllerGetDesiredSize(byteControllerSlots(this)); }
    // https://streams.spec.whatwg.org/#rbs-controller-close ("close()")
    close() {
      const c = byteControllerSlots(this);
      if (c.closeRequested) throw new TypeErrorCtor("Failed to execute 'close' on 'ReadableByteStreamController': The stream has already been closed; do not close it again!");
      if (c.stream.state !== 'readable') throw new TypeErrorCtor(`Failed to execute 'close' on 'ReadableByteStreamController': The stream (in ${c.stream.state} state) is not in the readable state and cannot be closed`);
      readableByteStreamControllerClose(c);
    }
    // https://streams.spec.whatwg.org/#rbs-controller-enqueue ("enqueue(chunk)")
    enqueue(chunk) {
      const c = byteControllerSlots(this);
      requiredArguments(arguments.length, 1, 'enqueue', 'ReadableByteStreamController');
      toArrayBufferView(chunk, 1, 'enqueue', 'ReadableByteStreamController');
      if (viewByteLength(chunk) === 0) throw new TypeErrorCtor("Failed to execute 'enqueue' on 'ReadableByteStreamController': chunk must have non-zero byteLength");
      const buffer = viewBuffer(chunk);
      if (ArrayBufferPrototypeGetByteLength(buffer) === 0) {
        throw new TypeErrorCtor(`Failed to execute 'enqueue' on 'ReadableByteStreamController': ${isDetachedBuffer(buffer) ? "chunk's buffer is detached" : "chunk's buffer must have non-zero byteLength"}`);
      }
      if (c.closeRequested) throw new TypeErrorCtor("Failed to execute 'enqueue' on 'ReadableByteStreamController': stream is closed or draining");
      if (c.stream.state !== 'readable') throw new TypeErrorCtor(`Failed to execute 'enqueue' on 'ReadableByteStreamController': The stream (in ${c.stream.state} state) is not in the readable state and cannot be enqueued to`);
      readableByteStreamControllerEnqueue(c, chunk);
    }
    // https://streams.spec.whatwg.org/#rbs-controller-error ("error(e)")
    error(e = undefined) { readableByteStreamControllerError(byteControllerSlots(this), e); }
  }
  return ReadableByteStreamController;
});
