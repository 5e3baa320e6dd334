//! An agent: one isolate on one thread with its event loop — a tab, a
//! dedicated worker or a shared worker.
//!
//! One tick of the loop, in order:
//! 1. the agent reports its own next events to the scheduler (its oldest
//!    queued task, its earliest timer: see `task_queues.rs`, `timers.rs`)
//!    and waits for its next event: under virtual time, until its clock
//!    group hands it the turn because that event has the smallest key in the
//!    group; under real time, until one is due (an agent whose oldest task
//!    comes first and whose inbox is empty takes it without asking:
//!    `Scheduler::take_own_task`);
//! 2. that one event runs as a task: an envelope from another agent or the
//!    host, its oldest task, or its earliest timer;
//! 3. then a microtask checkpoint (Promise jobs, queueMicrotask), and
//!    unhandled rejections are reported.
//!
//! So a timer whose time has come runs before any message posted after that
//! time, and a flood of messages, each a task moving the clock a step, still
//! lets timers come due: no task source starves another.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use dom_lite::{DocumentParser, Dom, NodeId};

use super::ops::node::DocumentGroups;
use super::realm::Frame;
use super::task_queues::{TaskQueues, TaskSource};
use super::templates::Templates;
use super::timers::Timers;
use crate::runtime::clock::GroupClock;
use crate::runtime::envelope::{Envelope, PortId};
use crate::runtime::host::{AgentMonitor, AgentRecord, HostShared, Leaving, lock};
use crate::runtime::loader::Resource;
use crate::runtime::memory::MemoryAccount;
use crate::runtime::origin::{Origin, OriginString};
use crate::runtime::report::{FrameId, IsolateKind, ScriptError};
use crate::runtime::scheduler::{AgentId, GroupId, Next, Pending, Scheduler};
use crate::runtime::site::{ClusterKey, TokenKey};
use crate::v8::{self, Global, HandleScope, Local, OwnedIsolate};

/// A unit of work on the agent's thread.
pub(crate) type Task = Box<dyn FnOnce(&mut Agent)>;

/// What a port held by this agent delivers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PortKind {
    /// A MessagePort object.
    Port,
    /// The implicit port behind a Worker object (messages from the worker),
    /// for the worker with this frame id.
    WorkerOutside(FrameId),
    /// The implicit port of a worker's global (messages from its owner).
    WorkerInside,
}

/// A MessagePort held by this agent.
pub(crate) struct LocalPort {
    pub frame: FrameId,
    pub started: bool,
    pub kind: PortKind,
}

impl LocalPort {
    pub fn new(frame: FrameId) -> LocalPort {
        LocalPort {
            frame,
            started: false,
            kind: PortKind::Port,
        }
    }
}

/// A BroadcastChannel object of this agent.
pub(crate) struct LocalChannel {
    pub frame: FrameId,
}

/// Everything an agent's callbacks reach, through the isolate's state slot.
pub(crate) struct AgentState {
    pub host: Arc<HostShared>,
    pub id: AgentId,
    pub group: GroupId,
    /// The group's clock (read without the scheduler's lock).
    pub clock: Arc<GroupClock>,
    pub kind: IsolateKind,
    pub monitor: Arc<AgentMonitor>,
    pub dom: Rc<RefCell<Dom>>,
    pub frames: RefCell<Frames>,
    /// iframe element → the frame it holds.
    pub element_frames: RefCell<HashMap<NodeId, FrameId>>,
    /// document → the frame it is loaded in.
    pub document_frames: RefCell<HashMap<NodeId, FrameId>>,
    /// document → its `currentScript`, while a classic script of it runs
    /// (`loading::execute`; read by `document.currentScript`).
    pub current_scripts: RefCell<HashMap<NodeId, NodeId>>,
    /// Whether a live collection has read the DOM version (`js/node.js`):
    /// only then must the parser move it on before each script.
    pub dom_version_read: Cell<bool>,
    pub tasks: RefCell<TaskQueues>,
    pub timers: RefCell<Timers>,
    /// Seeded random streams: each realm's `Math.random`, crypto bytes.
    pub random: RefCell<super::random::RandomSources>,
    pub templates: OnceCell<Templates>,
    /// Security tokens: one value per origin-domain in this isolate.
    pub tokens: RefCell<HashMap<TokenKey, Global<v8::Value>>>,
    /// The bindings' state shared by same-origin realms.
    pub shared: RefCell<HashMap<Origin, Global<v8::Object>>>,
    pub parsers: RefCell<HashMap<FrameId, DocumentParser>>,
    /// Script-created parsers (`document.open()`), by document.
    pub open_parsers: RefCell<HashMap<NodeId, super::loading::OpenParser>>,
    /// The documents of the external and module scripts running now (their
    /// ignore-destructive-writes counters: `loading::document_write`).
    pub destructive_writes_ignored: RefCell<Vec<NodeId>>,
    pub ports: RefCell<rustc_hash::FxHashMap<PortId, LocalPort>>,
    /// Nesting level of the running timer (HTML timer nesting clamp).
    pub timer_nesting: Cell<u32>,
    /// Promises rejected with no handler during the current task.
    pub rejections: RefCell<Vec<(Global<v8::Promise>, Global<v8::Value>)>>,
    /// Remote WindowProxies for frames of other isolates, one per frame.
    pub remote_windows: RefCell<HashMap<FrameId, Global<v8::Object>>>,
    /// The tab was closed, or the worker called close(): the loop ends.
    pub closing: Cell<bool>,
    pub channels: RefCell<HashMap<u32, LocalChannel>>,
    /// TextDecoders in the middle of a stream.
    pub text_decoders: RefCell<super::ops::text_decoder::StreamingDecoders>,
    /// For a dedicated worker: its owner (agent, frame) and its inside port.
    pub worker: Option<WorkerLink>,
    /// Memory outside the V8 heap (ArrayBuffers, DOM, queued messages).
    pub memory: Arc<MemoryAccount>,
    /// What the DOM's size was last charged at.
    pub dom_charged: Cell<usize>,
    /// The DOM's live bytes when garbage was last collected for it
    /// (`Agent::collect_dead_documents`).
    pub dom_collected_at: Cell<usize>,
    /// The wrapper groups of documents that are no frame's, held weakly.
    pub document_groups: super::ops::node::DocumentGroups,
    /// The trusted test-result channel of the tab's top-level document.
    pub test_channel: Cell<TestChannel>,
    /// For a tab: its browsing context group, and the agent cluster it
    /// hosts (every top-level browsing context it has is of that group).
    pub browsing_context_group: Cell<u32>,
    pub cluster: RefCell<Option<ClusterKey>>,
    /// For a shared worker: its connections not yet announced.
    pub shared_worker: Option<SharedWorkerGlobal>,
    /// Origins serialized lately (see [`AgentState::origin_string`]).
    pub origin_strings: RefCell<OriginStrings>,
    /// The sender origin of the last window message delivered here, as the
    /// JS string its event's `origin` was: messages come in runs from one
    /// sender (`clone::deliver_window_message`).
    pub last_message_origin: RefCell<Option<(OriginString, Global<v8::String>)>>,
}

