// import() (HTML module scripts): a promise for the module namespace, made
// in this realm; the module graph is fetched, linked and evaluated by the
// host (web/modules.rs), then its evaluation (a promise, with top-level
// await) is awaited.
// https://html.spec.whatwg.org/multipage/webappapis.html#hostloadimportedmodule ("HostLoadImportedModule")

// Uses toDOMString (webidl.js).

hooks.dynamicImport = (specifier, referrer) => new PromiseCtor((resolve, reject) => {
  try {
    const loaded = ops.dynamicImportLoad(toDOMString(specifier), referrer);
    const namespace = loaded[0];
    PromisePrototypeThen(PromiseResolve(loaded[1]), () => resolve(namespace), reject);
  } catch (e) {
    reject(e);
  }
});
