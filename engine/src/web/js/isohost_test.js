// isohostTest (not a web interface): fault injection, for tests of crash
// containment only, present when the host was made with `fault_injection`.

if (info.faultInjection) {
  ObjectDefineProperty(global, 'isohostTest', { __proto__: null,
    value: ObjectFreeze({ panic() { ops.isohostTestPanic(); } }),
    writable: false, configurable: false, enumerable: false,
  });
}
