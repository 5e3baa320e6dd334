//! Agents' inboxes and the clock groups they run in.
//!
//! Every agent (a tab's or a worker's thread) belongs to a clock group: a
//! user-opened tab starts one; the tabs it opens and its workers join it.
//!
//! **Virtual time (the default): a group is one logical thread.** Its agents
//! keep their own threads and isolates, but only the agent holding the
//! group's *turn* runs a task. Every task is an event with an [`EventKey`]
//! (clock time, group-wide sequence number taken when it was queued): an
//! agent's own tasks and timers, which it reports as [`Pending`] when it
//! gives the turn back, and envelopes in its inbox here. The group hands the
//! turn to the agent with the smallest key; that agent runs that one event
//! plus its microtask checkpoint and gives the turn back with its next keys.
//! The clock moves to an event's time when it runs (when only timers remain,
//! it jumps), and by small fixed steps (see [`clock`](super::clock)). Since
//! one agent runs at a time, the sequence numbers, the clock and everything
//! pages print come out in the same order on every run, whatever the load.
//! Envelopes from outside the turn (the host's requests, other groups) are
//! keyed when the turn next changes hands, at the group's time then. An agent
//! blocked in `Atomics.wait` gives the turn up and queues for it again when
//! it wakes.
//!
//! **Real time (`--real-time`):** agents run in parallel on the machine's
//! clock, each taking its own smallest-key event that is due (a busy agent
//! takes its own next task without this lock while its inbox is empty: a
//! flag per agent says when it is not). An agent with nothing to run spins
//! a few microseconds for an answer before it sleeps, while another agent
//! of its group that may send one runs on another CPU (see `Spin`).
//!
//! In both, a timer fires only if its due time, in whole milliseconds, is
//! within the group's budget: a group whose timers are all past it is done.
//!
//! One mutex guards all of it, so that "post to an inbox" and "is everyone
//! idle?" never race: a message in flight always keeps its group awake.

use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

use super::clock::{EventKey, GroupClock};
use super::envelope::Envelope;
use super::report::FrameId;

pub type AgentId = u32;
pub type GroupId = u32;

/// The interrupt the watchdog sends, every 100 ms, a script that has held
/// its group's turn for a [`TIME_SLICE`] of real time: once it has also used
/// a slice of CPU time since, it gives the others a turn (see
/// [`Scheduler::yield_turn`]).
pub const INTERRUPT_YIELD: usize = 2;

/// The interrupt an agent asks for when it enters `Atomics.wait`: V8 runs it
/// inside the wait, once the agent is queued as a waiter (see
/// [`Scheduler::atomics_waiting`]).
pub const INTERRUPT_WAITING: usize = 3;

/// How long a task may hold its group's turn before it lets the others of
/// its group run their pending events (a worker spinning in an endless loop
/// must not stop the page that would terminate it): a slice of real time,
/// then a slice of CPU time, so that a busy machine does not make ordinary
/// tasks yield. Tasks this long are rare; where one yields depends on the
/// machine.
pub const TIME_SLICE: Duration = Duration::from_millis(500);

/// How a group's clock behaves.
#[derive(Debug, Clone, Copy)]
pub struct ClockOptions {
    /// Virtual time: one agent of the group runs at a time; the clock jumps
    /// to the next timer when nothing else is pending.
    pub virtual_time: bool,
    /// Clock milliseconds after which no timer fires.
    pub budget_ms: f64,
    /// Unix-epoch ms `Date.now()` reads at the group's start.
    pub epoch_ms: f64,
    /// Virtual time: start with the clock paused (see [`Scheduler::pause`]).
    pub paused: bool,
}

/// An agent's own next events, as it reports them when it gives back the
/// turn (or, under real time, when it looks for work).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// Its earliest queued task.
    pub task: Option<EventKey>,
    /// Its earliest timer, and the frame that set it.
    pub timer: Option<(EventKey, FrameId)>,
}

/// What an agent runs next.
// An envelope moves through here by value, once per message, as it moves
// through the inboxes; boxing it would add an allocation per message.
#[allow(clippy::large_enum_variant)]
pub enum Next {
    /// An envelope from another agent or the host, as this task.
    Envelope(Envelope),
    /// Its earliest queued task.
    Task,
    /// Its earliest timer.
    Timer,
    /// The host is shutting down (or the agent was removed).
    Shutdown,
}

/// Why clock control was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlError {
    /// No such clock group.
    NoGroup,
    /// The group runs on the real clock (`--real-time`).
    RealTime,
}

/// What the group handed an agent with its turn.
// An envelope moves through here by value, once per message, as it moves
// through the inboxes; boxing it would add an allocation per message.
#[allow(clippy::large_enum_variant)]
enum Turn {
    Envelope(Envelope),
    Task,
    Timer,
    /// Back from `Atomics.wait`.
    Resume,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Inbox,
    Task,
    Timer,
    Resume,
}

/// Who moves a virtual clock forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Control {
    /// The group: it jumps to the next timer when nothing else is pending.
    Running,
    /// Nobody: no jumps, no steps; only timers already due fire.
    Paused,
    /// The host: timers up to `until` (ns; `None`: all within budget) fire,
    /// then the clock stands at `until` and is paused.
    Advancing { until: Option<u64> },
}

/// What came from outside the turn, keyed when the turn next changes hands.
// An envelope moves through here by value, once per message, as it moves
// through the inboxes; boxing it would add an allocation per message.
#[allow(clippy::large_enum_variant)]
enum Outside {
    Envelope(Envelope),
    Resume,
}

