//! What every tab and worker thread shares with the host: the options, the
//! fixture loader, the scheduler, the frame/console/error records users
//! read, id counters, the registries of what crosses agents (ports,
//! storage, broadcast channels), and the watchdog that stops scripts
//! running too long. Spawning agents is the web layer's (`web::tab`,
//! `web::worker`); the public `Host` is the facade's (`crate::host`).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use super::envelope::Envelope;
use super::loader::{Loader, Resource};
use super::memory::{
    BoundedLog, CONSOLE_MAX_BYTES, CONSOLE_MAX_LINES, ERRORS_MAX, ERRORS_MAX_BYTES,
};
use super::options::HostOptions;
use super::report::{ConsoleMessage, FrameId, FrameInfo, ScriptError};
use super::scheduler::{
    AgentId, ClockOptions, GroupId, INTERRUPT_YIELD, Scheduler, TIME_SLICE, current_group,
};
use crate::error::{ErrorKind, Result};
use crate::v8::IsolateHandle;

/// The interrupt tag the watchdog and the heap limit use: the agent notes
/// where script runs, then stops it (see `web::v8_hooks`).
pub(crate) const INTERRUPT_TIMEOUT: usize = 1;

/// Watches one agent's running task for the script timeout.
///
/// A task's start costs the agent two atomic stores, no clock read and no
/// lock (one of each per message counted): the watchdog times a task from
/// the first round that sees it running, so a task is stopped up to a
/// [`WATCH_ROUND`] past the timeout.
#[derive(Default)]
pub(crate) struct AgentMonitor {
    /// A task runs.
    busy: AtomicBool,
    /// Counts the tasks started (and the fresh allowances of `stop_reported`).
    task: AtomicU64,
    /// The watchdog's view: the `task` it saw running, and when it first
    /// saw it.
    seen: Mutex<Option<(u64, Instant)>>,
    pub(crate) timed_out: AtomicBool,
    /// The heap neared its limit and script was stopped.
    pub(crate) out_of_memory: AtomicBool,
    /// Where the stopped script was running: (url, line, column).
    pub(crate) stopped_at: Mutex<Option<(String, u32, u32)>>,
    /// When the running task was last asked to yield its group's turn.
    yielded_at: Mutex<Option<Instant>>,
    /// Wakes the host's watchdog when a task starts while it sleeps.
    watchdog: Arc<WatchSignal>,
}

/// What the watchdog does about an agent.
enum Overdue {
    No,
    /// Ask the script to note where it runs and stop.
    Interrupt,
    /// It did not stop when asked: stop it outright.
    Terminate,
}

impl AgentMonitor {
    /// The monitor of an agent of the host whose watchdog is `watchdog`.
    pub(crate) fn watched_by(watchdog: Arc<WatchSignal>) -> AgentMonitor {
        AgentMonitor {
            watchdog,
            ..AgentMonitor::default()
        }
    }

    pub(crate) fn task_started(&self) {
        self.task.fetch_add(1, Ordering::Relaxed);
        self.busy.store(true, Ordering::Relaxed);
        self.watchdog.task_started();
    }

