//! URL paths to files under a root, with nothing outside the root ever
//! read: segments are percent-decoded one by one and any `.`/`..`/separator
//! segment is refused; the file found is canonicalised (resolving symlinks)
//! and must still lie under the canonical root. Only regular files are
//! read, checked on the opened handle (a FIFO, device or socket is refused
//! like an escape, and never blocks or streams), and none over
//! [`MAX_FILE_BYTES`].

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
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

/// The largest file the loader reads: a page, a script or a sidecar.
/// Fixtures are hand-written or generated test pages; a file past this is
/// a mistake or an attack, and reading it whole (it becomes a Rust string,
/// then a V8 string) would cost a multiple of its size.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads a file found by [`checked`] under `root` (canonical), if it is a
/// regular file inside the root of at most `limit` bytes. What is checked
/// is the opened handle, so that swapping the path for a FIFO, a device or a
/// symlink between the check and the read gains nothing: the open does not
/// follow a final symlink and does not wait for a FIFO's writer, the handle
/// must be a regular file (`fstat`), and it must lie inside the root (its
/// path as the kernel has it, `/proc/self/fd`).
pub fn read_regular(root: &Path, url: &Url, path: &Path, limit: u64) -> Result<Vec<u8>> {
    let refuse = |reason: String| -> crate::error::Error {
        ErrorKind::Refused {
            url: url.to_string(),
            reason,
        }
        .into()
    };
    let io = |e: std::io::Error| -> crate::error::Error {
        ErrorKind::Io {
            url: url.to_string(),
            reason: e.to_string(),
        }
        .into()
    };
    // Refused before any open: opening a device may already do something.
    let meta = std::fs::symlink_metadata(path).map_err(io)?;
    if !meta.file_type().is_file() {
        return Err(refuse(format!(
            "{} is {}, not a regular file",
            path.display(),
            kind_of(&meta.file_type())
        )));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => refuse(format!("{} became a symlink", path.display())),
            _ => io(e),
        })?;
    let meta = file.metadata().map_err(io)?;
    if !meta.file_type().is_file() {
        return Err(refuse(format!(
            "{} is {}, not a regular file",
            path.display(),
            kind_of(&meta.file_type())
        )));
    }
    if let Some(real) = handle_path(&file)
        && !real.starts_with(root)
    {
        return Err(refuse(format!(
            "{} leads outside the fixture root",
            path.display()
        )));
    }
    if meta.len() > limit {
        return Err(too_large(url, meta.len(), limit));
    }
    let mut body = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut body).map_err(io)?;
    if body.len() as u64 > limit {
        return Err(too_large(url, body.len() as u64, limit));
    }
    Ok(body)
}

/// Reads a file named on the command line (`--testharness PATH`): a regular
/// file of at most `limit` bytes, opened so that a FIFO cannot block it.
pub fn read_local_bytes(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let refuse = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, what);
    let meta = std::fs::metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(refuse(format!(
            "{} is {}, not a regular file",
            path.display(),
            kind_of(&meta.file_type())
        )));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(refuse(format!("{} is not a regular file", path.display())));
    }
    let mut body = Vec::new();
    file.take(limit + 1).read_to_end(&mut body)?;
    if body.len() as u64 > limit {
        return Err(refuse(format!(
            "{} is larger than {} MiB",
            path.display(),
            limit >> 20
        )));
    }
    Ok(body)
}

fn too_large(url: &Url, size: u64, limit: u64) -> crate::error::Error {
    ErrorKind::Refused {
        url: url.to_string(),
        reason: format!(
            "the file is {size} bytes, over the {} MiB a fixture file may have",
            limit >> 20
        ),
    }
    .into()
}

/// What a non-regular file is, for messages.
fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_symlink() {
        "a symlink"
    } else {
        "not a file"
    }
}

/// The path the kernel has for an open file (Linux); `None` where there is
/// no `/proc` (the canonical path was checked before the open).
fn handle_path(file: &std::fs::File) -> Option<PathBuf> {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

/// Whether `entry` (of a directory inside `root`) may be listed: a regular
/// file or a directory that lies inside the root, symlinks resolved. Its
/// kind: `Some(true)` a directory, `Some(false)` a file, `None` not listed.
pub fn listable(root: &Path, entry: &std::fs::DirEntry) -> Option<bool> {
    let kind = entry.file_type().ok()?;
    let kind = if kind.is_symlink() {
        let target = entry.path().canonicalize().ok()?;
        if !target.starts_with(root) {
            return None;
        }
        std::fs::metadata(target).ok()?.file_type()
    } else {
        kind
    };
    if kind.is_dir() {
        Some(true)
    } else if kind.is_file() {
        Some(false)
    } else {
        None
    }
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