struct Slot {
    /// Order of registration in the group (stable across runs).
    ordinal: u32,
    inbox: VecDeque<(EventKey, Envelope)>,
    pending: Pending,
    /// Handed with the turn, not yet picked up by the agent's thread.
    grant: Option<Turn>,
    /// Virtual time: inside `Atomics.wait`, holding no turn.
    blocked: bool,
    /// Virtual time: back from `Atomics.wait`, waiting for the turn.
    resume: Option<EventKey>,
    /// Real time: waiting for an event (asleep, or spinning: see [`Spin`]).
    waiting: bool,
    /// Real time: spinning for an envelope (see [`Spin`]).
    spinning: bool,
    /// Real time: the CPU its thread last took an event on.
    cpu: usize,
    /// Real time: how long it spins for an envelope before it sleeps.
    spin: Spin,
    wake: Arc<Condvar>,
    /// Real time: set while the inbox holds an envelope or the host is
    /// shutting down (see [`Scheduler::take_own_task`]).
    attention: Arc<AtomicBool>,
}

/// Real time: how long an agent with nothing to run spins, looking at its
/// inbox, before it sleeps. A message from another thread to a sleeping
/// agent costs a wake-up: a system call for the sender and, when the agent's
/// CPU sat idle, that CPU's wake-up (tens of microseconds in a virtual
/// machine, where an idle CPU is halted): a page and its worker trading
/// messages would pay it twice per round trip. So an agent spins, instead,
/// while another agent of its group that may answer runs on another CPU
/// (never when it shares this CPU: spinning would only keep it from
/// running), and for a window that adapts as a halt-polling guest's does:
/// it grows while answers come just after it, and shrinks to nothing while
/// they come much later than it (or never). An agent spinning is not
/// `waiting` for posts (they set its `attention` flag and skip the
/// wake-up) nor for the idle check, and another agent finding nothing to
/// run does not spin for an answer from it.
#[derive(Debug, Clone, Copy)]
struct Spin {
    window: Duration,
}

impl Spin {
    /// The longest window: about a CPU's wake-up plus a short task, the
    /// wait for an answer when the answering agent was asleep.
    const MAX: Duration = Duration::from_micros(60);
    /// Below this a window is not worth it (it is turned off).
    const MIN: Duration = Duration::from_micros(5);

    /// The agent waited `blocked` for its next event, having spun for
    /// `self.window` first.
    fn adapt(&mut self, blocked: Duration) {
        if blocked <= self.window {
            return;
        }
        self.window = if blocked <= Self::MAX {
            (self.window * 2).clamp(Self::MIN, Self::MAX)
        } else if self.window / 2 < Self::MIN {
            Duration::ZERO
        } else {
            self.window / 2
        };
    }
}

impl Default for Spin {
    fn default() -> Self {
        Spin {
            window: Spin::MAX / 2,
        }
    }
}

/// The CPU this thread runs on (a read of the kernel's per-thread record,
/// no system call).
fn current_cpu() -> usize {
    rustix::thread::sched_getcpu()
}

struct Group {
    clock: Arc<GroupClock>,
    budget_ns: u64,
    /// Boxed: a B-tree leaf holds eleven values, and most groups (a tab
    /// each) have one agent (4.5 KiB per tab unboxed).
    agents: BTreeMap<AgentId, Box<Slot>>,
    /// Virtual time: the agent that runs (or was handed the turn).
    turn: Option<AgentId>,
    outside: VecDeque<(AgentId, Outside)>,
    control: Control,
    next_ordinal: u32,
}

/// A timer due at `at` (ns) fires if `at`, in whole milliseconds, is within
/// the budget: a 30 s timer fires under a 30 s budget even when it was set a
/// few clock steps after the start.
fn within_budget(at: u64, budget_ns: u64) -> bool {
    at - at % 1_000_000 <= budget_ns
}

impl Group {
    /// The smallest-key event the group may run now (virtual time).
    fn pick(&self) -> Option<(EventKey, AgentId, Kind)> {
        let now = self.clock.now_ns();
        let limit = match self.control {
            Control::Running | Control::Advancing { until: None } => u64::MAX,
            Control::Paused => now,
            Control::Advancing { until: Some(u) } => u.max(now),
        };
        let mut best: Option<(EventKey, AgentId, Kind)> = None;
        for (&id, slot) in &self.agents {
            let mut candidates = [None; 3];
            if slot.blocked {
                candidates[0] = slot.resume.map(|k| (k, Kind::Resume));
            } else {
                candidates[0] = slot.inbox.front().map(|(k, _)| (*k, Kind::Inbox));
                candidates[1] = slot.pending.task.map(|k| (k, Kind::Task));
                candidates[2] = slot
                    .pending
                    .timer
                    .filter(|(k, _)| within_budget(k.at, self.budget_ns) && k.at <= limit)
                    .map(|(k, _)| (k, Kind::Timer));
            }
            for (key, kind) in candidates.into_iter().flatten() {
                if best.is_none_or(|(b, _, _)| key < b) {
                    best = Some((key, id, kind));
                }
            }
        }
        best
    }

    /// Virtual time, with nobody holding the turn: key what came from
    /// outside, then hand the turn to the smallest-key event's agent. With
    /// nothing to run, the group is idle (an advance ends there).
    fn dispatch(&mut self, idle: &Condvar) {
        if let Some(wake) = self.dispatch_later(idle) {
            wake.notify_one();
        }
    }

