//! MessagePorts across the host: entangled pairs whose queues live here, so
//! a port can move between frames and isolates without losing or reordering
//! a message, and SharedArrayBuffers' shared memory.

use std::collections::VecDeque;
use std::sync::Mutex;

use rustc_hash::FxHashMap;

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
    ports: Mutex<FxHashMap<PortId, PortEntry>>,
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

    /// Queues `message` for `from`'s peer, if `sender` holds `from`;
    /// returns the peer and the agent to wake when the queue was empty and
    /// the peer is held by one. (A holder that is already delivering goes
    /// on until the queue is empty; a port in transit is delivered once its
    /// next holder starts it.)
    pub fn post(
        &self,
        from: PortId,
        sender: AgentId,
        message: SerializedValue,
    ) -> Option<(PortId, AgentId)> {
        let mut ports = lock(&self.ports);
        let entry = ports.get(&from).filter(|e| e.owner == Some(sender))?;
        let peer = entry.peer?;
        let entry = ports.get_mut(&peer)?;
        let was_empty = entry.queue.is_empty();
        entry.queue.push_back(message);
        was_empty.then_some(())?;
        entry.owner.map(|owner| (peer, owner))
    }

    /// The port's oldest queued message, if `agent` holds it, and whether
    /// more wait behind it.
    pub fn take_one(&self, port: PortId, agent: AgentId) -> Option<(SerializedValue, bool)> {
        let mut ports = lock(&self.ports);
        match ports.get_mut(&port) {
            Some(entry) if entry.owner == Some(agent) => {
                let message = entry.queue.pop_front()?;
                Some((message, !entry.queue.is_empty()))
            }
            _ => None,
        }
    }

    /// Whether messages wait for `port`, held by `agent`.
    pub fn has_waiting(&self, port: PortId, agent: AgentId) -> bool {
        lock(&self.ports)
            .get(&port)
            .is_some_and(|e| e.owner == Some(agent) && !e.queue.is_empty())
    }

    /// The port leaves its agent (it is being transferred).
    pub fn detach(&self, port: PortId) {
        if let Some(entry) = lock(&self.ports).get_mut(&port) {
            entry.owner = None;
        }
    }

    /// The port arrives at `agent` (which delivers what waits once the port
    /// is started).
    pub fn attach(&self, port: PortId, agent: AgentId) {
        if let Some(entry) = lock(&self.ports).get_mut(&port) {
            entry.owner = Some(agent);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn message(n: u8) -> SerializedValue {
        SerializedValue {
            bytes: vec![n],
            ..Default::default()
        }
    }

    #[test]
    fn a_burst_wakes_the_holder_once_and_take_one_says_what_is_left() {
        let ports = PortRegistry::default();
        ports.entangle(1, 2, 7);
        assert_eq!(ports.post(1, 7, message(1)), Some((2, 7)));
        assert_eq!(ports.post(1, 7, message(2)), None, "already woken");
        let (first, more) = ports.take_one(2, 7).expect("a message");
        assert_eq!((first.bytes, more), (vec![1], true));
        let (second, more) = ports.take_one(2, 7).expect("a message");
        assert_eq!((second.bytes, more), (vec![2], false));
        assert!(ports.take_one(2, 7).is_none());
        assert_eq!(ports.post(1, 7, message(3)), Some((2, 7)), "empty again");
        assert_eq!(
            ports.post(1, 8, message(4)),
            None,
            "agent 8 does not hold port 1"
        );
        assert!(ports.has_waiting(2, 7));
        let _ = ports.take_one(2, 7);
        assert!(!ports.has_waiting(2, 7), "nothing was queued for agent 8");
        assert!(ports.take_one(2, 8).is_none(), "not held by agent 8");
    }

    #[test]
    fn a_port_in_transit_keeps_its_messages_for_its_next_holder() {
        let ports = PortRegistry::default();
        ports.entangle(1, 2, 7);
        ports.detach(2);
        assert_eq!(ports.post(1, 7, message(1)), None, "nobody to wake");
        ports.attach(2, 9);
        assert_eq!(
            ports.take_one(2, 9).map(|(m, more)| (m.bytes, more)),
            Some((vec![1], false))
        );
    }
}
