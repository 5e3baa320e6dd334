//! The page-shaped API: [`Tab`] and [`Frame`] handles over a [`Host`], each
//! with its own console lines, errors and frames, and an `evaluate` that
//! awaits promises and describes what it cannot turn into JSON.
//!
//! Handles are cheap to clone, `Send` and `Sync`: each holds the host's
//! shared state and an id, and asks the tab's thread by envelope, as
//! [`Host::evaluate`] does. A handle outliving its [`Host`] answers
//! [`ErrorKind::TabGone`].

use std::collections::BTreeSet;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use super::Host;
use crate::api::{ConsoleMessage, FrameId, FrameInfo, FrameKind, ScriptError, TabId};
use crate::error::{ErrorKind, Result};
use crate::runtime::envelope::Envelope;
use crate::runtime::host::{HostShared, lock};
use crate::runtime::scheduler::AgentId;

/// The wrapper [`Frame::evaluate`] runs the source through (see the file).
const DESCRIBE: &str = include_str!("describe.js");

/// How long a poll waits for the host to go idle before looking again.
const POLL: Duration = Duration::from_millis(20);

/// What [`Frame::evaluate`] returns: the completion value (a promise's
/// fulfilment value once it settles), as JSON when it has a JSON form,
/// else described.
///
/// Inside arrays and objects, nodes, functions and errors are described as
/// strings (the same text as at the top level).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum JsValue {
    /// `undefined` (and a promise fulfilled with nothing).
    Undefined,
    /// `null`, a boolean, finite number, string, array or plain object,
    /// as `JSON.stringify` gives it.
    Json(serde_json::Value),
    /// A DOM node: an element's start tag (`<p id="x">`), `#text "…"`,
    /// `#document <url>`, or the node name.
    Node(String),
    /// A function: `function name()`.
    Function(String),
    /// An `Error` or `DOMException` (thrown values come back as
    /// [`ErrorKind::Script`] instead; this is one returned as a value).
    Error {
        /// Its `name`, e.g. `TypeError`.
        name: String,
        /// Its `message`.
        message: String,
    },
    /// Anything else: symbols, bigints (`12n`), `NaN`/`Infinity`, windows,
    /// objects `JSON.stringify` refuses (cycles), as a short text.
    Other(String),
}

impl JsValue {
    /// The JSON form: [`JsValue::Json`] as is, `undefined` as null, and
    /// every description as a string.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            JsValue::Undefined => serde_json::Value::Null,
            JsValue::Json(v) => v.clone(),
            JsValue::Node(s) | JsValue::Function(s) | JsValue::Other(s) => {
                serde_json::Value::String(s.clone())
            }
            JsValue::Error { name, message } => {
                serde_json::Value::String(format!("{name}: {message}"))
            }
        }
    }

    /// JavaScript's truthiness of the value (descriptions are truthy).
    pub fn is_truthy(&self) -> bool {
        match self {
            JsValue::Undefined => false,
            JsValue::Json(serde_json::Value::Null | serde_json::Value::Bool(false)) => false,
            JsValue::Json(serde_json::Value::Number(n)) => n.as_f64() != Some(0.0),
            JsValue::Json(serde_json::Value::String(s)) => !s.is_empty(),
            _ => true,
        }
    }

    /// Decodes the wrapper's description (see `describe.js`).
    fn decode(d: &serde_json::Value) -> JsValue {
        let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
        match d["k"].as_str() {
            Some("undefined") => JsValue::Undefined,
            Some("json") => JsValue::Json(
                serde_json::from_str(d["s"].as_str().unwrap_or("null"))
                    .unwrap_or(serde_json::Value::Null),
            ),
            Some("node") => JsValue::Node(text("v")),
            Some("function") => JsValue::Function(text("v")),
            Some("error") => JsValue::Error {
                name: text("name"),
                message: text("message"),
            },
            _ => JsValue::Other(text("v")),
        }
    }
}

impl PartialEq<serde_json::Value> for JsValue {
    /// True for [`JsValue::Json`] holding that value.
    fn eq(&self, other: &serde_json::Value) -> bool {
        matches!(self, JsValue::Json(v) if v == other)
    }
}

impl std::fmt::Display for JsValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsValue::Undefined => f.write_str("undefined"),
            JsValue::Json(v) => write!(f, "{v}"),
            other => write!(f, "{}", other.to_json().as_str().unwrap_or_default()),
        }
    }
}

