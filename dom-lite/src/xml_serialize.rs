//! The XML serialization algorithm (`XMLSerializer`, and `innerHTML` /
//! `outerHTML` in XML documents), with its namespace prefix bookkeeping;
//! iterative, so deep trees serialize without growing the native stack.
//!
//! <https://w3c.github.io/DOM-Parsing/#xml-serialization> ("XML Serialization"),
//! with the "require well-formed" flag unset (what `XMLSerializer` and the
//! getters use): nothing throws.

use std::collections::HashMap;

use markup5ever::ns;

use crate::dom::Dom;
use crate::node::{DoctypeData, NodeData, NodeId};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// https://w3c.github.io/DOM-Parsing/#dfn-namespace-prefix-map ("namespace prefix map"):
/// namespace (None for the null namespace) -> its prefixes, oldest first.
type PrefixMap = HashMap<Option<String>, Vec<String>>;

/// What serializing a node's children needs from their parent.
#[derive(Clone)]
struct Context {
    namespace: Option<String>,
    map: PrefixMap,
}

enum Visit {
    Enter(NodeId, Context),
    /// The end tag to write after an element's children.
    Close(String),
}

impl Dom {
    /// `new XMLSerializer().serializeToString(id)`: `id` and its subtree.
    pub fn xml_serialize(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut index = 1;
        let mut map = PrefixMap::new();
        map.insert(Some(XML_NS.to_owned()), vec!["xml".to_owned()]);
        self.xml_serialize_into(
            id,
            Context {
                namespace: None,
                map,
            },
            &mut index,
            &mut out,
        );
        out
    }

    /// The XML serialization of `id`'s children (a template's contents):
    /// the `innerHTML` getter in an XML document.
    pub fn xml_inner(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut index = 1;
        let container = self.template_contents(id).unwrap_or(id);
        let mut map = PrefixMap::new();
        map.insert(Some(XML_NS.to_owned()), vec!["xml".to_owned()]);
        let context = Context {
            namespace: None,
            map,
        };
        for child in self.children(container) {
            self.xml_serialize_into(child, context.clone(), &mut index, &mut out);
        }
        out
    }

    fn xml_serialize_into(
        &self,
        root: NodeId,
        context: Context,
        index: &mut u32,
        out: &mut String,
    ) {
        let mut stack = vec![Visit::Enter(root, context)];
        while let Some(visit) = stack.pop() {
            let (id, context) = match visit {
                Visit::Close(end) => {
                    out.push_str(&end);
                    continue;
                }
                Visit::Enter(id, context) => (id, context),
            };
            match self.data(id) {
                NodeData::Element(_) => {
                    if let Some((end, children_context)) =
                        self.xml_start_tag(id, context, index, out)
                    {
                        stack.push(Visit::Close(end));
                        let container = self.template_contents(id).unwrap_or(id);
                        stack.extend(
                            self.children(container)
                                .rev()
                                .map(|c| Visit::Enter(c, children_context.clone())),
                        );
                    }
                }
                NodeData::Document { .. } | NodeData::DocumentFragment => {
                    stack.extend(
                        self.children(id)
                            .rev()
                            .map(|c| Visit::Enter(c, context.clone())),
                    );
                }
                NodeData::Text(text) => escape_text(out, text),
                NodeData::CDataSection(text) => {
                    out.push_str("<![CDATA[");
                    out.push_str(text);
                    out.push_str("]]>");
                }
                NodeData::Comment(text) => {
                    out.push_str("<!--");
                    out.push_str(text);
                    out.push_str("-->");
                }
                NodeData::ProcessingInstruction { target, data } => {
                    out.push_str("<?");
                    out.push_str(target);
                    out.push(' ');
                    out.push_str(data);
                    out.push_str("?>");
                }
                NodeData::Doctype(doctype) => {
                    let DoctypeData {
                        name,
                        public_id,
                        system_id,
                    } = &**doctype;
                    out.push_str("<!DOCTYPE ");
                    out.push_str(name);
                    if !public_id.is_empty() {
                        out.push_str(" PUBLIC \"");
                        out.push_str(public_id);
                        out.push('"');
                    }
                    if !system_id.is_empty() {
                        if public_id.is_empty() {
                            out.push_str(" SYSTEM");
                        }
                        out.push_str(" \"");
                        out.push_str(system_id);
                        out.push('"');
                    }
                    out.push('>');
                }
            }
        }
    }

