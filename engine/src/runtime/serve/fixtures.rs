//! A fixture root: `http(s)://HOST/PATH` is the file `ROOT/HOST/PATH`, any
//! port; a directory serves its `index.html`.

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

    pub fn serve(&self, url: &Url) -> Result<Response> {
        let file = self.path_of(url)?;
        let Some(canonical) = path::checked(&self.root, url, &file)? else {
            return Err(ErrorKind::NotFound {
                url: url.to_string(),
                path: file,
            }
            .into());
        };
        let body = path::read_regular(&self.root, url, &canonical, path::MAX_FILE_BYTES)?;
        Ok(Response::new(
            200,
            vec![(
                "Content-Type".to_string(),
                path::content_type(&canonical).to_string(),
            )],
            body,
        ))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}
