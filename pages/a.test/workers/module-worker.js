import { double } from '../modules/lib.js';
onmessage = (e) => postMessage({ doubled: double(e.data), meta: import.meta.url });
