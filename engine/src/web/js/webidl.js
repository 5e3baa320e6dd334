// The bindings' WebIDL layer: how an interface object is made and exposed,
// platform objects and their internal state, and the conversions of
// arguments to IDL types, throwing as Chromium words it.
// https://webidl.spec.whatwg.org/#ecmascript-binding ("JavaScript binding")
//
// Not modelled: overload resolution (callers sort out their overloads),
// [Clamp]/[EnforceRange], and most IDL types beyond those below.

// The interface object of this realm's global (for "Failed to execute 'x'
// on 'Window'" messages of the global's own operations).
const globalInterfaceName = kind === 'worker' ? 'DedicatedWorkerGlobalScope' : kind === 'sharedworker' ? 'SharedWorkerGlobalScope' : 'Window';

// --- Interface objects -------------------------------------------------------

// Whether start-up is over. Until then no page script has run, so
// Object.prototype is the realm's own and a descriptor may inherit from it;
// after, descriptors have no prototype (a page may have given
// Object.prototype a `get` or a `value`).
let started = false;

// Defines `props` (an object literal's own properties, accessors kept) on
// `target`: configurable, data properties writable, enumerable or not.
function define(target, props, enumerable = true) {
  const keys = ReflectOwnKeys(props);
  for (let i = 0; i < keys.length; i++) {
    const desc = ObjectGetOwnPropertyDescriptor(props, keys[i]);
    if (started) ObjectSetPrototypeOf(desc, null);
    desc.enumerable = enumerable;
    if (desc.get === undefined && desc.set === undefined) desc.writable = true;
    desc.configurable = true;
    ObjectDefineProperty(target, keys[i], desc);
  }
}

// https://webidl.spec.whatwg.org/#es-interfaces ("Interface object"): the
// global's property for `name`, and the prototype's @@toStringTag.
const interfaces = new MapCtor();
function exposeInterface(name, ctor) {
  ObjectDefineProperty(global, name, { __proto__: null, value: ctor, writable: true, configurable: true, enumerable: false });
  madeInterface(name, ctor);
}
// An interface the bindings made, eager or lazy: theirs by name, and its
// prototype's @@toStringTag.
function madeInterface(name, C) {
  MapPrototypeSet(interfaces, name, C);
  // A namespace (lazyNamespace) has no prototype; it tags itself.
  if (typeof C === 'function') ObjectDefineProperty(C.prototype, SymbolToStringTag, { __proto__: null, value: name, configurable: true });
}

