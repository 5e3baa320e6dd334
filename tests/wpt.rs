//! `isohost wpt` end to end: real files of the web-platform-tests subset in
//! `../shared/wpt/tree` (skipped, saying so, where it is absent), and small
//! checkouts made here for expectations and the reporter override.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::isohost;
use isohost::{Host, HostOptions};
use serde_json::Value;

/// The WPT subset: `ISOHOST_WPT_TREE` if set, else `../shared/wpt/tree`
/// beside the project (or beside the worktree folder holding it).
fn wpt_tree() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = match std::env::var_os("ISOHOST_WPT_TREE") {
        Some(p) => vec![PathBuf::from(p)],
        None => vec![
            here.join("../shared/wpt/tree"),
            here.join("../../shared/wpt/tree"),
        ],
    };
    candidates
        .into_iter()
        .find(|p| p.join("resources/testharness.js").is_file())
}

macro_rules! require_wpt {
    () => {
        match wpt_tree() {
            Some(t) => t,
            None => {
                // Straight to stderr: the test harness captures eprintln!
                // of passing tests, and this must be seen.
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: ../shared/wpt/tree is absent (set ISOHOST_WPT_TREE to a web-platform-tests checkout to run this test)"
                );
                return;
            }
        }
    };
}

/// (test id → (harness status, message, subtest name → status)).
type Statuses = BTreeMap<String, (String, String, BTreeMap<String, String>)>;

fn statuses(v: &Value) -> Statuses {
    let mut out = BTreeMap::new();
    for f in v["files"].as_array().expect("files") {
        let subs = f["tests"]
            .as_array()
            .expect("tests")
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().expect("name").to_string(),
                    t["status"].as_str().expect("status").to_string(),
                )
            })
            .collect();
        out.insert(
            f["path"].as_str().expect("path").to_string(),
            (
                f["harness_status"].as_str().expect("status").to_string(),
                f["harness_message"].as_str().unwrap_or("").to_string(),
                subs,
            ),
        );
    }
    out
}

fn all_pass(s: &Statuses, id: &str, count: usize) {
    let (harness, message, subs) = s.get(id).unwrap_or_else(|| panic!("{id} ran: {s:#?}"));
    assert_eq!(harness, "OK", "{id}: {message}");
    assert_eq!(subs.len(), count, "{id}: {subs:#?}");
    assert!(subs.values().all(|st| st == "PASS"), "{id}: {subs:#?}");
}

