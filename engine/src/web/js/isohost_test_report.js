// isohostClaimTestReport (not a web interface): the trusted channel for
// test results (issue 14). Defined only in the top-level document of a tab
// the host opened itself, when the host runs tests; it grants the channel
// once, and only while the host's own testharnessreport.js runs there
// after testharness.js did (ops/isohost_test_report.rs), so page script
// cannot take it, and results never travel as console text. Everything
// here reads testharness.js's objects through own data properties and
// primordials, so a page that replaced builtins or prototype getters
// (JSON.stringify, Array.prototype.map, Object.prototype.toJSON, ...)
// changes nothing in what is reported.

atRealmStart(() => {
  if (info.testReport) {
    // An own data property of `object`, never a getter or an inherited one.
    const own = (object, key) => {
      if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return undefined;
      const d = ObjectGetOwnPropertyDescriptor(object, key);
      return d !== undefined && ObjectPrototypeHasOwnProperty(d, 'value') ? d.value : undefined;
    };
    const text = (v) => (typeof v === 'string' && v !== '' ? JSONStringify(v) : 'null');
    const number = (v) => (typeof v === 'number' ? JSONStringify(v) : 'null');
    // testharness.js's Test.phases.STARTED.
    const STARTED = 1;

    ObjectDefineProperty(global, 'isohostClaimTestReport', { __proto__: null,
      value: function isohostClaimTestReport() {
        if (!ops.isohostTestReportClaim()) return false;
        const setup = own(global, 'setup');
        const onState = own(global, 'add_test_state_callback');
        const onResult = own(global, 'add_result_callback');
        const onCompletion = own(global, 'add_completion_callback');
        if (typeof onCompletion !== 'function') return false;
        // Each subtest's duration on the page's clock, from its first step
        // to its result.
        const started = new WeakMapCtor();
        const ended = new WeakMapCtor();
        const key = (t) => t !== null && (typeof t === 'object' || typeof t === 'function');
        if (typeof setup === 'function') setup({ output: false });
        if (typeof onState === 'function') {
          onState(function (t) {
            if (key(t) && !WeakMapPrototypeHas(started, t) && own(t, 'phase') >= STARTED) {
              WeakMapPrototypeSet(started, t, ops.performanceNow());
            }
          });
        }
        if (typeof onResult === 'function') {
          onResult(function (t) { if (key(t)) WeakMapPrototypeSet(ended, t, ops.performanceNow()); });
        }
        onCompletion(function (tests, status) {
          let list = '';
          const count = own(tests, 'length');
          for (let i = 0; typeof count === 'number' && i < count; i++) {
            const t = own(tests, i);
            const start = key(t) ? WeakMapPrototypeGet(started, t) : undefined;
            const end = key(t) ? WeakMapPrototypeGet(ended, t) : undefined;
            const name = own(t, 'name');
            const passed = own(t, 'status') === 0;
            list += `${i === 0 ? '' : ','}{"name":${JSONStringify(typeof name === 'string' ? name : '')},` +
              `"status":${number(own(t, 'status'))},"message":${text(own(t, 'message'))},` +
              `"stack":${passed ? 'null' : text(own(t, 'stack'))},` +
              `"duration":${start !== undefined && end !== undefined ? number(end - start) : 'null'}}`;
          }
          ops.isohostTestReportResults(`{"status":${number(own(status, 'status'))},` +
            `"message":${text(own(status, 'message'))},"stack":${text(own(status, 'stack'))},"tests":[${list}]}`);
        });
        return true;
      },
      writable: false, configurable: false, enumerable: false,
    });
  }
});
