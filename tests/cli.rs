//! The command-line contract (DESIGN.md): what `isohost open` and
//! `isohost test` print, and how they fail.

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::isohost;
use serde_json::Value;

/// Runs isohost and parses stdout as exactly one JSON value.
fn json(args: &[&str]) -> (i32, Value) {
    let (code, out, err) = isohost(args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| {
        panic!("isohost {args:?} prints one JSON value ({e}): {out}\nstderr: {err}")
    });
    (code, v)
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// A failure: non-zero exit, nothing on stdout, one line on stderr that is
/// neither a panic nor a backtrace and mentions `mentions`.
fn assert_fails_in_one_line(args: &[&str], mentions: &str) {
    let (code, out, err) = isohost(args);
    assert_ne!(code, 0, "isohost {args:?} fails");
    assert_ne!(code, 101, "isohost {args:?} does not panic: {err}");
    assert_eq!(out, "", "isohost {args:?} prints nothing on stdout");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "isohost {args:?} says why in one line:\n{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(err.contains(mentions), "{err:?} mentions {mentions:?}");
}

// ---------------------------------------------------------------------------
// isohost open

#[test]
fn open_json_prints_one_object_with_frames_console_and_errors() {
    let (code, out, err) = isohost(&["open", "pages/a.test/index.html", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let v: Value = serde_json::from_str(&out).expect("exactly one JSON value");
    let top = keys(&v);
    for k in ["frames", "console", "errors"] {
        assert!(top.contains(k), "{top:?} has {k}");
    }
    let frames = v["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 7);
    for f in frames {
        assert_eq!(
            keys(f),
            ["context", "id", "isolate", "origin", "parent", "url"]
                .into_iter()
                .collect()
        );
        assert!(
            f["id"].is_u64() && f["isolate"].is_u64() && f["context"].is_u64(),
            "{f}"
        );
    }
    let by_url = |url: &str| {
        frames
            .iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("a frame at {url}: {frames:#?}"))
    };
    let main = by_url("http://a.test/index.html");
    assert_eq!(main["parent"], Value::Null);
    assert_eq!(main["origin"], "http://a.test");
    assert_eq!(by_url("http://a.test/same.html")["parent"], main["id"]);
    assert_eq!(
        by_url("http://b.test/cross.html")["origin"],
        "http://b.test"
    );
    assert_eq!(by_url("http://a.test/sandboxed.html")["origin"], "null");
    assert_eq!(by_url("about:srcdoc")["origin"], "http://a.test");
    assert_eq!(
        by_url("http://a.test/leaf.html")["parent"],
        by_url("http://a.test/nested.html")["id"]
    );
    let console = v["console"].as_array().unwrap();
    assert!(!console.is_empty());
    for line in console {
        assert_eq!(keys(line), ["frame", "level", "text"].into_iter().collect());
    }
    let same = by_url("http://a.test/same.html")["id"].clone();
    assert!(console.iter().any(|l| l["frame"] == same
        && l["level"] == "log"
        && l["text"] == "same-origin child: parent.topSecret = top-secret"));
    assert_eq!(v["errors"], Value::Array(vec![]));
}

#[test]
fn open_text_attributes_console_lines_to_frames() {
    let (_, v) = json(&["open", "http://a.test/index.html", "--format", "json"]);
    let id = |url: &str| {
        v["frames"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("a frame at {url}: {v:#}"))["id"]
            .clone()
    };
    let (code, out, err) = isohost(&["open", "http://a.test/index.html"]);
    assert_eq!(code, 0, "{err}");
    for (frame, text) in [
        (
            id("http://a.test/same.html"),
            "same-origin child: parent.topSecret = top-secret",
        ),
        (
            id("http://b.test/cross.html"),
            "cross-origin child: parent.topSecret threw SecurityError (code 18)",
        ),
        (
            id("http://a.test/leaf.html"),
            "leaf: parent.parent === top: true, top.topSecret = top-secret",
        ),
        (
            id("http://a.test/index.html"),
            "two-deep frame global: leaf-secret",
        ),
    ] {
        let want = format!("[frame {frame} log] {text}");
        assert!(out.lines().any(|l| l.trim() == want), "{want:?} in:\n{out}");
    }
    assert!(
        out.contains(&format!(
            "frame {} http://a.test/sandboxed.html (origin null",
            id("http://a.test/sandboxed.html")
        )),
        "{out}"
    );
}

#[test]
fn open_lists_every_tab_and_worker_in_the_isolate_of_its_agent_cluster() {
    let (code, v) = json(&[
        "open",
        "http://c.test/tabs-and-workers.html",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let frames = v["frames"].as_array().unwrap();
    let mains: Vec<&Value> = frames.iter().filter(|f| f["parent"].is_null()).collect();
    assert_eq!(
        mains.len(),
        3,
        "the page and the two tabs it opened: {frames:#?}"
    );
    let isolate_of = |url: &str| {
        mains
            .iter()
            .find(|f| f["url"] == url)
            .and_then(|f| f["isolate"].as_u64())
            .unwrap_or_else(|| panic!("no tab at {url}: {frames:#?}"))
    };
    let page = isolate_of("http://c.test/tabs-and-workers.html");
    assert_eq!(
        isolate_of("http://c.test/popup.html"),
        page,
        "a same-origin popup runs in its opener's isolate"
    );
    assert_ne!(
        isolate_of("http://b.test/other.html"),
        page,
        "a popup of another site gets an isolate of its own"
    );
    let console: Vec<&str> = v["console"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert!(console.contains(&"popup: opener is set"), "{console:?}");
    assert!(
        console.contains(&"worker says: pong to ping"),
        "{console:?}"
    );
}

#[test]
fn a_missing_iframe_is_reported_in_errors_and_is_not_fatal() {
    let (code, v) = json(&[
        "open",
        "http://c.test/missing-frame.html",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(
        keys(e),
        ["column", "frame", "line", "message", "url"]
            .into_iter()
            .collect()
    );
    assert_eq!(e["url"], "http://c.test/does-not-exist.html");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("http://c.test/does-not-exist.html"),
        "{e}"
    );
    assert!(
        v["console"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["text"] == "the page runs on")
    );
}

#[test]
fn an_unknown_flag_fails_in_one_line() {
    assert_fails_in_one_line(&["open", "pages/a.test/index.html", "--bogus"], "--bogus");
    assert_fails_in_one_line(
        &["inspect", "pages/a.test/index.html", "--format", "xml"],
        "xml",
    );
    assert_fails_in_one_line(
        &[
            "test",
            "--root",
            "tests/fixtures",
            "tests/fixtures/c.test/harness-statuses",
            "--shard",
            "3/2",
        ],
        "3/2",
    );
}

#[test]
fn a_missing_root_fails_in_one_line() {
    assert_fails_in_one_line(
        &["open", "--root", "/nonexistent", "http://a.test/"],
        "/nonexistent",
    );
    assert_fails_in_one_line(
        &[
            "test",
            "--root",
            "/nonexistent",
            "tests/fixtures/c.test/harness-statuses",
        ],
        "/nonexistent",
    );
}

#[test]
fn a_missing_top_level_file_fails_in_one_line() {
    assert_fails_in_one_line(
        &["open", "http://a.test/nope.html"],
        "http://a.test/nope.html",
    );
    assert_fails_in_one_line(
        &["inspect", "http://a.test/nope.html", "--format", "html"],
        "http://a.test/nope.html",
    );
}

#[test]
fn a_path_outside_the_root_fails_in_one_line() {
    assert_fails_in_one_line(&["open", "Cargo.toml"], "not inside the fixture root");
    assert_fails_in_one_line(
        &["open", "pages/../Cargo.toml"],
        "not inside the fixture root",
    );
    assert_fails_in_one_line(&["open", "/etc/hostname"], "not inside the fixture root");
}

#[test]
fn a_file_url_fails_in_one_line() {
    assert_fails_in_one_line(&["open", "file:///etc/hostname"], "file");
    let page = format!(
        "file://{}/pages/a.test/index.html",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_fails_in_one_line(&["open", &page], "file");
}

#[test]
fn encoded_dot_segments_never_leave_the_root() {
    // pages/a.test/../../Cargo.toml exists: each of these would reach it if
    // the loader decoded before checking.
    for url in [
        "http://a.test/%2e%2e/%2e%2e/Cargo.toml",
        "http://a.test/%2e%2e%2f%2e%2e%2fCargo.toml",
        "http://a.test/..%2f..%2fCargo.toml",
        "http://a.test/%2E%2E%5C%2E%2E%5CCargo.toml",
        "http://a.test/.%2e/.%2e/Cargo.toml",
    ] {
        let (code, out, err) = isohost(&["open", url, "--format", "json"]);
        assert_ne!(code, 0, "{url} is refused: {out}");
        assert!(!out.contains("workspace"), "{url} leaked Cargo.toml: {out}");
        assert_eq!(err.lines().count(), 1, "{url}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_symlink_out_of_the_root_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.html"),
        "<script>console.log('secret')</script>",
    )
    .unwrap();
    let root = tempfile::tempdir().unwrap();
    let host = root.path().join("s.test");
    std::fs::create_dir(&host).unwrap();
    std::fs::write(
        host.join("inside.html"),
        "<script>console.log('inside')</script>",
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path().join("secret.html"), host.join("link.html"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), host.join("dir")).unwrap();
    }
    let root_arg = root.path().to_str().unwrap();
    let (code, v) = json(&[
        "open",
        "--root",
        root_arg,
        "http://s.test/inside.html",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["console"][0]["text"], "inside");
    for url in ["http://s.test/link.html", "http://s.test/dir/secret.html"] {
        let (code, out, err) = isohost(&["open", "--root", root_arg, url, "--format", "json"]);
        assert_ne!(code, 0, "{url} is refused: {out}");
        assert!(!out.contains("secret"), "{out}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn output_cut_short_by_the_reader_is_not_a_crash() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_isohost"))
        .args(["inspect", "http://a.test/", "--format", "html"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(status.code(), Some(101), "{err}");
}

// ---------------------------------------------------------------------------
// isohost test

const SUITE: &str = "tests/fixtures/c.test/harness-statuses";

/// (path, name) → status of every subtest, plus harness statuses.
fn statuses(v: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for f in v["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap().to_string();
        out.push((
            path.clone(),
            "(harness)".into(),
            f["harness_status"].as_str().unwrap().into(),
        ));
        for t in f["tests"].as_array().unwrap() {
            out.push((
                path.clone(),
                t["name"].as_str().unwrap().into(),
                t["status"].as_str().unwrap().into(),
            ));
        }
    }
    out
}

#[test]
fn test_text_ends_with_the_passed_and_failed_counts() {
    let (code, out, err) = isohost(&["test", "--root", "tests/fixtures", SUITE]);
    assert_eq!(code, 1, "something failed: {out}{err}");
    // Subtests only; the harness statuses are counted by file, apart.
    assert_eq!(out.lines().last(), Some("6 passed, 4 failed"), "{out}");
    let files = out.lines().rev().nth(1).unwrap_or("");
    assert!(
        files.starts_with("5 files in ") && files.ends_with(" s: 1 ERROR, 2 OK, 2 TIMEOUT"),
        "{out}"
    );
    let (code, out, _) = isohost(&[
        "test",
        "--root",
        "tests/fixtures",
        "tests/fixtures/c.test/harness-statuses/passing.html",
    ]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().last(), Some("3 passed, 0 failed"), "{out}");
}

#[test]
fn test_json_reports_every_status() {
    let (code, v) = json(&[
        "test",
        "--root",
        "tests/fixtures",
        SUITE,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        keys(&v),
        [
            "clock_start",
            "duration_ms",
            "failed",
            "files",
            "flaky",
            "harness_statuses",
            "passed",
            "seed",
            "skipped",
            "unexpected"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(
        (v["skipped"].as_u64(), v["unexpected"].as_u64()),
        (Some(0), Some(7))
    );
    // Subtests; harness statuses by file.
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(6), Some(4))
    );
    assert_eq!(
        v["harness_statuses"],
        serde_json::json!({"OK": 2, "ERROR": 1, "TIMEOUT": 2})
    );
    for f in v["files"].as_array().unwrap() {
        for k in [
            "path",
            "url",
            "harness_status",
            "tests",
            "duration_ms",
            "console",
            "errors",
        ] {
            assert!(keys(f).contains(k), "{f}");
        }
        assert!(
            f["url"]
                .as_str()
                .unwrap()
                .starts_with("http://c.test/harness-statuses/"),
            "{f}"
        );
        for t in f["tests"].as_array().unwrap() {
            let k = keys(t);
            for want in ["message", "name", "status"] {
                assert!(k.contains(want), "{t}");
            }
            // A failure carries its stack and place; a pass neither.
            let failed_assert = t["status"] == "FAIL";
            assert_eq!(k.contains("stack"), failed_assert, "{t}");
            assert_eq!(k.contains("place"), failed_assert, "{t}");
        }
    }
    let got = statuses(&v);
    let has = |file: &str, name: &str, status: &str| {
        assert!(
            got.iter()
                .any(|(p, n, s)| *p == format!("{SUITE}/{file}") && n == name && s == status),
            "{file} {name:?} is {status}: {got:#?}"
        );
    };
    has("passing.html", "(harness)", "OK");
    has("passing.html", "two and two make four", "PASS");
    has("passing.html", "a one-second timer fires", "PASS");
    has("failing.html", "apples are <oranges> & \"pears\"", "FAIL");
    has("timeout.html", "a quick subtest passes first", "PASS");
    has("timeout.html", "a subtest that never completes", "TIMEOUT");
    has("timeout.html", "(harness)", "TIMEOUT");
    has("notrun.html", "a promise that never settles", "TIMEOUT");
    has("notrun.html", "a promise test queued behind it", "NOTRUN");
    has("harness-error.html", "(harness)", "ERROR");
    has(
        "harness-error.html",
        "a subtest before the error passes",
        "PASS",
    );
    let failing = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == format!("{SUITE}/failing.html"))
        .unwrap();
    assert_eq!(
        failing["tests"][1]["message"],
        "assert_equals: fruit compared expected \"oranges\" but got \"apples\""
    );
}

#[test]
fn a_test_that_never_completes_times_out_quickly_under_virtual_time() {
    let started = Instant::now();
    let (code, v) = json(&[
        "test",
        "--root",
        "tests/fixtures",
        "tests/fixtures/c.test/harness-statuses/timeout.html",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["files"][0]["harness_status"], "TIMEOUT");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "testharness's 10 s timeout passes in virtual time, took {:?}",
        started.elapsed()
    );
}

#[test]
fn test_junit_is_well_formed_with_one_testcase_per_subtest() {
    let (_, v) = json(&[
        "test",
        "--root",
        "tests/fixtures",
        SUITE,
        "--format",
        "json",
    ]);
    let (code, out, err) = isohost(&[
        "test",
        "--root",
        "tests/fixtures",
        SUITE,
        "--format",
        "junit",
    ]);
    assert_eq!(code, 1, "{err}");
    let doc = roxmltree::Document::parse(&out)
        .unwrap_or_else(|e| panic!("well-formed XML ({e}):\n{out}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<roxmltree::Node<'_, '_>> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && n.attribute("name") != Some("(harness)"))
        .collect();
    let subtests: Vec<(String, String, String)> = statuses(&v)
        .into_iter()
        .filter(|(_, n, _)| n != "(harness)")
        .collect();
    assert_eq!(cases.len(), subtests.len(), "one testcase per subtest");
    for (path, name, status) in &subtests {
        let case = cases
            .iter()
            .find(|c| c.attribute("classname") == Some(path) && c.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("a testcase for {path} {name:?}"));
        let failure = case.children().find(|c| c.has_tag_name("failure"));
        if status == "PASS" {
            assert!(failure.is_none(), "{name} passed");
        } else {
            let failure = failure.unwrap_or_else(|| panic!("{name} has a failure element"));
            assert_eq!(failure.attribute("type"), Some(status.as_str()));
        }
    }
    // Harness errors and timeouts are reported too.
    let harness: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && n.attribute("name") == Some("(harness)"))
        .collect();
    assert_eq!(harness.len(), 3, "harness-error, notrun and timeout");
    assert!(harness.iter().all(|h| {
        h.children()
            .any(|c| c.has_tag_name("error") || c.has_tag_name("failure"))
    }));
    let count =
        |n: roxmltree::Node<'_, '_>, a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
    // Ten subtests and three harness statuses that were not OK: subtests
    // fail, harness statuses are errors, and the totals add up.
    assert_eq!(count(root, "tests"), 10 + 3);
    assert_eq!(count(root, "failures"), 4);
    assert_eq!(count(root, "errors"), 3);
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    for a in ["tests", "failures", "errors", "skipped"] {
        assert_eq!(
            suites.iter().map(|s| count(*s, a)).sum::<usize>(),
            count(root, a),
            "{a} adds up"
        );
    }
    for s in &suites {
        let cases = s.children().filter(|n| n.has_tag_name("testcase"));
        let failures = cases
            .clone()
            .filter(|c| c.children().any(|x| x.has_tag_name("failure")))
            .count();
        let errors = cases
            .filter(|c| c.children().any(|x| x.has_tag_name("error")))
            .count();
        assert_eq!(
            (failures, errors),
            (count(*s, "failures"), count(*s, "errors"))
        );
    }
    // The name with markup characters survives escaping.
    assert!(
        cases
            .iter()
            .any(|c| c.attribute("name") == Some("apples are <oranges> & \"pears\""))
    );
}

#[test]
fn test_junit_stays_well_formed_when_names_and_messages_hold_control_characters() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("x.test");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("controls.html");
    std::fs::write(
        &file,
        r#"<!DOCTYPE html>
<script src="/resources/testharness.js"></script>
<script src="/resources/testharnessreport.js"></script>
<script>
test(() => { assert_true(false, 'a\u0001b\rc'); }, 'back\u0008space');
</script>
"#,
    )
    .unwrap();
    let (code, out, err) = isohost(&[
        "test",
        "--root",
        root.path().to_str().unwrap(),
        file.to_str().unwrap(),
        "--format",
        "junit",
    ]);
    assert_eq!(code, 1, "{err}");
    let doc = roxmltree::Document::parse(&out)
        .unwrap_or_else(|e| panic!("well-formed XML ({e}):\n{out}"));
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") != Some("(harness)"))
        .unwrap_or_else(|| panic!("a testcase: {out}"));
    assert_eq!(case.attribute("name"), Some("back\u{FFFD}space"));
    let failure = case
        .children()
        .find(|c| c.has_tag_name("failure"))
        .unwrap_or_else(|| panic!("a failure: {out}"));
    // The control character is replaced; the CR is not kept by the XML
    // writer (quick-junit), which is allowed to normalize line ends.
    let message = failure.attribute("message").unwrap_or_default();
    assert!(
        message.starts_with("assert_true: a\u{FFFD}b")
            && message.ends_with("c expected true got false"),
        "{message:?}"
    );
}

#[test]
fn shards_are_disjoint_and_together_make_the_whole_suite() {
    let files = |args: &[&str]| -> BTreeSet<String> {
        let mut all = vec![
            "test",
            "--root",
            "tests/fixtures",
            SUITE,
            "--format",
            "json",
        ];
        all.extend_from_slice(args);
        let (_, v) = json(&all);
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    let whole = files(&[]);
    assert_eq!(whole.len(), 5);
    let shards: Vec<BTreeSet<String>> = (1..=3)
        .map(|i| files(&["--shard", &format!("{i}/3")]))
        .collect();
    let union: BTreeSet<String> = shards.iter().flatten().cloned().collect();
    assert_eq!(union, whole);
    assert_eq!(
        shards.iter().map(BTreeSet::len).sum::<usize>(),
        whole.len(),
        "no file in two shards"
    );
    assert!(shards.iter().all(|s| !s.is_empty()), "{shards:?}");
}

#[test]
fn filter_keeps_matching_files_or_subtests() {
    let (code, v) = json(&[
        "test",
        "--root",
        "tests/fixtures",
        SUITE,
        "--format",
        "json",
        "--filter",
        "passing",
    ]);
    assert_eq!(code, 0, "{v}");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], format!("{SUITE}/passing.html"));
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(3), Some(0))
    );

    let (code, v) = json(&[
        "test",
        "--root",
        "tests/fixtures",
        SUITE,
        "--format",
        "json",
        "--filter",
        "apples",
    ]);
    assert_eq!(code, 1);
    let got = statuses(&v);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[1].1, "apples are <oranges> & \"pears\"");
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(0), Some(1))
    );
}

#[test]
fn test_fails_when_no_test_file_matches() {
    let (code, out, _) = isohost(&[
        "test",
        "--root",
        "tests/fixtures",
        SUITE,
        "--filter",
        "no such test anywhere",
    ]);
    assert_ne!(code, 0, "{out}");
    assert_eq!(out.lines().last(), Some("0 passed, 0 failed"), "{out}");
}
