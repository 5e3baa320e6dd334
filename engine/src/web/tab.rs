//! Opening a tab: the runtime reserves its ids and records its main frame,
//! then the tab gets a thread of its own running `agent::run_tab`.

use std::sync::Arc;

use crate::error::Result;
use crate::runtime::host::HostShared;
use crate::runtime::loader::Resource;
use crate::runtime::report::FrameId;
use crate::runtime::scheduler::{AgentId, GroupId};

/// Opens a tab on `resource` (already fetched) in clock `group`: the host's
/// `open`, and `window.open` (with its `opener`).
pub(crate) fn open(
    host: &Arc<HostShared>,
    resource: Resource,
    group: GroupId,
    opener: Option<FrameId>,
) -> Result<(AgentId, FrameId)> {
    let (agent, frame) = host.reserve_tab(&resource.url, group, opener);
    let thread_host = Arc::clone(host);
    let started = host.spawn(format!("isohost-tab-{agent}"), move || {
        super::agent::run_tab(thread_host, agent, frame, resource, opener);
    });
    if let Err(e) = started {
        host.scheduler.unregister(agent);
        return Err(e);
    }
    Ok((agent, frame))
}
