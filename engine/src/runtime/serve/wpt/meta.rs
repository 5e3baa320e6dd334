//! `// META:` lines of `.any.js`, `.window.js` and `.worker.js` tests, and
//! the globals an `.any.js` test runs in (`tools/manifest/sourcefile.py`:
//! `read_script_metadata`, `parse_variants`, `global_suffixes`,
//! `global_variant_url`).

use std::collections::BTreeSet;

/// The `// META: key=value` lines at the top of a script, in order, up to
/// the first line that is not one (`js_meta_re`, matched at line start:
/// `//\s*META:\s*(\w*)=(.*)$`).
pub fn read_script_metadata(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in source.split('\n') {
        let Some((key, value)) = meta_line(line) else {
            break;
        };
        out.push((key.to_string(), value.to_string()));
    }
    out
}

fn meta_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("//")?.trim_start_matches(is_space);
    let rest = rest.strip_prefix("META:")?.trim_start_matches(is_space);
    let key_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (key, rest) = rest.split_at(key_len);
    let value = rest.strip_prefix('=')?;
    // `$` matches before a final newline only; a CR stays part of the value
    // in wptserve, which nobody wants: drop it.
    Some((key, value.strip_suffix('\r').unwrap_or(value)))
}

/// Python's `\s` for bytes.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The first value of `key` in `meta`.
pub fn first<'a>(meta: &'a [(String, String)], key: &str) -> Option<&'a str> {
    meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The global types a keyword of `// META: global=` stands for.
fn any_variants(item: &str) -> &'static [&'static str] {
    match item {
        "default" => &["window", "dedicatedworker"],
        "window" => &["window"],
        "dedicatedworker" => &["dedicatedworker"],
        "sharedworker" => &["sharedworker"],
        "serviceworker" => &["serviceworker"],
        "worker" => &["dedicatedworker", "sharedworker", "serviceworker"],
        "jsshell" => &["jsshell"],
        "shadowrealm" => &["shadowrealm"],
        "window-module" => &["window-module"],
        "dedicatedworker-module" => &["dedicatedworker-module"],
        "sharedworker-module" => &["sharedworker-module"],
        "serviceworker-module" => &["serviceworker-module"],
        _ => &[],
    }
}

/// The global types of a `global=` value: each item's, minus each
/// `!item`'s, in order; no value at all means the default (window and
/// dedicated worker). (`global=worker` runs in workers only.)
pub fn parse_variants(value: &str) -> BTreeSet<&'static str> {
    if value.trim().is_empty() {
        return any_variants("default").iter().copied().collect();
    }
    let mut globals = BTreeSet::new();
    for item in value.split(',') {
        let item = item.trim();
        if let Some(removed) = item.strip_prefix('!') {
            for g in any_variants(removed) {
                globals.remove(g);
            }
        } else {
            globals.extend(any_variants(item).iter().copied());
        }
    }
    globals
}

/// The test-URL suffix of a global type: `.any.html`, `.any.worker.html`,
/// `.any.sharedworker.html`, …
pub fn global_suffix(global: &str) -> String {
    match global {
        "window" => ".any.html".to_string(),
        "dedicatedworker" => ".any.worker.html".to_string(),
        "jsshell" => ".any.js".to_string(),
        other => format!(".any.{other}.html"),
    }
}

/// The test URL of `rel_url` (an `.any.js` file) for `suffix`.
pub fn global_variant_url(rel_url: &str, suffix: &str) -> String {
    let mut url = rel_url.replace(".any.", ".");
    if url.contains(".https.") && suffix.starts_with(".https.") {
        url = url.replace(".https.", ".");
    } else if url.contains(".h2.") && suffix.starts_with(".h2.") {
        url = url.replace(".h2.", ".");
    }
    match url.strip_suffix(".js") {
        Some(stem) => format!("{stem}{suffix}"),
        None => url,
    }
}

/// The `variant=` values of a script's metadata (each "" or starting with
/// `?` or `#`); `[""]` when there are none.
pub fn test_variants(meta: &[(String, String)]) -> Vec<String> {
    let v: Vec<String> = meta
        .iter()
        .filter(|(k, v)| k == "variant" && (v.is_empty() || v.starts_with(['?', '#'])))
        .map(|(_, v)| v.clone())
        .collect();
    if v.is_empty() { vec![String::new()] } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_lines_are_read_until_the_first_other_line() {
        let src = "// META: global=window,worker\r\n//META:script=/common/utils.js\n// META: title=a=b <c>\n\n// META: timeout=long\n";
        assert_eq!(
            read_script_metadata(src),
            [
                ("global".to_string(), "window,worker".to_string()),
                ("script".to_string(), "/common/utils.js".to_string()),
                ("title".to_string(), "a=b <c>".to_string()),
            ]
        );
        assert!(read_script_metadata("'use strict';\n// META: timeout=long").is_empty());
    }

    #[test]
    fn global_values_add_and_remove_from_the_default() {
        let s = |v: &str| parse_variants(v).into_iter().collect::<Vec<_>>();
        assert_eq!(s(""), ["dedicatedworker", "window"]);
        assert_eq!(s("window"), ["window"]);
        assert_eq!(s("default,!dedicatedworker"), ["window"]);
        assert_eq!(
            s("worker"),
            ["dedicatedworker", "serviceworker", "sharedworker"]
        );
        assert_eq!(
            s("window,worker"),
            ["dedicatedworker", "serviceworker", "sharedworker", "window"]
        );
        assert_eq!(
            s("worker,!window"),
            ["dedicatedworker", "serviceworker", "sharedworker"]
        );
        assert_eq!(s("jsshell, nonsense"), ["jsshell"]);
    }

    #[test]
    fn any_js_files_name_one_test_per_global() {
        assert_eq!(
            global_variant_url("dom/a.any.js", &global_suffix("window")),
            "dom/a.any.html"
        );
        assert_eq!(
            global_variant_url("dom/a.https.any.js", &global_suffix("dedicatedworker")),
            "dom/a.https.any.worker.html"
        );
        assert_eq!(
            global_variant_url("dom/a.any.js", &global_suffix("sharedworker")),
            "dom/a.any.sharedworker.html"
        );
    }

    #[test]
    fn variants_must_start_with_a_query_or_fragment() {
        let meta = vec![
            ("variant".to_string(), "?1-10".to_string()),
            ("variant".to_string(), "bad".to_string()),
            ("variant".to_string(), "#x".to_string()),
        ];
        assert_eq!(test_variants(&meta), ["?1-10", "#x"]);
        assert_eq!(test_variants(&[]), [""]);
    }
}
