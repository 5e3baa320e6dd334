//! isohost's side of the side-by-side comparison (`benches/compare/run.sh`):
//! one measure per process, through the public library API, printed as one
//! JSON line `{"value": …, "ok": …, …}` for `compare.mjs` to tabulate.
//!
//! ```text
//! compare-isohost open-idle N        median ms, small page open → idle, one host
//! compare-isohost pages-live N       pages/s, N pages in sequence, one host
//! compare-isohost pages-new-host N   pages/s, N pages, a new Host for each
//! compare-isohost memory N           KiB of PSS per live window, N alive
//! compare-isohost frames N           KiB of PSS per same-origin frame, N per tab
//! compare-isohost frames-script N    the same, each frame's document running a script
//! compare-isohost frames-script-dom N  the same, the script using the DOM as a widget's
//!                                    would (query, listen, create, append, location)
//! compare-isohost raw-memory N       KiB of PSS per bare isolate + empty context
//! compare-isohost worker N           page ↔ worker round trips/s
//! compare-isohost iframe-same N      round trips/s to a same-origin iframe
//! compare-isohost iframe-cross N     round trips/s to a cross-origin iframe
//! compare-isohost parse N            MB/s, DOMParser on 1 MB, N times
//! compare-isohost parse-memory N     KiB of PSS a page adds parsing N 1 MB
//!                                    documents, one per task, keeping none
//! ```
//!
//! `memory` and `raw-memory` also give the anonymous memory added per
//! window (or isolate), which other processes mapping libnode do not move,
//! and what malloc holds of it (in use, and free but kept); with
//! `ISOHOST_SMAPS_DIR=<dir>` they write /proc/self/smaps before and after,
//! to see where the bytes go.
//!
//! Every figure is checked: each small page must have run its script (its
//! `<p>` says "hi"), and the round-trip and parse pages verify their own
//! counts (see `pages/bench.test/compare/`). The peers do the same work in
//! `benches/compare/peers.mjs`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use isohost::{FrameId, Host, HostOptions};
use serde_json::{Value, json};

const SMALL: &str = "http://bench.test/small.html";

fn pages() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pages")
}

fn new_host(real_time: bool) -> Result<Host, String> {
    let mut options = HostOptions::new(pages());
    options.virtual_time = !real_time;
    options.script_timeout = Duration::from_secs(120);
    options.time_budget = Duration::from_secs(600);
    Host::new(options).map_err(|e| e.to_string())
}

/// Opens `url` in a new tab and waits until every tab is idle.
fn open_idle(host: &Host, url: &str) -> Result<FrameId, String> {
    let tab = host.open(url).map_err(|e| e.to_string())?;
    if !host.wait_idle(Some(Duration::from_secs(120))) {
        return Err(format!("{url} did not become idle"));
    }
    Ok(tab.main_frame)
}

