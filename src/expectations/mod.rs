//! Expectations in wptrunner's metadata format
//! (`tools/wptrunner/docs/expectation.rst`): one `.ini` file per test
//! source file, at the source's path under the metadata directory plus
//! `.ini`, with a section per test (the last segment of its URL, query
//! included) and a subsection per subtest:
//!
//! ```text
//! [Event-dispatch.any.html]
//!   expected: TIMEOUT
//!   [a subtest that fails]
//!     expected: FAIL
//!   [a flaky one]
//!     expected: [PASS, FAIL]
//!     disabled: https://bugs.example/1
//! ```
//!
//! Values may be conditional (`if os == "linux": FAIL` lines under a bare
//! `expected:`), over the run's properties (`product` is "isohost").
//! `__dir__.ini` files give `disabled` to everything under their directory.
//! A result that matches its expectation is expected; anything else,
//! a pass included, is unexpected.

mod conditions;
mod ini;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use conditions::{Cond, RunInfo, eval};
pub use ini::{KeyValue, Section, Value, parse, serialize};

/// A key's value for this run, if any branch applies.
fn resolve(kv: &KeyValue, info: &RunInfo) -> Option<Value> {
    match kv {
        KeyValue::Plain(v) => Some(v.clone()),
        KeyValue::Conditional(branches) => branches
            .iter()
            .find(|(cond, _)| {
                cond.as_deref()
                    .is_none_or(|c| eval(c, info).unwrap_or(false))
            })
            .map(|(_, v)| v.clone()),
    }
}

fn disabled(section: &Section, info: &RunInfo) -> Option<String> {
    match resolve(section.key("disabled")?, info)? {
        Value::Str(s) if s == "@False" => None,
        v => Some(v.items().join(", ")),
    }
}

// ---------------------------------------------------------------------------
// Looking up and recording expectations

/// What is expected of one test.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestExpectation {
    /// Accepted harness statuses (empty: OK).
    pub expected: Vec<String>,
    /// Why the test is not run, if it is disabled.
    pub disabled: Option<String>,
    /// What is expected of its subtests, by name (a subtest not listed
    /// is expected to pass).
    pub subtests: BTreeMap<String, SubtestExpectation>,
}

/// What is expected of one subtest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubtestExpectation {
    /// Accepted statuses (empty: PASS).
    pub expected: Vec<String>,
    /// Why its result is ignored, if it is disabled.
    pub disabled: Option<String>,
}

impl TestExpectation {
    /// Whether a harness status is expected.
    pub fn harness_ok(&self, status: &str) -> bool {
        accepts(&self.expected, "OK", status)
    }

    /// Whether a subtest status is expected.
    pub fn subtest_ok(&self, name: &str, status: &str) -> bool {
        let empty = Vec::new();
        let expected = self.subtests.get(name).map_or(&empty, |s| &s.expected);
        accepts(expected, "PASS", status)
    }

    /// The primary expected status of a subtest.
    pub fn subtest_expected(&self, name: &str) -> String {
        self.subtests
            .get(name)
            .and_then(|s| s.expected.first().cloned())
            .unwrap_or_else(|| "PASS".to_string())
    }

    /// The primary expected harness status (OK when none is listed).
    pub fn harness_expected(&self) -> String {
        self.expected
            .first()
            .cloned()
            .unwrap_or_else(|| "OK".to_string())
    }
}

fn accepts(expected: &[String], default: &str, status: &str) -> bool {
    if expected.is_empty() {
        status == default
    } else {
        expected.iter().any(|e| e == status)
    }
}

/// Where a test's expectations live: the source file's path relative to
/// the tests root (`dom/events/a.any.js`) and the test's section name
/// (`a.any.worker.html?x`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetadataKey {
    /// The source file's path relative to the tests root.
    pub source: String,
    /// The test's section name in that file's `.ini`.
    pub section: String,
}

/// A metadata directory, read lazily (files are cached; the runner's
/// threads share it).
#[derive(Debug)]
pub struct Expectations {
    dir: PathBuf,
    info: RunInfo,
    files: Mutex<HashMap<PathBuf, Option<Arc<Section>>>>,
}

impl Expectations {
    /// The expectations under the metadata directory `dir` (nothing is
    /// read until a test is looked up).
    pub fn new(dir: impl Into<PathBuf>) -> Expectations {
        Expectations {
            dir: dir.into(),
            info: RunInfo::default(),
            files: Mutex::default(),
        }
    }

