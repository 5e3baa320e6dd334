// The last part of every realm's bindings: the interfaces made on first use
// become lazy data properties of the global (see lazyInterface in core.js).

ops.webidlDefineLazyGlobals([...lazyFactories.keys()]);
