// Answers with whether crypto.subtle is this global's SubtleCrypto, and
// the SHA-512 of "abc" in hex.
crypto.subtle.digest('SHA-512', new TextEncoder().encode('abc')).then((d) => {
  postMessage([self.SubtleCrypto === crypto.subtle.constructor, Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('')]);
});
