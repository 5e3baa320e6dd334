//! isohost's benchmarks (not timed tests): run with `cargo bench`.
//!
//! Prints, for this machine:
//! - the raw-V8 floor, through `engine::v8` alone: `Isolate::New`, the
//!   first `Context::New` in it, and the isolate's dispose, medians of 200;
//!   then an empty tab's open → idle as a multiple of that floor, back to
//!   back (the tabs staying open), 15 ms apart (its spare tab ready), and
//!   back to back each closed before the next opens;
//! - tab start-up: a tab (isolate + context + bindings) opening a small page
//!   until idle, median of many;
//! - cost of each extra frame (context + bindings + document), time and heap;
//! - cost of a popup in its opener's isolate (same origin) against one in
//!   an isolate of its own (noopener), time and heap;
//! - postMessage round trips between two cross-origin frames of one tab;
//! - worker start-up, page↔worker round trips (small objects) and MB/s of a
//!   transferred 1 MiB ArrayBuffer, beside Node's worker_threads if `node`
//!   is on the PATH (these on the real clock, timed by the pages);
//! - shared worker connect time (starting it, and joining a running one)
//!   and round trips over its port, on the real clock;
//! - both kinds of round trips again under virtual time, timed from Rust.
//!
//! The side-by-side comparison with happy-dom, jsdom and Chromium is
//! `benches/compare/run.sh` (see BENCHMARKS.md).
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use isohost::{Host, HostOptions, Tab};

fn pages() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pages")
}

