//! Lifecycle: what every agent shares with the host — options, fixture
//! loading, the scheduler and its clocks, origins, ids and records, and the
//! registries agents share (ports, storage, broadcast channels, shared
//! workers, blobs).
//!
//! Key files: `host.rs` (HostShared, the watchdog), `options.rs`
//! (HostOptions), `scheduler.rs` (inboxes, clock groups and their turns),
//! `shared_workers.rs` (each shared worker and its owners),
//! `clock.rs` (a group's clock and the keys that order its events),
//! `clock_control.rs` (pause, advance, set from Rust), `random.rs` (seeded
//! random streams), `loader.rs` (URLs → resources, as bytes: the site,
//! redirects, data:), `charset.rs` (bytes → text: HTML's encoding
//! sniffing, scripts), `fetch.rs` (fetch()'s and XHR's network side: CORS,
//! preflight, redirects), `serve/` (what a site answers: a fixture root or
//! a WPT checkout served as wptserve does), `origin.rs`, `site.rs` (sites,
//! agent cluster keys, origin-domains, the public suffix list),
//! `browsing_context_groups.rs` (which isolate hosts which agent cluster),
//! `envelope.rs` (what crosses threads), `report.rs` (what users read),
//! `sandbox.rs` (sandboxing flag sets), `window_features.rs` (what
//! `window.open` asked of the windows it opened), `blob_store.rs` (blobs'
//! bytes, held once for every agent, and blob URLs).
//!
//! Invariants:
//! 1. Nothing here touches V8 handles; only `IsolateHandle` (terminate) and
//!    `BackingStore` (shared memory) cross threads.
//! 2. Nothing here names `crate::web` or the facade (`crate::host`): the web
//!    layer spawns agents and calls down into this one, never the reverse
//!    (checked by `engine/tests/layers.rs`).
//! 3. A message posted to an agent keeps its clock group awake until handled.
//! 4. No file outside the root is read (see `serve/path.rs`).
//! 5. Under virtual time, one agent of a clock group runs at a time, and
//!    nothing a page can see depends on the machine's clock or load.

pub mod blob_store;
pub mod broadcast;
pub mod browsing_context_groups;
pub mod charset;
pub mod clock;
pub mod clock_control;
pub mod envelope;
pub mod fetch;
pub mod host;
pub mod loader;
pub mod memory;
pub mod options;
pub mod origin;
pub mod ports;
pub mod random;
pub mod report;
pub mod sandbox;
pub mod scheduler;
pub mod serve;
pub mod shared_workers;
pub mod site;
pub mod storage;
pub mod window_features;