    fn busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed)
    }
    pub(crate) fn task_ended(&self) {
        self.busy.store(false, Ordering::Relaxed);
    }

    /// The watchdog's round: since when the running task has run (as
    /// first seen), if one runs.
    fn busy_since(&self, seen: &mut Option<(u64, Instant)>) -> Option<Instant> {
        if !self.busy() {
            *seen = None;
            return None;
        }
        let task = self.task.load(Ordering::Relaxed);
        match *seen {
            Some((t, since)) if t == task => Some(since),
            _ => {
                let now = Instant::now();
                *seen = Some((task, now));
                Some(now)
            }
        }
    }

    /// The agent reported the stop (true if the watchdog had stopped it):
    /// the rest of its task (the next scripts of a page being parsed, say)
    /// starts a fresh allowance. Done under the same lock as the watchdog's
    /// check, so that the watchdog never stops the same overrun twice.
    pub(crate) fn stop_reported(&self) -> bool {
        let mut seen = lock(&self.seen);
        self.task.fetch_add(1, Ordering::Relaxed);
        *seen = None;
        self.timed_out.swap(false, Ordering::Relaxed)
    }

    /// True, every 100 ms, once a task has run for a time slice of real
    /// time: time for the agent to check whether it has used a slice of CPU
    /// time, and if so let the other agents of its clock group run.
    fn slice_over(&self, slice: Duration) -> bool {
        let Some(since) = self.busy_since(&mut lock(&self.seen)) else {
            return false;
        };
        if since.elapsed() < slice {
            return false;
        }
        let mut asked = lock(&self.yielded_at);
        if asked.is_some_and(|a| a > since && a.elapsed() < Duration::from_millis(100)) {
            return false;
        }
        *asked = Some(Instant::now());
        true
    }

    fn overdue(&self, limit: Duration) -> Overdue {
        let mut seen = lock(&self.seen);
        let Some(busy) = self.busy_since(&mut seen).map(|s| s.elapsed()) else {
            return Overdue::No;
        };
        if busy <= limit {
            Overdue::No
        } else if !self.timed_out.swap(true, Ordering::Relaxed) {
            Overdue::Interrupt
        } else if busy > limit + Duration::from_millis(500) {
            Overdue::Terminate
        } else {
            Overdue::No
        }
    }
}

pub(crate) struct AgentRecord {
    pub handle: IsolateHandle,
    pub monitor: Arc<AgentMonitor>,
}

/// The top-level browsing context `frame` is in, by the frame records'
/// parents (bounded by their number, should they ever cycle).
pub fn top_level_in(frames: &BTreeMap<FrameId, FrameInfo>, frame: FrameId) -> FrameId {
    std::iter::successors(Some(frame), |f| frames.get(f).and_then(|i| i.parent))
        .take(frames.len() + 1)
        .last()
        .unwrap_or(frame)
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
    /// Console lines and errors with their clock group: each group's come
    /// in its own (deterministic) order; groups run in parallel.
    /// Bounded (`runtime::memory`): a page logging in a loop costs a
    /// count of dropped lines, not the machine's memory.
    pub console: Mutex<BoundedLog<ConsoleMessage>>,
    pub errors: Mutex<BoundedLog<ScriptError>>,
    pub agents: Mutex<HashMap<AgentId, AgentRecord>>,
    threads: Arc<AgentThreads>,
    next_frame: AtomicU32,
    next_agent: AtomicU32,
    next_context: AtomicU32,
    next_group: AtomicU32,
    next_port: AtomicU32,
    pub storage: super::storage::StorageRegistry,
    pub ports: super::ports::PortRegistry,
    pub broadcast: super::broadcast::BroadcastRegistry,
    /// Memory outside the V8 heaps, all agents together.
    pub memory: Arc<super::memory::HostMemory>,
    /// Workers whose threads run now (at most [`MAX_LIVE_WORKERS`]).
    pub live_workers: std::sync::atomic::AtomicUsize,
    /// Browsing context groups and the isolates hosting their clusters.
    pub browsing_context_groups: super::browsing_context_groups::BrowsingContextGroups,
    pub window_features: super::window_features::WindowFeaturesRegistry,
    pub shared_workers: super::shared_workers::SharedWorkerRegistry,
    /// Blobs' bytes and blob URLs (File API).
    pub blobs: super::blob_store::BlobStore,
    /// Wakes the watchdog (see [`Watchdog`]).
    pub watchdog: Arc<WatchSignal>,
}

/// The most workers (dedicated and shared) a host runs at once: each is an
/// isolate and a thread (a few MiB of memory, 272 MiB of address space), and
/// a page starting thousands in a loop must not take the machine down.
/// Later ones are refused with an error event until some end.
pub const MAX_LIVE_WORKERS: usize = 256;

