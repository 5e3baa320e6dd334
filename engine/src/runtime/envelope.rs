//! What agents send each other (and the host sends them): all `Send` data,
//! no V8 handle. A cloned JS value travels as [`SerializedValue`].

use std::sync::mpsc::Sender;

use super::blob_store::BlobHandle;
use super::origin::OriginString;
use super::report::{AccessEntry, FrameId, IsolateInfo};
use crate::error::Result;
use crate::v8::BackingStore;

pub type PortId = u32;

/// A structured-cloned value: V8 serializer bytes plus what travels beside
/// them (transferred ArrayBuffers' memory, shared buffers, entangled ports).
#[derive(Default)]
pub struct SerializedValue {
    pub bytes: Vec<u8>,
    /// Transferred ArrayBuffers, by transfer id.
    pub buffers: Vec<BackingStore>,
    /// SharedArrayBuffers, by id: the same memory on both sides.
    pub shared: Vec<BackingStore>,
    /// Transferred MessagePorts, by index.
    pub ports: Vec<PortId>,
    /// The bytes counted toward the sender's memory cap while the message
    /// waits (released when it is dropped, delivered or not).
    pub charge: Option<super::memory::Charge>,
    /// Where `shared` may be used: the serializing realm's agent cluster
    /// (set when there are SharedArrayBuffers).
    pub cluster: Option<AgentCluster>,
    /// Blobs and Files, by index: the bytes are shared, not copied.
    pub blobs: Vec<SerializedBlob>,
    /// Bytes that host objects carry (an ImageData's pixels), by index.
    pub raw: Vec<Vec<u8>>,
    /// How many FileLists it holds (their Files are in `blobs`).
    pub file_lists: usize,
}

/// An agent cluster, as far as SharedArrayBuffers go: memory is shared only
/// within one (<https://html.spec.whatwg.org/multipage/webappapis.html#integration-with-the-javascript-agent-cluster-formalism>,
/// "Integration with the JavaScript agent cluster formalism"). Windows of
/// one origin in one clock group (a tab and the tabs it opened, isohost's
/// browsing context group; origin-keyed, as every cross-origin isolated
/// group is) with their dedicated workers; or one shared worker with its
/// dedicated workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentCluster {
    Windows {
        group: super::scheduler::GroupId,
        origin: String,
    },
    SharedWorker(FrameId),
}

/// A Blob or File in a message: the blob's bytes and type are the host's
/// (`handle`); a File adds its name and last modification time.
#[derive(Debug, Clone)]
pub struct SerializedBlob {
    pub handle: BlobHandle,
    /// A File's (name, lastModified); `None` for a Blob.
    pub file: Option<(String, f64)>,
}

impl SerializedValue {
    /// Another copy for one more receiver (BroadcastChannel): same bytes,
    /// same shared memory; nothing transferred.
    pub fn duplicate(&self) -> SerializedValue {
        SerializedValue {
            bytes: self.bytes.clone(),
            buffers: Vec::new(),
            shared: self.shared.clone(),
            ports: Vec::new(),
            charge: None,
            cluster: self.cluster.clone(),
            blobs: self.blobs.clone(),
            raw: self.raw.clone(),
            file_lists: self.file_lists,
        }
    }
}

/// A storage change to announce in another document (the storage event).
#[derive(Debug, Clone)]
pub struct StorageChange {
    pub target: FrameId,
    pub local: bool,
    /// Key and values as UTF-16 code units (`runtime::storage::Text`).
    pub key: Option<Vec<u16>>,
    pub old_value: Option<Vec<u16>>,
    pub new_value: Option<Vec<u16>>,
    pub url: String,
}

/// Why a worker reports to its owner.
#[derive(Debug, Clone)]
pub enum WorkerReport {
    /// An uncaught exception in the worker (an ErrorEvent at the Worker),
    /// or one its own nested worker reported and nobody canceled on the
    /// way up: `source` is the worker where it was thrown.
    Error {
        source: FrameId,
        message: String,
        filename: String,
        lineno: u32,
        colno: u32,
    },
    /// The worker's script could not be fetched or compiled (a simple `error`).
    LoadFailed { reason: String },
}

/// A window.postMessage on its way to a frame of another agent.
pub struct WindowMessage {
    pub target: FrameId,
    pub source: FrameId,
    pub origin: OriginString,
    /// Deliver only if the target's origin serializes to this (None: any).
    pub target_origin: Option<OriginString>,
    pub data: SerializedValue,
}

/// A popup another agent of the browsing context group asks this one to
/// make (see `Envelope::CreateBrowsingContext`).
pub struct NewBrowsingContext {
    pub frame: FrameId,
    pub url: String,
    pub resource: Option<super::loader::Resource>,
    pub failure: Option<String>,
    pub opener: Option<FrameId>,
    pub name: String,
    pub sandbox: super::sandbox::SandboxFlags,
}

/// A message between agents, or a request from the host.
pub enum Envelope {
    /// Run script in a frame and answer with its JSON value; with
    /// `describe` (a function expression's source), answer what that
    /// function returns for the completion value instead.
    Evaluate {
        frame: FrameId,
        source: String,
        describe: Option<&'static str>,
        reply: Sender<Result<serde_json::Value>>,
    },
    /// Describe the isolate (contexts, heap).
    Describe { reply: Sender<IsolateInfo> },
    /// Measure what `from` can reach of each target.
    ProbeAccess {
        from: FrameId,
        targets: Vec<FrameId>,
        reply: Sender<Vec<AccessEntry>>,
    },
    /// window.postMessage from another agent.
    WindowMessage(WindowMessage),
    /// A port owned here has messages waiting in the port registry.
    PortReady(PortId),
    /// Navigate a frame of this agent (cross-agent `location.href = …`;
    /// `replace`: `location.replace()`, no new history entry).
    Navigate {
        frame: FrameId,
        url: String,
        replace: bool,
    },
    /// Make a popup of this agent's agent cluster, opened by a frame of
    /// another agent of its browsing context group: top-level browsing
    /// context `frame` (already in the host's registry), loading
    /// `resource` (or, when the fetch failed, an error document for `url`).
    CreateBrowsingContext(Box<NewBrowsingContext>),
    /// Close the frame's tab (cross-agent `w.close()`).
    CloseTab { frame: FrameId },
    /// Fire the storage event in a document of this agent.
    Storage(StorageChange),
    /// A BroadcastChannel message for channel `channel` of this agent.
    Broadcast {
        channel: u32,
        origin: String,
        data: SerializedValue,
    },
    /// A worker owned here reports an error.
    Worker {
        worker: FrameId,
        report: WorkerReport,
    },
    /// A shared worker of this agent gets a new connection: the inside end
    /// of a SharedWorker object's port (its `connect` event).
    SharedWorkerConnect { port: PortId },
    /// A SharedWorker object in `frame`, whose port is `port`, gets an
    /// `error` event: its worker's script could not be loaded.
    SharedWorkerError { frame: FrameId, port: PortId },
    /// Stop the agent's thread.
    Shutdown,
}
