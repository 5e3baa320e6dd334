//! Bad input gets a clear error with its place and never takes down the
//! host, the tab, or other tabs.

mod common;

use std::time::Duration;

use common::{console_lines, host, host_with, open};
use isohost::ErrorKind;

#[test]
fn script_errors_are_reported_with_their_place_and_later_scripts_run() {
    let page = open("http://a.test/errors/script-errors.html");
    let console = page.console_of("http://a.test/errors/script-errors.html");
    assert_eq!(
        console,
        [
            "first script runs",
            "third script still runs",
            "external script runs",
            "window error event: Uncaught RangeError: thrown from an external file @2",
            "last script runs",
            "window error event: Uncaught SyntaxError: Unexpected identifier @21",
            "window error event: Uncaught TypeError: Cannot read properties of null (reading 'x') @12",
        ]
    );
    let errors: Vec<(String, String, u32)> = page
        .errors()
        .into_iter()
        .map(|e| {
            (
                e.message,
                e.url.rsplit('/').next().unwrap_or_default().to_string(),
                e.line,
            )
        })
        .collect();
    let expected = [
        (
            "Uncaught ReferenceError: undefinedFunction is not defined",
            "script-errors.html",
            8,
        ),
        (
            "Failed to load script: not found: http://a.test/errors/missing.js",
            "script-errors.html",
            15,
        ),
        (
            "Uncaught RangeError: thrown from an external file",
            "throws-at-load.js",
            2,
        ),
        (
            "Uncaught SyntaxError: Unexpected identifier",
            "script-errors.html",
            21,
        ),
        (
            "Uncaught TypeError: Cannot read properties of null (reading 'x')",
            "script-errors.html",
            12,
        ),
    ];
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for ((message, url, line), (want_message, want_url, want_line)) in errors.iter().zip(expected) {
        assert!(
            message.starts_with(want_message),
            "{message} / {want_message}"
        );
        assert_eq!((url.as_str(), *line), (want_url, want_line), "{message}");
    }
    assert!(
        page.errors()
            .iter()
            .all(|e| e.column > 0 || e.message.starts_with("Failed to load"))
    );
}

#[test]
fn an_endless_loop_is_stopped_reported_at_its_line_and_the_page_goes_on() {
    let page = open("http://a.test/errors/endless.html");
    assert_eq!(
        page.console_of("http://a.test/errors/endless.html"),
        ["before the loop", "after the loop", "timers still run"]
    );
    let errors = page.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("ran longer than 2 s"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].url, "http://a.test/errors/endless.html");
    assert_eq!(errors[0].line, 8);
}

#[test]
fn an_endless_loop_in_one_tab_does_not_stop_another() {
    // The loop may spin for a minute before the watchdog stops it.
    let host = host_with(|o| o.script_timeout = Duration::from_secs(60));
    host.open("http://a.test/errors/endless.html")
        .expect("opens");
    let other = host.open("http://a.test/hello.html").expect("opens");
    let title = host
        .evaluate(other.main_frame, "document.title")
        .expect("evaluates");
    assert_eq!(title, serde_json::json!("Hello"));
    // The healthy tab answered while the other was still spinning: its
    // loop has not been stopped (nor reported) yet.
    assert!(host.errors().is_empty(), "{:#?}", host.errors());
}

