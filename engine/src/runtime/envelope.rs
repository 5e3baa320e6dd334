//! What agents send each other (and the host sends them): all `Send` data,
//! no V8 handle. A cloned JS value travels as [`SerializedValue`].

use std::sync::mpsc::Sender;

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
}

/// A window.postMessage on its way to a frame of another agent.
pub struct WindowMessage {
    pub target: FrameId,
    pub source: FrameId,
    pub origin: String,
    /// Deliver only if the target's origin serializes to this (None: any).
    pub target_origin: Option<String>,
    pub data: SerializedValue,
}

/// A message between agents, or a request from the host.
pub enum Envelope {
    /// Run script in a frame and answer with its JSON value.
    Evaluate {
        frame: FrameId,
        source: String,
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
    /// Navigate a frame of this agent (cross-agent `location.href = …`).
    Navigate { frame: FrameId, url: String },
    /// Close the frame's tab (cross-agent `w.close()`).
    CloseTab { frame: FrameId },
    /// Stop the agent's thread.
    Shutdown,
}