impl HostShared {
    /// The shared state of a new host over `loader`.
    pub fn new(options: HostOptions, loader: Loader) -> HostShared {
        super::memory::limit_malloc_arenas(options.malloc_arenas);
        let memory = Arc::new(super::memory::HostMemory::new(
            options.max_host_memory_mb.saturating_mul(1 << 20),
        ));
        HostShared {
            options,
            loader,
            scheduler: Scheduler::default(),
            frames: Mutex::default(),
            console: Mutex::new(BoundedLog::new(CONSOLE_MAX_LINES, CONSOLE_MAX_BYTES)),
            errors: Mutex::new(BoundedLog::new(ERRORS_MAX, ERRORS_MAX_BYTES)),
            agents: Mutex::default(),
            threads: Arc::default(),
            next_frame: AtomicU32::new(1),
            next_agent: AtomicU32::new(1),
            next_context: AtomicU32::new(1),
            next_group: AtomicU32::new(1),
            next_port: AtomicU32::new(1),
            storage: Default::default(),
            ports: Default::default(),
            broadcast: Default::default(),
            memory,
            live_workers: Default::default(),
            browsing_context_groups: Default::default(),
            window_features: Default::default(),
            shared_workers: Default::default(),
            blobs: Default::default(),
            watchdog: Arc::default(),
        }
    }

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
                epoch_ms: super::clock::epoch_ms(self.clock_start()),
                paused: self.options.clock_paused,
            },
        );
        id
    }

    pub fn console(&self, message: ConsoleMessage) {
        let bytes = message.text.len();
        if !lock(&self.console).admit(bytes) {
            return;
        }
        if let Some(sink) = &self.options.console_sink {
            sink(&message.clone().into());
        }
        lock(&self.console).push(current_group().unwrap_or(0), message, bytes);
    }

    /// Whether a console line of at least `min_bytes` would be dropped (the
    /// log is full); if so, it is counted as dropped.
    pub fn console_drops(&self, min_bytes: usize) -> bool {
        !lock(&self.console).admit(min_bytes)
    }

    pub fn error(&self, error: ScriptError) {
        let bytes = error.message.len() + error.url.len();
        let mut errors = lock(&self.errors);
        if errors.admit(bytes) {
            errors.push(current_group().unwrap_or(0), error, bytes);
        }
    }

    /// Every console line, in the order pages printed them: clock group by
    /// clock group (in the order they were opened), each in its own order;
    /// last, how many were dropped, if any.
    pub fn console_lines(&self) -> Vec<ConsoleMessage> {
        let log = lock(&self.console);
        let mut lines = in_group_order(log.items());
        if log.dropped() > 0 {
            lines.push(ConsoleMessage {
                frame: 0,
                level: super::report::Level::Warn,
                text: format!(
                    "isohost: {} console lines dropped (a host keeps {CONSOLE_MAX_LINES} lines, {} MiB)",
                    log.dropped(),
                    CONSOLE_MAX_BYTES >> 20
                ),
            });
        }
        lines
    }

    /// Every script error, in the same order as the console lines; last,
    /// how many were dropped, if any.
    pub fn script_errors(&self) -> Vec<ScriptError> {
        let log = lock(&self.errors);
        let mut errors = in_group_order(log.items());
        if log.dropped() > 0 {
            errors.push(ScriptError {
                frame: 0,
                message: format!(
                    "isohost: {} error lines dropped (a host keeps {ERRORS_MAX} errors, {} MiB)",
                    log.dropped(),
                    ERRORS_MAX_BYTES >> 20
                ),
                url: String::new(),
                line: 0,
                column: 0,
            });
        }
        errors
    }

    /// The resolved clock start (the facade sets it when the host starts).
    pub fn clock_start(&self) -> SystemTime {
        self.options.clock_start.unwrap_or(std::time::UNIX_EPOCH)
    }

    /// The resolved seed (the facade sets it when the host starts).
    pub fn seed(&self) -> u64 {
        self.options.seed.unwrap_or(0)
    }

    pub fn update_frame(&self, info: FrameInfo) {
        lock(&self.frames).insert(info.id, info);
    }

    /// The top-level browsing context `frame` is in (itself for a top),
    /// across isolates.
    pub fn top_level(&self, frame: FrameId) -> FrameId {
        top_level_in(&lock(&self.frames), frame)
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
        self.browsing_context_groups.drop_agent(id);
        self.blobs.drop_agent(id);
        lock(&self.agents).remove(&id);
        self.scheduler.unregister(id);
    }

    /// Fetches `url` for a request from `requester`
    /// (<https://fetch.spec.whatwg.org/#scheme-fetch>, "scheme fetch"): a
    /// blob: URL from the blob URL store, resolved now; anything else from
    /// the loader.
    pub fn fetch(&self, url: &url::Url, requester: &super::origin::Origin) -> Result<Resource> {
        self.fetch_record(super::blob_store::UrlRecord::resolve(
            &self.blobs,
            url.clone(),
            requester,
        ))
    }

    /// Fetches a URL resolved earlier (its blob URL entry, if a blob: URL).
    /// A blob: URL without an entry, revoked or another origin's, is a
    /// network error; a blob's response is its bytes with its type.
    pub fn fetch_record(&self, record: super::blob_store::UrlRecord) -> Result<Resource> {
        if record.url.scheme() != "blob" {
            return self.loader.fetch(&record.url);
        }
        let data = record
            .blob_entry
            .as_ref()
            .and_then(super::blob_store::BlobHandle::data)
            .ok_or_else(|| ErrorKind::Refused {
                url: record.url.to_string(),
                reason: "no blob URL entry (revoked, or made by another origin)".to_string(),
            })?;
        let mut resource = Resource::ok(record.url, &data.mime, data.bytes);
        resource.headers.push((
            "Content-Length".to_string(),
            resource.body.len().to_string(),
        ));
        Ok(resource)
    }

    /// Posts to the agent that owns `frame`. False if it is gone.
    pub fn post_to_frame(&self, frame: FrameId, envelope: Envelope) -> bool {
        let isolate = lock(&self.frames).get(&frame).map(|f| f.isolate);
        match isolate {
            Some(isolate) => self.scheduler.post(isolate, envelope),
            None => false,
        }
    }

    /// Reserves a new tab's ids in clock `group` and records its main
    /// frame at `url`; the web layer then starts its thread. A tab opened
    /// by script starts with a copy of its opener's sessionStorage (HTML
    /// "copy session storage").
    pub fn reserve_tab(
        &self,
        url: &url::Url,
        group: GroupId,
        opener: Option<FrameId>,
    ) -> (AgentId, FrameId) {
        let agent = self.new_agent_id();
        let frame = self.new_frame_id();
        self.scheduler.register(agent, group);
        if let Some(opener) = opener {
            self.storage.copy_session(self.top_level(opener), frame);
        }
        self.update_frame(FrameInfo {
            id: frame,
            url: url.to_string(),
            origin: super::origin::Origin::of_url(url).serialize(),
            parent: None,
            isolate: agent,
            context: 0,
            kind: super::report::FrameKind::Window,
            opener,
            closed: false,
            ..Default::default()
        });
        (agent, frame)
    }

    /// Runs `body` on a new agent thread of the host's: shutting down
    /// waits until it has ended.
    pub fn spawn(&self, name: String, body: impl FnOnce() + Send + 'static) -> Result<()> {
        let leaving = self.leaving();
        let left = leaving.flag();
        let thread = start_thread(name, move || {
            body();
            drop(leaving);
        })?;
        self.adopt_thread(thread, left);
        Ok(())
    }

    /// The token a new agent thread holds until it has left (see
    /// [`Leaving`]).
    pub fn leaving(&self) -> Leaving {
        Leaving {
            left: Arc::default(),
            threads: Arc::clone(&self.threads),
        }
    }

    /// Takes on an agent thread started elsewhere (a tab's, perhaps a
    /// spare's: `web::spare`), whose [`Leaving`] flag is `left`: shutting
    /// down waits for it as for those it spawned.
    pub fn adopt_thread(&self, thread: JoinHandle<()>, left: Arc<AtomicBool>) {
        lock(&self.threads.list).push(AgentThread {
            handle: thread,
            left,
        });
    }

    /// Stops every agent and waits until every agent thread has left: run
    /// its last script and let go of everything of the host's (this, and
    /// with it the options' sinks). What a thread does after (disposing of
    /// its isolate) is off this path: the thread is joined later (see
    /// [`reap`]).
    ///
    /// Threads may be spawned meanwhile (workers starting late), so script
    /// is stopped again and again: an agent treats a stop like a script
    /// timeout and carries on with its task, which may run another script
    /// (the next <script> of a page being parsed, an endless one among
    /// them). Agents leave once they see the scheduler's shutdown.
    pub fn shutdown(&self) {
        self.scheduler.shutdown();
        let mut list = lock(&self.threads.list);
        loop {
            for record in lock(&self.agents).values() {
                record.handle.terminate_execution();
            }
            let (gone, running): (Vec<AgentThread>, Vec<AgentThread>) = list
                .drain(..)
                .partition(|t| t.left.load(Ordering::Acquire) || t.handle.is_finished());
            *list = running;
            reap(gone.into_iter().map(|t| t.handle));
            if list.is_empty() {
                break;
            }
            // Woken as soon as one leaves; stopping script again meanwhile.
            list = self
                .threads
                .left
                .wait_timeout(list, Duration::from_millis(1))
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }
}

