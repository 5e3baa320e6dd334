//! Where a failure happened: the first frame of a testharness.js stack
//! outside the harness, mapped from its URL to the file the site served
//! (the engine compiles an inline script at its line in the HTML file, so
//! `http://a.test/x.html:7:20` is line 7 of `ROOT/a.test/x.html`), with a
//! few lines of that file around it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use engine::runtime::loader::Loader;
use regex::Regex;
use serde::Serialize;
use url::Url;

/// A place in a test's sources.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Place {
    /// The file, as a path relative to the current directory when it lies
    /// under it; the URL when the site has no file there (a generated
    /// `.any.html` wrapper).
    pub file: String,
    /// The URL it was served at.
    pub url: String,
    /// 1-based.
    pub line: u32,
    /// 1-based.
    pub column: u32,
    /// The lines around it: (line number, text), the place's line among them.
    #[serde(skip)]
    pub code_frame: Vec<(u32, String)>,
}

impl Place {
    /// `file:line:column`, the form editors and terminals link.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One frame of a V8 stack trace: `at f (URL:L:C)` or `at URL:L:C`.
fn frame_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // The URL is the longest run ending in :line:column, inside the
        // last parentheses when there are any.
        Regex::new(
            r"^\s*at .*?(?P<url>[a-z][a-z0-9+.-]*://[^\s()]+?):(?P<line>\d+):(?P<col>\d+)\)?\s*$",
        )
        .unwrap_or_else(|e| unreachable!("a valid pattern: {e}"))
    })
}

/// The harness's own scripts: frames there are not the test's.
fn is_harness(url: &Url) -> bool {
    matches!(
        url.path(),
        "/resources/testharness.js" | "/resources/testharnessreport.js"
    )
}

/// Whether a stack line is a frame in testharness.js or our report script
/// (not worth showing: the test's frames are what a reader needs).
pub fn is_harness_frame(line: &str) -> bool {
    frame_re()
        .captures(line)
        .and_then(|c| Url::parse(c.name("url")?.as_str()).ok())
        .is_some_and(|u| is_harness(&u))
}

/// (URL, line, column) of the first frame of `stack` in the test's own
/// scripts.
pub fn first_test_frame(stack: &str) -> Option<(Url, u32, u32)> {
    stack.lines().find_map(|line| {
        let c = frame_re().captures(line)?;
        let url = Url::parse(c.name("url")?.as_str()).ok()?;
        if !matches!(url.scheme(), "http" | "https") || is_harness(&url) {
            return None;
        }
        let line = c.name("line")?.as_str().parse().ok()?;
        let column = c.name("col")?.as_str().parse().ok()?;
        Some((url, line, column))
    })
}

/// Maps URLs to the files a host served them from, and reads those files
/// through the same checks (nothing outside the root).
pub struct Sources {
    loader: Loader,
    cwd: Option<PathBuf>,
}

/// Lines shown before and after a place.
const CONTEXT_BEFORE: u32 = 2;
const CONTEXT_AFTER: u32 = 1;
/// A line longer than this is cut in the code frame.
const MAX_FRAME_LINE: usize = 200;

impl Sources {
    /// Over the loader a host served from.
    pub fn new(loader: Loader) -> Sources {
        Sources {
            loader,
            cwd: std::env::current_dir()
                .ok()
                .and_then(|d| d.canonicalize().ok()),
        }
    }

    /// The place of `url:line:column`, with its code frame when the site
    /// serves that URL.
    pub fn place(&self, url: &Url, line: u32, column: u32) -> Place {
        let file = self
            .loader
            .path_of(url)
            .ok()
            .and_then(|p| p.canonicalize().ok())
            .filter(|p| p.starts_with(self.loader.root()))
            .map_or_else(|| url.to_string(), |p| self.display(&p));
        let code_frame = match self.loader.fetch(url) {
            Ok(resource) if resource.url == *url => code_frame(&resource.text_lossy(), line),
            _ => Vec::new(),
        };
        Place {
            file,
            url: url.to_string(),
            line,
            column,
            code_frame,
        }
    }

    /// The place a stack points at, if it points into the test's scripts.
    pub fn place_of_stack(&self, stack: &str) -> Option<Place> {
        let (url, line, column) = first_test_frame(stack)?;
        Some(self.place(&url, line, column))
    }

    /// The place of a page error's `url:line:column`.
    pub fn place_of(&self, url: &str, line: u32, column: u32) -> Option<Place> {
        let url = Url::parse(url).ok()?;
        if !matches!(url.scheme(), "http" | "https") || line == 0 {
            return None;
        }
        Some(self.place(&url, line, column.max(1)))
    }

    fn display(&self, path: &Path) -> String {
        self.cwd
            .as_deref()
            .and_then(|cwd| path.strip_prefix(cwd).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// The lines of `text` around `line` (1-based).
pub fn code_frame(text: &str, line: u32) -> Vec<(u32, String)> {
    if line == 0 {
        return Vec::new();
    }
    let first = line.saturating_sub(CONTEXT_BEFORE).max(1);
    let last = line.saturating_add(CONTEXT_AFTER);
    text.lines()
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l))
        .skip_while(|(n, _)| *n < first)
        .take_while(|(n, _)| *n <= last)
        .map(|(n, l)| {
            let cut: String = l.chars().take(MAX_FRAME_LINE).collect();
            (n, cut)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_frame_outside_the_harness_is_the_place() {
        let stack = "Error\n    at Test.<anonymous> (http://c.test/x/failing.html:7:21)\n    at Test.step (http://c.test/resources/testharness.js:2600:25)";
        let (url, line, col) = first_test_frame(stack).expect("a frame");
        assert_eq!(
            (url.as_str(), line, col),
            ("http://c.test/x/failing.html", 7, 21)
        );
        let bare =
            "    at http://c.test/resources/testharness.js:1:1\n    at http://a.test/helper.js:3:9";
        let (url, line, col) = first_test_frame(bare).expect("a frame");
        assert_eq!((url.as_str(), line, col), ("http://a.test/helper.js", 3, 9));
        assert_eq!(
            first_test_frame("    at Test.step (http://c.test/resources/testharness.js:2600:25)"),
            None
        );
        assert_eq!(first_test_frame("(Stack trace unavailable)"), None);
        let async_frame =
            "    at async Promise.all (index 0)\n    at async http://c.test/a%20b.html?x=1:12:3";
        let (url, line, _) = first_test_frame(async_frame).expect("a frame");
        assert_eq!((url.as_str(), line), ("http://c.test/a%20b.html?x=1", 12));
    }

    #[test]
    fn a_code_frame_holds_the_lines_around_the_place() {
        let text = "one\ntwo\nthree\nfour\nfive\n";
        assert_eq!(
            code_frame(text, 3),
            vec![
                (1, "one".to_string()),
                (2, "two".to_string()),
                (3, "three".to_string()),
                (4, "four".to_string())
            ]
        );
        assert_eq!(
            code_frame(text, 1),
            vec![(1, "one".to_string()), (2, "two".to_string())]
        );
        assert_eq!(code_frame(text, 9), Vec::<(u32, String)>::new());
        assert_eq!(code_frame(text, 0), Vec::<(u32, String)>::new());
    }
}
