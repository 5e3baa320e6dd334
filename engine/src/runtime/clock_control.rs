//! Clock control from Rust, as Playwright's `page.clock` and fake-timer
//! libraries offer it: pause a tab's clock, advance it by a duration (firing
//! the timers due on the way, in order), run it until no timer is left, set
//! the time `Date.now()` reads.
//!
//! It acts on a whole clock group (a tab, the tabs it opened, their
//! workers), and needs virtual time (the default); on the real clock only
//! [`ClockControl::set_time`] works.
//!
//! ```no_run
//! use std::time::Duration;
//! use engine::{Host, HostOptions};
//! let mut options = HostOptions::new("pages");
//! options.clock_paused = true; // no timer fires until the clock is moved
//! let host = Host::new(options)?;
//! let tab = host.open("http://a.test/hello.html")?;
//! host.wait_idle(None); // loaded; the clock still stands at its start
//! let clock = host.clock(&tab)?;
//! assert_eq!(clock.now(), Duration::ZERO);
//! clock.advance(Duration::from_millis(1500))?; // timers due by then fire
//! assert_eq!(clock.now(), Duration::from_millis(1500));
//! clock.run_until_idle()?; // every timer left within the budget
//! clock.resume()?; // the clock jumps to timers by itself again
//! # Ok::<(), engine::Error>(())
//! ```

#![warn(missing_docs)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::host::HostShared;
use super::scheduler::{AgentId, ControlError, GroupId};
use crate::error::{ErrorKind, Result};

/// The clock of one clock group (see `Host::clock`).
pub struct ClockControl {
    shared: Arc<HostShared>,
    group: GroupId,
}

impl ClockControl {
    pub(crate) fn of(shared: &Arc<HostShared>, tab: AgentId) -> Result<ClockControl> {
        let group = shared
            .scheduler
            .group_of(tab)
            .ok_or_else(|| ErrorKind::TabGone(format!("isolate {tab} has ended")))?;
        Ok(ClockControl {
            shared: Arc::clone(shared),
            group,
        })
    }

    fn clock(&self) -> Result<Arc<super::clock::GroupClock>> {
        self.shared
            .scheduler
            .clock(self.group)
            .ok_or_else(|| refused(ControlError::NoGroup))
    }

    /// Real seconds to wait for the pages to settle before giving up.
    fn patience(&self) -> Duration {
        (self.shared.options.script_timeout * 3).max(Duration::from_secs(60))
    }

    /// Stops the clock: it neither jumps to timers nor steps; `Date.now()`
    /// and `performance.now()` stand still. Tasks and messages still run,
    /// and timers already due still fire.
    pub fn pause(&self) -> Result<()> {
        self.shared.scheduler.pause(self.group).map_err(refused)
    }

    /// Lets the clock run again (jumping to the next timer when idle).
    pub fn resume(&self) -> Result<()> {
        self.shared.scheduler.resume(self.group).map_err(refused)
    }

    /// Moves the clock forward by `by`, firing every timer due on the way in
    /// order (and running what they cause), then leaves it paused there (or
    /// the few microsecond steps past it that a timer due at the very end
    /// took). Returns once the group is idle at that time.
    pub fn advance(&self, by: Duration) -> Result<()> {
        let by = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.run(Some(by))
    }

    /// Runs the clock until no timer within the time budget is left (an
    /// interval that never stops runs until the budget), then pauses it.
    pub fn run_until_idle(&self) -> Result<()> {
        self.run(None)
    }

    fn run(&self, by: Option<u64>) -> Result<()> {
        let patience = self.patience();
        if self
            .shared
            .scheduler
            .advance(self.group, by, Some(patience))
            .map_err(refused)?
        {
            Ok(())
        } else {
            Err(ErrorKind::ClockControl(format!(
                "the pages were still busy after {} s",
                patience.as_secs()
            ))
            .into())
        }
    }

    /// Makes `Date.now()` read `time` from now on, as if the system clock
    /// had been set; timers and `performance.now()` do not move.
    pub fn set_time(&self, time: SystemTime) -> Result<()> {
        self.clock()?.set_wall_ms(super::clock::epoch_ms(time));
        Ok(())
    }

    /// The clock: time since the group started.
    pub fn now(&self) -> Duration {
        self.clock()
            .map(|c| Duration::from_nanos(c.now_ns()))
            .unwrap_or_default()
    }

    /// What `Date.now()` reads now.
    pub fn time(&self) -> SystemTime {
        let ms = self.clock().map(|c| c.wall_ms()).unwrap_or(0.0);
        if ms >= 0.0 {
            SystemTime::UNIX_EPOCH + Duration::from_secs_f64(ms / 1000.0)
        } else {
            SystemTime::UNIX_EPOCH - Duration::from_secs_f64(-ms / 1000.0)
        }
    }
}

fn refused(e: ControlError) -> crate::error::Error {
    ErrorKind::ClockControl(
        match e {
            ControlError::NoGroup => "the tab's clock group is gone",
            ControlError::RealTime => {
                "the clock is real time (--real-time): it cannot be paused or advanced"
            }
        }
        .into(),
    )
    .into()
}
