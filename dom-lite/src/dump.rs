//! The html5lib tree-construction test format (`| <html>` lines), for tests.

use markup5ever::ns;

use crate::dom::Dom;
use crate::node::{DoctypeData, NodeData, NodeId};

impl Dom {
    /// Dumps a tree in the html5lib tree-construction format: the children of
    /// a document or fragment, else the node itself, one `| `-prefixed line
    /// each, attributes sorted, template contents under `content`.
    pub fn dump(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut stack: Vec<(NodeId, usize)> = Vec::new();
        match self.data(id) {
            NodeData::Document { .. } | NodeData::DocumentFragment => {
                stack.extend(self.children(id).rev().map(|c| (c, 0)));
            }
            _ => stack.push((id, 0)),
        }
        while let Some((node, depth)) = stack.pop() {
            match self.data(node) {
                NodeData::Element(e) => {
                    let prefix = if e.name.ns == ns!(html) {
                        String::new()
                    } else if e.name.ns == ns!(svg) {
                        "svg ".to_owned()
                    } else if e.name.ns == ns!(mathml) {
                        "math ".to_owned()
                    } else {
                        format!("{} ", e.name.ns)
                    };
                    line(&mut out, depth, &format!("<{prefix}{}>", e.name.local));
                    let mut attrs: Vec<String> = self
                        .attrs_of(e)
                        .iter()
                        .map(|a| {
                            let name = match &a.name.prefix {
                                Some(prefix) => format!("{prefix} {}", a.name.local),
                                None => a.name.local.to_string(),
                            };
                            format!("{name}=\"{}\"", a.value)
                        })
                        .collect();
                    attrs.sort();
                    for attr in attrs {
                        line(&mut out, depth + 1, &attr);
                    }
                    stack.extend(self.children(node).rev().map(|c| (c, depth + 1)));
                    if let Some(contents) = self.template_contents(node) {
                        stack.extend(self.children(contents).rev().map(|c| (c, depth + 2)));
                        line(&mut out, depth + 1, "content");
                    }
                }
                NodeData::Text(text) => line(&mut out, depth, &format!("\"{text}\"")),
                NodeData::Comment(text) => line(&mut out, depth, &format!("<!-- {text} -->")),
                NodeData::CDataSection(text) => {
                    line(&mut out, depth, &format!("<![CDATA[{text}]]>"));
                }
                NodeData::ProcessingInstruction { target, data } => {
                    line(&mut out, depth, &format!("<?{target} {data}>"));
                }
                NodeData::Doctype(doctype) => {
                    let DoctypeData {
                        name,
                        public_id,
                        system_id,
                    } = &**doctype;
                    let ids = if public_id.is_empty() && system_id.is_empty() {
                        String::new()
                    } else {
                        format!(" \"{public_id}\" \"{system_id}\"")
                    };
                    line(&mut out, depth, &format!("<!DOCTYPE {name}{ids}>"));
                }
                NodeData::Document { .. } => line(&mut out, depth, "#document"),
                NodeData::DocumentFragment => line(&mut out, depth, "#document-fragment"),
            }
        }
        out
    }
}

fn line(out: &mut String, depth: usize, text: &str) {
    out.push_str("| ");
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(text);
    out.push('\n');
}
