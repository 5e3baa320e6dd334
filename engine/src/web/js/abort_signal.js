// AbortSignal (DOM): a signal aborted once, running its abort algorithms
// (listener removals...) before its abort event.
// https://dom.spec.whatwg.org/#interface-AbortSignal ("Interface AbortSignal")
//
// A signal's state is in `shared`: same-origin realms use each other's
// signals.

// Uses lazyGlobal, materialize, illegalConstructor, INTERNAL, sharedState, stateAccessor, toSequence
//   (webidl.js); DOMException (dom_exception.js); Event, trustedEvent (event.js); dispatch,
//   IN_SCRIPT (event_target.js); defineEventHandlers (event_handlers.js); timerInit (timers.js).

let abortSignals, abortSignalState;
atRealmStart(() => {
  abortSignals = sharedState('abortSignals', () => new WeakMapCtor());
  abortSignalState = stateAccessor(abortSignals);
});
function isAbortSignal(value) {
  return WeakMapPrototypeHas(abortSignals, value);
}

// Made on first use (lazyGlobal), at its place among the globals: most
// realms never abort anything. The bindings make signals through
// newAbortSignal and read them through isAborted and abortReason.
lazyGlobal('AbortSignal', () => {
  class AbortSignal extends EventTarget {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      super();
      WeakMapPrototypeSet(abortSignals, this, { aborted: false, reason: undefined, algorithms: [] });
    }
    get aborted() { return abortSignalState(this).aborted; }
    get reason() { return abortSignalState(this).reason; }
    throwIfAborted() { const s = abortSignalState(this); if (s.aborted) throw s.reason; }
    // https://dom.spec.whatwg.org/#dom-abortsignal-abort ("AbortSignal.abort(reason)")
    static abort(reason = undefined) {
      const signal = new AbortSignal(INTERNAL);
      signalAbort(signal, reason);
      return signal;
    }
    // https://dom.spec.whatwg.org/#dom-abortsignal-timeout ("AbortSignal.timeout(milliseconds)"):
    // a timer of this realm (not the spec's "timer task source" of the
    // global, which is the same thing here).
    static timeout(ms) {
      const signal = new AbortSignal(INTERNAL);
      timerInit(() => signalAbort(signal, new DOMException('signal timed out', 'TimeoutError')), ms, [], false);
      return signal;
    }
    // https://dom.spec.whatwg.org/#dom-abortsignal-any ("AbortSignal.any(signals)"):
    // without the spec's dependent-signal bookkeeping, which only matters
    // for garbage collection.
    static any(signals) {
      const result = new AbortSignal(INTERNAL);
      const list = toSequence(signals, 'any', 'AbortSignal');
      for (let i = 0; i < list.length; i++) abortSignalState(list[i]);
      for (let i = 0; i < list.length; i++) {
        if (abortSignalState(list[i]).aborted) {
          signalAbort(result, abortSignalState(list[i]).reason);
          return result;
        }
      }
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        addAbortAlgorithm(s, () => signalAbort(result, abortSignalState(s).reason));
      }
      return result;
    }
  }
  defineEventHandlers(AbortSignal.prototype, ['onabort']);
  return AbortSignal;
}, false);

// A new AbortSignal of this realm.
function newAbortSignal() {
  const AbortSignal = materialize('AbortSignal');
  return new AbortSignal(INTERNAL);
}

// https://dom.spec.whatwg.org/#abortsignal-add ("add" an abort algorithm)
function addAbortAlgorithm(signal, algorithm) {
  const s = abortSignalState(signal);
  if (!s.aborted) ArrayAppend(s.algorithms, algorithm);
}
function isAborted(signal) {
  return abortSignalState(signal).aborted;
}
function abortReason(signal) {
  return abortSignalState(signal).reason;
}

// https://dom.spec.whatwg.org/#abortsignal-signal-abort ("signal abort")
function signalAbort(signal, reason) {
  const s = abortSignalState(signal);
  // 1. If signal is aborted, then return.
  if (s.aborted) return;
  // 2. Set signal's abort reason to reason if it is given; otherwise to a
  //    new "AbortError" DOMException.
  s.aborted = true;
  s.reason = reason === undefined ? new DOMException('signal is aborted without reason', 'AbortError') : reason;
  // "Run the abort steps": each abort algorithm, none left after them, then
  // the abort event. (Dependent signals are not kept: AbortSignal.any adds
  // an abort algorithm to each source signal instead.)
  const algorithms = s.algorithms;
  s.algorithms = [];
  for (let i = 0; i < algorithms.length; i++) algorithms[i]();
  dispatch(signal, trustedEvent(Event, 'abort'), IN_SCRIPT);
}

return [newAbortSignal, isAbortSignal, isAborted, abortReason, addAbortAlgorithm, signalAbort];
