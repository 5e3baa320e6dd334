// A nested worker: echoes, throws on request, and ticks on a broadcast
// channel while it lives.
const ticks = new BroadcastChannel('nested-ticks');
setInterval(() => ticks.postMessage('tick'), 10);
onmessage = (e) => {
  if (e.data === 'throw') throw new Error('thrown in the nested worker');
  postMessage({ echo: e.data, location: location.href, globalName: Object.getPrototypeOf(self).constructor.name });
};
