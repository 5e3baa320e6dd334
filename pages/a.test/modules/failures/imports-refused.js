// An encoded separator that would climb out of the fixture root: the
// loader refuses it like a network error.
import '/..%2F..%2F..%2Foutside.js';
globalThis.report?.('imports-refused.js ran');