    /// [`dispatch`](Self::dispatch), but the agent handed the turn (if
    /// another's) is returned to be woken once the caller has released the
    /// scheduler's lock: woken under it, it would wake only to wait for the
    /// lock (two context switches instead of one).
    #[must_use]
    fn dispatch_later(&mut self, idle: &Condvar) -> Option<Arc<Condvar>> {
        if !self.clock.is_virtual() || self.turn.is_some() {
            return None;
        }
        if !self.outside.is_empty() {
            // Agents back from Atomics.wait first, by id (their threads queued
            // in whatever order they woke), then the rest as they came.
            let mut outside: Vec<(AgentId, Outside)> = self.outside.drain(..).collect();
            outside.sort_by_key(|(agent, what)| match what {
                Outside::Resume => (0, *agent),
                Outside::Envelope(_) => (1, 0),
            });
            for (agent, what) in outside {
                let key = self.clock.key_now();
                if let Some(slot) = self.agents.get_mut(&agent) {
                    match what {
                        Outside::Envelope(e) => slot.inbox.push_back((key, e)),
                        Outside::Resume => slot.resume = Some(key),
                    }
                }
            }
        }
        let Some((key, agent, kind)) = self.pick() else {
            if let Control::Advancing { until } = self.control {
                if let Some(until) = until {
                    self.clock.advance_to(until);
                }
                self.control = Control::Paused;
                self.clock.set_stepping(false);
            }
            idle.notify_all();
            return None;
        };
        self.clock.advance_to(key.at);
        let slot = self.agents.get_mut(&agent)?;
        let turn = match kind {
            Kind::Inbox => Turn::Envelope(slot.inbox.pop_front()?.1),
            Kind::Task => Turn::Task,
            Kind::Timer => Turn::Timer,
            Kind::Resume => {
                slot.resume = None;
                Turn::Resume
            }
        };
        slot.grant = Some(turn);
        self.turn = Some(agent);
        // An agent handing the turn to itself picks it up without waiting
        // (and a notification is a system call: most turns go this way).
        (current_agent() != Some(agent)).then(|| Arc::clone(&slot.wake))
    }

    /// No event to run now and none on its way.
    fn is_idle(&self) -> bool {
        if self.clock.is_virtual() {
            self.turn.is_none()
                && self.outside.is_empty()
                && !self.agents.values().any(|s| s.blocked)
        } else {
            self.agents.values().all(|s| {
                s.waiting
                    && s.inbox.is_empty()
                    && s.pending.task.is_none()
                    && s.pending
                        .timer
                        .is_none_or(|(k, _)| !within_budget(k.at, self.budget_ns))
            })
        }
    }

    /// Frames whose earliest timer is past the budget (it never fires).
    fn cut_frames(&self) -> impl Iterator<Item = FrameId> + '_ {
        self.agents.values().filter_map(|s| {
            s.pending
                .timer
                .filter(|(k, _)| !within_budget(k.at, self.budget_ns))
                .map(|(_, f)| f)
        })
    }
}

#[derive(Default)]
struct State {
    groups: FxHashMap<GroupId, Group>,
    agent_group: FxHashMap<AgentId, GroupId>,
    shutdown: bool,
    /// `Atomics.wait` calls that ended, host-wide.
    waits_ended: u64,
}

impl State {
    fn group_of(&mut self, agent: AgentId) -> Option<&mut Group> {
        let id = *self.agent_group.get(&agent)?;
        self.groups.get_mut(&id)
    }
}

thread_local! {
    /// The agent whose thread this is, and its group.
    static CURRENT: Cell<Option<(AgentId, GroupId)>> = const { Cell::new(None) };
}

/// Marks this thread as `agent`'s (its posts are keyed in its turn).
pub fn set_current_agent(agent: AgentId, group: GroupId) {
    CURRENT.with(|c| c.set(Some((agent, group))));
}

/// The clock group of the agent whose thread this is.
pub fn current_group() -> Option<GroupId> {
    CURRENT.with(Cell::get).map(|(_, g)| g)
}

fn current_agent() -> Option<AgentId> {
    CURRENT.with(Cell::get).map(|(a, _)| a)
}

/// The host's scheduler: inboxes, clock groups, turns.
#[derive(Default)]
pub struct Scheduler {
    state: Mutex<State>,
    /// Signalled whenever a group may have become idle, or an agent left.
    idle: Condvar,
    /// Signalled when an `Atomics.wait` ends.
    wait_ended: Condvar,
}

