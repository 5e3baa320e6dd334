//! JUnit XML (quick-junit): one testsuite per file, one testcase per
//! subtest, plus `(harness)` when the harness status is not OK or not the
//! expected one, and `(policy)` for `--fail-on-console-error` and
//! `--fail-on-page-error`.
//!
//! - Unexpected subtest results are `<failure>`s (an unexpected pass
//!   too); an unexpected harness status is an `<error>`; expected
//!   failures and skipped files are `<skipped>` with what happened. The
//!   totals of `<testsuites>` are the sums of the suites'.
//! - `time` is the file's wall time on a suite, the subtest's time on the
//!   page's clock on a testcase.
//! - The file's console lines are the suite's `<system-out>` and each
//!   failing testcase's; page errors are `<system-err>`.
//! - A failure's description holds its message, its place
//!   (`file:line:column`) and its stack; the testcase's `file` and `line`
//!   attributes point at the failing assertion.
//! - Earlier attempts (`--retries`) are `<flakyFailure>` under a testcase
//!   that then passed, `<rerunFailure>` under one that failed again.

use quick_junit::{
    NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestRerun, TestSuite,
};

use super::Run;
use super::terminal::title;
use crate::testharness::{FileResult, Place, SubtestResult};

pub(super) fn render(run: &Run<'_>) -> Result<String, quick_junit::SerializeError> {
    let mut report = Report::new("isohost");
    report.set_time(run.elapsed);
    for r in run.results {
        let mut suite = suite(r);
        // What replays the run.
        suite.add_property(Property::new("seed", run.seed.to_string()));
        suite.add_property(Property::new("clock_start", run.clock_start.as_str()));
        report.add_test_suite(suite);
    }
    report.to_string()
}

fn console_text(r: &FileResult) -> String {
    r.console
        .iter()
        .map(|m| format!("[{}] {}\n", m.level.as_str(), m.text))
        .collect()
}

fn errors_text(r: &FileResult) -> String {
    r.errors
        .iter()
        .map(|e| match &e.place {
            Some(p) => format!("{}\n    at {}\n", e.message, p.location()),
            None => format!("{} ({}:{}:{})\n", e.message, e.url, e.line, e.column),
        })
        .collect()
}

/// Message, place and stack, for a failure's text.
fn description(message: Option<&str>, place: Option<&Place>, stack: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(m) = message {
        out.push_str(m);
        out.push('\n');
    }
    if let Some(p) = place {
        out.push_str(&format!("at {}\n", p.location()));
    }
    if let Some(s) = stack {
        out.push_str(s);
        out.push('\n');
    }
    xml_text(&out)
}

fn suite(r: &FileResult) -> TestSuite {
    let name = title(r);
    let mut suite = TestSuite::new(xml_text(&name));
    suite.set_time(r.duration);
    let console = console_text(r);
    if !console.is_empty() {
        suite.set_system_out(xml_text(&console));
    }
    let errors = errors_text(r);
    if !errors.is_empty() {
        suite.set_system_err(xml_text(&errors));
    }
    let case = |case_name: &str, status: TestCaseStatus| {
        let mut c = TestCase::new(xml_text(case_name), status);
        c.set_classname(xml_text(&name));
        c
    };
    if r.skipped() {
        let mut status = TestCaseStatus::skipped();
        status.set_message(xml_text(r.harness_message.as_deref().unwrap_or("")));
        suite.add_test_case(case("(harness)", status));
        return suite;
    }
    if r.harness_status != "OK" || r.harness_unexpected {
        let mut status = if r.harness_unexpected {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
            s.set_message(xml_text(&match (&r.expected, r.harness_status.as_str()) {
                (Some(e), "OK") => format!("harness OK (unexpected: expected {e})"),
                _ => format!(
                    "harness {}: {}",
                    r.harness_status,
                    r.harness_message.as_deref().unwrap_or("")
                ),
            }));
            s.set_description(description(
                r.harness_message.as_deref(),
                r.harness_place.as_ref(),
                r.harness_stack.as_deref(),
            ));
            s
        } else {
            let mut s = TestCaseStatus::skipped();
            s.set_message(xml_text(&format!(
                "expected harness {}: {}",
                r.harness_status,
                r.harness_message.as_deref().unwrap_or("")
            )));
            s
        };
        status.set_type(r.harness_status.as_str());
        let mut c = case("(harness)", status);
        if r.harness_unexpected && !console.is_empty() {
            c.set_system_out(xml_text(&console));
        }
        suite.add_test_case(c);
    }
    for t in &r.tests {
        let mut c = case(&t.name, subtest_status(t));
        if let Some(d) = t.duration {
            c.set_time(d);
        }
        if let Some(p) = &t.place {
            c.extra.insert("file".into(), xml_text(&p.file).into());
            c.extra.insert("line".into(), p.line.to_string().into());
        }
        if t.unexpected && !console.is_empty() {
            c.set_system_out(xml_text(&console));
        }
        // Earlier attempts of this subtest that were not as expected.
        for a in &r.attempts {
            if let Some(before) = a.tests.iter().find(|b| b.name == t.name && b.unexpected) {
                let mut rerun = TestRerun::new(NonSuccessKind::Failure);
                rerun.set_message(xml_text(before.message.as_deref().unwrap_or("")));
                rerun.set_type(before.status.as_str());
                if let Some(s) = &before.stack {
                    rerun.set_stack_trace(xml_text(s));
                }
                c.status.add_rerun(rerun);
            }
        }
        suite.add_test_case(c);
    }
    if !r.policy_failures.is_empty() {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_message(xml_text(&r.policy_failures.join("; ")));
        s.set_type("policy");
        s.set_description(xml_text(&r.policy_failures.join("\n")));
        suite.add_test_case(case("(policy)", s));
    }
    suite
}

fn subtest_status(t: &SubtestResult) -> TestCaseStatus {
    match (t.passed(), t.unexpected) {
        (true, false) => TestCaseStatus::success(),
        (false, false) => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(xml_text(&format!(
                "expected {}: {}",
                t.status,
                t.message.as_deref().unwrap_or("")
            )));
            s.set_type(t.status.as_str());
            s
        }
        (passed, true) => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let m = if passed {
                format!(
                    "unexpected pass (expected {})",
                    t.expected.as_deref().unwrap_or("?")
                )
            } else {
                t.message.clone().unwrap_or_default()
            };
            s.set_message(xml_text(&m));
            s.set_type(t.status.as_str());
            s.set_description(description(
                t.message.as_deref(),
                t.place.as_ref(),
                t.stack.as_deref(),
            ));
            s
        }
    }
}

/// Text XML 1.0 can hold: a control character it cannot becomes U+FFFD
/// (quick-junit would drop it silently).
fn xml_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}
