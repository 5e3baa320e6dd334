//! A finished run: its counts, its exit status and its closing lines.
//!
//! Files and subtests are counted apart, as wptrunner does: each file has
//! a harness status (OK, ERROR, TIMEOUT, PRECONDITION_FAILED, SKIP), each
//! subtest a status (PASS, FAIL, TIMEOUT, NOTRUN, PRECONDITION_FAILED).
//! `passed`/`failed` count subtests only; a harness status that is not
//! the expected one is one unexpected result, shown on the files line.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Duration;

use super::super::paint::{Paint, safe};
use crate::testharness::FileResult;

/// A finished run.
pub(in crate::cli) struct Run<'a> {
    pub results: &'a [FileResult],
    pub elapsed: Duration,
    /// Expectations were given (they decide what is unexpected).
    pub expectations: bool,
    /// `--fail-on-flaky`.
    pub fail_on_flaky: bool,
    /// Said when nothing ran.
    pub empty_hint: String,
    /// What replays the run: `--seed` and `--clock-start` (RFC 3339).
    pub seed: u64,
    pub clock_start: String,
}

#[derive(Debug, Default, Clone)]
pub(in crate::cli) struct Totals {
    /// Subtests.
    pub passed: usize,
    pub failed: usize,
    /// Files not run.
    pub skipped: usize,
    /// Results not as expected (harness statuses and subtests) and policy
    /// failures.
    pub unexpected: usize,
    /// Files with unexpected results in their last attempt.
    pub failing_files: usize,
    /// Files that passed on a retry.
    pub flaky: usize,
    /// Files by harness status.
    pub by_status: BTreeMap<String, usize>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
            t.failing_files += usize::from(r.unexpected() > 0);
            t.flaky += usize::from(r.flaky);
            *t.by_status.entry(r.harness_status.clone()).or_default() += 1;
        }
        t
    }

    /// Success when something ran, nothing was unexpected, and (with
    /// `--fail-on-flaky`) nothing was flaky.
    pub fn exit_code(&self) -> ExitCode {
        let t = self.totals();
        if t.unexpected == 0 && !self.results.is_empty() && !(self.fail_on_flaky && t.flaky > 0) {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    }

    /// The closing lines of the terminal reporters: what failed and was
    /// flaky, by file; the files by harness status; then
    /// `N passed, N failed[, N skipped]` over subtests, always last.
    pub fn closing(&self, paint: Paint) -> String {
        let t = self.totals();
        let mut out = String::new();
        let failing: Vec<&FileResult> =
            self.results.iter().filter(|r| r.unexpected() > 0).collect();
        if !failing.is_empty() {
            out.push_str(&format!(
                "\n  {}\n",
                paint.red_bold(&plural(failing.len(), "file failed", "files failed"))
            ));
            for r in failing {
                out.push_str(&format!(
                    "    {}{}\n",
                    paint.red(&safe(&super::terminal::title(r))),
                    super::terminal::why(r)
                ));
            }
        }
        let flaky: Vec<&FileResult> = self.results.iter().filter(|r| r.flaky).collect();
        if !flaky.is_empty() {
            out.push_str(&format!(
                "\n  {}\n",
                paint.yellow(&plural(
                    flaky.len(),
                    "file was flaky (failed, then passed on a retry)",
                    "files were flaky (failed, then passed on a retry)"
                ))
            ));
            for r in flaky {
                out.push_str(&format!(
                    "    {}\n",
                    paint.yellow(&safe(&super::terminal::title(r)))
                ));
            }
        }
        if self.results.is_empty() {
            out.push_str(&format!("{}\n", self.empty_hint));
        }
        if t.unexpected > 0 {
            out.push_str(&format!(
                "\n  to replay this run: {}\n",
                super::super::replay_flags_text(self.seed, &self.clock_start)
            ));
        }
        out.push('\n');
        let statuses: Vec<String> = t
            .by_status
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        out.push_str(&format!(
            "{} in {:.2} s{}{}\n",
            plural(self.results.len(), "file", "files"),
            self.elapsed.as_secs_f64(),
            if statuses.is_empty() { "" } else { ": " },
            statuses.join(", ")
        ));
        if self.expectations {
            out.push_str(&format!(
                "{}\n",
                plural(t.unexpected, "unexpected result", "unexpected results")
            ));
        }
        if t.flaky > 0 {
            out.push_str(&format!(
                "{}\n",
                plural(t.flaky, "flaky file", "flaky files")
            ));
        }
        let mut last = format!(
            "{} passed, {} failed",
            if t.passed > 0 {
                paint.green(&t.passed.to_string())
            } else {
                t.passed.to_string()
            },
            if t.failed > 0 {
                paint.red(&t.failed.to_string())
            } else {
                t.failed.to_string()
            }
        );
        if t.skipped > 0 {
            last.push_str(&format!(", {} skipped", t.skipped));
        }
        out.push_str(&last);
        out.push('\n');
        out
    }
}