fn host(real_time: bool) -> Host {
    let mut options = HostOptions::new(pages());
    options.virtual_time = !real_time;
    options.script_timeout = Duration::from_secs(60);
    options.time_budget = Duration::from_secs(600);
    Host::new(options).expect("host")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The JSON a page printed last.
fn report(tab: &Tab) -> serde_json::Value {
    let line = tab
        .console()
        .into_iter()
        .rev()
        .find(|m| m.text.starts_with('{'))
        .expect("the page reported");
    serde_json::from_str(&line.text).expect("JSON")
}

/// Raw V8 on this machine, in this process, through the binding's public
/// API: what a tab costs at the very least. Medians of `runs`, in ms.
fn raw_v8_floor() -> f64 {
    use engine::v8::{Context, HandleScope, OwnedIsolate};
    // Host::new initialises the V8 platform (once per process).
    drop(host(false));
    let runs = 200;
    let (mut isolate_new, mut context_new, mut dispose) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let mut isolate = OwnedIsolate::new(0, false);
        isolate_new.push(t.elapsed().as_secs_f64() * 1000.0);
        {
            let scope = HandleScope::new(&mut isolate);
            let t = Instant::now();
            let context = Context::new(&scope, None, None);
            context_new.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(context.is_some(), "Context::New failed");
        }
        let t = Instant::now();
        drop(isolate);
        dispose.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (i, c, d) = (median(isolate_new), median(context_new), median(dispose));
    println!(
        "raw V8 (medians of {runs}): Isolate::New {i:.2} ms, first Context::New {c:.2} ms, isolate dispose {d:.2} ms"
    );
    i + c
}

/// Median ms of `runs` tabs on `url`, each open → idle, on one host,
/// `pause` apart. The tabs stay open (dropping a `Tab` handle does not
/// close it) unless `close`, when each is closed (off the clock) before
/// the next opens.
fn open_idle_median(url: &str, runs: usize, pause: Duration, close: bool) -> f64 {
    let host = host(false);
    let mut times = Vec::new();
    for _ in 0..runs {
        std::thread::sleep(pause);
        let t = Instant::now();
        let tab = host.open_tab(url).expect("opens");
        tab.wait_idle(None).expect("idle");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if close {
            tab.close().expect("closes");
        }
    }
    if std::env::var_os("ISOHOST_BENCH_TIMES").is_some() {
        let t: Vec<String> = times.iter().map(|t| format!("{t:.2}")).collect();
        println!("  times: {}", t.join(" "));
    }
    median(times)
}

/// An empty page's tab, open → idle, against the raw floor.
fn empty_tab(floor_ms: f64) {
    let runs = 40;
    let ms = open_idle_median("http://bench.test/empty.html", runs, Duration::ZERO, false);
    println!(
        "empty tab, open → idle: median {ms:.2} ms over {runs} tabs = {:.2}× the raw floor (Isolate::New + first Context::New, {floor_ms:.2} ms)",
        ms / floor_ms
    );
    // Back to back, each tab waits for the rest of its spare's isolate
    // (made since the previous open): opened after a pause, it finds it
    // ready, as a tab opened by a person would.
    let ms = open_idle_median(
        "http://bench.test/empty.html",
        runs,
        Duration::from_millis(15),
        false,
    );
    println!(
        "empty tab 15 ms after the previous one (its spare ready), open → idle: median {ms:.2} ms over {runs} tabs = {:.2}× the raw floor",
        ms / floor_ms
    );
    // The previous tab's teardown (its isolate's dispose and its thread's
    // exit, about a millisecond of CPU) runs beside the next tab's
    // opening; closing it (until it is closed, off the clock) gives the
    // next spare time.
    let ms = open_idle_median("http://bench.test/empty.html", runs, Duration::ZERO, true);
    println!(
        "empty tab, the previous one closed just before, open → idle: median {ms:.2} ms over {runs} tabs = {:.2}× the raw floor",
        ms / floor_ms
    );
}

fn tab_startup() {
    let runs = 40;
    let ms = open_idle_median("http://bench.test/small.html", runs, Duration::ZERO, false);
    println!("tab start-up (small page, open → idle): median {ms:.2} ms over {runs} tabs");
}

/// Time (ms) and heap (KiB) each of `many` items adds, against `few`:
/// the page at `url(n)` makes `n` of them, each run in a host of its own.
fn per_item(url: impl Fn(usize) -> String, few: usize, many: usize) -> (f64, f64) {
    let measure = |n: usize| {
        let host = host(false);
        let t = Instant::now();
        let tab = host.open_tab(&url(n)).expect("opens");
        tab.wait_idle(None).expect("idle");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let heap = host
            .isolates()
            .iter()
            .map(|i| i.heap_used_bytes)
            .sum::<usize>();
        (ms, heap as f64)
    };
    let (t0, h0) = measure(few);
    let (t1, h1) = measure(many);
    let items = (many - few) as f64;
    ((t1 - t0) / items, (h1 - h0) / items / 1024.0)
}

/// A script-less frame gets no realm until something needs it
/// (`loading::ensure_context`); a frame whose document runs a script does.
fn frame_cost() {
    let (per_ms, per_kb) = per_item(|n| format!("http://bench.test/frames.html?n={n}"), 0, 50);
    println!(
        "each extra same-origin frame, script-less (document + load, no realm yet): {per_ms:.2} ms, {per_kb:.0} KiB heap"
    );
    let (per_ms, per_kb) = per_item(
        |n| format!("http://bench.test/frames.html?n={n}&child=script.html"),
        0,
        50,
    );
    println!(
        "each extra same-origin frame running a script (context + bindings + document + load): {per_ms:.2} ms, {per_kb:.0} KiB heap"
    );
}

/// Time and heap (KiB) per popup: `n` popups against none, all isolates.
fn per_popup(query: &str) -> (f64, f64) {
    per_item(
        |n| format!("http://bench.test/popups.html?n={n}{query}"),
        0,
        20,
    )
}

fn popup_cost() {
    let (same_ms, same_kb) = per_popup("");
    let (new_ms, new_kb) = per_popup("&noopener");
    println!(
        "each popup: in its opener's isolate (same origin) {same_ms:.2} ms, {same_kb:.0} KiB heap; in an isolate of its own (noopener) {new_ms:.2} ms, {new_kb:.0} KiB heap"
    );
}

fn cross_origin_pingpong() {
    let rounds = 20_000;
    let host = host(true);
    let tab = host
        .open_tab(&format!("http://bench.test/pingpong.html?rounds={rounds}"))
        .expect("opens");
    tab.wait_idle(None).expect("idle");
    let r = report(&tab);
    let ms = r["ms"].as_f64().unwrap_or(f64::NAN);
    println!(
        "postMessage round trips between cross-origin frames of one tab: {:.0} round trips/s ({rounds} in {ms:.0} ms; {:.0} messages/s)",
        rounds as f64 / ms * 1000.0,
        2.0 * rounds as f64 / ms * 1000.0
    );
}

fn workers() {
    let (rounds, mb) = (20_000, 256);
    let host = host(true);
    let tab = host
        .open_tab(&format!(
            "http://bench.test/worker-bench.html?rounds={rounds}&mb={mb}"
        ))
        .expect("opens");
    tab.wait_idle(None).expect("idle");
    let r = report(&tab);
    print_worker_row("isohost", &r);
    match std::process::Command::new("node")
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/node-worker-threads.js"))
        .args([rounds.to_string(), mb.to_string()])
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let version = std::process::Command::new("node")
                .arg("--version")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) {
                print_worker_row(&format!("node {version} worker_threads"), &v);
            }
        }
        _ => println!("(node not found: no worker_threads comparison)"),
    }
}

