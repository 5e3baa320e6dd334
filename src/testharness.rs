//! Running testharness.js pages (web-platform-tests) as a test suite.
//!
//! Every origin serves our `/resources/testharnessreport.js`, over any the
//! root has, which hands the results to the host through a function only
//! the top-level test document's realm holds (never console text),
//! and `/resources/testharness.js` where the root has none (from the npm
//! package wpt-runner, fetched at build time, or a file given by the
//! caller). Each test runs in its own host and tab, under virtual time: a
//! test that never completes hits testharness's own timeout in
//! milliseconds. The root is a fixture root (`isohost test`) or a
//! web-platform-tests checkout served as wptserve serves it (`isohost wpt`);
//! expectations (wptrunner metadata) say which results are expected.
//!
//! Key files: `testharness/walk.rs` (finding test files, never outside the
//! root), `testharness/select.rs` (`--grep`), `testharness/places.rs`
//! (stacks → file:line:column and code frames).
//!
//! Counting, as wptrunner does: a file (test) has a harness status (OK,
//! ERROR, TIMEOUT, PRECONDITION_FAILED, or SKIP when not run); its
//! subtests have theirs (PASS, FAIL, TIMEOUT, NOTRUN, PRECONDITION_FAILED).
//! The two are counted apart: `passed`/`failed` are subtests only, and a
//! harness status that is not the expected one (OK without expectations)
//! is an unexpected result of its own.

pub mod places;
pub mod select;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use engine::runtime::loader::Loader;
use engine::runtime::options::{TESTHARNESS_PATH, TESTHARNESS_REPORT_PATH};
use engine::runtime::serve::Site;
use engine::runtime::serve::wpt::WptSite;
use serde::{Serialize, Serializer};
use url::Url;

pub use self::places::Place;
pub use self::select::{Pattern, Selection};
use crate::expectations::{Expectations, MetadataKey, TestExpectation};
use crate::{ConsoleMessage, Host, HostOptions, Level};

/// testharness.js as fetched at build time (empty if it could not be).
pub const BUNDLED_TESTHARNESS: &str = include_str!(concat!(env!("OUT_DIR"), "/testharness.js"));

/// Our testharnessreport.js: results go to the host through a channel
/// only this script can take, once, in the top-level test document after
/// testharness.js ran there (`isohostClaimTestReport`, whose bindings set
/// `setup({output: false})`, time each subtest on the page's clock and
/// report with primordials), never through console text. In any other
/// document it only turns testharness.js's DOM output off.
pub const TESTHARNESS_REPORT: &str = r#"// isohost's testharnessreport.js: results go to the host, not the page.
if (!(typeof isohostClaimTestReport === 'function' && isohostClaimTestReport()) &&
    typeof setup === 'function') {
  setup({ output: false });
}
"#;

/// One subtest's outcome.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubtestResult {
    /// Its name, as the test gave it.
    pub name: String,
    /// PASS, FAIL, TIMEOUT, NOTRUN or PRECONDITION_FAILED.
    pub status: String,
    /// The failed assertion's message, if any.
    pub message: Option<String>,
    /// With expectations: what was expected, when this is not it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The stack testharness.js recorded for a failure, its own frames removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// Where the failure happened: the stack's first frame in the test's
    /// own scripts, as a file under the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// From its first step to its result, on the page's clock (real time,
    /// plus the jumps of virtual time).
    #[serde(
        rename = "duration_ms",
        serialize_with = "millis_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<Duration>,
    /// Not what was expected (without expectations: anything but PASS).
    #[serde(skip)]
    pub unexpected: bool,
}

impl SubtestResult {
    /// Whether it passed.
    pub fn passed(&self) -> bool {
        self.status == "PASS"
    }
}

