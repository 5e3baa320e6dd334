//! Loading: `http(s)` URLs from the host's site (a fixture root, or a
//! web-platform-tests checkout served as wptserve serves it), with
//! redirects followed; `data:` URLs and `about:blank`; and the runner's
//! own resources (testharness.js where the root has none, our
//! testharnessreport.js always).
//!
//! Nothing outside the root is ever read (see `serve/path.rs`). A refusal,
//! a missing file or a non-OK status looks to the page like a network error.
//! A resource is bytes, served exactly as the file holds them; its
//! consumer decodes it (`charset.rs`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use url::Url;

use super::serve::fixtures::FixtureSite;
use super::serve::wpt::WptSite;
pub use super::serve::{Resource, Site};
use crate::error::{ErrorKind, Result};

/// What must be escaped when a file name becomes a URL path segment.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// How many redirects a fetch follows (Fetch: "redirect count" over 20 is
/// a network error).
const MAX_REDIRECTS: usize = 20;

#[derive(Debug, Clone)]
enum Served {
    Fixtures(FixtureSite),
    Wpt(Arc<WptSite>),
}

/// Maps URLs to what the site serves.
#[derive(Debug, Clone)]
pub struct Loader {
    root: PathBuf,
    site: Served,
    /// Served on every http(s) origin at these paths when the site has no
    /// such file (testharness.js).
    builtins: HashMap<String, Bytes>,
    /// Served on every http(s) origin at these paths whatever the site has
    /// (our testharnessreport.js).
    overrides: HashMap<String, Bytes>,
}

