//! Opening a tab: an isolate of its own, on a thread of its own running
//! `agent::run_tab`, hosting one agent cluster of a browsing context group
//! (see `browsing_context.rs` for which popups join it). Both are a
//! spare's when one waits (`spare.rs`).

use std::sync::Arc;

use super::browsing_context::TopLevel;
use super::spare::{self, Claim};
use crate::error::Result;
use crate::runtime::host::{HostShared, start_thread};
use crate::runtime::loader::Resource;
use crate::runtime::report::FrameId;
use crate::runtime::scheduler::{AgentId, GroupId};
use crate::runtime::site::ClusterKey;

/// Where a new tab's isolate belongs, and its first browsing context.
pub(crate) struct NewTab {
    pub clock_group: GroupId,
    pub browsing_context_group: u32,
    /// The agent cluster the isolate hosts.
    pub cluster: ClusterKey,
    pub top: TopLevel,
}

impl NewTab {
    /// A tab the user opens (`Host::open`): a new browsing context group,
    /// keyed by the document's site (or origin, if it asked).
    pub fn opened_by_user(host: &HostShared, resource: &Resource, clock_group: GroupId) -> NewTab {
        let groups = &host.browsing_context_groups;
        let group = groups.create();
        let origin = crate::runtime::origin::Origin::of_url(&resource.url);
        let cluster = groups.key_for(
            group,
            &origin,
            super::browsing_context::requests_origin_keyed(resource),
        );
        let placement = format!(
            "opened by the user: starts browsing context group {group}, whose agent cluster {} this isolate hosts",
            cluster.describe()
        );
        NewTab {
            clock_group,
            browsing_context_group: group,
            cluster,
            top: TopLevel {
                placement,
                ..Default::default()
            },
        }
    }
}

/// Opens a tab on `resource` (already fetched): the host's `open`, and a
/// popup of an agent cluster its group has no isolate for yet.
pub(crate) fn open(
    host: &Arc<HostShared>,
    resource: Resource,
    tab: NewTab,
) -> Result<(AgentId, FrameId)> {
    let opener = tab.top.opener;
    let (agent, frame) = host.reserve_tab(&resource.url, tab.clock_group, opener);
    host.browsing_context_groups.add_cluster(
        tab.browsing_context_group,
        tab.cluster.clone(),
        agent,
    );
    let thread_host = Arc::clone(host);
    let leaving = host.leaving();
    let left = leaving.flag();
    let run: Claim = Box::new(move |prepared| {
        super::agent::run_tab(thread_host, agent, frame, resource, tab, prepared, leaving);
    });
    let heap_limit_mb = host.options.heap_limit_mb;
    let spares = host.options.spare_tabs;
    let claimed = match spares {
        0 => Err(run),
        _ => spare::claim(heap_limit_mb, run),
    };
    let started = claimed
        .or_else(|run| start_thread(format!("isohost-tab-{agent}"), move || run(None)))
        .map(|thread| host.adopt_thread(thread, left));
    if started.is_ok() && spares > 0 {
        // More tabs are likely: the next one's isolate is made meanwhile.
        // Without one, that tab makes its own.
        let _ = spare::refill(heap_limit_mb, spares);
    }
    if let Err(e) = started {
        host.scheduler.unregister(agent);
        host.browsing_context_groups.drop_agent(agent);
        return Err(e);
    }
    Ok((agent, frame))
}
