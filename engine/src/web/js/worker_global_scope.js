// WorkerGlobalScope (HTML): what every worker's global has -- its location,
// navigator and importScripts().
// https://html.spec.whatwg.org/multipage/workers.html#the-workerglobalscope-common-interface ("The WorkerGlobalScope common interface")
//
// Not modelled: the offline and language events are never fired.

// Uses define, exposeInterface, illegalConstructor, INTERNAL, toDOMString (webidl.js);
//   defineEventHandlers (event_handlers.js); workerLocation (worker_location.js); workerNavigator
//   (worker_navigator.js).

class WorkerGlobalScope extends EventTarget {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); super(); }
}
exposeInterface('WorkerGlobalScope', WorkerGlobalScope);

define(global, {
  // https://html.spec.whatwg.org/multipage/workers.html#dom-workerglobalscope-importscripts ("importScripts(...urls)"):
  // fetched and run in order by the host; an exception propagates.
  importScripts(...urls) {
    const list = [];
    for (let i = 0; i < urls.length; i++) ArrayAppend(list, toDOMString(urls[i]));
    ops.workerGlobalScopeImportScripts(list);
  },
  get location() { return workerLocation; },
  get navigator() { return workerNavigator; },
});
defineEventHandlers(global, ['onerror', 'onunhandledrejection', 'onrejectionhandled', 'onlanguagechange', 'onoffline', 'ononline']);

return [WorkerGlobalScope];