impl Loader {
    /// A loader over `root`, which must be an existing directory: a fixture
    /// root, or the checkout of `site`.
    pub fn new(root: &Path, site: &Site) -> Result<Loader> {
        let canonical = root
            .canonicalize()
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| ErrorKind::RootMissing(root.to_path_buf()))?;
        let served = match site {
            Site::Fixtures => Served::Fixtures(FixtureSite::new(canonical.clone())),
            Site::Wpt(wpt) => Served::Wpt(Arc::clone(wpt)),
        };
        let root = match &served {
            Served::Wpt(w) => w.root().to_path_buf(),
            Served::Fixtures(_) => canonical,
        };
        Ok(Loader {
            root,
            site: served,
            builtins: HashMap::new(),
            overrides: HashMap::new(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Serves `body` at `path` (e.g. "/resources/testharness.js") on every
    /// origin, unless the root has a file there.
    pub fn add_builtin(&mut self, path: &str, body: Arc<str>) {
        self.builtins
            .insert(path.to_string(), Bytes::copy_from_slice(body.as_bytes()));
    }

    /// Serves `body` at `path` on every origin, over the root's own file.
    pub fn add_override(&mut self, path: &str, body: Arc<str>) {
        self.overrides
            .insert(path.to_string(), Bytes::copy_from_slice(body.as_bytes()));
    }

    /// A command-line argument: an absolute URL, or a path to a file inside
    /// the root, which opens as its URL (fixtures: `ROOT/a.test/x.html` →
    /// `http://a.test/x.html`; a WPT checkout: `ROOT/dom/x.html` →
    /// `http://web-platform.test:8000/dom/x.html`).
    pub fn resolve_argument(&self, arg: &str) -> Result<Url> {
        if let Ok(url) = Url::parse(arg) {
            // "C:\x" style and bare "a.test/x" are not URLs we accept; a
            // single-letter scheme is a path.
            if url.scheme().len() > 1 {
                return match url.scheme() {
                    "http" | "https" | "data" | "about" => Ok(url),
                    other => Err(ErrorKind::BadUrl {
                        input: arg.to_string(),
                        reason: format!("the '{other}' scheme is not supported (use http(s):// URLs or paths inside the root)"),
                    }
                    .into()),
                };
            }
        }
        let path = Path::new(arg);
        let canonical = path.canonicalize().map_err(|e| ErrorKind::BadUrl {
            input: arg.to_string(),
            reason: format!("not a URL, and not an existing path ({e})"),
        })?;
        let relative =
            canonical
                .strip_prefix(&self.root)
                .map_err(|_| ErrorKind::PathOutsideRoot {
                    path: canonical.clone(),
                    root: self.root.clone(),
                })?;
        let mut parts: Vec<&str> = relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        let origin = match &self.site {
            Served::Wpt(wpt) => {
                let name = parts.last().copied().unwrap_or("");
                wpt.config().test_origin(name)
            }
            Served::Fixtures(_) => {
                if parts.is_empty() {
                    return Err(ErrorKind::BadUrl {
                        input: arg.to_string(),
                        reason: "the root itself is not a page: give ROOT/HOST/PATH".to_string(),
                    }
                    .into());
                }
                format!("http://{}", parts.remove(0))
            }
        };
        let rest: Vec<String> = parts
            .iter()
            .map(|p| percent_encoding::utf8_percent_encode(p, PATH_SEGMENT).to_string())
            .collect();
        let text = format!("{origin}/{}", rest.join("/"));
        Url::parse(&text).map_err(|e| {
            ErrorKind::BadUrl {
                input: arg.to_string(),
                reason: format!("'{origin}' is not a valid origin ({e})"),
            }
            .into()
        })
    }

    /// Fetches `url`: from the site (following redirects), a built-in
    /// resource, a data: URL or about:blank. A response whose status is not
    /// OK (2xx) is an error, as for a script or worker fetch.
    pub fn fetch(&self, url: &Url) -> Result<Resource> {
        match url.scheme() {
            "http" | "https" => self.fetch_http(url),
            "data" => fetch_data(url),
            "about" if url.path() == "blank" || url.path() == "srcdoc" => {
                Ok(Resource::ok(url.clone(), "text/html", Bytes::new()))
            }
            other => Err(ErrorKind::Unsupported {
                url: url.to_string(),
                reason: format!("no fixture mapping for the '{other}' scheme"),
            }
            .into()),
        }
    }

    /// The file a URL maps to in a fixture root, checked to stay inside
    /// the root (it may not exist).
    pub fn path_of(&self, url: &Url) -> Result<PathBuf> {
        match &self.site {
            Served::Fixtures(f) => f.path_of(url),
            Served::Wpt(w) => super::serve::path::file_for(w.root().to_path_buf(), url),
        }
    }

    /// One hop of an HTTP(S) fetch for `fetch()` and XMLHttpRequest: what
    /// the site answers to `method` at `url`, as bytes, redirects not
    /// followed, a missing file a 404 response. A refusal (escape attempt,
    /// FIFO, oversized file, a WPT Python handler) is an error: a network
    /// error to the page.
    pub fn respond(&self, url: &Url, method: &str) -> Result<super::serve::Response> {
        let builtin = |body: &Bytes| {
            let mime = super::serve::path::content_type(Path::new(url.path()));
            super::serve::Response::new(
                200,
                vec![("Content-Type".to_string(), format!("{mime}; charset=utf-8"))],
                body.to_vec(),
            )
        };
        if let Some(body) = self.overrides.get(url.path()) {
            return Ok(builtin(body));
        }
        let response = match &self.site {
            Served::Fixtures(f) => match f.serve_method(url, method) {
                Err(e) if matches!(e.kind(), ErrorKind::NotFound { .. }) => {
                    super::serve::Response::new(
                        404,
                        vec![("Content-Type".to_string(), "text/plain".to_string())],
                        Vec::new(),
                    )
                }
                other => other?,
            },
            Served::Wpt(w) => w.serve(url)?,
        };
        if response.status == 404
            && let Some(body) = self.builtins.get(url.path())
        {
            return Ok(builtin(body));
        }
        Ok(response)
    }

    fn fetch_http(&self, url: &Url) -> Result<Resource> {
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            if let Some(body) = self.overrides.get(url.path()) {
                return Ok(self.builtin(&url, body));
            }
            let response = match &self.site {
                Served::Fixtures(f) => match f.serve(&url) {
                    Err(e) if matches!(e.kind(), ErrorKind::NotFound { .. }) => {
                        return match self.builtins.get(url.path()) {
                            Some(body) => Ok(self.builtin(&url, body)),
                            None => Err(e),
                        };
                    }
                    other => other?,
                },
                Served::Wpt(w) => w.serve(&url)?,
            };
            if response.status == 404
                && let Some(body) = self.builtins.get(url.path())
            {
                return Ok(self.builtin(&url, body));
            }
            if matches!(response.status, 301 | 302 | 303 | 307 | 308)
                && let Some(next) = response.header("Location").and_then(|l| url.join(l).ok())
            {
                url = next;
                continue;
            }
            if !(200..300).contains(&response.status) {
                return Err(ErrorKind::HttpStatus {
                    url: url.to_string(),
                    status: response.status,
                    reason: super::serve::response::reason_phrase(response.status).to_string(),
                }
                .into());
            }
            return Ok(response.into_resource(url));
        }
        Err(ErrorKind::Refused {
            url: url.to_string(),
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        }
        .into())
    }

    /// A built-in resource: our own UTF-8 text.
    fn builtin(&self, url: &Url, body: &Bytes) -> Resource {
        let mime = super::serve::path::content_type(Path::new(url.path()));
        Resource::ok(url.clone(), &format!("{mime}; charset=utf-8"), body.clone())
    }
}

/// A text file named on the command line (`--testharness PATH`): a regular
/// file only, of at most [`MAX_FILE_BYTES`](super::serve::path::MAX_FILE_BYTES)
/// (a FIFO cannot block the read, a device cannot stream into it).
pub fn read_local_file(path: &Path) -> std::io::Result<String> {
    super::serve::path::read_local_bytes(path, super::serve::path::MAX_FILE_BYTES)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn fetch_data(url: &Url) -> Result<Resource> {
    let bad = |reason: String| ErrorKind::BadUrl {
        input: url.to_string(),
        reason,
    };
    // https://fetch.spec.whatwg.org/#data-url-processor ("data: URL processor"):
    // the MIME type with its parameters (a charset decides how a document
    // decodes), the body's bytes.
    let data = data_url::DataUrl::process(url.as_str()).map_err(|e| bad(format!("{e:?}")))?;
    let mime = data.mime_type().to_string();
    let (bytes, _) = data
        .decode_to_vec()
        .map_err(|e| bad(format!("bad base64: {e:?}")))?;
    Ok(Resource::ok(url.clone(), &mime, Bytes::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (tempdir::Dir, Loader) {
        let dir = tempdir::Dir::new();
        std::fs::create_dir_all(dir.path().join("root/a.test/sub")).expect("mkdir");
        std::fs::write(dir.path().join("root/a.test/index.html"), "<p>index").expect("write");
        std::fs::write(dir.path().join("root/a.test/sub/x y.html"), "<p>xy").expect("write");
        std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        let loader = Loader::new(&dir.path().join("root"), &Site::Fixtures).expect("loader");
        (dir, loader)
    }

    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let p =
                    std::env::temp_dir().join(format!("isohost-loader-{}-{n}", std::process::id()));
                let _ = std::fs::remove_dir_all(&p);
                std::fs::create_dir_all(&p).expect("temp dir");
                Dir(p)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL")
    }

    #[test]
    fn a_directory_serves_its_index_and_segments_are_decoded() {
        let (_d, loader) = fixture();
        assert_eq!(
            &loader.fetch(&url("http://a.test/")).expect("index").body[..],
            b"<p>index"
        );
        assert_eq!(
            &loader
                .fetch(&url("https://a.test/sub/x%20y.html"))
                .expect("decoded")
                .body[..],
            b"<p>xy"
        );
    }

    #[test]
    fn encoded_separators_and_dots_are_refused() {
        let (_d, loader) = fixture();
        for bad in [
            "http://a.test/%2e%2e/%2e%2e/secret.txt",
            "http://a.test/..%2F..%2Fsecret.txt",
            "http://a.test/sub%5C..%5C..%5Csecret.txt",
        ] {
            let err = loader.fetch(&url(bad)).expect_err(bad);
            assert!(err.is_load_failure(), "{bad}: {err}");
            assert!(!err.to_string().contains("secret\""), "{bad}");
        }
    }

    #[test]
    fn a_symlink_out_of_the_root_is_refused() {
        let (d, loader) = fixture();
        std::os::unix::fs::symlink(
            d.path().join("secret.txt"),
            d.path().join("root/a.test/leak.html"),
        )
        .expect("symlink");
        let err = loader
            .fetch(&url("http://a.test/leak.html"))
            .expect_err("symlink");
        assert!(matches!(err.kind(), ErrorKind::Refused { .. }), "{err}");
    }

    #[test]
    fn a_missing_file_is_not_found() {
        let (_d, loader) = fixture();
        let err = loader
            .fetch(&url("http://a.test/nope.html"))
            .expect_err("missing");
        assert!(matches!(err.kind(), ErrorKind::NotFound { .. }), "{err}");
    }

    #[test]
    fn a_path_argument_inside_the_root_opens_as_its_url() {
        let (d, loader) = fixture();
        let arg = d.path().join("root/a.test/sub/x y.html");
        let u = loader
            .resolve_argument(arg.to_str().expect("utf8"))
            .expect("resolves");
        assert_eq!(u.as_str(), "http://a.test/sub/x%20y.html");
        let outside = d.path().join("secret.txt");
        let err = loader
            .resolve_argument(outside.to_str().expect("utf8"))
            .expect_err("outside");
        assert!(
            matches!(err.kind(), ErrorKind::PathOutsideRoot { .. }),
            "{err}"
        );
    }

    /// `f()` on another thread, or a failure after `seconds` (a read that
    /// blocks would otherwise hang the test run).
    fn within<T: Send + 'static>(seconds: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(seconds))
            .expect("the loader blocked")
    }

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    }

    #[test]
    fn a_fifo_or_a_socket_in_the_root_is_refused_without_blocking() {
        let (d, loader) = fixture();
        mkfifo(&d.path().join("root/a.test/fifo.html"));
        let _socket = std::os::unix::net::UnixListener::bind(d.path().join("root/a.test/s.js"))
            .expect("socket");
        for (name, kind) in [("fifo.html", "a FIFO"), ("s.js", "a socket")] {
            let loader = loader.clone();
            let err = within(10, move || {
                loader
                    .fetch(&url(&format!("http://a.test/{name}")))
                    .expect_err(name)
            });
            assert!(matches!(err.kind(), ErrorKind::Refused { .. }), "{err}");
            assert!(err.to_string().contains(kind), "{err}");
        }
    }

    #[test]
    fn a_file_over_the_size_cap_is_refused_with_its_size() {
        let (d, loader) = fixture();
        let big = std::fs::File::create(d.path().join("root/a.test/big.js")).expect("create");
        // Sparse: no disk is used.
        big.set_len(crate::runtime::serve::path::MAX_FILE_BYTES + 1)
            .expect("set_len");
        let err = loader
            .fetch(&url("http://a.test/big.js"))
            .expect_err("too big");
        assert!(
            err.to_string()
                .contains("268435457 bytes, over the 256 MiB"),
            "{err}"
        );
        // The same check on a small limit, past the size fstat saw.
        let small = d.path().join("root/a.test/index.html");
        let read = crate::runtime::serve::path::read_regular(
            loader.root(),
            &url("http://a.test/"),
            &small.canonicalize().expect("canonical"),
            4,
        );
        assert!(
            read.expect_err("over 4 bytes")
                .to_string()
                .contains("over the")
        );
    }

    #[test]
    fn a_symlink_loop_is_not_found_and_a_command_line_fifo_is_refused() {
        let (d, loader) = fixture();
        let dir = d.path().join("root/a.test");
        std::os::unix::fs::symlink(dir.join("b.html"), dir.join("a.html")).expect("symlink");
        std::os::unix::fs::symlink(dir.join("a.html"), dir.join("b.html")).expect("symlink");
        let err = loader
            .fetch(&url("http://a.test/a.html"))
            .expect_err("loop");
        assert!(err.is_load_failure(), "{err}");
        let fifo = d.path().join("harness.fifo");
        mkfifo(&fifo);
        let err = within(10, move || read_local_file(&fifo).expect_err("fifo"));
        assert!(
            err.to_string().contains("a FIFO, not a regular file"),
            "{err}"
        );
        let err = read_local_file(Path::new("/dev/zero")).expect_err("device");
        assert!(err.to_string().contains("character device"), "{err}");
    }

    #[test]
    fn respond_gives_bytes_sidecar_headers_asis_redirects_and_404s() {
        let (d, loader) = fixture();
        let dir = d.path().join("root/a.test");
        std::fs::write(dir.join("bin.png"), b"\x89PNG\xff\x00").expect("write");
        std::fs::write(
            dir.join("bin.png.headers"),
            "Access-Control-Allow-Origin: *\n",
        )
        .expect("write");
        std::fs::write(
            dir.join("bin.png.options.headers"),
            "Access-Control-Allow-Methods: PUT\n",
        )
        .expect("write");
        std::fs::write(
            dir.join("go.asis"),
            "HTTP/1.1 302 Found\r\nLocation: /bin.png\r\n\r\n",
        )
        .expect("write");
        let r = loader
            .respond(&url("http://a.test/bin.png"), "GET")
            .expect("file");
        assert_eq!(r.body, b"\x89PNG\xff\x00");
        assert_eq!(r.header("Content-Type"), Some("image/png"));
        assert_eq!(r.header("Access-Control-Allow-Origin"), Some("*"));
        let pre = loader
            .respond(&url("http://a.test/bin.png"), "OPTIONS")
            .expect("preflight");
        assert_eq!(pre.header("Access-Control-Allow-Methods"), Some("PUT"));
        assert_eq!(pre.header("Access-Control-Allow-Origin"), None);
        let redirect = loader
            .respond(&url("http://a.test/go.asis"), "GET")
            .expect("asis");
        assert_eq!(
            (redirect.status, redirect.header("Location")),
            (302, Some("/bin.png"))
        );
        assert_eq!(
            loader
                .respond(&url("http://a.test/nope"), "GET")
                .expect("404")
                .status,
            404
        );
        assert!(
            loader
                .respond(&url("http://a.test/..%2F..%2Fsecret.txt"), "GET")
                .is_err()
        );
    }

    #[test]
    fn data_urls_decode() {
        let (_d, loader) = fixture();
        let r = loader
            .fetch(&url("data:text/html;base64,PGI+aGk8L2I+"))
            .expect("data");
        assert_eq!(&r.body[..], b"<b>hi</b>");
        assert_eq!(r.mime, "text/html");
        let r = loader
            .fetch(&url("data:text/plain;charset=windows-1252,%E9%FF"))
            .expect("data");
        assert_eq!(&r.body[..], b"\xE9\xFF", "bytes as they are");
        assert_eq!(r.content_type(), Some("text/plain;charset=windows-1252"));
    }
}
