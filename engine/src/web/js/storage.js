// isohost Web Storage (HTML §12): localStorage (per origin, whole host) and
// sessionStorage (per tab and origin) over the host's storage registry.
// Named properties (localStorage.foo) are served by a Proxy.

const storageKinds = new WeakMapCtor();
const storageLocal = stateAccessor(storageKinds);
class Storage {
  constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
  get length() { return ops.storageLength(storageLocal(this)); }
  key(index) { return ops.storageKey(storageLocal(this), NumberCtor(index)); }
  getItem(key) { return ops.storageGetItem(storageLocal(this), StringCtor(key)); }
  setItem(key, value) {
    if (arguments.length < 2) throw new TypeErrorCtor(`Failed to execute 'setItem' on 'Storage': 2 arguments required, but only ${arguments.length} present.`);
    ops.storageSetItem(storageLocal(this), StringCtor(key), StringCtor(value));
  }
  removeItem(key) { ops.storageRemoveItem(storageLocal(this), StringCtor(key)); }
  clear() { ops.storageClear(storageLocal(this)); }
}
exposeInterface('Storage', Storage);

function makeStorage(local) {
  const target = new Storage(INTERNAL);
  storageKinds.set(target, local);
  const proxy = new Proxy(target, {
    get(t, k, receiver) {
      if (typeof k === 'symbol' || k in Storage.prototype) return Reflect.get(t, k, receiver === proxy ? t : receiver);
      const v = ops.storageGetItem(local, k);
      return v === null ? undefined : v;
    },
    set(t, k, v) {
      if (typeof k === 'symbol' || k in Storage.prototype) return Reflect.set(t, k, v);
      ops.storageSetItem(local, k, StringCtor(v));
      return true;
    },
    has(t, k) { return typeof k === 'symbol' || k in Storage.prototype ? k in t : ops.storageGetItem(local, k) !== null; },
    deleteProperty(t, k) { if (typeof k !== 'symbol') ops.storageRemoveItem(local, k); return true; },
    ownKeys() { return ops.storageKeys(local); },
    getOwnPropertyDescriptor(t, k) {
      if (typeof k === 'symbol') return undefined;
      const v = ops.storageGetItem(local, k);
      return v === null ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
    },
    defineProperty(t, k, desc) { if ('value' in desc) ops.storageSetItem(local, StringCtor(k), StringCtor(desc.value)); return true; },
  });
  storageKinds.set(proxy, local);
  return proxy;
}
let localStorageObject = null;
let sessionStorageObject = null;
defineProperty(global, 'localStorage', {
  get() {
    ops.storageCheckAccess(true);
    if (!localStorageObject) localStorageObject = makeStorage(true);
    return localStorageObject;
  },
  enumerable: true, configurable: true,
});
defineProperty(global, 'sessionStorage', {
  get() {
    ops.storageCheckAccess(false);
    if (!sessionStorageObject) sessionStorageObject = makeStorage(false);
    return sessionStorageObject;
  },
  enumerable: true, configurable: true,
});

// The storage event in this (another) document of the origin.
hooks.fireStorage = (key, oldValue, newValue, url, local) => {
  let storageArea = null;
  try { storageArea = local ? global.localStorage : global.sessionStorage; } catch (e) { storageArea = null; }
  dispatch(global, trustedEvent(materialize('StorageEvent'), 'storage', { key, oldValue, newValue, url, storageArea }), FROM_TASK);
};
