//! The facade: the public [`Host`], the one module that names both the
//! shared state (`runtime`) and the agents (`web`). It starts V8 and the
//! watchdog, opens tabs through the web layer, and talks to agents by
//! envelopes, waiting for their answers.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use url::Url;

use crate::api::{
    AccessEntry, BrowsingContextGroupInfo, ConsoleMessage, FrameId, FrameInfo, FrameKind,
    IsolateId, IsolateInfo, Placement, ScriptError, WorkerInfo, WorkerKind,
};
use crate::error::{ErrorKind, Result};
use crate::runtime::envelope::Envelope;
use crate::runtime::host::{HostShared, Watchdog, lock};
use crate::runtime::loader::Loader;
use crate::runtime::scheduler::AgentId;

pub use crate::runtime::options::{ConsoleSink, HostOptions};

mod page;
pub use page::{Frame, JsValue, Tab};

/// A running host: tabs on their own threads, reporting here.
///
/// ```
/// # use engine as isohost;
/// use isohost::{Host, HostOptions};
/// # let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/../pages");
/// let host = Host::new(HostOptions::new(pages))?;
/// let tab = host.open_tab("http://a.test/index.html")?;
/// tab.wait_idle(None)?;
/// for line in tab.console() {
///     println!("[frame {}] {}", line.frame, line.text);
/// }
/// let title = tab.evaluate("document.title")?;
/// # Ok::<(), isohost::Error>(())
/// ```
pub struct Host {
    shared: Arc<HostShared>,
    watchdog: Watchdog,
}

/// A tab opened by [`Host::open`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabHandle {
    /// The tab's isolate.
    pub isolate: IsolateId,
    /// Its main frame.
    pub main_frame: FrameId,
}

impl TabHandle {
    /// The tab's id (its main frame's number).
    pub fn id(&self) -> crate::api::TabId {
        crate::api::TabId(self.main_frame.0)
    }
}

impl Host {
    /// A host over `options.root` (which must exist).
    pub fn new(mut options: HostOptions) -> Result<Host> {
        crate::web::init_v8();
        options
            .clock_start
            .get_or_insert_with(crate::runtime::clock::now_in_whole_seconds);
        options
            .seed
            .get_or_insert_with(crate::runtime::random::random_seed);
        let mut loader = Loader::new(&options.root, &options.site)?;
        for (path, body) in &options.builtin_resources {
            loader.add_builtin(path, body.clone());
        }
        for (path, body) in &options.override_resources {
            loader.add_override(path, body.clone());
        }
        let shared = Arc::new(HostShared::new(options, loader));
        let watchdog = Watchdog::start(Arc::clone(&shared))?;
        Ok(Host { shared, watchdog })
    }

    #[cfg(test)]
    pub(crate) fn shared(&self) -> &Arc<HostShared> {
        &self.shared
    }

    /// Resolves a command-line argument (URL, or path inside the root).
    pub fn resolve(&self, url_or_path: &str) -> Result<Url> {
        self.shared.loader.resolve_argument(url_or_path)
    }

    /// Opens a tab (an isolate on its own thread) on a URL or a path inside
    /// the root. Fails if the top-level document cannot be loaded.
    pub fn open(&self, url_or_path: &str) -> Result<TabHandle> {
        let url = self.resolve(url_or_path)?;
        let resource = self.shared.loader.fetch(&url)?;
        let group = self.shared.new_group();
        let tab = crate::web::tab::NewTab::opened_by_user(&self.shared, &resource, group);
        let (isolate, main_frame) = crate::web::tab::open(&self.shared, resource, tab)?;
        Ok(TabHandle {
            isolate: IsolateId(isolate),
            main_frame: FrameId(main_frame),
        })
    }

    /// Waits until every tab and worker is idle: no task, no message in
    /// flight, no timer within the time budget. False on `timeout`.
    #[must_use = "false means `timeout` passed before the host was idle"]
    pub fn wait_idle(&self, timeout: Option<Duration>) -> bool {
        self.shared.scheduler.wait_idle(timeout)
    }

    /// True if the time budget stopped timers that were still pending.
    pub fn budget_exhausted(&self) -> bool {
        self.shared.scheduler.timers_beyond_budget()
    }

    /// Every frame of every tab, by id.
    pub fn frames(&self) -> Vec<FrameInfo> {
        lock(&self.shared.frames)
            .values()
            .filter(|f| f.kind == FrameKind::Window && !f.closed)
            .map(|f| f.clone().into())
            .collect()
    }

    /// Every worker, dedicated (nested ones too) or shared, with its
    /// owners, by id.
    pub fn workers(&self) -> Vec<WorkerInfo> {
        let globals: Vec<FrameInfo> = lock(&self.shared.frames)
            .values()
            .filter(|f| f.kind.is_worker())
            .map(|f| f.clone().into())
            .collect();
        globals
            .into_iter()
            .map(|f| {
                let (kind, name, owners) = if f.kind == FrameKind::SharedWorker {
                    let (name, owners) = self
                        .shared
                        .shared_workers
                        .describe(f.id.0)
                        .unwrap_or_default();
                    let owners = owners.into_iter().map(FrameId).collect();
                    (WorkerKind::Shared, Some(name), owners)
                } else {
                    (WorkerKind::Dedicated, None, f.parent.into_iter().collect())
                };
                WorkerInfo {
                    id: f.id,
                    name,
                    url: f.url,
                    origin: f.origin,
                    kind,
                    parent: f.parent,
                    owners: if f.closed { Vec::new() } else { owners },
                    isolate: f.isolate,
                    context: f.context,
                    closed: f.closed,
                }
            })
            .collect()
    }

