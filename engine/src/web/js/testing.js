// isohost fault injection, for tests of crash containment only: present
// when the host was made with `fault_injection`.

if (info.faultInjection) {
  defineProperty(global, 'isohostTest', {
    value: Object.freeze({ panic() { ops.isohostTestPanic(); } }),
    writable: false, configurable: false, enumerable: false,
  });
}
