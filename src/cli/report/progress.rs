//! The progress bar (indicatif): on stderr, only when stderr is a
//! terminal, and only once a run has lasted a moment (a quick run never
//! flickers). Whatever a reporter writes to stdout is written with the
//! bar hidden, so the two never garble each other; with stdout piped the
//! bar stays on the terminal alone.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the bar shows (the `line` reporter: at once).
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A bar that may never be drawn; clones share it.
#[derive(Clone)]
pub(in crate::cli) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: Arc<AtomicBool>,
    delay: Duration,
}

impl Progress {
    /// A bar over `total` files, when stderr is a terminal and there is
    /// more than one file. `line`: the bar is that reporter's status line.
    pub fn new(total: usize, line: bool) -> Progress {
        let wanted = std::io::stderr().is_terminal()
            && (total > 1 || line)
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let bar = wanted.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(u64::try_from(total).unwrap_or(u64::MAX)),
                ProgressDrawTarget::hidden(),
            );
            let style = ProgressStyle::with_template(
                "{spinner} [{pos}/{len}] {wide_bar} {elapsed} elapsed, ETA {eta}  {msg:.40}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: Arc::new(AtomicBool::new(false)),
            delay: if line { Duration::ZERO } else { SHOW_AFTER },
        }
    }

    /// Draws the bar once the run has gone on long enough.
    fn reveal(&self) {
        let Some(bar) = &self.bar else { return };
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= self.delay {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Called now and then while the run goes on (a long first file).
    pub fn poll(&self) {
        self.reveal();
    }

    pub fn set_message(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message.to_string());
            self.reveal();
        }
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            self.reveal();
        }
    }

    /// Runs `f` (a write to stdout) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.shown.load(Ordering::Relaxed) => bar.suspend(f),
            _ => f(),
        }
    }

    /// Clears the bar for good.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
