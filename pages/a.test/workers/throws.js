onmessage = (e) => {
  setTimeout(() => postMessage('still running'), 10);
  throw new Error('boom from the worker');
};
