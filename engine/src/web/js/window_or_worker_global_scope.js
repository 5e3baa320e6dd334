// The WindowOrWorkerGlobalScope mixin (HTML): what every global has beyond
// its own interface. Its timers, queueMicrotask(), structuredClone(),
// reportError(), btoa() and atob() are in their own files.
// https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope-mixin ("The WindowOrWorkerGlobalScope mixin")
//
// Not modelled: createImageBitmap, fetch.

// [Replaceable] attributes: setting one makes a plain data property.
function replaceable(name, get) {
  ObjectDefineProperty(global, name, { __proto__: null,
    get,
    set(v) { ObjectDefineProperty(global, name, { __proto__: null, value: v, writable: true, configurable: true, enumerable: true }); },
    configurable: true, enumerable: true,
  });
}
// Window's self is [Replaceable]; WorkerGlobalScope's is a plain readonly
// attribute (assigning to it does nothing).
if (kind === 'window') {
  replaceable('self', () => global);
} else {
  ObjectDefineProperty(global, 'self', { __proto__: null, get() { return global; }, configurable: true, enumerable: true });
}
ObjectDefineProperty(global, 'isSecureContext', { __proto__: null, get() { return true; }, configurable: true, enumerable: true });
// https://html.spec.whatwg.org/multipage/webappapis.html#dom-crossoriginisolated ("crossOriginIsolated"):
// from the response's COOP/COEP headers (issue 10).
ObjectDefineProperty(global, 'crossOriginIsolated', { __proto__: null, get() { return ops.windowOrWorkerGlobalScopeCrossOriginIsolated(); }, configurable: true, enumerable: true });
// https://html.spec.whatwg.org/multipage/webappapis.html#concept-settings-object-cross-origin-isolated-capability ("cross-origin isolated capability"):
// without it, a realm has no SharedArrayBuffer constructor, as in browsers
// (whatwg/html#5380); the serializer refuses shared memory too (web/clone.rs).
atRealmStart(() => {
  if (!ops.windowOrWorkerGlobalScopeCrossOriginIsolated()) ReflectDeleteProperty(global, 'SharedArrayBuffer');
});
replaceable('origin', () => ops.windowOrWorkerGlobalScopeOrigin());
