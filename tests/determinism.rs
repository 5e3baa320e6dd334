//! Same pages, same result: with a fixed `--seed` and `--clock-start`, what
//! `isohost` prints does not depend on `--jobs` or on the machine's load;
//! without them, the order of what pages print still does not. And the
//! event loop is fair: message floods do not starve timers.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::isohost;
use serde_json::Value;

const REPLAY: [&str; 4] = ["--seed", "1234", "--clock-start", "2024-02-29T12:00:00Z"];

/// The bundled scenarios `open` is for: frames of every kind, workers, tabs
/// opened by script, errors, and a page printing clocks and random numbers.
const SCENARIOS: &[&str] = &[
    "http://a.test/",
    "http://a.test/nested.html",
    "http://a.test/named.html",
    "http://a.test/data-frame.html",
    "http://a.test/errors/script-errors.html",
    "http://a.test/errors/rejections.html",
    "http://a.test/workers/basic.html",
    "http://a.test/clock/replay.html",
    "http://c.test/tabs-and-workers.html",
    "http://c.test/opens-worker-tab.html",
    "http://c.test/sandboxed-srcdoc.html",
    "http://c.test/worker-then-frame.html",
];

/// Threads spinning on every core until dropped: the runs compete for CPU.
struct BusyCores {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl BusyCores {
    fn start() -> BusyCores {
        let stop = Arc::new(AtomicBool::new(false));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let threads = (0..cores)
            .map(|_| {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
                    }
                })
            })
            .collect();
        BusyCores { stop, threads }
    }
}

impl Drop for BusyCores {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn run(args: &[&str]) -> String {
    let (code, out, err) = isohost(args);
    assert!(
        code == 0 || code == 1,
        "isohost {args:?} failed ({code}): {err}"
    );
    out
}

/// The `test --format json` output of the whole `pages/` suite, without the
/// real-time durations (everything else must repeat byte for byte).
fn test_suite(jobs: &str, replay: &[&str]) -> String {
    let mut args = vec!["test", "pages/", "--format", "json", "--jobs", jobs];
    args.extend_from_slice(replay);
    let mut v: Value = serde_json::from_str(&run(&args)).expect("JSON");
    drop_durations(&mut v);
    serde_json::to_string_pretty(&v).expect("JSON")
}

fn drop_durations(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("duration_ms");
            map.values_mut().for_each(drop_durations);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_durations),
        _ => {}
    }
}

fn open_json(url: &str, replay: &[&str]) -> String {
    let mut args = vec!["open", url, "--format", "json"];
    args.extend_from_slice(replay);
    run(&args)
}

/// Runs each scenario twice, four processes at a time (competing with each
/// other and the busy cores), returning both outputs per scenario.
fn scenarios_twice(replay: &'static [&'static str]) -> Vec<(&'static str, String, String)> {
    let runs: Vec<(usize, &'static str)> = (0..2)
        .flat_map(|run| SCENARIOS.iter().map(move |url| (run, *url)))
        .collect();
    let next = std::sync::Mutex::new(0usize);
    let outputs = std::sync::Mutex::new(vec![String::new(); runs.len()]);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().expect("lock");
                        *n += 1;
                        *n - 1
                    };
                    let Some((_, url)) = runs.get(i) else { break };
                    let out = open_json(url, replay);
                    outputs.lock().expect("lock")[i] = out;
                }
            });
        }
    });
    let outputs = outputs.into_inner().expect("lock");
    let (first, second) = outputs.split_at(SCENARIOS.len());
    SCENARIOS
        .iter()
        .zip(first.iter().zip(second))
        .map(|(url, (a, b))| (*url, a.clone(), b.clone()))
        .collect()
}

#[test]
fn a_fixed_seed_and_clock_start_repeat_every_byte_whatever_the_jobs_and_the_load() {
    let busy = BusyCores::start();
    let one = test_suite("1", &REPLAY);
    let four = test_suite("4", &REPLAY);
    let v: Value = serde_json::from_str(&one).expect("JSON");
    assert!(
        v["files"].as_array().is_some_and(|f| f.len() > 20),
        "the whole suite ran: {one}"
    );
    assert_eq!(v["failed"], 0, "{one}");
    assert_eq!(one, four, "--jobs 1 and --jobs 4 under load print the same");
    for (url, a, b) in scenarios_twice(&REPLAY) {
        assert!(a.contains("\"console\""), "{url}: {a}");
        assert_eq!(a, b, "{url}: two runs under load print the same");
    }
    drop(busy);
}

