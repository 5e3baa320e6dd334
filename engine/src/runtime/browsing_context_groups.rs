//! Browsing context groups and their agent clusters: which isolate hosts a
//! new top-level browsing context.
//!
//! <https://html.spec.whatwg.org/multipage/document-sequences.html#browsing-context-group> ("browsing context group")
//! <https://html.spec.whatwg.org/multipage/webappapis.html#obtain-similar-origin-window-agent> ("obtain a similar-origin window agent")
//!
//! A tab the user opens (a command-line URL, `Host::open`) starts a group;
//! so does a popup opened with `noopener`. Within a group, documents of one
//! site (one origin, for a document that sent `Origin-Agent-Cluster: ?1`)
//! form one agent cluster, hosted by one isolate: a popup whose cluster the
//! group already has is made in that isolate; any other gets an isolate of
//! its own. This is how Chromium maps them to processes (site isolation);
//! iframes always live in their tab's isolate, and a browsing context never
//! moves when it navigates: the rule decides only where a popup is made.
//!
//! Groups and clock groups are apart: everything a user-opened tab spawns,
//! `noopener` popups included, stays in its clock group.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use super::host::lock;
use super::origin::Origin;
use super::scheduler::AgentId;
use super::site::{ClusterKey, Site};

pub type BrowsingContextGroupId = u32;

#[derive(Default)]
struct Group {
    /// Each agent cluster of the group and the isolate that hosts it, in
    /// the order they were made.
    clusters: Vec<(ClusterKey, AgentId)>,
    /// HTML's "historical agent cluster key map": once an origin was put
    /// in a cluster, its later documents go to the same kind of cluster.
    historical: HashMap<Origin, ClusterKey>,
}

/// Every browsing context group of the host.
#[derive(Default)]
pub struct BrowsingContextGroups {
    groups: Mutex<BTreeMap<BrowsingContextGroupId, Group>>,
    next: Mutex<BrowsingContextGroupId>,
}

/// One agent cluster, as the inspector shows it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct AgentClusterInfo {
    /// `site http://x.test` or `origin http://a.x.test`.
    pub key: String,
    pub origin_keyed: bool,
    /// The isolate hosting it.
    pub isolate: AgentId,
}

/// One browsing context group, as the inspector shows it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct BrowsingContextGroupInfo {
    pub id: BrowsingContextGroupId,
    pub agent_clusters: Vec<AgentClusterInfo>,
}

impl BrowsingContextGroups {
    /// A new, empty group.
    pub fn create(&self) -> BrowsingContextGroupId {
        let mut next = lock(&self.next);
        *next += 1;
        lock(&self.groups).insert(*next, Group::default());
        *next
    }

    /// The cluster key a document of `origin` gets in `group`
    /// (<https://html.spec.whatwg.org/multipage/browsers.html#origin-keyed-agent-clusters>):
    /// the one its origin got before in the group, else keyed by origin if
    /// it asked (`Origin-Agent-Cluster: ?1`), else by site. Opaque origins
    /// are keyed by themselves.
    pub fn key_for(
        &self,
        group: BrowsingContextGroupId,
        origin: &Origin,
        origin_keyed: bool,
    ) -> ClusterKey {
        let mut groups = lock(&self.groups);
        let g = groups.entry(group).or_default();
        if let Some(key) = g.historical.get(origin) {
            return key.clone();
        }
        let key = if origin_keyed || origin.is_opaque() {
            ClusterKey::Origin(origin.clone())
        } else {
            ClusterKey::Site(Site::of(origin))
        };
        if !origin.is_opaque() {
            g.historical.insert(origin.clone(), key.clone());
        }
        key
    }

    /// The isolate hosting cluster `key` of `group`, if the group has it.
    pub fn agent_for(&self, group: BrowsingContextGroupId, key: &ClusterKey) -> Option<AgentId> {
        lock(&self.groups)
            .get(&group)?
            .clusters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, a)| *a)
    }

    /// `agent` hosts cluster `key` of `group` from now on.
    pub fn add_cluster(&self, group: BrowsingContextGroupId, key: ClusterKey, agent: AgentId) {
        let mut groups = lock(&self.groups);
        let g = groups.entry(group).or_default();
        if !g.clusters.iter().any(|(k, _)| *k == key) {
            g.clusters.push((key, agent));
        }
    }

    /// An isolate ended: its clusters go (a later popup of that site gets a
    /// new isolate).
    pub fn drop_agent(&self, agent: AgentId) {
        for g in lock(&self.groups).values_mut() {
            g.clusters.retain(|(_, a)| *a != agent);
        }
    }

    /// Every group that has a cluster, by id.
    pub fn describe(&self) -> Vec<BrowsingContextGroupInfo> {
        lock(&self.groups)
            .iter()
            .filter(|(_, g)| !g.clusters.is_empty())
            .map(|(id, g)| BrowsingContextGroupInfo {
                id: *id,
                agent_clusters: g
                    .clusters
                    .iter()
                    .map(|(k, a)| AgentClusterInfo {
                        key: k.describe(),
                        origin_keyed: k.is_origin_keyed(),
                        isolate: *a,
                    })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of_url(&url::Url::parse(s).expect("test URL"))
    }

    #[test]
    fn same_site_origins_share_a_cluster_unless_one_asked_for_its_own() {
        let groups = BrowsingContextGroups::default();
        let g = groups.create();
        let a = groups.key_for(g, &origin("http://a.x.test/"), false);
        let b = groups.key_for(g, &origin("http://b.x.test/"), false);
        assert_eq!(a, b);
        let c = groups.key_for(g, &origin("http://c.x.test/"), true);
        assert_ne!(a, c);
        assert!(c.is_origin_keyed());
        // The origin keeps its first key in this group, whatever it asks later.
        assert_eq!(groups.key_for(g, &origin("http://a.x.test/"), true), a);
        // Another group decides afresh.
        let h = groups.create();
        assert!(
            groups
                .key_for(h, &origin("http://a.x.test/"), true)
                .is_origin_keyed()
        );
    }

    #[test]
    fn a_cluster_is_hosted_by_one_agent_until_it_ends() {
        let groups = BrowsingContextGroups::default();
        let g = groups.create();
        let key = groups.key_for(g, &origin("http://a.test/"), false);
        assert_eq!(groups.agent_for(g, &key), None);
        groups.add_cluster(g, key.clone(), 7);
        groups.add_cluster(g, key.clone(), 8);
        assert_eq!(groups.agent_for(g, &key), Some(7));
        groups.drop_agent(7);
        assert_eq!(groups.agent_for(g, &key), None);
    }
}
