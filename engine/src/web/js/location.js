// Location (HTML): the window's URL and navigating it. The object comes
// from a host template (templates.rs), so that V8 checks access to it like
// to the window itself: other origins reach only href's setter and
// replace() (web/window_proxy.rs).
// https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface ("The Location interface")
//
// Navigation goes through the host's one entry point (web/navigation.rs):
// replace() and reload() add no session history entry.

// Uses exposeInterface, illegalConstructor, INTERNAL, requiredArguments, toDOMString
//   (webidl.js); DOMException (dom_exception.js); parsedURL (url.js).

class Location {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
}
exposeInterface('Location', Location);
// The host's (access-checked, its frame's), made in each realm.
let location;
atRealmStart(() => {
  location = ops.locationCreate();
  ObjectSetPrototypeOf(location, Location.prototype);
});

function documentURL() { return ops.documentURL(ops.windowDocument()); }

// A navigation's URL, parsed against the entry realm's document (the one
// whose script is running, which for a cross-origin navigation is the
// accessing one). `context` begins the SyntaxError's message.
function resolveForNavigation(url, context = '') {
  const u = parsedURL(toDOMString(url), ops.locationEntryBaseUrl() ?? documentURL());
  if (u === null) throw new DOMException(`${context}'${url}' is not a valid URL.`, 'SyntaxError');
  return u.href;
}
hooks.resolveForNavigation = resolveForNavigation;

// https://html.spec.whatwg.org/multipage/nav-history-apis.html#location-object-navigate ("Location-object navigate"):
// `replace` for replace() and reload(); the host makes it a replacement too
// while the document has not completely loaded, and refuses what the
// running script's sandbox forbids (a SecurityError).
function navigate(url, replace = false, operation = 'assign') {
  ops.locationNavigate(info.frameId, resolveForNavigation(url, `Failed to execute '${operation}' on 'Location': `), replace);
}

// The members, own properties of the object ([LegacyUnforgeable]).
const LOCATION_PARTS = ['origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
// Read once, by the realm's start: then let go (~4.7 KiB a realm).
let locationProps = {
  __proto__: null,
  href: {
    __proto__: null,
    get() { return documentURL(); },
    set(v) { navigate(v, false, 'href'); },
  },
  assign: { __proto__: null, value(url) { requiredArguments(arguments.length, 1, 'assign', 'Location'); navigate(url); } },
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-replace ("replace(url)")
  replace: { __proto__: null, value(url) { requiredArguments(arguments.length, 1, 'replace', 'Location'); navigate(url, true, 'replace'); } },
  // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-reload ("reload()")
  reload: { __proto__: null, value() { ops.locationNavigate(info.frameId, documentURL(), true); } },
  toString: { __proto__: null, value() { return documentURL(); } },
  valueOf: { __proto__: null, value() { return this; } },
  ancestorOrigins: { __proto__: null, get() { return ops.locationAncestorOrigins(); } },
};
for (let i = 0; i < LOCATION_PARTS.length; i++) {
  const part = LOCATION_PARTS[i];
  locationProps[part] = {
    __proto__: null,
    get() { const u = parsedURL(documentURL()); return u !== null ? u[part] : ''; },
  };
  if (part === 'hash') {
    // https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-hash ("hash" setter):
    // the same fragment navigates nowhere.
    locationProps[part].set = function (v) {
      const parts = ops.urlSetPart(documentURL(), part, toDOMString(v));
      if (parts === null) return;
      const now = parsedURL(documentURL());
      const next = parsedURL(parts[0]);
      if (now !== null && next !== null && now.hash === next.hash && StringPrototypeIncludes(parts[0], '#') === StringPrototypeIncludes(documentURL(), '#')) return;
      navigate(parts[0]);
    };
  } else if (part !== 'origin') {
    locationProps[part].set = function (v) {
      const parts = ops.urlSetPart(documentURL(), part, toDOMString(v));
      if (parts !== null) navigate(parts[0]);
    };
  }
}
atRealmStart(() => {
  // Its members go into a dictionary: defined on a fast object, each left
  // the realm a map (15, 1.1 KiB). Deleting a property that is not the
  // last one added makes the object a dictionary.
  location.a = 0;
  location.b = 0;
  delete location.a;
  delete location.b;
  const names = ObjectKeys(locationProps);
  for (let i = 0; i < names.length; i++) {
    const d = locationProps[names[i]];
    d.enumerable = true;
    d.configurable = false;
    if (d.get === undefined && d.set === undefined) d.writable = false;
    ObjectDefineProperty(location, names[i], d);
  }
  locationProps = null;
  hooks.location = location;
});

return [location, navigate, resolveForNavigation];
