// performance (High Resolution Time): the realm's clock, on the clock
// group's (virtual or real) time.
// https://w3c.github.io/hr-time/#the-performance-attribute ("The performance attribute")
//
// Not modelled: the performance timeline (marks, measures, entries are
// empty).

// Uses define, lazyGlobal (webidl.js).

// Made on first use (lazyGlobal), at its place among the globals.
lazyGlobal('performance', () => {
  const performanceObject = ObjectCreate(null);
  define(performanceObject, {
    now() { return ops.performanceNow(); },
    get timeOrigin() { return ops.performanceTimeOrigin(); },
    mark() {},
    measure() {},
    getEntries() { return []; },
    getEntriesByName() { return []; },
    getEntriesByType() { return []; },
    toJSON() { return { timeOrigin: ops.performanceTimeOrigin() }; },
  });
  ObjectSetPrototypeOf(performanceObject, ObjectPrototype);
  ObjectDefineProperty(performanceObject, SymbolToStringTag, { __proto__: null, value: 'Performance', configurable: true });
  return performanceObject;
}, true);
