//! Timers (HTML §8.6, <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers>):
//! per frame ids, the nesting clamp, and due times on the group clock. A
//! timer is an event of its own: its key is (due time, the group sequence
//! number taken when it was set), so that it runs before any task queued
//! after its due time, and timers due together run in the order they were
//! set (HTML "timer initialization steps", step "wait until any
//! invocations of this algorithm that had the same method context, that
//! started before this one, and whose timeout is equal to or less than this
//! one's, have completed").

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::agent::Agent;
use crate::runtime::clock::{EventKey, GroupClock, ms_to_ns};
use crate::runtime::report::FrameId;
use crate::v8::{self, HandleScope};

struct Active {
    /// An interval's period, in ns.
    interval: Option<u64>,
    nesting: u32,
    /// Which heap entry is current (a rescheduled interval leaves old ones).
    key: EventKey,
}

/// The agent's timers: a heap of keys over active timers.
#[derive(Default)]
pub(crate) struct Timers {
    heap: BinaryHeap<Reverse<(EventKey, FrameId, u32)>>,
    active: HashMap<(FrameId, u32), Active>,
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
    /// Schedules timer `id` of `frame` after `delay` ms (clamped per HTML),
    /// reading the clock as page script does.
    pub fn set(
        &mut self,
        clock: &GroupClock,
        frame: FrameId,
        id: u32,
        delay: f64,
        repeat: bool,
        nesting: u32,
    ) {
        let delay = if delay.is_finite() && delay > 0.0 {
            delay.min(2_147_483_647.0)
        } else {
            0.0
        };
        let nesting = nesting + 1;
        let delay = ms_to_ns(clamp(delay, nesting));
        let key = clock.key_at(clock.read_ns().saturating_add(delay));
        self.active.insert(
            (frame, id),
            Active {
                interval: repeat.then_some(delay),
                nesting,
                key,
            },
        );
        self.heap.push(Reverse((key, frame, id)));
    }

    pub fn clear(&mut self, frame: FrameId, id: u32) {
        self.active.remove(&(frame, id));
    }

    /// Drops every timer of a frame (navigated away, removed).
    pub fn clear_frame(&mut self, frame: FrameId) {
        self.active.retain(|(f, _), _| *f != frame);
    }

    /// The earliest live timer's key and frame (stale heap entries of
    /// cleared or rescheduled timers are dropped on the way).
    pub fn next(&mut self) -> Option<(EventKey, FrameId)> {
        while let Some(Reverse((key, frame, id))) = self.heap.peek().copied() {
            if self.active.get(&(frame, id)).is_some_and(|a| a.key == key) {
                return Some((key, frame));
            }
            self.heap.pop();
        }
        None
    }

    /// Takes the earliest timer to fire it now, as (frame, id, nesting
    /// level); an interval is rescheduled.
    pub fn take_next(&mut self, clock: &GroupClock) -> Option<(FrameId, u32, u32)> {
        self.next()?;
        let Reverse((key, frame, id)) = self.heap.pop()?;
        let active = self.active.get_mut(&(frame, id))?;
        let nesting = active.nesting;
        match active.interval {
            Some(interval) => {
                active.nesting += 1;
                let interval = ms_to_ns(clamp(interval as f64 / 1e6, active.nesting));
                // The period counts from the previous due time, not from when
                // a busy loop got round to it: no drift (but never in the
                // past: a late interval does not burst).
                let next = key
                    .at
                    .saturating_add(interval.max(1_000_000))
                    .max(clock.now_ns());
                active.key = clock.key_at(next);
                self.heap.push(Reverse((active.key, frame, id)));
            }
            None => {
                self.active.remove(&(frame, id));
            }
        }
        Some((frame, id, nesting))
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
