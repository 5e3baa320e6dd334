//! `isohost test`: testharness.js pages as a test suite, and what `test`
//! and `wpt` share: how a run is chosen, run and reported.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::FailOnArgs;
use super::paint::safe;
use super::report::{self, Kind, Reporters, Run, Spec};
use crate::expectations::Expectations;
use crate::testharness::{
    FileResult, Pattern, Selection, SuiteOptions, TestItem, fixture_items, plan, run_planned,
};

/// The most parallel tests (`--jobs`).
pub(super) const MAX_JOBS: u32 = 256;
/// The most runs of each test (`--repeat-each`).
pub(super) const MAX_REPEAT: u32 = 1000;
/// The most retries (`--retries`).
pub(super) const MAX_RETRIES: u32 = 100;

#[derive(clap::Args, Debug)]
pub(super) struct TestArgs {
    /// Test files, directories searched for .html files that load
    /// /resources/testharness.js (symlinks followed only inside the root,
    /// loops skipped), or http(s) URLs of fixtures.
    #[arg(required = true, value_name = "FILE-DIR-OR-URL")]
    pub inputs: Vec<String>,
    /// Fixture root: http(s)://HOST/PATH maps to ROOT/HOST/PATH.
    #[arg(long, default_value = "pages")]
    pub root: PathBuf,
    #[command(flatten)]
    pub run: RunArgs,
    /// testharness.js to serve instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub testharness: Option<PathBuf>,
    /// Expected results in wptrunner's metadata format: DIR/HOST/PATH.ini
    /// for the test at ROOT/HOST/PATH (known FAIL/TIMEOUT, `disabled:
    /// reason` to skip). Expected results do not fail the run; unexpected
    /// ones, passes included, do.
    #[arg(long, visible_alias = "metadata", value_name = "DIR")]
    pub expectations: Option<PathBuf>,
    /// Write this run's results into the --expectations directory (and
    /// exit 0 when that worked: they are now what is expected).
    #[arg(long, visible_alias = "update-metadata", requires = "expectations")]
    pub update_expectations: bool,
}

/// `--format`, kept for scripts: the same as one `--reporter`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    /// The list reporter.
    Text,
    /// The json reporter.
    Json,
    /// The junit reporter.
    Junit,
}

/// Options `test` and `wpt` share.
#[derive(clap::Args, Debug)]
pub(super) struct RunArgs {
    /// Reporters, comma-separated, each NAME or NAME=FILE: list (default:
    /// a line per file as it finishes, failures expanded), line (failures
    /// and a status line), dot (a character per file), json, junit,
    /// wptreport. At most one without a file (it writes to stdout).
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = report::parse_spec,
        value_name = "NAME[=FILE],..."
    )]
    pub reporter: Vec<Spec>,
    /// The same as --reporter list (text), json or junit.
    #[arg(long, value_enum, conflicts_with = "reporter")]
    pub format: Option<Format>,
    /// Tests run in parallel (default: the number of cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=MAX_JOBS as i64))]
    pub jobs: Option<u32>,
    /// Run the I-th of N deterministic slices of the tests.
    #[arg(long, value_parser = parse_shard, value_name = "I/N")]
    pub shard: Option<(usize, usize)>,
    /// Only subtests whose "PATH NAME" (file path or URL, a space, the
    /// subtest's name) matches this regular expression. Files whose path
    /// alone rules them out are not run.
    #[arg(long, value_parser = parse_pattern, value_name = "REGEX")]
    pub grep: Option<Pattern>,
    /// Leave out subtests whose "PATH NAME" matches this regular
    /// expression. Files whose path alone rules them out are not run.
    #[arg(long, value_parser = parse_pattern, value_name = "REGEX")]
    pub grep_invert: Option<Pattern>,
    /// Only tests whose path, or subtests whose name, contains this text
    /// (--grep with the text taken literally).
    #[arg(long, conflicts_with = "grep", value_name = "TEXT")]
    pub filter: Option<String>,
    /// Print the tests that would run, one per line, and stop.
    #[arg(long)]
    pub list: bool,
    /// Run each test N times in a row (to hunt flaky tests).
    #[arg(long, default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=MAX_REPEAT as i64))]
    pub repeat_each: u32,
    /// Run a test with unexpected results again, up to N more times; one
    /// that then passes is reported as flaky.
    #[arg(long, default_value_t = 0, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=MAX_RETRIES as i64))]
    pub retries: u32,
    /// Exit non-zero when a test was flaky (passed only on a retry).
    #[arg(long)]
    pub fail_on_flaky: bool,
    /// Real seconds one test may take (twice that for timeout=long).
    #[arg(long, default_value_t = 60.0, value_parser = super::positive_seconds, value_name = "SECONDS")]
    pub timeout: f64,
    /// Real seconds one task may run before its script is stopped.
    #[arg(long, default_value_t = 10.0, value_parser = super::positive_seconds, value_name = "SECONDS")]
    pub script_timeout: f64,
    /// Clock seconds after which timers stop firing (past testharness.js's
    /// own 60 s "long" timeout by default, so that a stuck test ends as
    /// TIMEOUT).
    #[arg(long, default_value_t = 120.0, value_parser = super::positive_seconds, value_name = "SECONDS")]
    pub time_budget: f64,
    #[command(flatten)]
    pub replay: super::ReplayArgs,
    #[command(flatten)]
    pub fail_on: FailOnArgs,
    /// Make every page and worker cross-origin isolated, as if each
    /// response sent COOP same-origin and COEP require-corp
    /// (SharedArrayBuffer everywhere). Default: only pages whose responses
    /// send both headers, as in browsers.
    #[arg(long)]
    pub cross_origin_isolated: bool,
}

