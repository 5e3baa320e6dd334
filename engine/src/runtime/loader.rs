//! Fixture loading: `http(s)://HOST/PATH` is the file `ROOT/HOST/PATH`.
//!
//! Nothing outside the root is ever read: URL paths are percent-decoded
//! segment by segment and any `.`/`..`/separator-bearing segment is refused,
//! and the final file is canonicalised (resolving symlinks) and must still lie
//! under the canonical root. A refusal looks to the page like a network error.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use url::Url;

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

/// A fetched resource.
#[derive(Debug, Clone)]
pub struct Resource {
    pub url: Url,
    pub mime: String,
    pub body: Arc<str>,
}

/// Maps URLs to files under one root.
#[derive(Debug, Clone)]
pub struct Loader {
    root: PathBuf,
    /// Served on every http(s) origin at these paths when the root has no
    /// such file (testharness.js and our report script).
    builtins: HashMap<String, Arc<str>>,
}

impl Loader {
    /// A loader over `root`, which must be an existing directory.
    pub fn new(root: &Path) -> Result<Loader> {
        let canonical = root
            .canonicalize()
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| ErrorKind::RootMissing(root.to_path_buf()))?;
        Ok(Loader {
            root: canonical,
            builtins: HashMap::new(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Serves `body` at `path` (e.g. "/resources/testharness.js") on every
    /// origin, unless the root has a file there.
    pub fn add_builtin(&mut self, path: &str, body: Arc<str>) {
        self.builtins.insert(path.to_string(), body);
    }

    /// A command-line argument: an absolute URL, or a path to a file inside
    /// the root, which opens as its URL (`ROOT/a.test/x.html` →
    /// `http://a.test/x.html`).
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
        let mut parts = relative.components().filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        });
        let host = parts.next().ok_or_else(|| ErrorKind::BadUrl {
            input: arg.to_string(),
            reason: "the root itself is not a page: give ROOT/HOST/PATH".to_string(),
        })?;
        let rest: Vec<String> = parts
            .map(|p| percent_encoding::utf8_percent_encode(p, PATH_SEGMENT).to_string())
            .collect();
        let text = format!("http://{host}/{}", rest.join("/"));
        Url::parse(&text).map_err(|e| {
            ErrorKind::BadUrl {
                input: arg.to_string(),
                reason: format!("'{host}' is not a valid host name ({e})"),
            }
            .into()
        })
    }

    /// Fetches `url`: a fixture file, a built-in resource, a data: URL or
    /// about:blank.
    pub fn fetch(&self, url: &Url) -> Result<Resource> {
        match url.scheme() {
            "http" | "https" => self.fetch_file(url),
            "data" => fetch_data(url),
            "about" if url.path() == "blank" || url.path() == "srcdoc" => Ok(Resource {
                url: url.clone(),
                mime: "text/html".to_string(),
                body: Arc::from(""),
            }),
            other => Err(ErrorKind::Unsupported {
                url: url.to_string(),
                reason: format!("no fixture mapping for the '{other}' scheme"),
            }
            .into()),
        }
    }

    /// The file a URL maps to, checked to stay inside the root.
    pub fn path_of(&self, url: &Url) -> Result<PathBuf> {
        let refuse = |reason: &str| ErrorKind::Refused {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| refuse("the URL has no host"))?;
        if host == "." || host == ".." || host.contains(['/', '\\', '\0']) {
            return Err(refuse("the host is not a plain name").into());
        }
        let mut path = self.root.join(host);
        for segment in url.path().split('/').skip(1) {
            let decoded = percent_decode_str(segment)
                .decode_utf8()
                .map_err(|_| refuse("a path segment is not UTF-8"))?;
            if decoded.contains('\0') {
                return Err(refuse("the path contains a NUL character").into());
            }
            if decoded == "." || decoded == ".." || decoded.contains(['/', '\\']) {
                return Err(refuse("the path leads outside the fixture root").into());
            }
            if !decoded.is_empty() {
                path.push(decoded.as_ref());
            }
        }
        if path.is_dir() {
            path.push("index.html");
        }
        Ok(path)
    }

    fn fetch_file(&self, url: &Url) -> Result<Resource> {
        let path = self.path_of(url)?;
        let canonical = match path.canonicalize() {
            Ok(c) => c,
            Err(_) => {
                if let Some(body) = self.builtins.get(url.path()) {
                    return Ok(Resource {
                        url: url.clone(),
                        mime: mime_of(Path::new(url.path())),
                        body: body.clone(),
                    });
                }
                return Err(ErrorKind::NotFound {
                    url: url.to_string(),
                    path,
                }
                .into());
            }
        };
        if !canonical.starts_with(&self.root) {
            return Err(ErrorKind::Refused {
                url: url.to_string(),
                reason: format!(
                    "{} leads outside the fixture root (symlink)",
                    path.display()
                ),
            }
            .into());
        }
        let bytes = std::fs::read(&canonical).map_err(|e| ErrorKind::Io {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        let body = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Resource {
            url: url.clone(),
            mime: mime_of(&canonical),
            body: Arc::from(body),
        })
    }
}

fn mime_of(path: &Path) -> String {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html",
        Some("js" | "mjs") => "text/javascript",
        Some("json") => "application/json",
        Some("css") => "text/css",
        Some("txt") => "text/plain",
        _ => "application/octet-stream",
    }
    .to_string()
}

fn fetch_data(url: &Url) -> Result<Resource> {
    let bad = |reason: String| ErrorKind::BadUrl {
        input: url.to_string(),
        reason,
    };
    let data = data_url::DataUrl::process(url.as_str()).map_err(|e| bad(format!("{e:?}")))?;
    let mime = format!("{}/{}", data.mime_type().type_, data.mime_type().subtype);
    let (bytes, _) = data
        .decode_to_vec()
        .map_err(|e| bad(format!("bad base64: {e:?}")))?;
    Ok(Resource {
        url: url.clone(),
        mime,
        body: Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
    })
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
        let loader = Loader::new(&dir.path().join("root")).expect("loader");
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
            &*loader.fetch(&url("http://a.test/")).expect("index").body,
            "<p>index"
        );
        assert_eq!(
            &*loader
                .fetch(&url("https://a.test/sub/x%20y.html"))
                .expect("decoded")
                .body,
            "<p>xy"
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

    #[test]
    fn data_urls_decode() {
        let (_d, loader) = fixture();
        let r = loader
            .fetch(&url("data:text/html;base64,PGI+aGk8L2I+"))
            .expect("data");
        assert_eq!(&*r.body, "<b>hi</b>");
        assert_eq!(r.mime, "text/html");
    }
}
