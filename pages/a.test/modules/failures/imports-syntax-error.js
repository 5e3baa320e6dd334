import './syntax-error.js';
globalThis.report?.('imports-syntax-error.js ran');
