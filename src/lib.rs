//! isohost: a headless, browser-like host for local HTML fixtures on real V8.
//!
//! The library facade used by the CLI and by integration tests. Start with
//! [`Host`]: open a [`Tab`], wait until it is idle, then read its frames,
//! console lines and errors, evaluate script in a [`Frame`], click, wait
//! for a condition, navigate. Every tab is a V8 isolate on its own thread,
//! every frame a V8 context; the calls below talk to those threads and wait
//! for their answers. The same API exists as `async fn`s for tokio in
//! `isohost::tokio` (feature `tokio`).
//!
//! ```toml
//! [dependencies]
//! isohost = { git = "…", default-features = false } # the library, without the CLI
//! # isohost = { git = "…", default-features = false, features = ["tokio"] }
//! ```
//!
//! # Opening a page and reading what happened
//!
//! ```
//! use isohost::{Host, HostOptions};
//! // Fixtures: http://a.test/x.html is the file pages/a.test/x.html.
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open_tab("http://a.test/")?;
//! tab.wait_idle(None)?; // every task run, every timer (within budget) fired
//!
//! let cross = tab.frame_by_url("http://b.test/cross.html").expect("an iframe");
//! let info = cross.info().expect("open");
//! assert_eq!(info.origin, "http://b.test");
//! assert_eq!(cross.parent().map(|p| p.id()), Some(tab.main_frame().id()));
//! assert_eq!(cross.tab_id(), tab.id()); // same tab, same isolate
//!
//! // Console lines, attributed to the frame that printed them.
//! assert!(tab
//!     .console()
//!     .iter()
//!     .any(|m| m.frame == cross.id() && m.text.contains("SecurityError (code 18)")));
//! assert!(tab.errors().is_empty());
//! # Ok::<(), isohost::Error>(())
//! ```
//!
//! # Evaluating script in a frame
//!
//! The completion value comes back as a [`JsValue`]: JSON when it has a
//! JSON form, a promise's value once it settles, a description for DOM
//! nodes, functions and errors. A thrown exception comes back as
//! [`ErrorKind::Script`] with V8's message and the place it was thrown.
//!
//! ```
//! use isohost::{ErrorKind, Host, HostOptions, JsValue, json};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open_tab("http://a.test/")?;
//! tab.wait_idle(None)?;
//!
//! assert_eq!(tab.evaluate("frames[0].document.title")?, json!("same-origin child"));
//! assert_eq!(tab.evaluate("Promise.resolve(6 * 7)")?, json!(42));
//! assert_eq!(tab.evaluate("document.querySelector('h1')")?, JsValue::Node("<h1>".into()));
//!
//! let err = tab.evaluate("frames[1].document").unwrap_err();
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
//! # Driving a page: click, wait for a condition, navigate
//!
//! ```
//! use std::time::Duration;
//! use isohost::{Host, HostOptions, json};
//! let host = Host::new(HostOptions::new("pages"))?;
//! let tab = host.open_tab("http://a.test/page-api/")?;
//! tab.click("#go")?; // its listener sets #out to "done" 50 ms later
//! tab.wait_for("document.querySelector('#out').textContent == 'done'", Duration::from_secs(10))?;
//! let far = tab.frame_by_name("far")?.expect("the iframe named far");
//! assert_eq!(far.evaluate("location.host")?, json!("b.test"));
//! tab.navigate("http://a.test/hello.html")?;
//! tab.close()?;
//! # Ok::<(), isohost::Error>(())
//! ```
//!
//! # The same on tokio
//!
//! With the `tokio` feature, `isohost::tokio` has the same `Host` → `Tab`
//! → `Frame` API as `async fn`s (each blocking call on tokio's blocking
//! pool; dropping a future is safe):
//!
//! ```ignore
//! #[tokio::test]
//! async fn clicks() -> isohost::Result<()> {
//!     let host = isohost::tokio::Host::new(isohost::HostOptions::new("pages")).await?;
//!     let tab = host.open_tab("http://a.test/page-api/").await?;
//!     tab.click("#go").await?;
//!     tab.wait_for("document.querySelector('#out').textContent == 'done'", std::time::Duration::from_secs(10)).await?;
//!     Ok(())
//! }
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
//! assert!(host.wait_idle(None));
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
//! assert!(host.wait_idle(None));
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
//! let tab = host.open_tab("http://a.test/")?;
//! tab.wait_idle(None)?;
//! let id = |url: &str| tab.frame_by_url(url).unwrap().id();
//! let report = host.access_report();
//! let pair = |from, to| report.iter().find(|a| a.from == from && a.to == to).unwrap();
//!
//! let main = tab.main_frame().id();
//! let same = pair(main, id("http://a.test/same.html"));
//! assert!(same.dom_access && same.global_access);
//! let cross = pair(main, id("http://b.test/cross.html"));
//! assert!(!cross.dom_access && !cross.global_access);
//! assert_eq!(cross.cross_origin_members.len(), 13); // postMessage, location, frames…
//! assert_eq!(cross.via, "frames[1]");
//! # Ok::<(), isohost::Error>(())
//! ```

#![warn(missing_docs)]

pub use engine::{
    AccessEntry, AgentClusterInfo, BrowsingContextGroupId, BrowsingContextGroupInfo, ClockControl,
    ConsoleMessage, ConsoleSink, ContextId, Error, ErrorKind, Frame, FrameId, FrameInfo, FrameKind,
    Host, HostOptions, IsolateId, IsolateInfo, IsolateKind, JsValue, Level, Origin, Placement,
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
