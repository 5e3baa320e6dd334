//! `list`, `line` and `dot`: what a person reads.
//!
//! `list`: a line per file as it finishes, a coloured mark, its verdict,
//! counts and duration; a file with unexpected results is expanded at once
//! (each failing subtest with its message, `file:line:column`, a code
//! frame and the stack; the harness status; the file's console lines and
//! page errors). `line`: only failing and flaky files, above the progress
//! bar. `dot`: a character per file (`·` as expected, `F` failed, `T`
//! timed out, `E` harness error, `±` flaky, `°` skipped), details at the
//! end.

use super::super::paint::{Paint, safe, safe_lines};
use super::{Kind, Reporter, Run, Sink, duration_text};
use crate::testharness::places::is_harness_frame;
use crate::testharness::{FileResult, PageError, Place, SubtestResult};

/// Console lines shown for a failing file.
const MAX_CONSOLE_LINES: usize = 30;
/// Stack frames shown for a failure.
const MAX_STACK_LINES: usize = 10;
/// Dots on one line.
const DOTS_PER_LINE: usize = 80;

pub(super) struct Terminal {
    kind: Kind,
    sink: Sink,
    dots: usize,
    /// `dot`: files whose details come at the end.
    deferred: Vec<FileResult>,
}

impl Terminal {
    pub fn new(kind: Kind, sink: Sink) -> Terminal {
        Terminal {
            kind,
            sink,
            dots: 0,
            deferred: Vec::new(),
        }
    }
}

/// The file's name in reports: its path, and which repeat it is.
pub(super) fn title(r: &FileResult) -> String {
    match r.repeat {
        Some(n) => format!("{} [repeat {n}]", r.path),
        None => r.path.clone(),
    }
}

