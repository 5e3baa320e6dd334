//! The HTML fragment serialization algorithm (`innerHTML` / `outerHTML` getters),
//! iterative so deep trees serialize without growing the native stack.

use std::borrow::Cow;

use markup5ever::{QualName, ns};

use crate::dom::{Dom, qualified_name};
use crate::node::{ElementData, NodeData, NodeId};

/// https://html.spec.whatwg.org/multipage/syntax.html#void-elements (plus the
/// legacy ones the serializer also treats as void).
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Whether `local` names a void HTML element.
pub(crate) fn is_void(local: &str) -> bool {
    VOID_ELEMENTS.contains(&local)
}

enum Visit {
    Enter(NodeId),
    Exit(NodeId),
    /// A shadow root serialized as a `<template shadowrootmode>` (`getHTML`).
    Shadow(NodeId),
    ShadowExit,
}

/// Which shadow roots `getHTML()` serializes: the serializable ones if
/// asked, and those it names.
#[derive(Clone, Copy)]
pub(crate) struct ShadowRoots<'a> {
    pub(crate) serializable: bool,
    pub(crate) named: &'a [NodeId],
}

impl Dom {
    /// The `innerHTML` getter: `id`'s children (a template's contents)
    /// serialized (as XML in an XML document).
    pub fn inner_html(&self, id: NodeId) -> String {
        if !self.is_html_document(id) {
            return self.xml_inner(id);
        }
        // https://html.spec.whatwg.org/multipage/parsing.html#serialising-html-fragments
        let mut out = String::new();
        let container = self.template_contents(id).unwrap_or(id);
        for child in self.children(container) {
            self.serialize_into(child, &mut out, None);
        }
        out
    }

    /// `getHTML(options)`: like the `innerHTML` getter, with the shadow
    /// roots `shadow` selects serialized as declarative ones
    /// (<https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#html-fragment-serialisation-algorithm>).
    pub(crate) fn html_with_shadow_roots(&self, id: NodeId, shadow: ShadowRoots<'_>) -> String {
        let mut out = String::new();
        if let Some(root) = self.serialized_shadow_root(id, shadow) {
            self.serialize_into(root, &mut out, Some(shadow));
        }
        let container = self.template_contents(id).unwrap_or(id);
        for child in self.children(container) {
            self.serialize_into(child, &mut out, Some(shadow));
        }
        out
    }

    /// The shadow root of `host`, if `shadow` selects it.
    fn serialized_shadow_root(&self, host: NodeId, shadow: ShadowRoots<'_>) -> Option<NodeId> {
        let root = self.shadow_root(host)?;
        let data = self.shadow_root_data(root)?;
        ((shadow.serializable && data.serializable) || shadow.named.contains(&root)).then_some(root)
    }

    /// The `outerHTML` getter: `id` itself and its subtree serialized (as XML
    /// in an XML document).
    pub fn outer_html(&self, id: NodeId) -> String {
        if !self.is_html_document(id) {
            return self.xml_serialize(id);
        }
        let mut out = String::new();
        self.serialize_into(id, &mut out, None);
        out
    }

