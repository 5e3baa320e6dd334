//! Document-level queries: the root element, head, body, title, and lookups by id,
//! tag name and class.

use markup5ever::local_name;

use crate::dom::{Dom, qualified_name};
use crate::node::{NodeData, NodeId, QuirksMode, is_html_ns};

impl Dom {
    /// `document.documentElement`: the document's element child.
    pub fn document_element(&self, doc: NodeId) -> Option<NodeId> {
        self.children(doc).find(|&c| self.is_element(c))
    }

    /// `document.head`: the first `<head>` child of the `<html>` root.
    pub fn head(&self, doc: NodeId) -> Option<NodeId> {
        let html = self
            .document_element(doc)
            .filter(|&h| self.is_html_element(h, "html"))?;
        self.children(html)
            .find(|&c| self.is_html_element(c, "head"))
    }

    /// `document.body`: the first `<body>` or `<frameset>` child of the `<html>` root.
    pub fn body(&self, doc: NodeId) -> Option<NodeId> {
        let html = self
            .document_element(doc)
            .filter(|&h| self.is_html_element(h, "html"))?;
        self.children(html)
            .find(|&c| self.is_html_element(c, "body") || self.is_html_element(c, "frameset"))
    }

    /// The document's title element: the first HTML `<title>` in tree order.
    fn title_element(&self, doc: NodeId) -> Option<NodeId> {
        self.descendants(doc)
            .find(|&n| self.is_html_element(n, "title"))
    }

    /// `document.title`: the title element's child text with ASCII whitespace
    /// stripped and collapsed, or `""`.
    pub fn title(&self, doc: NodeId) -> String {
        // https://html.spec.whatwg.org/multipage/dom.html#document.title
        let Some(title) = self.title_element(doc) else {
            return String::new();
        };
        self.child_text_content(title)
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The `document.title` setter: replaces the title element's children, or
    /// appends a new `<title>` to the head; does nothing without either.
    pub fn set_title(&mut self, doc: NodeId, value: &str) {
        // https://html.spec.whatwg.org/multipage/dom.html#document.title
        let title = match self.title_element(doc) {
            Some(title) => title,
            None => {
                let Some(head) = self.head(doc) else {
                    return;
                };
                let title = self.create_element_with_name(doc, crate::node::html_name("title"));
                self.insert_node(title, head, None);
                title
            }
        };
        self.set_text_content(title, Some(value));
    }

    /// `getElementById(id)`: the first element descendant of `root` in tree
    /// order whose `id` is `id`.
    pub fn get_element_by_id(&self, root: NodeId, id: &str) -> Option<NodeId> {
        if id.is_empty() {
            return None;
        }
        self.descendants(root)
            .find(|&n| self.attribute(n, "id") == Some(id))
    }

    /// `getElementsByTagName(name)`: element descendants of `root` in tree
    /// order; `*` matches all, HTML elements match the lowercased name.
    pub fn get_elements_by_tag_name(&self, root: NodeId, name: &str) -> Vec<NodeId> {
        // https://dom.spec.whatwg.org/#concept-getelementsbytagname
        let lower = name.to_ascii_lowercase();
        self.descendants(root)
            .filter(|&n| {
                let Some(e) = self.element(n) else {
                    return false;
                };
                if name == "*" {
                    return true;
                }
                let wanted = if is_html_ns(&e.name.ns) && self.is_html_document(n) {
                    lower.as_str()
                } else {
                    name
                };
                match &e.name.prefix {
                    None => &*e.name.local == wanted,
                    Some(_) => qualified_name(&e.name) == wanted,
                }
            })
            .collect()
    }

    /// `getElementsByClassName(names)`: element descendants of `root` in tree
    /// order having every class in the whitespace-separated `names` (ASCII
    /// case-insensitively in quirks mode).
    pub fn get_elements_by_class_name(&self, root: NodeId, names: &str) -> Vec<NodeId> {
        // https://dom.spec.whatwg.org/#concept-getelementsbyclassname
        let wanted: Vec<&str> = names.split_ascii_whitespace().collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        let quirks = self.quirks_mode(root) == QuirksMode::Quirks;
        self.descendants(root)
            .filter(|&n| {
                let Some(class) = self.attribute(n, "class") else {
                    return false;
                };
                wanted.iter().all(|w| {
                    class.split_ascii_whitespace().any(|c| {
                        if quirks {
                            c.eq_ignore_ascii_case(w)
                        } else {
                            c == *w
                        }
                    })
                })
            })
            .collect()
    }

    /// Whether `id` is a document.
    pub fn is_document(&self, id: NodeId) -> bool {
        matches!(self.data(id), NodeData::Document { .. })
    }

    /// The nearest inclusive ancestor `<form>` of `id`, for fragment parsing.
    pub(crate) fn form_ancestor(&self, id: NodeId) -> Option<NodeId> {
        std::iter::once(id).chain(self.ancestors(id)).find(|&n| {
            self.element(n)
                .is_some_and(|e| e.is_html(&local_name!("form")))
        })
    }
}
