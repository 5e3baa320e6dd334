//! The host: one per process use; owns the V8 platform (initialised once),
//! the fixture loader, the scheduler, and the registries every tab and
//! worker reports into.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use url::Url;

use super::envelope::Envelope;
use super::loader::{Loader, Resource};
use super::report::{AccessEntry, ConsoleMessage, FrameId, FrameInfo, IsolateInfo, ScriptError};
use super::scheduler::{AgentId, ClockOptions, GroupId, Scheduler};
use crate::error::{ErrorKind, Result};
use crate::v8::IsolateHandle;

/// Receives console lines as they are printed (for live output).
pub type ConsoleSink = Arc<dyn Fn(&ConsoleMessage) + Send + Sync>;

/// How a host runs pages.
#[derive(Clone)]
pub struct HostOptions {
    /// Fixture root: `http(s)://HOST/PATH` maps to `root/HOST/PATH`.
    pub root: PathBuf,
    /// Jump the clock to the next timer when every agent is idle.
    pub virtual_time: bool,
    /// Clock time after which no timer fires (per clock group).
    pub time_budget: Duration,
    /// Real time one task may run before its script is stopped.
    pub script_timeout: Duration,
    /// Cap on each isolate's old-generation heap, in MiB (0: V8 default).
    pub heap_limit_mb: usize,
    /// Extra resources served on every origin when the root lacks them,
    /// keyed by URL path (e.g. "/resources/testharness.js").
    pub builtin_resources: Vec<(String, Arc<str>)>,
    /// Called for each console line as it is printed.
    pub console_sink: Option<ConsoleSink>,
    /// Expose `isohostTest.panic()` to pages and workers, which panics in
    /// Rust on the agent's thread: for testing crash containment only.
    pub fault_injection: bool,
    // --- serving (issue 10) ---
    /// What `root` holds: fixtures (`ROOT/HOST/PATH`, the default) or a
    /// web-platform-tests checkout served as wptserve serves it.
    pub site: super::serve::Site,
    /// Served on every origin at these paths, over whatever the root has
    /// (our testharnessreport.js).
    pub override_resources: Vec<(String, Arc<str>)>,
}

impl HostOptions {
    pub fn new(root: impl Into<PathBuf>) -> HostOptions {
        HostOptions {
            root: root.into(),
            virtual_time: true,
            time_budget: Duration::from_secs(30),
            script_timeout: Duration::from_secs(10),
            heap_limit_mb: 1024,
            builtin_resources: Vec::new(),
            console_sink: None,
            fault_injection: false,
            site: super::serve::Site::Fixtures,
            override_resources: Vec::new(),
        }
    }
}

impl std::fmt::Debug for HostOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostOptions")
            .field("root", &self.root)
            .field("virtual_time", &self.virtual_time)
            .field("time_budget", &self.time_budget)
            .field("script_timeout", &self.script_timeout)
            .finish_non_exhaustive()
    }
}

/// Watches one agent's running task for the script timeout.
#[derive(Default)]
pub(crate) struct AgentMonitor {
    busy_since: Mutex<Option<Instant>>,
    pub(crate) timed_out: AtomicBool,
    /// The heap neared its limit and script was stopped.
    pub(crate) out_of_memory: AtomicBool,
    /// Where the stopped script was running: (url, line, column).
    pub(crate) stopped_at: Mutex<Option<(String, u32, u32)>>,
}

impl AgentMonitor {
    pub(crate) fn task_started(&self) {
        *lock(&self.busy_since) = Some(Instant::now());
    }
    pub(crate) fn task_ended(&self) {
        *lock(&self.busy_since) = None;
    }
}

