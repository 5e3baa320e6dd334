// AbortController (DOM): the owner of one AbortSignal.
// https://dom.spec.whatwg.org/#interface-abortcontroller ("Interface AbortController")

// Uses lazyInterface, INTERNAL, platformObject, stateAccessor (webidl.js); AbortSignal,
//   signalAbort (abort_signal.js).

lazyInterface('AbortController', () => {
  const abortControllers = new WeakMapCtor();
  const controllerSignal = stateAccessor(abortControllers);
  class AbortController {
    constructor() {
      const self = platformObject(new.target);
      WeakMapPrototypeSet(abortControllers, self, new AbortSignal(INTERNAL));
      return self;
    }
    get signal() { return controllerSignal(this); }
    // https://dom.spec.whatwg.org/#dom-abortcontroller-abort ("abort(reason)")
    abort(reason = undefined) { signalAbort(controllerSignal(this), reason); }
  }
  return AbortController;
});