/// Did the small page's script run in `frame`?
fn small_page_ran(host: &Host, frame: FrameId) -> bool {
    host.evaluate(frame, "document.getElementById('x').textContent")
        .is_ok_and(|v| v == json!("hi"))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A figure of /proc/self/smaps_rollup (`Pss`, `Anonymous`…), in KiB.
fn rollup_kib(field: &str) -> Result<f64, String> {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").map_err(|e| e.to_string())?;
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .ok_or_else(|| format!("no {field} line in /proc/self/smaps_rollup"))
}

/// This process's proportional set size, in KiB. Its shared pages (libnode's
/// text) count less while other processes map them too: differences of it
/// move with what else runs; the anonymous memory does not.
fn pss_kib() -> Result<f64, String> {
    rollup_kib("Pss")
}

/// With `ISOHOST_SMAPS_DIR` set, copies /proc/self/smaps to
/// `<dir>/<label>.smaps`: where the memory goes, mapping by mapping (V8's
/// 256 KiB pages, malloc's arenas, thread stacks).
fn dump_smaps(label: &str) -> Result<(), String> {
    let Ok(dir) = std::env::var("ISOHOST_SMAPS_DIR") else {
        return Ok(());
    };
    let text = std::fs::read_to_string("/proc/self/smaps").map_err(|e| e.to_string())?;
    std::fs::write(format!("{dir}/{label}.smaps"), text).map_err(|e| format!("{dir}: {e}"))
}

fn open_idle_ms(n: usize) -> Result<Value, String> {
    let host = new_host(false)?;
    let mut times = Vec::with_capacity(n);
    let mut ran = 0;
    for _ in 0..n {
        let t = Instant::now();
        let frame = open_idle(&host, SMALL)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        ran += usize::from(small_page_ran(&host, frame));
    }
    Ok(json!({ "value": median(times), "ok": ran == n, "pages": n }))
}

/// One host for every page. The facade has no way to close a tab, so the
/// tabs stay alive (and their threads with them) until the host goes.
fn pages_live(n: usize) -> Result<Value, String> {
    let host = new_host(false)?;
    let mut frames = Vec::with_capacity(n);
    let t = Instant::now();
    for _ in 0..n {
        frames.push(open_idle(&host, SMALL)?);
    }
    let secs = t.elapsed().as_secs_f64();
    let ran = frames.iter().filter(|f| small_page_ran(&host, **f)).count();
    Ok(json!({ "value": n as f64 / secs, "ok": ran == n, "pages": n }))
}

/// A new host for every page, dropped (threads joined) before the next.
/// The check between open and drop is off the clock.
fn pages_new_host(n: usize) -> Result<Value, String> {
    let mut busy = Duration::ZERO;
    let mut ran = 0;
    for _ in 0..n {
        let t = Instant::now();
        let host = new_host(false)?;
        let frame = open_idle(&host, SMALL)?;
        busy += t.elapsed();
        ran += usize::from(small_page_ran(&host, frame));
        let t = Instant::now();
        drop(host);
        busy += t.elapsed();
    }
    Ok(json!({ "value": n as f64 / busy.as_secs_f64(), "ok": ran == n, "pages": n }))
}

/// PSS added by `n` more live tabs on the small page, after one warm tab,
/// each measured after a full GC of every isolate (`Host::isolates`).
fn memory(n: usize) -> Result<Value, String> {
    let host = new_host(false)?;
    let mut frames = vec![open_idle(&host, SMALL)?];
    host.isolates();
    dump_smaps("before")?;
    let malloc_before = malloc_kib();
    let (before, anon_before) = (pss_kib()?, rollup_kib("Anonymous")?);
    for _ in 0..n {
        frames.push(open_idle(&host, SMALL)?);
    }
    host.isolates();
    dump_smaps("after")?;
    let malloc_after = malloc_kib();
    let (after, anon_after) = (pss_kib()?, rollup_kib("Anonymous")?);
    let ran = frames.iter().filter(|f| small_page_ran(&host, **f)).count();
    Ok(json!({
        "value": (after - before) / n as f64,
        "ok": ran == n + 1,
        "windows": n,
        "pssBeforeKiB": before,
        "pssAfterKiB": after,
        "anonymousPerWindowKiB": (anon_after - anon_before) / n as f64,
        "mallocInUsePerWindowKiB": (malloc_after[0] - malloc_before[0]) / n as f64,
        "mallocFreePerWindowKiB": (malloc_after[1] - malloc_before[1]) / n as f64,
    }))
}

/// What malloc holds (all arenas, and chunks mapped on their own), in
/// KiB: in use, and free but kept.
fn malloc_kib() -> [f64; 2] {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads malloc's own statistics.
        let info = unsafe { libc::mallinfo2() };
        [
            (info.uordblks + info.hblkhd) as f64 / 1024.0,
            info.fordblks as f64 / 1024.0,
        ]
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        [f64::NAN; 2]
    }
}

