// CountQueuingStrategy (Streams): every chunk counts one.
// https://streams.spec.whatwg.org/#cqs-class ("The CountQueuingStrategy class")

// Uses CONSTRUCT, lazyInterface, platformObject, requiredArguments, stateAccessor (webidl.js);
//   streams (streams.js).

lazyInterface('CountQueuingStrategy', () => {
  const { toQueuingStrategyInit } = streams();

  const countStrategies = new WeakMapCtor();
  const countStrategyHWM = stateAccessor(countStrategies);
  // https://streams.spec.whatwg.org/#count-queuing-strategy-size-function: one per realm.
  const countSize = { size() { return 1; } }.size;

  class CountQueuingStrategy {
    // https://streams.spec.whatwg.org/#cqs-constructor
    constructor(init) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'CountQueuingStrategy');
      const hwm = toQueuingStrategyInit(init, 'CountQueuingStrategy');
      const self = platformObject(new.target);
      WeakMapPrototypeSet(countStrategies, self, { __proto__: null, hwm });
      return self;
    }
    get highWaterMark() { return countStrategyHWM(this).hwm; }
    get size() {
      countStrategyHWM(this);
      return countSize;
    }
  }
  return CountQueuingStrategy;
});
