// TextEncoderStream (Encoding): strings in, UTF-8 bytes out, a surrogate
// pair split across chunks kept whole.
// https://encoding.spec.whatwg.org/#interface-textencoderstream ("Interface TextEncoderStream")

// Uses lazyInterface, platformObject, toDOMString (webidl.js); bindSlots, slotsOf, streams (streams.js).

lazyInterface('TextEncoderStream', () => {
  const { setUpTransformStream, transformStreamDefaultControllerEnqueue } = streams();

  const encoderStreamSlots = slotsOf('TextEncoderStream');

  class TextEncoderStream {
    // https://encoding.spec.whatwg.org/#dom-textencoderstream ("new TextEncoderStream()")
    constructor() {
      const self = platformObject(new.target);
      const s = { __proto__: null, kind: 'TextEncoderStream', obj: undefined, pendingHighSurrogate: null, transform: undefined };
      // https://encoding.spec.whatwg.org/#encode-and-enqueue-a-chunk ("encode and enqueue a chunk")
      const encodeAndEnqueue = (chunk, c) => {
        let input = toDOMString(chunk);
        if (s.pendingHighSurrogate !== null) {
          input = s.pendingHighSurrogate + input;
          s.pendingHighSurrogate = null;
        }
        const last = input.length > 0 ? StringPrototypeCharCodeAt(input, input.length - 1) : 0;
        if (last >= 0xD800 && last <= 0xDBFF) {
          s.pendingHighSurrogate = StringPrototypeSlice(input, input.length - 1);
          input = StringPrototypeSlice(input, 0, input.length - 1);
        }
        if (input.length === 0) return;
        transformStreamDefaultControllerEnqueue(c, new Uint8ArrayCtor(ops.textEncoderEncode(input)));
      };
      // https://encoding.spec.whatwg.org/#encode-and-flush ("encode and flush")
      const encodeAndFlush = (unused, c) => {
        if (s.pendingHighSurrogate !== null) {
          const out = new Uint8ArrayCtor(3);
          out[0] = 0xEF;
          out[1] = 0xBF;
          out[2] = 0xBD;
          transformStreamDefaultControllerEnqueue(c, out);
        }
      };
      s.transform = setUpTransformStream(encodeAndEnqueue, encodeAndFlush);
      bindSlots(s, TextEncoderStream, self);
      return self;
    }
    get encoding() { encoderStreamSlots(this); return 'utf-8'; }
    get readable() { return encoderStreamSlots(this).transform.readable.obj; }
    get writable() { return encoderStreamSlots(this).transform.writable.obj; }
  }
  return TextEncoderStream;
});
