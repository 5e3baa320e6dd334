// WorkerLocation (HTML): a worker's script URL, read-only.
// https://html.spec.whatwg.org/multipage/workers.html#worker-locations ("Worker locations")

// Uses exposeInterface, illegalConstructor, INTERNAL (webidl.js); parsedURL (url.js).

class WorkerLocation {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  toString() { return ops.workerLocationHref(); }
}
const PARTS = ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
for (let i = 0; i < PARTS.length; i++) {
  const part = PARTS[i];
  ObjectDefineProperty(WorkerLocation.prototype, part, { __proto__: null,
    get() { const u = parsedURL(ops.workerLocationHref()); return u !== null ? u[part] : ''; },
    enumerable: true, configurable: true,
  });
}
exposeInterface('WorkerLocation', WorkerLocation);
const workerLocation = new WorkerLocation(INTERNAL);

return [workerLocation];
