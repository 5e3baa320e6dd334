// Primordials: every builtin the host's JS uses, captured when a realm's
// bindings start (before any page script runs), so that a page replacing
// Array.prototype.push, Map.prototype.get or a global constructor changes
// nothing in the bindings. This file opens the bindings' one function
// (templates.rs): its names are in scope in every file, one copy per realm.
// Methods are uncurried, as Node's and Deno's
// primordials are: `ArrayPrototypeJoin(list, " ")` is the realm's original
// `Array.prototype.join` called on `list`.
// https://github.com/nodejs/node/blob/main/doc/contributing/primordials.md
//
// Rules for the other files (checked by web/interfaces.rs's tests): no
// method call on an object a page can reach or replace (arrays included: no
// `.push`, `.map`, `for...of`, spread), no builtin global read after
// start-up; Proxy handlers, and descriptors made after start-up, without
// a prototype (`__proto__: null`), since Object.prototype may have gained
// a `get` (see `started` in webidl.js); so are the init dictionaries the
// host hands to event constructors. Lists grow by ArrayAppend (not push or
// unshift, whose [[Set]] meets a page's setters on Array.prototype) and are
// copied, sliced, filtered or mapped by ArrayCopy, ArraySlice, ArrayFilter
// and ArrayMap (not slice, filter, map, splice or concat, which read
// Array.prototype.constructor for their species; concat only at start-up).
//
// A builtin only one file uses may be captured at that file's top instead
// (still at start-up, before any page script). The bindings' scope holds
// these names and the files' exports (336 in a window's): each realm's
// outer context has a slot for each, and the isolate one V8 name table,
// sized to the power of two past 1.5 times their number, so 342 names
// would double it (8 KiB more per isolate, read by every Isolate::New).

const { bind, call } = Function.prototype;
// `uncurryThis(f)(self, ...args)` is `f.call(self, ...args)`.
const uncurryThis = bind.bind(call); // eslint-disable-line no-restricted-syntax
// The getter of `key` on `object`, uncurried.
function getter(object, key) {
  return uncurryThis(Object.getOwnPropertyDescriptor(object, key).get);
}

