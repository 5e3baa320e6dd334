import { counter } from './lib.js';
order.push('entry.js ran with counter ' + counter() + ' (lib.js evaluated once)');
window.entryMeta = import.meta.url;
