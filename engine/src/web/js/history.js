// History (HTML), as a stand-in: isohost keeps no session history, so the
// history has one entry and every traversal does nothing.
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-history-interface ("The History interface")

const historyObject = {
  get length() { return 1; },
  get state() { return null; },
  back() {}, forward() {}, go() {},
  pushState() {}, replaceState() {},
};
ObjectDefineProperty(global, 'history', { __proto__: null, value: historyObject, writable: true, configurable: true, enumerable: true });