    /// Every console line, in the order pages printed them: clock group by
    /// clock group (in the order they were opened), each in its own order.
    pub fn console(&self) -> Vec<ConsoleMessage> {
        let lines = self.shared.console_lines();
        lines.into_iter().map(ConsoleMessage::from).collect()
    }

    /// Every script error, in the same order as [`Host::console`].
    pub fn errors(&self) -> Vec<ScriptError> {
        let errors = self.shared.script_errors();
        errors.into_iter().map(ScriptError::from).collect()
    }

    fn ask<T: Send + 'static>(
        &self,
        agent: AgentId,
        make: impl FnOnce(mpsc::Sender<T>) -> Envelope,
    ) -> Result<T> {
        page::ask(&self.shared, agent, make)
    }

    /// Runs `source` as a script in `frame` and returns its completion value
    /// as JSON (`undefined` → null; objects through JSON.stringify). A thrown
    /// exception comes back as [`ErrorKind::Script`] with its place. Promises
    /// are not awaited.
    pub fn evaluate(&self, frame: FrameId, source: &str) -> Result<serde_json::Value> {
        let info = self
            .shared
            .frame(frame.0)
            .ok_or(ErrorKind::NoSuchFrame(frame))?;
        let source = source.to_string();
        self.ask(info.isolate, |reply| Envelope::Evaluate {
            frame: frame.0,
            source,
            describe: None,
            reply,
        })?
    }

    /// Every isolate with its contexts and heap use (after a GC).
    pub fn isolates(&self) -> Vec<IsolateInfo> {
        let mut agents: Vec<AgentId> = lock(&self.shared.agents).keys().copied().collect();
        agents.sort_unstable();
        agents
            .into_iter()
            .filter_map(|agent| self.ask(agent, |reply| Envelope::Describe { reply }).ok())
            .map(IsolateInfo::from)
            .collect()
    }

    /// For every ordered pair of frames, what `from` can reach of `to`,
    /// measured by attempting each access from `from`'s context.
    pub fn access_report(&self) -> Vec<AccessEntry> {
        let frames = self.frames();
        let ids: Vec<u32> = frames.iter().map(|f| f.id.0).collect();
        let mut out = Vec::new();
        for from in &frames {
            let targets = ids.clone();
            if let Ok(entries) = self.ask(from.isolate.0, |reply| Envelope::ProbeAccess {
                from: from.id.0,
                targets,
                reply,
            }) {
                out.extend(entries.into_iter().map(AccessEntry::from));
            }
        }
        out
    }
}

impl Drop for Host {
    /// Stops script until every agent thread has left: run its last
    /// script and let go of everything of the host's, the options' sinks
    /// among them (see `HostShared::shutdown`); then the watchdog. The
    /// threads dispose of their isolates after, off this path.
    fn drop(&mut self) {
        self.watchdog.stop();
        self.shared.shutdown();
    }
}

// Replayable runs and clock control (`page.clock` in Playwright's terms).
impl Host {
    /// The seed of this host's random sources (given in
    /// [`HostOptions::seed`], or drawn): pass it back to replay a run.
    pub fn seed(&self) -> u64 {
        self.shared.seed()
    }

    /// What `Date.now()` read when each clock group started (given in
    /// [`HostOptions::clock_start`], or the wall clock at [`Host::new`]).
    pub fn clock_start(&self) -> std::time::SystemTime {
        self.shared.clock_start()
    }

    /// The frames whose timers the time budget stopped (each agent's
    /// earliest such timer), by id.
    pub fn budget_cut_frames(&self) -> Vec<FrameId> {
        let frames = self.shared.scheduler.budget_cut_frames();
        frames.into_iter().map(FrameId).collect()
    }

    /// The clock of `tab`'s clock group (the tab, the tabs it opened, their
    /// workers), to pause, advance or set.
    pub fn clock(&self, tab: &TabHandle) -> Result<crate::runtime::clock_control::ClockControl> {
        crate::runtime::clock_control::ClockControl::of(&self.shared, tab.isolate.0)
    }
}

// Browsing context groups and agent clusters (issue 11): where each
// document lives, and why.
impl Host {
    /// Every browsing context group with its agent clusters, each with the
    /// isolate hosting it, by id.
    pub fn browsing_context_groups(&self) -> Vec<BrowsingContextGroupInfo> {
        let groups = self.shared.browsing_context_groups.describe();
        groups
            .into_iter()
            .map(BrowsingContextGroupInfo::from)
            .collect()
    }

    /// For every frame, its browsing context group, isolate, the agent
    /// cluster its isolate hosts, and why it is there.
    pub fn placements(&self) -> Vec<Placement> {
        let groups = self.browsing_context_groups();
        let cluster_of = |isolate: IsolateId| {
            groups
                .iter()
                .flat_map(|g| g.agent_clusters.iter())
                .find(|c| c.isolate == isolate)
                .map(|c| c.key.clone())
                .unwrap_or_default()
        };
        self.frames()
            .into_iter()
            .map(|f| Placement {
                frame: f.id,
                browsing_context_group: f.browsing_context_group,
                isolate: f.isolate,
                agent_cluster: cluster_of(f.isolate),
                reason: f.placement,
            })
            .collect()
    }
}
