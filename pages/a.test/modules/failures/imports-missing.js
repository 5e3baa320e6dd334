import './does-not-exist.js';
globalThis.report?.('imports-missing.js ran');