fn parse_pattern(s: &str) -> Result<Pattern, String> {
    Pattern::new(s).map_err(|e| {
        // regex's message spans lines (the pattern, a caret, the error).
        e.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

impl RunArgs {
    pub fn apply(&self, options: &mut SuiteOptions) {
        if let Some(j) = self.jobs {
            options.jobs = j.max(1) as usize;
        }
        options.shard = self.shard;
        let grep = match (&self.grep, &self.filter) {
            (Some(g), _) => Some(g.clone()),
            (None, Some(f)) => Pattern::new(&regex::escape(f)).ok(),
            (None, None) => None,
        };
        options.selection = Selection {
            grep,
            grep_invert: self.grep_invert.clone(),
        };
        options.timeout = Duration::from_secs_f64(self.timeout);
        options.script_timeout = Duration::from_secs_f64(self.script_timeout);
        options.time_budget = Duration::from_secs_f64(self.time_budget);
        if let Some(seed) = self.replay.seed {
            options.seed = seed;
        }
        if let Some(start) = self.replay.clock_start {
            options.clock_start = start;
        }
        options.repeat_each = self.repeat_each;
        options.retries = self.retries;
        options.fail_on_console_error = self.fail_on.fail_on_console_error;
        options.fail_on_page_error = self.fail_on.fail_on_page_error;
        options.cross_origin_isolated = self.cross_origin_isolated;
    }

    /// The reporters asked for: `--reporter`, else `--format`, else list.
    pub fn specs(&self) -> Vec<Spec> {
        if !self.reporter.is_empty() {
            return self.reporter.clone();
        }
        let kind = match self.format {
            Some(Format::Json) => Kind::Json,
            Some(Format::Junit) => Kind::Junit,
            Some(Format::Text) | None => Kind::List,
        };
        vec![Spec { kind, file: None }]
    }
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("'{s}' is not a shard: use I/N with 1 <= I <= N, e.g. 2/4");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n) = (
        i.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

pub(super) fn run(args: TestArgs) -> anyhow::Result<ExitCode> {
    let mut options = SuiteOptions::new(&args.root);
    args.run.apply(&mut options);
    if let Some(path) = &args.testharness {
        let text = engine::runtime::loader::read_local_file(path)
            .map_err(|e| anyhow::anyhow!("cannot read --testharness {}: {e}", path.display()))?;
        options.testharness = Some(Arc::from(text));
    } else if crate::testharness::BUNDLED_TESTHARNESS.is_empty() {
        anyhow::bail!(
            "testharness.js was not available when isohost was built; pass --testharness PATH (from the npm package wpt-runner)"
        );
    }
    if !args.root.is_dir() {
        anyhow::bail!(
            "the fixture root {} does not exist or is not a directory",
            args.root.display()
        );
    }
    options.expectations = args
        .expectations
        .as_ref()
        .map(|d| Arc::new(Expectations::new(d)));
    let (items, notes) = fixture_items(&args.inputs, &options).map_err(|e| anyhow::anyhow!(e))?;
    for note in &notes {
        eprintln!("isohost: note: {}", safe(note));
    }
    let hint = empty_hint(
        &options,
        items.len(),
        "no test files found (a test is an .html file that loads /resources/testharness.js)",
    );
    execute(
        &items,
        &options,
        &args.run,
        Vec::new(),
        args.update_expectations,
        &hint,
    )
    .map(|(code, _)| code)
}

/// What to say when nothing ran: nothing found, or nothing selected.
pub(super) fn empty_hint(options: &SuiteOptions, found: usize, none_found: &str) -> String {
    let s = &options.selection;
    if found == 0 || s.is_empty() {
        return none_found.to_string();
    }
    let mut what = Vec::new();
    if let Some(g) = &s.grep {
        what.push(format!("--grep '{}'", g.as_str()));
    }
    if let Some(g) = &s.grep_invert {
        what.push(format!("--grep-invert '{}'", g.as_str()));
    }
    format!(
        "no test matched {} ({found} file{} looked at)",
        safe(&what.join(" and ")),
        if found == 1 { "" } else { "s" }
    )
}

/// Runs `items` with the reporters asked for (`extra` too), updates the
/// expectations if asked, and says how the run went.
pub(super) fn execute(
    items: &[TestItem],
    options: &SuiteOptions,
    run_args: &RunArgs,
    extra: Vec<Spec>,
    update: bool,
    empty_hint: &str,
) -> anyhow::Result<(ExitCode, Vec<FileResult>)> {
    let planned = plan(items, options);
    if run_args.list {
        let mut seen = std::collections::HashSet::new();
        let ids: Vec<String> = planned
            .iter()
            .filter(|(i, _)| seen.insert(i.id.clone()))
            .map(|(i, _)| safe(&i.id).into_owned())
            .collect();
        if ids.is_empty() {
            eprintln!("isohost: {empty_hint}");
            return Ok((ExitCode::from(1), Vec::new()));
        }
        return super::emit(&ids.join("\n")).map(|c| (c, Vec::new()));
    }
    let mut specs = run_args.specs();
    specs.extend(extra);
    report::check_specs(&specs).map_err(|e| anyhow::anyhow!(e))?;
    let ids: Vec<String> = planned
        .iter()
        .map(|(i, r)| match r {
            Some(n) => format!("{} [repeat {n}]", i.id),
            None => i.id.clone(),
        })
        .collect();
    let mut reporters = Reporters::new(&specs, ids)?;
    let jobs = options.jobs.clamp(1, planned.len().max(1));
    reporters.begin(jobs);
    let progress = reporters.progress();
    let reporters = Mutex::new(reporters);
    let started = Instant::now();
    let done = AtomicBool::new(false);
    let results = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                progress.poll();
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let results = run_planned(&planned, options, &|e| {
            reporters.lock().unwrap_or_else(|p| p.into_inner()).event(e);
        });
        done.store(true, Ordering::Relaxed);
        results
    });
    let run = Run {
        results: &results,
        elapsed: started.elapsed(),
        expectations: options.expectations.is_some(),
        fail_on_flaky: run_args.fail_on_flaky,
        empty_hint: empty_hint.to_string(),
        seed: options.seed,
        clock_start: super::format_clock_start(options.clock_start),
    };
    reporters
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .end(&run)?;
    if update && let Some(e) = &options.expectations {
        let outcomes: Vec<crate::expectations::Outcome> = results
            .iter()
            .filter(|r| !r.skipped())
            .filter_map(|r| {
                Some(crate::expectations::Outcome {
                    key: r.metadata.clone()?,
                    status: r.harness_status.clone(),
                    subtests: r
                        .tests
                        .iter()
                        .map(|t| (t.name.clone(), t.status.clone()))
                        .collect(),
                })
            })
            .collect();
        let written = e.update(&outcomes).map_err(|m| anyhow::anyhow!(m))?;
        eprintln!(
            "isohost: updated {} metadata file{} under {}",
            written.len(),
            if written.len() == 1 { "" } else { "s" },
            e.dir().display()
        );
        let code = if results.is_empty() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
        return Ok((code, results));
    }
    Ok((run.exit_code(), results))
}