/// The agent's frames by id. Each `Frame` (some 770 bytes) is boxed: a
/// B-tree leaf holds eleven values, so that a tab with one frame would
/// otherwise carry room for ten more (8.5 KiB per tab).
#[derive(Default)]
pub(crate) struct Frames(BTreeMap<FrameId, Box<Frame>>);

impl Frames {
    pub fn get(&self, id: &FrameId) -> Option<&Frame> {
        self.0.get(id).map(|f| &**f)
    }

    pub fn get_mut(&mut self, id: &FrameId) -> Option<&mut Frame> {
        self.0.get_mut(id).map(|f| &mut **f)
    }

    pub fn insert(&mut self, id: FrameId, frame: Frame) -> Option<Box<Frame>> {
        self.0.insert(id, Box::new(frame))
    }
}

impl std::ops::Deref for Frames {
    type Target = BTreeMap<FrameId, Box<Frame>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Frames {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// A few origins with their serializations: every message serializes its
/// sender's origin, and checks its target's against a targetOrigin, and
/// serializing one formats a new string each time; an agent sees few
/// origins.
#[derive(Default)]
pub(crate) struct OriginStrings {
    known: Recent<Origin>,
    /// targetOrigin arguments that parsed, with their origins serialized.
    targets: Recent<String>,
}

/// A few keys with their serialized origins; once full, the oldest entry
/// makes room.
struct Recent<K> {
    entries: Vec<(K, OriginString)>,
    next: usize,
}

impl<K> Default for Recent<K> {
    fn default() -> Self {
        Recent {
            entries: Vec::new(),
            next: 0,
        }
    }
}

impl<K> Recent<K> {
    const SIZE: usize = 8;

    fn get<Q: PartialEq<K> + ?Sized>(&self, key: &Q) -> Option<OriginString> {
        self.entries
            .iter()
            .find(|(k, _)| key == k)
            .map(|(_, s)| s.clone())
    }

    fn insert(&mut self, key: K, serialized: OriginString) {
        if self.entries.len() < Self::SIZE {
            self.entries.push((key, serialized));
        } else {
            self.entries[self.next] = (key, serialized);
            self.next = (self.next + 1) % Self::SIZE;
        }
    }
}

impl OriginStrings {
    fn serialize(&mut self, origin: &Origin) -> OriginString {
        if let Some(s) = self.known.get(origin) {
            return s;
        }
        let s: OriginString = origin.serialize().into();
        self.known.insert(origin.clone(), s.clone());
        s
    }
}

/// The trusted channel for test results (issue 14, `HostOptions::test_results`):
/// the host's own testharnessreport.js claims it, once, while it runs in
/// the top-level test document after testharness.js ran there; nothing
/// else can (`ops/isohost_test_report.rs`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TestChannel {
    /// `/resources/testharness.js` ran in the test document.
    pub harness_ran: bool,
    /// The host's `/resources/testharnessreport.js` is running there now.
    pub report_running: bool,
    /// The report script took the channel.
    pub claimed: bool,
    /// Results were handed to the host (once only).
    pub reported: bool,
}

/// A dedicated worker's ties to its owner.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WorkerLink {
    pub owner_agent: AgentId,
    /// The worker's own global (the id its owner knows it by).
    pub frame: FrameId,
    pub port: PortId,
    /// crossOriginIsolated (issue 10): the owner's.
    pub owner_isolated: bool,
}

/// A shared worker's own state.
pub(crate) struct SharedWorkerGlobal {
    /// The inside ports of connections that arrived before its script ran
    /// (their `connect` events follow it); `None` once it has run.
    pub waiting: RefCell<Option<Vec<PortId>>>,
}

impl AgentState {
    /// Whether `frame` is the top-level document of a tab the host opened
    /// itself (not a frame, not a popup) while the host runs tests: the
    /// only realm whose results the host takes.
    pub fn is_test_document(&self, frame: FrameId) -> bool {
        self.host.options.test_results.is_some()
            && self.kind == IsolateKind::Tab
            && self
                .frames
                .borrow()
                .get(&frame)
                .is_some_and(|f| f.parent.is_none() && f.opener.is_none())
    }

