onmessage = (e) => {
  const port = e.ports[0];
  port.onmessage = (m) => port.postMessage('worker got: ' + m.data);
};
