// TextEncoder (Encoding Standard): UTF-8 bytes of a string.
// https://encoding.spec.whatwg.org/#interface-textencoder ("Interface TextEncoder")

// Uses lazyInterface, platformObject, requiredArguments, toDOMString, toUSVString (webidl.js).

lazyInterface('TextEncoder', () => {
  class TextEncoder {
    constructor() { return platformObject(new.target); }
    get encoding() { return 'utf-8'; }
    // https://encoding.spec.whatwg.org/#dom-textencoder-encode ("encode(input)")
    encode(s = '') { return new Uint8ArrayCtor(ops.textEncoderEncode(toDOMString(s))); }
    // https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto ("encodeInto(source, destination)"):
    // as much of `source` as fits, whole code points only.
    encodeInto(source, destination) {
      requiredArguments(arguments.length, 2, 'encodeInto', 'TextEncoder');
      const s = toUSVString(source);
      if (TypedArrayPrototypeGetSymbolToStringTag(destination) !== 'Uint8Array') {
        throw new TypeErrorCtor("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
      }
      const room = TypedArrayPrototypeGetByteLength(destination);
      const out = new Uint8ArrayCtor(TypedArrayPrototypeGetBuffer(destination), TypedArrayPrototypeGetByteOffset(destination), room);
      let read = 0;
      let written = 0;
      while (read < s.length) {
        const c = StringPrototypeCodePointAt(s, read);
        if (c < 0x80) {
          if (written + 1 > room) break;
          out[written++] = c;
        } else if (c < 0x800) {
          if (written + 2 > room) break;
          out[written++] = 0xC0 | (c >> 6);
          out[written++] = 0x80 | (c & 0x3F);
        } else if (c < 0x10000) {
          if (written + 3 > room) break;
          out[written++] = 0xE0 | (c >> 12);
          out[written++] = 0x80 | ((c >> 6) & 0x3F);
          out[written++] = 0x80 | (c & 0x3F);
        } else {
          if (written + 4 > room) break;
          out[written++] = 0xF0 | (c >> 18);
          out[written++] = 0x80 | ((c >> 12) & 0x3F);
          out[written++] = 0x80 | ((c >> 6) & 0x3F);
          out[written++] = 0x80 | (c & 0x3F);
        }
        read += c > 0xFFFF ? 2 : 1;
      }
      return { read, written };
    }
  }
  return TextEncoder;
});
