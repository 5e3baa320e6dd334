// import() of the module that is running, and of a module in its own
// cycle: both settle once this evaluation is over.
import './self-import-b.js';
export const value = 'self';
import('./self-import.js').then(
  (ns) => globalThis.report?.('self import: ' + ns.value),
  (e) => globalThis.report?.('self import rejected: ' + e));
