//! MessagePorts across the host: entangled pairs whose queues live here, so
//! a port can move between frames and isolates without losing or reordering
//! a message, and SharedArrayBuffers' shared memory.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use super::envelope::{PortId, SerializedValue};
use super::host::lock;
use super::scheduler::AgentId;

struct PortEntry {
    peer: Option<PortId>,
    /// The agent holding the port; `None` while it travels in a message.
    owner: Option<AgentId>,
    queue: VecDeque<SerializedValue>,
}

/// Every MessagePort of the host.
#[derive(Default)]
pub struct PortRegistry {
    ports: Mutex<HashMap<PortId, PortEntry>>,
}

impl PortRegistry {
    /// Registers an entangled pair owned by `owner`.
    pub fn entangle(&self, a: PortId, b: PortId, owner: AgentId) {
        let mut ports = lock(&self.ports);
        ports.insert(
            a,
            PortEntry {
                peer: Some(b),
                owner: Some(owner),
                queue: VecDeque::new(),
            },
        );
        ports.insert(
            b,
            PortEntry {
                peer: Some(a),
                owner: Some(owner),
                queue: VecDeque::new(),
            },
        );
    }

    /// Queues `message` for `from`'s peer; returns the peer and the agent to
    /// wake, if the peer is held by one (else it waits for its next holder).
    pub fn post(&self, from: PortId, message: SerializedValue) -> Option<(PortId, AgentId)> {
        let mut ports = lock(&self.ports);
        let peer = ports.get(&from)?.peer?;
        let entry = ports.get_mut(&peer)?;
        entry.queue.push_back(message);
        entry.owner.map(|owner| (peer, owner))
    }

    /// The port's oldest queued message, if `agent` holds it.
    pub fn take_one(&self, port: PortId, agent: AgentId) -> Option<SerializedValue> {
        let mut ports = lock(&self.ports);
        match ports.get_mut(&port) {
            Some(entry) if entry.owner == Some(agent) => entry.queue.pop_front(),
            _ => None,
        }
    }

    pub fn has_messages(&self, port: PortId) -> bool {
        lock(&self.ports)
            .get(&port)
            .is_some_and(|e| !e.queue.is_empty())
    }

    /// The port leaves its agent (it is being transferred).
    pub fn detach(&self, port: PortId) {
        if let Some(entry) = lock(&self.ports).get_mut(&port) {
            entry.owner = None;
        }
    }

    /// The port arrives at `agent`; true if messages wait for it.
    pub fn attach(&self, port: PortId, agent: AgentId) -> bool {
        match lock(&self.ports).get_mut(&port) {
            Some(entry) => {
                entry.owner = Some(agent);
                !entry.queue.is_empty()
            }
            None => false,
        }
    }

    /// Whether the port exists and is still entangled.
    pub fn is_entangled(&self, port: PortId) -> bool {
        lock(&self.ports)
            .get(&port)
            .is_some_and(|e| e.peer.is_some())
    }

    /// Disentangles the port and its peer (close()); returns the peer.
    pub fn close(&self, port: PortId) -> Option<PortId> {
        let mut ports = lock(&self.ports);
        let peer = ports.get_mut(&port).and_then(|e| e.peer.take());
        if let Some(p) = peer
            && let Some(e) = ports.get_mut(&p)
        {
            e.peer = None;
        }
        peer
    }

    /// Forgets every port an agent held (its thread ended).
    pub fn drop_agent(&self, agent: AgentId) {
        let mut ports = lock(&self.ports);
        let gone: Vec<PortId> = ports
            .iter()
            .filter(|(_, e)| e.owner == Some(agent))
            .map(|(id, _)| *id)
            .collect();
        for id in gone {
            if let Some(peer) = ports.remove(&id).and_then(|e| e.peer)
                && let Some(e) = ports.get_mut(&peer)
            {
                e.peer = None;
            }
        }
    }
}