#[test]
fn real_wpt_files_run_as_wptserve_serves_them() {
    let tree = require_wpt!();
    assert!(
        tree.join("resources/testharnessreport.js").is_file(),
        "the checkout's own reporter is there, and must not be the one served"
    );
    let report = tempfile::NamedTempFile::new().expect("temp file");
    let tree_arg = tree.to_str().expect("UTF-8 path");
    let report_arg = report.path().to_str().expect("UTF-8 path");
    let args = [
        "wpt",
        tree_arg,
        // .any.js: a window test and a dedicated worker test.
        "dom/events/AddEventListenerOptions-once.any.js",
        // .sub. files posting across two origins (天気の良い日 and not-web-platform.test).
        "webmessaging/event.origin.sub.htm",
        "webmessaging/postMessage_crosssite.sub.htm",
        // .window.js
        "webstorage/storage_clear.window.js",
        // .headers with COOP and COEP: the worker checks crossOriginIsolated.
        "html/infrastructure/safe-passing-of-structured-data/shared-array-buffers/nested-worker-success.https.html",
        // Needs /common/redirect.py: skipped, with the reason.
        "workers/interfaces/WorkerUtils/importScripts/catch.sub.any.js",
        "--format",
        "json",
        "--log-wptreport",
        report_arg,
    ];
    let (_, out, err) = isohost(&args);
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("JSON ({e}): {out}\n{err}"));
    let s = statuses(&v);
    all_pass(&s, "/dom/events/AddEventListenerOptions-once.any.html", 4);
    all_pass(
        &s,
        "/dom/events/AddEventListenerOptions-once.any.worker.html",
        4,
    );
    all_pass(&s, "/webmessaging/event.origin.sub.htm", 1);
    all_pass(&s, "/webmessaging/postMessage_crosssite.sub.htm", 1);
    all_pass(&s, "/webstorage/storage_clear.window.html", 2);
    let nested = &s["/html/infrastructure/safe-passing-of-structured-data/shared-array-buffers/nested-worker-success.https.html"];
    assert_eq!(
        nested
            .2
            .get("Bonus: self.crossOriginIsolated")
            .map(String::as_str),
        Some("PASS"),
        "{nested:#?}"
    );
    let py = &s["/workers/interfaces/WorkerUtils/importScripts/catch.sub.any.worker.html"];
    assert_eq!(py.0, "SKIP");
    assert!(py.1.contains("/common/redirect.py"), "{}", py.1);
    assert!(py.2.is_empty());
    let shared =
        &s["/workers/interfaces/WorkerUtils/importScripts/catch.sub.any.sharedworker.html"];
    assert_eq!(shared.0, "SKIP");
    assert!(shared.1.contains("shared workers"), "{}", shared.1);
    assert!(
        !s.contains_key("/workers/interfaces/WorkerUtils/importScripts/catch.sub.any.html"),
        "global=worker has no window test"
    );
    assert_eq!(v["skipped"], 3, "{v}");

    // The wptreport wpt.fyi reads.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(report.path()).expect("report written"))
            .expect("the report is JSON");
    assert_eq!(report["run_info"]["product"], "isohost");
    assert!(report["run_info"]["browser_version"].is_string());
    let results = report["results"].as_array().expect("results");
    assert_eq!(results.len(), s.len());
    let once = results
        .iter()
        .find(|r| r["test"] == "/dom/events/AddEventListenerOptions-once.any.worker.html")
        .expect("the worker test is reported");
    assert_eq!(once["status"], "OK");
    assert!(once["duration"].is_u64());
    assert_eq!(once["subtests"][0]["status"], "PASS");
    assert!(once["subtests"][0]["name"].is_string());
    let skip = results
        .iter()
        .find(|r| {
            r["test"] == "/workers/interfaces/WorkerUtils/importScripts/catch.sub.any.worker.html"
        })
        .expect("the skipped test is reported");
    assert_eq!(skip["status"], "SKIP");

    // Text output: the summary says how many were skipped.
    let mut text_args: Vec<&str> = args[..8].to_vec();
    text_args.retain(|a| !a.contains("nested-worker"));
    let (code, out, _) = isohost(&text_args);
    assert_eq!(code, 0, "everything run passed: {out}");
    let last = out.lines().last().unwrap_or("");
    assert!(
        last.ends_with(", 3 skipped") && last.contains(" passed, 0 failed"),
        "{out}"
    );
    assert!(out.contains("SKIP /workers/interfaces/WorkerUtils/importScripts/catch.sub.any.worker.html: needs wptserve's Python handler /common/redirect.py"), "{out}");
}

#[test]
fn coop_and_coep_headers_make_a_secure_page_cross_origin_isolated() {
    let tree = require_wpt!();
    let dir = "html/infrastructure/safe-passing-of-structured-data/shared-array-buffers";
    let isolated = |url: &str| {
        let mut options = HostOptions::new(&tree);
        options.site = isohost_site(&tree);
        options.script_timeout = Duration::from_secs(5);
        let host = Host::new(options).expect("a host over the checkout");
        let tab = host.open(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(
            host.wait_idle(Some(Duration::from_secs(60))),
            "{url} became idle"
        );
        host.evaluate(
            tab.main_frame,
            "[self.crossOriginIsolated, location.origin]",
        )
        .expect("evaluates")
    };
    // window-simple-success.https.html.headers: COOP same-origin, COEP require-corp.
    let v = isolated(&format!(
        "https://web-platform.test:8443/{dir}/window-simple-success.https.html"
    ));
    assert_eq!(
        v,
        serde_json::json!([true, "https://web-platform.test:8443"])
    );
    // The same headers over http are not a secure context: no isolation.
    let v = isolated(&format!(
        "http://web-platform.test:8001/{dir}/window-simple-success.https.html"
    ));
    assert_eq!(
        v,
        serde_json::json!([false, "http://web-platform.test:8001"])
    );
    // No headers.
    let v =
        isolated("https://www1.web-platform.test:8444/webmessaging/MessageEvent_properties.htm");
    assert_eq!(
        v,
        serde_json::json!([false, "https://www1.web-platform.test:8444"])
    );
}

fn isohost_site(tree: &Path) -> isohost::Site {
    isohost::Site::Wpt(std::sync::Arc::new(
        isohost::WptSite::new(tree).expect("the checkout"),
    ))
}

/// A small checkout of our own: a decoy testharnessreport.js that would
/// hide every result, and one `.any.js` test with a passing and a failing
/// subtest.
fn small_checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |p: &str, s: &str| {
        let f = dir.path().join(p);
        std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
        std::fs::write(f, s).expect("write");
    };
    write(
        "resources/testharnessreport.js",
        "throw new Error('the checkout reporter ran');\n",
    );
    write(
        "d/t.any.js",
        "// META: global=window\n// META: title=two subtests\ntest(() => {}, 'passes');\ntest(() => { assert_true(false, 'no'); }, 'fails');\n",
    );
    dir
}