/// A tab: a top-level browsing context, its frames and workers, on one
/// isolate. From [`Host::open_tab`] or [`Host::tabs`].
///
/// ```
/// # use engine as isohost;
/// use isohost::{Host, HostOptions};
/// # let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/../pages");
/// let host = Host::new(HostOptions::new(pages))?;
/// let tab = host.open_tab("http://a.test/")?;
/// tab.wait_idle(None)?;
/// let cross = tab.frame_by_url("http://b.test/cross.html").unwrap();
/// assert_eq!(cross.parent().map(|p| p.id()), Some(tab.main_frame().id()));
/// assert!(tab.console().iter().any(|m| m.frame == cross.id()));
/// assert!(tab.errors().is_empty());
/// # Ok::<(), isohost::Error>(())
/// ```
#[derive(Clone)]
pub struct Tab {
    main: Frame,
}

/// A frame (a browsing context's window) of a [`Tab`].
#[derive(Clone)]
pub struct Frame {
    shared: Arc<HostShared>,
    id: FrameId,
    tab: TabId,
}

impl std::fmt::Debug for Tab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tab")
            .field("id", &self.main.tab)
            .field("main_frame", &self.main.id)
            .finish()
    }
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("id", &self.id)
            .field("tab", &self.tab)
            .finish()
    }
}

impl Host {
    /// Opens a tab on a URL or a path inside the root, as [`Host::open`],
    /// and returns its handle.
    pub fn open_tab(&self, url_or_path: &str) -> Result<Tab> {
        let handle = self.open(url_or_path)?;
        Ok(self.tab(&handle))
    }

    /// The handle of a tab opened by [`Host::open`].
    pub fn tab(&self, handle: &super::TabHandle) -> Tab {
        Tab {
            main: Frame {
                shared: Arc::clone(&self.shared),
                id: handle.main_frame,
                tab: handle.id(),
            },
        }
    }

    /// Every open tab, those opened by script (`window.open`) included, in
    /// the order they were opened.
    pub fn tabs(&self) -> Vec<Tab> {
        lock(&self.shared.frames)
            .values()
            .filter(|f| f.kind == FrameKind::Window && f.parent.is_none() && !f.closed)
            .map(|f| Tab {
                main: Frame {
                    shared: Arc::clone(&self.shared),
                    id: FrameId(f.id),
                    tab: TabId(f.id),
                },
            })
            .collect()
    }
}

impl Tab {
    /// The tab's id.
    pub fn id(&self) -> TabId {
        self.main.tab
    }

    /// Its main frame.
    pub fn main_frame(&self) -> Frame {
        self.main.clone()
    }

    /// Its frames, main frame first, in the order they were created (a
    /// popup it opened is a tab of its own, in [`Host::tabs`]).
    pub fn frames(&self) -> Vec<Frame> {
        let frames = lock(&self.main.shared.frames);
        let top = self.main.id.0;
        frames
            .values()
            .filter(|f| f.kind == FrameKind::Window && !f.closed && top_of(&frames, f.id) == top)
            .map(|f| self.handle(FrameId(f.id)))
            .collect()
    }

    /// Its frame with this id, if open.
    pub fn frame(&self, id: FrameId) -> Option<Frame> {
        self.frames().into_iter().find(|f| f.id == id)
    }

    /// Its first frame whose document URL is `url` (compared after
    /// parsing, so `http://a.test` finds `http://a.test/`).
    pub fn frame_by_url(&self, url: &str) -> Option<Frame> {
        let want = url::Url::parse(url).map(String::from).unwrap_or(url.into());
        self.frames()
            .into_iter()
            .find(|f| f.info().is_some_and(|i| i.url == want))
    }

    /// Its first frame whose `window.name` is `name` (an iframe's `name`
    /// attribute, or what script set), asked of each frame in turn.
    pub fn frame_by_name(&self, name: &str) -> Result<Option<Frame>> {
        for frame in self.frames() {
            if frame.evaluate_json("self.name")? == serde_json::json!(name) {
                return Ok(Some(frame));
            }
        }
        Ok(None)
    }

    /// Every console line its frames and their workers printed, in order.
    pub fn console(&self) -> Vec<ConsoleMessage> {
        let ours = self.own_ids();
        let lines = self.main.shared.console_lines().into_iter();
        lines
            .filter(|m| ours.contains(&m.frame))
            .map(ConsoleMessage::from)
            .collect()
    }