/// A console line's text with each run of digits masked (pages print
/// clocks and random numbers, which only the seed and the clock start fix).
fn masked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// `out` with every UUID masked: blob URLs' UUIDs are random numbers too,
/// fixed only by the seed.
fn uuids_masked(out: &str) -> String {
    let uuid = regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        .expect("regex");
    uuid.replace_all(out, "UUID").into_owned()
}

#[test]
fn without_seed_and_clock_start_the_order_of_lines_and_results_still_repeats() {
    let busy = BusyCores::start();
    let results = |out: &str| -> Value {
        let v: Value = serde_json::from_str(&uuids_masked(out)).expect("JSON");
        v["files"].clone()
    };
    let a = test_suite("2", &[]);
    let b = test_suite("4", &[]);
    assert_eq!(results(&a), results(&b));
    let seed = |out: &str| serde_json::from_str::<Value>(out).expect("JSON")["seed"].clone();
    assert_ne!(seed(&a), seed(&b), "a random seed each run, reported");
    for (url, a, b) in scenarios_twice(&[]) {
        let lines = |out: &str| -> Vec<(Value, Value, String)> {
            let v: Value = serde_json::from_str(out).expect("JSON");
            v["console"]
                .as_array()
                .expect("console")
                .iter()
                .map(|m| {
                    (
                        m["frame"].clone(),
                        m["level"].clone(),
                        masked(m["text"].as_str().unwrap_or("")),
                    )
                })
                .collect()
        };
        assert_eq!(lines(&a), lines(&b), "{url}");
    }
    drop(busy);
}

#[test]
fn the_seed_and_clock_start_are_reported_and_replay_a_failing_run() {
    let (_, out, _) = isohost(&[
        "open",
        "http://a.test/errors/script-errors.html",
        "--seed",
        "99",
        "--clock-start",
        "2024-02-29T13:00:00+01:00",
    ]);
    assert!(
        out.contains("note: to replay this run: --seed 99 --clock-start 2024-02-29T12:00:00Z"),
        "{out}"
    );
    let v: Value = serde_json::from_str(&open_json("http://a.test/hello.html", &[])).expect("JSON");
    assert!(v["seed"].is_u64(), "{v}");
    let start = v["clock_start"].as_str().expect("clock_start");
    // What was reported replays the run: Date.now() starts there.
    let (_, again, _) = isohost(&[
        "open",
        "http://a.test/clock/timers.html",
        "--format",
        "json",
        "--clock-start",
        start,
    ]);
    let again: Value = serde_json::from_str(&again).expect("JSON");
    assert_eq!(again["clock_start"], start);

    let (_, junit, _) = isohost(&[
        "test",
        "pages/a.test/tests/smoke.html",
        "--format",
        "junit",
        "--seed",
        "7",
        "--clock-start",
        "2024-02-29T12:00:00Z",
    ]);
    let doc = roxmltree::Document::parse(&junit).expect("XML");
    let property = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value"))
            .map(str::to_string)
    };
    assert_eq!(property("seed").as_deref(), Some("7"));
    assert_eq!(
        property("clock_start").as_deref(),
        Some("2024-02-29T12:00:00Z")
    );
}

