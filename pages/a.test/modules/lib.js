let count = 0;
export function double(x) { return x * 2; }
export function counter() { count += 1; return count; }
export const name = 'lib';
export default 'hello from lib';
counter();
