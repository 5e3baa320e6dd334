//! isohost: a headless, browser-like host for local HTML fixtures on real V8.
//!
//! The library facade used by the CLI and by integration tests. Start with
//! [`Host`]: open tabs, wait until idle, read frames, console lines and
//! errors, evaluate script in a frame, measure who can reach whom. Every
//! tab is a V8 isolate on its own thread, every frame a V8 context; the
//! calls below talk to those threads and wait for their answers.
//!
//! # Opening a page and reading what happened
//!
//! ```
//! use isohost::{Host, HostOptions};
//! // Fixtures: http://a.test/x.html is the file pages/a.test/x.html.
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open("http://a.test/")?;
//! host.wait_idle(None); // every task run, every timer (within budget) fired
//!
//! let frames = host.frames();
//! let cross = frames.iter().find(|f| f.url.ends_with("/cross.html")).unwrap();
//! assert_eq!(cross.origin, "http://b.test");
//! assert_eq!(cross.parent, Some(tab.main_frame));
//! assert_eq!(cross.isolate, tab.isolate); // same tab, same isolate
//!
//! // Console lines, attributed to the frame that printed them.
//! assert!(host
//!     .console()
//!     .iter()
//!     .any(|m| m.frame == cross.id && m.text.contains("SecurityError (code 18)")));
//! assert!(host.errors().is_empty());
//! # Ok::<(), isohost::Error>(())
//! ```
//!
//! # Evaluating script in a frame
//!
//! The completion value comes back as JSON; a thrown exception comes back
//! as [`ErrorKind::Script`] with V8's message and the place it was thrown.
//!
//! ```
//! use isohost::{ErrorKind, Host, HostOptions};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open("http://a.test/")?;
//! host.wait_idle(None);
//!
//! let same = host.evaluate(tab.main_frame, "frames[0].document.title")?;
//! assert_eq!(same, serde_json::json!("same-origin child"));
//!
//! let err = host.evaluate(tab.main_frame, "frames[1].document").unwrap_err();
//! match err.kind() {
//!     ErrorKind::Script { message, line, .. } => {
//!         assert!(message.starts_with("Uncaught SecurityError"));
//!         assert_eq!(*line, 1);
//!     }
//!     other => panic!("{other}"),
//! }
//! # Ok::<(), isohost::Error>(())
//! ```
//!
//! # Options: virtual time, budgets, limits
//!
//! ```
//! use std::time::Duration;
//! use isohost::{Host, HostOptions};
//! let mut options = HostOptions::new("pages");
//! options.virtual_time = true; // the default: a repeatable run on a virtual clock
//! options.time_budget = Duration::from_secs(60); // clock time after which timers stop
//! options.script_timeout = Duration::from_secs(2); // a task running longer is stopped
//! let host = Host::new(options)?;
//! host.open("http://a.test/errors/endless.html")?;
//! host.wait_idle(None);
//! let stopped = &host.errors()[0];
//! assert!(stopped.message.contains("ran longer than 2 s"));
//! assert_eq!(stopped.line, 8); // where the loop was running
//! # Ok::<(), isohost::Error>(())
//! ```
//!
//! # Time: a run repeats, and the clock can be driven from Rust
//!
//! Under virtual time (the default) each clock group runs as one logical
//! thread on a clock that moves only by small fixed steps and jumps to the
//! next timer: with the same seed and clock start, a run prints the same
//! thing every time. The clock can also be paused and advanced by hand, as
//! Playwright's `page.clock` does.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use isohost::{Host, HostOptions};
//! let mut options = HostOptions::new("pages");
//! options.seed = Some(7); // Math.random in every realm
//! options.clock_start = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
//! options.clock_paused = true; // no timer fires until the clock is moved
//! let host = Host::new(options)?;
//! // Timers at 100 ms, 1 s and 5 s, each printing when it fires.
//! let tab = host.open("http://a.test/clock/timers.html")?;
//! host.wait_idle(None);
//! let printed = || host.console().into_iter().map(|m| m.text).collect::<Vec<_>>();
//! assert_eq!(printed(), ["start 1700000000000"]);
//!
//! let clock = host.clock(&tab)?;
//! clock.advance(Duration::from_secs(1))?; // the timers due by then fire, in order
//! assert_eq!(printed()[1..], ["timer 100 ms at 100", "timer 1000 ms at 1000"]);
//! clock.run_until_idle()?; // and the rest, within the time budget
//! assert_eq!(printed().len(), 4);
//! assert_eq!((host.seed(), host.clock_start()), (7, SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
//! # Ok::<(), isohost::Error>(())
//! ```
//!
//! # Who can reach whom
//!
//! [`Host::access_report`] measures, from every frame's own context, what it
//! can reach of every other frame.
//!
//! ```
//! use isohost::{Host, HostOptions};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open("http://a.test/")?;
//! host.wait_idle(None);
//! let frames = host.frames();
//! let id = |suffix: &str| frames.iter().find(|f| f.url.ends_with(suffix)).unwrap().id;
//! let report = host.access_report();
//! let pair = |from, to| report.iter().find(|a| a.from == from && a.to == to).unwrap();
//!
//! let same = pair(tab.main_frame, id("/same.html"));
//! assert!(same.dom_access && same.global_access);
//! let cross = pair(tab.main_frame, id("/cross.html"));
//! assert!(!cross.dom_access && !cross.global_access);
//! assert_eq!(cross.cross_origin_members.len(), 13); // postMessage, location, frames…
//! assert_eq!(cross.via, "frames[1]");
//! # Ok::<(), isohost::Error>(())
//! ```

pub use engine::{
    AccessEntry, ClockControl, ConsoleMessage, ConsoleSink, Error, ErrorKind, Frame, FrameId,
    FrameInfo, FrameKind, Host, HostOptions, IsolateInfo, IsolateKind, JsValue, Level, Origin,
    Result, ScriptError, Tab, TabHandle, TabId, WorkerInfo, WorkerKind,
};
/// The JSON value type of [`Host::evaluate`] and [`JsValue::Json`].
pub use serde_json::{Value, json};
/// The URL type of [`Host::resolve`].
pub use url::Url;

/// What a host serves: fixtures, or a web-platform-tests checkout.
pub use engine::runtime::serve::{Site, wpt::WptSite};

#[cfg(feature = "cli")]
pub mod cli;
pub mod expectations;
pub mod testharness;
#[cfg(feature = "tokio")]
pub mod tokio;
pub mod wpt;