    /// Changes the test channel's state.
    pub fn update_test_channel(&self, f: impl FnOnce(&mut TestChannel)) {
        let mut channel = self.test_channel.get();
        f(&mut channel);
        self.test_channel.set(channel);
    }

    /// Script in `frame` was stopped by the watchdog (too long) or the heap
    /// limit: report why and where it was running. An agent out of memory
    /// closes (its heap may still be full). False if neither stopped it.
    pub fn report_stop(&self, frame: FrameId) -> bool {
        use std::sync::atomic::Ordering;
        let message = if self.monitor.out_of_memory.swap(false, Ordering::Relaxed) {
            self.monitor.stop_reported();
            self.closing.set(true);
            let mib = |bytes: usize| bytes >> 20;
            match self.memory.exceeded() {
                Some(false) => format!(
                    "script ran out of memory (more than {} MiB outside the V8 heap: ArrayBuffers, DOM, queued messages; --max-memory-mb) and was stopped; its tab or worker is closed",
                    mib(self.memory.cap())
                ),
                Some(true) => format!(
                    "script ran out of memory (the host's {} MiB outside the V8 heaps are used up; --max-host-memory-mb) and was stopped; its tab or worker is closed",
                    mib(self.host.memory.cap())
                ),
                None => {
                    let limit = self.host.options.heap_limit_mb;
                    format!(
                        "script ran out of memory (heap limit {limit} MiB) and was stopped; its tab or worker is closed"
                    )
                }
            }
        } else if self.monitor.stop_reported() {
            let seconds = self.host.options.script_timeout.as_secs_f64();
            format!("script ran longer than {seconds} s (endless loop?) and was stopped")
        } else {
            return false;
        };
        let (url, line, column) = lock(&self.monitor.stopped_at).take().unwrap_or_default();
        if self.worker.is_some() {
            // A worker's owner hears of it as an error event at the Worker.
            super::worker::forward_error(self, frame, message, url, line, column);
        } else {
            self.report_error(frame, message, url, line, column);
        }
        true
    }

    /// A rejection the host itself handles (a module's evaluation) is not
    /// an unhandled one.
    pub fn forget_rejection(&self, scope: &HandleScope<'_>, promise: Local<'_, v8::Promise>) {
        let p: Local<v8::Value> = promise.into();
        self.rejections
            .borrow_mut()
            .retain(|(g, _)| !g.open(scope).value().strict_equals(p));
    }

    /// <https://html.spec.whatwg.org/multipage/webappapis.html#concept-settings-object-cross-origin-isolated-capability> ("cross-origin isolated capability"):
    /// the realm's, from its responses' COOP and COEP, or every realm's with
    /// `HostOptions::cross_origin_isolated`.
    pub fn cross_origin_isolated(&self, frame: FrameId) -> bool {
        self.host.options.cross_origin_isolated
            || self
                .frames
                .borrow()
                .get(&frame)
                .is_some_and(|f| f.cross_origin_isolated)
    }

    pub fn frame_origin(&self, id: FrameId) -> Option<Origin> {
        self.frames.borrow().get(&id).map(|f| f.origin.clone())
    }

    /// The frame's serialized origin ("null" if opaque or unknown).
    pub fn origin_string(&self, id: FrameId) -> OriginString {
        match self.frames.borrow().get(&id) {
            Some(f) => self.origin_strings.borrow_mut().serialize(&f.origin),
            None => "null".into(),
        }
    }

    /// `origin` serialized.
    pub fn serialize_origin(&self, origin: &Origin) -> OriginString {
        self.origin_strings.borrow_mut().serialize(origin)
    }

    /// The origin of the URL `target` (a postMessage targetOrigin),
    /// serialized; `None` if it does not parse. Pages pass the same few
    /// targetOrigins again and again: the last ones that parsed are kept.
    pub fn target_origin(&self, target: &str) -> Option<OriginString> {
        if let Some(origin) = self.origin_strings.borrow().targets.get(target) {
            return Some(origin);
        }
        let origin: OriginString = url::Url::parse(target)
            .ok()?
            .origin()
            .ascii_serialization()
            .into();
        self.origin_strings
            .borrow_mut()
            .targets
            .insert(target.to_string(), origin.clone());
        Some(origin)
    }

    pub fn frame_url(&self, id: FrameId) -> Option<url::Url> {
        self.frames.borrow().get(&id).map(|f| f.url.clone())
    }

    pub fn frame_info(&self, id: FrameId) -> Option<(url::Url, Origin)> {
        self.frames
            .borrow()
            .get(&id)
            .map(|f| (f.url.clone(), f.origin.clone()))
    }

    /// Charges the growth of the DOM (or releases its shrinking) since it
    /// was last charged: after every op and parser step. False when that
    /// crossed the memory cap (the agent is being stopped).
    pub fn charge_dom(&self) -> bool {
        let Ok(dom) = self.dom.try_borrow() else {
            return true;
        };
        // Script-created parsers (document.open() without close()) hold
        // their tokenizer and tree builder outside the DOM.
        let parsers = self
            .open_parsers
            .try_borrow()
            .map_or(0, |p| p.len() * super::loading::OPEN_PARSER_BYTES);
        let now = dom.size_bytes() + parsers;
        let before = self.dom_charged.replace(now);
        if now > before {
            self.memory.charge(now - before)
        } else {
            self.memory.release(before - now);
            true
        }
    }

    /// Queues a task on the DOM manipulation task source.
    pub fn queue(&self, task: impl FnOnce(&mut Agent) + 'static) {
        self.queue_on(TaskSource::DomManipulation, task);
    }