const FunctionPrototypeBind = uncurryThis(Function.prototype.bind);
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const TypedArray = ObjectGetPrototypeOf(Uint8Array);
const TypedArrayPrototype = TypedArray.prototype;
const SetCtor = Set;
const SetPrototypeAdd = uncurryThis(Set.prototype.add);
const ArrayBufferCtor = ArrayBuffer;
const ArrayBufferIsView = ArrayBuffer.isView;
const ArrayBufferPrototypeGetByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const ArrayFrom = FunctionPrototypeBind(Array.from, Array);
const ArrayIsArray = Array.isArray;
const ArrayPrototype = Array.prototype;
const ArrayPrototypeConcat = uncurryThis(Array.prototype.concat);
const ArrayPrototypeFind = uncurryThis(Array.prototype.find);
const ArrayPrototypeFindIndex = uncurryThis(Array.prototype.findIndex);
const ArrayPrototypeIncludes = uncurryThis(Array.prototype.includes);
const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf);
const ArrayPrototypeJoin = uncurryThis(Array.prototype.join);
const ArrayPrototypePop = uncurryThis(Array.prototype.pop);
const ArrayPrototypeSome = uncurryThis(Array.prototype.some);
const ArrayPrototypeSort = uncurryThis(Array.prototype.sort);
const DataViewCtor = DataView;
const DataViewPrototypeGetBuffer = getter(DataView.prototype, 'buffer');
const DataViewPrototypeGetByteLength = getter(DataView.prototype, 'byteLength');
const DataViewPrototypeGetByteOffset = getter(DataView.prototype, 'byteOffset');
const DateCtor = Date;
const DateNow = Date.now;
const DatePrototypeToLocaleString = uncurryThis(Date.prototype.toLocaleString);
const DecodeURIComponent = decodeURIComponent;
const EncodeURIComponent = encodeURIComponent;
const ErrorCaptureStackTrace = Error.captureStackTrace;
const ErrorCtor = Error;
const FinalizationRegistryCtor = FinalizationRegistry;
const FinalizationRegistryPrototypeRegister = uncurryThis(FinalizationRegistry.prototype.register);
const FunctionCtor = Function;
const IndirectEval = eval;
const JSONParse = JSON.parse;
const JSONStringify = JSON.stringify;
const MapCtor = Map;
const MapPrototypeDelete = uncurryThis(Map.prototype.delete);
const MapPrototypeForEach = uncurryThis(Map.prototype.forEach);
const MapPrototypeGet = uncurryThis(Map.prototype.get);
const MapPrototypeGetSize = getter(Map.prototype, 'size');
const MapPrototypeHas = uncurryThis(Map.prototype.has);
const MapPrototypeSet = uncurryThis(Map.prototype.set);
const MathMax = Math.max;
const MathMin = Math.min;
const MathTrunc = Math.trunc;
const NumberCtor = Number;
const NumberIsFinite = Number.isFinite;
const NumberIsNaN = Number.isNaN;
const NumberParseInt = Number.parseInt;
const NumberPrototypeToString = uncurryThis(Number.prototype.toString);
const ObjectAssign = Object.assign;
const ObjectCreate = Object.create;
const ObjectDefineProperties = Object.defineProperties;
const ObjectDefineProperty = Object.defineProperty;
const ObjectFreeze = Object.freeze;
const ObjectKeys = Object.keys;
const ObjectPrototype = Object.prototype;
const ObjectPrototypeHasOwnProperty = uncurryThis(Object.prototype.hasOwnProperty);
const ObjectPrototypeIsPrototypeOf = uncurryThis(Object.prototype.isPrototypeOf);
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const PromiseCtor = Promise;
const PromisePrototypeThen = uncurryThis(Promise.prototype.then);
const PromiseReject = FunctionPrototypeBind(Promise.reject, Promise);
const PromiseResolve = FunctionPrototypeBind(Promise.resolve, Promise);
const ProxyCtor = Proxy;
const ReflectApply = Reflect.apply;
const ReflectConstruct = Reflect.construct;
const ReflectDefineProperty = Reflect.defineProperty;
const ReflectDeleteProperty = Reflect.deleteProperty;
const ReflectGet = Reflect.get;
const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const ReflectHas = Reflect.has;
const ReflectOwnKeys = Reflect.ownKeys;
const ReflectSet = Reflect.set;
const RangeErrorCtor = RangeError;
const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec);
const SetPrototypeHas = uncurryThis(Set.prototype.has);
const StringCtor = String;
const StringFromCharCode = String.fromCharCode;
const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt);
const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt);
const StringPrototypeIncludes = uncurryThis(String.prototype.includes);
const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf);
const StringPrototypeSlice = uncurryThis(String.prototype.slice);
const StringPrototypeSplit = uncurryThis(String.prototype.split);
const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith);
const StringPrototypeSubstr = uncurryThis(String.prototype.substr);
const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase);
const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase);
const StringPrototypeTrim = uncurryThis(String.prototype.trim);
const SymbolCtor = Symbol;
const SymbolAsyncIterator = Symbol.asyncIterator;
const SymbolIterator = Symbol.iterator;
const SymbolToStringTag = Symbol.toStringTag;
const TypeErrorCtor = TypeError;
const TypedArrayPrototypeGetBuffer = getter(TypedArrayPrototype, 'buffer');
const TypedArrayPrototypeGetByteLength = getter(TypedArrayPrototype, 'byteLength');
const TypedArrayPrototypeGetByteOffset = getter(TypedArrayPrototype, 'byteOffset');
const TypedArrayPrototypeGetLength = getter(TypedArrayPrototype, 'length');
const TypedArrayPrototypeGetSymbolToStringTag = getter(TypedArrayPrototype, Symbol.toStringTag);
const TypedArrayPrototypeSet = uncurryThis(TypedArrayPrototype.set);
const Uint8ArrayCtor = Uint8Array;
const Uint8ClampedArrayCtor = Uint8ClampedArray;
const WeakMapCtor = WeakMap;
const WeakMapPrototypeDelete = uncurryThis(WeakMap.prototype.delete);
const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get);
const WeakMapPrototypeHas = uncurryThis(WeakMap.prototype.has);
const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set);
const WeakRefCtor = WeakRef;
const WeakRefPrototypeDeref = uncurryThis(WeakRef.prototype.deref);

