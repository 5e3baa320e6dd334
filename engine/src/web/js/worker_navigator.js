// WorkerNavigator (HTML): who the user agent says it is, in a worker: the
// NavigatorID, NavigatorLanguage, NavigatorOnLine and
// NavigatorConcurrentHardware members workers get, with the values the
// window's navigator has (js/navigator.js).
// https://html.spec.whatwg.org/multipage/workers.html#the-workernavigator-object ("The WorkerNavigator object")
// https://html.spec.whatwg.org/multipage/system-state.html#client-identification ("Client identification")
//
// Not modelled: NavigatorStorage, NavigatorLocks, NavigatorGPU… (no
// storage manager, locks or GPU); the languagechange, online and offline
// events never fire (the values never change).

// Uses exposeInterface, illegalConstructor, INTERNAL (webidl.js).

// https://html.spec.whatwg.org/multipage/system-state.html#dom-navigator-languages ("navigator.languages"):
// the same frozen array each time, as long as the languages do not change.
const workerLanguages = ObjectFreeze(['en-US', 'en']);
class WorkerNavigator {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  // NavigatorID, as in workers (productSub, vendor and vendorSub are
  // window-only).
  get appCodeName() { return 'Mozilla'; }
  get appName() { return 'Netscape'; }
  get appVersion() { return '5.0 (isohost)'; }
  get platform() { return 'Linux x86_64'; }
  get product() { return 'Gecko'; }
  get userAgent() { return 'Mozilla/5.0 (isohost; V8 10.2) isohost/0.1'; }
  // NavigatorLanguage.
  get language() { return 'en-US'; }
  get languages() { return workerLanguages; }
  // NavigatorOnLine.
  get onLine() { return true; }
  // https://html.spec.whatwg.org/multipage/workers.html#dom-navigator-hardwareconcurrency ("navigator.hardwareConcurrency")
  get hardwareConcurrency() { return ops.navigatorHardwareConcurrency(); }
}
exposeInterface('WorkerNavigator', WorkerNavigator);
const workerNavigator = new WorkerNavigator(INTERNAL);

return [workerNavigator];
