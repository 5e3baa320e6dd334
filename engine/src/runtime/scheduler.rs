//! Agents' inboxes and the clocks they share.
//!
//! Every agent (a tab's or a worker's thread) belongs to a clock group: a
//! user-opened tab starts one; the tabs it opens and its workers join it.
//! A group's clock runs with real time, and under virtual time it also jumps:
//! when every agent of the group waits with an empty inbox, it leaps to the
//! earliest pending timer, so a page with a 30 s timer finishes at once while
//! timers still fire in order, and busy-wait loops on `Date.now()` still end.
//! A group whose clock passes its budget fires no more timers: it is done.
//!
//! One mutex guards all of it, so that "post to an inbox" and "is everyone
//! idle?" never race: a message in flight always keeps its group awake.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::envelope::Envelope;

pub type AgentId = u32;
pub type GroupId = u32;

/// How a group's clock behaves.
#[derive(Debug, Clone, Copy)]
pub struct ClockOptions {
    /// Jump to the next timer when all agents are idle.
    pub virtual_time: bool,
    /// Clock milliseconds after which no timer fires.
    pub budget_ms: f64,
}

/// A group's clock. Agents read it without the scheduler's lock (every
/// `Date.now()` and `performance.now()` does); only a jump writes it, under
/// the lock. The skipped time only grows, so readers see a monotonic clock.
pub struct GroupClock {
    start: Instant,
    /// Wall-clock milliseconds (Unix epoch) at the group's time origin.
    epoch_ms: f64,
    /// Milliseconds jumped over, as f64 bits.
    skipped_ms: AtomicU64,
}

impl Default for GroupClock {
    /// A clock starting now.
    fn default() -> GroupClock {
        let epoch_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0);
        GroupClock {
            start: Instant::now(),
            epoch_ms,
            skipped_ms: AtomicU64::new(0.0f64.to_bits()),
        }
    }
}

impl GroupClock {
    /// Milliseconds on the group's clock (0 at its start).
    pub fn now(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
            + f64::from_bits(self.skipped_ms.load(Ordering::Relaxed))
    }

    /// Unix-epoch milliseconds as the group's pages see them (Date.now()).
    pub fn wall_ms(&self) -> f64 {
        self.epoch_ms + self.now()
    }

    /// Jumps ahead by `ms` (the caller holds the scheduler's lock, so jumps
    /// never race each other).
    fn skip(&self, ms: f64) {
        let skipped = f64::from_bits(self.skipped_ms.load(Ordering::Relaxed)) + ms;
        self.skipped_ms.store(skipped.to_bits(), Ordering::Relaxed);
    }
}

struct Group {
    clock: Arc<GroupClock>,
    options: ClockOptions,
}

impl Group {
    fn now(&self) -> f64 {
        self.clock.now()
    }
}

struct Slot {
    group: GroupId,
    inbox: VecDeque<Envelope>,
    waiting: bool,
    next_timer: Option<f64>,
    /// It has timers that the budget will never let fire.
    beyond_budget: bool,
    wake: Arc<Condvar>,
}

#[derive(Default)]
struct State {
    groups: HashMap<GroupId, Group>,
    agents: HashMap<AgentId, Slot>,
    shutdown: bool,
}

/// Why an agent's wait ended.
pub enum Wake {
    /// Messages from other agents, in arrival order.
    Inbox(Vec<Envelope>),
    /// The clock reached the agent's next timer.
    TimerDue,
    /// The host is shutting down (or the agent was closed).
    Shutdown,
}

/// The host's scheduler: inboxes and clock groups.
#[derive(Default)]
pub struct Scheduler {
    state: Mutex<State>,
    /// Signalled whenever an agent starts waiting or leaves.
    idle: Condvar,
}

