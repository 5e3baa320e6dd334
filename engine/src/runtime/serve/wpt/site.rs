//! A web-platform-tests checkout served as wptserve serves it
//! (`tools/serve/serve.py`'s routes over `tools/wptserve/wptserve/handlers.py`):
//! every WPT host and port serves the same checkout; `.any.js`,
//! `.window.js` and `.worker.js` tests get their generated wrappers;
//! `.sub.` files and `?pipe=` get their pipes; `.headers`, `.sub.headers`
//! and `__dir__.headers` sidecars set response headers; `.asis` files are
//! whole HTTP responses; directories are listed. Python handlers (`.py`)
//! are not run: a request for one is a network error, and is remembered so
//! that the runner can report the test as skipped.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use url::Url;

use super::config::Config;
use super::meta;
use super::pipes::{self, Escape, SubRequest};
use super::wrappers::Wrapper;
use crate::error::{ErrorKind, Result};
use crate::runtime::serve::path;
use crate::runtime::serve::response::{Response, reason_phrase};

/// Serves one checkout.
#[derive(Debug)]
pub struct WptSite {
    /// Canonical.
    root: PathBuf,
    config: Config,
    /// URL paths of the Python handlers pages asked for, in order.
    handlers_requested: Mutex<Vec<String>>,
    /// Drives `{{uuid()}}` (deterministic: the same run gives the same ids).
    uuids: AtomicU64,
}

/// wptserve's `rewrites`.
const REWRITES: [(&str, &str); 1] = [(
    "/resources/WebIDLParser.js",
    "/resources/webidl2/lib/webidl2.js",
)];

