// The same measurements as pages/bench.test/worker-bench.html, on Node's
// worker_threads, for comparison: node benches/node-worker-threads.js ROUNDS MB
const { Worker } = require('worker_threads');
const rounds = Number(process.argv[2] || 10000);
const mb = Number(process.argv[3] || 256);
const code = `
const { parentPort } = require('worker_threads');
parentPort.postMessage('ready');
parentPort.on('message', (d) => {
  if (d instanceof ArrayBuffer) parentPort.postMessage(d, [d]); else parentPort.postMessage(d);
});`;
(async () => {
  const { performance } = require('perf_hooks');
  const t0 = performance.now();
  const w = new Worker(code, { eval: true });
  await new Promise((r) => w.once('message', r));
  const startup = performance.now() - t0;
  let left = rounds;
  const t1 = performance.now();
  await new Promise((resolve) => {
    const on = () => { if (--left > 0) w.postMessage({ n: left, text: 'ping' }); else { w.off('message', on); resolve(); } };
    w.on('message', on);
    w.postMessage({ n: left, text: 'ping' });
  });
  const roundMs = performance.now() - t1;
  let chunks = mb;
  const t2 = performance.now();
  await new Promise((resolve) => {
    const on = (b) => { if (--chunks > 0) w.postMessage(b, [b]); else { w.off('message', on); resolve(); } };
    w.on('message', on);
    const b = new ArrayBuffer(1024 * 1024);
    w.postMessage(b, [b]);
  });
  const transferMs = performance.now() - t2;
  console.log(JSON.stringify({ startup, rounds, roundMs, mb, transferMs }));
  await w.terminate();
})();
