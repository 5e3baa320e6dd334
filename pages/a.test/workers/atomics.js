onmessage = (e) => {
  const view = new Int32Array(e.data);
  Atomics.add(view, 0, 42);
  postMessage('added');
  // Block until the page stores into slot 1 and notifies.
  Atomics.wait(view, 1, 0);
  postMessage('woke with ' + Atomics.load(view, 1));
};
