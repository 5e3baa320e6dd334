// What a dedicated worker's global exposes.
const names = ['Window', 'Document', 'HTMLElement', 'Node', 'Storage', 'localStorage', 'sessionStorage', 'HTMLCollection', 'DOMParser', 'SharedArrayBuffer'];
const exposed = {};
for (const n of names) exposed[n] = n in self;
postMessage({
  exposed,
  crossOriginIsolated: self.crossOriginIsolated,
  navigator: {
    proto: Object.prototype.toString.call(navigator),
    userAgent: navigator.userAgent,
    appName: navigator.appName,
    language: navigator.language,
    sameLanguages: navigator.languages === navigator.languages,
    onLine: navigator.onLine,
    hardwareConcurrency: navigator.hardwareConcurrency,
    vendor: 'vendor' in navigator,
  },
  location: Object.prototype.toString.call(location),
  pathname: location.pathname,
});
