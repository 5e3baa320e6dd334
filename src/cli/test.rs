//! `isohost test`: testharness.js pages as a test suite.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::results::{Format, Run};
use crate::expectations::Expectations;
use crate::testharness::{FileResult, SuiteOptions, TestItem, collect, run_suite};

#[derive(clap::Args, Debug)]
pub(super) struct TestArgs {
    /// Test files, or directories searched for .html files that load
    /// /resources/testharness.js.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Fixture root: http(s)://HOST/PATH maps to ROOT/HOST/PATH.
    #[arg(long, default_value = "pages")]
    root: PathBuf,
    #[command(flatten)]
    run: RunArgs,
    /// testharness.js to serve instead of the bundled one.
    #[arg(long)]
    testharness: Option<PathBuf>,
    /// Expected results in wptrunner's metadata format: DIR/HOST/PATH.ini
    /// for the test at ROOT/HOST/PATH.
    #[arg(long, visible_alias = "metadata", value_name = "DIR")]
    expectations: Option<PathBuf>,
    /// Write this run's results into the --expectations directory (and
    /// exit 0 when that worked: they are now what is expected).
    #[arg(long, visible_alias = "update-metadata", requires = "expectations")]
    update_expectations: bool,
}

/// Options `test` and `wpt` share.
#[derive(clap::Args, Debug)]
pub(super) struct RunArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Tests run in parallel (default: the number of cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Run the I-th of N deterministic slices of the tests.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Only tests whose path, or subtests whose name, contains this.
    #[arg(long)]
    pub filter: Option<String>,
    /// Real seconds one test may take (twice that for timeout=long).
    #[arg(long, default_value_t = 60.0, value_parser = super::positive_seconds)]
    pub timeout: f64,
    /// Real seconds one task may run before its script is stopped.
    #[arg(long, default_value_t = 10.0, value_parser = super::positive_seconds)]
    pub script_timeout: f64,
}

impl RunArgs {
    pub fn apply(&self, options: &mut SuiteOptions) {
        if let Some(j) = self.jobs {
            options.jobs = j.max(1);
        }
        options.shard = self.shard;
        options.filter = self.filter.clone();
        options.timeout = Duration::from_secs_f64(self.timeout);
        options.script_timeout = Duration::from_secs_f64(self.script_timeout);
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
    let files = collect(&args.inputs, &options)?;
    let items: Vec<TestItem> = files
        .iter()
        .map(|f| TestItem::fixture(f, &args.root))
        .collect();
    let results = run_with_progress(&items, &options, args.run.format);
    finish(
        &results,
        &options,
        &args.run,
        args.update_expectations,
        "no test files found (a test is an .html file that loads /resources/testharness.js)",
    )
}

/// Runs the suite, showing progress on a terminal.
pub(super) fn run_with_progress(
    items: &[TestItem],
    options: &SuiteOptions,
    format: Format,
) -> (Vec<FileResult>, Duration) {
    let started = Instant::now();
    let show_progress = format == Format::Text && std::io::stderr().is_terminal();
    let total = items.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |_: usize, r: &FileResult| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if show_progress {
            eprint!("\r\x1b[2K[{n}/{total}] {}", r.path);
        }
    };
    let results = run_suite(items, options, &progress);
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    (results, started.elapsed())
}

/// Prints the results, updates the expectations if asked, and says how
/// the run went.
pub(super) fn finish(
    (results, elapsed): &(Vec<FileResult>, Duration),
    options: &SuiteOptions,
    run_args: &RunArgs,
    update: bool,
    empty_hint: &str,
) -> anyhow::Result<ExitCode> {
    let run = Run {
        results,
        elapsed: *elapsed,
        expectations: options.expectations.is_some(),
    };
    let out = run.render(run_args.format, empty_hint)?;
    super::emit(&out)?;
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
        return Ok(if results.is_empty() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    Ok(run.exit_code())
}
