// ReadableStreamBYOBRequest (Streams): a reader's buffer offered to an
// underlying byte source.
// https://streams.spec.whatwg.org/#rs-byob-request-class ("The ReadableStreamBYOBRequest class")

// Uses lazyInterface, illegalConstructor, requiredArguments (webidl.js); isDetachedBuffer, slotsOf, streams,
//   toArrayBufferView, viewBuffer (streams.js).

lazyInterface('ReadableStreamBYOBRequest', () => {
  const {
    readableByteStreamControllerRespond, readableByteStreamControllerRespondWithNewView,
    toEnforcedUnsignedLongLong,
  } = streams();

  const byobRequestSlots = slotsOf('ReadableStreamBYOBRequest');

  class ReadableStreamBYOBRequest {
    constructor() { throw illegalConstructor(); }
    get view() { return byobRequestSlots(this).view; }
    // https://streams.spec.whatwg.org/#rs-byob-request-respond ("respond(bytesWritten)")
    respond(bytesWritten) {
      const r = byobRequestSlots(this);
      requiredArguments(arguments.length, 1, 'respond', 'ReadableStreamBYOBRequest');
      const n = toEnforcedUnsignedLongLong(bytesWritten, 'bytesWritten', 'unsigned long long', 'respond', 'ReadableStreamBYOBRequest');
      if (r.controller === undefined) throw new TypeErrorCtor("Failed to execute 'respond' on 'ReadableStreamBYOBRequest': This BYOB request has been invalidated");
      if (isDetachedBuffer(viewBuffer(r.view))) throw new TypeErrorCtor("Failed to execute 'respond' on 'ReadableStreamBYOBRequest': The BYOB request's buffer has been detached and so cannot be used as a response");
      readableByteStreamControllerRespond(r.controller, n);
    }
    // https://streams.spec.whatwg.org/#rs-byob-request-respond-with-new-view ("respondWithNewView(view)")
    respondWithNewView(view) {
      const r = byobRequestSlots(this);
      requiredArguments(arguments.length, 1, 'respondWithNewView', 'ReadableStreamBYOBRequest');
      toArrayBufferView(view, 1, 'respondWithNewView', 'ReadableStreamBYOBRequest');
      if (r.controller === undefined) throw new TypeErrorCtor("Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': This BYOB request has been invalidated");
      if (isDetachedBuffer(viewBuffer(view))) throw new TypeErrorCtor("Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest': The given view's buffer has been detached and so cannot be used as a response");
      readableByteStreamControllerRespondWithNewView(r.controller, view);
    }
  }
  return ReadableStreamBYOBRequest;
});