    /// Queues a task on `source`, keyed now on the group clock.
    pub fn queue_on(&self, source: TaskSource, task: impl FnOnce(&mut Agent) + 'static) {
        let key = self.clock.key_now();
        self.tasks.borrow_mut().push(source, key, Box::new(task));
    }

    /// Group clock milliseconds, read as page script reads them (under
    /// virtual time each read moves the clock a small step, so that a loop
    /// waiting on the clock ends).
    pub fn now(&self) -> f64 {
        self.clock.read_ms()
    }

    /// `setTimeout`/`setInterval` in `frame`: timer `id` after `delay` ms,
    /// at the nesting level of the running timer.
    pub fn set_timer(&self, frame: FrameId, id: u32, delay: f64, repeat: bool) {
        let nesting = self.timer_nesting.get();
        self.timers
            .borrow_mut()
            .set(&self.clock, frame, id, delay, repeat, nesting);
    }

    /// The security token for an origin-domain: the same value every time
    /// in this isolate (V8 compares tokens by identity, strings by their
    /// text), and a value no other origin-domain gets.
    pub fn token_for<'s>(
        &self,
        scope: &'s HandleScope<'_>,
        key: &TokenKey,
    ) -> Local<'s, v8::Value> {
        if let Some(t) = self.tokens.borrow().get(key) {
            return t.open(scope);
        }
        let token: Local<v8::Value> = match key {
            TokenKey::Origin(origin) if origin.is_opaque() => v8::Object::new(scope).into(),
            TokenKey::Origin(origin) => v8::String::internalized(scope, &origin.serialize()).into(),
            // A space: no origin serializes so.
            TokenKey::Domain(scheme, domain) => {
                v8::String::internalized(scope, &format!("{scheme}://{domain} (document.domain)"))
                    .into()
            }
        };
        self.tokens
            .borrow_mut()
            .insert(key.clone(), Global::new(scope, token));
        token
    }

    pub fn report_error(
        &self,
        frame: FrameId,
        message: String,
        url: String,
        line: u32,
        column: u32,
    ) {
        self.host.error(ScriptError {
            frame,
            message,
            url,
            line,
            column,
        });
    }
}

/// The agent's thread-owned parts. Field order is teardown order: the state
/// (and its Globals) goes before the isolate.
pub(crate) struct Agent {
    pub state: Rc<AgentState>,
    pub isolate: OwnedIsolate,
}

thread_local! {
    /// The clock this thread's Date reads.
    static CLOCK: RefCell<Option<Arc<GroupClock>>> = const { RefCell::new(None) };
}

/// `Date.now()` on this thread: the group's wall clock (virtual or real),
/// read as page script reads it.
pub(crate) fn wall_clock_ms() -> Option<f64> {
    CLOCK.with(|c| c.borrow().as_ref().map(|clock| clock.read_wall_ms()))
}

thread_local! {
    /// This thread's CPU time when the watchdog first found its running task
    /// long (a time slice of real time), or when it last yielded its group's
    /// turn: read then, not at every task's start (a system call).
    static SLICE_START: Cell<Option<cpu_time::ThreadTime>> = const { Cell::new(None) };
}

/// A task starts, or takes its group's turn back after yielding it.
pub(crate) fn start_slice() {
    SLICE_START.with(|s| s.set(None));
}

/// The running task has used a time slice of CPU time since it was first
/// found long (the watchdog asks every 100 ms once it has run a slice of
/// real time).
pub(crate) fn slice_used() -> bool {
    let Ok(now) = cpu_time::ThreadTime::try_now() else {
        return false;
    };
    SLICE_START.with(|s| match s.get() {
        None => {
            s.set(Some(now));
            false
        }
        Some(start) => now.duration_since(start) >= crate::runtime::scheduler::TIME_SLICE,
    })
}

thread_local! {
    /// This thread's agent, for `Atomics.wait`. Weak: once the agent has
    /// left, nothing on its thread keeps the host (and its sinks) alive.
    static AGENT: RefCell<Option<(std::sync::Weak<HostShared>, AgentId, crate::v8::IsolateHandle)>> = const { RefCell::new(None) };
}

/// `Atomics.wait` starts (`true`) or ends on this thread: under virtual time
/// the agent gives up its group's turn while it waits, so that the agent
/// that will wake it can run, and queues for the turn again after. It gives
/// the turn up from an interrupt, which V8 runs inside the wait once the
/// agent is queued as a waiter.
pub(crate) fn atomics_wait(started: bool) {
    let agent = AGENT.with(|a| a.borrow().clone());
    if let Some((host, id, handle)) = agent
        && let Some(host) = host.upgrade()
    {
        if started {
            host.scheduler.atomics_wait_started(id);
            handle.request_interrupt(crate::runtime::scheduler::INTERRUPT_WAITING);
        } else {
            host.scheduler.atomics_wait_ended(id);
        }
    }
}

thread_local! {
    /// This thread's isolate, for the heap-limit hook: its monitor and handle.
    static HEAP_WATCH: RefCell<Option<(Arc<AgentMonitor>, crate::v8::IsolateHandle)>> = const { RefCell::new(None) };
}

/// The heap of this thread's isolate nears its cap (V8 calls this during a
/// GC): stop its script and give it room to unwind; the agent then reports
/// it and closes, instead of V8 aborting the process.
pub(crate) fn near_heap_limit(_tag: usize, current: usize, _initial: usize) -> usize {
    HEAP_WATCH.with(|w| {
        if let Some((monitor, handle)) = w.borrow().as_ref() {
            // First note where script runs (at its next safe point), then
            // stop it; if it keeps allocating until here again, stop it now.
            if monitor
                .out_of_memory
                .swap(true, std::sync::atomic::Ordering::Relaxed)
            {
                handle.terminate_execution();
            } else {
                handle.request_interrupt(crate::runtime::host::INTERRUPT_TIMEOUT);
            }
        }
    });
    current + (current / 2).max(64 * 1024 * 1024)
}

