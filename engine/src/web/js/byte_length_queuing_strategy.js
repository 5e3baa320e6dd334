// ByteLengthQueuingStrategy (Streams): a chunk counts its byteLength.
// https://streams.spec.whatwg.org/#blqs-class ("The ByteLengthQueuingStrategy class")

// Uses CONSTRUCT, exposeInterface, platformObject, requiredArguments, stateAccessor, toDictionary
//   (webidl.js); toUnrestrictedDouble (streams.js).

const byteLengthStrategies = new WeakMapCtor();
const byteLengthStrategyHWM = stateAccessor(byteLengthStrategies);
// https://streams.spec.whatwg.org/#byte-length-queuing-strategy-size-function: one per realm.
const byteLengthSize = { size(chunk) { return chunk.byteLength; } }.size;

// QueuingStrategyInit's required highWaterMark.
function toQueuingStrategyInit(init, iface) {
  const dict = toDictionary(init, 'QueuingStrategyInit', CONSTRUCT, iface);
  const hwm = dict.highWaterMark;
  if (hwm === undefined) {
    throw new TypeErrorCtor(`Failed to construct '${iface}': Failed to read the 'highWaterMark' property from 'QueuingStrategyInit': Required member is undefined.`);
  }
  return toUnrestrictedDouble(hwm);
}

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
exposeInterface('ByteLengthQueuingStrategy', ByteLengthQueuingStrategy);

return [toQueuingStrategyInit];
