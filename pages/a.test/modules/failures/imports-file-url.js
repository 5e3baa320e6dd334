import 'file:///etc/passwd';
globalThis.report?.('imports-file-url.js ran');
