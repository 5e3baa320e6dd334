import { a } from './cycle-ok-a.js';
export function b() { return 'b'; }
export const seen = typeof a;
