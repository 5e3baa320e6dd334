//! A clock group's clock, and the keys that order its events.
//!
//! Under virtual time (the default) the clock is a number, not a reading of
//! the machine's clock: it does not pass while a task runs, except for a
//! fixed small step per task run ([`TASK_STEP_NS`]) and per clock read a page
//! makes ([`READ_STEP_NS`]: `Date.now()`, `performance.now()`, scheduling a
//! timer), so that busy-wait loops on the clock end and a page that is never
//! idle still reaches its timers. When an event runs, the clock moves to the
//! event's time if that is later: when only timers remain, it jumps to the
//! next one. Only the agent holding its group's turn reads or moves it (and
//! the scheduler, between turns), so every reading is the same on every run.
//!
//! Under real time (`--real-time`) the clock is the machine's monotonic
//! clock since the group started, and agents run in parallel.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// How far a task run moves the clock (virtual time): about what a small
/// task costs in a browser, so that a flood of messages lets a 10 ms timer
/// fire after about a thousand of them.
pub const TASK_STEP_NS: u64 = 10_000;
/// How far each clock read by a page moves the clock (virtual time): the
/// resolution `performance.now()` is coarsened to, so that two reads, or a
/// realm's time origin and an event's `timeStamp`, never look simultaneous.
pub const READ_STEP_NS: u64 = 5_000;

const NS_PER_MS: f64 = 1_000_000.0;

/// Orders the events of a clock group: clock time (ns since the group's
/// start), then the group-wide sequence number taken when the event was
/// queued. Keys are unique within a group; a task's key is taken when it is
/// queued, a timer's is its due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventKey {
    pub at: u64,
    pub seq: u64,
}

/// Milliseconds as whole nanoseconds (negative and NaN as 0, huge clamped).
pub fn ms_to_ns(ms: f64) -> u64 {
    if ms.is_nan() || ms <= 0.0 {
        0
    } else {
        (ms * NS_PER_MS).round().min(u64::MAX as f64) as u64
    }
}

/// Unix-epoch milliseconds of a wall-clock time (before 1970: negative).
pub fn epoch_ms(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64() * 1000.0,
        Err(e) => -e.duration().as_secs_f64() * 1000.0,
    }
}

/// The wall clock now, rounded down to a whole second: the default clock
/// start. (Pages see `Date.now()` in whole milliseconds; a start with a
/// fraction of one would move where their readings cross a millisecond,
/// and with it what a page waiting on the clock does, from run to run.)
pub fn now_in_whole_seconds() -> SystemTime {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    UNIX_EPOCH + std::time::Duration::from_secs(since.as_secs())
}

/// One clock group's clock. Read without the scheduler's lock.
pub struct GroupClock {
    virtual_time: bool,
    /// Real time: the group's time origin.
    start: Instant,
    /// Unix-epoch ms at the clock's 0 (f64 bits): what `Date.now()` adds.
    epoch_ms: AtomicU64,
    /// Virtual time: the clock, in ns since the group's start.
    now_ns: AtomicU64,
    /// The group's event sequence.
    seq: AtomicU64,
    /// Virtual time: false while the clock is paused (no steps either).
    stepping: AtomicBool,
}

impl GroupClock {
    /// A clock at 0, at which `Date.now()` reads `epoch_ms`.
    pub fn new(virtual_time: bool, epoch_ms: f64) -> GroupClock {
        GroupClock {
            virtual_time,
            start: Instant::now(),
            epoch_ms: AtomicU64::new(epoch_ms.to_bits()),
            now_ns: AtomicU64::new(0),
            seq: AtomicU64::new(0),
            stepping: AtomicBool::new(true),
        }
    }

    pub fn is_virtual(&self) -> bool {
        self.virtual_time
    }

    /// Nanoseconds since the group's start (no step).
    pub fn now_ns(&self) -> u64 {
        if self.virtual_time {
            self.now_ns.load(Ordering::Relaxed)
        } else {
            u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
        }
    }

    /// Milliseconds since the group's start (no step).
    pub fn now_ms(&self) -> f64 {
        self.now_ns() as f64 / NS_PER_MS
    }

    /// A read by page script (`performance.now()`, timer scheduling): the
    /// clock in ns, which then moves on by [`READ_STEP_NS`].
    pub fn read_ns(&self) -> u64 {
        if self.virtual_time && self.stepping.load(Ordering::Relaxed) {
            self.now_ns.fetch_add(READ_STEP_NS, Ordering::Relaxed)
        } else {
            self.now_ns()
        }
    }

    /// [`read_ns`](Self::read_ns) in milliseconds.
    pub fn read_ms(&self) -> f64 {
        self.read_ns() as f64 / NS_PER_MS
    }

    /// Unix-epoch ms at the clock's 0.
    pub fn epoch_ms(&self) -> f64 {
        f64::from_bits(self.epoch_ms.load(Ordering::Relaxed))
    }

    /// Unix-epoch ms now, as pages see it (no step).
    pub fn wall_ms(&self) -> f64 {
        self.epoch_ms() + self.now_ms()
    }

    /// `Date.now()`: a read by page script (steps the clock).
    pub fn read_wall_ms(&self) -> f64 {
        self.epoch_ms() + self.read_ms()
    }

    /// Makes `Date.now()` read `wall_ms` now; the clock itself (timers,
    /// `performance.now()`) does not move.
    pub fn set_wall_ms(&self, wall_ms: f64) {
        let epoch = wall_ms - self.now_ms();
        self.epoch_ms.store(epoch.to_bits(), Ordering::Relaxed);
    }

    /// The key of an event queued now.
    pub fn key_now(&self) -> EventKey {
        self.key_at(self.now_ns())
    }

    /// The key of an event due at `at` (ns), ordered after every event
    /// already keyed at that time.
    pub fn key_at(&self, at: u64) -> EventKey {
        EventKey {
            at,
            seq: self.seq.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Virtual time: the clock moves to `at` if that is later.
    pub(crate) fn advance_to(&self, at: u64) {
        if self.virtual_time {
            self.now_ns.fetch_max(at, Ordering::Relaxed);
        }
    }

    /// Virtual time: a task ended.
    pub(crate) fn step_task(&self) {
        if self.virtual_time && self.stepping.load(Ordering::Relaxed) {
            self.now_ns.fetch_add(TASK_STEP_NS, Ordering::Relaxed);
        }
    }

    pub(crate) fn set_stepping(&self, on: bool) {
        self.stepping.store(on, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_reads_step_the_clock_and_keys_are_ordered() {
        let clock = GroupClock::new(true, 1_000.0);
        assert_eq!(clock.read_ns(), 0);
        assert_eq!(clock.now_ns(), READ_STEP_NS);
        assert_eq!(clock.wall_ms(), 1_000.0 + READ_STEP_NS as f64 / 1e6);
        let a = clock.key_now();
        let b = clock.key_at(0);
        let c = clock.key_now();
        assert!(b < a && a < c, "time first, then sequence");
        clock.set_stepping(false);
        clock.step_task();
        assert_eq!(clock.read_ns(), READ_STEP_NS, "a paused clock stands still");
        clock.advance_to(5);
        assert_eq!(clock.now_ns(), READ_STEP_NS, "never backwards");
    }

    #[test]
    fn setting_the_wall_clock_leaves_the_clock_alone() {
        let clock = GroupClock::new(true, 0.0);
        clock.advance_to(2_000_000);
        clock.set_wall_ms(86_400_000.0);
        assert_eq!(clock.now_ms(), 2.0);
        assert_eq!(clock.wall_ms(), 86_400_000.0);
    }
}
