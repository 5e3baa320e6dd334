//! Several tabs (isolates) in one host, and what they share: storage,
//! broadcast channels; crashes stay contained.

mod common;

use std::time::Duration;

use common::{console_lines, host, host_with, isohost};
use isohost::WorkerKind;

#[test]
fn each_tab_is_its_own_isolate() {
    let host = host();
    let a = host.open("http://a.test/").expect("opens");
    let b = host.open("http://b.test/cross.html").expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    assert_ne!(a.isolate, b.isolate);
    let frames = host.frames();
    assert_eq!(frames.iter().filter(|f| f.isolate == a.isolate).count(), 7);
    assert_eq!(frames.iter().filter(|f| f.isolate == b.isolate).count(), 1);
    // Same origin (b.test) in two tabs: no shared heap, no reference.
    let r = host
        .evaluate(b.main_frame, "typeof window.topSecret")
        .expect("evaluates");
    assert_eq!(r, serde_json::json!("undefined"));
    let isolates = host.isolates();
    assert_eq!(isolates.len(), 2);
    assert!(isolates.iter().all(|i| i.heap_used_bytes > 0));
}

#[test]
fn local_storage_is_shared_across_tabs_with_storage_events_but_session_storage_is_not() {
    let host = host();
    let listener = host
        .open("http://a.test/shared/listener.html")
        .expect("opens");
    host.open("http://a.test/shared/writer.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let lines = console_lines(&host, listener.main_frame);
    assert_eq!(
        lines,
        [
            "listener: storage event key=greeting new=hello from the writer tab from writer.html",
            "listener: localStorage now says hello from the writer tab, sessionStorage tab=null",
        ]
    );
}

#[test]
fn a_worker_whose_thread_panics_fires_an_error_event_and_the_page_goes_on() {
    let host = host_with(|o| o.fault_injection = true);
    let tab = host
        .open("http://a.test/crash/worker-panics.html")
        .expect("opens");
    let other = host.open("http://a.test/hello.html").expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let lines = console_lines(&host, tab.main_frame);
    assert_eq!(
        lines,
        [
            "page: worker error event: the worker crashed (isohost bug): fault injected by isohostTest.panic()",
            "page: still alive",
        ]
    );
    assert_eq!(
        host.evaluate(other.main_frame, "1 + 1")
            .expect("other tab works"),
        serde_json::json!(2)
    );
}

#[test]
fn a_tab_whose_thread_panics_is_reported_and_other_tabs_go_on() {
    let host = host_with(|o| o.fault_injection = true);
    let crashed = host
        .open("http://a.test/crash/tab-panics.html")
        .expect("opens");
    let other = host.open("http://a.test/hello.html").expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let errors = host.errors();
    assert!(
        errors.iter().any(|e| e.frame == crashed.main_frame
            && e.message.contains("the tab crashed")
            && e.message.contains("fault injected")),
        "{errors:#?}"
    );
    assert_eq!(
        host.evaluate(other.main_frame, "document.title")
            .expect("other tab works"),
        serde_json::json!("Hello")
    );
    assert!(
        host.evaluate(crashed.main_frame, "1").is_err(),
        "the crashed tab is gone"
    );
}

#[test]
fn fault_injection_is_off_by_default() {
    let host = host();
    let tab = host.open("http://a.test/hello.html").expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    assert_eq!(
        host.evaluate(tab.main_frame, "typeof isohostTest")
            .expect("evaluates"),
        serde_json::json!("undefined")
    );
}

#[test]
fn the_cli_opens_several_tabs_and_lists_every_frame_with_its_isolate() {
    let (code, out, err) = isohost(&[
        "open",
        "http://a.test/",
        "http://b.test/cross.html",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let frames = v["frames"].as_array().expect("frames");
    assert_eq!(frames.len(), 8);
    let mut isolates: Vec<u64> = frames
        .iter()
        .map(|f| f["isolate"].as_u64().expect("isolate"))
        .collect();
    isolates.sort_unstable();
    isolates.dedup();
    assert_eq!(isolates.len(), 2);
    let mains = frames.iter().filter(|f| f["parent"].is_null()).count();
    assert_eq!(mains, 2);
}

#[test]
fn an_unhandled_rejection_in_a_worker_is_recorded_without_an_error_event() {
    let host = host();
    let tab = host
        .open("http://a.test/workers/rejects.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let lines = console_lines(&host, tab.main_frame);
    assert_eq!(lines, ["page: worker still fine"]);
    let worker = host.workers().into_iter().next().expect("the worker");
    let errors = host.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].frame, worker.id);
    assert_eq!(
        errors[0].message,
        "Uncaught (in promise) AbortError: nobody waited"
    );
    assert!(
        errors[0].url == "http://a.test/workers/rejects.js" && errors[0].line == 1,
        "{:?}",
        errors[0]
    );
}

#[test]
fn a_worker_that_exhausts_its_heap_is_stopped_and_its_worker_object_hears_of_it() {
    let host = host_with(|o| o.heap_limit_mb = 64);
    let tab = host.open("http://a.test/workers/hog.html").expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(60))));
    let lines = console_lines(&host, tab.main_frame);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with("page: worker error: script ran out of memory (heap limit 64 MiB)"),
        "{lines:#?}"
    );
    assert_eq!(lines[1], "page: still alive");
    assert_eq!(host.errors().len(), 1, "{:#?}", host.errors());
}