#[test]
fn a_bad_clock_start_fails_in_one_line() {
    let (code, out, err) = isohost(&["open", "http://a.test/", "--clock-start", "yesterday"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("RFC 3339") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn a_30_second_timer_fires_under_the_default_30_second_budget() {
    let (code, out, _) = isohost(&["open", "http://a.test/clock/thirty-seconds.html"]);
    assert_eq!(code, 0);
    assert!(out.contains("30 s later"), "{out}");
    assert!(!out.contains("time budget"), "{out}");
}

#[test]
fn the_budget_notice_names_the_frame_whose_timers_it_cut() {
    let (_, out, _) = isohost(&[
        "open",
        "http://a.test/clock/budget.html",
        "--time-budget",
        "1",
    ]);
    assert!(out.contains("due at the budget"), "{out}");
    assert!(!out.contains("past the budget"), "{out}");
    assert!(
        out.contains(
            "note: the time budget stopped timers that were still pending in frame 1 http://a.test/clock/budget.html"
        ),
        "{out}"
    );
}

#[test]
fn test_takes_a_time_budget() {
    // The page's 30 s timer and testharness.js's own timeout are past a
    // 10 s budget: the page goes idle without reporting.
    let (code, out, _) = isohost(&[
        "test",
        "pages/a.test/tests/timers-virtual-time.html",
        "--time-budget",
        "10",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("reported no results"), "{out}");
    let (code, out, _) = isohost(&["test", "pages/a.test/tests/timers-virtual-time.html"]);
    assert_eq!(code, 0, "{out}");
}

/// `../shared/wpt/tree`, if present.
fn wpt_tree() -> Option<PathBuf> {
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/wpt/tree");
    tree.is_dir().then_some(tree)
}

#[test]
fn wpt_message_loops_no_longer_starve_the_timers_they_wait_for() {
    let Some(tree) = wpt_tree() else {
        eprintln!("SKIPPED: ../shared/wpt is absent; the two WPT event-loop files were not run");
        return;
    };
    let files = [
        "webmessaging/MessageEvent_onmessage_postMessage_infinite_loop.html",
        "html/browsers/sandboxing/sandbox-window-open-srcdoc.html",
    ];
    // Served as wptserve would: ROOT/web-platform.test/<path>.
    let root = tempfile::tempdir().expect("a temporary root");
    let site = root.path().join("web-platform.test");
    for f in files {
        let to = site.join(f);
        std::fs::create_dir_all(to.parent().expect("a directory")).expect("mkdir");
        std::fs::copy(tree.join(f), &to).expect("copies");
    }
    let root_arg = root.path().to_str().expect("UTF-8");
    let site_arg = site.to_str().expect("UTF-8");
    let (code, out, err) = isohost(&[
        "test",
        "--root",
        root_arg,
        site_arg,
        "--format",
        "json",
        "--timeout",
        "30",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    for file in v["files"].as_array().expect("files") {
        assert_eq!(file["harness_status"], "OK", "{file}");
        assert!(
            file["tests"]
                .as_array()
                .is_some_and(|t| !t.is_empty() && t.iter().all(|t| t["status"] == "PASS")),
            "{file}"
        );
    }
    assert_eq!(code, 0, "{out}");
}

/// What the scenarios leave, as JSON: console lines, errors, frames and
/// workers, opened one after another in one host (`one_host`), or each in
/// a host of its own.
fn scenarios_in_hosts(spare_tabs: usize, one_host: bool) -> String {
    let new_host = || {
        common::host_with(|o| {
            o.seed = Some(1234);
            o.clock_start =
                Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_709_208_000));
            o.spare_tabs = spare_tabs;
        })
    };
    let report = |host: &isohost::Host| {
        serde_json::json!({
            "console": host.console(),
            "errors": host.errors(),
            "frames": host.frames(),
            "workers": host.workers(),
        })
    };
    let wait = std::time::Duration::from_secs(60);
    let mut out = Vec::new();
    if one_host {
        let host = new_host();
        for url in SCENARIOS {
            host.open(url).expect("opens");
            assert!(host.wait_idle(Some(wait)), "{url} never idle");
        }
        out.push(report(&host));
    } else {
        for url in SCENARIOS {
            let host = new_host();
            host.open(url).expect("opens");
            assert!(host.wait_idle(Some(wait)), "{url} never idle");
            out.push(report(&host));
        }
    }
    serde_json::to_string_pretty(&out).expect("serializes")
}

/// Whether a tab's isolate was made ahead (`HostOptions::spare_tabs`: the
/// second tab of a host on, and popups, take one) or when the tab opened,
/// pages see the same: ids, clocks, random numbers, the order of lines.
#[test]
fn spare_tabs_change_nothing_pages_see() {
    for one_host in [true, false] {
        let without = scenarios_in_hosts(0, one_host);
        assert!(without.contains("\"console\""), "{without}");
        for spares in [1, 3] {
            let with = scenarios_in_hosts(spares, one_host);
            if with != without {
                let diff = without.lines().zip(with.lines()).find(|(a, b)| a != b);
                panic!("{spares} spare tabs (one host: {one_host}) changed the output: {diff:?}");
            }
        }
    }
}
