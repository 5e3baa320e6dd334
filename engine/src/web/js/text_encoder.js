// TextEncoder (Encoding Standard): UTF-8 bytes of a string.
// https://encoding.spec.whatwg.org/#interface-textencoder ("Interface TextEncoder")
//
// Not modelled: encodeInto().

// Uses exposeInterface, platformObject, toDOMString (webidl.js).

class TextEncoder {
  constructor() { return platformObject(new.target); }
  get encoding() { return 'utf-8'; }
  // https://encoding.spec.whatwg.org/#dom-textencoder-encode ("encode(input)")
  encode(s = '') { return new Uint8ArrayCtor(ops.textEncoderEncode(toDOMString(s))); }
}
exposeInterface('TextEncoder', TextEncoder);