/// PSS added by each same-origin frame: `TABS` live tabs whose page makes
/// `n` iframes against `TABS` whose page makes none (after one warm tab of
/// each), each figure after a full GC of every isolate. The frames' document
/// is `child` (under `pages/bench.test/`): `empty.html` has no script, so
/// nothing needs its realm; `script.html` runs one inline script (a realm's
/// own cost); `script-dom.html` one that uses the DOM (the interfaces a
/// realistic frame makes on first use, too).
fn frames(n: usize, child: &str) -> Result<Value, String> {
    const TABS: usize = 5;
    let host = new_host(false)?;
    let with = |count: usize| format!("http://bench.test/frames.html?n={count}&child={child}");
    let heap = |host: &Host| {
        host.isolates()
            .iter()
            .map(|i| i.heap_used_bytes as f64 / 1024.0)
            .sum::<f64>()
    };
    open_idle(&host, &with(0))?;
    open_idle(&host, &with(n))?;
    let (mut pss, mut heaps) = ([0.0; 2], [0.0; 2]);
    for (i, count) in [0, n].into_iter().enumerate() {
        let (heap_before, pss_before) = (heap(&host), pss_kib()?);
        for _ in 0..TABS {
            open_idle(&host, &with(count))?;
        }
        heaps[i] = heap(&host) - heap_before;
        pss[i] = pss_kib()? - pss_before;
    }
    let per_frame = |added: [f64; 2]| (added[1] - added[0]) / (TABS * n) as f64;
    // The script ran in every frame (read last: reading it in a frame
    // without script would make the realm the measure leaves out).
    let ran = child == "empty.html"
        || host
            .frames()
            .iter()
            .filter(|f| f.parent.is_some())
            .all(|f| {
                host.evaluate(f.id, "document.title")
                    .is_ok_and(|v| v == json!("ran"))
            });
    Ok(json!({
        "value": per_frame(pss),
        "ok": ran && host.frames().len() == 2 + 2 * TABS + (1 + TABS) * n,
        "heapKiB": per_frame(heaps),
        "framesPerTab": n,
        "tabs": TABS,
        "perTabWithoutFramesKiB": pss[0] / TABS as f64,
        "heapPerTabWithoutFramesKiB": heaps[0] / TABS as f64,
    }))
}

/// The floor under `memory`: PSS added by each of `n` bare V8 isolates, each
/// with one empty context (no bindings) on a thread of its own as a tab's
/// is, measured after a full GC of each (as `memory` does).
fn raw_memory(n: usize) -> Result<Value, String> {
    use engine::v8::{Context, Global, HandleScope, OwnedIsolate};
    use std::sync::mpsc;
    // Host::new initialises the V8 platform (once per process); its spare
    // tab is let go with it.
    drop(new_host(false)?);
    dump_smaps("raw-before")?;
    let malloc_before = malloc_kib();
    let (before, anon_before) = (pss_kib()?, rollup_kib("Anonymous")?);
    let (ready_tx, ready_rx) = mpsc::channel::<usize>();
    let mut stops = Vec::new();
    let mut threads = Vec::new();
    for _ in 0..n {
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let ready = ready_tx.clone();
        threads.push(std::thread::spawn(move || {
            let mut isolate = OwnedIsolate::new(0, false);
            let context = {
                let scope = HandleScope::new(&mut isolate);
                Context::new(&scope, None, None).map(|c| Global::new(&scope, c))
            };
            let used = isolate.heap_stats(true).used;
            let _ = ready.send(if context.is_some() { used } else { 0 });
            let _ = stop_rx.recv();
            drop(context);
        }));
        stops.push(stop_tx);
    }
    let heaps: Vec<usize> = (0..n).filter_map(|_| ready_rx.recv().ok()).collect();
    dump_smaps("raw-after")?;
    let malloc_after = malloc_kib();
    let (after, anon_after) = (pss_kib()?, rollup_kib("Anonymous")?);
    drop(stops);
    for t in threads {
        t.join()
            .map_err(|_| "an isolate's thread panicked".to_string())?;
    }
    Ok(json!({
        "value": (after - before) / n as f64,
        "ok": heaps.len() == n && heaps.iter().all(|h| *h > 0),
        "isolates": n,
        "anonymousPerIsolateKiB": (anon_after - anon_before) / n as f64,
        "mallocInUsePerIsolateKiB": (malloc_after[0] - malloc_before[0]) / n as f64,
        "mallocFreePerIsolateKiB": (malloc_after[1] - malloc_before[1]) / n as f64,
        "heapUsedPerIsolateKiB": heaps.iter().sum::<usize>() as f64 / n as f64 / 1024.0,
    }))
}

