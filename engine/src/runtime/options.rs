//! How a host runs pages: the options every layer reads (the loader its
//! root, the scheduler its clocks, the watchdog its timeout, agents their
//! heap limit). Defined here, below the facade that takes them, so that
//! `runtime` and `web` read them without naming the facade.

#![warn(missing_docs)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::api::ConsoleMessage;

/// Receives console lines as they are printed (for live output), with
/// typed ids as [`crate::Host::console`] gives them.
pub type ConsoleSink = Arc<dyn Fn(&ConsoleMessage) + Send + Sync>;

/// Receives testharness.js results (JSON) from the trusted channel.
pub type TestResultSink = Arc<dyn Fn(&str) + Send + Sync>;

/// Where pages load testharness.js from (WPT's layout).
pub const TESTHARNESS_PATH: &str = "/resources/testharness.js";
/// Where pages load testharnessreport.js from; when running tests the
/// host serves its own there, on every origin, and only that script may
/// take the trusted result channel (`HostOptions::test_results`).
pub const TESTHARNESS_REPORT_PATH: &str = "/resources/testharnessreport.js";

/// The default cap on each isolate's old-generation heap, in MiB: a page
/// that fills its heap in a loop ends with "out of memory" at about a GiB
/// of the process's memory. Not lower: WPT's cross-origin-objects.html
/// (many frames and navigations in one isolate) needs about 600 MiB.
pub const DEFAULT_HEAP_LIMIT_MB: usize = 1024;

/// The default per-agent cap on memory outside the V8 heap, in MiB. Sized
/// for the 24 GiB, 2-core machines this runs on: an agent may hold 512 MiB
/// of ArrayBuffers, DOM and queued messages beside its heap, so that two
/// test jobs (`--jobs 2`), each with a tab and a worker at both caps, stay
/// near 6 GiB; and a page filling memory in a loop reaches the cap in
/// about a second, well before the script timeout stops it as "an endless
/// loop" (which would hide why it was stopped).
pub const DEFAULT_MAX_MEMORY_MB: usize = 512;

/// The default host-wide cap on memory outside the V8 heaps, in MiB: a
/// sixth of the machine for the whole process, however many agents.
pub const DEFAULT_MAX_HOST_MEMORY_MB: usize = 4096;

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
    /// Cap on each agent's memory outside the V8 heap (ArrayBuffers, its
    /// DOM, messages it queued), in MiB: crossing it ends the tab or
    /// worker with an "out of memory" error (`runtime::memory`).
    pub max_memory_mb: usize,
    /// The same, summed over every agent of the host.
    pub max_host_memory_mb: usize,
    /// Extra resources served on every origin when the root lacks them,
    /// keyed by URL path (e.g. "/resources/testharness.js"). The test
    /// runner's knob, hidden from the docs.
    #[doc(hidden)]
    pub builtin_resources: Vec<(String, Arc<str>)>,
    /// Called for each console line as it is printed.
    pub console_sink: Option<ConsoleSink>,
    /// Running tests: results of the top-level document of each tab the
    /// host opens arrive here, through a channel only the host's own
    /// testharnessreport.js (served at [`TESTHARNESS_REPORT_PATH`]) can
    /// take, once, after testharness.js ran there; never from console text.
    pub test_results: Option<TestResultSink>,
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
    // --- start-up (issue 15) ---
    /// How many tabs' isolates to keep made ahead once this host has
    /// opened a tab, so that the next `open` (or popup) does not wait for
    /// one: made on threads of their own while pages load, shared by the
    /// process's hosts (a new host per page gains too), at most 4 in
    /// all. Each holds ~2 MiB of memory and ~272 MiB of address space
    /// until it is used or the process ends.
    /// 0: this host neither takes nor makes spares. What pages see is the
    /// same either way. 1 by default.
    pub spare_tabs: usize,
    /// How many malloc arenas (glibc) the process's threads share, set by
    /// the first host the process makes; by default one per CPU. Each
    /// tab's thread is one more thread that allocates, and glibc makes up
    /// to eight arenas per CPU, each keeping the memory its threads freed
    /// (isolate creation and page load free much): fewer arenas reuse it,
    /// ~35 KiB less per live tab (`compare-isohost memory`). A setting
    /// made before (`MALLOC_ARENA_MAX`, `GLIBC_TUNABLES`) is kept.
    /// 0: malloc is left as it is.
    pub malloc_arenas: usize,
}

impl HostOptions {
    /// The defaults over the fixture root `root`: virtual time, a 30 s
    /// time budget, a 10 s script timeout, a drawn seed, the clock
    /// starting at the wall clock.
    pub fn new(root: impl Into<PathBuf>) -> HostOptions {
        HostOptions {
            root: root.into(),
            virtual_time: true,
            time_budget: Duration::from_secs(30),
            script_timeout: Duration::from_secs(10),
            heap_limit_mb: DEFAULT_HEAP_LIMIT_MB,
            max_memory_mb: DEFAULT_MAX_MEMORY_MB,
            max_host_memory_mb: DEFAULT_MAX_HOST_MEMORY_MB,
            builtin_resources: Vec::new(),
            console_sink: None,
            test_results: None,
            fault_injection: false,
            site: super::serve::Site::Fixtures,
            override_resources: Vec::new(),
            clock_start: None,
            seed: None,
            clock_paused: false,
            cross_origin_isolated: false,
            spare_tabs: 1,
            malloc_arenas: std::thread::available_parallelism().map_or(1, |n| n.get()),
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
            .field("spare_tabs", &self.spare_tabs)
            .field("malloc_arenas", &self.malloc_arenas)
            .finish_non_exhaustive()
    }
}
