// Reports what a worker's global shows of interfaces made on first use,
// then uses them.
const report = {};
for (const name of ['ReadableStream', 'TransformStream', 'TextEncoderStream', 'TextEncoder', 'Headers', 'Request', 'Response', 'XMLHttpRequest', 'AbortController', 'FormData',
  'AbortSignal', 'MessageEvent', 'Blob', 'File', 'ImageData', 'MessagePort']) {
  const inBefore = name in self;
  const d = Object.getOwnPropertyDescriptor(self, name);
  report[name] = {
    inBefore,
    type: typeof d.value,
    writable: d.writable,
    enumerable: d.enumerable,
    configurable: d.configurable,
    tag: Object.prototype.toString.call(d.value.prototype),
    same: self[name] === d.value,
  };
}
// The console namespace, made on first use in workers too.
const consoleDescriptor = Object.getOwnPropertyDescriptor(self, 'console');
const consoleReport = [Object.prototype.toString.call(consoleDescriptor.value), typeof consoleDescriptor.value,
  consoleDescriptor.writable, consoleDescriptor.enumerable, self.console === consoleDescriptor.value,
  Object.keys(self.console)[0]].join(' ');
const chunks = [];
new ReadableStream({ start(c) { c.enqueue('h\u00e9'); c.close(); } })
  .pipeThrough(new TextEncoderStream())
  .pipeTo(new WritableStream({ write(chunk) { chunks.push(...chunk); } }))
  .then(() => new Response(new Uint8Array(chunks)).text())
  .then((text) => postMessage({ report, text, headers: new Headers({ a: '1' }).get('a'), console: consoleReport }));
