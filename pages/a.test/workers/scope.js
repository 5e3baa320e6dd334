// WorkerGlobalScope's self is readonly, not [Replaceable] as Window's is:
// assigning to it (sloppy mode) changes nothing.
const selfBefore = self;
self = 1;

postMessage({
  selfIsReadonly: self === selfBefore,
  pageGlobal: typeof pageGlobal,
  document: typeof document,
  window: typeof window,
  name: self.name,
  self: self === globalThis,
  location: location.href,
  origin: self.origin,
  globalName: Object.getPrototypeOf(self).constructor.name,
  hasTimers: typeof setTimeout === 'function' && typeof setInterval === 'function',
  hasStructuredClone: typeof structuredClone === 'function',
  hasImportScripts: typeof importScripts === 'function',
});