    /// https://w3c.github.io/DOM-Parsing/#xml-serializing-an-element-node ("XML serializing an Element node"),
    /// steps 1-16: writes the start tag; returns the end tag and the
    /// children's context, or `None` when the tag closed itself.
    fn xml_start_tag(
        &self,
        id: NodeId,
        context: Context,
        index: &mut u32,
        out: &mut String,
    ) -> Option<(String, Context)> {
        let e = self.element(id)?;
        let local = e.name.local.to_string();
        let ns: Option<String> = (!e.name.ns.is_empty()).then(|| e.name.ns.to_string());
        let prefix: Option<String> = e.name.prefix.as_ref().map(|p| p.to_string());
        // 5-7. This element's namespace declarations.
        let mut map = context.map;
        let mut local_prefixes: HashMap<String, Option<String>> = HashMap::new();
        let local_default = self.record_namespaces(id, &mut map, &mut local_prefixes);
        let mut inherited = context.namespace;
        let mut ignore_namespace_definition = false;
        let qualified;
        let mut markup = String::from("<");
        if inherited == ns {
            // 10. Same namespace as the parent.
            if local_default.is_some() {
                ignore_namespace_definition = true;
            }
            qualified = if ns.as_deref() == Some(XML_NS) {
                format!("xml:{local}")
            } else {
                local.clone()
            };
            markup.push_str(&qualified);
        } else {
            // 11.
            let mut prefix = prefix;
            let mut candidate = preferred_prefix(prefix.as_deref(), &map, &ns);
            if prefix.as_deref() == Some("xmlns") {
                candidate = None;
                prefix = None;
            }
            if let Some(candidate) = candidate {
                qualified = format!("{candidate}:{local}");
                if let Some(d) = &local_default
                    && d.as_deref() != Some(XML_NS)
                {
                    inherited = d.clone();
                }
                markup.push_str(&qualified);
            } else if let Some(p) = prefix {
                let p = if local_prefixes.contains_key(&p) {
                    generate_prefix(&mut map, &ns, index)
                } else {
                    map.entry(ns.clone()).or_default().push(p.clone());
                    p
                };
                qualified = format!("{p}:{local}");
                markup.push_str(&qualified);
                markup.push_str(&format!(" xmlns:{p}=\""));
                escape_attr(&mut markup, ns.as_deref().unwrap_or(""));
                markup.push('"');
                if let Some(d) = &local_default {
                    inherited = d.clone();
                }
            } else if local_default.is_none() || local_default.as_ref() != Some(&ns) {
                ignore_namespace_definition = true;
                qualified = local.clone();
                inherited = ns.clone();
                markup.push_str(&qualified);
                markup.push_str(" xmlns=\"");
                escape_attr(&mut markup, ns.as_deref().unwrap_or(""));
                markup.push('"');
            } else {
                qualified = local.clone();
                inherited = ns.clone();
                markup.push_str(&qualified);
            }
        }
        // 12. The attributes.
        self.xml_attributes(
            id,
            &mut map,
            &local_prefixes,
            ignore_namespace_definition,
            index,
            &mut markup,
        );
        // 13-15. Empty elements close themselves.
        let has_children = self
            .first_child(self.template_contents(id).unwrap_or(id))
            .is_some();
        let is_html = e.name.ns == ns!(html);
        if !has_children && (!is_html || crate::serialize::is_void(&local)) {
            markup.push_str(if is_html { " />" } else { "/>" });
            out.push_str(&markup);
            return None;
        }
        markup.push('>');
        out.push_str(&markup);
        Some((
            format!("</{qualified}>"),
            Context {
                namespace: inherited,
                map,
            },
        ))
    }

