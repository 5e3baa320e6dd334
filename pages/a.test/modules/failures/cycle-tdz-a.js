// A cycle where the module evaluated first reads a binding of the other
// before it is initialised: a ReferenceError at evaluation.
import { fromB } from './cycle-tdz-b.js';
export const fromA = 'a';
globalThis.report?.('cycle-tdz-a.js ran ' + fromB);
