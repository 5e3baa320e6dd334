// A cycle whose modules only use each other's bindings once both ran.
import { b } from './cycle-ok-b.js';
export function a() { return 'a'; }
globalThis.report?.('cycle-ok: ' + a() + b());
