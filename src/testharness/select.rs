//! `--grep` and `--grep-invert`: regular expressions over `PATH NAME`, the
//! test file's path (or URL, or WPT id) and a subtest's name joined by a
//! space (just `PATH` for a file that reported no subtest).
//!
//! Subtest names are only known once a file has run, but a file whose
//! path alone decides is settled before running: the pattern's lazy DFA
//! reads `PATH`, and if it is already dead (no `PATH…` can match) the file
//! is not run for `--grep`, and if it already matched (every `PATH…`
//! matches) the file is not run for `--grep-invert`.

use regex::Regex;
use regex_automata::hybrid::dfa::DFA;
use regex_automata::{Anchored, Input};

/// A compiled pattern, with the DFA that judges prefixes.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
    /// None when the pattern is beyond a lazy DFA: then nothing is settled
    /// before running.
    dfa: Option<std::sync::Arc<DFA>>,
}

/// What a prefix alone says about every text that starts with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// Every such text matches.
    Matches,
    /// None does.
    Fails,
    /// It depends on the rest.
    Open,
}

impl Pattern {
    /// Compiles `source` (the `regex` crate's syntax); the error says why
    /// it does not compile.
    pub fn new(source: &str) -> Result<Pattern, String> {
        let regex = Regex::new(source).map_err(|e| e.to_string())?;
        // Unicode word boundaries: the DFA gives up (quits) on non-ASCII
        // text, which leaves such a prefix open.
        let dfa = DFA::builder()
            .configure(DFA::config().unicode_word_boundary(true))
            .build(source)
            .ok()
            .map(std::sync::Arc::new);
        Ok(Pattern {
            source: source.to_string(),
            regex,
            dfa,
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether it matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// What `prefix` decides for every text starting with it.
    pub fn prefix(&self, prefix: &str) -> Prefix {
        let Some(dfa) = &self.dfa else {
            return Prefix::Open;
        };
        let mut cache = dfa.create_cache();
        let input = Input::new(prefix).anchored(Anchored::No);
        let Ok(mut state) = dfa.start_state_forward(&mut cache, &input) else {
            return Prefix::Open;
        };
        for &b in prefix.as_bytes() {
            // A match state is entered one byte after the match ends (the
            // DFA waits for look-ahead), so it holds whatever follows.
            if state.is_match() {
                return Prefix::Matches;
            }
            if state.is_dead() {
                return Prefix::Fails;
            }
            if state.is_quit() {
                return Prefix::Open;
            }
            match dfa.next_state(&mut cache, state, b) {
                Ok(next) => state = next,
                Err(_) => return Prefix::Open,
            }
        }
        if state.is_match() {
            Prefix::Matches
        } else if state.is_dead() {
            Prefix::Fails
        } else {
            Prefix::Open
        }
    }
}

/// Which tests and subtests a run keeps.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--grep`: keep only what matches (`PATH NAME`, see the module).
    pub grep: Option<Pattern>,
    /// `--grep-invert`: leave out what matches.
    pub grep_invert: Option<Pattern>,
}

impl Selection {
    /// True when it keeps everything.
    pub fn is_empty(&self) -> bool {
        self.grep.is_none() && self.grep_invert.is_none()
    }

    /// Whether the file at `path` can be left unrun: nothing it could
    /// report would be kept.
    pub fn excludes_file(&self, path: &str) -> bool {
        let dead = self
            .grep
            .as_ref()
            .is_some_and(|p| p.prefix(path) == Prefix::Fails);
        let excluded = self
            .grep_invert
            .as_ref()
            .is_some_and(|p| p.prefix(path) == Prefix::Matches);
        dead || excluded
    }

    /// Whether the subtest `name` of `path` is kept (`None`: the file
    /// itself, when it reported no subtest).
    pub fn keeps(&self, path: &str, name: Option<&str>) -> bool {
        let text = match name {
            Some(n) => format!("{path} {n}"),
            None => path.to_string(),
        };
        self.grep.as_ref().is_none_or(|p| p.is_match(&text))
            && !self.grep_invert.as_ref().is_some_and(|p| p.is_match(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        Pattern::new(s).expect("a valid pattern")
    }

    #[test]
    fn a_prefix_settles_anchored_patterns_and_leaves_open_ones_open() {
        assert_eq!(p("^tests/a/").prefix("tests/b/x.html"), Prefix::Fails);
        assert_eq!(p("^tests/a/").prefix("tests/a/x.html"), Prefix::Matches);
        assert_eq!(p("passing").prefix("dir/passing.html"), Prefix::Matches);
        // "passing" may still come in a subtest's name.
        assert_eq!(p("passing").prefix("dir/failing.html"), Prefix::Open);
        // `$` needs the end of the text, which a prefix never is.
        assert_eq!(p(r"\.html$").prefix("dir/x.html"), Prefix::Open);
        assert_eq!(p(r"x\b").prefix("ax"), Prefix::Open);
        assert_eq!(p(r"x\b").prefix("ax-"), Prefix::Matches);
    }

    #[test]
    fn a_selection_keeps_subtests_by_path_and_name() {
        let s = Selection {
            grep: Some(p("apples|^keep/")),
            grep_invert: Some(p("pears")),
        };
        assert!(s.keeps("x.html", Some("apples")));
        assert!(!s.keeps("x.html", Some("apples and pears")));
        assert!(s.keeps("keep/y.html", Some("anything")));
        assert!(s.keeps("keep/y.html", None));
        assert!(!s.keeps("other/y.html", None));
        assert!(!s.excludes_file("other/y.html"), "apples may be a name");
        let only_dir = Selection {
            grep: Some(p("^keep/")),
            grep_invert: Some(p("^keep/skip")),
        };
        assert!(only_dir.excludes_file("other/y.html"));
        assert!(only_dir.excludes_file("keep/skip.html"));
        assert!(!only_dir.excludes_file("keep/y.html"));
    }
}
