// Storage (HTML Web Storage): localStorage (per origin, the whole host) and
// sessionStorage (per tab and origin) over the host's storage registry,
// which keeps keys and values as UTF-16, lone surrogates included.
// https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface ("The Storage interface")
//
// A Storage object is a legacy platform object with named properties
// (getter, setter and deleter; no [LegacyOverrideBuiltIns], so items never
// shadow what the object or its prototype chain has). Its internal methods
// are the WebIDL ones, https://webidl.spec.whatwg.org/#js-legacy-platform-objects,
// here as the traps of a Proxy over the platform object. A Proxy rather
// than V8 interceptors because V8 10.2's interceptors cannot follow the
// spec there: a definer cannot answer false, and V8 lists index-like
// names first and an object's own properties before the interceptor's
// names (the spec: every item in storage order, then own properties).
//
// Not modelled: a Proxy's own invariants still hold, so defining an item
// with `configurable: false` stores it and then throws a TypeError.

// Uses lazyInterface, illegalConstructor, INTERNAL, materialize, requiredArguments, sharedState,
//   stateAccessor, toDOMString, toUnsignedLong (webidl.js); trustedEvent (event.js); dispatch,
//   FROM_TASK (event_target.js).

// A Storage object (the platform object and its Proxy) -> true for
// localStorage, false for sessionStorage; shared by the origin's realms,
// so that one realm's methods work on another's objects.
let storageKinds, storageLocal;
atRealmStart(() => {
  storageKinds = sharedState('storageKinds', () => new WeakMapCtor());
  storageLocal = stateAccessor(storageKinds);
});
lazyInterface('Storage', () => {
  class Storage {
    constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); }
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-length ("length")
    get length() { return ops.storageLength(storageLocal(this)); }
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-key ("key(index)")
    key(index) {
      const local = storageLocal(this);
      requiredArguments(arguments.length, 1, 'key', 'Storage');
      return ops.storageKey(local, toUnsignedLong(index));
    }
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-getitem ("getItem(key)")
    getItem(key) {
      const local = storageLocal(this);
      requiredArguments(arguments.length, 1, 'getItem', 'Storage');
      return ops.storageGetItem(local, toDOMString(key));
    }
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-setitem ("setItem(key, value)"):
    // a QuotaExceededError from the host when the origin's quota would be
    // exceeded.
    setItem(key, value) {
      const local = storageLocal(this);
      requiredArguments(arguments.length, 2, 'setItem', 'Storage');
      ops.storageSetItem(local, toDOMString(key), toDOMString(value));
    }
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-removeitem ("removeItem(key)")
    removeItem(key) {
      const local = storageLocal(this);
      requiredArguments(arguments.length, 1, 'removeItem', 'Storage');
      ops.storageRemoveItem(local, toDOMString(key));
    }
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storage-clear ("clear()")
    clear() { ops.storageClear(storageLocal(this)); }
  }
  return Storage;
});

function isStorage(value) {
  return WeakMapPrototypeHas(storageKinds, value);
}

// https://webidl.spec.whatwg.org/#legacy-platform-object-abstract-ops
// ("named property visibility algorithm"): an item is a property of the
// object only when neither the object nor its prototype chain has one of
// that name.
function visible(local, target, key) {
  if (typeof key !== 'string' || ops.storageGetItem(local, key) === null) return false;
  if (ReflectGetOwnPropertyDescriptor(target, key) !== undefined) return false;
  for (let proto = ObjectGetPrototypeOf(target); proto !== null; proto = ObjectGetPrototypeOf(proto)) {
    if (ReflectGetOwnPropertyDescriptor(proto, key) !== undefined) return false;
  }
  return true;
}

function isDataDescriptor(desc) {
  return ObjectPrototypeHasOwnProperty(desc, 'value') || ObjectPrototypeHasOwnProperty(desc, 'writable');
}

