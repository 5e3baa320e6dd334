//! BroadcastChannel subscriptions across the host.

/// Subscribers by (origin, channel name).
#[derive(Default)]
pub struct BroadcastRegistry;
