//! Text for terminals: colours only where they belong, and nothing a page
//! wrote that a terminal would obey.
//!
//! Colours follow anstream's rules for the stream written to: only on a
//! terminal, never with `NO_COLOR`, always with `CLICOLOR_FORCE`; files
//! get none. Page-controlled text (console lines, messages, names, URLs)
//! goes through [`safe`] first: control characters and bidirectional
//! overrides are shown escaped (`\x1B`, `\u{202E}`), never sent raw. JSON
//! and XML outputs keep the text exact (their own escaping applies).

use std::borrow::Cow;

use anstyle::{AnsiColor, Style};

/// Whether colours go to stdout.
pub fn stdout_colors() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Whether a character must not reach a terminal as it is: C0 and C1
/// controls, DEL, and the bidirectional formatting characters that can
/// make a terminal show text in another order than it is.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character escaped, newlines and tabs included
/// (one line of output).
pub fn safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The lines of `s` (split at `\n`, a `\r\n` counting as one), each made
/// [`safe`].
pub fn safe_lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| safe(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect()
}

/// Styles text when colours are on.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub colors: bool,
}

impl Paint {
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.colors && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    pub fn green(&self, t: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), t)
    }
    pub fn red(&self, t: &str) -> String {
        self.paint(AnsiColor::Red.on_default(), t)
    }
    pub fn yellow(&self, t: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), t)
    }
    pub fn cyan(&self, t: &str) -> String {
        self.paint(AnsiColor::Cyan.on_default(), t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint(Style::new().dimmed(), t)
    }
    pub fn bold(&self, t: &str) -> String {
        self.paint(Style::new().bold(), t)
    }
    pub fn red_bold(&self, t: &str) -> String {
        self.paint(AnsiColor::Red.on_default().bold(), t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        assert_eq!(safe("plain text\tand a tab"), "plain text\tand a tab");
        assert_eq!(safe("\u{1b}[2J\u{7}bell"), "\\x1B[2J\\x07bell");
        assert_eq!(safe("a\r\nb"), "a\\r\\nb");
        assert_eq!(
            safe("\u{9b}31m \u{202E}txt.exe"),
            "\\u{9B}31m \\u{202E}txt.exe"
        );
        assert_eq!(safe_lines("one\r\ntwo\u{1b}"), vec!["one", "two\\x1B"]);
    }

    #[test]
    fn without_colours_paint_adds_nothing() {
        let off = Paint { colors: false };
        assert_eq!(off.red("x"), "x");
        let on = Paint { colors: true };
        assert!(on.red("x").starts_with('\u{1b}') && on.red("x").contains('x'));
    }
}
