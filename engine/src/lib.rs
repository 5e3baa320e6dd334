//! isohost's engine: V8 hosting with the browser's process model in miniature.
//!
//! Reading order, top to bottom as at runtime, each layer using only those
//! above it in this list: [`v8`] (platform → isolate → scope → context →
//! run → dispose), then [`runtime`] (what agents share: options, the
//! scheduler and clocks, fixture loading, origins, ids and records, the
//! registries of ports, storage and channels, the watchdog), then `web`
//! (agents: a tab's or worker's thread, frames and their realms, and the
//! web interfaces, each a JS file and its ops listed in one registry), and
//! last the facade, `host.rs` ([`Host`]: opens tabs through `web`, reads
//! and asks through `runtime`).
//!
//! ```no_run
//! use engine::{Host, HostOptions};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open("http://a.test/")?;
//! assert!(host.wait_idle(None));
//! assert_eq!(host.evaluate(tab.main_frame, "1 + 1")?, serde_json::json!(2));
//! # Ok::<(), engine::Error>(())
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

// The public API (what `isohost` re-exports) is documented throughout;
// `runtime` and `v8` are public for the CLI, benches and tests, not for
// library users.
#[warn(missing_docs)]
mod api;
#[warn(missing_docs)]
pub mod error;
#[warn(missing_docs)]
mod host;
pub mod runtime;
pub mod v8;
mod web;

pub use api::{
    AccessEntry, AgentClusterInfo, BrowsingContextGroupId, BrowsingContextGroupInfo,
    ConsoleMessage, ContextId, FrameId, FrameInfo, FrameKind, IsolateId, IsolateInfo, IsolateKind,
    Level, Placement, ScriptError, TabId, WorkerInfo, WorkerKind,
};
pub use error::{Error, ErrorKind, Result};
pub use host::{ConsoleSink, Frame, Host, HostOptions, JsValue, Tab, TabHandle};
pub use runtime::clock_control::ClockControl;
pub use runtime::origin::Origin;