#[test]
fn expectations_decide_what_fails_the_run_and_can_be_updated() {
    let checkout = small_checkout();
    let meta = tempfile::tempdir().expect("temp dir");
    let root = checkout.path().to_str().expect("UTF-8");
    let meta_arg = meta.path().to_str().expect("UTF-8");
    let ini = meta.path().join("d/t.any.js.ini");

    // Without expectations the failure fails the run.
    let (code, out, _) = isohost(&["wpt", root]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("✘ FAIL /d/t.any.html (1 passed, 1 failed, "),
        "our reporter ran: {out}"
    );
    assert_eq!(out.lines().last(), Some("1 passed, 1 failed"), "{out}");

    // Expected: the run passes, and says so.
    std::fs::create_dir_all(ini.parent().expect("parent")).expect("mkdir");
    std::fs::write(&ini, "[t.any.html]\n  [fails]\n    expected: FAIL\n").expect("write");
    let (code, out, _) = isohost(&["wpt", root, "--metadata", meta_arg]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("✓ XFAIL /d/t.any.html (1 passed, 1 failed, "),
        "{out}"
    );
    assert!(
        !out.contains("assert_true: no expected true got false"),
        "an expected failure is not expanded: {out}"
    );
    assert!(out.contains("\n0 unexpected results\n"), "{out}");

    // An unexpected pass fails the run too.
    std::fs::write(
        &ini,
        "[t.any.html]\n  [fails]\n    expected: FAIL\n  [passes]\n    expected: FAIL\n",
    )
    .expect("write");
    let (code, out, _) = isohost(&["wpt", root, "--metadata", meta_arg, "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["unexpected"], 1);
    let tests = v["files"][0]["tests"].as_array().expect("tests");
    let passes = tests
        .iter()
        .find(|t| t["name"] == "passes")
        .expect("passes");
    assert_eq!(
        (&passes["status"], &passes["expected"]),
        (&Value::from("PASS"), &Value::from("FAIL"))
    );

    // A disabled test is skipped, not run.
    std::fs::write(&ini, "[t.any.html]\n  disabled: flaky on Tuesdays\n").expect("write");
    let (code, out, _) = isohost(&["wpt", root, "--metadata", meta_arg]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("SKIP /d/t.any.html: disabled: flaky on Tuesdays"),
        "{out}"
    );
    assert_eq!(
        out.lines().last(),
        Some("0 passed, 0 failed, 1 skipped"),
        "{out}"
    );

    // --update-metadata writes what happened; the next run is all expected.
    std::fs::remove_file(&ini).expect("remove");
    let (code, _, err) = isohost(&["wpt", root, "--metadata", meta_arg, "--update-metadata"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&ini).expect("written"),
        "[t.any.html]\n  [fails]\n    expected: FAIL\n\n"
    );
    let (code, out, _) = isohost(&["wpt", root, "--metadata", meta_arg]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn isohost_test_reads_the_same_expectations_for_fixtures() {
    let meta = tempfile::tempdir().expect("temp dir");
    let ini = meta.path().join("c.test/harness-statuses/failing.html.ini");
    std::fs::create_dir_all(ini.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &ini,
        "[failing.html]\n  [apples are <oranges> & \"pears\"]\n    expected: FAIL\n",
    )
    .expect("write");
    let file = "tests/fixtures/c.test/harness-statuses/failing.html";
    let (code, out, _) = isohost(&["test", "--root", "tests/fixtures", file]);
    assert_eq!(code, 1, "{out}");
    let meta_arg = meta.path().to_str().expect("UTF-8");
    let (code, out, _) = isohost(&[
        "test",
        "--root",
        "tests/fixtures",
        file,
        "--expectations",
        meta_arg,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("XFAIL tests/fixtures/c.test/harness-statuses/failing.html"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("1 passed, 1 failed"), "{out}");
    // JUnit: the expected failure is a skipped testcase, not a failure.
    let (code, out, _) = isohost(&[
        "test",
        "--root",
        "tests/fixtures",
        file,
        "--expectations",
        meta_arg,
        "--format",
        "junit",
    ]);
    assert_eq!(code, 0, "{out}");
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("XML ({e}): {out}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("failures"), Some("0"), "{out}");
    assert_eq!(root.attribute("skipped"), Some("1"), "{out}");
}

/// The subtests issue 13's exotic objects, Storage and postMessage work made
/// pass: cross-origin functions and accessors (names, lengths, the cache),
/// Storage as a legacy platform object, and postMessage's argument and
/// transfer-list handling.
#[test]
fn exotic_objects_storage_and_post_message_pass_their_wpt_files() {
    let tree = require_wpt!();
    let tree_arg = tree.to_str().expect("UTF-8 path");
    let origin = "html/browsers/origin/cross-origin-objects";
    let data = "html/infrastructure/safe-passing-of-structured-data";
    let paths = [
        format!("{origin}/cross-origin-objects-function-caching.html"),
        format!("{origin}/cross-origin-objects-function-length.html"),
        format!("{origin}/cross-origin-objects-function-name.html"),
        "webstorage/set.window.js".into(),
        "webstorage/symbol-props.window.js".into(),
        "webstorage/storage_builtins.window.js".into(),
        "webstorage/missing_arguments.window.js".into(),
        "webstorage/storage_key.window.js".into(),
        "webstorage/event_initstorageevent.window.js".into(),
        "webstorage/event_constructor.window.js".into(),
        "webstorage/storage_setitem.window.js".into(),
        "webmessaging/with-ports/010.html".into(),
        "webmessaging/with-ports/023.html".into(),
        "webmessaging/with-ports/026.html".into(),
        "webmessaging/with-ports/027.html".into(),
        "webmessaging/without-ports/010.html".into(),
        "webmessaging/message-channels/close.any.js".into(),
        format!("{data}/transfer-errors.window.js"),
        format!("{data}/structured-cloning-error-stack-optional.sub.window.js"),
    ];
    let mut args = vec!["wpt", tree_arg];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    let (_, out, err) = isohost(&args);
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("JSON ({e}): {out}\n{err}"));
    let s = statuses(&v);
    for file in ["caching", "length", "name"] {
        all_pass(
            &s,
            &format!("/{origin}/cross-origin-objects-function-{file}.html"),
            4,
        );
    }
    all_pass(&s, "/webstorage/set.window.html", 20);
    all_pass(&s, "/webstorage/storage_builtins.window.html", 2);
    all_pass(&s, "/webstorage/missing_arguments.window.html", 10);
    all_pass(&s, "/webstorage/storage_key.window.html", 22);
    all_pass(&s, "/webstorage/event_initstorageevent.window.html", 5);
    all_pass(&s, "/webstorage/event_constructor.window.html", 5);
    all_pass(&s, "/webstorage/storage_setitem.window.html", 1106);
    all_pass(&s, "/webmessaging/with-ports/010.html", 15);
    all_pass(&s, "/webmessaging/with-ports/023.html", 1);
    all_pass(&s, "/webmessaging/with-ports/026.html", 1);
    all_pass(&s, "/webmessaging/with-ports/027.html", 2);
    all_pass(&s, "/webmessaging/without-ports/010.html", 15);
    all_pass(&s, "/webmessaging/message-channels/close.any.html", 6);
    all_pass(
        &s,
        "/webmessaging/message-channels/close.any.worker.html",
        6,
    );
    let passes = |id: &str, names: &[String]| {
        let (_, _, subs) = s.get(id).unwrap_or_else(|| panic!("{id} ran: {s:#?}"));
        for name in names {
            assert_eq!(
                subs.get(name).map(String::as_str),
                Some("PASS"),
                "{id}: {name}: {subs:#?}"
            );
        }
    };
    // A symbol defined non-configurable stays so: the 2021 test expects the
    // [[Configurable]] override WebIDL has since dropped (whatwg/webidl#1418).
    let symbols: Vec<String> = ["localStorage", "sessionStorage"]
        .iter()
        .flat_map(|s| {
            [
                "plain set + get (loose)",
                "plain set + get (strict)",
                "defineProperty + get",
                "get with symbol on prototype",
                "delete existing property",
                "delete non-existent property",
            ]
            .map(|t| format!("{s}: {t}"))
        })
        .collect();
    passes("/webstorage/symbol-props.window.html", &symbols);
    // ImageBitmap and OffscreenCanvas are not modelled.
    let transfers: Vec<String> = ["ArrayBuffer", "MessagePort"]
        .iter()
        .flat_map(|t| {
            [
                format!("Cannot transfer the same {t} twice"),
                format!(
                    "Serialize should make the {t} detached, so it cannot be transferred again"
                ),
                format!("Serialize should throw before a detached {t} is found"),
                format!("Cannot transfer {t} detached while the message was serialized"),
            ]
        })
        .collect();
    passes(&format!("/{data}/transfer-errors.window.html"), &transfers);
    passes(
        &format!("/{data}/structured-cloning-error-stack-optional.sub.window.html"),
        &[
            "page-created DOMException (worker)".into(),
            "page-created DOMException (cross-site iframe)".into(),
        ],
    );
}
