//! How a host runs pages: the options every layer reads (the loader its
//! root, the scheduler its clocks, the watchdog its timeout, agents their
//! heap limit). Defined here, below the facade that takes them, so that
//! `runtime` and `web` read them without naming the facade.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::report::ConsoleMessage;

/// Receives console lines as they are printed (for live output).
pub type ConsoleSink = Arc<dyn Fn(&ConsoleMessage) + Send + Sync>;

/// How a host runs pages.
#[derive(Clone)]
pub struct HostOptions {
    /// Fixture root: `http(s)://HOST/PATH` maps to `root/HOST/PATH`.
    pub root: PathBuf,
    /// Virtual time (the default): each clock group runs as one logical
    /// thread on a clock that only moves by small fixed steps and jumps to
    /// the next timer, so that a run repeats exactly. False: agents run in
    /// parallel on the real clock.
    pub virtual_time: bool,
    /// Clock time after which no timer fires (per clock group).
    pub time_budget: Duration,
    /// Real time one task may run before its script is stopped.
    pub script_timeout: Duration,
    /// Cap on each isolate's old-generation heap, in MiB (0: V8 default).
    pub heap_limit_mb: usize,
    /// Extra resources served on every origin when the root lacks them,
    /// keyed by URL path (e.g. "/resources/testharness.js"). The test
    /// runner's knob, hidden from the docs.
    #[doc(hidden)]
    pub builtin_resources: Vec<(String, Arc<str>)>,
    /// Called for each console line as it is printed.
    pub console_sink: Option<ConsoleSink>,
    /// Expose `isohostTest.panic()` to pages and workers, which panics in
    /// Rust on the agent's thread: for testing crash containment only,
    /// hidden from the docs.
    #[doc(hidden)]
    pub fault_injection: bool,
    // --- serving (issue 10) ---
    /// What `root` holds: fixtures (`ROOT/HOST/PATH`, the default) or a
    /// web-platform-tests checkout served as wptserve serves it.
    pub site: super::serve::Site,
    /// Served on every origin at these paths, over whatever the root has
    /// (our testharnessreport.js).
    pub override_resources: Vec<(String, Arc<str>)>,
    // --- replay and clock control (issue 9) ---
    /// What `Date.now()` reads when each clock group starts (`None`: the
    /// wall clock when the host starts, in whole seconds, so that runs differ
    /// only by whole seconds; `Host::clock_start` says which).
    pub clock_start: Option<SystemTime>,
    /// Seeds `Math.random` in every realm, and the host's other random
    /// sources (`None`: a random seed; `Host::seed` says which).
    pub seed: Option<u64>,
    /// Virtual time: every clock group starts with its clock paused, so
    /// that no timer fires until `ClockControl` moves it.
    pub clock_paused: bool,
    // --- workers (issue 13) ---
    /// Every page, worker and shared worker is cross-origin isolated, as if
    /// each response had sent `Cross-Origin-Opener-Policy: same-origin` and
    /// `Cross-Origin-Embedder-Policy: require-corp`: `SharedArrayBuffer`
    /// exists and can be posted everywhere. Off by default, as in browsers:
    /// only pages whose responses send both headers (in a secure context)
    /// are isolated.
    pub cross_origin_isolated: bool,
}

impl HostOptions {
    pub fn new(root: impl Into<PathBuf>) -> HostOptions {
        HostOptions {
            root: root.into(),
            virtual_time: true,
            time_budget: Duration::from_secs(30),
            script_timeout: Duration::from_secs(10),
            heap_limit_mb: 1024,
            builtin_resources: Vec::new(),
            console_sink: None,
            fault_injection: false,
            site: super::serve::Site::Fixtures,
            override_resources: Vec::new(),
            clock_start: None,
            seed: None,
            clock_paused: false,
            cross_origin_isolated: false,
        }
    }
}

impl std::fmt::Debug for HostOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostOptions")
            .field("root", &self.root)
            .field("virtual_time", &self.virtual_time)
            .field("time_budget", &self.time_budget)
            .field("script_timeout", &self.script_timeout)
            .field("clock_start", &self.clock_start)
            .field("seed", &self.seed)
            .field("cross_origin_isolated", &self.cross_origin_isolated)
            .finish_non_exhaustive()
    }
}
