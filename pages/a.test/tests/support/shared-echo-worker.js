// A shared worker that posts back, on each connection, every message it receives.
onconnect = (e) => {
  const port = e.ports[0];
  port.onmessage = (m) => port.postMessage(m.data);
};