#[test]
fn an_uncaught_worker_error_nobody_prevents_is_recorded_with_its_place() {
    let host = host();
    let tab = host
        .open("http://a.test/workers/uncaught.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let worker = host.workers().into_iter().next().expect("the worker");
    assert_eq!(worker.parent, Some(tab.main_frame));
    let errors = host.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].frame, worker.id);
    assert_eq!(errors[0].message, "Uncaught Error: boom from the worker");
    assert_eq!(errors[0].url, "http://a.test/workers/throws.js");
    assert_eq!((errors[0].line, errors[0].column), (3, 9));
    // ...and the worker went on running.
    let lines = console_lines(&host, tab.main_frame);
    assert_eq!(lines, ["page: still running"]);
}

#[test]
fn shared_and_nested_workers_are_listed_with_their_owners_and_a_shared_one_ends_with_its_last_owner()
 {
    let host = host();
    let tab = host
        .open("http://a.test/shared-workers/holder.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    assert_eq!(
        console_lines(&host, tab.main_frame),
        [
            "holder: the popup's worker saw 2 connections",
            "holder: after the popup closed, 2 connections",
        ]
    );
    let workers = host.workers();
    let shared: Vec<_> = workers
        .iter()
        .filter(|w| w.kind == WorkerKind::Shared)
        .collect();
    assert_eq!(
        shared.len(),
        1,
        "one shared worker for both tabs: {workers:#?}"
    );
    let shared = shared[0];
    assert_eq!(shared.name.as_deref(), Some("held"));
    assert_eq!(shared.url, "http://a.test/shared-workers/counter.js");
    assert!(!shared.closed, "the holder still owns it");
    assert_eq!(
        shared.owners,
        [tab.main_frame],
        "the closed popup left the owner set"
    );
    assert_ne!(
        shared.isolate, tab.isolate,
        "a shared worker has its own isolate"
    );

    let outer = workers
        .iter()
        .find(|w| w.url == "http://a.test/shared-workers/nest-outer.js")
        .expect("the outer worker");
    let inner = workers
        .iter()
        .find(|w| w.url == "http://a.test/shared-workers/nest-inner.js")
        .expect("the nested worker");
    assert_eq!(outer.kind, WorkerKind::Dedicated);
    assert_eq!(outer.owners, [tab.main_frame]);
    assert_eq!(
        inner.parent,
        Some(outer.id),
        "a nested worker's parent is a worker"
    );
    assert_eq!(inner.owners, [outer.id]);
    assert_eq!(
        console_lines(&host, outer.id),
        ["outer: the nested worker is up"]
    );

    // The holder navigates away: its document leaves every owner set, and
    // the workers it kept alive close, the nested one with its parent.
    host.evaluate(tab.main_frame, "location.href = '/hello.html'")
        .expect("evaluates");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let after = host.workers();
    assert_eq!(after.len(), 3, "{after:#?}");
    for w in after {
        assert!(w.closed, "{w:#?}");
        assert!(w.owners.is_empty(), "{w:#?}");
    }
    // Ending (the shared one too) is no crash.
    let errors = host.errors();
    assert!(
        errors.iter().all(|e| !e.message.contains("isohost bug")),
        "{errors:#?}"
    );
}

