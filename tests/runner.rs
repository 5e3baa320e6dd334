//! `isohost test` as a test runner: reporters (in a pseudo-terminal where
//! colours and live output matter), failure places, expectations, repeats
//! and retries, grep, the directory walk, the config file, escaping, and
//! arguments that must never panic.

mod common;

use std::io::Read as _;
use std::path::Path;
use std::time::{Duration, Instant};

use common::isohost;
use serde_json::Value;

const ROOT: &str = "tests/fixtures";
const SUITE: &str = "tests/fixtures/c.test/harness-statuses";
const FAILING: &str = "tests/fixtures/c.test/harness-statuses/failing.html";
const PASSING: &str = "tests/fixtures/c.test/harness-statuses/passing.html";

fn test_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["test", "--no-config", "--root", ROOT];
    v.extend_from_slice(extra);
    v
}

fn run_json(extra: &[&str]) -> (i32, Value) {
    let mut args = test_args(extra);
    args.extend(["--reporter", "json"]);
    let (code, out, err) = isohost(&args);
    let v = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("isohost {args:?} prints JSON ({e}): {out}\n{err}"));
    (code, v)
}

/// The result of the file at `path` (as given on the command line, or as
/// found in a directory given).
fn file<'v>(v: &'v Value, path: &str) -> &'v Value {
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} in {v}"))
}

/// Runs isohost in `dir` with extra environment; (code, stdout, stderr).
fn isohost_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_isohost"));
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs isohost");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------------------
// A pseudo-terminal

/// What a program wrote to a terminal: chunks with the time each arrived.
struct Tty {
    chunks: Vec<(Instant, String)>,
    code: i32,
}

impl Tty {
    fn text(&self) -> String {
        self.chunks.iter().map(|(_, c)| c.as_str()).collect()
    }

    /// When the terminal had first shown `needle` (which may span chunks).
    fn shown_at(&self, needle: &str) -> Option<Instant> {
        let mut so_far = String::new();
        self.chunks.iter().find_map(|(t, c)| {
            so_far.push_str(c);
            so_far.contains(needle).then_some(*t)
        })
    }
}

/// Runs isohost on a pseudo-terminal (stdin, stdout and stderr), with the
/// environment changed as given.
fn isohost_on_tty(args: &[&str], env: &[(&str, Option<&str>)]) -> Tty {
    use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
    use std::process::{Command, Stdio};
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 50,
        ws_col: 200,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors, owned from here on.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(
        opened,
        0,
        "a pseudo-terminal: {}",
        std::io::Error::last_os_error()
    );
    // SAFETY: both are open and nothing else owns them.
    let (master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    };
    for fd in [master.as_raw_fd(), slave.as_raw_fd()] {
        // SAFETY: an open descriptor; the child gets only its stdio.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_isohost"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let side = || Stdio::from(slave.try_clone().expect("a copy of the terminal's side"));
    cmd.stdin(side()).stdout(side()).stderr(side());
    let mut child = cmd.spawn().expect("spawns on the pty");
    // Only the child holds the terminal's side now: reading the master
    // ends (EIO) once it exits.
    drop(cmd);
    drop(slave);
    let mut reader = master;
    let (tx, rx) = std::sync::mpsc::channel();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let _ = tx.send((
                        Instant::now(),
                        String::from_utf8_lossy(&buf[..n]).into_owned(),
                    ));
                }
            }
        }
    });
    let status = child.wait().expect("the child ends");
    let _ = reading.join();
    Tty {
        chunks: rx.try_iter().collect(),
        code: status.code().unwrap_or(-1),
    }
}

// ---------------------------------------------------------------------------
// Reporters