    /// The metadata directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A metadata file, parsed (None if absent). A file that does not parse
    /// is an error the user must see.
    pub fn file(&self, path: &Path) -> Result<Option<Arc<Section>>, String> {
        if let Some(cached) = self
            .files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(path)
        {
            return Ok(cached.clone());
        }
        let parsed = match std::fs::read_to_string(path) {
            Ok(text) => Some(Arc::new(
                parse(&text).map_err(|e| format!("{}: {e}", path.display()))?,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_path_buf(), parsed.clone());
        Ok(parsed)
    }

    /// The `.ini` file of a source file.
    pub fn ini_path(&self, source: &str) -> PathBuf {
        self.dir.join(format!("{source}.ini"))
    }

    /// What is expected of the test at `key`.
    pub fn lookup(&self, key: &MetadataKey) -> Result<TestExpectation, String> {
        let mut out = TestExpectation::default();
        // __dir__.ini from the top down: the deepest `disabled` wins.
        let mut dir = self.dir.clone();
        let parts: Vec<&str> = key.source.split('/').collect();
        let dirs = parts.len().saturating_sub(1);
        for part in std::iter::once("").chain(parts[..dirs].iter().copied()) {
            if !part.is_empty() {
                dir.push(part);
            }
            if let Some(d) = self.file(&dir.join("__dir__.ini"))?
                && let Some(reason) = disabled(&d, &self.info)
            {
                out.disabled = Some(reason);
            }
        }
        let Some(file) = self.file(&self.ini_path(&key.source))? else {
            return Ok(out);
        };
        if let Some(reason) = disabled(&file, &self.info) {
            out.disabled = Some(reason);
        }
        let Some(test) = file.child(&key.section) else {
            return Ok(out);
        };
        if let Some(v) = test.key("expected").and_then(|kv| resolve(kv, &self.info)) {
            out.expected = v.items();
        }
        if let Some(reason) = disabled(test, &self.info) {
            out.disabled = Some(reason);
        }
        for sub in &test.children {
            out.subtests.insert(
                sub.name.clone(),
                SubtestExpectation {
                    expected: sub
                        .key("expected")
                        .and_then(|kv| resolve(kv, &self.info))
                        .map(|v| v.items())
                        .unwrap_or_default(),
                    disabled: disabled(sub, &self.info),
                },
            );
        }
        Ok(out)
    }

    /// Writes this run's results into the metadata files (wptrunner's
    /// `update-expectations`): for every test that ran, `expected` becomes
    /// what happened when that is not the default (OK, PASS) and is gone
    /// otherwise; other keys (`disabled`, …) and tests that did not run are
    /// kept; a conditional `expected` that already gives this result stays
    /// as it is, and so does a list of known intermittent statuses that
    /// holds it. Files left empty are removed. Returns the files written.
    pub fn update(&self, outcomes: &[Outcome]) -> Result<Vec<PathBuf>, String> {
        let mut by_file: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
        for o in outcomes {
            by_file.entry(o.key.source.clone()).or_default().push(o);
        }
        let mut written = Vec::new();
        for (source, outcomes) in by_file {
            let path = self.ini_path(&source);
            let mut root = self.file(&path)?.map(|s| (*s).clone()).unwrap_or_default();
            for o in outcomes {
                let at = match root.children.iter().position(|c| c.name == o.key.section) {
                    Some(i) => i,
                    None => {
                        root.children.push(Section {
                            name: o.key.section.clone(),
                            ..Section::default()
                        });
                        root.children.len() - 1
                    }
                };
                let test = &mut root.children[at];
                set_expected(test, &o.status, "OK", &self.info);
                for (name, status) in &o.subtests {
                    let i = match test.children.iter().position(|c| &c.name == name) {
                        Some(i) => i,
                        None => {
                            test.children.push(Section {
                                name: name.clone(),
                                ..Section::default()
                            });
                            test.children.len() - 1
                        }
                    };
                    set_expected(&mut test.children[i], status, "PASS", &self.info);
                }
                // Subtests that no longer report keep only non-expectation keys.
                test.children.retain(|c| !c.is_empty());
                if test.is_empty() {
                    root.children.remove(at);
                }
            }
            if root.is_empty() {
                match std::fs::remove_file(&path) {
                    Ok(()) => written.push(path.clone()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
                }
            } else {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&path, serialize(&root))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written.push(path.clone());
            }
            self.files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(path, (!root.is_empty()).then(|| Arc::new(root)));
        }
        Ok(written)
    }
}

fn set_expected(section: &mut Section, status: &str, default: &str, info: &RunInfo) {
    // Already expected (conditions and known intermittents included): keep.
    if let Some(kv) = section.key("expected")
        && resolve(kv, info).is_some_and(|v| v.items().iter().any(|s| s == status))
    {
        return;
    }
    let value = (status != default).then(|| KeyValue::Plain(Value::Str(status.to_string())));
    section.set_key("expected", value);
}

/// One test's result, for [`Expectations::update`].
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Where its expectations live.
    pub key: MetadataKey,
    /// Its harness status (OK, ERROR, TIMEOUT…).
    pub status: String,
    /// Each subtest's name and status (PASS, FAIL…), in the order run.
    pub subtests: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# a comment
[a.any.html]
  expected: TIMEOUT
  [subtest \\] with a bracket]
    expected: FAIL
  [flaky]
    expected: [PASS, FAIL]

[a.any.worker.html]
  disabled: https://bugs.example/1 # why
  [conditional]
    expected:
      if product == \"chrome\": PASS
      if os == \"nowhere\" or (product == \"isohost\" and not debug == 3): NOTRUN
      FAIL
";

    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    fn temp() -> Dir {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let d = std::env::temp_dir().join(format!(
            "isohost-expect-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("mkdir");
        Dir(d)
    }

    #[test]
    fn lookups_read_tests_subtests_and_dir_files() {
        let d = temp();
        std::fs::create_dir_all(d.0.join("dom/events")).expect("mkdir");
        std::fs::write(d.0.join("dom/events/a.any.js.ini"), FILE).expect("write");
        std::fs::write(
            d.0.join("dom/__dir__.ini"),
            "disabled:\n  if product == \"other\": nope\n",
        )
        .expect("write");
        let e = Expectations::new(&d.0);
        let key = |s: &str| MetadataKey {
            source: "dom/events/a.any.js".into(),
            section: s.into(),
        };
        let any = e.lookup(&key("a.any.html")).expect("lookup");
        assert!(any.harness_ok("TIMEOUT") && !any.harness_ok("OK"));
        assert!(any.subtest_ok("subtest ] with a bracket", "FAIL"));
        assert!(
            !any.subtest_ok("subtest ] with a bracket", "PASS"),
            "an unexpected pass"
        );
        assert!(any.subtest_ok("flaky", "PASS") && any.subtest_ok("flaky", "FAIL"));
        assert!(any.subtest_ok("unlisted", "PASS") && !any.subtest_ok("unlisted", "FAIL"));
        assert_eq!(any.disabled, None);
        let worker = e.lookup(&key("a.any.worker.html")).expect("lookup");
        assert_eq!(worker.disabled.as_deref(), Some("https://bugs.example/1"));
        let none = e
            .lookup(&MetadataKey {
                source: "x/y.html".into(),
                section: "y.html".into(),
            })
            .expect("lookup");
        assert_eq!(none, TestExpectation::default());
        std::fs::write(d.0.join("__dir__.ini"), "disabled: everything\n").expect("write");
        let e = Expectations::new(&d.0);
        assert_eq!(
            e.lookup(&key("a.any.html"))
                .expect("lookup")
                .disabled
                .as_deref(),
            Some("everything")
        );
    }

    #[test]
    fn updating_writes_what_happened_and_keeps_the_rest() {
        let d = temp();
        std::fs::create_dir_all(d.0.join("dom/events")).expect("mkdir");
        std::fs::write(d.0.join("dom/events/a.any.js.ini"), FILE).expect("write");
        let e = Expectations::new(&d.0);
        let outcome = |section: &str, status: &str, subs: &[(&str, &str)]| Outcome {
            key: MetadataKey {
                source: "dom/events/a.any.js".into(),
                section: section.into(),
            },
            status: status.into(),
            subtests: subs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        };
        e.update(&[
            outcome(
                "a.any.html",
                "OK",
                &[
                    ("subtest ] with a bracket", "PASS"),
                    ("flaky", "PASS"),
                    ("new one", "FAIL"),
                ],
            ),
            outcome("a.any.worker.html", "OK", &[("conditional", "NOTRUN")]),
            outcome("b.any.html", "OK", &[("fine", "PASS")]),
        ])
        .expect("update");
        let text = std::fs::read_to_string(d.0.join("dom/events/a.any.js.ini")).expect("read");
        assert_eq!(
            text,
            "[a.any.html]\n  [flaky]\n    expected: [PASS, FAIL]\n  [new one]\n    expected: FAIL\n\n[a.any.worker.html]\n  disabled: https://bugs.example/1\n  [conditional]\n    expected:\n      if product == \"chrome\": PASS\n      if os == \"nowhere\" or (product == \"isohost\" and not debug == 3): NOTRUN\n      FAIL\n\n"
        );
        e.update(&[
            outcome("a.any.html", "OK", &[("new one", "PASS")]),
            outcome("a.any.worker.html", "OK", &[("conditional", "PASS")]),
        ])
        .expect("update");
        let text = std::fs::read_to_string(d.0.join("dom/events/a.any.js.ini")).expect("read");
        assert_eq!(
            text,
            "[a.any.html]\n  [flaky]\n    expected: [PASS, FAIL]\n\n[a.any.worker.html]\n  disabled: https://bugs.example/1\n\n"
        );
        e.update(&[Outcome {
            key: MetadataKey {
                source: "x.html".into(),
                section: "x.html".into(),
            },
            status: "TIMEOUT".into(),
            subtests: vec![],
        }])
        .expect("update");
        assert_eq!(
            std::fs::read_to_string(d.0.join("x.html.ini")).expect("read"),
            "[x.html]\n  expected: TIMEOUT\n\n"
        );
    }
}
