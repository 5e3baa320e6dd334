// TransformStreamDefaultController (Streams): what a transformer uses to
// enqueue, error and terminate.
// https://streams.spec.whatwg.org/#ts-default-controller-class ("The TransformStreamDefaultController class")

// Uses lazyInterface, illegalConstructor (webidl.js); slotsOf, streams (streams.js).

lazyInterface('TransformStreamDefaultController', () => {
  const {
    readableStreamDefaultControllerGetDesiredSize, transformStreamDefaultControllerEnqueue,
    transformStreamDefaultControllerError, transformStreamDefaultControllerTerminate,
  } = streams();

  const transformControllerSlots = slotsOf('TransformStreamDefaultController');

  class TransformStreamDefaultController {
    constructor() { throw illegalConstructor(); }
    // https://streams.spec.whatwg.org/#ts-default-controller-desired-size
    get desiredSize() {
      return readableStreamDefaultControllerGetDesiredSize(transformControllerSlots(this).stream.readable.controller);
    }
    enqueue(chunk = undefined) { transformStreamDefaultControllerEnqueue(transformControllerSlots(this), chunk); }
    error(reason = undefined) { transformStreamDefaultControllerError(transformControllerSlots(this), reason); }
    terminate() { transformStreamDefaultControllerTerminate(transformControllerSlots(this)); }
  }
  return TransformStreamDefaultController;
});