/// V8's promise rejection tracker: remember unhandled rejections; they are
/// reported after the microtask checkpoint if still unhandled.
pub(crate) fn promise_rejected<'s>(
    scope: &'s HandleScope<'s>,
    event: v8::PromiseRejectEvent,
    promise: Local<'s, v8::Promise>,
    value: Option<Local<'s, v8::Value>>,
) {
    let Some(state) = scope.state::<AgentState>() else {
        return;
    };
    match event {
        v8::PromiseRejectEvent::RejectWithNoHandler => {
            let value = value.unwrap_or_else(|| v8::value::undefined(scope));
            state
                .rejections
                .borrow_mut()
                .push((Global::new(scope, promise), Global::new(scope, value)));
        }
        v8::PromiseRejectEvent::HandlerAddedAfterReject => state.forget_rejection(scope, promise),
        _ => {}
    }
}

/// An isolate made on this thread with its templates, not yet any
/// agent's: what a spare tab holds while it waits to be claimed
/// (`web::spare`). Nothing in it depends on a host, so a page cannot tell
/// whether its isolate was made ahead or when its tab opened.
pub(crate) struct Prepared {
    /// Field order is teardown order: the templates' Globals go first.
    templates: Templates,
    isolate: OwnedIsolate,
}

impl Prepared {
    /// An isolate of `kind` from the kind's start-up snapshot, with its
    /// templates; `None` when no isolate can be had (the process is out of
    /// address space).
    pub fn new(kind: IsolateKind, heap_limit_mb: usize) -> Option<Prepared> {
        let snapshot = super::templates::snapshot(kind);
        let mut isolate = OwnedIsolate::try_new_from(
            heap_limit_mb,
            kind != IsolateKind::Tab,
            snapshot.map(|s| &s.blob),
        )?;
        let templates = {
            let scope = HandleScope::new(&mut isolate);
            Templates::new(&scope, kind, snapshot)
        };
        Some(Prepared { templates, isolate })
    }

    /// Makes the first realm's context ahead too (see
    /// `Templates::make_first_context`): a spare not yet claimed does.
    pub fn make_first_context(&mut self) {
        let scope = HandleScope::new(&mut self.isolate);
        self.templates.make_first_context(&scope);
    }
}

impl Agent {
    /// A new agent on this thread; `None` when no isolate can be had (the
    /// process is out of address space).
    pub fn new(
        host: Arc<HostShared>,
        id: AgentId,
        kind: IsolateKind,
        worker: Option<WorkerLink>,
        shared_worker: Option<SharedWorkerGlobal>,
    ) -> Option<Agent> {
        let prepared = Prepared::new(kind, host.options.heap_limit_mb)?;
        Some(Agent::adopt(
            host,
            id,
            kind,
            worker,
            shared_worker,
            prepared,
        ))
    }

    /// The agent `id` of `host`, in an isolate `prepared` on this thread.
    pub fn adopt(
        host: Arc<HostShared>,
        id: AgentId,
        kind: IsolateKind,
        worker: Option<WorkerLink>,
        shared_worker: Option<SharedWorkerGlobal>,
        prepared: Prepared,
    ) -> Agent {
        let Prepared {
            templates,
            mut isolate,
        } = prepared;
        let (group, ordinal, clock) = host.scheduler.agent_info(id).unwrap_or_else(|| {
            // Unregistered (the host is going away): a clock of its own.
            (0, 0, Arc::new(GroupClock::new(true, 0.0)))
        });
        crate::runtime::scheduler::set_current_agent(id, group);
        CLOCK.with(|c| *c.borrow_mut() = Some(Arc::clone(&clock)));
        AGENT.with(|a| {
            *a.borrow_mut() = Some((Arc::downgrade(&host), id, isolate.thread_safe_handle()));
        });
        isolate.watch_heap_limit(id as usize);
        let monitor = Arc::new(AgentMonitor::watched_by(Arc::clone(&host.watchdog)));
        HEAP_WATCH
            .with(|w| *w.borrow_mut() = Some((Arc::clone(&monitor), isolate.thread_safe_handle())));
        let memory = MemoryAccount::new(
            Arc::clone(&host.memory),
            host.options.max_memory_mb.saturating_mul(1 << 20),
        );
        {
            // Crossing the cap stops script where it runs, as the heap
            // limit does; the agent then reports it and closes.
            let monitor = Arc::clone(&monitor);
            let handle = isolate.thread_safe_handle();
            memory.on_exceeded(Box::new(move || {
                monitor
                    .out_of_memory
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                handle.request_interrupt(crate::runtime::host::INTERRUPT_TIMEOUT);
            }));
        }
        let account: Arc<dyn v8::allocator::ExternalMemory> = memory.clone();
        v8::allocator::set_thread_account(Some(account));
        host.register_agent(
            id,
            AgentRecord {
                handle: isolate.thread_safe_handle(),
                monitor: Arc::clone(&monitor),
            },
        );
        let random = super::random::RandomSources::new(host.seed(), group, ordinal);
        // A parse's nodes are written in one sweep: huge pages fault less.
        let mut dom = Dom::new();
        dom.on_arena_growth(v8::allocator::advise_huge_pages);
        dom.on_attr_store_growth(v8::allocator::advise_huge_pages_fresh);
        let state = Rc::new(AgentState {
            host,
            id,
            group,
            clock,
            kind,
            monitor,
            dom: Rc::new(RefCell::new(dom)),
            frames: RefCell::default(),
            element_frames: RefCell::default(),
            document_frames: RefCell::default(),
            current_scripts: RefCell::default(),
            dom_version_read: Cell::new(false),
            tasks: RefCell::default(),
            timers: RefCell::default(),
            random: RefCell::new(random),
            templates: OnceCell::new(),
            tokens: RefCell::default(),
            shared: RefCell::default(),
            parsers: RefCell::default(),
            open_parsers: RefCell::default(),
            destructive_writes_ignored: RefCell::default(),
            ports: RefCell::default(),
            timer_nesting: Cell::new(0),
            rejections: RefCell::default(),
            remote_windows: RefCell::default(),
            closing: Cell::new(false),
            channels: RefCell::default(),
            text_decoders: RefCell::default(),
            worker,
            memory,
            dom_charged: Cell::new(0),
            dom_collected_at: Cell::new(0),
            document_groups: Default::default(),
            test_channel: Cell::default(),
            browsing_context_group: Cell::new(0),
            cluster: RefCell::new(None),
            shared_worker,
            origin_strings: RefCell::default(),
            last_message_origin: RefCell::default(),
        });
        isolate.set_state(state.clone());
        let _ = state.templates.set(templates);
        Agent { state, isolate }
    }