impl WptSite {
    /// A site over `checkout` (which must be a directory).
    pub fn new(checkout: &Path) -> Result<WptSite> {
        let root = checkout
            .canonicalize()
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| ErrorKind::RootMissing(checkout.to_path_buf()))?;
        Ok(WptSite {
            root,
            config: Config::default(),
            handlers_requested: Mutex::default(),
            uuids: AtomicU64::new(0),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The Python handlers requested so far (URL paths, first request
    /// first, each once).
    pub fn handlers_requested(&self) -> Vec<String> {
        self.handlers_requested
            .lock()
            .map(|v| v.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Answers a GET for `url`.
    pub fn serve(&self, url: &Url) -> Result<Response> {
        if !self.config.serves(url) {
            return Err(ErrorKind::Refused {
                url: url.to_string(),
                reason: format!(
                    "no server at {}:{} (the WPT hosts listen on http 8000/8001 and https 8443/8444)",
                    url.host_str().unwrap_or(""),
                    url.port_or_known_default().unwrap_or(0)
                ),
            }
            .into());
        }
        let mut url = url.clone();
        url.set_fragment(None);
        if let Some((_, to)) = REWRITES.iter().find(|(from, _)| *from == url.path()) {
            url.set_path(to);
        }
        let path = url.path().to_string();
        if path.starts_with("/tools/") || path.starts_with("/_certs/") || path == "/results/" {
            return Ok(error_response(404, ""));
        }
        let mut response = if let Some((wrapper, fs_path, resource_path)) = Wrapper::route(&path) {
            self.wrapper(&url, wrapper, &fs_path, &resource_path)?
        } else if path.ends_with(".asis") {
            self.as_is(&url)?
        } else if path.ends_with(".py") {
            let mut requested = self
                .handlers_requested
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if !requested.contains(&path) {
                requested.push(path.clone());
            }
            return Err(ErrorKind::Unsupported {
                url: url.to_string(),
                reason: "isohost does not run wptserve's Python handlers".to_string(),
            }
            .into());
        } else {
            self.file(&url)?
        };
        // The response's own pipeline: wrappers and files alike
        // (`wrap_pipeline`), named by the path of what was read.
        let resource_path = match Wrapper::route(&path) {
            Some((_, _, resource)) => resource,
            None => path,
        };
        if (200..300).contains(&response.status) {
            self.pipeline(&url, &resource_path, &mut response);
        }
        Ok(response)
    }

    /// The file a URL path names (not yet checked to exist).
    fn fs_path(&self, url: &Url, url_path: &str) -> Result<PathBuf> {
        let mut u = url.clone();
        u.set_path(url_path);
        path::file_for(self.root.clone(), &u)
    }

    fn read(&self, url: &Url, file: &Path) -> Result<Option<Vec<u8>>> {
        match path::checked(&self.root, url, file)? {
            Some(canonical) if !canonical.is_dir() => {
                path::read_regular(&self.root, url, &canonical, path::MAX_FILE_BYTES).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn wrapper(
        &self,
        url: &Url,
        wrapper: Wrapper,
        fs_path: &str,
        resource_path: &str,
    ) -> Result<Response> {
        let file = self.fs_path(url, fs_path)?;
        let Some(source) = self.read(url, &file)? else {
            return Ok(error_response(404, ""));
        };
        let metadata = meta::read_script_metadata(&String::from_utf8_lossy(&source));
        if !wrapper.exposed(&metadata) {
            let global = wrapper.global_type().unwrap_or("");
            return Ok(error_response(
                404,
                &format!("This test cannot be loaded in {global} mode"),
            ));
        }
        let mut headers = vec![(
            "Content-Type".to_string(),
            wrapper.content_type().to_string(),
        )];
        headers.extend(self.sidecar_headers(url, &file));
        let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
        let body = wrapper.render(&metadata, resource_path, &query);
        Ok(Response::new(200, headers, body.into_bytes()))
    }

    /// `FileHandler`: a file with its sidecar headers, or a directory.
    fn file(&self, url: &Url) -> Result<Response> {
        let file = path::file_for(self.root.clone(), url)?;
        let Some(canonical) = path::checked(&self.root, url, &file)? else {
            return Ok(error_response(404, ""));
        };
        if canonical.is_dir() {
            return Ok(self.directory(url, &canonical));
        }
        let body = path::read_regular(&self.root, url, &canonical, path::MAX_FILE_BYTES)?;
        let mut headers = self.sidecar_headers(url, &file);
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.insert(
                0,
                (
                    "Content-Type".to_string(),
                    path::content_type(&file).to_string(),
                ),
            );
        }
        Ok(Response::new(200, headers, body))
    }

    /// `DirectoryHandler`: a listing, after a redirect to the path with a
    /// trailing slash.
    fn directory(&self, url: &Url, dir: &Path) -> Response {
        if !url.path().ends_with('/') {
            let mut to = url.clone();
            to.set_path(&format!("{}/", url.path()));
            return Response::new(
                301,
                vec![("Location".to_string(), to.to_string())],
                Vec::new(),
            );
        }
        let escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
        // Only what a request could read: files and directories inside the
        // root (a symlink out of it, a FIFO or a device is not listed).
        let mut names: Vec<(String, bool)> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        let is_dir = path::listable(&self.root, &e)?;
                        Some((e.file_name().to_string_lossy().into_owned(), is_dir))
                    })
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let mut items = Vec::new();
        if url.path() != "/" {
            items.push(r#"<li class="dir"><a href="..">..</a></li>"#.to_string());
        }
        for (name, is_dir) in names {
            // Python's `quote`: letters, digits and `_.-~/` stay.
            const QUOTE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'_')
                .remove(b'.')
                .remove(b'-')
                .remove(b'~')
                .remove(b'/');
            let link = percent_encoding::utf8_percent_encode(&name, QUOTE).to_string();
            let (link, class) = if is_dir {
                (format!("{link}/"), "dir")
            } else {
                (link, "file")
            };
            items.push(format!(
                r#"<li class="{class}"><a href="{}">{}</a></li>"#,
                escape(&link),
                escape(&name)
            ));
        }
        let p = escape(url.path());
        let body = format!(
            "<!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>Directory listing for {p}</title>\n<h1>Directory listing for {p}</h1>\n<ul>\n{}\n</ul>\n",
            items.join("\n")
        );
        Response::new(
            200,
            vec![("Content-Type".to_string(), "text/html".to_string())],
            body.into_bytes(),
        )
    }

    /// `AsIsHandler`: the file is the whole HTTP response.
    fn as_is(&self, url: &Url) -> Result<Response> {
        let file = path::file_for(self.root.clone(), url)?;
        let Some(raw) = self.read(url, &file)? else {
            return Ok(error_response(404, ""));
        };
        Ok(parse_as_is(&raw))
    }

    /// `load_headers` for the file's directory (`__dir__`) and the file:
    /// `X.sub.headers` (substituted) before `X.headers`.
    fn sidecar_headers(&self, url: &Url, file: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let dir_file = file.with_file_name("__dir__");
        for base in [dir_file.as_path(), file] {
            let name = base.as_os_str().to_string_lossy();
            let sub = PathBuf::from(format!("{name}.sub.headers"));
            let plain = PathBuf::from(format!("{name}.headers"));
            let (data, substitute) = match self.read(url, &sub) {
                Ok(Some(d)) => (d, true),
                _ => match self.read(url, &plain) {
                    Ok(Some(d)) => (d, false),
                    _ => continue,
                },
            };
            let mut text = String::from_utf8_lossy(&data).into_owned();
            if substitute {
                text = self.template(url, &text, Escape::None).unwrap_or(text);
            }
            for line in text.lines().filter(|l| !l.is_empty()) {
                let (name, value) = line.split_once(':').unwrap_or((line, ""));
                out.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        out
    }

    /// `wrap_pipeline`: `?pipe=` (its last value), else `sub` for `.sub.`
    /// paths (escaping for HTML in markup files). A failing pipe is a 500.
    fn pipeline(&self, url: &Url, resource_path: &str, response: &mut Response) {
        let requested = url
            .query_pairs()
            .filter(|(k, _)| k == "pipe")
            .last()
            .map(|(_, v)| v.into_owned());
        let pipeline = match requested {
            Some(p) => pipes::parse_pipeline(&p),
            None if resource_path.contains(".sub.") => {
                let ext = Path::new(resource_path)
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("");
                let markup = matches!(ext, "html" | "htm" | "xht" | "xhtml" | "xml" | "svg");
                vec![pipes::Pipe {
                    name: "sub".to_string(),
                    args: vec![if markup { "html" } else { "none" }.to_string()],
                }]
            }
            None => return,
        };
        let headers = self.request_headers(url);
        let uuid = || self.uuid();
        let request = SubRequest {
            url,
            config: &self.config,
            headers: &headers,
            uuid: &uuid,
        };
        if let Err(message) = pipes::apply(&pipeline, &request, response) {
            *response = error_response(500, &message);
        }
    }

    fn template(
        &self,
        url: &Url,
        text: &str,
        escape: Escape,
    ) -> std::result::Result<String, String> {
        let headers = self.request_headers(url);
        let uuid = || self.uuid();
        let request = SubRequest {
            url,
            config: &self.config,
            headers: &headers,
            uuid: &uuid,
        };
        pipes::template(&request, text, escape)
    }

    /// What a browser would have sent (`{{headers[…]}}`).
    fn request_headers(&self, url: &Url) -> Vec<(String, String)> {
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
            None => url.host_str().unwrap_or("").to_string(),
        };
        vec![
            ("host".to_string(), host),
            (
                "user-agent".to_string(),
                format!("isohost/{}", env!("CARGO_PKG_VERSION")),
            ),
        ]
    }

    /// A version-4-shaped UUID from a counter (splitmix64), so that runs
    /// are repeatable.
    fn uuid(&self) -> String {
        let n = self.uuids.fetch_add(1, Ordering::Relaxed);
        let mix = |mut z: u64| {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let (a, b) = (mix(2 * n), mix(2 * n + 1));
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }
}

/// An error page as wptserve sends it.
fn error_response(status: u16, message: &str) -> Response {
    let body = format!(
        "{{\"error\": {{\"code\": {status}, \"message\": {}}}}}",
        serde_json::Value::String(if message.is_empty() {
            reason_phrase(status).to_string()
        } else {
            message.to_string()
        })
    );
    Response::new(
        status,
        vec![("Content-Type".to_string(), "application/json".to_string())],
        body.into_bytes(),
    )
}

/// An `.asis` file: status line, headers, blank line, body.
pub(crate) fn parse_as_is(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            raw.windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        });
    let (head, body) = match split {
        Some((end, start)) => (&raw[..end], raw[start..].to_vec()),
        None => (raw, Vec::new()),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(200);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response::new(status, headers, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Checkout(PathBuf);
    impl Drop for Checkout {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn checkout() -> (Checkout, WptSite) {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "isohost-wpt-site-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |p: &str, s: &str| {
            let f = dir.join(p);
            std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            std::fs::write(f, s).expect("write");
        };
        write(
            "d/a.any.js",
            "// META: global=window,dedicatedworker\n// META: title=A\ntest(() => {});\n",
        );
        write("d/a.any.js.headers", "X-From-Js: yes\n");
        write("d/__dir__.headers", "X-Dir: 1\n");
        write("d/w.window.js", "test(() => {});\n");
        write("d/only.any.js", "// META: global=dedicatedworker\n");
        write(
            "d/x.sub.html",
            "<p>{{host}}:{{ports[http][1]}} {{GET[q]}}</p>",
        );
        write("d/x.sub.js", "var q = '{{GET[q]}}';");
        write("d/plain.html", "<p>{{host}}</p>");
        write("d/coi.html", "<p>isolated</p>");
        write(
            "d/coi.html.headers",
            "Cross-Origin-Opener-Policy: same-origin\nCross-Origin-Embedder-Policy: require-corp\n",
        );
        write("d/s.html", "hi");
        write("d/s.html.sub.headers", "X-Host: {{host}}\n");
        write(
            "d/r.asis",
            "HTTP/1.1 202 Accepted\r\nContent-Type: text/plain\r\nX-A: b\r\n\r\nraw body",
        );
        write("d/h.py", "def main(request, response): pass\n");
        write("tools/x.html", "no");
        let site = WptSite::new(&dir).expect("site");
        (Checkout(dir), site)
    }

    fn get(site: &WptSite, url: &str) -> Response {
        site.serve(&Url::parse(url).expect("test URL")).expect(url)
    }

    fn text(r: &Response) -> String {
        String::from_utf8_lossy(&r.body).into_owned()
    }

    const BASE: &str = "http://web-platform.test:8000";

    #[test]
    fn any_js_tests_get_their_window_and_worker_wrappers() {
        let (_c, site) = checkout();
        let page = get(&site, &format!("{BASE}/d/a.any.html"));
        assert_eq!(page.status, 200);
        assert_eq!(page.header("content-type"), Some("text/html"));
        assert_eq!(
            page.header("x-from-js"),
            Some("yes"),
            "the .js file's headers apply"
        );
        assert_eq!(page.header("x-dir"), Some("1"));
        assert!(text(&page).contains("<title>A</title>"));
        assert!(text(&page).contains(r#"<script src="/d/a.any.js"></script>"#));
        let worker_page = get(&site, &format!("{BASE}/d/a.any.worker.html?x=1"));
        assert!(text(&worker_page).contains(r#"new Worker("/d/a.any.worker.js?x=1")"#));
        let worker = get(&site, &format!("{BASE}/d/a.any.worker.js"));
        assert_eq!(worker.header("content-type"), Some("text/javascript"));
        assert!(text(&worker).contains("importScripts(\"/d/a.any.js\");\ndone();"));
        let window = get(&site, &format!("{BASE}/d/w.window.html"));
        assert!(text(&window).contains(r#"<script src="/d/w.window.js"></script>"#));
        let hidden = get(&site, &format!("{BASE}/d/only.any.html"));
        assert_eq!(
            hidden.status, 404,
            "global=dedicatedworker has no window test"
        );
        assert_eq!(get(&site, &format!("{BASE}/d/nope.any.html")).status, 404);
    }

    #[test]
    fn sub_files_and_pipe_sub_are_substituted() {
        let (_c, site) = checkout();
        let page = get(&site, &format!("{BASE}/d/x.sub.html?q=%3Cb%3E"));
        assert_eq!(text(&page), "<p>web-platform.test:8001 &lt;b&gt;</p>");
        let script = get(&site, &format!("{BASE}/d/x.sub.js?q=%3Cb%3E"));
        assert_eq!(
            text(&script),
            "var q = '<b>';",
            "no HTML escaping in scripts"
        );
        let plain = get(&site, &format!("{BASE}/d/plain.html"));
        assert_eq!(text(&plain), "<p>{{host}}</p>");
        let piped = get(&site, &format!("{BASE}/d/plain.html?pipe=sub|status(201)"));
        assert_eq!(
            (piped.status, text(&piped)),
            (201, "<p>web-platform.test</p>".to_string())
        );
        let bad = get(&site, &format!("{BASE}/d/plain.html?pipe=nonsense"));
        assert_eq!(bad.status, 500);
    }

    #[test]
    fn headers_files_set_response_headers() {
        let (_c, site) = checkout();
        let page = get(&site, "https://web-platform.test:8443/d/coi.html");
        assert_eq!(
            page.header("cross-origin-opener-policy"),
            Some("same-origin")
        );
        let r = page
            .into_resource(Url::parse("https://web-platform.test:8443/d/coi.html").expect("url"));
        assert!(r.isolation_policy().cross_origin_isolated(None));
        let s = get(&site, &format!("{BASE}/d/s.html"));
        assert_eq!(s.header("x-host"), Some("web-platform.test"));
        assert_eq!(s.header("content-type"), Some("text/html"));
    }

    #[test]
    fn asis_python_tools_and_unknown_hosts() {
        let (_c, site) = checkout();
        let r = get(&site, &format!("{BASE}/d/r.asis"));
        assert_eq!((r.status, text(&r)), (202, "raw body".to_string()));
        assert_eq!(r.header("x-a"), Some("b"));
        let err = site
            .serve(&Url::parse(&format!("{BASE}/d/h.py?x=1")).expect("url"))
            .expect_err("python");
        assert!(err.is_load_failure(), "{err}");
        assert_eq!(site.handlers_requested(), ["/d/h.py"]);
        assert_eq!(get(&site, &format!("{BASE}/tools/x.html")).status, 404);
        assert!(
            site.serve(&Url::parse("http://web-platform.test/d/s.html").expect("url"))
                .is_err()
        );
        assert!(
            site.serve(&Url::parse("http://nonexistent.web-platform.test:8000/").expect("url"))
                .is_err()
        );
        assert_eq!(
            get(
                &site,
                "http://xn--lve-6lad.not-web-platform.test:8001/d/s.html"
            )
            .status,
            200
        );
    }

    #[test]
    fn directories_redirect_then_list() {
        let (_c, site) = checkout();
        let r = get(&site, &format!("{BASE}/d"));
        assert_eq!(r.status, 301);
        assert_eq!(
            r.header("location"),
            Some("http://web-platform.test:8000/d/")
        );
        let list = get(&site, &format!("{BASE}/d/"));
        assert!(
            text(&list).contains(r#"<a href="a.any.js">a.any.js</a>"#),
            "{}",
            text(&list)
        );
    }

    #[test]
    fn listings_and_sidecars_see_only_regular_files_inside_the_root() {
        let (c, site) = checkout();
        let outside = c.0.with_extension("outside");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(outside.join("secret.txt"), "secret").expect("write");
        let d = c.0.join("d");
        std::os::unix::fs::symlink(&outside, d.join("out-dir")).expect("symlink");
        std::os::unix::fs::symlink(outside.join("secret.txt"), d.join("out.txt")).expect("symlink");
        std::os::unix::fs::symlink(d.join("s.html"), d.join("in.html")).expect("symlink");
        let fifo = |p: &Path| {
            let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).expect("path");
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
        };
        fifo(&d.join("pipe.html"));
        fifo(&d.join("w.window.js.headers"));
        let list = text(&get(&site, &format!("{BASE}/d/")));
        let _ = std::fs::remove_dir_all(&outside);
        assert!(list.contains(r#"<a href="in.html">in.html</a>"#), "{list}");
        for hidden in ["out-dir", "out.txt", "pipe.html"] {
            assert!(!list.contains(hidden), "{hidden} listed: {list}");
        }
        // A FIFO sidecar is skipped (not waited on); a FIFO page refused.
        let page = get(&site, &format!("{BASE}/d/w.window.html"));
        assert_eq!(page.status, 200);
        let err = site
            .serve(&Url::parse(&format!("{BASE}/d/pipe.html")).expect("url"))
            .expect_err("fifo");
        assert!(
            err.to_string().contains("a FIFO, not a regular file"),
            "{err}"
        );
    }

    #[test]
    fn uuids_are_distinct_and_repeatable() {
        let (_c, a) = checkout();
        let (_d, b) = checkout();
        let (a1, a2) = (a.uuid(), a.uuid());
        assert_ne!(a1, a2);
        assert_eq!(a1, b.uuid());
        assert_eq!(a1.len(), 36);
        assert_eq!(&a1[14..15], "4");
    }
}
