//! URL paths to files under a root, with nothing outside the root ever
//! read: segments are percent-decoded one by one and any `.`/`..`/separator
//! segment is refused; the file found is canonicalised (resolving symlinks)
//! and must still lie under the canonical root.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;
use url::Url;

use crate::error::{ErrorKind, Result};

/// The file `url`'s path names under `dir` (not yet checked to exist).
pub fn file_for(dir: PathBuf, url: &Url) -> Result<PathBuf> {
    let refuse = |reason: &str| ErrorKind::Refused {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let mut path = dir;
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
    Ok(path)
}

/// `path` canonicalised, if it exists and lies under `root` (canonical);
/// `Ok(None)` if it does not exist.
pub fn checked(root: &Path, url: &Url, path: &Path) -> Result<Option<PathBuf>> {
    let Ok(canonical) = path.canonicalize() else {
        return Ok(None);
    };
    if !canonical.starts_with(root) {
        return Err(ErrorKind::Refused {
            url: url.to_string(),
            reason: format!(
                "{} leads outside the fixture root (symlink)",
                path.display()
            ),
        }
        .into());
    }
    Ok(Some(canonical))
}

/// Reads a file found by [`checked`].
pub fn read(url: &Url, path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        ErrorKind::Io {
            url: url.to_string(),
            reason: e.to_string(),
        }
        .into()
    })
}

/// The content type wptserve gives a file by its extension
/// (`tools/wptserve/wptserve/constants.py`); fixtures use it too.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html",
        Some("js" | "mjs") => "text/javascript",
        Some("json") => "application/json",
        Some("css") => "text/css",
        Some("txt" | "md") => "text/plain",
        Some("xht" | "xhtm" | "xhtml") => "application/xhtml+xml",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("wasm") => "application/wasm",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("bmp") => "image/bmp",
        Some("avif") => "image/avif",
        Some("mp3") => "audio/mpeg",
        Some("m4a") => "audio/mp4",
        Some("oga") => "audio/ogg",
        Some("weba") => "audio/webm",
        Some("wav") => "audio/x-wav",
        Some("mp4" | "m4v") => "video/mp4",
        Some("ogg" | "ogv") => "video/ogg",
        Some("webm") => "video/webm",
        Some("vtt") => "text/vtt",
        Some("manifest") => "text/cache-manifest",
        Some("event_stream") => "text/event-stream",
        _ => "application/octet-stream",
    }
}