impl Scheduler {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock is a bug elsewhere; the state stays
        // consistent (every update is a single assignment), so carry on.
        super::host::lock(&self.state)
    }

    /// Starts a clock group.
    pub fn new_group(&self, id: GroupId, options: ClockOptions) {
        self.lock().groups.insert(
            id,
            Group {
                clock: Arc::default(),
                options,
            },
        );
    }

    /// Registers an agent (busy, with an empty inbox) in `group`.
    pub fn register(&self, agent: AgentId, group: GroupId) {
        self.lock().agents.insert(
            agent,
            Slot {
                group,
                inbox: VecDeque::new(),
                waiting: false,
                next_timer: None,
                beyond_budget: false,
                wake: Arc::new(Condvar::new()),
            },
        );
    }

    /// Removes an agent (its thread ended); undelivered messages are dropped.
    pub fn unregister(&self, agent: AgentId) {
        let mut state = self.lock();
        if let Some(slot) = state.agents.remove(&agent) {
            let group = slot.group;
            let _ = Self::try_advance(&mut state, group);
        }
        drop(state);
        self.idle.notify_all();
    }

    /// The group an agent belongs to.
    pub fn group_of(&self, agent: AgentId) -> Option<GroupId> {
        self.lock().agents.get(&agent).map(|s| s.group)
    }

    /// The group's clock, to read without this lock.
    pub fn clock(&self, group: GroupId) -> Option<Arc<GroupClock>> {
        self.lock().groups.get(&group).map(|g| Arc::clone(&g.clock))
    }

    /// True once the group's clock passed its budget.
    pub fn budget_exhausted(&self, group: GroupId) -> bool {
        self.lock()
            .groups
            .get(&group)
            .is_some_and(|g| g.now() > g.options.budget_ms)
    }

    /// Posts to an agent's inbox and wakes it. False if the agent is gone.
    pub fn post(&self, to: AgentId, envelope: Envelope) -> bool {
        let wake = {
            let mut state = self.lock();
            match state.agents.get_mut(&to) {
                Some(slot) => {
                    slot.inbox.push_back(envelope);
                    slot.waiting = false;
                    Some(Arc::clone(&slot.wake))
                }
                None => None,
            }
        };
        // Woken after the lock is released, the agent does not wake only to
        // wait for it.
        match wake {
            Some(wake) => {
                wake.notify_one();
                true
            }
            None => false,
        }
    }

    /// The agent's inbox without blocking: `None` when it is empty.
    pub fn wait_nonblocking(&self, agent: AgentId) -> Option<Wake> {
        let mut state = self.lock();
        if state.shutdown {
            return Some(Wake::Shutdown);
        }
        match state.agents.get_mut(&agent) {
            None => Some(Wake::Shutdown),
            Some(slot) if !slot.inbox.is_empty() => {
                Some(Wake::Inbox(slot.inbox.drain(..).collect()))
            }
            Some(_) => None,
        }
    }

    /// Blocks the agent until a message arrives, its next timer (group clock
    /// milliseconds) is due, or shutdown.
    pub fn wait(&self, agent: AgentId, next_timer: Option<f64>) -> Wake {
        let mut state = self.lock();
        loop {
            if state.shutdown {
                return Wake::Shutdown;
            }
            let Some(slot) = state.agents.get_mut(&agent) else {
                return Wake::Shutdown;
            };
            if !slot.inbox.is_empty() {
                slot.waiting = false;
                return Wake::Inbox(slot.inbox.drain(..).collect());
            }
            let group_id = slot.group;
            let wake = slot.wake.clone();
            let Some(group) = state.groups.get(&group_id) else {
                return Wake::Shutdown;
            };
            let now = group.now();
            let budget = group.options.budget_ms;
            let real_time = !group.options.virtual_time;
            let due = next_timer.filter(|t| *t <= budget);
            if due.is_some_and(|t| t <= now) {
                if let Some(slot) = state.agents.get_mut(&agent) {
                    slot.waiting = false;
                }
                return Wake::TimerDue;
            }
            if let Some(slot) = state.agents.get_mut(&agent) {
                slot.waiting = true;
                slot.next_timer = due;
                slot.beyond_budget = next_timer.is_some() && due.is_none();
            }
            let reached = Self::try_advance(&mut state, group_id);
            self.idle.notify_all();
            if due.is_some_and(|t| reached.is_some_and(|r| t <= r)) {
                // The jump made our own timer due: no need to wait.
                continue;
            }
            state = match (real_time, due) {
                (true, Some(t)) => {
                    let ms = (t - now).max(0.0);
                    wake.wait_timeout(state, Duration::from_secs_f64(ms / 1000.0))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
                // Virtual time may leave a timer past `now` after a jump by
                // a few microseconds of real time; re-check every so often.
                (false, Some(_)) => {
                    wake.wait_timeout(state, Duration::from_millis(50))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
                (_, None) => wake.wait(state).unwrap_or_else(|p| p.into_inner()),
            };
            if let Some(slot) = state.agents.get_mut(&agent) {
                slot.waiting = false;
            }
        }
    }

    /// Under virtual time, when every agent of `group` waits with an empty
    /// inbox, jump the clock to the earliest timer within budget.
    /// Returns the clock time reached, if it jumped (or was already there).
    fn try_advance(state: &mut State, group_id: GroupId) -> Option<f64> {
        let group = state.groups.get(&group_id)?;
        if !group.options.virtual_time {
            return None;
        }
        let mut earliest: Option<f64> = None;
        for slot in state.agents.values().filter(|s| s.group == group_id) {
            if !slot.waiting || !slot.inbox.is_empty() {
                return None;
            }
            if let Some(t) = slot.next_timer {
                earliest = Some(earliest.map_or(t, |e: f64| e.min(t)));
            }
        }
        let target = earliest?;
        let now = group.now();
        if target > now
            && let Some(group) = state.groups.get_mut(&group_id)
        {
            group.clock.skip(target - now);
        }
        for slot in state.agents.values().filter(|s| s.group == group_id) {
            if slot.next_timer.is_some_and(|t| t <= target) {
                slot.wake.notify_one();
            }
        }
        Some(target)
    }

    fn quiescent(state: &State) -> bool {
        state.agents.values().all(|slot| {
            slot.waiting
                && slot.inbox.is_empty()
                && match (slot.next_timer, state.groups.get(&slot.group)) {
                    (None, _) | (_, None) => true,
                    (Some(t), Some(g)) => t > g.options.budget_ms,
                }
        })
    }

    /// Blocks until every agent is idle (no message, no timer within budget),
    /// or `timeout` passes (false then).
    pub fn wait_idle(&self, timeout: Option<Duration>) -> bool {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut state = self.lock();
        loop {
            if Self::quiescent(&state) {
                return true;
            }
            state = match deadline {
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return false;
                    }
                    self.idle
                        .wait_timeout(state, left.min(Duration::from_millis(100)))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
                None => {
                    self.idle
                        .wait_timeout(state, Duration::from_millis(100))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
            };
        }
    }

    /// Whether `agent` is registered.
    /// True if some agent still holds timers past its group's budget (an
    /// interval that never stops, say).
    pub fn timers_beyond_budget(&self) -> bool {
        self.lock().agents.values().any(|s| s.beyond_budget)
    }

    pub fn is_alive(&self, agent: AgentId) -> bool {
        self.lock().agents.contains_key(&agent)
    }

    /// Wakes every agent with Shutdown.
    pub fn shutdown(&self) {
        let mut state = self.lock();
        state.shutdown = true;
        for slot in state.agents.values() {
            slot.wake.notify_all();
        }
        drop(state);
        self.idle.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheduler(virtual_time: bool, budget_ms: f64) -> Scheduler {
        let s = Scheduler::default();
        s.new_group(
            1,
            ClockOptions {
                virtual_time,
                budget_ms,
            },
        );
        s
    }

    #[test]
    fn a_lone_agent_jumps_to_its_timer_at_once() {
        let s = scheduler(true, 1e12);
        s.register(1, 1);
        let started = Instant::now();
        let mut now = s.clock(1).expect("group 1").now();
        for _ in 0..1000 {
            let target = now + 10_000.0;
            assert!(matches!(s.wait(1, Some(target)), Wake::TimerDue));
            now = s.clock(1).expect("group 1").now();
            assert!(now >= target);
        }
        // A thousand 10 s timers: virtually 10 000 s, really milliseconds.
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn the_clock_waits_for_every_agent_of_the_group() {
        let s = std::sync::Arc::new(scheduler(true, 60_000.0));
        s.register(1, 1);
        s.register(2, 1);
        let s2 = std::sync::Arc::clone(&s);
        // Agent 2 is busy for a while; agent 1's timer must not fire early.
        let busy = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            s2.wait(2, None)
        });
        let t0 = s.clock(1).expect("group 1").now();
        assert!(matches!(s.wait(1, Some(t0 + 50_000.0)), Wake::TimerDue));
        assert!(s.clock(1).expect("group 1").now() >= t0 + 50_000.0);
        s.post(2, Envelope::Shutdown);
        assert!(matches!(busy.join().expect("thread"), Wake::Inbox(_)));
    }

    #[test]
    fn timers_past_the_budget_leave_the_group_idle() {
        let s = std::sync::Arc::new(scheduler(true, 1_000.0));
        s.register(1, 1);
        let s2 = std::sync::Arc::clone(&s);
        let waiter = std::thread::spawn(move || s2.wait(1, Some(5_000.0)));
        assert!(s.wait_idle(Some(Duration::from_secs(5))));
        assert!(s.timers_beyond_budget());
        s.shutdown();
        assert!(matches!(waiter.join().expect("thread"), Wake::Shutdown));
    }
}