// The TypedArray constructors, in the order of their element sizes (a
// Map by name, with a record each, cost every realm 2.4 KiB).
const TYPED_ARRAY_CTORS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];
// A TypedArray's element size and constructor, by its @@toStringTag.
function typedArrayKind(name) {
  switch (name) {
    case 'Int8Array': return { __proto__: null, size: 1, ctor: TYPED_ARRAY_CTORS[0] };
    case 'Uint8Array': return { __proto__: null, size: 1, ctor: TYPED_ARRAY_CTORS[1] };
    case 'Uint8ClampedArray': return { __proto__: null, size: 1, ctor: TYPED_ARRAY_CTORS[2] };
    case 'Int16Array': return { __proto__: null, size: 2, ctor: TYPED_ARRAY_CTORS[3] };
    case 'Uint16Array': return { __proto__: null, size: 2, ctor: TYPED_ARRAY_CTORS[4] };
    case 'Int32Array': return { __proto__: null, size: 4, ctor: TYPED_ARRAY_CTORS[5] };
    case 'Uint32Array': return { __proto__: null, size: 4, ctor: TYPED_ARRAY_CTORS[6] };
    case 'Float32Array': return { __proto__: null, size: 4, ctor: TYPED_ARRAY_CTORS[7] };
    case 'Float64Array': return { __proto__: null, size: 8, ctor: TYPED_ARRAY_CTORS[8] };
    case 'BigInt64Array': return { __proto__: null, size: 8, ctor: TYPED_ARRAY_CTORS[9] };
    case 'BigUint64Array': return { __proto__: null, size: 8, ctor: TYPED_ARRAY_CTORS[10] };
    default: return undefined;
  }
}
// The prototype iterators inherit from (%IteratorPrototype%).
const IteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf([][Symbol.iterator]()));
// The prototype async iterators inherit from (%AsyncIteratorPrototype%).
const AsyncIteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}).prototype);

// Appends `item` to `list` (an array the bindings made), as CreateDataProperty does: push [[Set]]s the new index,
// which walks to Array.prototype, where a page may have put a setter for it
// (called instead, the item lost, the host's list left with a hole). While
// nothing on the chain (list, Array.prototype, Object.prototype: checked
// first, since `in` would run a Proxy's trap) has that index, push's [[Set]]
// is that define, and V8's fast one; else one descriptor serves every define
// (defining on an array runs no page code). A define each time cost 330 ns
// (push: 5 ns), 2.6 times the CPU of a dispatch.
const APPEND = { __proto__: null, value: undefined, writable: true, enumerable: true, configurable: true };
function ArrayAppend(list, item) {
  const i = list.length;
  if (ObjectGetPrototypeOf(list) === ArrayPrototype && ObjectGetPrototypeOf(ArrayPrototype) === ObjectPrototype && !(i in list)) {
    list[i] = item;
    return;
  }
  APPEND.value = item;
  ObjectDefineProperty(list, i, APPEND);
  APPEND.value = undefined;
}
// Puts `item` first in `list`, for the same reason: once the new last index
// is an own property, moving the items is [[Set]] of own data properties.
function ArrayPrepend(list, item) {
  ArrayAppend(list, item);
  for (let i = list.length - 1; i > 0; i--) list[i] = list[i - 1];
  list[0] = item;
}

