//! Shared workers across the host: one per (constructor origin, script URL,
//! name), found by every document of that origin in any tab, with the
//! documents that own each (HTML's "owner set") and the SharedWorker
//! objects connected to it.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface> ("Shared workers and the SharedWorker interface")
//!
//! Owners are frames: a frame's document going away (navigated, removed,
//! its tab closed) is the frame leaving every owner set, before its next
//! document can connect again. A worker whose owner set becomes empty is
//! closed at once (HTML lets it linger "for a short implementation-defined
//! timeout"; isohost takes none, so that when it ends does not depend on
//! the machine).

use std::collections::BTreeSet;
use std::sync::Mutex;

use super::envelope::PortId;
use super::host::lock;
use super::origin::Origin;
use super::report::FrameId;
use super::scheduler::AgentId;

/// What identifies a shared worker: the constructor's origin (HTML compares
/// storage keys, which for isohost are origins), its URL and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedWorkerKey {
    pub origin: Origin,
    pub url: String,
    pub name: String,
}

/// How a shared worker's script is fetched (`WorkerOptions`'s `type` and
/// `credentials`): a constructor asking for another gets an error event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOptions {
    pub module: bool,
    pub credentials: String,
}

/// A SharedWorker object connected to a worker: its realm (frame), the
/// realm's agent, and its `port` (the outside end of the channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection {
    pub agent: AgentId,
    pub frame: FrameId,
    pub port: PortId,
}

/// What `connect` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connected {
    /// A new worker was made for the key (its agent and global): there was
    /// none whose closing flag is false, or its agent was gone.
    Started { agent: AgentId, frame: FrameId },
    /// The live worker for the key was told of the new connection.
    Joined { agent: AgentId, frame: FrameId },
    /// The live worker for the key runs another type of script, or
    /// fetched it with other credentials.
    Mismatch,
    /// No worker could be started.
    Failed,
}

struct Entry {
    key: SharedWorkerKey,
    options: ScriptOptions,
    agent: AgentId,
    frame: FrameId,
    owners: BTreeSet<FrameId>,
    connections: Vec<Connection>,
    /// Its global's closing flag: it takes no new connections.
    closing: bool,
}

/// Every shared worker of the host, live or closing.
#[derive(Default)]
pub struct SharedWorkerRegistry {
    entries: Mutex<Vec<Entry>>,
}

impl SharedWorkerRegistry {
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker> ("new SharedWorker(scriptURL, options)"),
    /// the shared worker manager's steps: finds the worker for `key` whose
    /// closing flag is false and connects to it (`join` tells its agent,
    /// under this registry's lock, so that the worker cannot close in
    /// between), or starts one (`start` reserves its agent and global, under
    /// the lock too, so that two documents connecting at once get the same
    /// worker). Either way the connection's frame joins its owner set.
    pub fn connect(
        &self,
        key: SharedWorkerKey,
        options: ScriptOptions,
        connection: Connection,
        start: impl FnOnce() -> Option<(AgentId, FrameId)>,
        join: impl FnOnce(AgentId, FrameId) -> bool,
    ) -> Connected {
        let mut entries = lock(&self.entries);
        if let Some(e) = entries.iter_mut().find(|e| !e.closing && e.key == key) {
            if e.options != options {
                return Connected::Mismatch;
            }
            if join(e.agent, e.frame) {
                e.owners.insert(connection.frame);
                e.connections.push(connection);
                return Connected::Joined {
                    agent: e.agent,
                    frame: e.frame,
                };
            }
            // Its agent is gone (it crashed): a new one.
            e.closing = true;
        }
        let Some((agent, frame)) = start() else {
            return Connected::Failed;
        };
        entries.push(Entry {
            key,
            options,
            agent,
            frame,
            owners: BTreeSet::from([connection.frame]),
            connections: vec![connection],
            closing: false,
        });
        Connected::Started { agent, frame }
    }

    /// `owner`'s document went away: it leaves every owner set. Returns the
    /// workers whose owner set became empty (now closing), to stop.
    pub fn owner_gone(&self, owner: FrameId) -> Vec<(AgentId, FrameId)> {
        let mut entries = lock(&self.entries);
        let mut orphans = Vec::new();
        for e in entries.iter_mut() {
            e.connections.retain(|c| c.frame != owner);
            if e.owners.remove(&owner) && e.owners.is_empty() && !e.closing {
                e.closing = true;
                orphans.push((e.agent, e.frame));
            }
        }
        orphans
    }