    /// https://w3c.github.io/DOM-Parsing/#recording-the-namespace-information ("recording the namespace information"):
    /// the element's xmlns:prefix declarations go in `map` and
    /// `local_prefixes`; returns its xmlns default declaration, if any
    /// (`Some(None)` for `xmlns=""`).
    fn record_namespaces(
        &self,
        id: NodeId,
        map: &mut PrefixMap,
        local_prefixes: &mut HashMap<String, Option<String>>,
    ) -> Option<Option<String>> {
        let mut default = None;
        for attr in self.attributes(id) {
            if &*attr.name.ns != XMLNS_NS {
                continue;
            }
            match &attr.name.prefix {
                None => default = Some((!attr.value.is_empty()).then(|| attr.value.to_string())),
                Some(_) => {
                    let prefix = attr.name.local.to_string();
                    if attr.value == XML_NS {
                        continue;
                    }
                    let namespace = (!attr.value.is_empty()).then(|| attr.value.to_string());
                    if map.get(&namespace).is_some_and(|l| l.contains(&prefix)) {
                        continue;
                    }
                    map.entry(namespace.clone())
                        .or_default()
                        .push(prefix.clone());
                    local_prefixes.insert(prefix, namespace);
                }
            }
        }
        default
    }

    /// https://w3c.github.io/DOM-Parsing/#dfn-xml-serialization-of-the-attributes ("XML serialization of the attributes")
    fn xml_attributes(
        &self,
        id: NodeId,
        map: &mut PrefixMap,
        local_prefixes: &HashMap<String, Option<String>>,
        ignore_namespace_definition: bool,
        index: &mut u32,
        out: &mut String,
    ) {
        for attr in self.attributes(id) {
            let ns: Option<String> = (!attr.name.ns.is_empty()).then(|| attr.name.ns.to_string());
            let prefix = attr.name.prefix.as_ref().map(|p| p.to_string());
            let local = attr.name.local.to_string();
            let mut candidate = None;
            if let Some(attr_ns) = &ns {
                candidate = preferred_prefix(prefix.as_deref(), map, &ns);
                if attr_ns == XMLNS_NS {
                    let skip = attr.value == XML_NS
                        || (prefix.is_none() && ignore_namespace_definition)
                        || (prefix.is_some()
                            && local_prefixes
                                .get(&local)
                                .map(|v| v.as_deref().unwrap_or(""))
                                != Some(attr.value.as_str()));
                    if skip {
                        continue;
                    }
                    if prefix.as_deref() == Some("xmlns") {
                        candidate = Some("xmlns".to_owned());
                    }
                } else if candidate.is_none() {
                    let p = generate_prefix(map, &ns, index);
                    out.push_str(&format!(" xmlns:{p}=\""));
                    escape_attr(out, attr_ns);
                    out.push('"');
                    candidate = Some(p);
                }
            }
            out.push(' ');
            if let Some(c) = candidate {
                out.push_str(&c);
                out.push(':');
            }
            out.push_str(&local);
            out.push_str("=\"");
            escape_attr(out, &attr.value);
            out.push('"');
        }
    }
}

/// https://w3c.github.io/DOM-Parsing/#dfn-retrieving-a-preferred-prefix-string ("retrieving a preferred prefix string")
fn preferred_prefix(
    preferred: Option<&str>,
    map: &PrefixMap,
    ns: &Option<String>,
) -> Option<String> {
    let candidates = map.get(ns)?;
    candidates
        .iter()
        .find(|c| Some(c.as_str()) == preferred)
        .or_else(|| candidates.last())
        .cloned()
}

/// https://w3c.github.io/DOM-Parsing/#dfn-generating-a-prefix ("generating a prefix")
fn generate_prefix(map: &mut PrefixMap, ns: &Option<String>, index: &mut u32) -> String {
    let prefix = format!("ns{index}");
    *index += 1;
    map.entry(ns.clone()).or_default().push(prefix.clone());
    prefix
}

/// https://w3c.github.io/DOM-Parsing/#dfn-serializing-an-attribute-value ("serializing an attribute value")
fn escape_attr(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// https://w3c.github.io/DOM-Parsing/#xml-serializing-a-text-node ("XML serializing a Text node")
fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}