    /// Ends the agent but keeps its isolate: its state (every Global, and
    /// what it holds of the host) goes now, and nothing on this thread
    /// refers to the host any more; the isolate, without script to run, is
    /// the caller's to dispose of.
    pub fn retire(self) -> OwnedIsolate {
        let Agent { state, mut isolate } = self;
        drop(isolate.take_state());
        drop(state);
        isolate
    }

    /// Queues the agent's start-up (loading its document or script) as its
    /// first task, keyed when it was registered in its group.
    pub fn queue_startup(&self, task: impl FnOnce(&mut Agent) + 'static) {
        let state = &self.state;
        let key = state
            .host
            .scheduler
            .startup_key(state.id)
            .unwrap_or_else(|| state.clock.key_now());
        state
            .tasks
            .borrow_mut()
            .push(TaskSource::Networking, key, Box::new(task));
    }

    /// The agent's own next events, for the scheduler.
    fn pending(&self) -> Pending {
        Pending {
            task: self.state.tasks.borrow().next_key(),
            timer: self.state.timers.borrow_mut().next(),
        }
    }

    /// Runs the event loop until shutdown (or until the tab is closed or the
    /// worker closes itself).
    pub fn run(&mut self) {
        let mut idle = IdleMemory::default();
        let attention = self.state.host.scheduler.attention(self.state.id);
        while !self.state.closing.get() {
            let pending = self.pending();
            idle.before_wait(&pending);
            let next = match &attention {
                Some(a) if Scheduler::take_own_task(a, &pending) => Next::Task,
                _ => self.state.host.scheduler.next_event(self.state.id, pending),
            };
            match next {
                Next::Shutdown | Next::Envelope(Envelope::Shutdown) => break,
                Next::Envelope(envelope) => {
                    self.run_task(Box::new(move |agent: &mut Agent| agent.handle(envelope)));
                }
                Next::Task => {
                    let task = self.state.tasks.borrow_mut().pop();
                    if let Some(task) = task {
                        self.run_task(task);
                    }
                }
                Next::Timer => {
                    let due = self.state.timers.borrow_mut().take_next(&self.state.clock);
                    if let Some((frame, id, nesting)) = due {
                        self.run_task(Box::new(move |agent: &mut Agent| {
                            super::timers::fire(agent, frame, id, nesting)
                        }));
                    }
                }
            }
        }
        self.refresh_code_cache();
    }

    /// See `templates::refresh_code_cache` (not after script was stopped,
    /// nor near the heap limit).
    fn refresh_code_cache(&mut self) {
        if self.isolate.is_execution_terminating()
            || self.state.monitor.out_of_memory.load(Ordering::Relaxed)
        {
            return;
        }
        let state = self.state.clone();
        let scope = HandleScope::new(&mut self.isolate);
        if let Some(templates) = state.templates.get() {
            super::templates::refresh_code_cache(&scope, templates, state.kind);
            super::templates::harvest(&scope, templates, state.kind);
        }
    }

    fn run_task(&mut self, task: Task) {
        self.state.monitor.task_started();
        start_slice();
        task(self);
        self.after_task();
    }

