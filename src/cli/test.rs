//! `isohost test`: testharness.js pages as a test suite.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use super::escape_markup;

use crate::testharness::{FileResult, SuiteOptions, collect, run_suite};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TestFormat {
    Text,
    Json,
    Junit,
}

#[derive(clap::Args, Debug)]
pub(super) struct TestArgs {
    /// Test files, or directories searched for .html files that load
    /// /resources/testharness.js.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Fixture root: http(s)://HOST/PATH maps to ROOT/HOST/PATH.
    #[arg(long, default_value = "pages")]
    root: PathBuf,
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    format: TestFormat,
    /// Files run in parallel (default: the number of cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Run the I-th of N deterministic slices of the files.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Only files whose path, or subtests whose name, contains this.
    #[arg(long)]
    filter: Option<String>,
    /// Real seconds one file may take.
    #[arg(long, default_value_t = 60.0, value_parser = super::positive_seconds)]
    timeout: f64,
    /// Real seconds one task may run before its script is stopped.
    #[arg(long, default_value_t = 10.0, value_parser = super::positive_seconds)]
    script_timeout: f64,
    /// testharness.js to serve instead of the bundled one.
    #[arg(long)]
    testharness: Option<PathBuf>,
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
    if let Some(j) = args.jobs {
        options.jobs = j.max(1);
    }
    options.shard = args.shard;
    options.filter = args.filter.clone();
    options.timeout = Duration::from_secs_f64(args.timeout);
    options.script_timeout = Duration::from_secs_f64(args.script_timeout);
    if let Some(path) = &args.testharness {
        let text = std::fs::read_to_string(path)
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
    let files = collect(&args.inputs, &options)?;
    let started = Instant::now();
    let show_progress = args.format == TestFormat::Text && std::io::stderr().is_terminal();
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let progress = |_: usize, r: &FileResult| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if show_progress {
            eprint!("\r\x1b[2K[{n}/{total}] {}", r.path);
        }
    };
    let results = run_suite(&files, &options, &progress);
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    let (passed, failed) = results
        .iter()
        .map(FileResult::counts)
        .fold((0, 0), |(p, f), (a, b)| (p + a, f + b));
    let out = match args.format {
        TestFormat::Text => text(&results, passed, failed, started.elapsed()),
        TestFormat::Json => serde_json::to_string_pretty(
            &json!({ "files": results, "passed": passed, "failed": failed }),
        )?,
        TestFormat::Junit => junit(&results),
    };
    super::emit(&out)?;
    Ok(if failed == 0 && !results.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn text(results: &[FileResult], passed: usize, failed: usize, elapsed: Duration) -> String {
    let mut out = String::new();
    for r in results {
        let (p, f) = r.counts();
        let verdict = if f == 0 { "PASS" } else { "FAIL" };
        out.push_str(&format!(
            "{verdict} {} ({p} passed, {f} failed, harness {}, {:.0} ms)\n",
            r.path,
            r.harness_status,
            r.duration.as_secs_f64() * 1000.0
        ));
        if r.harness_status != "OK" {
            out.push_str(&format!(
                "  harness {}{}\n",
                r.harness_status,
                r.harness_message
                    .as_deref()
                    .filter(|m| !m.is_empty())
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default()
            ));
        }
        for t in r.tests.iter().filter(|t| !t.passed()) {
            out.push_str(&format!(
                "  {} {}: {}\n",
                t.status,
                t.name,
                t.message.as_deref().unwrap_or("")
            ));
        }
        if f > 0 {
            for e in &r.errors {
                out.push_str(&format!(
                    "  error: {} ({}:{}:{})\n",
                    e.message, e.url, e.line, e.column
                ));
            }
        }
    }
    if results.is_empty() {
        out.push_str(
            "no test files found (a test is an .html file that loads /resources/testharness.js)\n",
        );
    }
    out.push_str(&format!(
        "{} files in {:.2} s\n",
        results.len(),
        elapsed.as_secs_f64()
    ));
    out.push_str(&format!("{passed} passed, {failed} failed"));
    out
}

fn junit(results: &[FileResult]) -> String {
    let (mut tests, mut failures) = (0, 0);
    let mut suites = String::new();
    for r in results {
        let (p, f) = r.counts();
        tests += p + f;
        failures += f;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">\n",
            escape_markup(&r.path),
            p + f,
            f - usize::from(r.harness_status != "OK"),
            usize::from(r.harness_status != "OK"),
            r.duration.as_secs_f64()
        ));
        if r.harness_status != "OK" {
            suites.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"(harness)\"><error message=\"{}\" type=\"{}\"/></testcase>\n",
                escape_markup(&r.path),
                escape_markup(r.harness_message.as_deref().unwrap_or("")),
                r.harness_status
            ));
        }
        for t in &r.tests {
            suites.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape_markup(&r.path),
                escape_markup(&t.name)
            ));
            if t.passed() {
                suites.push_str("/>\n");
            } else {
                suites.push_str(&format!(
                    "><failure message=\"{}\" type=\"{}\"/></testcase>\n",
                    escape_markup(t.message.as_deref().unwrap_or("")),
                    t.status
                ));
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"isohost\" tests=\"{tests}\" failures=\"{failures}\">\n{suites}</testsuites>"
    )
}
