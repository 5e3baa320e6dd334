//! What the host reports: frames, console lines, errors, isolates, access.

use serde::Serialize;

/// Host-unique frame id (workers get one too, for attribution).
pub type FrameId = u32;

/// One frame (or worker global) as the user sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct FrameInfo {
    pub id: FrameId,
    pub url: String,
    /// Serialized origin; "null" when opaque.
    pub origin: String,
    /// The parent frame; `None` for a tab's main frame.
    pub parent: Option<FrameId>,
    /// The isolate (tab or worker) the frame's context lives in.
    pub isolate: u32,
    /// Host-unique id of the frame's current V8 context.
    pub context: u32,
    #[serde(skip)]
    pub kind: FrameKind,
    /// The frame that opened this tab (window.open), for a main frame.
    #[serde(skip)]
    pub opener: Option<FrameId>,
    #[serde(skip)]
    pub closed: bool,
    /// The browsing context's name (window.name, an iframe's name), by
    /// which `window.open(url, name)` and link targets find it.
    #[serde(skip)]
    pub name: String,
    /// Its browsing context group (0 for a worker).
    #[serde(skip)]
    pub browsing_context_group: u32,
    /// Why its document lives in its isolate, for the inspector.
    #[serde(skip)]
    pub placement: String,
}

/// Where a frame's document lives and why: the inspector's account of
/// browsing context groups and agent clusters.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Placement {
    pub frame: FrameId,
    pub browsing_context_group: u32,
    pub isolate: u32,
    /// `site http://x.test` or `origin http://a.x.test`: the agent cluster
    /// of its isolate, for a window.
    pub agent_cluster: String,
    /// Why it is there, in a sentence.
    pub reason: String,
}

/// What kind of global a frame id stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
#[warn(missing_docs)] // re-exported: public API
#[non_exhaustive]
pub enum FrameKind {
    /// A window: a tab's main frame, or an iframe.
    #[default]
    Window,
    /// A dedicated worker's global.
    Worker,
    /// A shared worker's global.
    SharedWorker,
}

impl FrameKind {
    /// A worker's global, dedicated or shared.
    pub fn is_worker(self) -> bool {
        self != FrameKind::Window
    }
}

/// Console method used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[warn(missing_docs)] // re-exported: public API
#[non_exhaustive]
pub enum Level {
    /// `console.log` (and the methods that print as it: `dir`, `table`…).
    Log,
    /// `console.info`.
    Info,
    /// `console.warn`.
    Warn,
    /// `console.error` (and `assert` when it fails).
    Error,
    /// `console.debug` (and `trace`).
    Debug,
}

impl Level {
    /// The level named `s` (`"warn"`), `Log` for any other name.
    pub fn parse(s: &str) -> Level {
        match s {
            "info" => Level::Info,
            "warn" => Level::Warn,
            "error" => Level::Error,
            "debug" => Level::Debug,
            _ => Level::Log,
        }
    }

    /// Its name, as JSON output spells it (`"warn"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Log => "log",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Debug => "debug",
        }
    }
}

/// A console line, attributed to the frame (or worker) that printed it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConsoleMessage {
    pub frame: FrameId,
    pub level: Level,
    pub text: String,
}

/// An uncaught script error (or a load failure) with its place.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScriptError {
    pub frame: FrameId,
    pub message: String,
    pub url: String,
    pub line: u32,
    pub column: u32,
}

/// One isolate: a tab's or a worker's.
#[derive(Debug, Clone, Serialize)]
pub struct IsolateInfo {
    pub id: u32,
    pub kind: IsolateKind,
    pub contexts: Vec<u32>,
    pub heap_used_bytes: usize,
    /// DOM nodes the isolate's arena holds (made and not yet freed).
    pub dom_nodes: usize,
}

/// Whose isolate it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[warn(missing_docs)] // re-exported: public API
#[non_exhaustive]
pub enum IsolateKind {
    /// A tab's (its windows, same-agent-cluster popups).
    Tab,
    /// A dedicated worker's.
    Worker,
    /// A shared worker's.
    SharedWorker,
}

/// Which kind of worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[warn(missing_docs)] // re-exported: public API
#[non_exhaustive]
pub enum WorkerKind {
    /// `new Worker()`: one owner, the frame or worker whose Worker object
    /// started it.
    Dedicated,
    /// `new SharedWorker()`: one per (origin, script URL, name), shared by
    /// every document that connected to it.
    Shared,
}

/// One worker as the user sees it (`open --format json`'s `workers`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkerInfo {
    /// The worker global's id (console lines and errors name it).
    pub id: FrameId,
    pub url: String,
    /// Serialized origin; "null" when opaque (a data: URL worker).
    pub origin: String,
    pub kind: WorkerKind,
    /// A shared worker's name (part of what identifies it); `None` for a
    /// dedicated worker.
    pub name: Option<String>,
    /// A dedicated worker: the frame or worker whose Worker object started
    /// it (a nested worker's parent is a worker). A shared worker: none.
    pub parent: Option<FrameId>,
    /// Its owner set, while it runs: the documents (frames) and workers
    /// that hold a port to it through a Worker or SharedWorker object
    /// (HTML "owner set"); it ends when the last one goes away.
    pub owners: Vec<FrameId>,
    /// Its isolate (every worker has its own).
    pub isolate: u32,
    /// Host-unique id of its V8 context (0 before its script was fetched).
    pub context: u32,
    /// It ended: closed itself, was terminated, or lost its last owner.
    pub closed: bool,
}

impl WorkerInfo {
    /// The worker's global as a frame record (for reports that draw
    /// frames and workers alike).
    pub fn frame(&self) -> FrameInfo {
        FrameInfo {
            id: self.id,
            url: self.url.clone(),
            origin: self.origin.clone(),
            parent: self.parent,
            isolate: self.isolate,
            context: self.context,
            kind: match self.kind {
                WorkerKind::Dedicated => FrameKind::Worker,
                WorkerKind::Shared => FrameKind::SharedWorker,
            },
            opener: None,
            closed: self.closed,
            ..Default::default()
        }
    }
}

/// What one frame could reach of another, measured by trying from `from`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AccessEntry {
    pub from: FrameId,
    pub to: FrameId,
    pub same_isolate: bool,
    /// Could read the other's `document`.
    pub dom_access: bool,
    /// Could read an ordinary global of the other.
    pub global_access: bool,
    /// Which of the spec's cross-origin members were reachable.
    pub cross_origin_members: Vec<String>,
    /// How `from` got hold of `to` ("parent", "frames\[0\]", "opener", …), or
    /// "none" when it has no reference at all.
    pub via: String,
}
