//! Running testharness.js pages (web-platform-tests) as a test suite.
//!
//! Every origin serves `/resources/testharness.js` (from the npm package
//! wpt-runner, fetched at build time, or a file given by the caller) and our
//! `/resources/testharnessreport.js`, which hands the results to the host
//! through one console line. Each file runs in its own host and tab, under
//! virtual time: a test that never completes hits testharness's own timeout
//! in milliseconds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::{ConsoleMessage, Host, HostOptions, ScriptError};

/// testharness.js as fetched at build time (empty if it could not be).
pub const BUNDLED_TESTHARNESS: &str = include_str!(concat!(env!("OUT_DIR"), "/testharness.js"));

/// Marks the console line that carries results (a macro, so that the
/// report script below is built with the very same text).
macro_rules! report_mark {
    () => {
        "\u{1}isohost-testharness\u{1}"
    };
}
const REPORT_MARK: &str = report_mark!();

/// Our testharnessreport.js: no DOM output, results through the console.
pub const TESTHARNESS_REPORT: &str = concat!(
    r#"// isohost's testharnessreport.js: results go to the host, not the page.
(function () {
  if (typeof setup === 'function') setup({ output: false });
  add_completion_callback(function (tests, status) {
    var payload = {
      status: status.status,
      message: status.message || null,
      stack: status.stack || null,
      tests: tests.map(function (t) {
        return { name: t.name, status: t.status, message: t.message || null };
      })
    };
    console.log('"#,
    report_mark!(),
    r#"' + JSON.stringify(payload));
  });
})();
"#
);

/// One subtest's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubtestResult {
    pub name: String,
    /// PASS, FAIL, TIMEOUT, NOTRUN or PRECONDITION_FAILED.
    pub status: String,
    pub message: Option<String>,
}

impl SubtestResult {
    pub fn passed(&self) -> bool {
        self.status == "PASS"
    }
}

/// One file's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    pub path: String,
    pub url: String,
    /// OK, ERROR, TIMEOUT or PRECONDITION_FAILED.
    pub harness_status: String,
    pub harness_message: Option<String>,
    pub tests: Vec<SubtestResult>,
    #[serde(skip)]
    pub errors: Vec<ScriptError>,
    #[serde(skip)]
    pub console: Vec<ConsoleMessage>,
    #[serde(skip)]
    pub duration: Duration,
}

impl FileResult {
    /// Subtests passed and failed; a harness error counts as one failure.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.tests.iter().filter(|t| t.passed()).count();
        let mut failed = self.tests.len() - passed;
        if self.harness_status != "OK" {
            failed += 1;
        }
        (passed, failed)
    }
}

/// How to run a suite.
#[derive(Clone)]
pub struct SuiteOptions {
    pub root: PathBuf,
    pub jobs: usize,
    /// (index from 1, count).
    pub shard: Option<(usize, usize)>,
    pub filter: Option<String>,
    /// Real seconds a file may take before it is abandoned.
    pub timeout: Duration,
    pub testharness: Option<Arc<str>>,
    pub script_timeout: Duration,
}

impl SuiteOptions {
    pub fn new(root: impl Into<PathBuf>) -> SuiteOptions {
        SuiteOptions {
            root: root.into(),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            shard: None,
            filter: None,
            timeout: Duration::from_secs(60),
            testharness: None,
            script_timeout: Duration::from_secs(10),
        }
    }

    fn harness(&self) -> Arc<str> {
        static BUNDLED: OnceLock<Arc<str>> = OnceLock::new();
        self.testharness.clone().unwrap_or_else(|| {
            BUNDLED
                .get_or_init(|| Arc::from(BUNDLED_TESTHARNESS))
                .clone()
        })
    }
}

/// The test files among `inputs`: files as given; directories searched
/// recursively for `*.html` files that load testharness.js. Sorted, then
/// sharded. (`--filter` applies after running: it matches paths or subtests.)
pub fn collect(inputs: &[PathBuf], options: &SuiteOptions) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut stack = vec![input.clone()];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir)? {
                    let path = entry?.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "html" || e == "htm")
                        && std::fs::read_to_string(&path)
                            .is_ok_and(|t| t.contains("testharness.js"))
                    {
                        files.push(path);
                    }
                }
            }
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} does not exist", input.display()),
            ));
        }
    }
    files.sort();
    files.dedup();
    if let Some((index, count)) = options.shard {
        if index == 0 || index > count {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("shard {index}/{count}: use I/N with 1 <= I <= N"),
            ));
        }
        files = files
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % count == index - 1)
            .map(|(_, f)| f)
            .collect();
    }
    Ok(files)
}

