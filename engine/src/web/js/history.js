// History (HTML): the tab's session history as the page sees it.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-history-interface ("The History interface")
//
// The session history itself is the host's (web/session_history.rs): this
// file keeps the document's history state (its deserialized copy) and
// asks the host to push, replace and traverse. Not modelled: scroll
// restoration (scrollRestoration is kept, and does nothing).

// Uses define, lazyInterface, illegalConstructor, INTERNAL, materialize, requiredArguments,
//   toDOMString, toLong (webidl.js); dispatch, FROM_TASK (event_target.js); trustedEvent
//   (event.js); domChanged (node.js).

// The document's history object state: StructuredDeserialize of its entry's
// serialized state, made when it changes (so history.state === history.state).
let historyState = null;
let scrollRestoration = 'auto';

lazyInterface('History', () => {
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#shared-history-push/replace-state-steps ("shared history push/replace state steps")
  function pushOrReplace(data, url, replace) {
    const operation = replace ? 'replaceState' : 'pushState';
    // The host serializes (a DataCloneError for what cannot be stored),
    // resolves and checks the URL (a SecurityError), updates the document's
    // URL and the session history, and gives back the deserialized copy.
    historyState = ops.historyPushState(data, url === undefined || url === null ? null : toDOMString(url), replace, operation);
  }
  class History {
    constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  }
  define(History.prototype, {
    // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-history-length ("length")
    get length() { return ops.historyLength(); },
    get state() { return historyState; },
    get scrollRestoration() { return scrollRestoration; },
    // An enumeration attribute ignores what is not one of its values.
    set scrollRestoration(v) { const s = toDOMString(v); if (s === 'auto' || s === 'manual') scrollRestoration = s; },
    // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-history-go ("go(delta)")
    go(delta = 0) { ops.historyGo(toLong(delta)); },
    back() { ops.historyGo(-1); },
    forward() { ops.historyGo(1); },
    pushState(data, unused, url = undefined) {
      requiredArguments(arguments.length, 2, 'pushState', 'History');
      pushOrReplace(data, url, false);
    },
    replaceState(data, unused, url = undefined) {
      requiredArguments(arguments.length, 2, 'replaceState', 'History');
      pushOrReplace(data, url, true);
    },
  }, false);
  return History;
});
// Made on first read: most pages never look at it.
let historyObject = null;
ObjectDefineProperty(global, 'history', {
  __proto__: null,
  get() {
    if (historyObject === null) historyObject = new (materialize('History'))(INTERNAL);
    return historyObject;
  },
  enumerable: true,
  configurable: true,
});

// The host restores an entry's state (a traversal), then may fire popstate.
hooks.setHistoryState = (value) => { historyState = value; };
// https://html.spec.whatwg.org/multipage/browsing-the-web.html#update-document-for-history-step-application ("fire popstate")
hooks.firePopState = (state) => {
  domChanged();
  return dispatch(global, trustedEvent(materialize('PopStateEvent'), 'popstate', { state }), FROM_TASK);
};