impl Scheduler {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock is a bug elsewhere; the state stays
        // consistent (every update is a single assignment), so carry on.
        super::host::lock(&self.state)
    }

    /// Starts a clock group.
    pub fn new_group(&self, id: GroupId, options: ClockOptions) {
        let clock = Arc::new(GroupClock::new(options.virtual_time, options.epoch_ms));
        let paused = options.virtual_time && options.paused;
        clock.set_stepping(!paused);
        self.lock().groups.insert(
            id,
            Group {
                clock,
                budget_ns: super::clock::ms_to_ns(options.budget_ms),
                agents: BTreeMap::new(),
                turn: None,
                outside: VecDeque::new(),
                control: if paused {
                    Control::Paused
                } else {
                    Control::Running
                },
                next_ordinal: 0,
            },
        );
    }

    /// Registers an agent in `group`, with its start-up as its first event
    /// (keyed now: the caller holds the group's turn, or the group is new).
    pub fn register(&self, agent: AgentId, group: GroupId) {
        let mut state = self.lock();
        let Some(g) = state.groups.get_mut(&group) else {
            return;
        };
        let ordinal = g.next_ordinal;
        g.next_ordinal += 1;
        let startup = g.clock.key_now();
        g.agents.insert(
            agent,
            Box::new(Slot {
                ordinal,
                inbox: VecDeque::new(),
                pending: Pending {
                    task: Some(startup),
                    timer: None,
                },
                grant: None,
                blocked: false,
                resume: None,
                waiting: false,
                spinning: false,
                cpu: usize::MAX,
                spin: Spin::default(),
                wake: Arc::new(Condvar::new()),
                attention: Arc::new(AtomicBool::new(false)),
            }),
        );
        g.dispatch(&self.idle);
        state.agent_group.insert(agent, group);
    }

    /// Removes an agent (its thread ended); undelivered messages are dropped
    /// and its turn, if it held it, passes on.
    pub fn unregister(&self, agent: AgentId) {
        let mut state = self.lock();
        if let Some(group_id) = state.agent_group.remove(&agent)
            && let Some(group) = state.groups.get_mut(&group_id)
        {
            group.agents.remove(&agent);
            group.outside.retain(|(a, _)| *a != agent);
            if group.turn == Some(agent) {
                group.turn = None;
            }
            group.dispatch(&self.idle);
        }
        drop(state);
        self.idle.notify_all();
    }

    /// The agent's group, its place in it, and the group's clock.
    pub fn agent_info(&self, agent: AgentId) -> Option<(GroupId, u32, Arc<GroupClock>)> {
        let state = self.lock();
        let group = *state.agent_group.get(&agent)?;
        let g = state.groups.get(&group)?;
        Some((group, g.agents.get(&agent)?.ordinal, Arc::clone(&g.clock)))
    }

    /// The key of the agent's start-up event (its first task).
    pub fn startup_key(&self, agent: AgentId) -> Option<EventKey> {
        self.lock()
            .group_of(agent)?
            .agents
            .get(&agent)?
            .pending
            .task
    }

    /// The group an agent belongs to.
    pub fn group_of(&self, agent: AgentId) -> Option<GroupId> {
        self.lock().agent_group.get(&agent).copied()
    }

    /// The group's clock, to read without this lock.
    pub fn clock(&self, group: GroupId) -> Option<Arc<GroupClock>> {
        self.lock().groups.get(&group).map(|g| Arc::clone(&g.clock))
    }

    /// Posts to an agent's inbox. False if the agent is gone.
    pub fn post(&self, to: AgentId, envelope: Envelope) -> bool {
        let mut state = self.lock();
        let Some(group) = state.group_of(to) else {
            return false;
        };
        if group.clock.is_virtual() {
            let poster = current_agent();
            let in_turn = poster.is_some()
                && group.turn == poster
                && poster
                    .and_then(|p| group.agents.get(&p))
                    .is_some_and(|s| s.grant.is_none());
            if in_turn {
                let key = group.clock.key_now();
                if let Some(slot) = group.agents.get_mut(&to) {
                    slot.inbox.push_back((key, envelope));
                }
            } else {
                group.outside.push_back((to, Outside::Envelope(envelope)));
                group.dispatch(&self.idle);
            }
            return true;
        }
        let key = group.clock.key_now();
        let Some(slot) = group.agents.get_mut(&to) else {
            return false;
        };
        slot.inbox.push_back((key, envelope));
        slot.attention.store(true, Ordering::Release);
        // An agent that is not waiting looks at its inbox (under this lock)
        // before it waits: waking it would be a system call for nothing.
        if !std::mem::replace(&mut slot.waiting, false) {
            return true;
        }
        let wake = Arc::clone(&slot.wake);
        drop(state);
        // Woken after the lock is released, the agent does not wake only to
        // wait for it.
        wake.notify_one();
        true
    }

    /// The agent ran its event (if it held the turn) and reports its own
    /// next events; returns once it has something to run. Under virtual
    /// time, it gives the turn back and waits for it again.
    pub fn next_event(&self, agent: AgentId, pending: Pending) -> Next {
        let mut state = self.lock();
        let Some(group) = state.group_of(agent) else {
            return Next::Shutdown;
        };
        if !group.clock.is_virtual() {
            return self.next_real_time(state, agent, pending);
        }
        let Some(slot) = group.agents.get_mut(&agent) else {
            return Next::Shutdown;
        };
        slot.pending = pending;
        if group.turn == Some(agent) && slot.grant.is_none() {
            group.turn = None;
            group.clock.step_task();
        }
        if let Some(wake) = group.dispatch_later(&self.idle) {
            drop(state);
            wake.notify_one();
            state = self.lock();
        }
        match self.wait_turn(state, agent) {
            Some(Turn::Envelope(e)) => Next::Envelope(e),
            Some(Turn::Task) => Next::Task,
            Some(Turn::Timer) => Next::Timer,
            // Only a blocked agent is handed a resumption.
            Some(Turn::Resume) | None => Next::Shutdown,
        }
    }

    /// Real time: the flag that tells `agent` whether its inbox (or the
    /// host's shutdown) needs a look, for [`Scheduler::take_own_task`];
    /// `None` under virtual time.
    pub fn attention(&self, agent: AgentId) -> Option<Arc<AtomicBool>> {
        let mut state = self.lock();
        let group = state.group_of(agent)?;
        if group.clock.is_virtual() {
            return None;
        }
        Some(Arc::clone(&group.agents.get(&agent)?.attention))
    }

    /// Real time: whether `agent`, busy, may run its own oldest task next
    /// without asking here ([`Scheduler::next_event`] would choose it): its
    /// task is older than its earliest timer, and nothing waits in its
    /// inbox (`attention`, from [`Scheduler::attention`], is clear). An
    /// envelope posted after the look is keyed after the task anyway. So
    /// an agent messaging itself (same-origin frames on one thread) takes
    /// no lock per message; waiting, and the idle check, still go through
    /// here.
    pub fn take_own_task(attention: &AtomicBool, pending: &Pending) -> bool {
        let Some(task) = pending.task else {
            return false;
        };
        pending.timer.is_none_or(|(timer, _)| task < timer) && !attention.load(Ordering::Acquire)
    }

    /// Waits until `agent` is handed the turn; `None` on shutdown.
    fn wait_turn(&self, mut state: MutexGuard<'_, State>, agent: AgentId) -> Option<Turn> {
        loop {
            if state.shutdown {
                return None;
            }
            let group = state.group_of(agent)?;
            let is_turn = group.turn == Some(agent);
            let slot = group.agents.get_mut(&agent)?;
            if is_turn && let Some(turn) = slot.grant.take() {
                return Some(turn);
            }
            let wake = Arc::clone(&slot.wake);
            state = wake.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Real time: the agent's smallest-key event that is due, waiting for
    /// one if need be.
    fn next_real_time<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        agent: AgentId,
        pending: Pending,
    ) -> Next {
        // When it found nothing to run while an answer could come from
        // another CPU (see `Spin`), and whether it spun then.
        let mut blocked: Option<(Instant, bool)> = None;
        loop {
            if state.shutdown {
                return Next::Shutdown;
            }
            let Some(group) = state.group_of(agent) else {
                return Next::Shutdown;
            };
            let budget = group.budget_ns;
            let timer = pending
                .timer
                .map(|(k, _)| k)
                .filter(|k| within_budget(k.at, budget));
            // Read only for a timer (a clock read costs a tenth of a
            // microsecond in a virtual machine; most waits have none).
            let now = if timer.is_some() {
                group.clock.now_ns()
            } else {
                0
            };
            let Some(slot) = group.agents.get_mut(&agent) else {
                return Next::Shutdown;
            };
            slot.pending = pending;
            let candidates = [
                slot.inbox.front().map(|(k, _)| (*k, Kind::Inbox)),
                pending.task.map(|k| (k, Kind::Task)),
                timer.filter(|k| k.at <= now).map(|k| (k, Kind::Timer)),
            ];
            let best = candidates.into_iter().flatten().min_by_key(|(k, _)| *k);
            if let Some((_, kind)) = best {
                slot.waiting = false;
                slot.cpu = current_cpu();
                if let Some((since, _)) = blocked {
                    slot.spin.adapt(since.elapsed());
                }
                let next = match kind {
                    Kind::Inbox => match slot.inbox.pop_front() {
                        Some((_, e)) => Next::Envelope(e),
                        None => continue,
                    },
                    Kind::Task => Next::Task,
                    _ => Next::Timer,
                };
                slot.attention
                    .store(!slot.inbox.is_empty(), Ordering::Release);
                return next;
            }
            if blocked.is_none() {
                let cpu = current_cpu();
                let answer_may_come = group
                    .agents
                    .iter()
                    .any(|(id, s)| *id != agent && !s.waiting && !s.spinning && s.cpu != cpu);
                if answer_may_come {
                    blocked = Some((Instant::now(), false));
                }
            }
            let Some(slot) = group.agents.get_mut(&agent) else {
                return Next::Shutdown;
            };
            if let Some((since, false)) = blocked
                && !slot.spin.window.is_zero()
            {
                // A timer due sooner ends the spin.
                let window = match timer {
                    Some(k) => slot
                        .spin
                        .window
                        .min(Duration::from_nanos(k.at.saturating_sub(now))),
                    None => slot.spin.window,
                };
                blocked = Some((since, true));
                // Not `waiting`: posts raise `attention` and wake nobody.
                slot.spinning = true;
                let attention = Arc::clone(&slot.attention);
                drop(state);
                while !attention.load(Ordering::Acquire) && since.elapsed() < window {
                    std::hint::spin_loop();
                }
                state = self.lock();
                if let Some(slot) = state.group_of(agent).and_then(|g| g.agents.get_mut(&agent)) {
                    slot.spinning = false;
                }
                continue;
            }
            slot.waiting = true;
            let wake = Arc::clone(&slot.wake);
            // Only the last agent of a group to wait can make it idle: the
            // others would wake whoever waits for idleness for nothing (a
            // system call and a context switch per message).
            if group.is_idle() {
                self.idle.notify_all();
            }
            state = match timer {
                Some(k) => {
                    let wait = Duration::from_nanos(k.at.saturating_sub(now));
                    wake.wait_timeout(state, wait)
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
                None => wake.wait(state).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }

    /// Virtual time: the agent, inside a task that has run for a whole
    /// [`TIME_SLICE`], lets every event of its group queued before now run,
    /// then takes its turn back (when others have something to run).
    pub fn yield_turn(&self, agent: AgentId) {
        let mut state = self.lock();
        let Some(group) = state.group_of(agent) else {
            return;
        };
        if !group.clock.is_virtual() || group.turn != Some(agent) {
            return;
        }
        let others = group.agents.iter().any(|(id, s)| {
            *id != agent
                && (!s.inbox.is_empty()
                    || s.pending.task.is_some()
                    || s.pending.timer.is_some()
                    || s.resume.is_some())
        });
        if !others {
            return;
        }
        let key = group.clock.key_now();
        if let Some(slot) = group.agents.get_mut(&agent) {
            slot.blocked = true;
            slot.resume = Some(key);
        }
        group.turn = None;
        group.dispatch(&self.idle);
        let _ = self.wait_turn(state, agent);
        let mut state = self.lock();
        if let Some(slot) = state.group_of(agent).and_then(|g| g.agents.get_mut(&agent)) {
            slot.blocked = false;
        }
    }

    /// Virtual time: the agent enters `Atomics.wait`. It keeps its turn
    /// until V8 has queued it as a waiter ([`Scheduler::atomics_waiting`]):
    /// before that, another agent could change the memory or notify and
    /// find no waiter, and whether the wait returns "not-equal" or "ok"
    /// would depend on which thread got there first.
    pub fn atomics_wait_started(&self, agent: AgentId) {
        let mut state = self.lock();
        if let Some(slot) = state
            .group_of(agent)
            .filter(|g| g.clock.is_virtual())
            .and_then(|g| g.agents.get_mut(&agent))
        {
            slot.blocked = true;
        }
    }

    /// Virtual time: V8 has queued the agent as a waiter (an interrupt the
    /// agent asked for when the wait started runs inside V8's wait, after
    /// the queueing): it gives up its turn, so that the agent that will
    /// wake it can run. (A wait that ended at once, "not-equal", is no
    /// longer blocked when the interrupt runs.)
    pub fn atomics_waiting(&self, agent: AgentId) {
        let mut state = self.lock();
        let Some(group) = state.group_of(agent) else {
            return;
        };
        let blocked = group
            .agents
            .get(&agent)
            .is_some_and(|s| s.blocked && s.grant.is_none());
        if blocked && group.turn == Some(agent) {
            group.turn = None;
            group.dispatch(&self.idle);
        }
    }

    /// Virtual time: the agent's `Atomics.wait` ended; returns once it holds
    /// the turn again (its key is taken when the turn next changes hands).
    pub fn atomics_wait_ended(&self, agent: AgentId) {
        let mut state = self.lock();
        let Some(group) = state.group_of(agent) else {
            return;
        };
        if !group.clock.is_virtual() {
            return;
        }
        let kept_turn = group.turn == Some(agent)
            && group.agents.get(&agent).is_some_and(|s| s.grant.is_none());
        if kept_turn {
            // The wait ended before V8 queued it: it never gave the turn up.
            if let Some(slot) = group.agents.get_mut(&agent) {
                slot.blocked = false;
            }
            state.waits_ended += 1;
            self.wait_ended.notify_all();
            return;
        }
        group.outside.push_back((agent, Outside::Resume));
        group.dispatch(&self.idle);
        state.waits_ended += 1;
        self.wait_ended.notify_all();
        let _ = self.wait_turn(state, agent);
        let mut state = self.lock();
        if let Some(slot) = state.group_of(agent).and_then(|g| g.agents.get_mut(&agent)) {
            slot.blocked = false;
        }
    }

    /// How many `Atomics.wait` calls have ended so far (virtual time).
    pub fn waits_ended(&self) -> u64 {
        self.lock().waits_ended
    }

    /// `Atomics.notify` woke waiters: wait until `count` waits have ended
    /// (at most `valve`), so that the woken agents queue for their turn
    /// before the notifier's task ends, and so at the same place on every
    /// run, not whenever their threads get round to it.
    pub fn wait_for_waits_ended(&self, count: u64, valve: Duration) {
        let deadline = Instant::now() + valve;
        let mut state = self.lock();
        while state.waits_ended < count && !state.shutdown {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            state = self
                .wait_ended
                .wait_timeout(state, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    fn quiescent(state: &State) -> bool {
        state.groups.values().all(Group::is_idle)
    }

    /// Blocks until every agent is idle (no message, no timer within budget
    /// that may fire), or `timeout` passes (false then).
    pub fn wait_idle(&self, timeout: Option<Duration>) -> bool {
        self.wait_until(timeout, Self::quiescent)
    }

    fn wait_until(&self, timeout: Option<Duration>, done: impl Fn(&State) -> bool) -> bool {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut state = self.lock();
        loop {
            if done(&state) {
                return true;
            }
            if state.shutdown {
                return false;
            }
            let left = match deadline {
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return false;
                    }
                    left
                }
                None => Duration::from_secs(3600),
            };
            state = self
                .idle
                .wait_timeout(state, left.min(Duration::from_millis(100)))
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// True if some agent still holds timers past its group's budget (an
    /// interval that never stops, say).
    pub fn timers_beyond_budget(&self) -> bool {
        !self.budget_cut_frames().is_empty()
    }

    /// The frames whose timers the budget stopped, by id.
    pub fn budget_cut_frames(&self) -> Vec<FrameId> {
        let state = self.lock();
        let mut frames: Vec<FrameId> = state.groups.values().flat_map(Group::cut_frames).collect();
        frames.sort_unstable();
        frames.dedup();
        frames
    }

    /// Whether `agent` is registered.
    pub fn is_alive(&self, agent: AgentId) -> bool {
        self.lock().agent_group.contains_key(&agent)
    }

    fn control(&self, group: GroupId, change: impl FnOnce(&mut Group)) -> Result<(), ControlError> {
        let mut state = self.lock();
        let g = state.groups.get_mut(&group).ok_or(ControlError::NoGroup)?;
        if !g.clock.is_virtual() {
            return Err(ControlError::RealTime);
        }
        change(g);
        g.dispatch(&self.idle);
        drop(state);
        self.idle.notify_all();
        Ok(())
    }

    /// Pauses the group's clock: no jumps, no steps; timers already due
    /// still fire, tasks and messages still run.
    pub fn pause(&self, group: GroupId) -> Result<(), ControlError> {
        self.control(group, |g| {
            g.control = Control::Paused;
            g.clock.set_stepping(false);
        })
    }

    /// Lets the group's clock run (and jump) again.
    pub fn resume(&self, group: GroupId) -> Result<(), ControlError> {
        self.control(group, |g| {
            g.control = Control::Running;
            g.clock.set_stepping(true);
        })
    }

    /// Runs the clock forward by `by_ns` (`None`: until no timer within the
    /// budget is left), firing every timer due on the way, in order, with
    /// whatever they cause; then pauses it there. Waits for that, at most
    /// `timeout` (false then: the pages never settled).
    pub fn advance(
        &self,
        group: GroupId,
        by_ns: Option<u64>,
        timeout: Option<Duration>,
    ) -> Result<bool, ControlError> {
        self.control(group, |g| {
            let until = by_ns.map(|b| g.clock.now_ns().saturating_add(b));
            g.control = Control::Advancing { until };
            g.clock.set_stepping(true);
        })?;
        Ok(self.wait_until(timeout, |state| {
            state
                .groups
                .get(&group)
                .is_none_or(|g| !matches!(g.control, Control::Advancing { .. }) && g.is_idle())
        }))
    }

    /// Wakes every agent with Shutdown.
    pub fn shutdown(&self) {
        let mut state = self.lock();
        state.shutdown = true;
        for group in state.groups.values() {
            for slot in group.agents.values() {
                slot.attention.store(true, Ordering::Release);
                slot.wake.notify_all();
            }
        }
        drop(state);
        self.idle.notify_all();
        self.wait_ended.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheduler(virtual_time: bool, budget_ms: f64) -> Arc<Scheduler> {
        let s = Scheduler::default();
        s.new_group(
            1,
            ClockOptions {
                virtual_time,
                budget_ms,
                epoch_ms: 0.0,
                paused: false,
            },
        );
        Arc::new(s)
    }

    fn timer(at_ms: u64, seq: u64) -> Pending {
        Pending {
            task: None,
            timer: Some((
                EventKey {
                    at: at_ms * 1_000_000,
                    seq,
                },
                7,
            )),
        }
    }

    fn now_ms(s: &Scheduler) -> f64 {
        s.clock(1).expect("group 1").now_ms()
    }

    #[test]
    fn a_lone_agent_jumps_to_each_timer_in_turn() {
        let s = scheduler(true, 1e12);
        s.register(1, 1);
        assert!(matches!(s.next_event(1, startup(&s, 1)), Next::Task));
        for i in 1..=1000u64 {
            assert!(matches!(s.next_event(1, timer(i * 10_000, i)), Next::Timer));
            assert_eq!(
                now_ms(&s),
                (i * 10_000) as f64,
                "the clock stands at the timer"
            );
        }
    }

    #[test]
    fn the_turn_goes_to_the_smallest_key_and_the_clock_follows_it() {
        let s = scheduler(true, 60_000.0);
        s.register(1, 1);
        s.register(2, 1);
        // Agent 1 takes its start-up turn, then waits for a 50 s timer.
        assert!(matches!(s.next_event(1, startup(&s, 1)), Next::Task));
        let s2 = Arc::clone(&s);
        let other = std::thread::spawn(move || {
            // Agent 2's start-up comes after agent 1 gives the turn back.
            let first = s2.next_event(2, startup(&s2, 2));
            let at = now_ms(&s2);
            let then = s2.next_event(2, timer(20_000, 100));
            let fired_at = now_ms(&s2);
            // Give the turn back; nothing more to do until shutdown.
            let last = s2.next_event(2, Pending::default());
            (
                matches!(first, Next::Task),
                at,
                matches!(then, Next::Timer),
                fired_at,
                matches!(last, Next::Shutdown),
            )
        });
        let mine = s.next_event(1, timer(50_000, 101));
        assert!(matches!(mine, Next::Timer));
        assert_eq!(now_ms(&s), 50_000.0);
        s.shutdown();
        let (started, at, fired, fired_at, ended) = other.join().expect("thread");
        assert!(started && fired && ended);
        assert!(at < 1.0, "agent 2 started before any jump: {at}");
        assert_eq!(
            fired_at, 20_000.0,
            "the earlier timer, of the other agent, first"
        );
    }

    fn startup(s: &Scheduler, agent: AgentId) -> Pending {
        Pending {
            task: s.startup_key(agent),
            timer: None,
        }
    }

    #[test]
    fn a_timer_due_at_the_budget_fires_and_one_past_it_does_not() {
        let s = scheduler(true, 1_000.0);
        s.register(1, 1);
        assert!(matches!(s.next_event(1, startup(&s, 1)), Next::Task));
        assert!(matches!(s.next_event(1, timer(1_000, 5)), Next::Timer));
        assert_eq!(now_ms(&s), 1_000.0);
        let s2 = Arc::clone(&s);
        let waiter =
            std::thread::spawn(move || matches!(s2.next_event(1, timer(1_001, 6)), Next::Shutdown));
        assert!(s.wait_idle(Some(Duration::from_secs(5))));
        assert_eq!(s.budget_cut_frames(), [7]);
        s.shutdown();
        assert!(waiter.join().expect("thread"));
    }

    #[test]
    fn a_paused_clock_fires_nothing_until_advanced() {
        let s = scheduler(true, 60_000.0);
        s.register(1, 1);
        assert!(matches!(s.next_event(1, startup(&s, 1)), Next::Task));
        s.pause(1).expect("virtual");
        let s2 = Arc::clone(&s);
        let agent = std::thread::spawn(move || {
            let mut fired = Vec::new();
            let mut pending = timer(100, 10);
            for next in [200, 300] {
                match s2.next_event(1, pending) {
                    Next::Timer => fired.push(now_ms(&s2)),
                    _ => return fired,
                }
                pending = timer(next, next);
            }
            let _ = s2.next_event(1, pending);
            fired
        });
        assert!(s.wait_idle(Some(Duration::from_secs(5))));
        assert_eq!(now_ms(&s), 0.0, "paused: no jump");
        assert_eq!(s.advance(1, Some(250_000_000), None), Ok(true));
        assert_eq!(now_ms(&s), 250.0, "stands where the advance ended");
        s.shutdown();
        let fired = agent.join().expect("thread");
        assert_eq!(fired, [100.0, 200.0]);
    }

    #[test]
    fn a_busy_real_time_agent_takes_its_own_task_only_while_its_inbox_is_empty() {
        let s = scheduler(false, 60_000.0);
        s.register(1, 1);
        assert!(s.attention(1).is_some_and(|a| !a.load(Ordering::Acquire)));
        let attention = s.attention(1).expect("real time");
        let clock = s.clock(1).expect("group 1");
        let task = clock.key_now();
        let own = Pending {
            task: Some(task),
            timer: None,
        };
        assert!(Scheduler::take_own_task(&attention, &own));
        // An older timer goes through the scheduler.
        let older_timer = Pending {
            task: Some(task),
            timer: Some((EventKey { at: 0, seq: 0 }, 7)),
        };
        assert!(!Scheduler::take_own_task(&attention, &older_timer));
        // An envelope waits: the scheduler chooses (the task, older, first),
        // and the flag stays up until the inbox is empty.
        assert!(s.post(1, Envelope::PortReady(3)));
        assert!(!Scheduler::take_own_task(&attention, &own));
        assert!(matches!(s.next_event(1, own), Next::Task));
        assert!(attention.load(Ordering::Acquire));
        assert!(matches!(
            s.next_event(1, Pending::default()),
            Next::Envelope(Envelope::PortReady(3))
        ));
        assert!(Scheduler::take_own_task(&attention, &own));
        s.shutdown();
        assert!(!Scheduler::take_own_task(&attention, &own), "shutting down");
        let virtual_time = scheduler(true, 1.0);
        virtual_time.register(1, 1);
        assert!(virtual_time.attention(1).is_none(), "virtual time: no flag");
    }

    #[test]
    fn real_time_groups_refuse_clock_control() {
        let s = scheduler(false, 1_000.0);
        assert_eq!(s.pause(1), Err(ControlError::RealTime));
        assert_eq!(s.pause(9), Err(ControlError::NoGroup));
    }

    #[test]
    fn the_spin_window_grows_for_answers_just_after_it_and_goes_for_late_ones() {
        let us = Duration::from_micros;
        let mut spin = Spin { window: us(20) };
        spin.adapt(us(15));
        assert_eq!(spin.window, us(20), "caught: unchanged");
        spin.adapt(us(25));
        assert_eq!(spin.window, us(40), "just missed: grows");
        spin.adapt(us(45));
        assert_eq!(spin.window, Spin::MAX, "at most MAX");
        for _ in 0..3 {
            spin.adapt(Duration::from_millis(5));
        }
        assert_eq!(spin.window, Spin::MAX / 8, "halved per late answer");
        spin.adapt(Duration::from_millis(5));
        assert_eq!(spin.window, Duration::ZERO, "below MIN: off");
        spin.adapt(Duration::from_millis(5));
        assert_eq!(spin.window, Duration::ZERO);
        spin.adapt(us(30));
        assert_eq!(spin.window, Spin::MIN, "an answer within MAX turns it on");
    }

    /// Agent 1 waits for envelopes that agent 2, busy on "another CPU",
    /// posts at all sorts of moments: during agent 1's spin, as it ends,
    /// while it sleeps. None may be missed, and once both wait the group
    /// is idle.
    #[test]
    fn a_real_time_agent_spinning_for_an_answer_misses_no_post_and_lets_its_group_go_idle() {
        let s = scheduler(false, 60_000.0);
        s.register(1, 1);
        s.register(2, 1);
        let set = |agent: AgentId, f: &dyn Fn(&mut Slot)| {
            let mut state = s.lock();
            let slot = state
                .group_of(agent)
                .and_then(|g| g.agents.get_mut(&agent))
                .expect("registered");
            f(slot);
        };
        // Agent 2 runs a task on a CPU that is not agent 1's.
        set(2, &|slot| {
            slot.pending = Pending::default();
            slot.waiting = false;
            slot.cpu = usize::MAX - 1;
        });
        set(1, &|slot| slot.pending = Pending::default());
        let rounds = 300u32;
        let s1 = Arc::clone(&s);
        let receiver = std::thread::spawn(move || {
            let mut got = Vec::new();
            for _ in 0..rounds {
                match s1.next_event(1, Pending::default()) {
                    Next::Envelope(Envelope::PortReady(n)) => got.push(n),
                    _ => break,
                }
            }
            got
        });
        for n in 0..rounds {
            // From nothing to a few hundred microseconds: inside, at the
            // edge of, and past the spin window.
            let pause = Duration::from_micros(u64::from(n % 7) * u64::from(n % 11) * 2);
            std::thread::sleep(pause);
            assert!(s.post(1, Envelope::PortReady(n)));
        }
        let got = receiver.join().expect("thread");
        assert_eq!(got, (0..rounds).collect::<Vec<_>>());
        // Agent 1 now waits (spinning, then asleep); agent 2 ends its task.
        let s1 = Arc::clone(&s);
        let waiter = std::thread::spawn(move || {
            matches!(s1.next_event(1, Pending::default()), Next::Shutdown)
        });
        let s2 = Arc::clone(&s);
        let other = std::thread::spawn(move || {
            matches!(s2.next_event(2, Pending::default()), Next::Shutdown)
        });
        assert!(s.wait_idle(Some(Duration::from_secs(5))), "both wait: idle");
        s.shutdown();
        assert!(waiter.join().expect("thread") && other.join().expect("thread"));
    }
}
