// TransformStream (Streams): a writable side whose chunks a transformer
// turns into the readable side's.
// https://streams.spec.whatwg.org/#ts-class ("The TransformStream class")
//
// Not modelled: transferring a stream (postMessage).

// Uses CONSTRUCT, lazyInterface, platformObject, toDictionary (webidl.js); bindSlots, newCap, resolveCap,
//   slotsOf, streams (streams.js).

lazyInterface('TransformStream', () => {
  const {
    extractHighWaterMark, extractSizeAlgorithm, initializeTransformStream, newTransformStreamSlots,
    setUpTransformStreamDefaultControllerFromTransformer, toCallbackMember, toQueuingStrategy,
  } = streams();

  const transformStreamSlots = slotsOf('TransformStream');

  // Transformer: { cancel, flush, readableType, start, transform, writableType }.
  function toTransformer(transformer) {
    const dict = toDictionary(transformer, 'Transformer', CONSTRUCT, 'TransformStream');
    const cancelCallback = toCallbackMember(dict, 'cancel', 'Transformer', CONSTRUCT, 'TransformStream');
    const flush = toCallbackMember(dict, 'flush', 'Transformer', CONSTRUCT, 'TransformStream');
    const readableType = dict.readableType;
    const start = toCallbackMember(dict, 'start', 'Transformer', CONSTRUCT, 'TransformStream');
    const transform = toCallbackMember(dict, 'transform', 'Transformer', CONSTRUCT, 'TransformStream');
    const writableType = dict.writableType;
    return { __proto__: null, cancel: cancelCallback, flush, readableType, start, transform, writableType };
  }

  class TransformStream {
    // https://streams.spec.whatwg.org/#ts-constructor
    // ("new TransformStream(transformer, writableStrategy, readableStrategy)")
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      const self = platformObject(new.target);
      if (transformer === undefined) transformer = null;
      const dict = toTransformer(transformer);
      const ws = toQueuingStrategy(writableStrategy, CONSTRUCT, 'TransformStream');
      const rs = toQueuingStrategy(readableStrategy, CONSTRUCT, 'TransformStream');
      if (dict.readableType !== undefined) throw new RangeErrorCtor("Failed to construct 'TransformStream': Invalid readableType specified");
      if (dict.writableType !== undefined) throw new RangeErrorCtor("Failed to construct 'TransformStream': Invalid writableType specified");
      const readableHighWaterMark = extractHighWaterMark(rs, 0);
      const readableSizeAlgorithm = extractSizeAlgorithm(rs);
      const writableHighWaterMark = extractHighWaterMark(ws, 1);
      const writableSizeAlgorithm = extractSizeAlgorithm(ws);
      const stream = newTransformStreamSlots();
      bindSlots(stream, TransformStream, self);
      const startCap = newCap();
      initializeTransformStream(stream, startCap, writableHighWaterMark, writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
      const controller = setUpTransformStreamDefaultControllerFromTransformer(stream, transformer, dict);
      if (dict.start !== undefined) resolveCap(startCap, ReflectApply(dict.start, transformer, [controller]));
      else resolveCap(startCap, undefined);
      return self;
    }
    get readable() { return transformStreamSlots(this).readable.obj; }
    get writable() { return transformStreamSlots(this).writable.obj; }
  }
  return TransformStream;
});