    /// After every task: microtask checkpoint, unhandled rejections, V8's own
    /// platform tasks, and the script-timeout bookkeeping.
    pub fn after_task(&mut self) {
        {
            let scope = HandleScope::new(&mut self.isolate);
            let tc = v8::TryCatch::new(&scope);
            scope.perform_microtask_checkpoint();
            if tc.has_terminated() {
                drop(tc);
                drop(scope);
                self.timed_out(None);
            }
        }
        self.report_rejections();
        self.isolate.pump_platform_tasks();
        self.collect_dead_documents();
        self.state.charge_dom();
        self.state.monitor.task_ended();
        let monitor = &self.state.monitor;
        if self.isolate.is_execution_terminating()
            || monitor.timed_out.load(std::sync::atomic::Ordering::Relaxed)
            // The memory cap was crossed where no script ran to notice.
            || monitor
                .out_of_memory
                .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.timed_out(None);
        }
    }

    /// Script was stopped by the watchdog: report where, and let script run
    /// again.
    pub fn timed_out(&mut self, frame: Option<FrameId>) {
        if self.isolate.is_execution_terminating() {
            self.isolate.cancel_terminate_execution();
        }
        let frame = frame
            .or_else(|| self.state.frames.borrow().keys().next().copied())
            .unwrap_or(0);
        self.state.report_stop(frame);
    }

    fn report_rejections(&mut self) {
        let pending: Vec<_> = self.state.rejections.borrow_mut().drain(..).collect();
        if pending.is_empty() {
            return;
        }
        let scope = HandleScope::new(&mut self.isolate);
        for (promise, reason) in pending {
            let promise = promise.open(&scope);
            let reason = reason.open(&scope);
            let Some(ctx) = promise.object().creation_context(&scope) else {
                continue;
            };
            let Some(frame) = super::frame_of_context(&scope, ctx) else {
                continue;
            };
            let _cs = v8::ContextScope::new(&scope, ctx);
            let tc = v8::TryCatch::new(&scope);
            let report = super::realm::call_hook(
                &scope,
                &self.state,
                frame,
                "unhandledRejection",
                &[promise.into(), reason],
            );
            drop(tc);
            // The bindings answer null (canceled) or [message, url, line,
            // column]; without them, V8's own wording.
            let fields = match report {
                Some(r) if r.is_null() => continue,
                Some(r) => r.to_array().map(|a| {
                    let get = |i| a.object().get_index(&scope, ctx, i);
                    (
                        get(0)
                            .and_then(|v| v.to_rust_string(&scope, ctx))
                            .unwrap_or_default(),
                        get(1)
                            .and_then(|v| v.to_rust_string(&scope, ctx))
                            .unwrap_or_default(),
                        get(2).and_then(|v| v.number_value(ctx)).unwrap_or(0.0) as u32,
                        get(3).and_then(|v| v.number_value(ctx)).unwrap_or(0.0) as u32,
                    )
                }),
                None => None,
            };
            let (message, url, line, column) = fields.unwrap_or_else(|| {
                let (m, u, l, c) = super::realm::exception_place(&scope, ctx, reason);
                (
                    format!(
                        "Uncaught (in promise) {}",
                        m.trim_start_matches("Uncaught ")
                    ),
                    u,
                    l,
                    c,
                )
            });
            self.state.report_error(frame, message, url, line, column);
        }
    }

    /// Runs an envelope from another agent or the host, as this task.
    fn handle(&mut self, envelope: Envelope) {
        match envelope {
            Envelope::Shutdown => self.state.closing.set(true),
            Envelope::Evaluate {
                frame,
                source,
                describe,
                reply,
            } => {
                let result = super::realm::evaluate(self, frame, &source, describe);
                let _ = reply.send(result);
            }
            Envelope::Describe { reply } => {
                let info = self.describe();
                let _ = reply.send(info);
            }
            Envelope::ProbeAccess {
                from,
                targets,
                reply,
            } => {
                let _ = reply.send(super::window_proxy::probe_access(self, from, &targets));
            }
            Envelope::WindowMessage(message) => {
                super::clone::deliver_window_message(self, message);
            }
            // The port's first waiting message, in this very task.
            Envelope::PortReady(port) => super::clone::deliver_next_port_message(self, port),
            Envelope::Navigate {
                frame,
                url,
                replace,
            } => {
                if let Ok(url) = url::Url::parse(&url) {
                    // The source's sandbox was checked where it runs.
                    let params = super::navigation::NavigateParams {
                        replace,
                        ..Default::default()
                    };
                    let _ = super::navigation::navigate(&self.state, frame, url, params);
                }
            }
            Envelope::CreateBrowsingContext(request) => {
                super::browsing_context::create_requested(&self.state, *request);
            }
            Envelope::CloseTab { frame } => super::loading::close_tab(self, frame),
            Envelope::Storage(change) => super::storage::fire_storage_event(self, change),
            Envelope::Broadcast {
                channel,
                origin,
                data,
            } => super::storage::deliver_broadcast(self, channel, origin, data),
            Envelope::Worker { worker, report } => {
                super::worker::owner_report(self, worker, report);
            }
            Envelope::SharedWorkerConnect { port } => {
                super::shared_worker::connection_arrived(self, port);
            }
            Envelope::SharedWorkerError { frame, port } => {
                super::shared_worker::fire_error(self, frame, port);
            }
        }
    }

    /// The DOM of a document no frame shows is freed once V8 has collected
    /// its wrappers (`js/node.js`), noticed here after each task; and V8
    /// does not see that memory, so once the live DOM has grown by 64 MiB,
    /// and doubled, since it was last done, garbage is collected first.
    fn collect_dead_documents(&mut self) {
        let scope = HandleScope::new(&mut self.isolate);
        DocumentGroups::collect_if_grown(&scope, &self.state);
        DocumentGroups::release_collected(&self.state);
    }

    pub fn describe(&mut self) -> crate::runtime::report::IsolateInfo {
        let contexts = self
            .state
            .frames
            .borrow()
            .values()
            .filter(|f| f.context.is_some() || f.late_realm.is_some())
            .map(|f| f.context_id)
            .collect();
        let heap = self.isolate.heap_stats(true);
        write_heap_snapshot(&mut self.isolate, self.state.id);
        // Documents whose wrappers the collection took (`js/node.js`) are
        // freed now, so that `dom_nodes` counts after it; what else it left
        // to finalize runs too.
        DocumentGroups::release_collected(&self.state);
        self.isolate.pump_platform_tasks();
        crate::runtime::report::IsolateInfo {
            id: self.state.id,
            kind: self.state.kind,
            contexts,
            heap_used_bytes: heap.used,
            dom_nodes: self.state.dom.borrow().live_nodes(),
        }
    }
}

