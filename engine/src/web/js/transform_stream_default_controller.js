// TransformStreamDefaultController (Streams): what a transformer uses to
// enqueue, error and terminate.
// https://streams.spec.whatwg.org/#ts-default-controller-class ("The TransformStreamDefaultController class")

// Uses exposeInterface, illegalConstructor (webidl.js); readableStreamDefaultControllerGetDesiredSize, slotsOf,
//   transformStreamDefaultControllerEnqueue, transformStreamDefaultControllerError,
//   transformStreamDefaultControllerTerminate (streams.js).

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
exposeInterface('TransformStreamDefaultController', TransformStreamDefaultController);

return [TransformStreamDefaultController];