    /// Every script error of its frames and their workers, in order.
    pub fn errors(&self) -> Vec<ScriptError> {
        let ours = self.own_ids();
        let errors = self.main.shared.script_errors().into_iter();
        errors
            .filter(|e| ours.contains(&e.frame))
            .map(ScriptError::from)
            .collect()
    }

    /// [`Frame::evaluate`] in the main frame.
    pub fn evaluate(&self, source: &str) -> Result<JsValue> {
        self.main.evaluate(source)
    }

    /// [`Frame::wait_for`] in the main frame.
    pub fn wait_for(&self, condition: &str, timeout: Duration) -> Result<()> {
        self.main.wait_for(condition, timeout)
    }

    /// [`Frame::click`] in the main frame.
    pub fn click(&self, selector: &str) -> Result<()> {
        self.main.click(selector)
    }

    /// [`Frame::dispatch`] in the main frame.
    pub fn dispatch(&self, selector: &str, event_type: &str) -> Result<bool> {
        self.main.dispatch(selector, event_type)
    }

    /// [`Frame::navigate`] in the main frame.
    pub fn navigate(&self, url_or_path: &str) -> Result<()> {
        self.main.navigate(url_or_path)
    }

    /// Waits until every tab and worker of the host is idle (see
    /// [`Host::wait_idle`]); [`ErrorKind::Wait`] if `timeout` passes first.
    pub fn wait_idle(&self, timeout: Option<Duration>) -> Result<()> {
        if self.main.shared.scheduler.wait_idle(timeout) {
            Ok(())
        } else {
            Err(ErrorKind::Wait(format!(
                "the host was not idle within {:?}",
                timeout.unwrap_or_default()
            ))
            .into())
        }
    }

    /// Closes the tab, as `window.close()` would, and waits until it is
    /// closed. Its frames' handles answer [`ErrorKind::NoSuchFrame`] after.
    pub fn close(&self) -> Result<()> {
        let frame = self.main.id.0;
        self.main.post(|| Envelope::CloseTab { frame })?;
        self.main
            .poll(patience(&self.main.shared), "the tab to close", || {
                Ok(self.main.info().is_none_or(|i| i.closed))
            })
    }

    fn handle(&self, id: FrameId) -> Frame {
        Frame {
            shared: Arc::clone(&self.main.shared),
            id,
            tab: self.main.tab,
        }
    }

    /// The (raw) ids of its frames (closed ones too) and of their workers.
    fn own_ids(&self) -> BTreeSet<u32> {
        let frames = lock(&self.main.shared.frames);
        let top = self.main.id.0;
        let mut ours: BTreeSet<u32> = frames
            .values()
            .filter(|f| f.kind == FrameKind::Window && top_of(&frames, f.id) == top)
            .map(|f| f.id)
            .collect();
        // Workers (and their nested workers) belong to their owner's tab.
        loop {
            let before = ours.len();
            for f in frames.values() {
                if f.kind == FrameKind::Worker && f.parent.is_some_and(|p| ours.contains(&p)) {
                    ours.insert(f.id);
                }
            }
            if ours.len() == before {
                return ours;
            }
        }
    }
}

impl Frame {
    /// The frame's id (as in [`ConsoleMessage::frame`]).
    pub fn id(&self) -> FrameId {
        self.id
    }

    /// The id of its tab.
    pub fn tab_id(&self) -> TabId {
        self.tab
    }

    /// Its record (URL, origin, parent, context), `None` once closed.
    pub fn info(&self) -> Option<FrameInfo> {
        let info = self.shared.frame(self.id.0).filter(|f| !f.closed);
        info.map(FrameInfo::from)
    }

    /// Its document's URL (empty once closed).
    pub fn url(&self) -> String {
        self.info().map(|i| i.url).unwrap_or_default()
    }

    /// Its parent frame, `None` for a main frame.
    pub fn parent(&self) -> Option<Frame> {
        let parent = self.info()?.parent?;
        Some(Frame {
            shared: Arc::clone(&self.shared),
            id: parent,
            tab: self.tab,
        })
    }