/// Why a failing file failed, briefly (for the closing list).
pub(super) fn why(r: &FileResult) -> String {
    if r.harness_unexpected && r.harness_status != "OK" {
        return format!(" (harness {})", r.harness_status);
    }
    let n = r.tests.iter().filter(|t| t.unexpected).count();
    let mut parts = Vec::new();
    if n > 0 {
        parts.push(format!(
            "{n} unexpected subtest result{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if r.harness_unexpected {
        parts.push(format!("harness {}", r.harness_status));
    }
    if !r.policy_failures.is_empty() {
        parts.push("console or page errors".to_string());
    }
    format!(" ({})", parts.join(", "))
}

/// (mark, verdict word, paint) of a file.
fn verdict(r: &FileResult, paint: Paint) -> (String, String) {
    let word = |w: &str| w.to_string();
    if r.skipped() {
        return (paint.dim("-"), paint.dim("SKIP"));
    }
    if r.flaky {
        return (paint.yellow("±"), paint.yellow("FLAKY"));
    }
    if r.unexpected() == 0 {
        let w = if r.expected_failures() {
            "XFAIL"
        } else {
            "PASS"
        };
        return (paint.green("✓"), paint.green(w));
    }
    let w = if r.harness_unexpected && r.harness_status != "OK" {
        word(&r.harness_status)
    } else if !r.harness_unexpected
        && r.policy_failures.is_empty()
        && r.tests
            .iter()
            .filter(|t| t.unexpected)
            .all(SubtestResult::passed)
    {
        word("XPASS")
    } else {
        word("FAIL")
    };
    (paint.red("✘"), paint.red(&w))
}

/// The line of a finished file.
fn file_line(r: &FileResult, paint: Paint) -> String {
    let (mark, word) = verdict(r, paint);
    let name = safe(&title(r)).into_owned();
    if r.skipped() {
        let reason = r.harness_message.as_deref().unwrap_or("");
        return format!("  {mark} {word} {name}: {}\n", paint.dim(&safe(reason)));
    }
    let (p, f) = r.counts();
    let counts = match (p, f) {
        (0, 0) => "no subtests".to_string(),
        (p, 0) => format!("{p} passed"),
        (p, f) => format!("{p} passed, {f} failed"),
    };
    let attempts = if r.attempts.is_empty() {
        String::new()
    } else {
        format!(", attempt {}", r.attempts.len() + 1)
    };
    format!(
        "  {mark} {word} {name} {}\n",
        paint.dim(&format!(
            "({counts}, {}{attempts})",
            duration_text(r.duration)
        ))
    )
}

fn push_lines(out: &mut String, indent: &str, text: &str) {
    for line in safe_lines(text) {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
}

/// `at file:line:column`, then the code frame with a caret.
fn place_lines(out: &mut String, indent: &str, place: &Place, paint: Paint) {
    out.push_str(&format!(
        "{indent}{} {}\n",
        paint.dim("at"),
        paint.cyan(&safe(&place.location()))
    ));
    if place.code_frame.is_empty() {
        return;
    }
    let width = place
        .code_frame
        .iter()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    out.push('\n');
    for (n, text) in &place.code_frame {
        let here = *n == place.line;
        let gutter = format!("{} {n:>width$} |", if here { ">" } else { " " });
        let text = safe(text);
        if here {
            out.push_str(&format!("{indent}{} {text}\n", paint.red_bold(&gutter)));
            // The caret under the column: the line's own tabs kept.
            let before: String = text
                .chars()
                .take(place.column.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                "{indent}{} {before}{}\n",
                paint.dim(&format!("  {:>width$} |", "")),
                paint.red_bold("^")
            ));
        } else {
            out.push_str(&format!("{indent}{} {text}\n", paint.dim(&gutter)));
        }
    }
    out.push('\n');
}

/// The stack's frames in the test's own scripts, when there is more to
/// see than the place.
fn stack_lines(out: &mut String, indent: &str, stack: &str, paint: Paint) {
    let frames: Vec<&str> = stack
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("at ") && !is_harness_frame(l))
        .collect();
    if frames.len() < 2 {
        return;
    }
    out.push_str(&format!("{indent}{}\n", paint.dim("stack:")));
    for f in frames.iter().take(MAX_STACK_LINES) {
        out.push_str(&format!("{indent}  {}\n", paint.dim(&safe(f))));
    }
    if frames.len() > MAX_STACK_LINES {
        out.push_str(&format!(
            "{indent}  {}\n",
            paint.dim(&format!("… {} more", frames.len() - MAX_STACK_LINES))
        ));
    }
}

fn expected_note(expected: Option<&str>) -> String {
    expected.map_or_else(String::new, |e| format!(" (unexpected: expected {e})"))
}

fn subtest_details(out: &mut String, t: &SubtestResult, paint: Paint) {
    let indent = "      ";
    let status = if t.passed() {
        paint.yellow(&t.status)
    } else {
        paint.red(&t.status)
    };
    out.push_str(&format!(
        "{indent}{status} {}{}\n",
        paint.bold(&safe(&t.name)),
        expected_note(t.expected.as_deref())
    ));
    let inner = "        ";
    if let Some(m) = t.message.as_deref().filter(|m| !m.is_empty()) {
        push_lines(out, inner, m);
    }
    if let Some(place) = &t.place {
        place_lines(out, inner, place, paint);
    }
    if let Some(stack) = &t.stack {
        stack_lines(out, inner, stack, paint);
    }
}

fn error_lines(out: &mut String, errors: &[PageError], paint: Paint) {
    if errors.is_empty() {
        return;
    }
    out.push_str(&format!("      {}\n", paint.dim("page errors:")));
    for e in errors {
        push_lines(out, "        ", &e.message);
        match &e.place {
            Some(p) => out.push_str(&format!(
                "          {} {}\n",
                paint.dim("at"),
                paint.cyan(&safe(&p.location()))
            )),
            None => out.push_str(&format!(
                "          {} {}\n",
                paint.dim("at"),
                safe(&format!("{}:{}:{}", e.url, e.line, e.column))
            )),
        }
    }
}

/// What went wrong in a file: unexpected subtests, the harness, policy
/// failures, then what the page printed and threw.
fn details(r: &FileResult, paint: Paint) -> String {
    let mut out = String::new();
    if r.harness_unexpected || r.harness_status != "OK" && r.unexpected() > 0 {
        out.push_str(&format!(
            "      {} {}{}\n",
            paint.dim("harness"),
            paint.red(&r.harness_status),
            expected_note(r.expected.as_deref())
        ));
        match r.harness_message.as_deref().filter(|m| !m.is_empty()) {
            Some(m) => push_lines(&mut out, "        ", m),
            None if r.harness_status == "TIMEOUT" => {
                out.push_str("        testharness.js timed out before every subtest had a result\n")
            }
            None => {}
        }
        if let Some(place) = &r.harness_place {
            place_lines(&mut out, "        ", place, paint);
        }
        if let Some(stack) = &r.harness_stack {
            stack_lines(&mut out, "        ", stack, paint);
        }
    }
    for t in r.tests.iter().filter(|t| t.unexpected) {
        subtest_details(&mut out, t, paint);
    }
    for p in &r.policy_failures {
        out.push_str(&format!(
            "      {} {}\n",
            paint.red("fails the run:"),
            safe(p)
        ));
    }
    if !r.console.is_empty() {
        out.push_str(&format!("      {}\n", paint.dim("console:")));
        for m in r.console.iter().take(MAX_CONSOLE_LINES) {
            let level = format!("[{}]", m.level.as_str());
            let level = if m.level == crate::Level::Error {
                paint.red(&level)
            } else {
                paint.dim(&level)
            };
            let lines = safe_lines(&m.text);
            for (i, l) in lines.iter().enumerate() {
                if i == 0 {
                    out.push_str(&format!("        {level} {l}\n"));
                } else {
                    out.push_str(&format!("        {l}\n"));
                }
            }
        }
        if r.console.len() > MAX_CONSOLE_LINES {
            out.push_str(&format!(
                "        {}\n",
                paint.dim(&format!(
                    "… {} more lines (all of them in --reporter json)",
                    r.console.len() - MAX_CONSOLE_LINES
                ))
            ));
        }
    }
    error_lines(&mut out, &r.errors, paint);
    out
}

/// A finished file as the list shows it: its line, and what went wrong
/// when something did (for a flaky file, the attempts that failed).
fn file_block(r: &FileResult, paint: Paint) -> String {
    let mut out = file_line(r, paint);
    if r.unexpected() > 0 {
        out.push_str(&details(r, paint));
    }
    let total = r.attempts.len() + 1;
    for (i, a) in r.attempts.iter().enumerate() {
        out.push_str(&format!(
            "      {}\n",
            paint.yellow(&format!(
                "attempt {} of {total} had unexpected results:",
                i + 1
            ))
        ));
        out.push_str(&details(a, paint));
    }
    out
}

fn dot(r: &FileResult, paint: Paint) -> String {
    if r.skipped() {
        return paint.dim("°");
    }
    if r.flaky {
        return paint.yellow("±");
    }
    if r.unexpected() == 0 {
        return paint.green("·");
    }
    match r.harness_status.as_str() {
        "TIMEOUT" if r.harness_unexpected => paint.red("T"),
        "ERROR" if r.harness_unexpected => paint.red("E"),
        _ => paint.red("F"),
    }
}

impl Reporter for Terminal {
    fn begin(&mut self, total: usize, jobs: usize) -> std::io::Result<()> {
        if self.kind == Kind::Dot || total == 0 {
            return Ok(());
        }
        let files = if total == 1 { "file" } else { "files" };
        let text = format!(
            "Running {total} {files}, {} at a time\n\n",
            jobs.clamp(1, total)
        );
        self.sink.write(&self.sink.paint.dim(&text))
    }

    fn finished(&mut self, r: &FileResult) -> std::io::Result<()> {
        let paint = self.sink.paint;
        let noteworthy = r.unexpected() > 0 || r.flaky;
        match self.kind {
            Kind::List => self.sink.write(&file_block(r, paint)),
            Kind::Line if noteworthy => self.sink.write(&file_block(r, paint)),
            Kind::Dot => {
                self.dots += 1;
                let mut s = dot(r, paint);
                if self.dots.is_multiple_of(DOTS_PER_LINE) {
                    s.push('\n');
                }
                if noteworthy {
                    self.deferred.push(r.clone());
                }
                self.sink.write(&s)
            }
            _ => Ok(()),
        }
    }

    fn end(&mut self, run: &Run<'_>) -> std::io::Result<()> {
        let paint = self.sink.paint;
        let mut out = String::new();
        if self.kind == Kind::Dot {
            if !self.dots.is_multiple_of(DOTS_PER_LINE) {
                out.push('\n');
            }
            for r in &self.deferred {
                out.push('\n');
                out.push_str(&file_block(r, paint));
            }
        }
        out.push_str(&run.closing(paint));
        self.sink.write(&out)
    }

    fn sink(&mut self) -> &mut Sink {
        &mut self.sink
    }
}