// Interfaces made on first use (HTMLDivElement, MouseEvent...): a realm is
// made for every frame, and most pages touch few of these. The global gets
// a V8 lazy data property for each (exposeLazyInterfaces, once every file
// ran), which script sees as an ordinary data property; the bindings reach
// them through `materialize`, never through the global, which a page may
// have overwritten.
// A factory is called with the interface's name (one factory may make a
// family: a closure per name would cost every realm a function and a
// context).
// Name -> factory as two arrays, sorted by name at the end of the set-up
// (exposeLazyInterfaces) and searched by halves: every realm holds them, and
// a Map of ~130 entries cost each 3.6 KiB (and twice that past 128).
let lazyNames = [];
let lazyFactories = [];
let lazySorted = false;
function lazyInterface(name, factory) {
  ArrayAppend(lazyNames, name);
  ArrayAppend(lazyFactories, factory);
}
function lazyIndex(name) {
  if (!lazySorted) return ArrayPrototypeIndexOf(lazyNames, name);
  let lo = 0;
  let hi = lazyNames.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = lazyNames[mid];
    if (at === name) return mid;
    if (at < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
// Interfaces made together on first use of any of them (a class and its
// subclasses sharing their algorithms): `make()` returns each by name.
// All become the bindings' at once, so that a prototype in the chain of
// another has its @@toStringTag before the page reads its global.
function lazyFamily(names, make) {
  const factory = (name) => {
    const made = make();
    for (let i = 0; i < names.length; i++) {
      if (names[i] !== name) madeInterface(names[i], made[names[i]]);
    }
    return made[name];
  };
  for (let i = 0; i < names.length; i++) lazyInterface(names[i], factory);
}
// A global made on first use by `factory(name)` whose property is defined
// now, at its place among the globals, not with the lazy interfaces at the
// end: an interface made lazy that had its place (TextDecoder), and
// attributes of the global (navigator, performance: `enumerable`).
let placedNames = [];
function lazyGlobal(name, factory, enumerable) {
  lazyInterface(name, factory);
  ArrayAppend(placedNames, name);
  ops.webidlDefineLazyGlobals([name], enumerable);
}
// A namespace made on first use (console): its place is V8's own, early in
// the global's order.
function lazyNamespace(name, factory) {
  lazyGlobal(name, factory, false);
}
// An interface as the bindings made it, eager or lazy (made now if need be).
function materialize(name) {
  const C = MapPrototypeGet(interfaces, name);
  if (C !== undefined) return C;
  const i = lazyIndex(name);
  if (i < 0) return undefined;
  const made = lazyFactories[i](name);
  madeInterface(name, made);
  return made;
}
hooks.lazyInterface = (name) => materialize(StringCtor(name));
// The last step of the set-up, once every file ran (templates.rs calls
// it): the lazy interfaces become properties of the global, in the
// start-up snapshot when there is one.
function exposeLazyInterfaces() {
  // The globals in the order the files registered them (but those of
  // lazyGlobal, defined already).
  const unplaced = [];
  for (let i = 0; i < lazyNames.length; i++) {
    if (!ArrayPrototypeIncludes(placedNames, lazyNames[i])) ArrayAppend(unplaced, lazyNames[i]);
  }
  placedNames = null;
  ops.webidlDefineLazyGlobals(unplaced);
  const order = [];
  for (let i = 0; i < lazyNames.length; i++) ArrayAppend(order, i);
  ArrayPrototypeSort(order, (x, y) => (lazyNames[x] < lazyNames[y] ? -1 : lazyNames[x] > lazyNames[y] ? 1 : 0));
  const names = [];
  const factories = [];
  for (let i = 0; i < order.length; i++) {
    ArrayAppend(names, lazyNames[order[i]]);
    ArrayAppend(factories, lazyFactories[order[i]]);
  }
  // Copies without the room left to grow.
  lazyNames = ArrayCopy(names);
  lazyFactories = ArrayCopy(factories);
  lazySorted = true;
  // Warmed up: a function gets its feedback after some calls.
  const warm = { __proto__: null, constructor: null, prototype: null };
  for (let i = 0; i < 64; i++) {
    readConstructor(warm, false);
    readConstructor(warm, true);
  }
  MapPrototypeForEach(interfaces, readConstructor);
  ArrayAppend(keptFast, hooks);
  ArrayAppend(keptFast, ops);
  for (let i = 0; i < keptFast.length; i++) {
    // Made a prototype (of an object let go), then read itself.
    ObjectCreate(keptFast[i]);
    readConstructor(keptFast[i], false);
  }
  keptFast = null;
}
// Objects of the files' top levels made fast with one map at the end of
// the set-up (see readConstructor): each of these left a realm a chain of
// three to seven maps, or a dictionary. Returns `object`.
let keptFast = [];
function keepFast(object) {
  if (keptFast !== null) ArrayAppend(keptFast, object);
  return object;
}
// The set-up leaves objects as dictionaries that a page would find fast
// (V8 makes an object a dictionary when it becomes a prototype, and fast
// again at the first lookup through it that has feedback: every realm paid
// that again) or fast along a chain of maps (one per property added, each
// kept alive by the next). A named load with feedback makes every
// prototype of its object's chain fast, with one map of its own
// (JSObject::MakePrototypesFast), in the start-up snapshot when there is
// one. (A for-in does too, but leaves each prototype an enum cache; a
// keyed load reads a dictionary without asking the runtime.) Given an
// interface (a forEach of `interfaces`), its prototype's `constructor`
// and its own `prototype`; else `object.prototype` or `object.constructor`.
// tests/snapshot.rs asks V8 (`%HasFastProperties`) that a new realm's are
// fast: nothing else would tell if this stopped working.
function readConstructor(object, prototype) {
  if (prototype === true) return object.prototype;
  if (typeof object === 'function' && prototype !== false) {
    readConstructor(object.prototype, false);
    return readConstructor(object, true);
  }
  return object.constructor;
}
// The last step of a realm's start (templates.rs calls it): page script
// may run next.
function endStartUp() {
  started = true;
}

// Constants (DOMException.INDEX_SIZE_ERR...) on an interface and its prototype.
// https://webidl.spec.whatwg.org/#es-constants ("Constants")
function defineConstants(ctor, table) {
  const keys = ReflectOwnKeys(table);
  for (let i = 0; i < keys.length; i++) {
    const d = { __proto__: null, value: table[keys[i]], enumerable: true };
    ObjectDefineProperty(ctor, keys[i], d);
    ObjectDefineProperty(ctor.prototype, keys[i], d);
  }
}

// --- Platform objects ----------------------------------------------------------

// https://webidl.spec.whatwg.org/#dfn-platform-object ("platform object"):
// instances of interfaces are host objects, made by the host `EventTarget`
// constructor (a V8 API function whose instances carry an internal
// field), so that V8's serializer hands them to the host, which refuses
// them with a DataCloneError (HTML StructuredSerializeInternal: platform
// objects that are not serializable). EventTargets get this from
// `super()`; other interfaces' constructors return
// `platformObject(new.target)`, which keeps their own prototype chain.
//
// Made as `new EventTarget()` given new.target's prototype rather than as
// `Reflect.construct(EventTarget, [], newTarget)`: the two are the same
// object, but V8 caches the map of the latter on newTarget, where the
// interface's own (class) constructor has cached the map of the `this` it
// allocated; the two evict each other and every object cost two fresh maps
// (and its accessors a fresh transition), ~3 µs an event. A prototype
// transition from EventTarget's initial map is cached. V8 reads
// newTarget.prototype the same way (GetPrototypeFromConstructor); when it
// is no object, V8's own fallback (the function realm's Object.prototype).
function platformObject(newTarget) {
  const proto = newTarget.prototype;
  if ((typeof proto !== 'object' || proto === null) && typeof proto !== 'function') {
    return ReflectConstruct(EventTarget, [], newTarget);
  }
  const object = new EventTarget();
  ObjectSetPrototypeOf(object, proto);
  return object;
}

// A secret that internal code passes to constructors pages must not call.
const INTERNAL = SymbolCtor('internal');

function illegalConstructor() {
  return new TypeErrorCtor('Illegal constructor');
}

// The internal state `map` keeps for each object of an interface, for the
// interface's methods and accessors: a TypeError for any other `this`.
function stateAccessor(map) {
  return (self) => {
    const s = WeakMapPrototypeGet(map, self);
    if (s === undefined) throw new TypeErrorCtor('Illegal invocation');
    return s;
  };
}

// https://webidl.spec.whatwg.org/#es-default-iterator-object ("Default
// iterator objects") of interface `name`, which has a pair iterator:
// `pairsOf(target)` gives the current list of value pairs ([key, value]),
// or throws a TypeError for a `target` that is not one of the interface's
// objects. The list is read again at every step, so pairs added or
// removed while iterating are seen, as `forEach` sees them. Returns
// `iterate(target, kind)`, kind 'key', 'value' or 'key+value', for the
// interface's keys(), values() and entries().
function pairIterators(name, pairsOf) {
  const iterators = new WeakMapCtor();
  const iteratorState = stateAccessor(iterators);
  // https://webidl.spec.whatwg.org/#es-iterator-prototype-object
  const prototype = ObjectCreate(IteratorPrototype);
  define(prototype, {
    next() {
      const it = iteratorState(this);
      const pairs = pairsOf(it.target);
      if (it.index >= pairs.length) return { value: undefined, done: true };
      const pair = pairs[it.index++];
      const value = it.kind === 'key' ? pair[0] : it.kind === 'value' ? pair[1] : [pair[0], pair[1]];
      return { value, done: false };
    },
  }, true);
  ObjectDefineProperty(prototype, SymbolToStringTag, { __proto__: null, value: `${name} Iterator`, configurable: true });
  return (target, kind) => {
    pairsOf(target);
    const it = ObjectCreate(prototype);
    WeakMapPrototypeSet(iterators, it, { __proto__: null, target, kind, index: 0 });
    return it;
  };
}

// What `map` keeps for `object`, made by `make(object)` the first time it
// is asked for (an element's classList, a node's childNodes...).
function lazyState(map, object, make) {
  let s = WeakMapPrototypeGet(map, object);
  if (s === undefined) {
    s = make(object);
    WeakMapPrototypeSet(map, object, s);
  }
  return s;
}

// State same-origin realms share (one origin, one heap): `shared[name]`,
// made by `make` in the first realm of the origin.
function sharedState(name, make) {
  let s = shared[name];
  if (s === undefined) {
    s = make();
    shared[name] = s;
  }
  return s;
}

// --- Indexed properties ----------------------------------------------------------

// A canonical array index ("0", "1", ...), else -1.
function arrayIndex(key) {
  if (typeof key !== 'string' || key.length === 0 || key.length > 10) return -1;
  const n = NumberCtor(key);
  return n >= 0 && n < 4294967295 && StringCtor(n) === key ? n : -1;
}

// https://webidl.spec.whatwg.org/#idl-indexed-properties ("indexed
// properties"): a Proxy handler giving an object read-only indexed
// properties (an indexed getter, no setter): `count(target)` of them,
// item `at(target, i)`; and, if `named` is given, named properties not
// shadowed by the prototype chain ([LegacyUnenumerableNamedProperties]).
function indexedProperties(count, at, named = null) {
  const namedOwn = (target, key) => (named !== null && typeof key === 'string' && !(key in target) ? named(target, key) : null);
  return {
    __proto__: null,
    get(target, key, receiver) {
      const i = arrayIndex(key);
      if (i >= 0) return i < count(target) ? at(target, i) : undefined;
      const n = namedOwn(target, key);
      return n !== null ? n : ReflectGet(target, key, receiver);
    },
    has(target, key) {
      const i = arrayIndex(key);
      if (i >= 0) return i < count(target);
      return namedOwn(target, key) !== null || key in target;
    },
    ownKeys(target) {
      const keys = [];
      for (let i = 0, n = count(target); i < n; i++) ArrayAppend(keys, StringCtor(i));
      const own = ReflectOwnKeys(target);
      for (let i = 0; i < own.length; i++) ArrayAppend(keys, own[i]);
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      const i = arrayIndex(key);
      if (i >= 0) return i < count(target) ? { value: at(target, i), writable: false, enumerable: true, configurable: true } : undefined;
      const n = namedOwn(target, key);
      if (n !== null) return { value: n, writable: false, enumerable: false, configurable: true };
      return ReflectGetOwnPropertyDescriptor(target, key);
    },
    set(target, key, value, receiver) { return arrayIndex(key) >= 0 ? false : ReflectSet(target, key, value, receiver); },
    defineProperty(target, key, desc) { return arrayIndex(key) >= 0 ? false : ReflectDefineProperty(target, key, desc); },
    deleteProperty(target, key) {
      const i = arrayIndex(key);
      return i >= 0 ? i >= count(target) : ReflectDeleteProperty(target, key);
    },
  };
}

// --- Conversions --------------------------------------------------------------

// Where a conversion failed, as Chromium begins its messages: an
// operation of `iface`, or its constructor (`operation` is CONSTRUCT).
// Conversions take both parts and make the text only when they throw.
const CONSTRUCT = null;
function failedTo(operation, iface) {
  return operation === CONSTRUCT ? `Failed to construct '${iface}'` : `Failed to execute '${operation}' on '${iface}'`;
}

// https://webidl.spec.whatwg.org/#dfn-overload-resolution-algorithm ("overload resolution algorithm"):
// fewer arguments than the shortest overload takes is a TypeError.
function requiredArguments(count, required, operation, iface) {
  if (count < required) {
    const what = required === 1 ? '1 argument' : `${required} arguments`;
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: ${what} required, but only ${count} present.`);
  }
}

// "parameter 2 is not of type 'Node'."
function notOfType(index, type, operation, iface) {
  return new TypeErrorCtor(`${failedTo(operation, iface)}: parameter ${index} is not of type '${type}'.`);
}

// https://webidl.spec.whatwg.org/#es-DOMString ("DOMString"): ToString,
// which throws for a Symbol.
function toDOMString(value) {
  return typeof value === 'string' ? value : `${value}`;
}

// https://webidl.spec.whatwg.org/#es-USVString ("USVString"): ToString,
// then every lone surrogate replaced by U+FFFD.
function toUSVString(value) {
  const s = toDOMString(value);
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c < 0xD800 || c > 0xDFFF) continue;
    const next = i + 1 < s.length ? StringPrototypeCharCodeAt(s, i + 1) : 0;
    if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
      i++;
      continue;
    }
    out += `${StringPrototypeSlice(s, from, i)}\uFFFD`;
    from = i + 1;
  }
  return from === 0 ? s : out + StringPrototypeSlice(s, from);
}

// https://webidl.spec.whatwg.org/#es-long ("long"): ToNumber (a BigInt
// throws), then ToInt32.
function toLong(value) {
  return +value | 0;
}

// https://webidl.spec.whatwg.org/#es-unsigned-long ("unsigned long"):
// ToNumber, then ToUint32.
function toUnsignedLong(value) {
  return +value >>> 0;
}

// https://webidl.spec.whatwg.org/#es-long-long ("long long"): ToNumber (a
// BigInt throws), then the integer part modulo 2^64 as a signed number
// (exact up to 2^53, as doubles are); NaN and infinities are 0.
const TWO_TO_THE_63 = 9223372036854775808;
function toLongLong(value) {
  let x = +value;
  if (!NumberIsFinite(x)) return 0;
  x = MathTrunc(x);
  if (x < -TWO_TO_THE_63 || x >= TWO_TO_THE_63) {
    x %= 2 * TWO_TO_THE_63;
    if (x < 0) x += 2 * TWO_TO_THE_63;
    if (x >= TWO_TO_THE_63) x -= 2 * TWO_TO_THE_63;
  }
  return x === 0 ? 0 : x;
}

// An ArrayBuffer of any realm (not a SharedArrayBuffer): its byteLength
// getter throws for anything else.
function isArrayBuffer(value) {
  try {
    ArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch (e) {
    return false;
  }
}

// A SharedArrayBuffer of any realm.
function isSharedArrayBuffer(value) {
  try {
    SharedArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch (e) {
    return false;
  }
}

// The buffer a view (typed array or DataView) looks at, read through its
// internal slots.
function viewedBuffer(view) {
  return TypedArrayPrototypeGetSymbolToStringTag(view) !== undefined ? TypedArrayPrototypeGetBuffer(view) : DataViewPrototypeGetBuffer(view);
}

// https://webidl.spec.whatwg.org/#BufferSource ("BufferSource"): an
// ArrayBuffer, or a view on one (a SharedArrayBuffer, or a view on one,
// is a TypeError); else null, for the caller's other conversions.
function bufferSourceOrNull(value, operation, iface) {
  if (isArrayBuffer(value)) return value;
  if (!ArrayBufferIsView(value)) return null;
  if (!isArrayBuffer(viewedBuffer(value))) {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The provided ArrayBufferView value must not be shared.`);
  }
  return value;
}

// https://webidl.spec.whatwg.org/#es-dictionary ("dictionary"): undefined
// and null are the empty dictionary; other non-objects cannot be one. The
// caller reads the members it knows, in lexicographic order.
const EMPTY_DICTIONARY = ObjectFreeze({ __proto__: null });
function toDictionary(value, type, operation, iface) {
  if (value === undefined || value === null) return EMPTY_DICTIONARY;
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The provided value is not of type '${type}'.`);
  }
  return value;
}

// https://webidl.spec.whatwg.org/#es-enumeration ("enumeration"): the
// string, if it is one of `values`.
function toEnum(value, values, type, operation, iface) {
  const s = toDOMString(value);
  if (!ArrayPrototypeIncludes(values, s)) {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The provided value '${s}' is not a valid enum value of type ${type}.`);
  }
  return s;
}

