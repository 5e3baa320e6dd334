// ByteLengthQueuingStrategy (Streams): a chunk counts its byteLength.
// https://streams.spec.whatwg.org/#blqs-class ("The ByteLengthQueuingStrategy class")

// Uses CONSTRUCT, lazyInterface, platformObject, requiredArguments, stateAccessor (webidl.js);
//   streams (streams.js).

lazyInterface('ByteLengthQueuingStrategy', () => {
  const { toQueuingStrategyInit } = streams();

  const byteLengthStrategies = new WeakMapCtor();
  const byteLengthStrategyHWM = stateAccessor(byteLengthStrategies);
  // https://streams.spec.whatwg.org/#byte-length-queuing-strategy-size-function: one per realm.
  const byteLengthSize = { size(chunk) { return chunk.byteLength; } }.size;

  class ByteLengthQueuingStrategy {
    // https://streams.spec.whatwg.org/#blqs-constructor
    constructor(init) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'ByteLengthQueuingStrategy');
      const hwm = toQueuingStrategyInit(init, 'ByteLengthQueuingStrategy');
      const self = platformObject(new.target);
      WeakMapPrototypeSet(byteLengthStrategies, self, { __proto__: null, hwm });
      return self;
    }
    get highWaterMark() { return byteLengthStrategyHWM(this).hwm; }
    get size() {
      byteLengthStrategyHWM(this);
      return byteLengthSize;
    }
  }
  return ByteLengthQueuingStrategy;
});
