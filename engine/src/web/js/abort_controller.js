// AbortController (DOM): the owner of one AbortSignal.
// https://dom.spec.whatwg.org/#interface-abortcontroller ("Interface AbortController")

// Uses lazyInterface, platformObject, stateAccessor (webidl.js); newAbortSignal,
//   signalAbort (abort_signal.js).

lazyInterface('AbortController', () => {
  const abortControllers = new WeakMapCtor();
  const controllerSignal = stateAccessor(abortControllers);
  class AbortController {
    constructor() {
      const self = platformObject(new.target);
      WeakMapPrototypeSet(abortControllers, self, newAbortSignal());
      return self;
    }
    get signal() { return controllerSignal(this); }
    // https://dom.spec.whatwg.org/#dom-abortcontroller-abort ("abort(reason)")
    abort(reason = undefined) { signalAbort(controllerSignal(this), reason); }
  }
  return AbortController;
});