// https://webidl.spec.whatwg.org/#es-sequence ("sequence<T>"): the items of
// an iterable object, read through its own iterator, as the spec says.
function toSequence(value, operation, iface) {
  const method = typeof value === 'object' && value !== null ? value[SymbolIterator] : undefined;
  if (typeof method !== 'function') {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The provided value cannot be converted to a sequence.`);
  }
  return ArrayFrom({ [SymbolIterator]: () => ReflectApply(method, value, []) });
}

// https://webidl.spec.whatwg.org/#es-callback-function ("callback
// function"): a callable.
function toCallbackFunction(value, index, operation, iface) {
  if (typeof value !== 'function') {
    throw new TypeErrorCtor(`${failedTo(operation, iface)}: The callback provided as parameter ${index} is not a function.`);
  }
  return value;
}

// https://webidl.spec.whatwg.org/#es-short ("short") and
// https://webidl.spec.whatwg.org/#es-unsigned-short ("unsigned short").
function toShort(value) {
  return (+value << 16) >> 16;
}
function toUnsignedShort(value) {
  return +value & 0xffff;
}

// https://webidl.spec.whatwg.org/#es-double ("double"): ToNumber, and a
// TypeError for NaN and the infinities. `what` begins the message.
function toDouble(value, what) {
  const n = +value;
  if (n !== n || n === Infinity || n === -Infinity) throw new TypeErrorCtor(`${what}: The provided double value is non-finite.`);
  return n;
}

return [
  globalInterfaceName, define, exposeInterface, lazyInterface, lazyFamily, lazyNamespace, lazyGlobal,
  materialize, exposeLazyInterfaces, endStartUp, keepFast,
  defineConstants, platformObject, INTERNAL, illegalConstructor, stateAccessor, lazyState, sharedState,
  indexedProperties, CONSTRUCT, failedTo, requiredArguments, notOfType, toDOMString, toLong, toUnsignedLong,
  toDictionary, toEnum, toSequence, toCallbackFunction, toShort, toUnsignedShort, toDouble,
  toLongLong, toUSVString, isArrayBuffer, viewedBuffer, bufferSourceOrNull,
  isSharedArrayBuffer, pairIterators,
];
