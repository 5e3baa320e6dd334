//! BroadcastChannel subscriptions across the host (HTML §9.5): a message goes
//! to every other channel of the same name and the same origin, in any
//! frame, tab or worker, never across origins.

use std::collections::HashMap;
use std::sync::Mutex;

use super::host::lock;
use super::report::FrameId;
use super::scheduler::AgentId;

/// One open BroadcastChannel object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscriber {
    pub agent: AgentId,
    pub frame: FrameId,
    pub channel: u32,
}

#[derive(Default)]
pub struct BroadcastRegistry {
    /// (origin key, channel name) → open channels, in creation order.
    channels: Mutex<HashMap<(String, String), Vec<Subscriber>>>,
}

impl BroadcastRegistry {
    pub fn subscribe(&self, origin: &str, name: &str, s: Subscriber) {
        lock(&self.channels)
            .entry((origin.to_string(), name.to_string()))
            .or_default()
            .push(s);
    }

    pub fn unsubscribe(&self, agent: AgentId, channel: u32) {
        for subs in lock(&self.channels).values_mut() {
            subs.retain(|s| !(s.agent == agent && s.channel == channel));
        }
    }

    /// Every channel a message from `from` reaches.
    pub fn targets(&self, origin: &str, name: &str, from: (AgentId, u32)) -> Vec<Subscriber> {
        lock(&self.channels)
            .get(&(origin.to_string(), name.to_string()))
            .map(|subs| {
                subs.iter()
                    .filter(|s| (s.agent, s.channel) != from)
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Forgets an agent's channels (its thread ended).
    pub fn drop_agent(&self, agent: AgentId) {
        for subs in lock(&self.channels).values_mut() {
            subs.retain(|s| s.agent != agent);
        }
    }
}