/// Starts a thread for an agent (now, or a spare tab's for later).
pub(crate) fn start_thread(
    name: String,
    body: impl FnOnce() + Send + 'static,
) -> Result<JoinHandle<()>> {
    crate::v8::reserving_address_space(|| {
        std::thread::Builder::new()
            .name(name)
            // V8 takes ~1 MB of stack for script; deep DOM walks need room.
            .stack_size(16 * 1024 * 1024)
            .spawn(body)
    })
    .map_err(|e| ErrorKind::Thread(e.to_string()).into())
}

/// An agent thread of a host, and whether it has left.
struct AgentThread {
    handle: JoinHandle<()>,
    left: Arc<AtomicBool>,
}

/// A host's agent threads, and the signal of one leaving.
#[derive(Default)]
pub(crate) struct AgentThreads {
    list: Mutex<Vec<AgentThread>>,
    left: Condvar,
}

/// Held by an agent's thread until it has left: it runs no more script
/// and holds nothing of the host's (no `Arc<HostShared>`). Dropping it
/// says so, and the host's shutdown goes on without waiting for the rest
/// of the thread's teardown.
pub(crate) struct Leaving {
    left: Arc<AtomicBool>,
    threads: Arc<AgentThreads>,
}

impl Leaving {
    /// Set when this is dropped.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.left)
    }
}

