//! Running testharness.js pages (web-platform-tests) as a test suite.
//!
//! Every origin serves our `/resources/testharnessreport.js`, over any the
//! root has, which hands the results to the host through one console line,
//! and `/resources/testharness.js` where the root has none (from the npm
//! package wpt-runner, fetched at build time, or a file given by the
//! caller). Each test runs in its own host and tab, under virtual time: a
//! test that never completes hits testharness's own timeout in
//! milliseconds. The root is a fixture root (`isohost test`) or a
//! web-platform-tests checkout served as wptserve serves it (`isohost wpt`);
//! expectations (wptrunner metadata) say which results are expected.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use engine::runtime::serve::Site;
use engine::runtime::serve::wpt::WptSite;
use serde::Serialize;
use url::Url;

use crate::expectations::{Expectations, MetadataKey, TestExpectation};
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
    /// With expectations: what was expected, when this is not it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Not what was expected (without expectations: anything but PASS).
    #[serde(skip)]
    pub unexpected: bool,
}

impl SubtestResult {
    pub fn passed(&self) -> bool {
        self.status == "PASS"
    }
}

/// One file's (test's) outcome.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    /// The path as given (fixtures) or the test's id (`/dom/x.any.html`).
    pub path: String,
    pub url: String,
    /// OK, ERROR, TIMEOUT, PRECONDITION_FAILED, or SKIP (not run: the
    /// message says why).
    pub harness_status: String,
    pub harness_message: Option<String>,
    pub tests: Vec<SubtestResult>,
    /// With expectations: the expected harness status, when this is not it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The harness status is not what was expected.
    #[serde(skip)]
    pub harness_unexpected: bool,
    /// Where its expectations live.
    #[serde(skip)]
    pub metadata: Option<MetadataKey>,
    #[serde(skip)]
    pub errors: Vec<ScriptError>,
    #[serde(skip)]
    pub console: Vec<ConsoleMessage>,
    #[serde(skip)]
    pub duration: Duration,
}

impl FileResult {
    fn new(path: String) -> FileResult {
        FileResult {
            path,
            url: String::new(),
            harness_status: "ERROR".into(),
            harness_message: None,
            tests: Vec::new(),
            expected: None,
            harness_unexpected: false,
            metadata: None,
            errors: Vec::new(),
            console: Vec::new(),
            duration: Duration::ZERO,
        }
    }

    /// Subtests passed and failed; a harness error counts as one failure;
    /// a skipped test counts for neither.
    pub fn counts(&self) -> (usize, usize) {
        if self.skipped() {
            return (0, 0);
        }
        let passed = self.tests.iter().filter(|t| t.passed()).count();
        let mut failed = self.tests.len() - passed;
        if self.harness_status != "OK" {
            failed += 1;
        }
        (passed, failed)
    }

    /// Not run (disabled, or needing what isohost does not provide).
    pub fn skipped(&self) -> bool {
        self.harness_status == "SKIP"
    }

    /// Results that were not the expected ones (an unexpected pass counts).
    pub fn unexpected(&self) -> usize {
        usize::from(self.harness_unexpected) + self.tests.iter().filter(|t| t.unexpected).count()
    }

    /// Marks what was expected; `mark` puts the expected status in the
    /// report (runs with expectations).
    fn apply(&mut self, expectation: &TestExpectation, mark: bool) {
        if self.skipped() {
            return;
        }
        self.tests.retain(|t| {
            expectation
                .subtests
                .get(&t.name)
                .is_none_or(|s| s.disabled.is_none())
        });
        self.harness_unexpected = !expectation.harness_ok(&self.harness_status);
        if mark && self.harness_unexpected {
            self.expected = Some(expectation.harness_expected());
        }
        for t in &mut self.tests {
            t.unexpected = !expectation.subtest_ok(&t.name, &t.status);
            if mark && t.unexpected {
                t.expected = Some(expectation.subtest_expected(&t.name));
            }
        }
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub enum Target {
    /// A file inside the fixture root.
    Path(PathBuf),
    Url(Url),
}

/// One test to run.
#[derive(Debug, Clone)]
pub struct TestItem {
    /// What reports call it.
    pub id: String,
    pub target: Target,
    /// `timeout=long`: more real time before the runner gives up.
    pub long_timeout: bool,
    /// Reported as SKIP with this reason instead of run.
    pub skip: Option<String>,
    /// Where its expectations live.
    pub metadata: Option<MetadataKey>,
}

impl TestItem {
    /// A fixture file; its expectations are at its path under the root.
    pub fn fixture(path: &Path, root: &Path) -> TestItem {
        let relative = path
            .canonicalize()
            .ok()
            .zip(root.canonicalize().ok())
            .and_then(|(p, r)| p.strip_prefix(r).ok().map(Path::to_path_buf))
            .map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            });
        TestItem {
            id: path.display().to_string(),
            target: Target::Path(path.to_path_buf()),
            long_timeout: false,
            skip: None,
            metadata: relative.map(|source| MetadataKey {
                section: source.rsplit('/').next().unwrap_or(&source).to_string(),
                source,
            }),
        }
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
    /// Serve the root as a web-platform-tests checkout.
    pub wpt: bool,
    /// Expected results; without them everything is expected to pass.
    pub expectations: Option<Arc<Expectations>>,
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
            wpt: false,
            expectations: None,
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
    shard(files, options.shard)
}

/// The `index`-th of `count` deterministic slices of `items`.
pub fn shard<T>(items: Vec<T>, shard: Option<(usize, usize)>) -> std::io::Result<Vec<T>> {
    let Some((index, count)) = shard else {
        return Ok(items);
    };
    if index == 0 || index > count {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("shard {index}/{count}: use I/N with 1 <= I <= N"),
        ));
    }
    Ok(items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % count == index - 1)
        .map(|(_, f)| f)
        .collect())
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

