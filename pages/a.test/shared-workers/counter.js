// A shared worker that counts its connections and answers on each port.
let connections = 0;
onconnect = (e) => {
  connections++;
  const port = e.ports[0];
  port.onmessage = (m) => {
    if (m.data === 'count') port.postMessage({ connections, origin: self.origin, name: self.name });
    if (m.data === 'shape') {
      port.postMessage({
        eventType: e.constructor.name,
        ports: e.ports.length,
        source: e.source === port,
        data: e.data,
        globalName: Object.getPrototypeOf(self).constructor.name,
        hasWindowOnly: typeof document + typeof HTMLElement + typeof Window,
        hasPostMessage: typeof self.postMessage,
      });
    }
  };
};