impl Drop for Leaving {
    fn drop(&mut self) {
        self.left.store(true, Ordering::Release);
        // Under the lock the shutdown waits with: it cannot miss this.
        let _list = lock(&self.threads.list);
        self.threads.left.notify_all();
    }
}

/// Agent threads that have left their host, still tearing down.
static REAPED: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

/// Takes threads that have left their host, to be joined later: those
/// finished by the next call, the rest when the process exits (an
/// `atexit` handler, run before C++ static destructors: no thread may be
/// inside V8 then).
fn reap(threads: impl Iterator<Item = JoinHandle<()>>) {
    static AT_EXIT: std::sync::Once = std::sync::Once::new();
    let mut reaped = lock(&REAPED);
    let (ended, running): (Vec<JoinHandle<()>>, Vec<JoinHandle<()>>) =
        reaped.drain(..).partition(JoinHandle::is_finished);
    *reaped = running;
    reaped.extend(threads);
    drop(reaped);
    for thread in ended {
        let _ = thread.join();
    }
    AT_EXIT.call_once(|| {
        crate::v8::isolate::at_exit(join_reaped);
    });
}

/// Cannot unwind: it ignores what the threads ended with, and the lock
/// never fails.
extern "C" fn join_reaped() {
    let threads = std::mem::take(&mut *lock(&REAPED));
    for thread in threads {
        let _ = thread.join();
    }
}

/// Stops scripts that run longer than the script timeout: first asks the
/// isolate to note where it is and stop itself (an interrupt), then, if it
/// does not, terminates it outright. It looks at the agents every
/// [`WATCH_ROUND`] while one of them runs a task, and sleeps while none
/// does, until a task starts ([`WatchSignal`]): an idle host costs no
/// wake-ups. Its thread ends when this is dropped, woken at once.
pub(crate) struct Watchdog {
    signal: Arc<WatchSignal>,
    thread: Option<JoinHandle<()>>,
}

/// How often the watchdog looks at the agents while a task runs.
const WATCH_ROUND: Duration = Duration::from_millis(20);

/// What wakes the watchdog: its host going, or a task starting while it
/// sleeps.
#[derive(Default)]
pub(crate) struct WatchSignal {
    /// Set when the host goes.
    stop: Mutex<bool>,
    wake: Condvar,
    /// The watchdog sleeps until a task starts.
    asleep: AtomicBool,
    /// Rounds the watchdog has made.
    rounds: std::sync::atomic::AtomicU64,
}