pub(crate) struct AgentRecord {
    pub handle: IsolateHandle,
    pub monitor: Arc<AgentMonitor>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Everything a tab or worker thread shares with the host.
pub(crate) struct HostShared {
    pub options: HostOptions,
    pub loader: Loader,
    pub scheduler: Scheduler,
    pub frames: Mutex<BTreeMap<FrameId, FrameInfo>>,
    pub console: Mutex<Vec<ConsoleMessage>>,
    pub errors: Mutex<Vec<ScriptError>>,
    pub agents: Mutex<HashMap<AgentId, AgentRecord>>,
    pub threads: Mutex<Vec<JoinHandle<()>>>,
    next_frame: AtomicU32,
    next_agent: AtomicU32,
    next_context: AtomicU32,
    next_group: AtomicU32,
    next_port: AtomicU32,
    pub storage: super::storage::StorageRegistry,
    pub ports: super::ports::PortRegistry,
    pub broadcast: super::broadcast::BroadcastRegistry,
}

impl HostShared {
    pub fn new_frame_id(&self) -> FrameId {
        self.next_frame.fetch_add(1, Ordering::Relaxed)
    }
    pub fn new_agent_id(&self) -> AgentId {
        self.next_agent.fetch_add(1, Ordering::Relaxed)
    }
    pub fn new_context_id(&self) -> u32 {
        self.next_context.fetch_add(1, Ordering::Relaxed)
    }
    pub fn new_port_id(&self) -> u32 {
        self.next_port.fetch_add(1, Ordering::Relaxed)
    }
    pub fn new_group(&self) -> GroupId {
        let id = self.next_group.fetch_add(1, Ordering::Relaxed);
        self.scheduler.new_group(
            id,
            ClockOptions {
                virtual_time: self.options.virtual_time,
                budget_ms: self.options.time_budget.as_secs_f64() * 1000.0,
            },
        );
        id
    }

    pub fn console(&self, message: ConsoleMessage) {
        if let Some(sink) = &self.options.console_sink {
            sink(&message);
        }
        lock(&self.console).push(message);
    }

    pub fn error(&self, error: ScriptError) {
        lock(&self.errors).push(error);
    }

    pub fn update_frame(&self, info: FrameInfo) {
        lock(&self.frames).insert(info.id, info);
    }

    pub fn frame(&self, id: FrameId) -> Option<FrameInfo> {
        lock(&self.frames).get(&id).cloned()
    }

    pub fn with_frame(&self, id: FrameId, f: impl FnOnce(&mut FrameInfo)) {
        if let Some(info) = lock(&self.frames).get_mut(&id) {
            f(info);
        }
    }

    pub fn register_agent(&self, id: AgentId, record: AgentRecord) {
        lock(&self.agents).insert(id, record);
    }

    /// An agent's thread ended: it holds no ports or channels any more and
    /// gets no more messages.
    pub fn unregister_agent(&self, id: AgentId) {
        self.ports.drop_agent(id);
        self.broadcast.drop_agent(id);
        lock(&self.agents).remove(&id);
        self.scheduler.unregister(id);
    }

    /// Posts to the agent that owns `frame`. False if it is gone.
    pub fn post_to_frame(&self, frame: FrameId, envelope: Envelope) -> bool {
        let isolate = lock(&self.frames).get(&frame).map(|f| f.isolate);
        match isolate {
            Some(isolate) => self.scheduler.post(isolate, envelope),
            None => false,
        }
    }

    pub fn spawn(&self, name: String, body: impl FnOnce() + Send + 'static) -> Result<()> {
        let handle = std::thread::Builder::new()
            .name(name)
            // V8 takes ~1 MB of stack for script; deep DOM walks need room.
            .stack_size(16 * 1024 * 1024)
            .spawn(body)
            .map_err(|e| ErrorKind::Thread(e.to_string()))?;
        lock(&self.threads).push(handle);
        Ok(())
    }

