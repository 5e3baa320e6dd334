// isohostReportResults (not a web interface): the trusted channel for test
// results (issue 14). Present only in the top-level document of a tab the
// host opened itself (not a frame, not a popup), and only when the host
// runs tests (`HostOptions::test_results`); the runner's own
// testharnessreport.js calls it. Results never travel as console text, so
// a frame that prints a look-alike forges nothing, and a page that never
// loads testharness.js reports nothing (a harness ERROR).

if (info.testReport) {
  ObjectDefineProperty(global, 'isohostReportResults', { __proto__: null,
    value: function isohostReportResults(json) { ops.isohostTestReportResults(json); },
    writable: false, configurable: false, enumerable: false,
  });
}