#[test]
fn a_shared_worker_that_crashes_or_throws_is_reported_with_its_place_and_the_host_goes_on() {
    let host = host_with(|o| o.fault_injection = true);
    let tab = host
        .open("http://a.test/crash/shared-worker-panics.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let workers = host.workers();
    let by_url = |url: &str| {
        workers
            .iter()
            .find(|w| w.url == url)
            .unwrap_or_else(|| panic!("a worker at {url}: {workers:#?}"))
    };
    let panicked = by_url("http://a.test/crash/shared-panics.js");
    let thrower = by_url("http://a.test/crash/shared-throws.js");
    let nested = by_url("http://a.test/shared-workers/nest-inner.js");
    let errors = host.errors();
    let crash = errors
        .iter()
        .find(|e| e.frame == panicked.id)
        .unwrap_or_else(|| panic!("the crash is recorded: {errors:#?}"));
    assert_eq!(
        crash.message,
        "the shared worker crashed (isohost bug): fault injected by isohostTest.panic()"
    );
    assert_eq!(crash.url, panicked.url);
    assert!(panicked.closed);
    assert!(
        nested.closed,
        "the crashed worker's nested worker closed with it"
    );
    let thrown = errors
        .iter()
        .find(|e| e.frame == thrower.id)
        .unwrap_or_else(|| panic!("the uncaught error is recorded: {errors:#?}"));
    assert_eq!(thrown.message, "Uncaught Error: thrown by a shared worker");
    assert_eq!(thrown.url, thrower.url);
    assert_eq!((thrown.line, thrown.column), (2, 1));
    assert_eq!(console_lines(&host, tab.main_frame), ["page: still alive"]);
    assert_eq!(
        host.evaluate(tab.main_frame, "1 + 1")
            .expect("the tab works"),
        serde_json::json!(2)
    );
}

#[test]
fn open_and_inspect_list_shared_and_nested_workers_with_who_holds_them() {
    let (code, out, err) = isohost(&["open", "http://a.test/shared-workers/holder.html"]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "shared worker 2 http://a.test/shared-workers/counter.js \"held\" (isolate 2, owner frame 1)",
        // The same-origin popup lives in its opener's isolate (1).
        "worker 4 http://a.test/shared-workers/nest-outer.js (isolate 3, owner frame 1)",
        "worker 5 http://a.test/shared-workers/nest-inner.js (isolate 4, owner worker 4)",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in:\n{out}");
    }
    let (code, out, err) = isohost(&["inspect", "http://a.test/shared-workers/holder.html"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("shared worker isolate 2"), "{out}");
    for line in [
        "  shared worker 2  http://a.test/shared-workers/counter.js  origin http://a.test    context 4  owners 1",
        "  worker 5  http://a.test/shared-workers/nest-inner.js  origin http://a.test    context 6  owner 4",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in:\n{out}");
    }
}

#[test]
fn cross_origin_isolated_gives_every_page_shared_memory_which_is_off_by_default() {
    let host = host_with(|o| o.cross_origin_isolated = true);
    let tab = host
        .open("http://a.test/workers/shared-memory.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    assert_eq!(
        console_lines(&host, tab.main_frame),
        [
            "page: crossOriginIsolated true, SharedArrayBuffer function",
            "page: worker says added, slot 0 reads 42",
            "page: worker says woke with 7",
        ]
    );
    // The flag, and the default: no isolation, no SharedArrayBuffer.
    let url = "http://a.test/workers/shared-memory.html";
    let (code, out, err) = isohost(&["open", url, "--cross-origin-isolated"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("page: worker says woke with 7"), "{out}");
    let (code, out, err) = isohost(&["open", url]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("page: crossOriginIsolated false, SharedArrayBuffer undefined"),
        "{out}"
    );
    assert!(!out.contains("worker says"), "{out}");
}

/// Once a host is dropped, none of its threads holds anything of it: the
/// console sink (and whatever it holds) is gone, though the threads may
/// still be disposing of their isolates.
#[test]
fn dropping_a_host_lets_go_of_its_console_sink_at_once() {
    let (lines, received) = std::sync::mpsc::channel::<String>();
    let host = host_with(move |o| {
        let lines = std::sync::Mutex::new(lines);
        o.console_sink = Some(std::sync::Arc::new(move |m: &isohost::ConsoleMessage| {
            let _ = lines
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .send(m.text.clone());
        }));
    });
    // Tabs, a popup and workers, each on a thread of its own.
    for url in [
        "http://c.test/tabs-and-workers.html",
        "http://a.test/workers/basic.html",
    ] {
        host.open(url).expect("opens");
    }
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    drop(host);
    let printed: Vec<String> = received.try_iter().collect();
    assert!(!printed.is_empty());
    assert_eq!(
        received.try_recv(),
        Err(std::sync::mpsc::TryRecvError::Disconnected),
        "the sink outlived its host"
    );
}