    /// The worker's closing flag is set (it called close(), or its script
    /// failed to load): later constructors start another. Returns the
    /// SharedWorker objects connected so far.
    pub fn close(&self, worker: FrameId) -> Vec<Connection> {
        let mut entries = lock(&self.entries);
        match entries.iter_mut().find(|e| e.frame == worker) {
            Some(e) => {
                e.closing = true;
                e.connections.clone()
            }
            None => Vec::new(),
        }
    }

    /// The worker's thread ended: it is forgotten.
    pub fn ended(&self, worker: FrameId) {
        lock(&self.entries).retain(|e| e.frame != worker);
    }

    /// The worker's name and owner set, while it is registered.
    pub fn describe(&self, worker: FrameId) -> Option<(String, Vec<FrameId>)> {
        lock(&self.entries)
            .iter()
            .find(|e| e.frame == worker)
            .map(|e| (e.key.name.clone(), e.owners.iter().copied().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(origin: &str, name: &str) -> SharedWorkerKey {
        let url = url::Url::parse(origin).expect("test URL");
        SharedWorkerKey {
            origin: Origin::of_url(&url),
            url: format!("{origin}/w.js"),
            name: name.into(),
        }
    }

    fn classic() -> ScriptOptions {
        ScriptOptions {
            module: false,
            credentials: "same-origin".into(),
        }
    }

    fn from(frame: FrameId) -> Connection {
        Connection {
            agent: 1,
            frame,
            port: frame * 10,
        }
    }

    #[test]
    fn one_worker_per_origin_url_and_name_until_its_last_owner_goes() {
        let r = SharedWorkerRegistry::default();
        let first = r.connect(
            key("http://a.test", "x"),
            classic(),
            from(1),
            || Some((7, 70)),
            |_, _| true,
        );
        assert_eq!(
            first,
            Connected::Started {
                agent: 7,
                frame: 70
            }
        );
        let mut told = None;
        let second = r.connect(
            key("http://a.test", "x"),
            classic(),
            from(2),
            || Some((8, 80)),
            |agent, frame| {
                told = Some((agent, frame));
                true
            },
        );
        assert_eq!(
            second,
            Connected::Joined {
                agent: 7,
                frame: 70
            }
        );
        assert_eq!(told, Some((7, 70)));
        // Another name, another origin: other workers.
        for k in [key("http://a.test", "y"), key("http://b.test", "x")] {
            let c = r.connect(k, classic(), from(3), || Some((9, 90)), |_, _| true);
            assert_eq!(
                c,
                Connected::Started {
                    agent: 9,
                    frame: 90
                }
            );
        }
        assert_eq!(r.describe(70), Some(("x".to_string(), vec![1, 2])));
        assert!(r.owner_gone(1).is_empty(), "frame 2 still owns it");
        assert_eq!(r.owner_gone(2), [(7, 70)]);
        // Closing: the next constructor starts a new one.
        let third = r.connect(
            key("http://a.test", "x"),
            classic(),
            from(4),
            || Some((10, 100)),
            |_, _| true,
        );
        assert_eq!(
            third,
            Connected::Started {
                agent: 10,
                frame: 100
            }
        );
        r.ended(70);
        assert_eq!(r.describe(70), None);
    }

    #[test]
    fn another_script_type_is_a_mismatch_and_a_closed_worker_takes_no_one() {
        let r = SharedWorkerRegistry::default();
        r.connect(
            key("http://a.test", ""),
            classic(),
            from(1),
            || Some((7, 70)),
            |_, _| true,
        );
        let module = ScriptOptions {
            module: true,
            ..classic()
        };
        let c = r.connect(
            key("http://a.test", ""),
            module,
            from(2),
            || None,
            |_, _| true,
        );
        assert_eq!(c, Connected::Mismatch);
        assert_eq!(r.close(70), [from(1)]);
        let c = r.connect(
            key("http://a.test", ""),
            classic(),
            from(2),
            || None,
            |_, _| true,
        );
        assert_eq!(c, Connected::Failed, "closing: a new one, which failed");
    }
}