/// Our testharnessreport.js, once.
fn report_script() -> Arc<str> {
    static REPORT: OnceLock<Arc<str>> = OnceLock::new();
    REPORT.get_or_init(|| Arc::from(TESTHARNESS_REPORT)).clone()
}

/// Runs one fixture file in a host of its own.
pub fn run_file(path: &Path, options: &SuiteOptions) -> FileResult {
    run_test(&TestItem::fixture(path, &options.root), options)
}

/// Runs one test in a host of its own, unless it is skipped or disabled.
pub fn run_test(item: &TestItem, options: &SuiteOptions) -> FileResult {
    let started = Instant::now();
    let mut result = FileResult::new(item.id.clone());
    result.metadata = item.metadata.clone();
    if let Target::Url(u) = &item.target {
        result.url = u.to_string();
    }
    let expectation = match (&options.expectations, &item.metadata) {
        (Some(e), Some(key)) => match e.lookup(key) {
            Ok(x) => x,
            Err(message) => {
                result.harness_message = Some(message);
                result.harness_unexpected = true;
                return result;
            }
        },
        _ => TestExpectation::default(),
    };
    let skip = item.skip.clone().or_else(|| {
        expectation
            .disabled
            .as_ref()
            .map(|r| format!("disabled: {r}"))
    });
    if let Some(reason) = skip {
        result.harness_status = "SKIP".into();
        result.harness_message = Some(reason);
        return result;
    }
    let wpt = if options.wpt {
        match WptSite::new(&options.root) {
            Ok(site) => Some(Arc::new(site)),
            Err(e) => {
                result.harness_message = Some(e.to_string());
                result.harness_unexpected = true;
                return result;
            }
        }
    } else {
        None
    };
    run_in_host(item, options, wpt.clone(), &mut result);
    // A test that asked for a Python handler did not get what it needs.
    if let Some(site) = wpt {
        let handlers = site.handlers_requested();
        if !handlers.is_empty() {
            result.harness_status = "SKIP".into();
            result.harness_message = Some(format!(
                "needs wptserve's Python handler{} {}, which isohost does not run",
                if handlers.len() == 1 { "" } else { "s" },
                handlers.join(", ")
            ));
            result.tests.clear();
        }
    }
    result.apply(&expectation, options.expectations.is_some());
    result.duration = started.elapsed();
    result
}

fn run_in_host(
    item: &TestItem,
    options: &SuiteOptions,
    wpt: Option<Arc<WptSite>>,
    result: &mut FileResult,
) {
    let mut host_options = HostOptions::new(&options.root);
    host_options.script_timeout = options.script_timeout;
    // Virtual time is cheap: let timers run past testharness.js's own "long"
    // timeout (60 s), so that a slow page ends as TIMEOUT, not as idle.
    host_options.time_budget = Duration::from_secs(120);
    host_options.builtin_resources = vec![("/resources/testharness.js".into(), options.harness())];
    host_options.override_resources =
        vec![("/resources/testharnessreport.js".into(), report_script())];
    if let Some(site) = wpt {
        host_options.site = Site::Wpt(site);
    }
    let host = match Host::new(host_options) {
        Ok(h) => h,
        Err(e) => {
            result.harness_message = Some(e.to_string());
            return;
        }
    };
    let arg = match &item.target {
        Target::Url(u) => u.to_string(),
        Target::Path(p) => match p.to_str() {
            Some(s) => s.to_string(),
            None => {
                result.harness_message = Some("the path is not UTF-8".into());
                return;
            }
        },
    };
    match host.resolve(&arg) {
        Ok(url) => result.url = url.to_string(),
        Err(e) => {
            result.harness_message = Some(e.to_string());
            return;
        }
    }
    if let Err(e) = host.open(&arg) {
        result.harness_message = Some(e.to_string());
        return;
    }
    let patience = if item.long_timeout {
        options.timeout * 2
    } else {
        options.timeout
    };
    let settled = host.wait_idle(Some(patience));
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
                    let status = status_name(t["status"].as_i64().unwrap_or(1), false);
                    result.tests.push(SubtestResult {
                        name: t["name"].as_str().unwrap_or("").to_string(),
                        unexpected: status != "PASS",
                        status,
                        message: t["message"].as_str().map(str::to_string),
                        expected: None,
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
                (false, _) => format!("the page was still busy after {} s", patience.as_secs_f64()),
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

/// Runs `tests` on `options.jobs` threads; `progress` is told of each test
/// as it finishes. Results come back in the order of `tests`, without the
/// tests `options.filter` leaves nothing of.
pub fn run_suite(
    files: &[TestItem],
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
                    let r = run_test(path, options);
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
