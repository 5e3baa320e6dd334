//! The public records: typed ids, and what the host reports (frames,
//! workers, console lines, errors, isolates, access), as library users
//! see them.
//!
//! The engine keeps raw `u32` ids inside (`runtime::report`); the facade
//! converts its records into these on the way out. A record serializes as
//! before: each id as a bare number, so the CLI's JSON is unchanged.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::runtime::report as raw;
pub use crate::runtime::report::{FrameKind, IsolateKind, Level, WorkerKind};

/// Defines a typed id: a `u32` newtype, shown and serialized as the bare
/// number.
macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            /// The bare number, as the CLI prints it.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<u32> for $name {
            fn from(raw: u32) -> $name {
                $name(raw)
            }
        }

        impl From<$name> for u32 {
            fn from(id: $name) -> u32 {
                id.0
            }
        }
    };
}

typed_id! {
    /// A frame's id, unique in its host: a window's (main frame or
    /// iframe), or a worker's global (workers get one too, so console lines
    /// and errors can name them).
    ///
    /// ```
    /// # use engine as isohost;
    /// use isohost::FrameId;
    /// let id = FrameId(3);
    /// assert_eq!(id.to_string(), "3");
    /// assert_eq!(serde_json::to_string(&id).unwrap(), "3");
    /// ```
    FrameId
}

typed_id! {
    /// A tab's id: its main frame's number (see [`FrameId`]). A tab's
    /// frames live in one isolate, which a popup of the same agent cluster
    /// shares with its opener; each is a tab of its own all the same.
    TabId
}

typed_id! {
    /// An isolate's id: a tab's (shared with the popups of its agent
    /// cluster) or a worker's. Every isolate runs on its own thread.
    IsolateId
}

typed_id! {
    /// A V8 context's id, unique in its host: a frame gets a new one with
    /// every document it shows.
    ContextId
}

typed_id! {
    /// A browsing context group's id (HTML: the tabs that can reach each
    /// other through `window.open`, `opener`, and their frames).
    BrowsingContextGroupId
}

/// One frame (or worker global) as the user sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct FrameInfo {
    /// Its id.
    pub id: FrameId,
    /// Its document's URL.
    pub url: String,
    /// Serialized origin; "null" when opaque.
    pub origin: String,
    /// The parent frame; `None` for a tab's main frame.
    pub parent: Option<FrameId>,
    /// The isolate (tab or worker) the frame's context lives in.
    pub isolate: IsolateId,
    /// Host-unique id of the frame's current V8 context.
    pub context: ContextId,
    /// A window, or a worker's global.
    #[serde(skip)]
    pub kind: FrameKind,
    /// The frame that opened this tab (window.open), for a main frame.
    #[serde(skip)]
    pub opener: Option<FrameId>,
    /// The frame was closed (removed, or its tab closed).
    #[serde(skip)]
    pub closed: bool,
    /// The browsing context's name (window.name, an iframe's name), by
    /// which `window.open(url, name)` and link targets find it.
    #[serde(skip)]
    pub name: String,
    /// Its browsing context group (0 for a worker).
    #[serde(skip)]
    pub browsing_context_group: BrowsingContextGroupId,
    /// Why its document lives in its isolate, for the inspector.
    #[serde(skip)]
    pub placement: String,
}

impl From<raw::FrameInfo> for FrameInfo {
    fn from(f: raw::FrameInfo) -> FrameInfo {
        FrameInfo {
            id: FrameId(f.id),
            url: f.url,
            origin: f.origin,
            parent: f.parent.map(FrameId),
            isolate: IsolateId(f.isolate),
            context: ContextId(f.context),
            kind: f.kind,
            opener: f.opener.map(FrameId),
            closed: f.closed,
            name: f.name,
            browsing_context_group: BrowsingContextGroupId(f.browsing_context_group),
            placement: f.placement,
        }
    }
}

/// Where a frame's document lives and why: the inspector's account of
/// browsing context groups and agent clusters.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Placement {
    /// The frame.
    pub frame: FrameId,
    /// Its browsing context group.
    pub browsing_context_group: BrowsingContextGroupId,
    /// The isolate its document lives in.
    pub isolate: IsolateId,
    /// `site http://x.test` or `origin http://a.x.test`: the agent cluster
    /// of its isolate, for a window.
    pub agent_cluster: String,
    /// Why it is there, in a sentence.
    pub reason: String,
}