/// An uncaught error of the page (or a load failure), with the file it
/// maps to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageError {
    /// V8's message (`Uncaught TypeError: …`) or the load failure.
    pub message: String,
    /// The script's URL.
    pub url: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// The file and place it maps to, when the URL maps to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// One file's (test's) outcome.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    /// The path as given (fixtures), the URL as given, or the test's id
    /// (`/dom/x.any.html`).
    pub path: String,
    /// The URL it was opened at.
    pub url: String,
    /// OK, ERROR, TIMEOUT, PRECONDITION_FAILED, or SKIP (not run: the
    /// message says why).
    pub harness_status: String,
    /// Why the harness status is not OK, if it says.
    pub harness_message: Option<String>,
    /// The harness error's stack, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harness_stack: Option<String>,
    /// Where the harness error was thrown, when it maps to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harness_place: Option<Place>,
    /// Its subtests, in the order they were defined.
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
    /// What the page printed.
    pub console: Vec<ConsoleMessage>,
    /// Uncaught errors and load failures of its frames and workers.
    pub errors: Vec<PageError>,
    /// Why the run fails this file although its results were expected
    /// (`--fail-on-console-error`, `--fail-on-page-error`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policy_failures: Vec<String>,
    /// Wall time, start to end.
    #[serde(rename = "duration_ms", serialize_with = "millis")]
    pub duration: Duration,
    /// Which of `--repeat-each N` runs this is (from 1), when N > 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<u32>,
    /// Earlier attempts (`--retries`), each with unexpected results; this
    /// is the last one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<FileResult>,
    /// Set when an earlier attempt had unexpected results and this one had
    /// none: reported as flaky, never as a plain pass.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flaky: bool,
}

fn millis<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn millis_opt<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => millis(d, s),
        None => s.serialize_none(),
    }
}

impl FileResult {
    fn new(path: String) -> FileResult {
        FileResult {
            path,
            url: String::new(),
            harness_status: "ERROR".into(),
            harness_message: None,
            harness_stack: None,
            harness_place: None,
            tests: Vec::new(),
            expected: None,
            harness_unexpected: false,
            metadata: None,
            console: Vec::new(),
            errors: Vec::new(),
            policy_failures: Vec::new(),
            duration: Duration::ZERO,
            repeat: None,
            attempts: Vec::new(),
            flaky: false,
        }
    }