/// The environment variable naming a folder where every isolate report
/// (`Host::isolates`) also writes a heap snapshot of the isolate, after
/// its full collection: `isolate-<id>-<n>.heapsnapshot` (DevTools' JSON),
/// `n` counting the snapshots written in the process. For profiling what realms hold.
pub const HEAP_SNAPSHOT_DIR_ENV: &str = "ISOHOST_HEAP_SNAPSHOT_DIR";

#[allow(clippy::print_stderr, reason = "a profiling knob's failure")]
fn write_heap_snapshot(isolate: &mut crate::v8::OwnedIsolate, agent: AgentId) {
    static DIR: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    static TAKEN: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = DIR.get_or_init(|| {
        std::env::var_os(HEAP_SNAPSHOT_DIR_ENV)
            .filter(|d| !d.is_empty())
            .map(std::path::PathBuf::from)
    });
    if let Some(dir) = dir {
        let n = TAKEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!("isolate-{agent}-{n}.heapsnapshot"));
        if !isolate.write_heap_snapshot(&path) {
            eprintln!("isohost: cannot write {}", path.display());
        }
    }
}

/// What an agent gives back when it goes idle (nothing queued, no timer:
/// it waits for a message or the host), so that a tab at rest holds less
/// memory. Invisible to pages: no script runs, nothing is reordered.
#[derive(Default)]
struct IdleMemory {
    /// Tasks run since the stack was last released.
    tasks: u32,
    released_once: bool,
}

impl IdleMemory {
    /// A busy agent (message ping-pong) goes idle after nearly every task:
    /// the stack is released on its first rest (after start-up and page
    /// load, which go deepest) and then after every `EVERY` tasks, so that
    /// the system call and the refaulted pages stay off its critical path.
    const EVERY: u32 = 256;

    fn before_wait(&mut self, pending: &Pending) {
        self.tasks = self.tasks.saturating_add(1);
        if pending.task.is_some() || pending.timer.is_some() {
            return;
        }
        if !self.released_once || self.tasks >= Self::EVERY {
            v8::isolate::release_unused_thread_stack();
            self.released_once = true;
            self.tasks = 0;
        }
    }
}

/// Why a tab or worker did not start.
pub(crate) const NO_ISOLATE: &str = "refused: the process has no address space left for another V8 isolate (each reserves about 256 MiB); end some workers or tabs first";

/// A tab's thread: load the main document, run the loop, clean up. A panic
/// here is reported as the tab crashing; the host and other tabs go on.
/// The isolate is `prepared` if the thread is a spare's (`web::spare`),
/// else made here.
pub(crate) fn run_tab(
    host: Arc<HostShared>,
    id: AgentId,
    main_frame: FrameId,
    resource: Resource,
    tab: super::tab::NewTab,
    prepared: Option<Prepared>,
    leaving: Leaving,
) {
    let host2 = Arc::clone(&host);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let prepared =
            prepared.or_else(|| Prepared::new(IsolateKind::Tab, host2.options.heap_limit_mb));
        let Some(prepared) = prepared else {
            host2.error(ScriptError {
                frame: main_frame,
                message: NO_ISOLATE.into(),
                url: host2.frame(main_frame).map(|f| f.url).unwrap_or_default(),
                line: 0,
                column: 0,
            });
            return None;
        };
        let mut agent = Agent::adopt(
            Arc::clone(&host2),
            id,
            IsolateKind::Tab,
            None,
            None,
            prepared,
        );
        agent
            .state
            .browsing_context_group
            .set(tab.browsing_context_group);
        *agent.state.cluster.borrow_mut() = Some(tab.cluster);
        agent.queue_startup(move |agent| {
            super::loading::start_tab(agent, main_frame, resource, tab.top);
        });
        agent.run();
        // Its documents are gone: so are their workers.
        super::worker::agent_ended(&agent.state);
        Some(agent.retire())
    }));
    let isolate = match result {
        Ok(isolate) => isolate,
        Err(panic) => {
            let what = crate::v8::platform::panic_message(panic.as_ref());
            host.error(ScriptError {
                frame: main_frame,
                message: format!("the tab crashed (isohost bug): {what}"),
                url: host.frame(main_frame).map(|f| f.url).unwrap_or_default(),
                line: 0,
                column: 0,
            });
            super::worker::agent_crashed(&host, id);
            None
        }
    };
    host.unregister_agent(id);
    drop(host);
    drop(leaving);
    // Disposing of the isolate (a millisecond or so) is off the host's
    // shutdown path.
    drop(isolate);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_strings_keep_a_few_serializations_and_make_room_for_new_ones() {
        let mut strings = OriginStrings::default();
        let origin = |host: &str| Origin::of_url(&url::Url::parse(host).expect("a URL"));
        for round in 0..2 {
            for i in 0..12 {
                let o = origin(&format!("http://h{i}.test:81{i:02}/path"));
                assert_eq!(
                    &*strings.serialize(&o),
                    format!("http://h{i}.test:81{i:02}"),
                    "{round}"
                );
            }
        }
        assert_eq!(strings.known.entries.len(), Recent::<Origin>::SIZE);
        let opaque = Origin::new_opaque();
        assert_eq!(&*strings.serialize(&opaque), "null");
        strings
            .targets
            .insert("http://a.test/x".into(), "http://a.test".into());
        assert_eq!(
            strings.targets.get("http://a.test/x").as_deref(),
            Some("http://a.test")
        );
        assert_eq!(strings.targets.get("http://a.test/y"), None);
    }
}