    /// Runs `source` as a classic script in this frame's global scope and
    /// returns its completion value; a promise is awaited (the host's event
    /// loop runs meanwhile). As in a browser's console, declarations stay
    /// for the next call: `var` and function ones as properties of the
    /// global object, `let`, `const` and `class` ones in the global lexical
    /// scope (as the page's own scripts' do). Declaring the same `let`,
    /// `const` or `class` name again in a later call is a SyntaxError, as
    /// in a second `<script>` (a console's REPL mode allows it; this is not
    /// a REPL). A thrown exception comes back as [`ErrorKind::Script`] with
    /// V8's message and its place (URL `isohost:evaluate`); a rejection as
    /// [`ErrorKind::Script`] with the `Uncaught (in promise)` message; a
    /// promise that cannot settle (every agent idle) as [`ErrorKind::Wait`].
    ///
    /// ```
    /// # use engine as isohost;
    /// use isohost::{ErrorKind, Host, HostOptions, JsValue};
    /// # let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/../pages");
    /// let host = Host::new(HostOptions::new(pages))?;
    /// let tab = host.open_tab("http://a.test/")?;
    /// let later = "new Promise(r => setTimeout(() => r(document.title.length), 10))";
    /// assert_eq!(tab.evaluate(later)?, serde_json::json!(53));
    /// assert_eq!(tab.evaluate("document.body")?, JsValue::Node("<body>".into()));
    /// assert_eq!(tab.evaluate("undefined")?, JsValue::Undefined);
    ///
    /// // Declarations persist from one call to the next.
    /// tab.evaluate("const answer = 42; class Point {}")?;
    /// assert_eq!(tab.evaluate("answer")?, serde_json::json!(42));
    /// let again = tab.evaluate("let answer = 1").unwrap_err();
    /// assert!(matches!(again.kind(), ErrorKind::Script { message, .. }
    ///     if message == "Uncaught SyntaxError: Identifier 'answer' has already been declared"));
    /// # Ok::<(), isohost::Error>(())
    /// ```
    pub fn evaluate(&self, source: &str) -> Result<JsValue> {
        let answer = self.raw_evaluate(source.to_string(), Some(DESCRIBE))?;
        if answer["k"] != "pending" {
            return Ok(JsValue::decode(&answer));
        }
        let id = answer["id"].as_u64().unwrap_or_default();
        let take = format!(
            "(() => {{ const s = globalThis[Symbol.for('isohost.evaluate')]; \
             const r = s && s.settled.get({id}); if (r) s.settled.delete({id}); \
             return r === undefined ? null : r; }})()"
        );
        let mut settled = serde_json::Value::Null;
        self.poll(patience(&self.shared), "the promise to settle", || {
            settled = self.raw_evaluate(take.clone(), None)?;
            Ok(!settled.is_null())
        })?;
        let value = JsValue::decode(&settled["v"]);
        if settled["k"] == "fulfilled" {
            return Ok(value);
        }
        Err(ErrorKind::Script {
            message: format!("Uncaught (in promise) {value}"),
            url: self.url(),
            line: 0,
            column: 0,
        }
        .into())
    }

    /// Evaluates `condition` (a promise is awaited) until it is truthy.
    /// [`ErrorKind::Wait`] if `timeout` passes first, or if every agent
    /// went idle with the condition still false (nothing left to run could
    /// change it; under a paused clock, advance it first).
    pub fn wait_for(&self, condition: &str, timeout: Duration) -> Result<()> {
        let what = format!("`{condition}`");
        self.poll(timeout, &what, || Ok(self.evaluate(condition)?.is_truthy()))
    }

    /// Clicks the first element matching `selector`, as `element.click()`
    /// does (a trusted-less `click` MouseEvent that bubbles). An
    /// [`ErrorKind::Script`] if nothing matches.
    pub fn click(&self, selector: &str) -> Result<()> {
        let sel = serde_json::Value::from(selector);
        self.raw_evaluate(
            format!(
                "(() => {{ const el = document.querySelector({sel}); \
             if (!el) throw new Error('no element matches ' + {sel}); el.click(); }})()"
            ),
            None,
        )
        .map(drop)
    }

    /// Dispatches a bubbling, cancelable `Event` of `event_type` at the
    /// first element matching `selector`; false if a listener canceled it.
    pub fn dispatch(&self, selector: &str, event_type: &str) -> Result<bool> {
        let (sel, ty) = (
            serde_json::Value::from(selector),
            serde_json::Value::from(event_type),
        );
        let answer = self.raw_evaluate(
            format!(
                "(() => {{ const el = document.querySelector({sel}); \
             if (!el) throw new Error('no element matches ' + {sel}); \
             return el.dispatchEvent(new Event({ty}, {{ bubbles: true, cancelable: true }})); }})()"
            ),
            None,
        )?;
        Ok(answer == serde_json::Value::Bool(true))
    }

