postMessage('spinning');
setTimeout(() => {
  for (;;) {}
}, 0);
setInterval(() => postMessage('tick'), 50);