fn status_name(code: i64, harness: bool) -> String {
    match (harness, code) {
        (true, 0) => "OK",
        (true, 1) => "ERROR",
        (true, 2) => "TIMEOUT",
        (true, 3) => "PRECONDITION_FAILED",
        (false, 0) => "PASS",
        (false, 1) => "FAIL",
        (false, 2) => "TIMEOUT",
        (false, 3) => "NOTRUN",
        (false, 4) => "PRECONDITION_FAILED",
        _ => "ERROR",
    }
    .to_string()
}

/// Runs one file in a host of its own.
pub fn run_file(path: &Path, options: &SuiteOptions) -> FileResult {
    let started = Instant::now();
    let display = path.display().to_string();
    let mut result = FileResult {
        path: display.clone(),
        url: String::new(),
        harness_status: "ERROR".into(),
        harness_message: None,
        tests: Vec::new(),
        errors: Vec::new(),
        console: Vec::new(),
        duration: Duration::ZERO,
    };
    let mut host_options = HostOptions::new(&options.root);
    host_options.script_timeout = options.script_timeout;
    // Virtual time is cheap: let timers run past testharness.js's own "long"
    // timeout (60 s), so that a slow page ends as TIMEOUT, not as idle.
    host_options.time_budget = Duration::from_secs(120);
    static REPORT: OnceLock<Arc<str>> = OnceLock::new();
    host_options.builtin_resources = vec![
        ("/resources/testharness.js".into(), options.harness()),
        (
            "/resources/testharnessreport.js".into(),
            REPORT.get_or_init(|| Arc::from(TESTHARNESS_REPORT)).clone(),
        ),
    ];
    let host = match Host::new(host_options) {
        Ok(h) => h,
        Err(e) => {
            result.harness_message = Some(e.to_string());
            return result;
        }
    };
    let Some(arg) = path.to_str() else {
        result.harness_message = Some("the path is not UTF-8".into());
        return result;
    };
    match host.resolve(arg) {
        Ok(url) => result.url = url.to_string(),
        Err(e) => {
            result.harness_message = Some(e.to_string());
            return result;
        }
    }
    if let Err(e) = host.open(arg) {
        result.harness_message = Some(e.to_string());
        return result;
    }
    let settled = host.wait_idle(Some(options.timeout));
    let console = host.console();
    let report = console
        .iter()
        .find_map(|m| m.text.strip_prefix(REPORT_MARK));
    match report.and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok()) {
        Some(v) => {
            result.harness_status = status_name(v["status"].as_i64().unwrap_or(1), true);
            result.harness_message = v["message"].as_str().map(str::to_string);
            if let Some(tests) = v["tests"].as_array() {
                for t in tests {
                    result.tests.push(SubtestResult {
                        name: t["name"].as_str().unwrap_or("").to_string(),
                        status: status_name(t["status"].as_i64().unwrap_or(1), false),
                        message: t["message"].as_str().map(str::to_string),
                    });
                }
            }
        }
        None => {
            result.harness_status = if settled {
                "ERROR".into()
            } else {
                "TIMEOUT".into()
            };
            let first_error = host
                .errors()
                .first()
                .map(|e| format!("{} ({}:{})", e.message, e.url, e.line));
            result.harness_message = Some(match (settled, first_error) {
                (false, _) => format!("the page was still busy after {} s", options.timeout.as_secs_f64()),
                (true, Some(e)) => format!("testharness.js reported no results; first error: {e}"),
                (true, None) => "testharness.js reported no results (does the page load /resources/testharness.js?)".into(),
            });
        }
    }
    result.console = console
        .into_iter()
        .filter(|m| !m.text.starts_with(REPORT_MARK))
        .collect();
    result.errors = host.errors();
    drop(host);
    result.duration = started.elapsed();
    result
}

/// What `--filter` keeps of a file: all of it when its path matches, else
/// only the subtests whose name does, and nothing when none does.
fn apply_filter(mut r: FileResult, filter: Option<&str>) -> Option<FileResult> {
    match filter {
        Some(f) if !r.path.contains(f) => {
            r.tests.retain(|t| t.name.contains(f));
            (!r.tests.is_empty()).then_some(r)
        }
        _ => Some(r),
    }
}

/// Runs `files` on `options.jobs` threads; `progress` is told of each file
/// as it finishes. Results come back in the order of `files`, without the
/// files `options.filter` leaves nothing of.
pub fn run_suite(
    files: &[PathBuf],
    options: &SuiteOptions,
    progress: &(dyn Fn(usize, &FileResult) + Sync),
) -> Vec<FileResult> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; files.len()]);
    let jobs = options.jobs.clamp(1, files.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|p| p.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(path) = files.get(i) else {
                        break;
                    };
                    let r = run_file(path, options);
                    progress(i, &r);
                    let r = apply_filter(r, options.filter.as_deref());
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = r;
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect()
}