    /// Navigates the frame to a URL (or a path inside the root), as
    /// `location.href = …` would, and waits until the new document has
    /// replaced the old one (not for its load: see [`Frame::wait_for`]).
    pub fn navigate(&self, url_or_path: &str) -> Result<()> {
        let url = self.shared.loader.resolve_argument(url_or_path)?;
        let before = self.info().ok_or(ErrorKind::NoSuchFrame(self.id))?.context;
        let frame = self.id.0;
        let target = url.to_string();
        self.post(|| Envelope::Navigate {
            frame,
            url: target,
            replace: false,
        })?;
        self.poll(patience(&self.shared), "the navigation", || {
            Ok(self.info().is_none_or(|i| i.context != before))
        })
    }

    /// Evaluates and converts to JSON (descriptions as strings).
    fn evaluate_json(&self, source: &str) -> Result<serde_json::Value> {
        Ok(self.evaluate(source)?.to_json())
    }

    fn agent(&self) -> Result<AgentId> {
        Ok(self
            .info()
            .ok_or(ErrorKind::NoSuchFrame(self.id))?
            .isolate
            .0)
    }

    /// Runs `source` as a script; with `describe` (a function's source),
    /// answers what it returns for the completion value.
    fn raw_evaluate(
        &self,
        source: String,
        describe: Option<&'static str>,
    ) -> Result<serde_json::Value> {
        let frame = self.id.0;
        ask(&self.shared, self.agent()?, |reply| Envelope::Evaluate {
            frame,
            source,
            describe,
            reply,
        })?
    }

    fn post(&self, make: impl FnOnce() -> Envelope) -> Result<()> {
        let agent = self.agent()?;
        if self.shared.scheduler.post(agent, make()) {
            Ok(())
        } else {
            Err(ErrorKind::TabGone(format!("isolate {agent} has ended")).into())
        }
    }

    /// Checks `done` until true, letting the host run between checks:
    /// fails once `timeout` passes, or once every agent was idle and a
    /// check after that still said false.
    fn poll(
        &self,
        timeout: Duration,
        what: &str,
        mut done: impl FnMut() -> Result<bool>,
    ) -> Result<()> {
        let deadline = Instant::now() + timeout;
        let mut idle = false;
        loop {
            if done()? {
                return Ok(());
            }
            if idle {
                return Err(ErrorKind::Wait(format!(
                    "gave up waiting for {what}: every tab and worker is idle"
                ))
                .into());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ErrorKind::Wait(format!(
                    "gave up waiting for {what} after {timeout:?}"
                ))
                .into());
            }
            idle = self.shared.scheduler.wait_idle(Some(left.min(POLL)));
        }
    }
}

/// The (raw) id of the main frame of the tab `frame` is in: its last
/// ancestor.
fn top_of(
    frames: &std::collections::BTreeMap<u32, crate::runtime::report::FrameInfo>,
    frame: u32,
) -> u32 {
    let mut top = frame;
    // Bounded: a parent chain visits each frame at most once.
    for _ in 0..frames.len() {
        match frames.get(&top).and_then(|f| f.parent) {
            Some(parent) => top = parent,
            None => break,
        }
    }
    top
}

/// How long to wait for an agent that should answer: a runaway script is
/// stopped by the watchdog first, so this bound is only a last resort.
fn patience(shared: &HostShared) -> Duration {
    (shared.options.script_timeout * 3).max(Duration::from_secs(60))
}

/// Posts an envelope to `agent` and waits for its answer.
pub(super) fn ask<T: Send + 'static>(
    shared: &HostShared,
    agent: AgentId,
    make: impl FnOnce(mpsc::Sender<T>) -> Envelope,
) -> Result<T> {
    let (tx, rx) = mpsc::channel();
    if !shared.scheduler.post(agent, make(tx)) {
        return Err(ErrorKind::TabGone(format!("isolate {agent} has ended")).into());
    }
    let patience = patience(shared);
    rx.recv_timeout(patience).map_err(|e| {
        let why = match e {
            mpsc::RecvTimeoutError::Timeout => format!(
                "isolate {agent} did not answer within {} s",
                patience.as_secs()
            ),
            mpsc::RecvTimeoutError::Disconnected => {
                format!("isolate {agent} ended before answering")
            }
        };
        ErrorKind::TabGone(why).into()
    })
}
