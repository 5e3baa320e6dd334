//! Which files of a web-platform-tests checkout are testharness.js tests,
//! and under which URLs, by the manifest's rules
//! (`tools/manifest/sourcefile.py`): support directories (`resources/`,
//! `support/`, `tools/`, the root's `common/`) and files at the root are
//! not tests; `-manual`, `-visual`, `-crash` and `crashtests/` files are not
//! ours; `X.any.js` is a test per global of its `// META: global=`,
//! `X.window.js` is `X.window.html`, `X.worker.js` is `X.worker.html`;
//! markup files that load `/resources/testharness.js` are tests; each
//! `variant` (`// META: variant=` or `<meta name=variant>`) is a test of
//! its own.

use std::path::Path;

use engine::runtime::serve::wpt::meta;

/// One test.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WptTest {
    /// Its URL path and query, as wpt.fyi names tests:
    /// `/dom/events/a.any.worker.html?x`.
    pub id: String,
    /// The file it comes from, relative to the checkout: `dom/events/a.any.js`.
    pub source: String,
    /// `timeout=long` / `<meta name=timeout content=long>`.
    pub long_timeout: bool,
    /// Why it is reported as skipped instead of run.
    pub skip: Option<String>,
}

impl WptTest {
    /// The section naming it in its metadata file: the last path segment
    /// of its URL, query included.
    pub fn section(&self) -> String {
        self.id.rsplit('/').next().unwrap_or(&self.id).to_string()
    }
}

const DIR_NON_TEST: [&str; 3] = ["resources", "support", "tools"];

/// The tests of one file (`rel` is relative to the checkout, with `/`).
pub fn tests_of(checkout: &Path, rel: &str) -> Vec<WptTest> {
    let parts: Vec<&str> = rel.split('/').collect();
    let Some((filename, dirs)) = parts.split_last() else {
        return Vec::new();
    };
    if dirs.is_empty()
        || dirs[0] == "common"
        || dirs.iter().any(|d| DIR_NON_TEST.contains(d))
        || (dirs.len() >= 2 && dirs[..2] == ["css", "common"])
        || (dirs.len() >= 2 && dirs[..2] == ["css21", "archive"])
        || (dirs.len() >= 3 && dirs[..3] == ["css", "CSS2", "archive"])
        || dirs[0] == "conformance-checkers"
    {
        return Vec::new();
    }
    let (name, ext) = match filename.rfind('.') {
        Some(i) if i > 0 => (&filename[..i], &filename[i..]),
        _ => (*filename, ""),
    };
    if name.starts_with("MANIFEST")
        || *filename == "META.yml"
        || filename.starts_with('.')
        || filename.ends_with(".headers")
        || filename.ends_with(".ini")
    {
        return Vec::new();
    }
    let type_flag = name
        .rsplit_once('-')
        .map(|(_, t)| t.split('.').next().unwrap_or(""));
    if matches!(type_flag, Some("manual" | "visual" | "crash")) || dirs.contains(&"crashtests") {
        return Vec::new();
    }
    let meta_flags: Vec<&str> = name.split('.').skip(1).collect();
    let path = checkout.join(rel);
    let read = || std::fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned());
    let dir_url = format!("/{}", dirs.join("/"));
    if ext == ".js"
        && (meta_flags.contains(&"any")
            || meta_flags.contains(&"worker")
            || meta_flags.contains(&"window"))
    {
        let Ok(source) = read() else {
            return Vec::new();
        };
        let metadata = meta::read_script_metadata(&source);
        let long = metadata.iter().any(|(k, v)| k == "timeout" && v == "long");
        let variants = meta::test_variants(&metadata);
        let mut urls: Vec<(String, Option<String>)> = Vec::new();
        if meta_flags.contains(&"any") {
            let globals = meta::parse_variants(meta::first(&metadata, "global").unwrap_or(""));
            let mut suffixes: Vec<(String, &str)> = globals
                .iter()
                .map(|g| (meta::global_suffix(g), *g))
                .collect();
            suffixes.sort();
            for (suffix, global) in suffixes {
                let skip = match global {
                    "window" | "dedicatedworker" => None,
                    // A JS shell is not a browser: wptrunner does not run these.
                    "jsshell" => continue,
                    "sharedworker" => Some("shared workers are not supported yet".to_string()),
                    "serviceworker" => Some("service workers are not supported yet".to_string()),
                    other => Some(format!("the {other} global is not supported yet")),
                };
                urls.push((
                    meta::global_variant_url(&format!("{dir_url}/{filename}"), &suffix),
                    skip,
                ));
            }
        } else if meta_flags.contains(&"worker") {
            if let Some(stem) = filename.strip_suffix(".worker.js") {
                urls.push((format!("{dir_url}/{stem}.worker.html"), None));
            }
        } else if let Some(stem) = filename.strip_suffix(".window.js") {
            urls.push((format!("{dir_url}/{stem}.window.html"), None));
        }
        return urls
            .into_iter()
            .flat_map(|(url, skip)| {
                variants.iter().map(move |v| WptTest {
                    id: format!("{url}{v}"),
                    source: rel.to_string(),
                    long_timeout: long,
                    skip: skip.clone(),
                })
            })
            .collect();
    }
    let markup = match ext {
        ".html" | ".htm" => Markup::Html,
        ".xhtml" | ".xht" | ".xml" | ".svg" => Markup::Xml,
        _ => return Vec::new(),
    };
    let Ok(text) = read() else {
        return Vec::new();
    };
    let Some(found) = markup.inspect(&text) else {
        return Vec::new();
    };
    let variants = if found.variants.is_empty() {
        vec![String::new()]
    } else {
        found.variants
    };
    variants
        .into_iter()
        .map(|v| WptTest {
            id: format!("{dir_url}/{filename}{v}"),
            source: rel.to_string(),
            long_timeout: found.long_timeout,
            skip: None,
        })
        .collect()
}