fn shared_workers() {
    let rounds = 20_000;
    let host = host(true);
    let tab = host
        .open_tab(&format!(
            "http://bench.test/shared-worker-bench.html?rounds={rounds}"
        ))
        .expect("opens");
    tab.wait_idle(None).expect("idle");
    let r = report(&tab);
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "shared worker: connect {:.1} ms (starting it), {:.2} ms (joining a running one); {:.0} port round trips/s (small objects)",
        f("startup"),
        f("connect"),
        f("rounds") / f("roundMs") * 1000.0,
    );
}

/// Real ms from opening `url` in a host of its own until it is idle.
fn open_to_idle_ms(url: &str, real_time: bool) -> f64 {
    let host = host(real_time);
    let t = Instant::now();
    let tab = host.open_tab(url).expect("opens");
    tab.wait_idle(None).expect("idle");
    t.elapsed().as_secs_f64() * 1000.0
}

/// Round trips under virtual time (the default), timed from Rust since the
/// pages' own clock is virtual: a run of `rounds` less a run of one, so
/// that loading does not count.
fn virtual_time_round_trips() {
    let rounds = 20_000;
    for (what, page) in [
        (
            "postMessage round trips between cross-origin frames of one tab",
            "http://bench.test/pingpong.html?rounds=",
        ),
        (
            "page↔worker round trips (small objects)",
            "http://bench.test/worker-bench.html?mb=1&rounds=",
        ),
    ] {
        let one = median(
            (0..3)
                .map(|_| open_to_idle_ms(&format!("{page}1"), false))
                .collect(),
        );
        let many = median(
            (0..3)
                .map(|_| open_to_idle_ms(&format!("{page}{rounds}"), false))
                .collect(),
        );
        println!(
            "{what}, virtual time: {:.0} round trips/s",
            f64::from(rounds - 1) / (many - one) * 1000.0
        );
    }
}

/// fetch() and XMLHttpRequest reading a 1 MiB same-origin file whole
/// (`arrayBuffer()`, `responseType = 'arraybuffer'`), one request after
/// another, on the real clock: requests/s and MB/s. The file is written to
/// a temporary root beside the page.
fn fetch_throughput() {
    let n = 100;
    let root = std::env::temp_dir().join(format!("isohost-fetch-bench-{}", std::process::id()));
    let site = root.join("bench.test");
    std::fs::create_dir_all(&site).expect("temp root");
    std::fs::copy(
        pages().join("bench.test/fetch-bench.html"),
        site.join("fetch-bench.html"),
    )
    .expect("page");
    let big: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(site.join("big.bin"), &big).expect("1 MiB file");
    let mut options = HostOptions::new(&root);
    options.virtual_time = false;
    options.script_timeout = Duration::from_secs(60);
    options.time_budget = Duration::from_secs(600);
    let host = Host::new(options).expect("host");
    let tab = host
        .open_tab(&format!("http://bench.test/fetch-bench.html?n={n}"))
        .expect("opens");
    tab.wait_idle(None).expect("idle");
    let r = report(&tab);
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    for (what, ms) in [
        ("fetch() + arrayBuffer()", f("fetchMs")),
        ("XMLHttpRequest (arraybuffer)", f("xhrMs")),
    ] {
        println!(
            "{what}, 1 MiB same-origin file, sequential: {:.0} requests/s ({:.0} MB/s; {n} in {ms:.0} ms)",
            n as f64 / ms * 1000.0,
            n as f64 / ms * 1000.0,
        );
    }
    drop(host);
    let _ = std::fs::remove_dir_all(&root);
}

fn print_worker_row(who: &str, r: &serde_json::Value) {
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "{who}: worker start-up {:.1} ms; {:.0} round trips/s (small objects); transfer of 1 MiB ArrayBuffers {:.0} MB/s",
        f("startup"),
        f("rounds") / f("roundMs") * 1000.0,
        f("mb") / f("transferMs") * 1000.0,
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs it quickly as a check.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    println!(
        "isohost benchmarks ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // `cargo bench --bench isohost -- open frames`: only the sections named.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |section: &str| only.is_empty() || only.iter().any(|o| o == section);
    if run("open") {
        let floor = raw_v8_floor();
        empty_tab(floor);
        tab_startup();
    }
    if run("frames") {
        frame_cost();
        popup_cost();
    }
    if run("messages") {
        cross_origin_pingpong();
    }
    if run("workers") {
        workers();
        shared_workers();
    }
    if run("messages") {
        virtual_time_round_trips();
    }
    if run("fetch") {
        fetch_throughput();
    }
}