// The internal methods of a legacy platform object that supports named
// properties (https://webidl.spec.whatwg.org/#js-legacy-platform-objects),
// for `local` storage. `proxy()` is the Proxy itself (the receiver of a
// plain `storage[key] = value`).
function storageHandler(local, proxy) {
  return {
    __proto__: null,
    // [[GetOwnProperty]]: LegacyPlatformObjectGetOwnProperty(O, P, false).
    getOwnPropertyDescriptor(target, key) {
      if (visible(local, target, key)) {
        return { __proto__: null, value: ops.storageGetItem(local, key), writable: true, enumerable: true, configurable: true };
      }
      return ReflectGetOwnPropertyDescriptor(target, key);
    },
    // [[Get]] is ordinary, over that [[GetOwnProperty]].
    get(target, key, receiver) {
      if (visible(local, target, key)) return ops.storageGetItem(local, key);
      return ReflectGet(target, key, receiver);
    },
    // [[HasProperty]] is ordinary too.
    has(target, key) {
      return visible(local, target, key) || ReflectHas(target, key);
    },
    // [[Set]]: on the object itself, any string key is an item (the named
    // property setter); else OrdinarySetWithOwnDescriptor with the
    // object's own, non-item property.
    set(target, key, value, receiver) {
      if (receiver === proxy() && typeof key === 'string') {
        ops.storageSetItem(local, key, toDOMString(value));
        return true;
      }
      return ReflectSet(target, key, value, receiver);
    },
    // [[DefineOwnProperty]]: a string key the object has no own property
    // for is an item (false for an accessor descriptor).
    defineProperty(target, key, desc) {
      if (typeof key === 'string' && ReflectGetOwnPropertyDescriptor(target, key) === undefined) {
        if (!isDataDescriptor(desc)) return false;
        ops.storageSetItem(local, key, toDOMString(desc.value));
        return true;
      }
      return ReflectDefineProperty(target, key, desc);
    },
    // [[Delete]]: a visible item is removed (the named property deleter).
    deleteProperty(target, key) {
      if (visible(local, target, key)) {
        ops.storageRemoveItem(local, key);
        return true;
      }
      return ReflectDeleteProperty(target, key);
    },
    // [[OwnPropertyKeys]]: the visible items in storage order, then the
    // object's own string keys, then its symbols.
    ownKeys(target) {
      const keys = [];
      const items = ops.storageKeys(local);
      for (let i = 0; i < items.length; i++) {
        if (visible(local, target, items[i])) ArrayAppend(keys, items[i]);
      }
      const own = ReflectOwnKeys(target);
      for (let i = 0; i < own.length; i++) ArrayAppend(keys, own[i]);
      return keys;
    },
    // [[PreventExtensions]]: legacy platform objects refuse.
    preventExtensions() { return false; },
  };
}

function makeStorage(local) {
  const target = new (materialize('Storage'))(INTERNAL);
  let storage = null;
  storage = new ProxyCtor(target, storageHandler(local, () => storage));
  WeakMapPrototypeSet(storageKinds, target, local);
  WeakMapPrototypeSet(storageKinds, storage, local);
  return storage;
}
let localStorageObject = null;
let sessionStorageObject = null;
// https://html.spec.whatwg.org/multipage/webstorage.html#dom-localstorage ("localStorage"):
// an opaque origin gets a SecurityError.
function localStorageGetter() {
  ops.storageCheckAccess(true);
  if (localStorageObject === null) localStorageObject = makeStorage(true);
  return localStorageObject;
}
// https://html.spec.whatwg.org/multipage/webstorage.html#dom-sessionstorage ("sessionStorage")
function sessionStorageGetter() {
  ops.storageCheckAccess(false);
  if (sessionStorageObject === null) sessionStorageObject = makeStorage(false);
  return sessionStorageObject;
}
ObjectDefineProperty(global, 'localStorage', { __proto__: null, get: localStorageGetter, enumerable: true, configurable: true });
ObjectDefineProperty(global, 'sessionStorage', { __proto__: null, get: sessionStorageGetter, enumerable: true, configurable: true });

// https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface:
// the storage event in this (another) document of the origin, from a task.
hooks.fireStorage = (key, oldValue, newValue, url, local) => {
  let storageArea = null;
  try { storageArea = local ? localStorageGetter() : sessionStorageGetter(); } catch (e) { storageArea = null; }
  dispatch(global, trustedEvent(materialize('StorageEvent'), 'storage', { key, oldValue, newValue, url, storageArea }), FROM_TASK);
};

return [isStorage];
