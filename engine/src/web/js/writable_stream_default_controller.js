// WritableStreamDefaultController (Streams): what an underlying sink uses
// to error its stream, and its abort signal.
// https://streams.spec.whatwg.org/#ws-default-controller-class ("The WritableStreamDefaultController class")

// Uses lazyInterface, illegalConstructor (webidl.js); slotsOf, streams (streams.js).

lazyInterface('WritableStreamDefaultController', () => {
  const { writableStreamDefaultControllerError } = streams();

  const writableControllerSlots = slotsOf('WritableStreamDefaultController');

  class WritableStreamDefaultController {
    constructor() { throw illegalConstructor(); }
    get signal() { return writableControllerSlots(this).signal; }
    // https://streams.spec.whatwg.org/#ws-default-controller-error ("error(e)")
    error(e = undefined) {
      const c = writableControllerSlots(this);
      if (c.stream.state !== 'writable') return;
      writableStreamDefaultControllerError(c, e);
    }
  }
  return WritableStreamDefaultController;
});
