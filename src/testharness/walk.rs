//! Finding test files: the inputs of `isohost test` (files, directories,
//! URLs), directories searched with the loader's rule that nothing outside
//! the root is read.
//!
//! 1. A directory is walked with `walkdir`, following symlinks only while
//!    their target stays inside the canonical root (the loader's check), and
//!    with its loop detection: a link back to an ancestor is reported once
//!    and not entered.
//! 2. Only regular files are opened (checked on the open handle; FIFOs are
//!    opened non-blocking so that a pipe named `x.html` cannot hang the walk),
//!    and only their first [`SNIFF_LIMIT`] bytes are read.
//! 3. A file reached twice (two links to one directory) is one test.

use std::collections::HashSet;
use std::io::Read as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use url::Url;

/// How much of a file is read to see whether it loads testharness.js.
pub const SNIFF_LIMIT: u64 = 4 * 1024 * 1024;

/// What the inputs name, in order, and what the walk left out and why.
#[derive(Debug, Default)]
pub struct Found {
    /// The test inputs, in order.
    pub entries: Vec<Input>,
    /// One line each: a loop, a link out of the root, an unreadable entry.
    pub notes: Vec<String>,
}

/// One test input.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A file inside the root.
    File(PathBuf),
    /// An `http(s)://` URL of the site.
    Url(Url),
}

/// Whether `input` is a URL `isohost test` runs (http or https).
pub fn as_url(input: &str) -> Option<Url> {
    let url = Url::parse(input).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// Finds the tests `inputs` name under `root`: URLs as they are, files as
/// given, directories searched for `.html`/`.htm` files that load
/// testharness.js. Files come sorted within each directory input.
pub fn find(inputs: &[String], root: &Path) -> Result<Found, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("the fixture root {} cannot be read: {e}", root.display()))?;
    let mut found = Found::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for input in inputs {
        if let Some(url) = as_url(input) {
            found.entries.push(Input::Url(url));
            continue;
        }
        let path = Path::new(input);
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{input} does not exist"),
            _ => format!("cannot read {input}: {e}"),
        })?;
        if meta.is_dir() {
            let canonical = path
                .canonicalize()
                .map_err(|e| format!("cannot read {input}: {e}"))?;
            if !canonical.starts_with(&root) {
                return Err(format!(
                    "{input} is outside the fixture root {} (give --root, or a directory inside it)",
                    root.display()
                ));
            }
            let mut files = Vec::new();
            walk(path, &root, &mut files, &mut found.notes);
            files.sort();
            for f in files {
                if let Ok(c) = f.canonicalize()
                    && seen.insert(c)
                {
                    found.entries.push(Input::File(f));
                }
            }
        } else if meta.is_file() {
            let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            if seen.insert(key) {
                found.entries.push(Input::File(path.to_path_buf()));
            }
        } else {
            return Err(format!(
                "{input} is not a regular file or a directory (a FIFO, socket or device is never read)"
            ));
        }
    }
    Ok(found)
}

fn walk(dir: &Path, root: &Path, files: &mut Vec<PathBuf>, notes: &mut Vec<String>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            // A symlink is followed only while it stays inside the root.
            if !e.path_is_symlink() {
                return true;
            }
            e.path().canonicalize().is_ok_and(|c| c.starts_with(root))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let place = e
                    .path()
                    .map_or_else(String::new, |p| format!("{}: ", p.display()));
                let note = match e.loop_ancestor() {
                    Some(ancestor) => format!(
                        "{place}not entered: a symlink loop back to {}",
                        ancestor.display()
                    ),
                    None => format!("{place}skipped: {e}"),
                };
                notes.push(note);
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file()
            || !path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"))
        {
            continue;
        }
        if loads_testharness(path) {
            files.push(path.to_path_buf());
        }
    }
    // Symlinks left out for leading outside the root: say so.
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink())
    {
        let inside = entry
            .path()
            .canonicalize()
            .is_ok_and(|c| c.starts_with(root));
        if !inside {
            notes.push(format!(
                "{}: not followed: the link leads outside the fixture root",
                entry.path().display()
            ));
        }
    }
}

/// Whether a regular file's first bytes mention testharness.js. The file
/// is opened without blocking and checked on the handle.
fn loads_testharness(path: &Path) -> bool {
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
    else {
        return false;
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::new();
    if file.take(SNIFF_LIMIT).read_to_end(&mut head).is_err() {
        return false;
    }
    String::from_utf8_lossy(&head).contains("testharness.js")
}
