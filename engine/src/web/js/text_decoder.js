// TextDecoder (Encoding Standard): bytes to a string by any of the
// standard's encodings (encoding_rs), with fatal, ignoreBOM and streaming.
// https://encoding.spec.whatwg.org/#interface-textdecoder ("Interface TextDecoder")
//
// A decoder in the middle of a stream (`decode(..., { stream: true })`) is
// the host's, kept under a number until a decode that flushes; a
// TextDecoder collected mid-stream releases it (a FinalizationRegistry).

// Uses CONSTRUCT, lazyGlobal, materialize, isArrayBuffer, isSharedArrayBuffer, platformObject, stateAccessor,
//   toDictionary, toDOMString (webidl.js).

// For TextDecoderStream: a decoder's decode() and state, as the bindings
// made them (TextDecoder made now if need be).
let internals;
function textDecoderInternals() {
  materialize('TextDecoder');
  return internals;
}

// Made on first use (lazyGlobal), its global at its place among the
// globals; its state, registry and helpers with it.
lazyGlobal('TextDecoder', () => {
  // object -> { encoding, fatal, ignoreBOM, stream } (stream: the host's
  // number for this decoder's stream state, 0 before the first streaming
  // decode).
  const decoderStates = new WeakMapCtor();
  const decoderState = stateAccessor(decoderStates);
  const decoderRegistry = new FinalizationRegistryCtor((stream) => ops.textDecoderRelease(stream));

  class TextDecoder {
    // https://encoding.spec.whatwg.org/#dom-textdecoder ("new TextDecoder(label, options)")
    constructor(label = 'utf-8', options = undefined) {
      const name = toDOMString(label);
      const dict = toDictionary(options, 'TextDecoderOptions', CONSTRUCT, 'TextDecoder');
      const fatal = !!dict.fatal;
      const ignoreBOM = !!dict.ignoreBOM;
      // "get an encoding": failure or replacement is a RangeError.
      const encoding = ops.textDecoderEncoding(name);
      if (encoding === null) {
        throw new RangeErrorCtor(`Failed to construct 'TextDecoder': The encoding label provided ('${name}') is invalid.`);
      }
      const self = platformObject(new.target);
      WeakMapPrototypeSet(decoderStates, self, { encoding, fatal, ignoreBOM, stream: 0 });
      return self;
    }
    get encoding() { return decoderState(this).encoding; }
    get fatal() { return decoderState(this).fatal; }
    get ignoreBOM() { return decoderState(this).ignoreBOM; }
    // https://encoding.spec.whatwg.org/#dom-textdecoder-decode ("decode(input, options)"):
    // the host decodes a copy of the bytes; with `stream` it keeps what an
    // incomplete sequence left for the next call.
    decode(input = undefined, options = undefined) {
      const s = decoderState(this);
      const bytes = input === undefined ? new ArrayBufferCtor(0) : bufferCopy(input, 'decode');
      const stream = !!toDictionary(options, 'TextDecodeOptions', 'decode', 'TextDecoder').stream;
      if (stream && s.stream === 0) {
        s.stream = ops.textDecoderOpen();
        FinalizationRegistryPrototypeRegister(decoderRegistry, this, s.stream);
      }
      return ops.textDecoderDecode(s.stream, s.encoding, bytes, s.fatal, s.ignoreBOM, stream);
    }
  }

  // A new ArrayBuffer with the bytes of a BufferSource (a view read through
  // its internal slots, not its page-reachable accessors), shared or not.
  function bufferCopy(input, operation) {
    let bytes;
    if (isArrayBuffer(input) || isSharedArrayBuffer(input)) {
      bytes = new Uint8ArrayCtor(input);
    } else if (!ArrayBufferIsView(input)) {
      throw new TypeErrorCtor(`Failed to execute '${operation}' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.`);
    } else if (TypedArrayPrototypeGetSymbolToStringTag(input) !== undefined) {
      bytes = new Uint8ArrayCtor(TypedArrayPrototypeGetBuffer(input), TypedArrayPrototypeGetByteOffset(input), TypedArrayPrototypeGetByteLength(input));
    } else {
      bytes = new Uint8ArrayCtor(DataViewPrototypeGetBuffer(input), DataViewPrototypeGetByteOffset(input), DataViewPrototypeGetByteLength(input));
    }
    const copy = new Uint8ArrayCtor(TypedArrayPrototypeGetByteLength(bytes));
    TypedArrayPrototypeSet(copy, bytes);
    return TypedArrayPrototypeGetBuffer(copy);
  }

  internals = { __proto__: null, decode: uncurryThis(TextDecoder.prototype.decode), state: decoderState };
  return TextDecoder;
}, false);

return [textDecoderInternals];
