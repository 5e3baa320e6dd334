//! isohost's engine: V8 hosting with the browser's process model in miniature.
//!
//! Reading order, top to bottom as at runtime: [`v8`] (platform → isolate →
//! scope → context → run → dispose), then [`runtime`] (the host, its
//! scheduler and clocks, fixture loading, origins), then `web` (agents:
//! a tab's or worker's thread, frames and their realms, the DOM, events,
//! timers, messaging).
//!
//! ```no_run
//! use engine::{Host, HostOptions};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open("http://a.test/")?;
//! host.wait_idle(None);
//! assert_eq!(host.evaluate(tab.main_frame, "1 + 1")?, serde_json::json!(2));
//! # Ok::<(), engine::Error>(())
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod error;
mod host;
pub mod runtime;
pub mod v8;
mod web;

pub use error::{Error, ErrorKind, Result};
pub use host::{ConsoleSink, Host, HostOptions, TabHandle};
pub use runtime::origin::Origin;
pub use runtime::report::{
    AccessEntry, ConsoleMessage, FrameId, FrameInfo, FrameKind, IsolateInfo, IsolateKind, Level,
    ScriptError,
};
