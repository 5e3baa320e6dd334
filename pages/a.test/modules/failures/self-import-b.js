import('./self-import.js').then(
  (ns) => globalThis.report?.('cycle import: ' + ns.value),
  (e) => globalThis.report?.('cycle import rejected: ' + e));
