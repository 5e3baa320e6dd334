console.log('worker: name=' + self.name + ', has document: ' + (typeof document !== 'undefined') + ', pageSecret: ' + typeof pageSecret);
console.log('worker: location ' + location.href + ', origin ' + self.origin);
onmessage = (e) => {
  postMessage({ echo: e.data, worker: true });
  setTimeout(() => postMessage({ done: true }), 1000);
};
