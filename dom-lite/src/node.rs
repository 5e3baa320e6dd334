//! What one node of the arena holds: its links, its owner document and its data.

use std::num::NonZeroU32;

use compact_str::CompactString;

use markup5ever::{LocalName, Namespace, QualName, local_name, ns};

use crate::custom::CustomElementState;

pub use markup5ever::interface::QuirksMode;

/// A node's index in its [`Dom`](crate::Dom) arena. A removed node stays
/// in the arena, detached; its slot is reused only once its whole document
/// was released ([`Dom::release_document`](crate::Dom::release_document)),
/// which is why what leaves the crate is a [`Dom::handle`](crate::Dom::handle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// One attribute of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Namespace, prefix and local name; the namespace is empty for every
    /// attribute except adjusted foreign ones such as `xlink:href`.
    pub name: QualName,
    /// The attribute's value; a [`CompactString`] keeps values of up to 24
    /// bytes (most of a page's) inline, without an allocation of their own.
    pub value: CompactString,
}

impl Attr {
    /// The attribute's qualified name: `prefix:local`, or `local`.
    pub fn qualified_name(&self) -> String {
        crate::dom::qualified_name(&self.name).into_owned()
    }

    /// Whether this attribute's qualified name is `name`, without allocating.
    pub(crate) fn has_qualified_name(&self, name: &str) -> bool {
        match &self.name.prefix {
            None => &*self.name.local == name,
            Some(prefix) => name
                .strip_prefix(&**prefix)
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|local| local == &*self.name.local),
        }
    }
}

/// Where an element's attributes are in its [`Dom`](crate::Dom)'s
/// attribute store (`attrs.rs`): `len` slots from `start`, in a block of
/// `len.next_power_of_two()` slots (the rest hold placeholders), so that
/// an attribute added is put in place until the block is full. One store
/// per `Dom`, not a list per element: a parse made an allocation (≈185
/// instructions, and 16 bytes of header) per element with attributes
/// (issue 15). Cloning one names the same slots: only a clone of the whole
/// `Dom` may (`Dom::clone_shallow` copies the attributes themselves).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AttrList {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl AttrList {
    /// How many slots its block holds.
    #[inline]
    pub(crate) fn cap(&self) -> usize {
        if self.len == 0 {
            0
        } else {
            (self.len as usize).next_power_of_two()
        }
    }
}

/// What an element holds beyond its links.
#[derive(Debug, Clone)]
pub struct ElementData {
    /// Namespace and local name (and prefix, for foreign elements).
    pub name: QualName,
    /// Where its attributes are, in the order they were added, in the
    /// [`Dom`](crate::Dom)'s attribute store: read them with
    /// [`Dom::attributes`](crate::Dom::attributes).
    pub(crate) attrs: AttrList,
    /// For `<script>`: the HTML spec's "already started" flag; a started script never runs again.
    pub script_already_started: bool,
    /// For `<script>`: created by the document parser, so it runs only through
    /// [`ParseStep::Script`](crate::ParseStep), never when a DOM API moves it.
    pub parser_inserted: bool,
    /// For MathML `<annotation-xml>`: whether it is an HTML integration point.
    pub mathml_annotation_xml_integration_point: bool,
    /// The 1-based source line recorded by the document parser (see
    /// [`Dom::source_line`](crate::Dom::source_line)); `None` for elements
    /// made otherwise. `NonZeroU32` so the field fits in padding: it leaves
    /// `ElementData` no bigger.
    pub(crate) source_line: Option<NonZeroU32>,
    /// Its custom element state as the engine set it (`custom.rs`); a
    /// byte, in padding. "Uncustomized" until then: the state it was made
    /// with is worked out when asked for (`ElementData::custom_state`), so
    /// that making an element costs nothing more.
    pub(crate) custom_element_state: CustomElementState,
}

impl ElementData {
    pub(crate) fn new(name: QualName, attrs: AttrList) -> ElementData {
        ElementData {
            name,
            attrs,
            script_already_started: false,
            parser_inserted: false,
            mathml_annotation_xml_integration_point: false,
            source_line: None,
            custom_element_state: CustomElementState::Uncustomized,
        }
    }

    /// Whether this is the HTML element with this local name.
    pub fn is_html(&self, local: &LocalName) -> bool {
        self.name.ns == ns!(html) && self.name.local == *local
    }

    pub(crate) fn is_iframe(&self) -> bool {
        self.is_html(&local_name!("iframe"))
    }

    /// An HTML or SVG `<script>`: both run as HTML says
    /// (<https://svgwg.org/svg2-draft/interact.html#ScriptElement>).
    pub(crate) fn is_script(&self) -> bool {
        self.name.local == local_name!("script")
            && (self.name.ns == ns!(html) || self.name.ns == ns!(svg))
    }

    /// Whether `name` is the attribute naming a script's source: `src` for
    /// HTML, `href` (or the older `xlink:href`) for SVG.
    pub(crate) fn is_script_source_attribute(&self, name: &str) -> bool {
        if self.name.ns == ns!(svg) {
            name == "href" || name == "xlink:href"
        } else {
            name == "src"
        }
    }
}

/// A doctype's name and identifiers.
#[derive(Debug, Clone)]
pub struct DoctypeData {
    /// The doctype's name, e.g. `html`.
    pub name: Box<str>,
    /// Its public identifier, or empty.
    pub public_id: Box<str>,
    /// Its system identifier, or empty.
    pub system_id: Box<str>,
}

