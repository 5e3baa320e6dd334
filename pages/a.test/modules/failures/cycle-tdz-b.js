import { fromA } from './cycle-tdz-a.js';
export const fromB = 'b' + fromA;