/// Opens a page that reports `{rounds, ms, ok, …}` and turns it into round
/// trips/s.
fn round_trips(url: &str) -> Result<Value, String> {
    let host = new_host(true)?;
    open_idle(&host, url)?;
    let report = host
        .console()
        .into_iter()
        .rev()
        .find_map(|m| serde_json::from_str::<Value>(&m.text).ok())
        .ok_or_else(|| {
            let errors: Vec<String> = host.errors().into_iter().map(|e| e.message).collect();
            format!("{url} reported nothing; errors: {errors:?}")
        })?;
    let rounds = report["rounds"].as_f64().unwrap_or(f64::NAN);
    let ms = report["ms"].as_f64().unwrap_or(f64::NAN);
    Ok(json!({
        "value": rounds / ms * 1000.0,
        "ok": report["ok"] == json!(true),
        "faithful": report.get("faithful").cloned().unwrap_or(Value::Null),
        "report": report,
    }))
}

fn parse(reps: usize) -> Result<Value, String> {
    let host = new_host(true)?;
    let frame = open_idle(
        &host,
        &format!("http://bench.test/compare/parse.html?reps={reps}"),
    )?;
    let report = host
        .evaluate(frame, "window.benchResult")
        .map_err(|e| e.to_string())?;
    Ok(json!({
        "value": report["mbPerS"].as_f64().unwrap_or(f64::NAN),
        "ok": report["ok"] == json!(true),
        "report": report,
    }))
}

/// PSS a page adds by parsing `docs` documents of 1 MB one per task and
/// keeping none (issue 15: they must be freed), after a full GC; with the
/// DOM nodes its tab holds then.
fn parse_memory(docs: usize) -> Result<Value, String> {
    let host = new_host(false)?;
    let first = open_idle(&host, SMALL)?;
    host.isolates();
    let before = pss_kib()?;
    let frame = open_idle(
        &host,
        &format!("http://bench.test/compare/parse-many.html?docs={docs}"),
    )?;
    let isolates = host.isolates();
    let after = pss_kib()?;
    let done = host
        .evaluate(frame, "window.parsed")
        .map_err(|e| e.to_string())?;
    Ok(json!({
        "value": after - before,
        "ok": done == json!(docs) && small_page_ran(&host, first),
        "docs": docs,
        "domNodes": isolates.iter().map(|i| i.dom_nodes).sum::<usize>(),
    }))
}

fn run(measure: &str, n: usize) -> Result<Value, String> {
    match measure {
        "open-idle" => open_idle_ms(n),
        "pages-live" => pages_live(n),
        "pages-new-host" => pages_new_host(n),
        "memory" => memory(n),
        "frames" => frames(n, "empty.html"),
        "frames-script" => frames(n, "script.html"),
        "frames-script-dom" => frames(n, "script-dom.html"),
        "raw-memory" => raw_memory(n),
        "worker" => round_trips(&format!("http://bench.test/compare/worker.html?rounds={n}")),
        "iframe-same" => round_trips(&format!(
            "http://bench.test/compare/iframe.html?to=same&rounds={n}"
        )),
        "iframe-cross" => round_trips(&format!(
            "http://bench.test/compare/iframe.html?to=cross&rounds={n}"
        )),
        "parse" => parse(n),
        "parse-memory" => parse_memory(n),
        other => Err(format!("unknown measure {other:?}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(measure), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: compare-isohost MEASURE N (see benches/compare/isohost.rs)");
        return ExitCode::from(2);
    };
    match run(measure, n) {
        Ok(v) => {
            println!("{v}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", json!({ "value": null, "ok": false, "error": e }));
            ExitCode::FAILURE
        }
    }
}
