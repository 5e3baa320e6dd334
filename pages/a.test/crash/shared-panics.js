// Starts a nested worker, then its thread panics once the nested one is up.
const inner = new Worker('../shared-workers/nest-inner.js');
inner.onmessage = () => isohostTest.panic();
