//! isohost: a headless, browser-like host for local HTML fixtures on real V8.
//!
//! The library facade used by the CLI and by integration tests. Start with
//! [`Host`]: open tabs, wait until idle, read frames, console lines and
//! errors, evaluate script in a frame, measure who can reach whom.
//!
//! ```no_run
//! use isohost::{Host, HostOptions};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open("http://a.test/index.html")?;
//! host.wait_idle(None);
//! for frame in host.frames() {
//!     println!("{} {} {}", frame.id, frame.origin, frame.url);
//! }
//! let title = host.evaluate(tab.main_frame, "document.title")?;
//! println!("{title}");
//! # Ok::<(), isohost::Error>(())
//! ```

pub use engine::{
    AccessEntry, ConsoleMessage, ConsoleSink, Error, ErrorKind, FrameId, FrameInfo, FrameKind,
    Host, HostOptions, IsolateInfo, IsolateKind, Level, Origin, Result, ScriptError, TabHandle,
};

pub mod cli;
pub mod testharness;