enum Markup {
    Html,
    Xml,
}

struct Found {
    variants: Vec<String>,
    long_timeout: bool,
}

impl Markup {
    /// `content_is_testharness` and the test's variants and timeout; None
    /// if it is not a testharness.js test (or is a CSS manual test).
    fn inspect(&self, text: &str) -> Option<Found> {
        match self {
            Markup::Html => {
                let mut dom = dom_lite::Dom::new();
                let doc = dom.parse_document(text);
                let attr = |n, a: &str| dom.get_attribute(n, a).map(str::to_string);
                let is_th = dom
                    .get_elements_by_tag_name(doc, "script")
                    .into_iter()
                    .any(|s| attr(s, "src").as_deref() == Some("/resources/testharness.js"));
                let metas = dom.get_elements_by_tag_name(doc, "meta");
                let named = |name: &str| -> Vec<String> {
                    metas
                        .iter()
                        .filter(|m| attr(**m, "name").as_deref() == Some(name))
                        .filter_map(|m| attr(*m, "content"))
                        .collect()
                };
                let css_manual = named("flags")
                    .iter()
                    .flat_map(|f| f.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                    .any(|f| {
                        matches!(
                            f.as_str(),
                            "animated"
                                | "font"
                                | "history"
                                | "interact"
                                | "paged"
                                | "speech"
                                | "userstyle"
                        )
                    });
                if css_manual || !is_th {
                    return None;
                }
                Some(Found {
                    variants: named("variant")
                        .into_iter()
                        .filter(|v| v.is_empty() || v.starts_with(['?', '#']))
                        .collect(),
                    long_timeout: named("timeout")
                        .first()
                        .is_some_and(|t| t.eq_ignore_ascii_case("long")),
                })
            }
            // XML files: their script elements' src, read as text.
            Markup::Xml => (text.contains("src=\"/resources/testharness.js\"")
                || text.contains("src='/resources/testharness.js'"))
            .then_some(Found {
                variants: Vec::new(),
                long_timeout: false,
            }),
        }
    }
}

/// The tests named by `inputs` (relative to the checkout: directories,
/// files, or test URLs such as `dom/a.any.worker.html`), or all of the
/// checkout's when there are none. Sorted by id, each once.
pub fn discover(checkout: &Path, inputs: &[String]) -> Result<Vec<WptTest>, String> {
    let mut tests = Vec::new();
    let all = [String::new()];
    let inputs = if inputs.is_empty() { &all[..] } else { inputs };
    for input in inputs {
        let rel = input.trim_start_matches('/').trim_end_matches('/');
        let path = checkout.join(rel);
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(&path).sort_by_file_name() {
                let entry = entry.map_err(|e| format!("cannot list {}: {e}", path.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(inner) = entry.path().strip_prefix(checkout) else {
                    continue;
                };
                let rel: Vec<String> = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                tests.extend(tests_of(checkout, &rel.join("/")));
            }
        } else if path.is_file() {
            let found = tests_of(checkout, rel);
            if found.is_empty() {
                return Err(format!("{input} is not a testharness.js test"));
            }
            tests.extend(found);
        } else {
            // A test URL: find its source file, then the test.
            let (url_path, query) = match rel.find(['?', '#']) {
                Some(i) => (&rel[..i], &rel[i..]),
                None => (rel, ""),
            };
            let sources = [
                (".any.html", ".any.js"),
                (".any.worker.html", ".any.js"),
                (".any.sharedworker.html", ".any.js"),
                (".any.serviceworker.html", ".any.js"),
                (".window.html", ".window.js"),
                (".worker.html", ".worker.js"),
            ];
            let id = format!("/{url_path}");
            let found: Vec<WptTest> = sources
                .iter()
                .filter_map(|(from, to)| {
                    url_path
                        .strip_suffix(from)
                        .map(|stem| format!("{stem}{to}"))
                })
                .filter(|s| checkout.join(s).is_file())
                .flat_map(|s| tests_of(checkout, &s))
                .filter(|t| {
                    t.id == format!("{id}{query}")
                        || (query.is_empty() && t.id.split(['?', '#']).next() == Some(id.as_str()))
                })
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "{input}: no such file or test in {} (paths are relative to the checkout)",
                    checkout.display()
                ));
            }
            tests.extend(found);
        }
    }
    tests.sort();
    tests.dedup_by(|a, b| a.id == b.id);
    Ok(tests)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Checkout(std::path::PathBuf);
    impl Drop for Checkout {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn checkout(files: &[(&str, &str)]) -> Checkout {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "isohost-manifest-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (p, s) in files {
            let f = dir.join(p);
            std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            std::fs::write(f, s).expect("write");
        }
        Checkout(dir)
    }

    const TH: &str = r#"<script src="/resources/testharness.js"></script>"#;

    fn ids(tests: &[WptTest]) -> Vec<String> {
        tests.iter().map(|t| t.id.clone()).collect()
    }

    #[test]
    fn the_manifest_rules_pick_the_tests() {
        let c = checkout(&[
            (
                "d/a.any.js",
                "// META: global=window,worker\n// META: timeout=long\n",
            ),
            ("d/b.any.js", "test(() => {});"),
            (
                "d/c.window.js",
                "// META: variant=?1\n// META: variant=?2\n",
            ),
            ("d/e.worker.js", ""),
            ("d/f.html", TH),
            ("d/f-manual.html", TH),
            ("d/g.html", "<p>not a test"),
            (
                "d/h.html",
                &format!("<meta name=variant content='?x'><meta name=timeout content=long>{TH}"),
            ),
            ("d/resources/r.html", TH),
            ("d/crashtests/x.html", TH),
            ("d/i.https.any.js", "// META: global=window\n"),
            ("common/c.html", TH),
            ("top.html", TH),
            ("d/a.any.js.headers", "X: y"),
        ]);
        let tests = discover(&c.0, &[]).expect("discover");
        assert_eq!(
            ids(&tests),
            [
                "/d/a.any.html",
                "/d/a.any.serviceworker.html",
                "/d/a.any.sharedworker.html",
                "/d/a.any.worker.html",
                "/d/b.any.html",
                "/d/b.any.worker.html",
                "/d/c.window.html?1",
                "/d/c.window.html?2",
                "/d/e.worker.html",
                "/d/f.html",
                "/d/h.html?x",
                "/d/i.https.any.html",
            ]
        );
        let a = &tests[0];
        assert!(a.long_timeout && a.skip.is_none());
        assert_eq!(a.source, "d/a.any.js");
        assert!(
            tests[2]
                .skip
                .as_deref()
                .is_some_and(|s| s.contains("shared workers"))
        );
        assert!(tests[10].long_timeout);
        assert_eq!(tests[7].section(), "c.window.html?2");
    }

    #[test]
    fn inputs_may_be_files_directories_or_test_urls() {
        let c = checkout(&[
            ("d/a.any.js", ""),
            ("d/x.https.any.js", ""),
            ("d/f.html", TH),
            ("e/g.html", TH),
        ]);
        let got = |inputs: &[&str]| {
            discover(
                &c.0,
                &inputs.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
            .map(|t| ids(&t))
        };
        assert_eq!(got(&["e"]).expect("dir"), ["/e/g.html"]);
        assert_eq!(
            got(&["d/a.any.js"]).expect("file"),
            ["/d/a.any.html", "/d/a.any.worker.html"]
        );
        assert_eq!(
            got(&["d/a.any.worker.html"]).expect("url"),
            ["/d/a.any.worker.html"]
        );
        assert_eq!(
            got(&["/d/x.https.any.html"]).expect("https url"),
            ["/d/x.https.any.html"]
        );
        assert!(got(&["d/nope.html"]).is_err());
    }
}
