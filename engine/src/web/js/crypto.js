// Crypto (Web Cryptography API): random values and UUIDs, drawn from the
// agent's seeded stream (web/random.rs): the same --seed and pages give the
// same values.
// https://w3c.github.io/webcrypto/#crypto-interface ("Crypto interface")
//
// SubtleCrypto is in subtle_crypto.js.

// Uses lazyGlobal, materialize, illegalConstructor, INTERNAL, platformObject,
//   requiredArguments (webidl.js); DOMException (dom_exception.js).

// Made on first use (lazyGlobal), its global at its place among the
// globals.
lazyGlobal('Crypto', () => {
  const cryptoObjects = new WeakMapCtor();
  function checkCrypto(self) {
    if (WeakMapPrototypeGet(cryptoObjects, self) !== true) throw new TypeErrorCtor('Illegal invocation');
  }
  // The integer typed arrays getRandomValues() fills.
  const INTEGER_ARRAYS = [
    'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
    'Uint32Array', 'BigInt64Array', 'BigUint64Array',
  ];

  class Crypto {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw illegalConstructor();
      const self = platformObject(new.target);
      WeakMapPrototypeSet(cryptoObjects, self, true);
      return self;
    }
    // https://w3c.github.io/webcrypto/#Crypto-method-getRandomValues ("getRandomValues(array)")
    getRandomValues(array) {
      checkCrypto(this);
      requiredArguments(arguments.length, 1, 'getRandomValues', 'Crypto');
      if (!ArrayBufferIsView(array)) {
        throw new TypeErrorCtor("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
      }
      const tag = TypedArrayPrototypeGetSymbolToStringTag(array);
      if (!ArrayPrototypeIncludes(INTEGER_ARRAYS, tag)) {
        throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '${tag === undefined ? 'DataView' : tag}', which is not an integer array type.`, 'TypeMismatchError');
      }
      const length = TypedArrayPrototypeGetByteLength(array);
      if (length > 65536) {
        throw new DOMException(`Failed to execute 'getRandomValues' on 'Crypto': The ArrayBufferView's byte length (${length}) exceeds the number of bytes of entropy available via this API (65536).`, 'QuotaExceededError');
      }
      const target = new Uint8ArrayCtor(TypedArrayPrototypeGetBuffer(array), TypedArrayPrototypeGetByteOffset(array), length);
      TypedArrayPrototypeSet(target, new Uint8ArrayCtor(ops.cryptoRandomBytes(length)));
      return array;
    }
    // https://w3c.github.io/webcrypto/#Crypto-method-randomUUID ("randomUUID()")
    randomUUID() {
      checkCrypto(this);
      return ops.cryptoRandomUUID();
    }
  }

  // https://w3c.github.io/webcrypto/#dom-crypto-subtle ("subtle"): one
  // SubtleCrypto per realm (subtle_crypto.js).
  let subtleCryptoObject = null;
  ObjectDefineProperty(Crypto.prototype, 'subtle', {
    __proto__: null,
    get() {
      checkCrypto(this);
      if (subtleCryptoObject === null) subtleCryptoObject = new (materialize('SubtleCrypto'))(INTERNAL);
      return subtleCryptoObject;
    },
    configurable: true,
    enumerable: true,
  });
  return Crypto;
}, false);

// https://w3c.github.io/webcrypto/#crypto-interface: the global's `crypto`
// attribute, [SameObject], made (with Crypto) on its first read.
let cryptoObject;
ObjectDefineProperty(global, 'crypto', {
  __proto__: null,
  get() {
    if (cryptoObject === undefined) cryptoObject = new (materialize('Crypto'))(INTERNAL);
    return cryptoObject;
  },
  configurable: true,
  enumerable: true,
});
