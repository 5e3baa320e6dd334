//! Reporters for `isohost test` and `isohost wpt`, as in Playwright Test:
//! `list` (the default: a line per file as it finishes, failures expanded
//! at once), `line` (a status line; failures as they come), `dot` (a
//! character per file), and `json`, `junit`, `wptreport` for machines.
//! Several run at once (`--reporter list,junit=out.xml,json=out.json`):
//! at most one without a file writes to stdout.
//!
//! Key files: `summary.rs` (counts, exit status, the closing lines),
//! `terminal.rs` (list, line, dot), `junit.rs`, `progress.rs` (the bar).
//!
//! Results reach reporters in the order of the files, each as soon as it
//! and every file before it have finished, so that output is the same from
//! run to run whatever `--jobs` is; the progress bar shows what runs.

mod junit;
mod progress;
pub(super) mod summary;
mod terminal;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

pub(super) use self::progress::Progress;
pub(super) use self::summary::Run;
use super::paint::{Paint, stdout_colors};
use crate::testharness::{Event, FileResult};

/// A reporter's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    List,
    Line,
    Dot,
    Json,
    Junit,
    Wptreport,
}

impl Kind {
    const ALL: [(&'static str, Kind); 6] = [
        ("list", Kind::List),
        ("line", Kind::Line),
        ("dot", Kind::Dot),
        ("json", Kind::Json),
        ("junit", Kind::Junit),
        ("wptreport", Kind::Wptreport),
    ];
}

/// `NAME` or `NAME=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Spec {
    pub kind: Kind,
    pub file: Option<PathBuf>,
}

/// Parses one `--reporter` item (clap splits the list at commas).
pub(super) fn parse_spec(s: &str) -> Result<Spec, String> {
    let (name, file) = match s.split_once('=') {
        Some((n, f)) if !f.is_empty() => (n, Some(PathBuf::from(f))),
        Some((n, _)) => return Err(format!("'{n}=' needs a file name after '='")),
        None => (s, None),
    };
    let kind = Kind::ALL
        .iter()
        .find(|(n, _)| *n == name.trim())
        .map(|(_, k)| *k)
        .ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|(n, _)| *n).collect();
            format!(
                "'{name}' is not a reporter (one of {}, each optionally =FILE)",
                names.join(", ")
            )
        })?;
    Ok(Spec { kind, file })
}

/// At most one reporter writes to stdout.
pub(super) fn check_specs(specs: &[Spec]) -> Result<(), String> {
    let on_stdout: Vec<&Spec> = specs.iter().filter(|s| s.file.is_none()).collect();
    if on_stdout.len() > 1 {
        return Err(format!(
            "{} reporters would write to stdout; give all but one a file (e.g. junit=out.xml)",
            on_stdout.len()
        ));
    }
    Ok(())
}

/// Where a reporter writes.
pub(super) struct Sink {
    target: Target,
    pub paint: Paint,
}

enum Target {
    /// Stdout; the bar is hidden while writing. `broken` once the reader
    /// went away (`| head`): the rest is dropped, which is not an error.
    Stdout {
        progress: Progress,
        broken: bool,
    },
    File {
        path: PathBuf,
        out: BufWriter<File>,
    },
}

