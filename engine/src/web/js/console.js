// console (Console Standard): its methods, the formatter, and a printer
// into the host's console lines.
// https://console.spec.whatwg.org/#console-namespace ("Namespace console")
//
// Not modelled: console.table's table, groups beyond an indent, timing
// labels per realm only.

// Uses lazyNamespace (webidl.js).

// Builtins only this file uses, captured at start-up as the primordials
// are, but here: see primordials.js on the size of the bindings' scope.
const ArrayBufferPrototype = ArrayBuffer.prototype;
const DatePrototype = Date.prototype;
const DatePrototypeToISOString = uncurryThis(Date.prototype.toISOString);
const ErrorPrototype = Error.prototype;
const MapPrototype = Map.prototype;
const ObjectCtor = Object;
const ObjectIs = Object.is;
const RegExpPrototype = RegExp.prototype;
const SetPrototype = Set.prototype;
const SetPrototypeDelete = uncurryThis(Set.prototype.delete);
const SetPrototypeForEach = uncurryThis(Set.prototype.forEach);
const SetPrototypeGetSize = getter(Set.prototype, 'size');
const SymbolPrototypeToString = uncurryThis(Symbol.prototype.toString);

// What the DOM files fill in: a node's one-line description.
const inspectHooks = { describeNode: null };