    /// Opens a tab on `resource` (already fetched) in clock `group`.
    pub fn open_tab(
        self: &Arc<Self>,
        resource: Resource,
        group: GroupId,
        opener: Option<FrameId>,
    ) -> Result<(AgentId, FrameId)> {
        let agent = self.new_agent_id();
        let frame = self.new_frame_id();
        self.scheduler.register(agent, group);
        // A tab opened by script starts with a copy of its opener's
        // sessionStorage (HTML "copy session storage").
        if let Some(opener_agent) = opener.and_then(|o| self.frame(o)).map(|f| f.isolate) {
            self.storage.copy_session(opener_agent, agent);
        }
        self.update_frame(FrameInfo {
            id: frame,
            url: resource.url.to_string(),
            origin: crate::runtime::origin::Origin::of_url(&resource.url).serialize(),
            parent: None,
            isolate: agent,
            context: 0,
            kind: super::report::FrameKind::Window,
            opener,
            closed: false,
        });
        let host = Arc::clone(self);
        let started = self.spawn(format!("isohost-tab-{agent}"), move || {
            crate::web::tab::run_tab(host, agent, frame, resource, opener);
        });
        if let Err(e) = started {
            self.scheduler.unregister(agent);
            return Err(e);
        }
        Ok((agent, frame))
    }
}

/// A running host: tabs on their own threads, reporting here.
///
/// ```no_run
/// use engine::{Host, HostOptions};
/// let host = Host::new(HostOptions::new("pages"))?;
/// let tab = host.open("http://a.test/index.html")?;
/// host.wait_idle(None);
/// for line in host.console() {
///     println!("[frame {}] {}", line.frame, line.text);
/// }
/// let title = host.evaluate(tab.main_frame, "document.title")?;
/// # Ok::<(), engine::Error>(())
/// ```
pub struct Host {
    shared: Arc<HostShared>,
    watchdog: Option<JoinHandle<()>>,
    stop: Arc<AtomicBool>,
}

/// A tab opened by [`Host::open`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabHandle {
    /// The tab's isolate id.
    pub isolate: u32,
    /// Its main frame.
    pub main_frame: FrameId,
}

impl Host {
    /// A host over `options.root` (which must exist).
    pub fn new(options: HostOptions) -> Result<Host> {
        crate::web::init_v8();
        let mut loader = Loader::new(&options.root, &options.site)?;
        for (path, body) in &options.builtin_resources {
            loader.add_builtin(path, body.clone());
        }
        for (path, body) in &options.override_resources {
            loader.add_override(path, body.clone());
        }
        let shared = Arc::new(HostShared {
            options,
            loader,
            scheduler: Scheduler::default(),
            frames: Mutex::default(),
            console: Mutex::default(),
            errors: Mutex::default(),
            agents: Mutex::default(),
            threads: Mutex::default(),
            next_frame: AtomicU32::new(1),
            next_agent: AtomicU32::new(1),
            next_context: AtomicU32::new(1),
            next_group: AtomicU32::new(1),
            next_port: AtomicU32::new(1),
            storage: Default::default(),
            ports: Default::default(),
            broadcast: Default::default(),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let watchdog = {
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("isohost-watchdog".into())
                .spawn(move || watchdog(shared, stop))
                .map_err(|e| ErrorKind::Thread(e.to_string()))?
        };
        Ok(Host {
            shared,
            watchdog: Some(watchdog),
            stop,
        })
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
        let (isolate, main_frame) = self.shared.open_tab(resource, group, None)?;
        Ok(TabHandle {
            isolate,
            main_frame,
        })
    }

    /// Waits until every tab and worker is idle: no task, no message in
    /// flight, no timer within the time budget. False on `timeout`.
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
            .filter(|f| f.kind == super::report::FrameKind::Window && !f.closed)
            .cloned()
            .collect()
    }

    /// Every worker global (id, url, origin, isolate), by id.
    pub fn workers(&self) -> Vec<FrameInfo> {
        lock(&self.shared.frames)
            .values()
            .filter(|f| f.kind == super::report::FrameKind::Worker)
            .cloned()
            .collect()
    }

    pub fn console(&self) -> Vec<ConsoleMessage> {
        lock(&self.shared.console).clone()
    }

    pub fn errors(&self) -> Vec<ScriptError> {
        lock(&self.shared.errors).clone()
    }

    fn ask<T: Send + 'static>(
        &self,
        agent: AgentId,
        make: impl FnOnce(mpsc::Sender<T>) -> Envelope,
    ) -> Result<T> {
        let (tx, rx) = mpsc::channel();
        if !self.shared.scheduler.post(agent, make(tx)) {
            return Err(ErrorKind::TabGone(format!("isolate {agent} has ended")).into());
        }
        // The agent answers between tasks; a runaway script is stopped by the
        // watchdog first, so this bound is only a last resort.
        let patience = (self.shared.options.script_timeout * 3).max(Duration::from_secs(60));
        rx.recv_timeout(patience).map_err(|e| {
            let why = match e {
                mpsc::RecvTimeoutError::Timeout => format!(
                    "isolate {agent} did not answer within {} s",
                    patience.as_secs()
                ),
                mpsc::RecvTimeoutError::Disconnected => {
                    format!("isolate {agent} ended before answering")
                }
            };
            ErrorKind::TabGone(why).into()
        })
    }

