import 'bare-specifier';
globalThis.report?.('imports-bare.js ran');
