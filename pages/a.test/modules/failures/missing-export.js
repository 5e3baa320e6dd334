import { notExported } from './cycle-ok-a.js';
globalThis.report?.('missing-export.js ran ' + notExported);
