// WorkerNavigator (HTML): who the user agent says it is, in a worker.
// https://html.spec.whatwg.org/multipage/workers.html#the-workernavigator-object ("The WorkerNavigator object")

// Uses exposeInterface, illegalConstructor, INTERNAL (webidl.js).

class WorkerNavigator {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get userAgent() { return 'Mozilla/5.0 (isohost; V8 10.2) isohost/0.1'; }
  get hardwareConcurrency() { return ops.navigatorHardwareConcurrency(); }
  get language() { return 'en-US'; }
  get languages() { return ['en-US', 'en']; }
  get onLine() { return true; }
}
exposeInterface('WorkerNavigator', WorkerNavigator);
const workerNavigator = new WorkerNavigator(INTERNAL);

return [workerNavigator];