#[test]
fn evaluate_reports_a_thrown_error_with_its_place() {
    let page = open("http://a.test/hello.html");
    let err = page
        .host
        .evaluate(page.tab.main_frame, "1;\n  null.boom")
        .expect_err("throws");
    match err.kind() {
        ErrorKind::Script {
            message,
            line,
            column,
            ..
        } => {
            assert_eq!(
                message,
                "Uncaught TypeError: Cannot read properties of null (reading 'boom')"
            );
            assert_eq!((*line, *column), (2, 8));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn evaluate_stops_an_endless_loop_with_a_timeout_error() {
    let page = open("http://a.test/hello.html");
    let err = page
        .host
        .evaluate(page.tab.main_frame, "for (;;) {}")
        .expect_err("stopped");
    assert!(
        matches!(err.kind(), ErrorKind::ScriptTimeout { .. }),
        "{err}"
    );
    // The frame works again afterwards.
    assert_eq!(page.eval_main("6 * 7"), serde_json::json!(42));
}

#[test]
fn a_missing_top_level_file_is_a_load_error_not_a_crash() {
    let host = host();
    let err = host.open("http://a.test/nope.html").expect_err("missing");
    assert!(matches!(err.kind(), ErrorKind::NotFound { .. }), "{err}");
    assert!(err.to_string().contains("http://a.test/nope.html"));
}

#[test]
fn paths_that_escape_the_root_are_refused() {
    let host = host();
    for url in [
        "http://a.test/%2e%2e/%2e%2e/Cargo.toml",
        "http://a.test/..%2f..%2fCargo.toml",
        "http://../Cargo.toml",
    ] {
        let err = host.open(url).expect_err(url);
        assert!(err.is_load_failure(), "{url}: {err}");
    }
    let outside = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let err = host.open(outside).expect_err("outside the root");
    assert!(
        matches!(err.kind(), ErrorKind::PathOutsideRoot { .. }),
        "{err}"
    );
}

#[test]
fn a_symlink_leading_out_of_the_root_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("root");
    std::fs::create_dir_all(root.join("a.test")).expect("mkdir");
    std::fs::write(dir.path().join("secret.html"), "<p>secret</p>").expect("write");
    std::fs::write(
        root.join("a.test/index.html"),
        "<iframe src=leak.html></iframe>",
    )
    .expect("write");
    std::os::unix::fs::symlink(
        dir.path().join("secret.html"),
        root.join("a.test/leak.html"),
    )
    .expect("symlink");
    let host = host_with(|o| o.root = root.clone());
    let err = host.open("http://a.test/leak.html").expect_err("refused");
    assert!(matches!(err.kind(), ErrorKind::Refused { .. }), "{err}");
    // As an iframe, the refusal is a load failure of that frame only.
    host.open("http://a.test/").expect("the page opens");
    assert!(host.wait_idle(Some(Duration::from_secs(10))));
    let errors = host.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("leads outside the fixture root"),
        "{}",
        errors[0].message
    );
    let child = host
        .frames()
        .into_iter()
        .find(|f| f.parent.is_some())
        .expect("the iframe");
    assert_eq!(
        host.evaluate(child.id, "document.body.textContent")
            .expect("evaluates"),
        serde_json::json!("")
    );
}

#[test]
fn a_missing_or_escaping_iframe_is_a_frame_load_failure() {
    let page = open("http://a.test/errors/missing-frame.html");
    assert_eq!(
        page.console_of("http://a.test/errors/missing-frame.html"),
        ["loaded with 2 frames"]
    );
    let errors = page.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].message.contains("not found")
            && errors[0].url == "http://a.test/errors/does-not-exist.html",
        "{errors:#?}"
    );
    assert!(
        errors[1].message.starts_with("Failed to load resource"),
        "{errors:#?}"
    );
}

#[test]
fn a_missing_root_is_a_clear_error() {
    let err = isohost::Host::new(isohost::HostOptions::new("/nonexistent/isohost-root"))
        .err()
        .expect("fails");
    assert!(matches!(err.kind(), ErrorKind::RootMissing(_)), "{err}");
}

#[test]
fn unhandled_promise_rejections_are_reported_unless_handled_or_canceled() {
    let page = open("http://a.test/errors/rejections.html");
    assert_eq!(
        page.console_of("http://a.test/errors/rejections.html"),
        [
            "caught it",
            "unhandledrejection: nobody caught me",
            "unhandledrejection: silenced"
        ]
    );
    let errors = page.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].message,
        "Uncaught (in promise) Error: nobody caught me"
    );
    assert_eq!(errors[0].line, 8);
}

#[test]
fn evaluate_reports_a_dom_exception_by_name_and_message() {
    let page = open("http://a.test/");
    let err = page
        .host
        .evaluate(page.tab.main_frame, "frames[1].document")
        .expect_err("throws");
    match err.kind() {
        ErrorKind::Script { message, line, .. } => {
            assert!(
                message.starts_with("Uncaught SecurityError: Blocked a frame"),
                "{message}"
            );
            assert_eq!(*line, 1);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_script_that_exhausts_the_heap_is_stopped_and_the_host_goes_on() {
    let host = host_with(|o| {
        o.heap_limit_mb = 64;
        o.script_timeout = std::time::Duration::from_secs(30);
    });
    let hog = host
        .open("http://a.test/errors/memory-hog.html")
        .expect("opens");
    let other = host.open("http://a.test/hello.html").expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(60))));
    let errors = host.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].frame, hog.main_frame);
    assert!(
        errors[0]
            .message
            .contains("ran out of memory (heap limit 64 MiB)"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].url == "http://a.test/errors/memory-hog.html" && errors[0].line == 6,
        "{:?}",
        errors[0]
    );
    let lines = console_lines(&host, hog.main_frame);
    assert_eq!(lines, ["before the hog"]);
    assert_eq!(
        host.evaluate(other.main_frame, "document.title")
            .expect("the other tab works"),
        serde_json::json!("Hello")
    );
}

#[test]
fn a_domcontentloaded_listener_may_change_the_frames() {
    let url = "http://a.test/errors/frames-at-domcontentloaded.html";
    let page = open(url);
    assert_eq!(
        console_lines(&page.host, page.tab.main_frame),
        [
            "made a frame: 2",
            "removed a frame: 1",
            "opened a window: true",
            "pushed: #pushed",
            "message: to itself",
            "load: complete, frames 1, /leaf.html#made",
        ]
    );
    page.frame("http://a.test/leaf.html#popup");
    assert!(page.errors().is_empty(), "{:#?}", page.errors());
}