impl WatchSignal {
    /// A task started (its agent is marked busy): wakes the
    /// watchdog if it sleeps. A fence and a load per task otherwise.
    fn task_started(&self) {
        // Pairs with the fence in `watch`: either the watchdog sees the
        // task busy, or this sees it asleep.
        std::sync::atomic::fence(Ordering::SeqCst);
        if self.asleep.load(Ordering::SeqCst) {
            let _stop = lock(&self.stop);
            self.wake.notify_all();
        }
    }
}

impl Watchdog {
    pub fn start(shared: Arc<HostShared>) -> Result<Watchdog> {
        let signal = Arc::clone(&shared.watchdog);
        let thread = std::thread::Builder::new()
            .name("isohost-watchdog".into())
            .spawn(move || watch(&shared))
            .map_err(|e| ErrorKind::Thread(e.to_string()))?;
        Ok(Watchdog {
            signal,
            thread: Some(thread),
        })
    }

    /// Asks the watchdog to stop (it wakes and ends at once).
    pub fn stop(&self) {
        *lock(&self.signal.stop) = true;
        self.signal.wake.notify_all();
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn watch(shared: &HostShared) {
    let limit = shared.options.script_timeout;
    let signal = &*shared.watchdog;
    let any_busy = || lock(&shared.agents).values().any(|r| r.monitor.busy());
    loop {
        {
            let mut stopped = lock(&signal.stop);
            if !*stopped && !any_busy() {
                signal.asleep.store(true, Ordering::SeqCst);
                std::sync::atomic::fence(Ordering::SeqCst);
                // A task that started before it fell asleep is seen here;
                // one starting after wakes it (under `stop`'s lock).
                while !*stopped && !any_busy() {
                    stopped = signal
                        .wake
                        .wait(stopped)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
                signal.asleep.store(false, Ordering::SeqCst);
            }
            let (stopped, _) = signal
                .wake
                .wait_timeout_while(stopped, WATCH_ROUND, |stopped| !*stopped)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if *stopped {
                return;
            }
        }
        signal.rounds.fetch_add(1, Ordering::Relaxed);
        let agents = lock(&shared.agents);
        for record in agents.values() {
            if shared.options.virtual_time && record.monitor.slice_over(TIME_SLICE) {
                record.handle.request_interrupt(INTERRUPT_YIELD);
            }
            match record.monitor.overdue(limit) {
                Overdue::No => {}
                Overdue::Interrupt => {
                    record.handle.request_interrupt(INTERRUPT_TIMEOUT);
                }
                Overdue::Terminate => {
                    record.handle.terminate_execution();
                }
            }
        }
    }
}

/// Items in clock-group order, each group's in the order they came.
fn in_group_order<T: Clone>(items: &[(GroupId, T)]) -> Vec<T> {
    let mut sorted: Vec<&(GroupId, T)> = items.iter().collect();
    sorted.sort_by_key(|(group, _)| *group);
    sorted.into_iter().map(|(_, item)| item.clone()).collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    /// An idle host's watchdog sleeps (no rounds), and wakes when a task
    /// runs long enough to be stopped.
    #[test]
    fn the_watchdog_sleeps_while_no_task_runs() {
        let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/../pages");
        let mut options = crate::HostOptions::new(pages);
        options.script_timeout = Duration::from_millis(300);
        let host = crate::Host::new(options).expect("a host");
        let tab = host.open("http://a.test/hello.html").expect("opens");
        assert!(host.wait_idle(Some(Duration::from_secs(60))));
        let rounds = || {
            host.shared()
                .watchdog
                .rounds
                .load(std::sync::atomic::Ordering::Relaxed)
        };
        let before = rounds();
        std::thread::sleep(Duration::from_millis(200));
        // At most the round under way when the page went idle.
        assert!(
            rounds() <= before + 1,
            "{} rounds while idle",
            rounds() - before
        );
        let stopped = host.evaluate(tab.main_frame, "for (;;) {}");
        assert!(stopped.is_err(), "{stopped:?}");
        // It woke for the loop (or the loop would never have stopped) and
        // watched it in rounds until it was overdue.
        assert!(rounds() > before + 1, "the watchdog did not watch the loop");
    }
}
