//! What `isohost test` and `isohost wpt` print: text (ending with
//! `N passed, N failed[, N skipped]`), JSON, or JUnit XML (quick-junit),
//! and their exit status: non-zero when a result was not the expected one
//! (without expectations: when anything failed) or nothing ran.

use std::process::ExitCode;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::json;

use crate::testharness::{FileResult, SubtestResult};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Text,
    Json,
    Junit,
}

/// A finished run.
pub(super) struct Run<'a> {
    pub results: &'a [FileResult],
    pub elapsed: Duration,
    /// Expectations were given (they decide what is unexpected).
    pub expectations: bool,
}

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub unexpected: usize,
}

impl Run<'_> {
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for r in self.results {
            let (p, f) = r.counts();
            t.passed += p;
            t.failed += f;
            t.skipped += usize::from(r.skipped());
            t.unexpected += r.unexpected();
        }
        t
    }

    /// Success when something ran and nothing was unexpected.
    pub fn exit_code(&self) -> ExitCode {
        if self.totals().unexpected == 0 && !self.results.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    pub fn render(&self, format: Format, empty_hint: &str) -> anyhow::Result<String> {
        Ok(match format {
            Format::Text => self.text(empty_hint),
            Format::Json => {
                let t = self.totals();
                serde_json::to_string_pretty(&json!({
                    "files": self.results,
                    "passed": t.passed,
                    "failed": t.failed,
                    "skipped": t.skipped,
                    "unexpected": t.unexpected,
                }))?
            }
            Format::Junit => self.junit()?,
        })
    }

    fn text(&self, empty_hint: &str) -> String {
        let mut out = String::new();
        for r in self.results {
            if r.skipped() {
                out.push_str(&format!(
                    "SKIP {}: {}\n",
                    r.path,
                    r.harness_message.as_deref().unwrap_or("")
                ));
                continue;
            }
            let (p, f) = r.counts();
            let verdict = match (r.unexpected(), f) {
                (0, 0) => "PASS",
                (0, _) => "XFAIL",
                _ => "FAIL",
            };
            out.push_str(&format!(
                "{verdict} {} ({p} passed, {f} failed, harness {}, {:.0} ms)\n",
                r.path,
                r.harness_status,
                r.duration.as_secs_f64() * 1000.0
            ));
            let note =
                |unexpected: bool, expected: &Option<String>| match (self.expectations, unexpected)
                {
                    (false, _) => String::new(),
                    (true, false) => " (expected)".to_string(),
                    (true, true) => format!(
                        " (unexpected: expected {})",
                        expected.as_deref().unwrap_or("?")
                    ),
                };
            if r.harness_status != "OK" || r.harness_unexpected {
                out.push_str(&format!(
                    "  harness {}{}{}\n",
                    r.harness_status,
                    r.harness_message
                        .as_deref()
                        .filter(|m| !m.is_empty())
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default(),
                    note(r.harness_unexpected, &r.expected)
                ));
            }
            for t in r.tests.iter().filter(|t| !t.passed() || t.unexpected) {
                let message = t.message.as_deref().filter(|m| !m.is_empty());
                out.push_str(&format!(
                    "  {} {}{}{}\n",
                    t.status,
                    t.name,
                    match (t.passed(), message) {
                        (true, _) => String::new(),
                        (false, m) => format!(": {}", m.unwrap_or("")),
                    },
                    note(t.unexpected, &t.expected)
                ));
            }
            if r.unexpected() > 0 {
                for e in &r.errors {
                    out.push_str(&format!(
                        "  error: {} ({}:{}:{})\n",
                        e.message, e.url, e.line, e.column
                    ));
                }
            }
        }
        if self.results.is_empty() {
            out.push_str(empty_hint);
            out.push('\n');
        }
        let t = self.totals();
        out.push_str(&format!(
            "{} {} in {:.2} s\n",
            self.results.len(),
            if self.results.len() == 1 {
                "file"
            } else {
                "files"
            },
            self.elapsed.as_secs_f64()
        ));
        if self.expectations {
            out.push_str(&format!(
                "{} unexpected result{}\n",
                t.unexpected,
                if t.unexpected == 1 { "" } else { "s" }
            ));
        }
        out.push_str(&format!("{} passed, {} failed", t.passed, t.failed));
        if t.skipped > 0 {
            out.push_str(&format!(", {} skipped", t.skipped));
        }
        out
    }

    /// One testsuite per file, one testcase per subtest plus "(harness)"
    /// when the harness did not end OK. Expected failures are reported as
    /// skipped, with what happened as the message.
    fn junit(&self) -> anyhow::Result<String> {
        let mut report = Report::new("isohost");
        for r in self.results {
            let mut suite = TestSuite::new(xml_text(&r.path));
            suite.set_time(r.duration);
            let case = |name: &str, status: TestCaseStatus| {
                let mut c = TestCase::new(xml_text(name), status);
                c.set_classname(xml_text(&r.path));
                c
            };
            if r.skipped() {
                let mut status = TestCaseStatus::skipped();
                status.set_message(xml_text(r.harness_message.as_deref().unwrap_or("")));
                suite.add_test_case(case("(harness)", status));
                report.add_test_suite(suite);
                continue;
            }
            if r.harness_status != "OK" || r.harness_unexpected {
                let status = outcome(
                    &r.harness_status,
                    r.harness_status == "OK",
                    r.harness_unexpected,
                    r.harness_message.as_deref(),
                    r.expected.as_deref(),
                );
                suite.add_test_case(case("(harness)", status));
            }
            for t in &r.tests {
                suite.add_test_case(case(&t.name, subtest_outcome(t)));
            }
            report.add_test_suite(suite);
        }
        Ok(report.to_string()?)
    }
}

fn subtest_outcome(t: &SubtestResult) -> TestCaseStatus {
    outcome(
        &t.status,
        t.passed(),
        t.unexpected,
        t.message.as_deref(),
        t.expected.as_deref(),
    )
}

fn outcome(
    status: &str,
    passed: bool,
    unexpected: bool,
    message: Option<&str>,
    expected: Option<&str>,
) -> TestCaseStatus {
    match (passed, unexpected) {
        (true, false) => TestCaseStatus::success(),
        (false, false) => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(xml_text(&format!(
                "expected {status}: {}",
                message.unwrap_or("")
            )));
            s.set_type(status);
            s
        }
        (_, true) => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let m = match (passed, expected) {
                (true, e) => format!("unexpected pass (expected {})", e.unwrap_or("?")),
                (false, _) => message.unwrap_or("").to_string(),
            };
            s.set_message(xml_text(&m));
            s.set_type(status);
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
