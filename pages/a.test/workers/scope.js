postMessage({
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