    /// Runs `source` as a script in `frame` and returns its completion value
    /// as JSON (`undefined` → null; objects through JSON.stringify). A thrown
    /// exception comes back as [`ErrorKind::Script`] with its place. Promises
    /// are not awaited.
    pub fn evaluate(&self, frame: FrameId, source: &str) -> Result<serde_json::Value> {
        let info = self
            .shared
            .frame(frame)
            .ok_or(ErrorKind::NoSuchFrame(frame))?;
        let source = source.to_string();
        self.ask(info.isolate, |reply| Envelope::Evaluate {
            frame,
            source,
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
            .collect()
    }

    /// For every ordered pair of frames, what `from` can reach of `to`,
    /// measured by attempting each access from `from`'s context.
    pub fn access_report(&self) -> Vec<AccessEntry> {
        let frames = self.frames();
        let ids: Vec<FrameId> = frames.iter().map(|f| f.id).collect();
        let mut out = Vec::new();
        for from in &frames {
            let targets = ids.clone();
            if let Ok(mut entries) = self.ask(from.isolate, |reply| Envelope::ProbeAccess {
                from: from.id,
                targets,
                reply,
            }) {
                out.append(&mut entries);
            }
        }
        out
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.shared.scheduler.shutdown();
        // Until every thread has ended (threads may be spawned meanwhile:
        // workers starting late), stop whatever script runs, again and
        // again: an agent treats a stop like a script timeout and carries on
        // with its task, which may run another script (the next <script> of
        // a page being parsed, an endless one among them), and the watchdog
        // has stopped. Agents leave once they see the shutdown.
        loop {
            for record in lock(&self.shared.agents).values() {
                record.handle.terminate_execution();
            }
            let (ended, running): (Vec<JoinHandle<()>>, Vec<JoinHandle<()>>) =
                lock(&self.shared.threads)
                    .drain(..)
                    .partition(JoinHandle::is_finished);
            let done = running.is_empty();
            lock(&self.shared.threads).extend(running);
            for t in ended {
                let _ = t.join();
            }
            if done && lock(&self.shared.threads).is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if let Some(w) = self.watchdog.take() {
            let _ = w.join();
        }
    }
}

/// Stops scripts that run longer than the script timeout: first asks the
/// isolate to note where it is and stop itself (an interrupt), then, if it
/// does not, terminates it outright.
fn watchdog(shared: Arc<HostShared>, stop: Arc<AtomicBool>) {
    let limit = shared.options.script_timeout;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(20));
        let agents = lock(&shared.agents);
        for record in agents.values() {
            let since = *lock(&record.monitor.busy_since);
            if let Some(since) = since {
                let busy = since.elapsed();
                if busy > limit {
                    let first = !record.monitor.timed_out.swap(true, Ordering::Relaxed);
                    if first {
                        record
                            .handle
                            .request_interrupt(crate::web::INTERRUPT_TIMEOUT);
                    } else if busy > limit + Duration::from_millis(500) {
                        record.handle.terminate_execution();
                    }
                }
            }
        }
    }
}
