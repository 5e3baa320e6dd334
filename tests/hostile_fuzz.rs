//! The loader's URL → path mapping under random URLs (proptest, a bounded
//! number of cases so that `cargo test` runs it on every CI run): no panic,
//! no path outside the root, and no byte of a file outside the root served,
//! for a fixture root and for a web-platform-tests checkout alike.
//!
//! URLs are built from the pieces escapes are made of (dot segments, their
//! percent-encodings, encoded separators and NULs, symlinks out of the root,
//! a FIFO) mixed with arbitrary text, then parsed as a browser parses them.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use engine::runtime::loader::{Loader, Site};
use engine::runtime::serve::wpt::WptSite;
use proptest::prelude::*;
use url::Url;

const SECRET: &str = "SECRET-fuzz-4b1d";

struct Roots {
    _dir: tempfile::TempDir,
    fixtures: PathBuf,
    checkout: PathBuf,
}

fn roots() -> Roots {
    let dir = tempfile::Builder::new()
        .prefix("isohost-fuzz-")
        .tempdir()
        .expect("temp dir");
    let base = dir.path();
    std::fs::write(base.join("secret.txt"), SECRET).expect("secret");
    std::fs::create_dir_all(base.join("outside")).expect("mkdir");
    std::fs::write(base.join("outside/page.html"), SECRET).expect("outside");
    let fixtures = base.join("root");
    let checkout = base.join("wpt");
    for (root, host) in [(&fixtures, "a.test/"), (&checkout, "")] {
        let dir = root.join(host);
        std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
        std::fs::write(dir.join("index.html"), "<p>index").expect("write");
        std::fs::write(dir.join("sub/x.any.js"), "test(() => {});").expect("write");
        std::fs::write(dir.join("sub/x.any.js.headers"), "X-A: 1").expect("write");
        std::fs::write(dir.join("sub/t.sub.html"), "{{host}} {{GET[q]}}").expect("write");
        std::os::unix::fs::symlink(base.join("secret.txt"), dir.join("leak.txt")).expect("symlink");
        std::os::unix::fs::symlink(base.join("outside"), dir.join("out")).expect("symlink");
        std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).expect("symlink");
        let fifo = std::ffi::CString::new(dir.join("fifo.html").as_os_str().as_encoded_bytes())
            .expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0, "mkfifo");
    }
    let fixtures = fixtures.canonicalize().expect("canonical");
    let checkout = checkout.canonicalize().expect("canonical");
    Roots {
        _dir: dir,
        fixtures,
        checkout,
    }
}

/// One path segment: an escape attempt, a real name, or arbitrary text.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "..", ".", "%2e%2e", "%2E%2e", ".%2e", "%2e", "..%2f..", "..%2F", "%2f", "%5c", "..%5c..",
            "%00", "%2500", "\\..\\", "..;", "%c0%ae%c0%ae", "%ef%bc%8e%ef%bc%8e", "sub", "index.html",
            "x.any.js", "x.any.html", "x.any.worker.html", "x.any.js.headers", "t.sub.html", "leak.txt",
            "out", "page.html", "loop", "fifo.html", "secret.txt", "", "a.test", "..%00", "%ff",
        ])
        .prop_map(str::to_string),
        1 => "[a-z0-9%./\\\\:;@!$&'()*+,=~ _-]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// A URL as a page could write it (relative references resolved against
/// a page in the root, as the loader sees them).
fn url() -> impl Strategy<Value = String> {
    let host = prop::sample::select(vec![
        "a.test",
        "b.test",
        "web-platform.test:8000",
        "www.web-platform.test:8443",
        "..",
        "%2e%2e",
        "a.test.",
        "A.TEST",
        "xn--lve-6lad.web-platform.test:8001",
        "localhost",
        "127.0.0.1",
    ]);
    let scheme = prop::sample::select(vec!["http", "https", "file", "data", "about", "blob"]);
    (
        scheme,
        host,
        prop::collection::vec(segment(), 0..7),
        prop::option::of("[a-z=&%.|()]{0,10}"),
    )
        .prop_map(|(scheme, host, segments, query)| {
            let mut s = format!("{scheme}://{host}/{}", segments.join("/"));
            if let Some(q) = query {
                s.push('?');
                s.push_str(&q);
            }
            s
        })
}

/// `path` has no `..` and lies under `root`, as written (before any
/// symlink, which the loader resolves and checks when it reads).
fn lexically_inside(root: &Path, path: &Path) -> bool {
    path.starts_with(root) && !path.components().any(|c| c == Component::ParentDir)
}

fn check(loader: &Loader, root: &Path, text: &str) -> Result<(), TestCaseError> {
    let Ok(url) = Url::parse(text) else {
        return Ok(());
    };
    if let Ok(path) = loader.path_of(&url) {
        prop_assert!(
            lexically_inside(root, &path),
            "{url} maps outside the root: {}",
            path.display()
        );
    }
    match loader.fetch(&url) {
        Ok(resource) => prop_assert!(
            !resource.text_lossy().contains(SECRET),
            "{url} served a file outside the root"
        ),
        Err(e) => prop_assert!(!e.to_string().contains(SECRET), "{url}: {e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 600,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn fixture_urls_never_map_or_read_outside_the_root(texts in prop::collection::vec(url(), 1..4)) {
        let roots = ROOTS.with(Arc::clone);
        let loader = Loader::new(&roots.fixtures, &Site::Fixtures).expect("loader");
        for text in &texts {
            check(&loader, &roots.fixtures, text)?;
            // As a relative reference from a page in the root.
            if let Some(rest) = text.split_once("://").and_then(|(_, r)| r.split_once('/')) {
                let base = Url::parse("http://a.test/sub/page.html").expect("base");
                if let Ok(joined) = base.join(rest.1) {
                    check(&loader, &roots.fixtures, joined.as_str())?;
                }
            }
        }
    }

    #[test]
    fn wpt_urls_never_map_or_read_outside_the_checkout(texts in prop::collection::vec(url(), 1..4)) {
        let roots = ROOTS.with(Arc::clone);
        let site = Arc::new(WptSite::new(&roots.checkout).expect("site"));
        let loader = Loader::new(&roots.checkout, &Site::Wpt(site)).expect("loader");
        for text in &texts {
            check(&loader, &roots.checkout, text)?;
        }
    }
}

thread_local! {
    /// One pair of roots per test thread (made once: cases only read them).
    static ROOTS: Arc<Roots> = Arc::new(roots());
}

#[test]
fn the_fuzzed_roots_hold_every_trap() {
    // The strategies only find escapes if the roots have them to find.
    let roots = roots();
    for dir in [roots.fixtures.join("a.test"), roots.checkout.clone()] {
        for trap in ["leak.txt", "out", "sub/loop", "fifo.html"] {
            assert!(
                std::fs::symlink_metadata(dir.join(trap)).is_ok(),
                "{} has no {trap}",
                dir.display()
            );
        }
    }
    let loader = Loader::new(&roots.fixtures, &Site::Fixtures).expect("loader");
    let page = Url::parse("http://a.test/index.html").expect("url");
    assert_eq!(&loader.fetch(&page).expect("index").body[..], b"<p>index");
    let leak = Url::parse("http://a.test/leak.txt").expect("url");
    assert!(loader.fetch(&leak).is_err(), "the symlink out is refused");
}