// A copy of `list`, a list of objects, made as `new Array(...list)` makes
// one (a lone number would be a length instead): slice, filter and splice
// make their result with ArraySpeciesCreate, which reads `list.constructor`,
// so Array.prototype.constructor, whose getter a page can define, or whose
// @@species can be a page constructor handed the host's items. (Array.of
// would do for any items, but moves each copy through V8's elements kinds:
// +10 % CPU per iframe-same round trip.)
const ArrayCopy = ((ArrayCtor) => (list) => ReflectConstruct(ArrayCtor, list))(Array);
// The items of `list` for which `keep(item, index)` is true, in a new array (no species either).
function ArrayFilter(list, keep) {
  const out = [];
  for (let i = 0; i < list.length; i++) if (keep(list[i], i)) ArrayAppend(out, list[i]);
  return out;
}
// `f(item, index)` of each item of `list`, in a new array (map's, without its species).
function ArrayMap(list, f) {
  const out = [];
  for (let i = 0; i < list.length; i++) ArrayAppend(out, f(list[i], i));
  return out;
}
// The items of `list` from `start` (0 if absent) to `end` (its length if
// absent or past it), in a new array: slice's, without its species, for
// items of any kind (ArrayCopy's lone number would be a length).
function ArraySlice(list, start = 0, end = list.length) {
  const out = [];
  if (end > list.length) end = list.length;
  for (let i = start; i < end; i++) ArrayAppend(out, list[i]);
  return out;
}
// A Uint8Array over `bytes[from..to]` (a Uint8Array the bindings made),
// sharing its buffer: subarray's, without the species (slice and subarray
// read bytes.constructor, so Uint8Array.prototype.constructor, which a
// page can replace).
function Uint8ArrayView(bytes, from, to) {
  return new Uint8ArrayCtor(TypedArrayPrototypeGetBuffer(bytes), TypedArrayPrototypeGetByteOffset(bytes) + from, to - from);
}
// Removes the item at `index` from `list` (splice's shift, without its species).
function ArrayRemoveAt(list, index) {
  for (let i = index + 1; i < list.length; i++) list[i - 1] = list[i];
  list.length -= 1;
}

// https://html.spec.whatwg.org/multipage/webappapis.html#queue-a-microtask
// ("queue a microtask"): `steps` run in a reaction job of a promise whose own
// `constructor` is undefined, so that `then` makes its derived promise with
// %Promise% (SpeciesConstructor) without reading Promise.prototype.constructor
// or Promise[@@species], which a page can replace (its getter would run, or
// its constructor be handed the steps).
const NO_CONSTRUCTOR = { __proto__: null, value: undefined };
function QueueMicrotask(steps) {
  const ready = PromiseResolve();
  ObjectDefineProperty(ready, 'constructor', NO_CONSTRUCTOR);
  PromisePrototypeThen(ready, steps);
}

// A Set of `items` (new Set(items) would call the page-reachable
// Set.prototype.add and the array's iterator).
function SetOf(items) {
  const set = new SetCtor();
  for (let i = 0; i < items.length; i++) SetPrototypeAdd(set, items[i]);
  return set;
}

// What V8 puts on a global when it makes a context, except a context made
// for a start-up snapshot, which gets it when a realm is made from the
// snapshot (after the bindings' own globals): each realm moves these after
// the bindings' globals, so that script sees one order either way, and
// takes what the primordials need of them only then.
const LATE_GLOBALS = ['SharedArrayBuffer', 'Atomics', 'WebAssembly'];
let SharedArrayBufferPrototypeGetByteLength;
atRealmStart(() => {
  for (let i = 0; i < LATE_GLOBALS.length; i++) {
    const d = ObjectGetOwnPropertyDescriptor(globalThis, LATE_GLOBALS[i]);
    if (d === undefined) continue;
    ReflectDeleteProperty(globalThis, LATE_GLOBALS[i]);
    ObjectDefineProperty(globalThis, LATE_GLOBALS[i], d);
  }
  const limit = ObjectGetOwnPropertyDescriptor(ErrorCtor, 'stackTraceLimit');
  if (limit !== undefined) {
    ReflectDeleteProperty(ErrorCtor, 'stackTraceLimit');
    ObjectDefineProperty(ErrorCtor, 'stackTraceLimit', limit);
  }
  SharedArrayBufferPrototypeGetByteLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : () => { throw new TypeError('no SharedArrayBuffer'); };
});
