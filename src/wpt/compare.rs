//! Pass rates beside another browser's results, per area of the checkout
//! (`--compare FILE`): FILE is `{"results": {"dom/x.html": {"harness":
//! "OK", "subtests": {"name": "PASS", …}}, …}}`, the format of
//! `chromium-156.json`, or a wptreport.
//!
//! Rates are over the other browser's subtests, so that both sides count
//! the same things: a test that errors out early here loses all the
//! subtests it never reported.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::testharness::FileResult;

/// One test's results in the other browser.
#[derive(Debug, Clone, Default)]
pub struct Other {
    /// Each subtest's status (PASS, FAIL…), by name.
    pub subtests: BTreeMap<String, String>,
}

/// Reads the other browser's results (the chromium-156.json form, or a
/// wptreport), keyed by test path without the leading `/`.
pub fn load(text: &str) -> Result<BTreeMap<String, Other>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut out = BTreeMap::new();
    match &v["results"] {
        Value::Object(map) => {
            for (test, r) in map {
                let subtests = r["subtests"]
                    .as_object()
                    .map(|s| {
                        s.iter()
                            .map(|(n, st)| (n.clone(), st.as_str().unwrap_or("").to_string()))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(test.trim_start_matches('/').to_string(), Other { subtests });
            }
        }
        Value::Array(list) => {
            for r in list {
                let test = r["test"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_string();
                let subtests = r["subtests"]
                    .as_array()
                    .map(|s| {
                        s.iter()
                            .map(|t| {
                                (
                                    t["name"].as_str().unwrap_or("").to_string(),
                                    t["status"].as_str().unwrap_or("").to_string(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(test, Other { subtests });
            }
        }
        _ => return Err("no \"results\" object or list".into()),
    }
    Ok(out)
}

/// The area a test belongs to: `dom/events`, `html/browsers/origin`,
/// `html/semantics/embedded-content/the-iframe-element`, `webmessaging`…
pub fn area(test: &str) -> String {
    let parts: Vec<&str> = test.trim_start_matches('/').split('/').collect();
    let depth = match parts.first() {
        Some(&"html") if parts.get(1) == Some(&"semantics") => 4,
        Some(&"html") => 3,
        Some(&"dom") => 2,
        _ => 1,
    };
    parts[..depth.min(parts.len().saturating_sub(1)).max(1)].join("/")
}

#[derive(Debug, Default, Clone, Copy)]
struct Row {
    tests: usize,
    subtests: usize,
    other_passed: usize,
    passed: usize,
    skipped: usize,
}

/// The comparison table, one row per area and a total.
pub fn table(results: &[FileResult], other: &BTreeMap<String, Other>, other_name: &str) -> String {
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut total = Row::default();
    let mut missing = 0;
    for r in results {
        let key = r.path.trim_start_matches('/');
        let Some(o) = other.get(key) else {
            missing += 1;
            continue;
        };
        let row = rows.entry(area(key)).or_default();
        let passed_here = if r.skipped() {
            0
        } else {
            o.subtests
                .keys()
                .filter(|name| r.tests.iter().any(|t| &t.name == *name && t.passed()))
                .count()
        };
        for target in [&mut *row, &mut total] {
            target.tests += 1;
            target.subtests += o.subtests.len();
            target.other_passed += o.subtests.values().filter(|s| *s == "PASS").count();
            target.passed += passed_here;
            target.skipped += usize::from(r.skipped());
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{:.1} %", 100.0 * a as f64 / b as f64)
        }
    };
    let mut out = format!(
        "{:<58} {:>5} {:>8} {:>9} {:>9} {:>7}\n",
        "area", "tests", "subtests", "isohost", other_name, "skipped"
    );
    for (name, row) in rows
        .iter()
        .chain(std::iter::once((&"total".to_string(), &total)))
    {
        out.push_str(&format!(
            "{:<58} {:>5} {:>8} {:>9} {:>9} {:>7}\n",
            name,
            row.tests,
            row.subtests,
            pct(row.passed, row.subtests),
            pct(row.other_passed, row.subtests),
            row.skipped
        ));
    }
    if missing > 0 {
        out.push_str(&format!(
            "({missing} tests run here have no result in the comparison file)\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_group_the_directories_the_issue_names() {
        assert_eq!(area("dom/events/a.any.html"), "dom/events");
        assert_eq!(
            area("html/browsers/origin/cross-origin-objects/x.html"),
            "html/browsers/origin"
        );
        assert_eq!(
            area("html/semantics/embedded-content/the-iframe-element/sandbox_001.htm"),
            "html/semantics/embedded-content/the-iframe-element"
        );
        assert_eq!(area("webmessaging/with-ports/001.html"), "webmessaging");
        assert_eq!(area("/x.html"), "x.html");
    }

    #[test]
    fn both_result_forms_load() {
        let chromium = load(r#"{"results": {"a/b.html": {"harness": "OK", "subtests": {"x": "PASS", "y": "FAIL"}}}}"#)
            .expect("loads");
        assert_eq!(chromium["a/b.html"].subtests.len(), 2);
        let report = load(r#"{"results": [{"test": "/a/b.html", "status": "OK", "subtests": [{"name": "x", "status": "PASS"}]}]}"#)
            .expect("loads");
        assert_eq!(report["a/b.html"].subtests["x"], "PASS");
        assert!(load("[]").is_err());
    }
}
