// TextDecoderStream (Encoding): bytes in, strings out, through a
// TextDecoder decoding with `stream: true`.
// https://encoding.spec.whatwg.org/#interface-textdecoderstream ("Interface TextDecoderStream")
//
// Its encodings, fatal mode and BOM handling are TextDecoder's (text_decoder.js).

// Uses lazyInterface, materialize, platformObject (webidl.js); textDecoderInternals (text_decoder.js);
//   bindSlots, slotsOf, streams (streams.js).

const decoderStreamSlots = slotsOf('TextDecoderStream');

lazyInterface('TextDecoderStream', () => {
  const TextDecoderCtor = materialize('TextDecoder');
  const { decode: TextDecoderPrototypeDecode, state: decoderState } = textDecoderInternals();
  const { setUpTransformStream, transformStreamDefaultControllerEnqueue } = streams();

  // https://webidl.spec.whatwg.org/#AllowSharedBufferSource
  function isBufferSource(value) {
    if (ArrayBufferIsView(value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    try {
      ArrayBufferPrototypeGetByteLength(value);
      return true;
    } catch (e) {
      try {
        SharedArrayBufferPrototypeGetByteLength(value);
        return true;
      } catch (e2) {
        return false;
      }
    }
  }

  class TextDecoderStream {
    // https://encoding.spec.whatwg.org/#dom-textdecoderstream ("new TextDecoderStream(label, options)")
    constructor(label = 'utf-8', options = undefined) {
      const decoder = new TextDecoderCtor(label, options);
      const self = platformObject(new.target);
      const s = { __proto__: null, kind: 'TextDecoderStream', obj: undefined, decoder, transform: undefined };
      const STREAM = { __proto__: null, stream: true };
      // https://encoding.spec.whatwg.org/#decode-and-enqueue-a-chunk ("decode and enqueue a chunk")
      const decodeAndEnqueue = (chunk, c) => {
        if (!isBufferSource(chunk)) throw new TypeErrorCtor("Failed to execute 'decode' on 'TextDecoderStream': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
        const output = TextDecoderPrototypeDecode(decoder, chunk, STREAM);
        if (output.length > 0) transformStreamDefaultControllerEnqueue(c, output);
      };
      // https://encoding.spec.whatwg.org/#flush-and-enqueue ("flush and enqueue")
      const flushAndEnqueue = (unused, c) => {
        const output = TextDecoderPrototypeDecode(decoder);
        if (output.length > 0) transformStreamDefaultControllerEnqueue(c, output);
      };
      s.transform = setUpTransformStream(decodeAndEnqueue, flushAndEnqueue);
      bindSlots(s, TextDecoderStream, self);
      return self;
    }
    get encoding() { return decoderState(decoderStreamSlots(this).decoder).encoding; }
    get fatal() { return decoderState(decoderStreamSlots(this).decoder).fatal; }
    get ignoreBOM() { return decoderState(decoderStreamSlots(this).decoder).ignoreBOM; }
    get readable() { return decoderStreamSlots(this).transform.readable.obj; }
    get writable() { return decoderStreamSlots(this).transform.writable.obj; }
  }
  return TextDecoderStream;
});
