// SubtleCrypto (Web Cryptography API): digest() with SHA-1, SHA-256,
// SHA-384 and SHA-512, hashed in Rust (web/ops/subtle_crypto.rs).
// Crypto's `subtle` attribute is in crypto.js.
// https://w3c.github.io/webcrypto/#subtlecrypto-interface ("SubtleCrypto interface")
//
// SubtleCrypto and `crypto.subtle` are [SecureContext]: every realm here is
// a secure context (window_or_worker_global_scope.js: isSecureContext is
// true, fixtures are served as potentially trustworthy), so both are always
// exposed.
//
// Not modelled: keys and every other operation (encrypt, sign, importKey,
// generateKey, deriveBits...): they are absent, not stubs.

// Uses lazyInterface, illegalConstructor, INTERNAL, isArrayBuffer, platformObject,
//   requiredArguments, bufferSourceOrNull, failedTo, toDOMString, viewedBuffer (webidl.js);
//   DOMException (dom_exception.js); queueGlobalTask (task_queuing.js); copyBytes (body.js).

// Made with the interface (no SubtleCrypto exists before it).
let subtleCryptoObjects;

// https://w3c.github.io/webcrypto/#algorithm-overview: the algorithms
// registered for "digest", by their names' case.
const DIGEST_ALGORITHMS = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

lazyInterface('SubtleCrypto', () => {
  function checkSubtleCrypto(self) {
    if (WeakMapPrototypeGet(subtleCryptoObjects, self) !== true) throw new TypeErrorCtor('Illegal invocation');
  }
  function asciiLowercase(s) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = StringPrototypeCharCodeAt(s, i);
      out += c >= 0x41 && c <= 0x5A ? StringFromCharCode(c + 0x20) : s[i];
    }
    return out;
  }
  // https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm
  // ("normalize an algorithm") for op "digest": the registered name, or a
  // thrown TypeError (no name) or NotSupportedError (not registered).
  function normalizeDigestAlgorithm(alg) {
    // AlgorithmIdentifier is (object or DOMString): a string, or anything
    // that is no object, is {name: alg}.
    let name;
    if (alg !== null && (typeof alg === 'object' || typeof alg === 'function')) {
      // 2. Convert alg to the Algorithm dictionary: `name` is required.
      const value = alg.name;
      if (value === undefined) {
        throw new TypeErrorCtor(`${failedTo('digest', 'SubtleCrypto')}: Algorithm: name: Missing or not a string`);
      }
      name = toDOMString(value);
    } else {
      name = toDOMString(alg);
    }
    // 4. An ASCII case-insensitive match of a registered algorithm.
    const lower = asciiLowercase(name);
    for (let i = 0; i < DIGEST_ALGORITHMS.length; i++) {
      if (asciiLowercase(DIGEST_ALGORITHMS[i]) === lower) return DIGEST_ALGORITHMS[i];
    }
    throw new DOMException(`${failedTo('digest', 'SubtleCrypto')}: Algorithm: Unrecognized name`, 'NotSupportedError');
  }
  // https://webidl.spec.whatwg.org/#dfn-get-buffer-source-copy ("get a copy
  // of the bytes held by the buffer source"): none for a detached buffer.
  function bufferSourceCopy(source) {
    const buffer = isArrayBuffer(source) ? source : viewedBuffer(source);
    if (ArrayBufferPrototypeGetByteLength(buffer) === 0) return new Uint8ArrayCtor(0);
    return copyBytes(isArrayBuffer(source) ? new Uint8ArrayCtor(source) : source);
  }
  subtleCryptoObjects = new WeakMapCtor();
  class SubtleCrypto {
    constructor(key = undefined) {
      if (key !== INTERNAL) throw illegalConstructor();
      const self = platformObject(new.target);
      WeakMapPrototypeSet(subtleCryptoObjects, self, true);
      return self;
    }
    // https://w3c.github.io/webcrypto/#SubtleCrypto-method-digest ("digest(algorithm, data)")
    // A promise-returning operation: what it throws rejects the promise.
    digest(algorithm, data) {
      try {
        checkSubtleCrypto(this);
        requiredArguments(arguments.length, 2, 'digest', 'SubtleCrypto');
        const source = bufferSourceOrNull(data, 'digest', 'SubtleCrypto');
        if (source === null) {
          throw new TypeErrorCtor(`${failedTo('digest', 'SubtleCrypto')}: The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.`);
        }
        // 2. A copy of the bytes, now. 3-4. The algorithm's name.
        const bytes = bufferSourceCopy(source);
        const name = normalizeDigestAlgorithm(algorithm);
        // 7-9. The digest of the copy (hashed at once: nothing else can
        // reach the copy, so "in parallel" shows no difference).
        const digest = ops.subtleCryptoDigest(name, bytes);
        // 6, 10-12. A promise resolved in a task of the crypto task source.
        return new PromiseCtor((resolve) => {
          queueGlobalTask('crypto', () => resolve(digest));
        });
      } catch (e) {
        return PromiseReject(e);
      }
    }
  }
  return SubtleCrypto;
});
