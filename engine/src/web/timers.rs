//! Timers (HTML §8.6): per frame ids, deadlines on the group clock, the
//! nesting clamp, and firing as tasks.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::agent::Agent;
use crate::runtime::report::FrameId;
use crate::v8::{self, HandleScope};

#[derive(Debug, Clone, Copy, PartialEq)]
struct Deadline(f64);
impl Eq for Deadline {}
impl PartialOrd for Deadline {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Deadline {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

struct Active {
    interval: Option<f64>,
    nesting: u32,
    /// Which heap entry is current (a rescheduled interval leaves old ones).
    generation: u64,
}

/// The agent's timers: a heap of (deadline, order) over active timers.
#[derive(Default)]
pub(crate) struct Timers {
    heap: BinaryHeap<Reverse<(Deadline, u64, FrameId, u32)>>,
    active: HashMap<(FrameId, u32), Active>,
    sequence: u64,
}

/// HTML's timer nesting clamp: past five levels, at least 4 ms.
fn clamp(delay: f64, nesting: u32) -> f64 {
    if nesting > 5 && delay < 4.0 {
        4.0
    } else {
        delay
    }
}

impl Timers {
    /// Schedules timer `id` of `frame` after `delay` ms (clamped per HTML).
    pub fn set(
        &mut self,
        frame: FrameId,
        id: u32,
        delay: f64,
        repeat: bool,
        now: f64,
        nesting: u32,
    ) {
        let delay = if delay.is_finite() && delay > 0.0 {
            delay.min(2_147_483_647.0)
        } else {
            0.0
        };
        let nesting = nesting + 1;
        let delay = clamp(delay, nesting);
        self.sequence += 1;
        let generation = self.sequence;
        self.active.insert(
            (frame, id),
            Active {
                interval: repeat.then_some(delay),
                nesting,
                generation,
            },
        );
        self.heap
            .push(Reverse((Deadline(now + delay), generation, frame, id)));
    }

    pub fn clear(&mut self, frame: FrameId, id: u32) {
        self.active.remove(&(frame, id));
    }

    /// Drops every timer of a frame (navigated away, removed).
    pub fn clear_frame(&mut self, frame: FrameId) {
        self.active.retain(|(f, _), _| *f != frame);
    }

    /// Group clock ms of the earliest live timer (stale heap entries of
    /// cleared or rescheduled timers are dropped on the way).
    pub fn next_deadline(&mut self) -> Option<f64> {
        while let Some(Reverse((deadline, generation, frame, id))) = self.heap.peek().copied() {
            if self
                .active
                .get(&(frame, id))
                .is_some_and(|a| a.generation == generation)
            {
                return Some(deadline.0);
            }
            self.heap.pop();
        }
        None
    }

    /// Removes and returns the timers due at `now`, in order, as
    /// (frame, id, nesting level); intervals are rescheduled.
    pub fn take_due(&mut self, now: f64) -> Vec<(FrameId, u32, u32)> {
        let mut due = Vec::new();
        while let Some(Reverse((deadline, generation, frame, id))) = self.heap.peek().copied() {
            if deadline.0 > now {
                break;
            }
            self.heap.pop();
            let Some(active) = self.active.get_mut(&(frame, id)) else {
                continue;
            };
            if active.generation != generation {
                continue;
            }
            due.push((frame, id, active.nesting));
            match active.interval {
                Some(interval) => {
                    self.sequence += 1;
                    active.generation = self.sequence;
                    active.nesting += 1;
                    let interval = clamp(interval, active.nesting);
                    // The period counts from the previous deadline, not from
                    // when a busy loop got round to it: no drift, and the
                    // same order under load as on an idle machine (but
                    // never in the past: a late interval does not burst).
                    let next = (deadline.0 + interval.max(1.0)).max(now);
                    self.heap
                        .push(Reverse((Deadline(next), self.sequence, frame, id)));
                }
                None => {
                    self.active.remove(&(frame, id));
                }
            }
        }
        due
    }
}

/// A timer task: run the frame's callback for `id` (the bindings keep it).
pub(crate) fn fire(agent: &mut Agent, frame: FrameId, id: u32, nesting: u32) {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    let previous = state.timer_nesting.replace(nesting);
    let tc = v8::TryCatch::new(&scope);
    let id_value = v8::value::number(&scope, f64::from(id));
    let result = super::realm::call_hook(&scope, &state, frame, "fireTimer", &[id_value]);
    if result.is_none() {
        super::realm::handle_failure(&scope, &state, frame, &tc);
    } else if result.is_some_and(|r| !r.boolean_value(&scope)) {
        // The bindings no longer know the timer (cleared in its callback).
        state.timers.borrow_mut().clear(frame, id);
    }
    state.timer_nesting.set(previous);
}