#[test]
fn list_prints_a_line_per_file_with_failures_expanded_at_their_place() {
    let (code, out, err) = isohost(&test_args(&[SUITE, "--jobs", "2"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("Running 5 files, 2 at a time\n"), "{out}");
    for line in [
        "  ✘ FAIL tests/fixtures/c.test/harness-statuses/failing.html (1 passed, 1 failed, ",
        "  ✘ ERROR tests/fixtures/c.test/harness-statuses/harness-error.html (1 passed, ",
        "  ✘ TIMEOUT tests/fixtures/c.test/harness-statuses/notrun.html (0 passed, 2 failed, ",
        "  ✓ PASS tests/fixtures/c.test/harness-statuses/passing.html (3 passed, ",
        "  ✘ TIMEOUT tests/fixtures/c.test/harness-statuses/timeout.html (1 passed, 1 failed, ",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(line)),
            "{line:?} in:\n{out}"
        );
    }
    // Files in order, whatever finished first.
    let order: Vec<usize> = [
        "failing",
        "harness-error",
        "notrun",
        "passing.html",
        "timeout.html",
    ]
    .iter()
    .map(|n| out.find(n).unwrap_or_else(|| panic!("{n}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
    // The failing assertion: message, place, code frame with a caret.
    let expected = "      FAIL apples are <oranges> & \"pears\"
        assert_equals: fruit compared expected \"oranges\" but got \"apples\"
        at tests/fixtures/c.test/harness-statuses/failing.html:7:14

          5 | <script>
          6 | test(() => { assert_true(true); }, 'truth holds');
        > 7 | test(() => { assert_equals('apples', 'oranges', 'fruit compared'); }, 'apples are <oranges> & \"pears\"');
            |              ^
          8 | </script>
";
    assert!(out.contains(expected), "{out}");
    // A harness error: where it was thrown, and the page error.
    assert!(
        out.contains("      harness ERROR\n        Uncaught Error: thrown outside any test\n        at tests/fixtures/c.test/harness-statuses/harness-error.html:7:"),
        "{out}"
    );
    // The closing lines: failing files, files by harness status, subtests.
    assert!(out.contains("\n  4 files failed\n"), "{out}");
    assert!(
        out.contains("    tests/fixtures/c.test/harness-statuses/timeout.html (harness TIMEOUT)\n"),
        "{out}"
    );
    assert_eq!(out.lines().last(), Some("6 passed, 4 failed"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colours into a pipe: {out:?}");
}

#[test]
fn a_failure_in_an_external_script_is_placed_in_that_file_with_its_stack() {
    let (code, out, _) = isohost(&test_args(&["tests/fixtures/r.test/places/external.html"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("        at tests/fixtures/r.test/places/helpers.js:5:3\n"),
        "{out}"
    );
    assert!(
        out.contains("        > 5 |   assert_equals(actual, wanted, 'fruit from a helper');\n"),
        "{out}"
    );
    // The stack: the helper, then the test that called it; no harness frames.
    let stack = out
        .split("stack:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    let frames: Vec<&str> = stack
        .lines()
        .take_while(|l| l.starts_with("          at "))
        .collect();
    assert_eq!(frames.len(), 3, "{out}");
    assert!(frames[0].contains("checkFruit (http://r.test/places/helpers.js:5:3)"));
    assert!(frames[1].contains("(http://r.test/places/external.html:7:14)"));
    assert!(!stack.contains("testharness.js"), "{stack}");
}

#[test]
fn json_carries_durations_places_stacks_console_and_page_errors() {
    let (code, v) = run_json(&[
        "tests/fixtures/r.test/console",
        "tests/fixtures/r.test/places/external.html",
    ]);
    assert_eq!(code, 1, "{v}");
    assert!(v["duration_ms"].is_u64());
    let failing = file(&v, "tests/fixtures/r.test/console/failing-with-output.html");
    assert!(failing["duration_ms"].is_u64(), "{failing}");
    let console: Vec<(&str, &str)> = failing["console"]
        .as_array()
        .expect("console")
        .iter()
        .map(|m| {
            (
                m["level"].as_str().unwrap_or(""),
                m["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        console,
        vec![
            ("log", "before the test: the answer is 42"),
            ("warn", "inside the test")
        ]
    );
    let t = &failing["tests"][0];
    assert!(t["duration_ms"].is_u64(), "{t}");
    assert_eq!(
        t["place"],
        serde_json::json!({
            "file": "tests/fixtures/r.test/console/failing-with-output.html",
            "url": "http://r.test/console/failing-with-output.html",
            "line": 9,
            "column": 3
        })
    );
    assert!(
        t["stack"]
            .as_str()
            .is_some_and(|s| s.contains("failing-with-output.html:9:3"))
    );
    let external = file(&v, "tests/fixtures/r.test/places/external.html");
    assert_eq!(
        external["tests"][0]["place"]["file"],
        "tests/fixtures/r.test/places/helpers.js"
    );
    assert_eq!(external["tests"][1]["status"], "PASS");
    assert!(external["tests"][1].get("place").is_none());
    let noisy = file(&v, "tests/fixtures/r.test/console/noisy.html");
    assert_eq!(
        noisy["errors"][0]["message"],
        "Uncaught Error: noisy: thrown from a timer"
    );
    assert_eq!(noisy["errors"][0]["place"]["line"], 10);
    // Without --fail-on-*, console errors and page errors do not fail a file.
    assert_eq!(noisy["harness_status"], "OK");
    assert!(noisy.get("policy_failures").is_none(), "{noisy}");
}

#[test]
fn junit_carries_times_console_output_and_places() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xml = dir.path().join("out/junit.xml");
    let spec = format!("junit={}", xml.display());
    let (code, _, err) = isohost(&test_args(&[
        "tests/fixtures/r.test/console",
        "--reporter",
        &spec,
    ]));
    assert_eq!(code, 1, "{err}");
    let text = std::fs::read_to_string(&xml).expect("the report is written, its directory made");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("XML ({e}): {text}"));
    let suite = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testsuite")
                && n.attribute("name")
                    == Some("tests/fixtures/r.test/console/failing-with-output.html")
        })
        .unwrap_or_else(|| panic!("{text}"));
    assert!(suite.attribute("time").is_some());
    let out = suite
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    assert_eq!(
        out,
        "[log] before the test: the answer is 42\n[warn] inside the test\n"
    );
    let case = suite
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .expect("a testcase");
    assert!(case.attribute("time").is_some(), "{text}");
    assert_eq!(
        case.attribute("file"),
        Some("tests/fixtures/r.test/console/failing-with-output.html")
    );
    assert_eq!(case.attribute("line"), Some("9"));
    let failure = case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    let body = failure.text().unwrap_or_default();
    assert!(
        body.contains("at tests/fixtures/r.test/console/failing-with-output.html:9:3"),
        "{body}"
    );
    assert!(
        case.children().any(|n| n.has_tag_name("system-out")),
        "a failing testcase carries the console: {text}"
    );
    let noisy = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testsuite")
                && n.attribute("name") == Some("tests/fixtures/r.test/console/noisy.html")
        })
        .expect("noisy");
    let err_text = noisy
        .children()
        .find(|n| n.has_tag_name("system-err"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    assert!(
        err_text.contains("Uncaught Error: noisy: thrown from a timer\n    at tests/fixtures/r.test/console/noisy.html:10:"),
        "{err_text}"
    );
}

#[test]
fn several_reporters_run_at_once_each_to_its_own_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = |n: &str| dir.path().join(n).display().to_string();
    let spec = format!(
        "list,json={},junit={},wptreport={},dot={}",
        p("r.json"),
        p("r.xml"),
        p("wpt.json"),
        p("dots.txt")
    );
    let (code, out, err) = isohost(&test_args(&[SUITE, "--reporter", &spec]));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("  ✓ PASS tests/fixtures/c.test/harness-statuses/passing.html"),
        "{out}"
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(p("r.json")).expect("json")).expect("JSON");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(5));
    roxmltree::Document::parse(&std::fs::read_to_string(p("r.xml")).expect("xml")).expect("XML");
    let wpt: Value =
        serde_json::from_str(&std::fs::read_to_string(p("wpt.json")).expect("wptreport"))
            .expect("JSON");
    assert_eq!(wpt["run_info"]["product"], "isohost");
    assert_eq!(wpt["results"].as_array().map(Vec::len), Some(5));
    let dots = std::fs::read_to_string(p("dots.txt")).expect("dots");
    assert!(dots.starts_with("FET·T\n"), "{dots:?}");
    // Two reporters cannot share stdout.
    let (code, out, err) = isohost(&test_args(&[SUITE, "--reporter", "list,json"]));
    assert_ne!(code, 0);
    assert_eq!(out, "");
    assert!(err.contains("2 reporters would write to stdout"), "{err}");
    let (code, _, err) = isohost(&test_args(&[SUITE, "--reporter", "lsit"]));
    assert_eq!(code, 2);
    assert!(err.contains("'lsit' is not a reporter"), "{err}");
}

#[test]
fn dot_and_line_show_failures_only_in_full() {
    let (code, out, _) = isohost(&test_args(&[SUITE, "--reporter", "dot"]));
    assert_eq!(code, 1);
    assert!(out.starts_with("FET·T\n"), "{out}");
    assert!(
        out.contains("  ✘ FAIL tests/fixtures/c.test/harness-statuses/failing.html"),
        "{out}"
    );
    assert!(!out.contains("✓ PASS"), "{out}");
    assert_eq!(out.lines().last(), Some("6 passed, 4 failed"));
    let (code, out, _) = isohost(&test_args(&[SUITE, "--reporter", "line"]));
    assert_eq!(code, 1);
    assert!(
        out.contains("  ✘ TIMEOUT tests/fixtures/c.test/harness-statuses/timeout.html"),
        "{out}"
    );
    assert!(!out.contains("passing.html"), "{out}");
    assert_eq!(out.lines().last(), Some("6 passed, 4 failed"));
}

#[test]
fn on_a_terminal_the_list_is_coloured_and_streams_while_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let host = dir.path().join("s.test");
    std::fs::create_dir(&host).expect("mkdir");
    std::fs::write(
        host.join("a-quick.html"),
        "<script src=/resources/testharness.js></script><script src=/resources/testharnessreport.js></script>\n<script>test(() => {}, 'quick');</script>\n",
    )
    .expect("write");
    // About three seconds of real work on an idle machine, many more under
    // load (a loop, not a wait on the clock: under virtual time that ends in
    // a few thousand clock steps; hence the generous script timeout): the
    // quick file's line is out long before.
    std::fs::write(
        host.join("b-slow.html"),
        "<script src=/resources/testharness.js></script><script src=/resources/testharnessreport.js></script>\n<script>test(() => { let x = 0; for (let i = 0; i < 5e9; i++) x ^= i; }, 'slow');</script>\n",
    )
    .expect("write");
    let root = dir.path().to_str().expect("UTF-8");
    let tty = isohost_on_tty(
        &[
            "test",
            "--no-config",
            "--root",
            root,
            "--jobs",
            "1",
            "--script-timeout",
            "600",
            "--timeout",
            "600",
            host.to_str().expect("UTF-8"),
        ],
        &[],
    );
    let text = tty.text();
    assert_eq!(tty.code, 0, "{text}");
    assert!(
        text.contains("\u{1b}[32m✓\u{1b}[0m"),
        "a green mark: {text:?}"
    );
    let quick_at = tty
        .shown_at("a-quick.html")
        .unwrap_or_else(|| panic!("{text:?}"));
    // Streaming, not buffering: the quick file's line is on the terminal
    // well before the slow file's own line (buffered output would put both
    // lines in the same moment).
    let slow_at = tty
        .shown_at("b-slow.html \u{1b}[2m(1 passed")
        .unwrap_or_else(|| panic!("{text:?}"));
    assert!(
        slow_at.duration_since(quick_at) > Duration::from_millis(300),
        "the quick file's line came before the slow one ended: {text:?}"
    );
    // The bar shows once the run has gone on a moment, and is cleared.
    assert!(text.contains("[1/2]"), "a progress bar: {text:?}");
    assert!(text.contains("ETA"), "{text:?}");
    // NO_COLOR turns colours off on a terminal.
    let tty = isohost_on_tty(&test_args(&[PASSING]), &[("NO_COLOR", Some("1"))]);
    let text = tty.text();
    assert!(text.contains("✓ PASS"), "{text:?}");
    assert!(!text.contains("\u{1b}[32m"), "{text:?}");
    // CLICOLOR_FORCE turns them on into a pipe.
    let (_, out, _) = isohost_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[("CLICOLOR_FORCE", "1")],
        &test_args(&[PASSING]),
    );
    assert!(out.contains("\u{1b}[32m✓\u{1b}[0m"), "{out:?}");
}

#[test]
fn page_text_is_escaped_on_terminals_and_exact_in_json() {
    let escapes = "tests/fixtures/r.test/controls/escapes.html";
    let tty = isohost_on_tty(&test_args(&[escapes]), &[]);
    let text = tty.text();
    assert!(
        text.contains(r"\x1B[2J\x1B]0;pwned\x07cleared \u{202E}txt.exe"),
        "{text:?}"
    );
    assert!(
        text.contains(r"a name with \x1B[1mbold\x1B[0m and a\rreturn"),
        "{text:?}"
    );
    assert!(
        !text.contains("\u{1b}[2J") && !text.contains("\u{7}") && !text.contains('\u{202E}'),
        "{text:?}"
    );
    let (_, v) = run_json(&[escapes]);
    let f = file(&v, escapes);
    assert_eq!(
        f["console"][0]["text"],
        "\u{1b}[2J\u{1b}]0;pwned\u{7}cleared \u{202E}txt.exe"
    );
    assert_eq!(
        f["tests"][0]["name"],
        "a name with \u{1b}[1mbold\u{1b}[0m and a\rreturn"
    );
    // open's text output too.
    let (_, out, _) = isohost(&["open", "--no-config", "--root", ROOT, escapes]);
    assert!(out.contains(r"\x1B[2J\x1B]0;pwned\x07cleared"), "{out:?}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
}

// ---------------------------------------------------------------------------
// Selecting

#[test]
fn grep_runs_only_what_the_path_allows_and_keeps_matching_subtests() {
    // Settled by the path before running: one file runs.
    let (code, out, _) = isohost(&test_args(&[
        SUITE,
        "--grep",
        "^tests/fixtures/c.test/harness-statuses/pass",
    ]));
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("Running 1 file, 1 at a time\n"), "{out}");
    assert_eq!(out.lines().last(), Some("3 passed, 0 failed"));
    // A name: every file must run to know its subtests' names.
    let (code, v) = run_json(&[SUITE, "--grep", "apples|two and two"]);
    assert_eq!(code, 1);
    let names: Vec<&str> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["tests"].as_array().expect("tests").iter())
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec!["apples are <oranges> & \"pears\"", "two and two make four"]
    );
    // Inverted, by path: those files are not run.
    let (_, out, _) = isohost(&test_args(&[
        SUITE,
        "--grep-invert",
        "timeout|notrun|error",
    ]));
    assert!(out.starts_with("Running 2 files, "), "{out}");
    assert_eq!(out.lines().last(), Some("4 passed, 1 failed"), "{out}");
    // --list: what would run.
    let (code, out, _) = isohost(&test_args(&[
        SUITE,
        "--grep",
        "^tests/fixtures/c.test/harness-statuses/(pass|fail)",
        "--list",
    ]));
    assert_eq!(code, 0);
    assert_eq!(out, format!("{FAILING}\n{PASSING}\n"));
    // Nothing matched: said plainly.
    let (code, out, _) = isohost(&test_args(&[SUITE, "--grep", "^nowhere/"]));
    assert_eq!(code, 1);
    assert!(
        out.contains("no test matched --grep '^nowhere/' (5 files looked at)"),
        "{out}"
    );
    // A bad pattern is an argument error, in one line.
    let (code, out, err) = isohost(&test_args(&[SUITE, "--grep", "(unclosed"]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--grep") && err.contains("unclosed"), "{err}");
}

#[test]
fn urls_are_inputs_too() {
    let (code, out, _) = isohost(&test_args(&["http://c.test/harness-statuses/passing.html"]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("  ✓ PASS http://c.test/harness-statuses/passing.html (3 passed"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn the_walk_survives_symlink_loops_and_never_leaves_the_root() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("secret.html"),
        "<script src=/resources/testharness.js></script><script src=/resources/testharnessreport.js></script><script>test(()=>{}, 'outside')</script>",
    )
    .expect("write");
    let root = tempfile::tempdir().expect("temp dir");
    let host = root.path().join("l.test");
    let sub = host.join("sub");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(
        sub.join("t.html"),
        "<script src=/resources/testharness.js></script><script src=/resources/testharnessreport.js></script><script>test(()=>{}, 'inside')</script>",
    )
    .expect("write");
    symlink("..", sub.join("up")).expect("symlink");
    symlink(".", host.join("self")).expect("symlink");
    symlink(&host, host.join("again")).expect("symlink");
    symlink(&sub, host.join("sub-link")).expect("symlink");
    symlink(outside.path(), host.join("out")).expect("symlink");
    let started = Instant::now();
    let (code, out, err) = isohost(&[
        "test",
        "--no-config",
        "--root",
        root.path().to_str().expect("UTF-8"),
        host.to_str().expect("UTF-8"),
    ]);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Running 1 file"), "the file once: {out}");
    assert!(!out.contains("secret"), "{out}");
    assert!(err.contains("symlink loop"), "{err}");
    assert!(
        err.contains("out: not followed: the link leads outside the fixture root"),
        "{err}"
    );
    // A FIFO named like a test is not opened (it would block).
    let fifo = host.join("pipe.html");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let started = Instant::now();
        let (code, out, _) = isohost(&[
            "test",
            "--no-config",
            "--root",
            root.path().to_str().expect("UTF-8"),
            host.to_str().expect("UTF-8"),
        ]);
        assert_eq!(code, 0, "{out}");
        assert!(started.elapsed() < Duration::from_secs(30));
        let (code, _, err) = isohost(&[
            "test",
            "--no-config",
            "--root",
            root.path().to_str().expect("UTF-8"),
            fifo.to_str().expect("UTF-8"),
        ]);
        assert_ne!(code, 0);
        assert!(err.contains("not a regular file"), "{err}");
    }
}

// ---------------------------------------------------------------------------
// Expecting, repeating, retrying

#[test]
fn known_failures_pass_the_run_and_unexpected_passes_fail_it() {
    let meta = tempfile::tempdir().expect("temp dir");
    let dir = meta.path().join("c.test/harness-statuses");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("failing.html.ini"),
        "[failing.html]\n  [apples are <oranges> & \"pears\"]\n    expected: FAIL\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("timeout.html.ini"),
        "[timeout.html]\n  expected: TIMEOUT\n  [a subtest that never completes]\n    expected: TIMEOUT\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("notrun.html.ini"),
        "[notrun.html]\n  disabled: waits for promises that never settle\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("passing.html.ini"),
        "[passing.html]\n  [two and two make four]\n    expected: FAIL\n",
    )
    .expect("write");
    let m = meta.path().to_str().expect("UTF-8");
    let files = [
        FAILING,
        "tests/fixtures/c.test/harness-statuses/timeout.html",
        "tests/fixtures/c.test/harness-statuses/notrun.html",
    ];
    let mut args = test_args(&files);
    args.extend(["--expectations", m]);
    let (code, out, _) = isohost(&args);
    assert_eq!(code, 0, "known failures only: {out}");
    assert!(
        out.contains(
            "  ✓ XFAIL tests/fixtures/c.test/harness-statuses/failing.html (1 passed, 1 failed"
        ),
        "{out}"
    );
    assert!(
        out.contains("  ✓ XFAIL tests/fixtures/c.test/harness-statuses/timeout.html"),
        "{out}"
    );
    assert!(out.contains("  - SKIP tests/fixtures/c.test/harness-statuses/notrun.html: disabled: waits for promises that never settle"), "{out}");
    assert!(out.contains("\n0 unexpected results\n"), "{out}");
    // A pass where a failure was expected fails the run, and says so.
    let mut args = test_args(&[PASSING]);
    args.extend(["--expectations", m]);
    let (code, out, _) = isohost(&args);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  ✘ XPASS tests/fixtures/c.test/harness-statuses/passing.html"),
        "{out}"
    );
    assert!(
        out.contains("      PASS two and two make four (unexpected: expected FAIL)"),
        "{out}"
    );
}

#[test]
fn repeat_each_runs_every_test_again_and_retries_report_every_attempt() {
    let (code, out, _) = isohost(&test_args(&[PASSING, "--repeat-each", "3"]));
    assert_eq!(code, 0, "{out}");
    for n in 1..=3 {
        assert!(
            out.contains(&format!("✓ PASS {PASSING} [repeat {n}] (3 passed")),
            "{out}"
        );
    }
    assert_eq!(out.lines().last(), Some("9 passed, 0 failed"));

    // A failure stays a failure after every retry, and each attempt shows.
    let (code, out, _) = isohost(&test_args(&[FAILING, "--retries", "2"]));
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("✘ FAIL {FAILING} (1 passed, 1 failed, ")),
        "{out}"
    );
    assert!(out.contains(", attempt 3)"), "{out}");
    assert!(
        out.contains("attempt 1 of 3 had unexpected results:"),
        "{out}"
    );
    assert!(
        out.contains("attempt 2 of 3 had unexpected results:"),
        "{out}"
    );
    let (_, v) = run_json(&[FAILING, "--retries", "2"]);
    assert_eq!(v["files"][0]["attempts"].as_array().map(Vec::len), Some(2));
    assert!(v["files"][0].get("flaky").is_none());
    let (_, out, _) = isohost(&test_args(&[
        FAILING,
        "--retries",
        "1",
        "--reporter",
        "junit",
    ]));
    let doc = roxmltree::Document::parse(&out).expect("XML");
    let reruns = doc
        .descendants()
        .filter(|n| n.has_tag_name("rerunFailure"))
        .count();
    assert_eq!(reruns, 1, "{out}");
    // A pass is never retried.
    let (_, v) = run_json(&[PASSING, "--retries", "3"]);
    assert!(v["files"][0].get("attempts").is_none(), "{v}");
}