    /// Subtests passed and failed (anything but PASS). The harness status
    /// is not counted here: see [`FileResult::harness_ok`].
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.tests.iter().filter(|t| t.passed()).count();
        (passed, self.tests.len() - passed)
    }

    /// The harness ended OK (or the file was skipped).
    pub fn harness_ok(&self) -> bool {
        self.harness_status == "OK" || self.skipped()
    }

    /// Not run (disabled, or needing what isohost does not provide).
    pub fn skipped(&self) -> bool {
        self.harness_status == "SKIP"
    }

    /// Results that were not the expected ones (an unexpected pass counts),
    /// and each policy failure.
    pub fn unexpected(&self) -> usize {
        usize::from(self.harness_unexpected)
            + self.tests.iter().filter(|t| t.unexpected).count()
            + self.policy_failures.len()
    }

    /// Everything was as expected, and something did not pass (expected
    /// failures: XFAIL).
    pub fn expected_failures(&self) -> bool {
        self.unexpected() == 0 && (!self.harness_ok() || self.tests.iter().any(|t| !t.passed()))
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

    /// Applies `--fail-on-console-error` and `--fail-on-page-error`.
    fn apply_policy(&mut self, options: &SuiteOptions) {
        if self.skipped() {
            return;
        }
        if options.fail_on_console_error {
            for m in self.console.iter().filter(|m| m.level == Level::Error) {
                self.policy_failures
                    .push(format!("console.error: {}", m.text));
            }
        }
        if options.fail_on_page_error {
            for e in &self.errors {
                self.policy_failures.push(format!(
                    "page error: {} ({}:{}:{})",
                    e.message, e.url, e.line, e.column
                ));
            }
        }
    }

    /// What `selection` keeps of this result: the subtests it selects;
    /// `None` when it keeps nothing.
    fn select(mut self, selection: &Selection) -> Option<FileResult> {
        if selection.is_empty() {
            return Some(self);
        }
        if self.tests.is_empty() {
            return selection.keeps(&self.path, None).then_some(self);
        }
        let path = self.path.clone();
        self.tests.retain(|t| selection.keeps(&path, Some(&t.name)));
        (!self.tests.is_empty()).then_some(self)
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub enum Target {
    /// A file inside the fixture root.
    Path(PathBuf),
    /// A URL of the site (a fixture's, or a WPT test's).
    Url(Url),
}

/// One test to run.
#[derive(Debug, Clone)]
pub struct TestItem {
    /// What reports call it.
    pub id: String,
    /// What it opens.
    pub target: Target,
    /// `timeout=long`: more real time before the runner gives up.
    pub long_timeout: bool,
    /// Reported as SKIP with this reason instead of run.
    pub skip: Option<String>,
    /// Where its expectations live.
    pub metadata: Option<MetadataKey>,
}

/// The metadata key of the file at `relative` (slash-separated, under the
/// root): the file's path, and its name as the section.
fn fixture_key(relative: &Path) -> MetadataKey {
    let source = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    MetadataKey {
        section: source.rsplit('/').next().unwrap_or(&source).to_string(),
        source,
    }
}

impl TestItem {
    /// A fixture file; its expectations are at its path under the root.
    pub fn fixture(path: &Path, root: &Path) -> TestItem {
        let relative = path
            .canonicalize()
            .ok()
            .zip(root.canonicalize().ok())
            .and_then(|(p, r)| p.strip_prefix(r).ok().map(Path::to_path_buf));
        TestItem {
            id: path.display().to_string(),
            target: Target::Path(path.to_path_buf()),
            long_timeout: false,
            skip: None,
            metadata: relative.as_deref().map(fixture_key),
        }
    }

    /// A fixture given by its URL (`http://a.test/x.html`); its
    /// expectations are at the file's path under the root.
    pub fn fixture_url(url: &Url, root: &Path) -> TestItem {
        let metadata = Loader::new(root, &Site::Fixtures).ok().and_then(|l| {
            let file = l.path_of(url).ok()?;
            file.strip_prefix(l.root()).ok().map(fixture_key)
        });
        TestItem {
            id: url.to_string(),
            target: Target::Url(url.clone()),
            long_timeout: false,
            skip: None,
            metadata,
        }
    }
}

/// How to run a suite.
#[derive(Clone)]
pub struct SuiteOptions {
    /// The fixture root (or WPT checkout) served.
    pub root: PathBuf,
    /// Files run at once (`--jobs`), each in a host of its own.
    pub jobs: usize,
    /// (index from 1, count).
    pub shard: Option<(usize, usize)>,
    /// `--grep` and `--grep-invert`.
    pub selection: Selection,
    /// Real seconds a file may take before it is abandoned.
    pub timeout: Duration,
    /// The testharness.js served at `/resources/testharness.js` (`None`:
    /// the one found at build time, or the checkout's).
    pub testharness: Option<Arc<str>>,
    /// Real time a task may run before it is stopped
    /// (`HostOptions::script_timeout`).
    pub script_timeout: Duration,
    /// Serve the root as a web-platform-tests checkout.
    pub wpt: bool,
    /// Expected results; without them everything is expected to pass.
    pub expectations: Option<Arc<Expectations>>,
    /// Runs of each test (`--repeat-each`), at least 1.
    pub repeat_each: u32,
    /// More attempts for a test with unexpected results (`--retries`).
    pub retries: u32,
    /// A `console.error` line fails its file.
    pub fail_on_console_error: bool,
    /// An uncaught page error fails its file.
    pub fail_on_page_error: bool,
    /// Clock time after which timers stop firing, per file.
    pub time_budget: Duration,
    /// Seed of every file's random sources (the same for all: a file's
    /// results depend on its own pages only).
    pub seed: u64,
    /// What `Date.now()` reads when each file starts.
    pub clock_start: SystemTime,
    /// Memory cap outside the V8 heap, per agent (MiB).
    pub max_memory_mb: usize,
    /// Memory cap outside the V8 heaps, for each file's host (MiB).
    pub max_host_memory_mb: usize,
    /// Every page and worker is cross-origin isolated
    /// (`HostOptions::cross_origin_isolated`).
    pub cross_origin_isolated: bool,
}

impl SuiteOptions {
    /// The defaults over `root`: one job per CPU, nothing selected out,
    /// no expectations, a drawn seed, the wall clock.
    pub fn new(root: impl Into<PathBuf>) -> SuiteOptions {
        SuiteOptions {
            root: root.into(),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            shard: None,
            selection: Selection::default(),
            timeout: Duration::from_secs(60),
            testharness: None,
            script_timeout: Duration::from_secs(10),
            wpt: false,
            expectations: None,
            repeat_each: 1,
            retries: 0,
            fail_on_console_error: false,
            fail_on_page_error: false,
            // Virtual time is cheap: let timers run past testharness.js's
            // own "long" timeout (60 s), so that a slow page ends as
            // TIMEOUT, not as idle.
            time_budget: Duration::from_secs(120),
            seed: engine::runtime::random::random_seed(),
            clock_start: engine::runtime::clock::now_in_whole_seconds(),
            max_memory_mb: engine::runtime::options::DEFAULT_MAX_MEMORY_MB,
            max_host_memory_mb: engine::runtime::options::DEFAULT_MAX_HOST_MEMORY_MB,
            cross_origin_isolated: false,
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
/// recursively for `*.html` files that load testharness.js (see
/// [`walk`]), each file once. Sorted, then sharded.
pub fn collect(inputs: &[PathBuf], options: &SuiteOptions) -> std::io::Result<Vec<PathBuf>> {
    let strings: Vec<String> = inputs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let found = walk::find(&strings, &options.root)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::NotFound, e))?;
    let mut files: Vec<PathBuf> = found
        .entries
        .into_iter()
        .filter_map(|e| match e {
            walk::Input::File(p) => Some(p),
            walk::Input::Url(_) => None,
        })
        .collect();
    files.sort();
    shard(files, options.shard)
}

/// The tests `inputs` (files, directories, URLs) name under a fixture
/// root, sharded, and what the walk left out. Files come in path order,
/// URLs where they were given.
pub fn fixture_items(
    inputs: &[String],
    options: &SuiteOptions,
) -> Result<(Vec<TestItem>, Vec<String>), String> {
    let found = walk::find(inputs, &options.root)?;
    let items = found
        .entries
        .iter()
        .map(|e| match e {
            walk::Input::File(p) => TestItem::fixture(p, &options.root),
            walk::Input::Url(u) => TestItem::fixture_url(u, &options.root),
        })
        .collect();
    let items = shard(items, options.shard).map_err(|e| e.to_string())?;
    Ok((items, found.notes))
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
    if let Some(site) = &wpt {
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
    place_failures(&mut result, options, wpt);
    result.apply(&expectation, options.expectations.is_some());
    result.apply_policy(options);
    result.duration = started.elapsed();
    result
}

/// Maps the stacks and page errors of `result` to places in its files.
fn place_failures(result: &mut FileResult, options: &SuiteOptions, wpt: Option<Arc<WptSite>>) {
    let needs = result.harness_stack.is_some()
        || !result.errors.is_empty()
        || result.tests.iter().any(|t| t.stack.is_some());
    if !needs {
        return;
    }
    let site = wpt.map_or(Site::Fixtures, Site::Wpt);
    let Ok(loader) = Loader::new(&options.root, &site) else {
        return;
    };
    let sources = places::Sources::new(loader);
    for t in &mut result.tests {
        t.place = t.stack.as_deref().and_then(|s| sources.place_of_stack(s));
    }
    result.harness_place = result
        .harness_stack
        .as_deref()
        .and_then(|s| sources.place_of_stack(s));
    for e in &mut result.errors {
        e.place = sources.place_of(&e.url, e.line, e.column);
    }
    // A harness error from an uncaught exception: its place is the error's.
    if result.harness_place.is_none() && result.harness_status == "ERROR" {
        result.harness_place = result.errors.iter().find_map(|e| e.place.clone());
    }
}

fn run_in_host(
    item: &TestItem,
    options: &SuiteOptions,
    wpt: Option<Arc<WptSite>>,
    result: &mut FileResult,
) {
    let mut host_options = HostOptions::new(&options.root);
    host_options.script_timeout = options.script_timeout;
    host_options.time_budget = options.time_budget;
    host_options.seed = Some(options.seed);
    host_options.clock_start = Some(options.clock_start);
    host_options.max_memory_mb = options.max_memory_mb;
    host_options.max_host_memory_mb = options.max_host_memory_mb;
    host_options.cross_origin_isolated = options.cross_origin_isolated;
    // Results come only through the trusted channel, once. A page may
    // never become idle after reporting (a message ping-pong that goes on
    // for ever, as in browsers, which just close the tab): once
    // testharness.js has reported, stop waiting.
    let results: Arc<Mutex<Option<String>>> = Arc::default();
    let reported = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let results = Arc::clone(&results);
        let seen = Arc::clone(&reported);
        host_options.test_results = Some(Arc::new(move |json: &str| {
            let mut first = results.lock().unwrap_or_else(|p| p.into_inner());
            if first.is_none() {
                *first = Some(json.to_string());
                seen.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    host_options.builtin_resources = vec![(TESTHARNESS_PATH.into(), options.harness())];
    host_options.override_resources = vec![(TESTHARNESS_REPORT_PATH.into(), report_script())];
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
    let deadline = Instant::now() + patience;
    let settled = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if host.wait_idle(Some(left.min(Duration::from_millis(100)))) {
            break true;
        }
        if reported.load(std::sync::atomic::Ordering::Relaxed) || left.is_zero() {
            break false;
        }
    };
    let console = host.console();
    let errors = host.errors();
    let report = results.lock().unwrap_or_else(|p| p.into_inner()).take();
    match report.and_then(|r| serde_json::from_str::<serde_json::Value>(&r).ok()) {
        Some(v) => {
            result.harness_status = status_name(v["status"].as_i64().unwrap_or(1), true);
            result.harness_message = v["message"].as_str().map(str::to_string);
            result.harness_stack = v["stack"].as_str().map(str::to_string);
            if let Some(tests) = v["tests"].as_array() {
                for t in tests {
                    let status = status_name(t["status"].as_i64().unwrap_or(1), false);
                    let duration = t["duration"]
                        .as_f64()
                        .filter(|d| d.is_finite() && *d >= 0.0 && *d < 1e12)
                        .map(|ms| Duration::from_secs_f64(ms / 1000.0));
                    result.tests.push(SubtestResult {
                        name: t["name"].as_str().unwrap_or("").to_string(),
                        unexpected: status != "PASS",
                        status,
                        message: t["message"].as_str().map(str::to_string),
                        expected: None,
                        stack: t["stack"].as_str().map(str::to_string),
                        place: None,
                        duration,
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
            let first_error = errors
                .first()
                .map(|e| format!("{} ({}:{})", e.message, e.url, e.line));
            result.harness_message = Some(match (settled, first_error) {
                (false, _) => format!("the page was still busy after {} s", patience.as_secs_f64()),
                (true, Some(e)) => format!("testharness.js reported no results; first error: {e}"),
                (true, None) => "testharness.js reported no results (does the page load /resources/testharness.js?)".into(),
            });
        }
    }
    result.console = console;
    result.errors = errors
        .into_iter()
        .map(|e| PageError {
            message: e.message,
            url: e.url,
            line: e.line,
            column: e.column,
            place: None,
        })
        .collect();
}

/// What [`run_suite`] tells its caller while it runs.
#[derive(Debug)]
pub enum Event<'a> {
    /// Test `index` of the expanded list starts (`attempt` from 1).
    Started {
        /// Its index in the expanded list.
        index: usize,
        /// Its attempt, from 1.
        attempt: u32,
    },
    /// Test `index` had unexpected results and runs again.
    Retrying {
        /// Its index in the expanded list.
        index: usize,
        /// The attempt that failed.
        failed: &'a FileResult,
    },
    /// Test `index` is done; `None` when `--grep` kept nothing of it.
    Finished {
        /// Its index in the expanded list.
        index: usize,
        /// Its result.
        result: Option<&'a FileResult>,
    },
}

/// The tests a run goes through: each of `items` `repeat_each` times in a
/// row, with its repeat number when there is more than one; the files the
/// selection settles by path alone are left out.
pub fn plan(items: &[TestItem], options: &SuiteOptions) -> Vec<(TestItem, Option<u32>)> {
    let n = options.repeat_each.max(1);
    items
        .iter()
        .filter(|i| !options.selection.excludes_file(&i.id))
        .flat_map(|i| (1..=n).map(move |r| (i.clone(), (n > 1).then_some(r))))
        .collect()
}

/// Runs one planned test, again while it has unexpected results and
/// retries remain.
fn run_with_retries(
    index: usize,
    item: &TestItem,
    repeat: Option<u32>,
    options: &SuiteOptions,
    events: &(dyn Fn(Event<'_>) + Sync),
) -> FileResult {
    let mut r = retry(options.retries, |attempt, failed| {
        if let Some(failed) = failed {
            events(Event::Retrying { index, failed });
        }
        events(Event::Started { index, attempt });
        run_test(item, options)
    });
    r.repeat = repeat;
    for a in &mut r.attempts {
        a.repeat = repeat;
    }
    r
}

/// Attempts a test up to `retries` more times while it has unexpected
/// results; `attempt(n, previous failure)` runs attempt `n` (from 1). The
/// last attempt is the result, the earlier ones its `attempts`; a result
/// with none unexpected after a failed attempt is flaky.
fn retry(
    retries: u32,
    mut attempt: impl FnMut(u32, Option<&FileResult>) -> FileResult,
) -> FileResult {
    let mut earlier: Vec<FileResult> = Vec::new();
    let mut n = 1;
    loop {
        let r = attempt(n, earlier.last());
        if r.unexpected() == 0 || n > retries {
            let mut r = r;
            r.flaky = !earlier.is_empty() && r.unexpected() == 0;
            r.attempts = earlier;
            return r;
        }
        earlier.push(r);
        n += 1;
    }
}

/// Runs the planned tests (see [`plan`]) on `options.jobs` threads;
/// `events` hears of each as it starts and finishes. Results come back in
/// plan order, without the tests the selection keeps nothing of.
pub fn run_planned(
    planned: &[(TestItem, Option<u32>)],
    options: &SuiteOptions,
    events: &(dyn Fn(Event<'_>) + Sync),
) -> Vec<FileResult> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; planned.len()]);
    let jobs = options.jobs.clamp(1, planned.len().max(1));
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
                    let Some((item, repeat)) = planned.get(i) else {
                        break;
                    };
                    let r = run_with_retries(i, item, *repeat, options, events)
                        .select(&options.selection);
                    events(Event::Finished {
                        index: i,
                        result: r.as_ref(),
                    });
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

/// Runs `tests` (repeated, retried and selected as `options` say) on
/// `options.jobs` threads; `progress` is told of each as it finishes.
pub fn run_suite(
    tests: &[TestItem],
    options: &SuiteOptions,
    progress: &(dyn Fn(usize, &FileResult) + Sync),
) -> Vec<FileResult> {
    let planned = plan(tests, options);
    run_planned(&planned, options, &|e| {
        if let Event::Finished {
            index,
            result: Some(r),
        } = e
        {
            progress(index, r);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(status: &str) -> FileResult {
        let mut r = FileResult::new("t.html".into());
        r.harness_status = "OK".into();
        r.tests.push(SubtestResult {
            name: "a".into(),
            unexpected: status != "PASS",
            status: status.into(),
            message: None,
            expected: None,
            stack: None,
            place: None,
            duration: None,
        });
        r
    }

    #[test]
    fn a_test_passing_on_a_retry_is_flaky_with_its_failed_attempts_kept() {
        let mut seen = Vec::new();
        let r = retry(3, |n, previous| {
            seen.push((n, previous.map(|p| p.tests[0].status.clone())));
            outcome(if n < 3 { "FAIL" } else { "PASS" })
        });
        assert!(r.flaky);
        assert_eq!(r.unexpected(), 0);
        assert_eq!(r.attempts.len(), 2);
        assert!(r.attempts.iter().all(|a| a.tests[0].status == "FAIL"));
        assert_eq!(
            seen,
            vec![
                (1, None),
                (2, Some("FAIL".into())),
                (3, Some("FAIL".into()))
            ]
        );
    }

    #[test]
    fn a_test_failing_every_attempt_is_a_failure_and_a_pass_is_not_retried() {
        let r = retry(2, |_, _| outcome("FAIL"));
        assert!(!r.flaky);
        assert_eq!((r.unexpected(), r.attempts.len()), (1, 2));
        let mut runs = 0;
        let r = retry(5, |_, _| {
            runs += 1;
            outcome("PASS")
        });
        assert!(!r.flaky && r.attempts.is_empty());
        assert_eq!(runs, 1);
    }
}