/// A console line, attributed to the frame (or worker) that printed it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConsoleMessage {
    /// The frame or worker that printed it (0 for the host's own lines,
    /// such as the count of dropped lines).
    pub frame: FrameId,
    /// The console method used.
    pub level: Level,
    /// The line, as the console formats its arguments.
    pub text: String,
}

impl From<raw::ConsoleMessage> for ConsoleMessage {
    fn from(m: raw::ConsoleMessage) -> ConsoleMessage {
        ConsoleMessage {
            frame: FrameId(m.frame),
            level: m.level,
            text: m.text,
        }
    }
}

/// An uncaught script error (or a load failure) with its place.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScriptError {
    /// The frame or worker whose script threw (0 for the host's own
    /// lines, such as the count of dropped errors).
    pub frame: FrameId,
    /// V8's message, e.g. `Uncaught TypeError: x is not a function`.
    pub message: String,
    /// The script's URL (empty when unknown).
    pub url: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
}

impl From<raw::ScriptError> for ScriptError {
    fn from(e: raw::ScriptError) -> ScriptError {
        ScriptError {
            frame: FrameId(e.frame),
            message: e.message,
            url: e.url,
            line: e.line,
            column: e.column,
        }
    }
}

/// One isolate: a tab's or a worker's.
#[derive(Debug, Clone, Serialize)]
pub struct IsolateInfo {
    /// Its id.
    pub id: IsolateId,
    /// A tab's, a dedicated worker's or a shared worker's.
    pub kind: IsolateKind,
    /// Its contexts (a tab's: one per same-isolate frame's document).
    pub contexts: Vec<ContextId>,
    /// Its V8 heap in use, after a garbage collection.
    pub heap_used_bytes: usize,
    /// DOM nodes it holds, after that collection freed the documents
    /// script can no longer reach.
    pub dom_nodes: usize,
}

impl From<raw::IsolateInfo> for IsolateInfo {
    fn from(i: raw::IsolateInfo) -> IsolateInfo {
        IsolateInfo {
            id: IsolateId(i.id),
            kind: i.kind,
            contexts: i.contexts.into_iter().map(ContextId).collect(),
            heap_used_bytes: i.heap_used_bytes,
            dom_nodes: i.dom_nodes,
        }
    }
}

/// One worker as the user sees it (`open --format json`'s `workers`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WorkerInfo {
    /// The worker global's id (console lines and errors name it).
    pub id: FrameId,
    /// Its script's URL.
    pub url: String,
    /// Serialized origin; "null" when opaque (a data: URL worker).
    pub origin: String,
    /// Dedicated or shared.
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
    pub isolate: IsolateId,
    /// Host-unique id of its V8 context (0 before its script was fetched).
    pub context: ContextId,
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
    /// The frame the accesses were tried from.
    pub from: FrameId,
    /// The frame they were tried on.
    pub to: FrameId,
    /// Both live in the same isolate.
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

impl From<raw::AccessEntry> for AccessEntry {
    fn from(a: raw::AccessEntry) -> AccessEntry {
        AccessEntry {
            from: FrameId(a.from),
            to: FrameId(a.to),
            same_isolate: a.same_isolate,
            dom_access: a.dom_access,
            global_access: a.global_access,
            cross_origin_members: a.cross_origin_members,
            via: a.via,
        }
    }
}

/// One agent cluster, as the inspector shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AgentClusterInfo {
    /// `site http://x.test` or `origin http://a.x.test`.
    pub key: String,
    /// Keyed by origin (`Origin-Agent-Cluster`, or the historical map)
    /// rather than by site.
    pub origin_keyed: bool,
    /// The isolate hosting it.
    pub isolate: IsolateId,
}

/// One browsing context group, as the inspector shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BrowsingContextGroupInfo {
    /// Its id.
    pub id: BrowsingContextGroupId,
    /// Its agent clusters, in the order they were made.
    pub agent_clusters: Vec<AgentClusterInfo>,
}

impl From<crate::runtime::browsing_context_groups::BrowsingContextGroupInfo>
    for BrowsingContextGroupInfo
{
    fn from(
        g: crate::runtime::browsing_context_groups::BrowsingContextGroupInfo,
    ) -> BrowsingContextGroupInfo {
        BrowsingContextGroupInfo {
            id: BrowsingContextGroupId(g.id),
            agent_clusters: g
                .agent_clusters
                .into_iter()
                .map(|c| AgentClusterInfo {
                    key: c.key,
                    origin_keyed: c.origin_keyed,
                    isolate: IsolateId(c.isolate),
                })
                .collect(),
        }
    }
}