impl Sink {
    pub fn write(&mut self, text: &str) -> std::io::Result<()> {
        match &mut self.target {
            Target::Stdout { progress, broken } => {
                if *broken {
                    return Ok(());
                }
                let r = progress.suspend(|| {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes()).and_then(|()| out.flush())
                });
                match r {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        *broken = true;
                        Ok(())
                    }
                    other => other,
                }
            }
            Target::File { path, out } => out
                .write_all(text.as_bytes())
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        match &mut self.target {
            Target::Stdout { .. } => Ok(()),
            Target::File { path, out } => out
                .flush()
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
}

/// What every reporter can be told.
pub(super) trait Reporter: Send {
    fn begin(&mut self, _total: usize, _jobs: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn finished(&mut self, _result: &FileResult) -> std::io::Result<()> {
        Ok(())
    }
    fn end(&mut self, run: &Run<'_>) -> std::io::Result<()>;
    fn sink(&mut self) -> &mut Sink;
}

/// The whole results at the end, as JSON.
struct JsonReporter {
    sink: Sink,
}

impl Reporter for JsonReporter {
    fn end(&mut self, run: &Run<'_>) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(&run.json()).map_err(std::io::Error::other)?;
        self.sink.write(&(text + "\n"))
    }
    fn sink(&mut self) -> &mut Sink {
        &mut self.sink
    }
}

struct WptReporter {
    sink: Sink,
    started_ms: u128,
}

impl Reporter for WptReporter {
    fn end(&mut self, run: &Run<'_>) -> std::io::Result<()> {
        let mut report = crate::wpt::report::wptreport(run.results, self.started_ms, unix_ms());
        // What replays the run (isohost's own run_info keys).
        report["run_info"]["seed"] = run.seed.into();
        report["run_info"]["clock_start"] = run.clock_start.clone().into();
        let text = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
        self.sink.write(&(text + "\n"))
    }
    fn sink(&mut self) -> &mut Sink {
        &mut self.sink
    }
}

struct JunitReporter {
    sink: Sink,
}

impl Reporter for JunitReporter {
    fn end(&mut self, run: &Run<'_>) -> std::io::Result<()> {
        let text = junit::render(run).map_err(std::io::Error::other)?;
        self.sink.write(&(text + "\n"))
    }
    fn sink(&mut self) -> &mut Sink {
        &mut self.sink
    }
}

pub(super) fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// The reporters of one run, fed in file order.
pub(super) struct Reporters {
    reporters: Vec<Box<dyn Reporter>>,
    progress: Progress,
    /// Finished results waiting for the files before them.
    waiting: BTreeMap<usize, Option<FileResult>>,
    next: usize,
    ids: Vec<String>,
    failures: Vec<std::io::Error>,
}

impl Reporters {
    /// Opens every reporter's output (files are created now, so that a bad
    /// path fails before anything runs). `ids` are the planned tests.
    pub fn new(specs: &[Spec], ids: Vec<String>) -> anyhow::Result<Reporters> {
        let line = specs
            .iter()
            .any(|s| s.file.is_none() && s.kind == Kind::Line);
        let progress = Progress::new(ids.len(), line);
        let started_ms = unix_ms();
        let mut reporters: Vec<Box<dyn Reporter>> = Vec::new();
        for spec in specs {
            let sink = match &spec.file {
                None => Sink {
                    target: Target::Stdout {
                        progress: progress.clone(),
                        broken: false,
                    },
                    paint: Paint {
                        colors: stdout_colors(),
                    },
                },
                Some(path) => {
                    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                        std::fs::create_dir_all(dir).map_err(|e| {
                            anyhow::anyhow!("cannot create {} for --reporter: {e}", dir.display())
                        })?;
                    }
                    let file = File::create(path).map_err(|e| {
                        anyhow::anyhow!("cannot write --reporter file {}: {e}", path.display())
                    })?;
                    Sink {
                        target: Target::File {
                            path: path.clone(),
                            out: BufWriter::new(file),
                        },
                        paint: Paint { colors: false },
                    }
                }
            };
            reporters.push(match spec.kind {
                Kind::List | Kind::Line | Kind::Dot => {
                    Box::new(terminal::Terminal::new(spec.kind, sink))
                }
                Kind::Json => Box::new(JsonReporter { sink }),
                Kind::Junit => Box::new(JunitReporter { sink }),
                Kind::Wptreport => Box::new(WptReporter { sink, started_ms }),
            });
        }
        Ok(Reporters {
            reporters,
            progress,
            waiting: BTreeMap::new(),
            next: 0,
            ids,
            failures: Vec::new(),
        })
    }

    /// The bar, for the run to poll while it waits.
    pub fn progress(&self) -> Progress {
        self.progress.clone()
    }

    pub fn begin(&mut self, jobs: usize) {
        let total = self.ids.len();
        for r in &mut self.reporters {
            if let Err(e) = r.begin(total, jobs) {
                self.failures.push(e);
            }
        }
    }

    /// One event of the run (from any worker thread, under a lock).
    pub fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Started { index, attempt } => {
                let id = self.ids.get(index).map_or("", String::as_str);
                let note = if attempt > 1 {
                    format!(" (attempt {attempt})")
                } else {
                    String::new()
                };
                self.progress
                    .set_message(&format!("{}{note}", super::paint::safe(id)));
            }
            Event::Retrying { .. } => {}
            Event::Finished { index, result } => {
                self.progress.inc();
                self.waiting.insert(index, result.cloned());
                while let Some(r) = self.waiting.remove(&self.next) {
                    self.next += 1;
                    let Some(r) = r else { continue };
                    for rep in &mut self.reporters {
                        if let Err(e) = rep.finished(&r) {
                            self.failures.push(e);
                        }
                    }
                }
            }
        }
    }

    /// Ends the run: closing output of every reporter. The first write
    /// failure (a full disk, a bad path) is the error.
    pub fn end(mut self, run: &Run<'_>) -> anyhow::Result<()> {
        self.progress.finish();
        for rep in &mut self.reporters {
            if let Err(e) = rep.end(run).and_then(|()| rep.sink().finish()) {
                self.failures.push(e);
            }
        }
        match self.failures.into_iter().next() {
            Some(e) => Err(anyhow::anyhow!("cannot write a report: {e}")),
            None => Ok(()),
        }
    }
}

impl Run<'_> {
    /// The `json` reporter's document.
    pub fn json(&self) -> serde_json::Value {
        let t = self.totals();
        json!({
            "files": self.results,
            "passed": t.passed,
            "failed": t.failed,
            "skipped": t.skipped,
            "unexpected": t.unexpected,
            "flaky": t.flaky,
            "harness_statuses": t.by_status,
            "duration_ms": u64::try_from(self.elapsed.as_millis()).unwrap_or(u64::MAX),
            "seed": self.seed,
            "clock_start": self.clock_start,
        })
    }
}

/// `12 ms`, `1.4 s`.
pub(super) fn duration_text(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}