    /// Serializes `root` (a shadow root as its declarative template when
    /// `shadow` is given).
    fn serialize_into(&self, root: NodeId, out: &mut String, shadow: Option<ShadowRoots<'_>>) {
        let first = if shadow.is_some() && self.is_shadow_root(root) {
            Visit::Shadow(root)
        } else {
            Visit::Enter(root)
        };
        let mut stack = vec![first];
        while let Some(visit) = stack.pop() {
            let id = match visit {
                Visit::ShadowExit => {
                    out.push_str("</template>");
                    continue;
                }
                Visit::Shadow(root) => {
                    if let Some(data) = self.shadow_root_data(root) {
                        out.push_str(if data.closed {
                            "<template shadowrootmode=\"closed\""
                        } else {
                            "<template shadowrootmode=\"open\""
                        });
                        if data.delegates_focus {
                            out.push_str(" shadowrootdelegatesfocus=\"\"");
                        }
                        if data.serializable {
                            out.push_str(" shadowrootserializable=\"\"");
                        }
                        if data.clonable {
                            out.push_str(" shadowrootclonable=\"\"");
                        }
                        out.push('>');
                    }
                    stack.push(Visit::ShadowExit);
                    stack.extend(self.children(root).rev().map(Visit::Enter));
                    continue;
                }
                Visit::Exit(id) => {
                    if let Some(e) = self.element(id) {
                        out.push_str("</");
                        out.push_str(&tag_name(&e.name));
                        out.push('>');
                    }
                    continue;
                }
                Visit::Enter(id) => id,
            };
            match self.data(id) {
                NodeData::Element(e) => {
                    out.push('<');
                    out.push_str(&tag_name(&e.name));
                    for attr in self.attrs_of(e) {
                        out.push(' ');
                        push_attr_name(out, &attr.name);
                        out.push_str("=\"");
                        escape(out, &attr.value, true);
                        out.push('"');
                    }
                    out.push('>');
                    if e.name.ns == ns!(html) && VOID_ELEMENTS.contains(&&*e.name.local) {
                        continue;
                    }
                    stack.push(Visit::Exit(id));
                    let container = self.template_contents(id).unwrap_or(id);
                    stack.extend(self.children(container).rev().map(Visit::Enter));
                    if let Some(root) = shadow.and_then(|s| self.serialized_shadow_root(id, s)) {
                        stack.push(Visit::Shadow(root));
                    }
                }
                NodeData::Text(text) => {
                    let raw = self
                        .parent(id)
                        .and_then(|p| self.element(p))
                        .is_some_and(ElementData::is_raw_text_container);
                    if raw {
                        out.push_str(text);
                    } else {
                        escape(out, text, false);
                    }
                }
                NodeData::Comment(text) => {
                    out.push_str("<!--");
                    out.push_str(text);
                    out.push_str("-->");
                }
                // A CDATA section is a Text node to the HTML serializer.
                NodeData::CDataSection(text) => escape(out, text, false),
                NodeData::ProcessingInstruction { target, data } => {
                    out.push_str("<?");
                    out.push_str(target);
                    out.push(' ');
                    out.push_str(data);
                    out.push('>');
                }
                NodeData::Doctype(doctype) => {
                    let name = &doctype.name;
                    out.push_str("<!DOCTYPE ");
                    out.push_str(name);
                    out.push('>');
                }
                NodeData::Document { .. } | NodeData::DocumentFragment => {
                    stack.extend(self.children(id).rev().map(Visit::Enter));
                }
            }
        }
    }
}

impl ElementData {
    /// Whether text children serialize unescaped (scripting is enabled, so `noscript` too).
    pub(crate) fn is_raw_text_container(&self) -> bool {
        self.name.ns == ns!(html)
            && matches!(
                &*self.name.local,
                "style"
                    | "script"
                    | "xmp"
                    | "iframe"
                    | "noembed"
                    | "noframes"
                    | "plaintext"
                    | "noscript"
            )
    }
}

/// HTML, SVG and MathML elements serialize by local name, others by qualified name.
fn tag_name(name: &QualName) -> Cow<'_, str> {
    if name.ns == ns!(html) || name.ns == ns!(svg) || name.ns == ns!(mathml) {
        Cow::Borrowed(&name.local)
    } else {
        qualified_name(name)
    }
}

fn push_attr_name(out: &mut String, name: &QualName) {
    let prefix = if name.ns == ns!() {
        None
    } else if name.ns == ns!(xml) {
        Some("xml")
    } else if name.ns == ns!(xmlns) {
        (&*name.local != "xmlns").then_some("xmlns")
    } else if name.ns == ns!(xlink) {
        Some("xlink")
    } else {
        out.push_str(&qualified_name(name));
        return;
    };
    if let Some(prefix) = prefix {
        out.push_str(prefix);
        out.push(':');
    }
    out.push_str(&name.local);
}

/// https://html.spec.whatwg.org/multipage/parsing.html#escapingString
fn escape(out: &mut String, text: &str, attribute_mode: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute_mode => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_differs_between_text_and_attribute_mode() {
        let mut text = String::new();
        escape(&mut text, "&<>\"'\u{a0}é", false);
        assert_eq!(text, "&amp;&lt;&gt;\"'&nbsp;é");
        let mut attr = String::new();
        escape(&mut attr, "&<>\"'\u{a0}é", true);
        assert_eq!(attr, "&amp;&lt;&gt;&quot;'&nbsp;é");
    }
}