#[test]
fn console_and_page_errors_fail_the_run_when_asked() {
    let noisy = "tests/fixtures/r.test/console/noisy.html";
    let (code, out, _) = isohost(&test_args(&[noisy]));
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = isohost(&test_args(&[noisy, "--fail-on-console-error"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("      fails the run: console.error: noisy: something went wrong"),
        "{out}"
    );
    assert!(!out.contains("page error:"), "{out}");
    let (code, out, _) = isohost(&test_args(&[noisy, "--fail-on-page-error"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("fails the run: page error: Uncaught Error: noisy: thrown from a timer"),
        "{out}"
    );
    // open: the output is whole, the status says what failed.
    let plain = "tests/fixtures/r.test/console/plain.html";
    let (code, out, err) = isohost(&[
        "open",
        "--no-config",
        "--root",
        ROOT,
        plain,
        "--fail-on-console-error",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("plain: something went wrong"), "{out}");
    assert_eq!(
        err.trim(),
        "isohost: failed: 1 console.error line (--fail-on-console-error)"
    );
    let (code, _, err) = isohost(&[
        "open",
        "--no-config",
        "--root",
        ROOT,
        plain,
        "--fail-on-page-error",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.trim(),
        "isohost: failed: 1 page error (--fail-on-page-error)"
    );
    let (code, _, _) = isohost(&["open", "--no-config", "--root", ROOT, plain]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------------------
// The config file

#[test]
fn isohost_toml_gives_defaults_that_flags_override() {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = manifest.join(ROOT);
    std::fs::write(
        dir.path().join("isohost.toml"),
        format!(
            "root = {:?}\nreporter = [\"dot\", \"json=out/report.json\"]\ngrep = \"passing|failing\"\njobs = 1\n",
            fixtures.display().to_string()
        ),
    )
    .expect("write");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("mkdir");
    let suite = manifest.join(SUITE);
    let suite = suite.to_str().expect("UTF-8");
    // Found upward from the current directory; paths relative to the file.
    let (code, out, err) = isohost_in(&nested, &[], &["test", suite]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with("F·\n"),
        "the dot reporter, grep applied: {out}"
    );
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/report.json")).expect("json=out/report.json"),
    )
    .expect("JSON");
    assert_eq!(report["files"].as_array().map(Vec::len), Some(2));
    // Flags win.
    let (code, out, _) = isohost_in(
        &nested,
        &[],
        &["test", suite, "--reporter", "list", "--grep", "passing"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("✓ PASS"), "{out}");
    // --no-config: the file is not read (root falls back to pages/, where
    // the suite is outside the root).
    let (code, _, err) = isohost_in(&nested, &[], &["test", "--no-config", suite]);
    assert_ne!(code, 0);
    assert!(
        err.contains("outside the fixture root") || err.contains("does not exist"),
        "{err}"
    );
    // A mistake in the file is named with its line.
    std::fs::write(
        dir.path().join("isohost.toml"),
        "jobs = 2\nreporters = \"dot\"\n",
    )
    .expect("write");
    let (code, out, err) = isohost_in(&nested, &[], &["test", suite]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("isohost.toml:2: unknown field `reporters`"),
        "{err}"
    );
    std::fs::write(dir.path().join("isohost.toml"), "jobs = 0\n").expect("write");
    let (code, _, err) = isohost_in(&nested, &[], &["test", suite]);
    assert_eq!(code, 2);
    assert!(err.contains("(jobs): 0 is not in 1..=256"), "{err}");
}

// ---------------------------------------------------------------------------
// Arguments

#[test]
fn bare_isohost_lists_the_subcommands_and_mistakes_show_clap_tips_whole() {
    let (code, out, err) = isohost(&[]);
    assert_eq!(code, 2);
    let help = format!("{out}{err}");
    for c in ["open", "inspect", "test", "wpt"] {
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(c)),
            "{c}: {help}"
        );
    }
    let (code, _, err) = isohost(&["test", "--no-config", "--grpe", "x", SUITE]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("tip: a similar argument exists: '--grep'"),
        "{err}"
    );
    for (flag, value) in [
        ("--timeout", "1e300"),
        ("--script-timeout", "inf"),
        ("--timeout", "NaN"),
        ("--jobs", "0"),
        ("--jobs", "99999999999"),
        ("--repeat-each", "0"),
        ("--retries=-1", ""),
        ("--shard", "3/2"),
    ] {
        let mut args = test_args(&[SUITE, flag]);
        if !value.is_empty() {
            args.push(value);
        }
        let (code, out, err) = isohost(&args);
        assert_eq!((code, out.as_str()), (2, ""), "{flag} {value}: {err}");
        assert_eq!(err.lines().count(), 1, "{flag} {value}: {err}");
        let name = flag.split('=').next().unwrap_or(flag);
        assert!(err.contains(name) && !err.contains("panicked"), "{err}");
    }
    let (code, _, err) = isohost(&["open", "--time-budget", "1e300", "http://a.test/"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most 1000000"), "{err}");
}

/// Words argv is made of: subcommands, every flag, and values of every
/// shape (huge, negative, NaN, empty, Unicode, control characters).
fn word() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let fixed: Vec<&'static str> = vec![
        "open",
        "inspect",
        "test",
        "wpt",
        "--root",
        "--format",
        "--time-budget",
        "--real-time",
        "--script-timeout",
        "--timeout",
        "--reporter",
        "--jobs",
        "--shard",
        "--grep",
        "--grep-invert",
        "--filter",
        "--list",
        "--repeat-each",
        "--retries",
        "--fail-on-flaky",
        "--fail-on-console-error",
        "--fail-on-page-error",
        "--testharness",
        "--expectations",
        "--update-expectations",
        "--metadata",
        "--log-wptreport",
        "--update-metadata",
        "--compare",
        "--config",
        "--no-config",
        "--help",
        "--version",
        "-h",
        "--",
        "-",
        "json",
        "junit",
        "text",
        "html",
        "list,junit=",
        "list,json=/dev/null",
        "dot",
        "=",
        "1/0",
        "0/0",
        "2/1",
        "1/1",
        "0",
        "-1",
        "1e309",
        "NaN",
        "inf",
        "-inf",
        "18446744073709551616",
        "4294967296",
        "0.0000001",
        "1e-320",
        "",
        " ",
        "(",
        "[",
        "\\",
        "*",
        "a{99999}",
        "\u{1b}[2J",
        "\u{0}",
        "日本",
        "/nonexistent",
        "/dev/null",
        "http://",
        "http://a.test/",
        "file:///etc/passwd",
        "..",
        ".",
    ];
    prop_oneof![
        4 => proptest::sample::select(fixed).prop_map(str::to_string),
        1 => any::<f64>().prop_map(|f| f.to_string()),
        1 => any::<i64>().prop_map(|i| i.to_string()),
        1 => "\\PC{0,12}",
        1 => "--[a-z-]{1,20}",
    ]
}

#[test]
fn no_command_line_makes_argument_handling_panic() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    // In process: parsing, the config file (none: --no-config or not), and
    // every value turned into what the run uses.
    let mut runner = TestRunner::new(Config {
        cases: 3000,
        failure_persistence: None,
        ..Config::default()
    });
    let started = Instant::now();
    runner
        .run(&proptest::collection::vec(word(), 0..8), |words| {
            let mut argv = vec![std::ffi::OsString::from("isohost")];
            argv.extend(words.iter().map(std::ffi::OsString::from));
            let result = std::panic::catch_unwind(|| isohost::cli::check(argv.clone()));
            prop_assert!(result.is_ok(), "argv {:?} panicked", words);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "bounded in time"
    );
}

#[test]
fn the_binary_never_panics_on_random_arguments() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    // End to end, fewer cases: inputs that cannot run long (nothing there).
    let mut runner = TestRunner::new(Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(
                proptest::sample::select(vec!["open", "inspect", "test", "wpt"]),
                proptest::collection::vec(word(), 0..6),
            ),
            |(command, words)| {
                let mut args = vec![
                    command.to_string(),
                    "--no-config".into(),
                    "/nonexistent/x.html".into(),
                ];
                // (A NUL cannot be in an argument at all.)
                args.extend(
                    words
                        .iter()
                        .filter(|w| {
                            !w.starts_with("http") && *w != "." && *w != ".." && !w.contains('\0')
                        })
                        .cloned(),
                );
                let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                let (code, _, err) = isohost(&refs);
                prop_assert!(
                    code != 101 && code >= 0,
                    "{:?}: exit {} {}",
                    args,
                    code,
                    err
                );
                prop_assert!(!err.contains("panicked"), "{:?}: {}", args, err);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
}
