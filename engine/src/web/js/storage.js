// Storage (HTML Web Storage): localStorage (per origin, the whole host) and
// sessionStorage (per tab and origin) over the host's storage registry.
// Named properties (localStorage.foo) are served by a Proxy.
// https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface ("The Storage interface")

// Uses exposeInterface, illegalConstructor, INTERNAL, materialize, requiredArguments,
//   stateAccessor, toDOMString (webidl.js); trustedEvent (event.js); dispatch, FROM_TASK
//   (event_target.js).

// A Storage object -> true for localStorage, false for sessionStorage.
const storageKinds = new WeakMapCtor();
const storageLocal = stateAccessor(storageKinds);
class Storage {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get length() { return ops.storageLength(storageLocal(this)); }
  key(index) { return ops.storageKey(storageLocal(this), NumberCtor(index)); }
  getItem(key) { return ops.storageGetItem(storageLocal(this), toDOMString(key)); }
  // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-setitem ("setItem(key, value)")
  setItem(key, value) {
    requiredArguments(arguments.length, 2, 'setItem', 'Storage');
    ops.storageSetItem(storageLocal(this), toDOMString(key), toDOMString(value));
  }
  removeItem(key) { ops.storageRemoveItem(storageLocal(this), toDOMString(key)); }
  clear() { ops.storageClear(storageLocal(this)); }
}
exposeInterface('Storage', Storage);

// https://webidl.spec.whatwg.org/#legacy-platform-object-abstract-ops
// (named properties of a legacy platform object): keys not on
// Storage.prototype are items.
function isMember(k) {
  return typeof k === 'symbol' || k in Storage.prototype;
}
function makeStorage(local) {
  const target = new Storage(INTERNAL);
  WeakMapPrototypeSet(storageKinds, target, local);
  const proxy = new ProxyCtor(target, {
    __proto__: null,
    get(t, k, receiver) {
      if (isMember(k)) return ReflectGet(t, k, receiver === proxy ? t : receiver);
      const v = ops.storageGetItem(local, k);
      return v === null ? undefined : v;
    },
    set(t, k, v) {
      if (isMember(k)) return ReflectSet(t, k, v);
      ops.storageSetItem(local, k, toDOMString(v));
      return true;
    },
    has(t, k) { return isMember(k) ? k in t : ops.storageGetItem(local, k) !== null; },
    deleteProperty(t, k) { if (typeof k !== 'symbol') ops.storageRemoveItem(local, k); return true; },
    ownKeys() { return ops.storageKeys(local); },
    getOwnPropertyDescriptor(t, k) {
      if (typeof k === 'symbol') return undefined;
      const v = ops.storageGetItem(local, k);
      return v === null ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
    },
    // Not modelled: a symbol key is not a named property (it belongs on the
    // target); it is stored under its String() form, as before.
    defineProperty(t, k, desc) { if ('value' in desc) ops.storageSetItem(local, StringCtor(k), toDOMString(desc.value)); return true; },
  });
  WeakMapPrototypeSet(storageKinds, proxy, local);
  return proxy;
}
let localStorageObject = null;
let sessionStorageObject = null;
// https://html.spec.whatwg.org/multipage/webstorage.html#dom-localstorage ("localStorage"):
// an opaque origin gets a SecurityError.
ObjectDefineProperty(global, 'localStorage', { __proto__: null,
  get() {
    ops.storageCheckAccess(true);
    if (localStorageObject === null) localStorageObject = makeStorage(true);
    return localStorageObject;
  },
  enumerable: true, configurable: true,
});
ObjectDefineProperty(global, 'sessionStorage', { __proto__: null,
  get() {
    ops.storageCheckAccess(false);
    if (sessionStorageObject === null) sessionStorageObject = makeStorage(false);
    return sessionStorageObject;
  },
  enumerable: true, configurable: true,
});

// https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface:
// the storage event in this (another) document of the origin, from a task.
hooks.fireStorage = (key, oldValue, newValue, url, local) => {
  let storageArea = null;
  try { storageArea = local ? global.localStorage : global.sessionStorage; } catch (e) { storageArea = null; }
  dispatch(global, trustedEvent(materialize('StorageEvent'), 'storage', { key, oldValue, newValue, url, storageArea }), FROM_TASK);
};