// The namespace object, made on first use (most pages never log): until
// then the global's `console` is a lazy data property, where the eager one
// stood (lazyNamespace); its formatter and printer with it.
function makeConsole() {
  // How a value reads in a console line (like Node's util.inspect, briefly).
  function inspect(value, depth = 0, seen = new SetCtor()) {
    switch (typeof value) {
      case 'string': return depth === 0 ? value : JSONStringify(value);
      case 'number': return ObjectIs(value, -0) ? '-0' : StringCtor(value);
      case 'bigint': return `${StringCtor(value)}n`;
      case 'undefined': return 'undefined';
      case 'boolean': return StringCtor(value);
      case 'symbol': return SymbolPrototypeToString(value);
      case 'function': return `[Function: ${value.name || '(anonymous)'}]`;
    }
    if (value === null) return 'null';
    try {
      if (SetPrototypeHas(seen, value)) return '[Circular]';
      if (ObjectPrototypeIsPrototypeOf(ErrorPrototype, value) || (typeof value.stack === 'string' && typeof value.message === 'string')) {
        return depth === 0 && value.stack ? StringCtor(value.stack) : `${value.name}: ${value.message}`;
      }
      if (inspectHooks.describeNode !== null) {
        const node = inspectHooks.describeNode(value);
        if (node !== undefined) return node;
      }
      if (value === global) return 'Window';
      if (depth > 2) return ArrayIsArray(value) ? '[Array]' : '[Object]';
      SetPrototypeAdd(seen, value);
      const items = [];
      const item = (v) => ArrayAppend(items, inspect(v, depth + 1, seen));
      if (ArrayIsArray(value)) {
        for (let i = 0; i < value.length; i++) item(value[i]);
        return `[${ArrayPrototypeJoin(items, ', ')}]`;
      }
      if (ObjectPrototypeIsPrototypeOf(MapPrototype, value)) {
        MapPrototypeForEach(value, (v, k) => ArrayAppend(items, `${inspect(k, depth + 1, seen)} => ${inspect(v, depth + 1, seen)}`));
        return `Map(${MapPrototypeGetSize(value)}) {${ArrayPrototypeJoin(items, ', ')}}`;
      }
      if (ObjectPrototypeIsPrototypeOf(SetPrototype, value)) {
        SetPrototypeForEach(value, item);
        return `Set(${SetPrototypeGetSize(value)}) {${ArrayPrototypeJoin(items, ', ')}}`;
      }
      if (ObjectPrototypeIsPrototypeOf(DatePrototype, value)) return DatePrototypeToISOString(value);
      if (ObjectPrototypeIsPrototypeOf(RegExpPrototype, value)) return StringCtor(value);
      if (ArrayBufferIsView(value)) {
        const head = ArraySlice(value, 0, 20);
        return `${value.constructor.name}(${value.length}) [${ArrayPrototypeJoin(head, ', ')}]`;
      }
      if (ObjectPrototypeIsPrototypeOf(ArrayBufferPrototype, value)) return `ArrayBuffer { byteLength: ${value.byteLength} }`;
      const keys = ObjectKeys(value);
      const name = value.constructor && value.constructor !== ObjectCtor ? `${value.constructor.name} ` : '';
      if (keys.length === 0) return `${name}{}`;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const key = RegExpPrototypeExec(IDENTIFIER, k) !== null ? k : JSONStringify(k);
        ArrayAppend(items, `${key}: ${inspect(value[k], depth + 1, seen)}`);
      }
      return `${name}{ ${ArrayPrototypeJoin(items, ', ')} }`;
    } catch (e) {
      return '[object]';
    } finally {
      SetPrototypeDelete(seen, value);
    }
  }
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

  // https://console.spec.whatwg.org/#formatter ("Formatter"): %s %d %i %f
  // %o %O %c %j in the first argument, then the rest spaced.
  function format(args) {
    if (args.length === 0) return '';
    const first = args[0];
    let rest = 1;
    let out = '';
    if (typeof first === 'string' && StringPrototypeIncludes(first, '%')) {
      let from = 0;
      for (let at = StringPrototypeIndexOf(first, '%'); at >= 0 && at + 1 < first.length; at = StringPrototypeIndexOf(first, '%', from)) {
        const m = StringPrototypeSlice(first, at, at + 2);
        if (!StringPrototypeIncludes('sdifoOcj%', m[1])) {
          out += StringPrototypeSlice(first, from, at + 1);
          from = at + 1;
          continue;
        }
        out += StringPrototypeSlice(first, from, at) + specifier(m, args, rest);
        if (m !== '%%' && rest < args.length) rest++;
        from = at + 2;
      }
      out += StringPrototypeSlice(first, from);
    } else {
      out = inspect(first);
    }
    for (; rest < args.length; rest++) out += ' ' + inspect(args[rest]);
    return out;
  }
  function specifier(m, args, rest) {
    if (m === '%%') return '%';
    if (rest >= args.length) return m;
    const v = args[rest];
    switch (m) {
      case '%s': return typeof v === 'string' ? v : inspect(v, 1);
      case '%d': case '%i': return typeof v === 'object' ? 'NaN' : StringCtor(MathTrunc(NumberCtor(v)));
      case '%f': return StringCtor(NumberCtor(v));
      case '%c': return '';
      default: return inspect(v, 1);
    }
  }

  // https://console.spec.whatwg.org/#printer ("Printer")
  let groupIndent = '';
  function emit(level, args) { ops.consolePrint(level, groupIndent + format(args)); }
  // `prefix` then `args`, as one argument list.
  function withPrefix(prefix, args) {
    const all = [prefix];
    for (let i = 0; i < args.length; i++) ArrayAppend(all, args[i]);
    return all;
  }
  const counts = new MapCtor();
  const timers = new MapCtor();
  const consoleObject = {
    log(...args) { emit('log', args); },
    info(...args) { emit('info', args); },
    warn(...args) { emit('warn', args); },
    error(...args) { emit('error', args); },
    debug(...args) { emit('debug', args); },
    trace(...args) { emit('debug', withPrefix('Trace:', args)); },
    dir(v) { emit('log', [v]); },
    dirxml(...args) { emit('log', args); },
    table(v) { emit('log', [v]); },
    assert(cond, ...args) { if (!cond) emit('error', withPrefix('Assertion failed:', args)); },
    count(label = 'default') {
      const n = (MapPrototypeGet(counts, label) || 0) + 1;
      MapPrototypeSet(counts, label, n);
      emit('info', [`${label}: ${n}`]);
    },
    countReset(label = 'default') { MapPrototypeSet(counts, label, 0); },
    group(...args) { if (args.length) emit('log', args); groupIndent += '  '; },
    groupCollapsed(...args) { if (args.length) emit('log', args); groupIndent += '  '; },
    groupEnd() { groupIndent = StringPrototypeSlice(groupIndent, 2); },
    time(label = 'default') { MapPrototypeSet(timers, label, ops.performanceNow()); },
    timeLog(label = 'default', ...args) {
      const t = MapPrototypeGet(timers, label);
      if (t !== undefined) emit('log', withPrefix(`${label}: ${ops.performanceNow() - t}ms`, args));
    },
    timeEnd(label = 'default') {
      const t = MapPrototypeGet(timers, label);
      if (t !== undefined) {
        emit('log', [`${label}: ${ops.performanceNow() - t}ms`]);
        MapPrototypeDelete(timers, label);
      }
    },
    clear() {},
  };
  ObjectDefineProperty(consoleObject, SymbolToStringTag, { __proto__: null, value: 'console', configurable: true });
  return consoleObject;
}
lazyNamespace('console', makeConsole);

return [inspectHooks];
