// TextDecoder (Encoding Standard), UTF-8 only.
// https://encoding.spec.whatwg.org/#interface-textdecoder ("Interface TextDecoder")
//
// Not modelled: labels other than UTF-8's, streaming (`stream: true`),
// ignoreBOM.

// Uses exposeInterface, platformObject (webidl.js).

const decoderFatal = new WeakMapCtor();
class TextDecoder {
  constructor(label = 'utf-8', options = undefined) {
    const self = platformObject(new.target);
    WeakMapPrototypeSet(decoderFatal, self, !!(options && options.fatal));
    return self;
  }
  get encoding() { return 'utf-8'; }
  get fatal() { return WeakMapPrototypeGet(decoderFatal, this) === true; }
  // https://encoding.spec.whatwg.org/#dom-textdecoder-decode ("decode(input, options)"):
  // the host decodes a copy of the bytes.
  decode(input = undefined) {
    if (input === undefined) return '';
    return ops.textDecoderDecode(bufferCopy(input), WeakMapPrototypeGet(decoderFatal, this) === true);
  }
}
exposeInterface('TextDecoder', TextDecoder);

// A new ArrayBuffer with the bytes of a view (read through its internal
// slots, not its page-reachable accessors) or of anything Uint8Array takes.
function bufferCopy(input) {
  let bytes;
  if (!ArrayBufferIsView(input)) {
    bytes = new Uint8ArrayCtor(input);
  } else if (TypedArrayPrototypeGetSymbolToStringTag(input) !== undefined) {
    bytes = new Uint8ArrayCtor(TypedArrayPrototypeGetBuffer(input), TypedArrayPrototypeGetByteOffset(input), TypedArrayPrototypeGetByteLength(input));
  } else {
    bytes = new Uint8ArrayCtor(DataViewPrototypeGetBuffer(input), DataViewPrototypeGetByteOffset(input), DataViewPrototypeGetByteLength(input));
  }
  return TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(bytes));
}

