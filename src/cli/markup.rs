//! One writer for the markup the CLI prints (the HTML report with its inline
//! SVG; it writes XML as well): element and attribute names come from the
//! code as `&'static str`; every text and attribute value is escaped on the
//! way out, so page-controlled strings cannot become markup by construction.
//! The only unescaped text is `&'static str` the code itself holds (the
//! doctype, the report's CSS).

use std::fmt::{self, Display, Write as _};

/// A `fmt::Write` that escapes what is written to it into the string it
/// wraps, for HTML and XML, in text and attribute values alike. A control
/// character XML 1.0 cannot hold, even as a reference, becomes U+FFFD; CR is
/// kept as a reference so that parsers don't fold it away.
struct Escaped<'a>(&'a mut String);

impl fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                '\r' => self.0.push_str("&#xD;"),
                '\t' | '\n' => self.0.push(c),
                c if c.is_control() => self.0.push('\u{FFFD}'),
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

/// Writes elements into a string, keeping the open ones on a stack so that
/// [`end`](ElementWriter::end) closes the right one.
///
/// ```text
/// w.start("td").attr("class", "num").text(frame_id);
/// w.start("tr").open();  …  w.end();
/// ```
#[derive(Default)]
pub(super) struct ElementWriter {
    out: String,
    open: Vec<&'static str>,
}

impl ElementWriter {
    pub fn new() -> ElementWriter {
        ElementWriter::default()
    }

    /// Markup the code holds verbatim (a doctype, a stylesheet): never data.
    pub fn raw(&mut self, markup: &'static str) -> &mut ElementWriter {
        self.out.push_str(markup);
        self
    }

    /// Starts `<name`; attributes follow, then the tag is finished by one of
    /// [`StartTag::open`], [`StartTag::text`], [`StartTag::empty`] or
    /// [`StartTag::void`].
    pub fn start(&mut self, name: &'static str) -> StartTag<'_> {
        self.out.push('<');
        self.out.push_str(name);
        StartTag { w: self, name }
    }

    /// Escaped text.
    pub fn text(&mut self, text: impl Display) -> &mut ElementWriter {
        let _ = write!(Escaped(&mut self.out), "{text}");
        self
    }

    /// A line break between elements, for whoever reads the source.
    pub fn newline(&mut self) -> &mut ElementWriter {
        self.out.push('\n');
        self
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) -> &mut ElementWriter {
        debug_assert!(!self.open.is_empty(), "an element is open");
        if let Some(name) = self.open.pop() {
            self.close(name);
        }
        self
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// The markup, every element closed.
    pub fn finish(mut self) -> String {
        debug_assert!(self.open.is_empty(), "unclosed: {:?}", self.open);
        while let Some(name) = self.open.pop() {
            self.close(name);
        }
        self.out
    }
}

/// A start tag being written: `<name` and its attributes so far.
#[must_use = "a start tag is finished by open, text, empty or void"]
pub(super) struct StartTag<'w> {
    w: &'w mut ElementWriter,
    name: &'static str,
}

impl<'w> StartTag<'w> {
    /// ` name="value"`, the value escaped.
    pub fn attr(self, name: &'static str, value: impl Display) -> StartTag<'w> {
        self.w.out.push(' ');
        self.w.out.push_str(name);
        self.w.out.push_str("=\"");
        let _ = write!(Escaped(&mut self.w.out), "{value}");
        self.w.out.push('"');
        self
    }

    /// The attribute when `value` is `Some`.
    pub fn attr_opt(self, name: &'static str, value: Option<impl Display>) -> StartTag<'w> {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// `>`: the element stays open until [`ElementWriter::end`].
    pub fn open(self) -> &'w mut ElementWriter {
        self.w.out.push('>');
        self.w.open.push(self.name);
        self.w
    }

    /// `>text</name>`, the text escaped.
    pub fn text(self, text: impl Display) -> &'w mut ElementWriter {
        self.w.out.push('>');
        self.w.text(text);
        self.w.close(self.name);
        self.w
    }

    /// `>text</name>` for an HTML raw text element (`<style>`): its content
    /// cannot be escaped, so only text the code holds is taken.
    pub fn raw_text(self, text: &'static str) -> &'w mut ElementWriter {
        debug_assert!(!text.contains("</"), "raw text cannot hold an end tag");
        self.w.out.push('>');
        self.w.out.push_str(text);
        self.w.close(self.name);
        self.w
    }

    /// `/>`: an element without content in SVG or XML.
    pub fn empty(self) -> &'w mut ElementWriter {
        self.w.out.push_str("/>");
        self.w
    }

    /// `>`: an HTML void element (`<meta>`), which has no end tag.
    pub fn void(self) -> &'w mut ElementWriter {
        self.w.out.push('>');
        self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_are_escaped_and_names_are_not() {
        let mut w = ElementWriter::new();
        w.start("p")
            .attr("title", "a \"quoted\" <b> & 'x'")
            .open()
            .text("<script>alert(1)</script> & more");
        w.start("br").void();
        w.end();
        assert_eq!(
            w.finish(),
            "<p title=\"a &quot;quoted&quot; &lt;b&gt; &amp; &#39;x&#39;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more<br></p>"
        );
    }

    #[test]
    fn control_characters_become_replacement_characters_and_cr_a_reference() {
        let mut w = ElementWriter::new();
        w.start("text")
            .attr("x", 1.5)
            .attr("title", "a\rb")
            .text("a\u{1b}[31mb\r\n\tc\0\u{7}");
        assert_eq!(
            w.finish(),
            "<text x=\"1.5\" title=\"a&#xD;b\">a\u{FFFD}[31mb&#xD;\n\tc\u{FFFD}\u{FFFD}</text>"
        );
    }

    #[test]
    fn end_closes_the_innermost_open_element_and_finish_closes_none_twice() {
        let mut w = ElementWriter::new();
        w.start("svg").open();
        w.start("g")
            .attr_opt("data-frame", Some(3))
            .attr_opt("data-x", None::<u32>)
            .open();
        w.start("rect").attr("width", 10).empty();
        w.end();
        w.start("style").raw_text("a { b: \"c\" }");
        w.end();
        assert_eq!(
            w.finish(),
            "<svg><g data-frame=\"3\"><rect width=\"10\"/></g><style>a { b: \"c\" }</style></svg>"
        );
    }
}