/// What kind of node this is, with its kind's data.
#[derive(Debug, Clone)]
pub enum NodeData {
    /// A document: the root of a connected tree.
    Document {
        /// Set by the parser from the doctype; selectors match ids and
        /// classes case-insensitively in quirks mode.
        quirks_mode: QuirksMode,
        /// An HTML document (names of HTML elements are ASCII
        /// case-insensitive in it); else an XML document
        /// (<https://dom.spec.whatwg.org/#html-document>).
        html: bool,
        /// Its content type ("text/html", "application/xhtml+xml"...).
        content_type: String,
    },
    /// `<!DOCTYPE name public_id system_id>`: boxed (doctypes are rare),
    /// so that the element stays the largest kind.
    Doctype(Box<DoctypeData>),
    /// An element.
    Element(ElementData),
    /// A text node. Character data is a [`CompactString`]: up to 24 bytes
    /// (most of a page's text nodes and comments) inline, without an
    /// allocation of its own (issue 15).
    Text(CompactString),
    /// A comment.
    Comment(CompactString),
    /// A CDATA section (a Text node of XML documents), with its data.
    CDataSection(CompactString),
    /// A processing instruction: `<?target data?>`.
    ProcessingInstruction {
        /// Its target, an XML name: an atom (8 bytes, where a `Box<str>`
        /// takes 16), so that the element stays the largest kind and
        /// leaves room for the enum's tag (a node takes 64 bytes).
        target: LocalName,
        /// Its data.
        data: CompactString,
    },
    /// A document fragment (also used for template contents).
    DocumentFragment,
}

/// A link from one node to another, or none: four bytes where an
/// `Option<NodeId>` takes eight (a node holds five; the arena holds every
/// node ever made). `u32::MAX` stands for none, an index the arena never
/// hands out (see `Dom::push_node`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Link(u32);

impl Link {
    pub(crate) const NONE: Link = Link(u32::MAX);

    pub(crate) fn get(self) -> Option<NodeId> {
        (self.0 != u32::MAX).then_some(NodeId(self.0))
    }

    pub(crate) fn take(&mut self) -> Option<NodeId> {
        std::mem::replace(self, Link::NONE).get()
    }

    pub(crate) fn is_none(self) -> bool {
        self.0 == u32::MAX
    }
}

impl From<Option<NodeId>> for Link {
    fn from(id: Option<NodeId>) -> Link {
        id.map_or(Link::NONE, |id| Link(id.0))
    }
}

impl From<NodeId> for Link {
    fn from(id: NodeId) -> Link {
        Link(id.0)
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// One slot of the arena.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) parent: Link,
    pub(crate) first_child: Link,
    pub(crate) last_child: Link,
    pub(crate) prev_sibling: Link,
    pub(crate) next_sibling: Link,
    /// The node document; a document's is itself.
    pub(crate) owner: NodeId,
    pub(crate) data: NodeData,
}

impl Node {
    pub(crate) fn new(owner: NodeId, data: NodeData) -> Node {
        Node {
            parent: Link::NONE,
            first_child: Link::NONE,
            last_child: Link::NONE,
            prev_sibling: Link::NONE,
            next_sibling: Link::NONE,
            owner,
            data,
        }
    }

    pub(crate) fn element(&self) -> Option<&ElementData> {
        match &self.data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn element_mut(&mut self) -> Option<&mut ElementData> {
        match &mut self.data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }
}

/// `text` as a [`CompactString`], for the parser's short copies
/// (attribute values, text, comments). Up to 16 bytes, each length is an
/// arm of its own, so that the copy is one of a known size, made in
/// registers: through `CompactString::from` it was a call of `memcpy`
/// (some 25 instructions a value; issue 15).
#[inline(always)]
pub(crate) fn compact(text: &str) -> CompactString {
    macro_rules! arms {
        ($($n:literal)*) => {
            match text.len() {
                $($n => CompactString::from(&text[..$n]),)*
                _ => CompactString::from(text),
            }
        };
    }
    arms!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
}

/// The HTML namespace, for callers building [`QualName`]s.
pub fn html_name(local: &str) -> QualName {
    QualName::new(None, ns!(html), LocalName::from(local))
}

/// Whether `ns` is the HTML namespace.
pub(crate) fn is_html_ns(ns: &Namespace) -> bool {
    *ns == ns!(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use markup5ever::Prefix;

    /// The arena holds every node ever made: a node's size is what each
    /// parsed element, text or comment costs in memory, and each new page
    /// of the arena a page fault (issue 15).
    #[test]
    fn a_node_takes_64_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 64);
    }

    #[test]
    fn compact_copies_every_length_as_compact_string_does() {
        let source = "aé€😀 ".repeat(8);
        for end in 0..=source.len() {
            let Some(text) = source.get(..end) else {
                continue;
            };
            let copy = compact(text);
            assert_eq!(copy, CompactString::from(text));
            assert_eq!(copy.len(), text.len());
        }
    }

    #[test]
    fn qualified_names_include_the_prefix() {
        let plain = Attr {
            name: QualName::new(None, ns!(), LocalName::from("href")),
            value: CompactString::default(),
        };
        let prefixed = Attr {
            name: QualName::new(
                Some(Prefix::from("xlink")),
                ns!(xlink),
                LocalName::from("href"),
            ),
            value: CompactString::default(),
        };
        assert!(plain.has_qualified_name("href"));
        assert!(!plain.has_qualified_name("xlink:href"));
        assert!(prefixed.has_qualified_name("xlink:href"));
        assert!(!prefixed.has_qualified_name("href"));
        assert!(!prefixed.has_qualified_name("xlinkhref"));
        assert_eq!(prefixed.qualified_name(), "xlink:href");
    }
}
