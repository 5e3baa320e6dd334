//! A fixture root: `http(s)://HOST/PATH` is the file `ROOT/HOST/PATH`, any
//! port; a directory serves its `index.html`. As wptserve does, a file
//! `X.headers` beside `X` (and `__dir__.headers` in its directory) adds
//! response headers, one `Name: value` a line, and a file `X.asis` is a
//! whole HTTP response (status line, headers, body: redirects). An
//! `OPTIONS` request (a CORS preflight) is answered with `X.options.headers`
//! when there is one, else as any other method is.

use std::path::{Path, PathBuf};

use url::Url;

use super::path;
use super::response::Response;
use crate::error::{ErrorKind, Result};

#[derive(Debug, Clone)]
pub struct FixtureSite {
    /// Canonical.
    root: PathBuf,
}

impl FixtureSite {
    pub fn new(canonical_root: PathBuf) -> FixtureSite {
        FixtureSite {
            root: canonical_root,
        }
    }

    /// The file a URL maps to, checked to stay inside the root (it may not
    /// exist).
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
        let mut path = path::file_for(self.root.join(host), url)?;
        if path.is_dir() {
            path.push("index.html");
        }
        Ok(path)
    }

    /// Answers a GET.
    pub fn serve(&self, url: &Url) -> Result<Response> {
        self.serve_method(url, "GET")
    }

    /// Answers a request with `method`: the file (its sidecar headers
    /// added), an `.asis` response, or `NotFound`.
    pub fn serve_method(&self, url: &Url, method: &str) -> Result<Response> {
        let file = self.path_of(url)?;
        let Some(canonical) = path::checked(&self.root, url, &file)? else {
            return Err(ErrorKind::NotFound {
                url: url.to_string(),
                path: file,
            }
            .into());
        };
        let body = path::read_regular(&self.root, url, &canonical, path::MAX_FILE_BYTES)?;
        if canonical.extension().is_some_and(|e| e == "asis") {
            return Ok(super::wpt::site::parse_as_is(&body));
        }
        let mut headers = vec![(
            "Content-Type".to_string(),
            path::content_type(&canonical).to_string(),
        )];
        let options = if method == "OPTIONS" {
            self.sidecar(url, &file, ".options.headers")
        } else {
            None
        };
        match options {
            Some(own) => headers = own,
            None => {
                for sidecar in [file.with_file_name("__dir__"), file.clone()] {
                    for (name, value) in self.sidecar(url, &sidecar, ".headers").unwrap_or_default()
                    {
                        if name.eq_ignore_ascii_case("content-type") {
                            headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
                        }
                        headers.push((name, value));
                    }
                }
            }
        }
        Ok(Response::new(200, headers, body))
    }

    /// The headers of the sidecar `base` + `suffix`, if it exists inside the
    /// root.
    fn sidecar(&self, url: &Url, base: &Path, suffix: &str) -> Option<Vec<(String, String)>> {
        let file = PathBuf::from(format!("{}{suffix}", base.as_os_str().to_string_lossy()));
        let canonical = path::checked(&self.root, url, &file).ok()??;
        let data = path::read_regular(&self.root, url, &canonical, 1 << 20).ok()?;
        Some(
            String::from_utf8_lossy(&data)
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|line| {
                    let (name, value) = line.split_once(':').unwrap_or((line, ""));
                    (name.trim().to_string(), value.trim().to_string())
                })
                .collect(),
        )
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}
