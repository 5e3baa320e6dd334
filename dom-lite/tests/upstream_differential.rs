//! The patched html5ever in `vendor/` (with dom-lite's sink) against the
//! unpatched crates.io release (with a plain sink of its own, here): the
//! trees of random documents, also parsed as fragments in five contexts,
//! must be the same, in the html5lib dump format. Every `isohost patch:` of
//! `vendor/html5ever` claims to change no tree; this holds it to that.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use dom_lite::{Dom, LocalName, Namespace, QualName};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ParseOpts};
use html5ever_upstream as html5ever;
use html5ever_upstream::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use markup5ever::ns;

/// xorshift64: the same documents on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const TAGS: &[&str] = &[
    "div",
    "span",
    "a",
    "b",
    "i",
    "p",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "template",
    "svg",
    "script",
    "math",
    "mi",
    "select",
    "option",
    "li",
    "ul",
    "form",
    "button",
    "title",
    "textarea",
    "body",
    "html",
    "head",
    "foreignObject",
    "desc",
    "annotation-xml",
    "style",
    "iframe",
    "nobr",
    "em",
    "h1",
    "caption",
    "col",
    "colgroup",
    "frameset",
    "noscript",
    "pre",
    "listing",
    "plaintext",
    "xmp",
    "image",
    "font",
    "input",
    "br",
    "hr",
    "img",
    "circle",
    "DIV",
    "Svg",
    "SCRIPT",
    "a",
    "a",
    "b",
    "span",
    "div",
    "section",
    "dd",
    "nobr",
    "a",
    // The rest of the `<div>` names the tree builder takes at once in body.
    "ol",
    "dl",
    "article",
    "nav",
    "header",
    "footer",
    "main",
    "aside",
    // And the formatting elements it takes at once.
    "big",
    "code",
    "s",
    "small",
    "strike",
    "strong",
    "tt",
    "u",
];
const ATTRS: &[&str] = &[
    "class",
    "id",
    "href",
    "title",
    "xlink:href",
    "xml:lang",
    "xmlns",
    "definitionurl",
    "encoding",
    "color",
    "type",
    "data-x",
    "CLASS",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
];
const VALUES: &[&str] = &[
    "\"v\"",
    "\"a b\"",
    "x",
    "'q'",
    "\"&amp;\"",
    "\"&lt\"",
    "\"text/html\"",
    "\"abcdefgh\"",
    "\"\"",
    "\"hidden\"",
    "\"r1\"",
    "\"row r2\"",
    "\"/x/1\"",
    "\"a\nb\"",
    "\"a\r\nb\"",
];
const TEXT: &[&str] = &[
    "t",
    " ",
    "\n",
    "\r\n",
    "\r",
    "&amp;",
    "&lt;",
    "&gt",
    "&nbsp;",
    "&#x41;",
    "&notin;",
    "x y",
    "\0",
    "<!-- c -->",
    "<!--a-b-->",
    "<!-->",
    "<!DOCTYPE html>",
    "</",
    "<",
    "&",
    "é",
    "<![CDATA[x]]>",
    "<?pi?>",
    "</p>",
    "</br>",
    "</a>",
    "</table>",
    "</template>",
    "</svg>",
    "</script>",
    "</SCRIPT>",
    "item 1 &amp; more",
    "<!-- c12 -->",
    "</div>",
    "</span>",
    "\t",
    "<a href=\"/x/1\">link</a>",
    "<div class=\"row r1\" id=\"d1\">",
    "<span title=\"t\">",
];

fn document(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.next() % 40 {
        match rng.next() % 4 {
            0 | 1 => {
                s.push('<');
                if rng.next().is_multiple_of(3) {
                    s.push('/');
                }
                s.push_str(rng.pick(TAGS));
                for _ in 0..rng.next() % 4 {
                    s.push(if rng.next().is_multiple_of(5) {
                        '\t'
                    } else {
                        ' '
                    });
                    s.push_str(rng.pick(ATTRS));
                    if !rng.next().is_multiple_of(3) {
                        s.push('=');
                        s.push_str(rng.pick(VALUES));
                    }
                }
                if rng.next().is_multiple_of(6) {
                    s.push('/');
                }
                s.push('>');
            }
            _ => s.push_str(rng.pick(TEXT)),
        }
    }
    s
}

/// A node of the plain tree the upstream parser builds.
enum Data {
    Document,
    Doctype(String, String, String),
    Text(String),
    Comment(String),
    Pi(String, String),
    Element {
        name: QualName,
        attrs: Vec<(QualName, String)>,
        template: Option<usize>,
        annotation_xml_integration_point: bool,
    },
}

struct Node {
    data: Data,
    parent: Option<usize>,
    children: Vec<usize>,
}

#[derive(Default)]
struct Plain {
    nodes: RefCell<Vec<Node>>,
    quirks: Cell<bool>,
}

#[derive(Debug)]
struct Name(Namespace, LocalName);

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0
    }

    fn local_name(&self) -> &LocalName {
        &self.1
    }
}

impl Plain {
    fn new() -> Self {
        let plain = Plain::default();
        plain.push(Data::Document);
        plain
    }

    fn push(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            data,
            parent: None,
            children: Vec::new(),
        });
        nodes.len() - 1
    }

    fn detach(&self, node: usize) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(parent) = nodes[node].parent.take() {
            nodes[parent].children.retain(|&c| c != node);
        }
    }

    /// Inserts `child` into `parent` at `index` (or last), text merged
    /// into a Text node before it.
    fn insert(&self, parent: usize, index: Option<usize>, child: NodeOrText<usize>) {
        let child = match child {
            NodeOrText::AppendNode(n) => {
                self.detach(n);
                n
            }
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                let at = index.unwrap_or(nodes[parent].children.len());
                if at > 0 {
                    let before = nodes[parent].children[at - 1];
                    if let Data::Text(t) = &mut nodes[before].data {
                        t.push_str(&text);
                        return;
                    }
                }
                drop(nodes);
                self.push(Data::Text(text.to_string()))
            }
        };
        let mut nodes = self.nodes.borrow_mut();
        let at = index.unwrap_or(nodes[parent].children.len());
        nodes[parent].children.insert(at, child);
        nodes[child].parent = Some(parent);
    }

    fn dump_children(&self, of: usize) -> String {
        let mut out = String::new();
        let nodes = self.nodes.borrow();
        let mut stack: Vec<(usize, usize)> =
            nodes[of].children.iter().rev().map(|&c| (c, 0)).collect();
        while let Some((n, depth)) = stack.pop() {
            let text = match &nodes[n].data {
                Data::Element {
                    name,
                    attrs,
                    template,
                    ..
                } => {
                    let prefix = if name.ns == ns!(html) {
                        String::new()
                    } else if name.ns == ns!(svg) {
                        "svg ".to_owned()
                    } else if name.ns == ns!(mathml) {
                        "math ".to_owned()
                    } else {
                        format!("{} ", name.ns)
                    };
                    line(&mut out, depth, &format!("<{prefix}{}>", name.local));
                    let mut attrs: Vec<String> = attrs
                        .iter()
                        .map(|(name, value)| match &name.prefix {
                            Some(prefix) => format!("{prefix} {}=\"{value}\"", name.local),
                            None => format!("{}=\"{value}\"", name.local),
                        })
                        .collect();
                    attrs.sort();
                    for attr in attrs {
                        line(&mut out, depth + 1, &attr);
                    }
                    stack.extend(nodes[n].children.iter().rev().map(|&c| (c, depth + 1)));
                    if let Some(contents) = template {
                        stack.extend(
                            nodes[*contents]
                                .children
                                .iter()
                                .rev()
                                .map(|&c| (c, depth + 2)),
                        );
                        line(&mut out, depth + 1, "content");
                    }
                    continue;
                }
                Data::Text(t) => format!("\"{t}\""),
                Data::Comment(t) => format!("<!-- {t} -->"),
                Data::Pi(target, data) => format!("<?{target} {data}>"),
                Data::Doctype(name, public, system) => {
                    if public.is_empty() && system.is_empty() {
                        format!("<!DOCTYPE {name}>")
                    } else {
                        format!("<!DOCTYPE {name} \"{public}\" \"{system}\">")
                    }
                }
                Data::Document => "#document".to_owned(),
            };
            line(&mut out, depth, &text);
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

impl TreeSink for Plain {
    type Handle = usize;
    type Output = Self;
    type ElemName<'a> = Name;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Name {
        match &self.nodes.borrow()[*target].data {
            Data::Element { name, .. } => Name(name.ns.clone(), name.local.clone()),
            _ => Name(ns!(), LocalName::from("")),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let template = flags.template.then(|| self.push(Data::Document));
        self.push(Data::Element {
            name,
            attrs: attrs
                .into_iter()
                .map(|a| (a.name, a.value.to_string()))
                .collect(),
            template,
            annotation_xml_integration_point: flags.mathml_annotation_xml_integration_point,
        })
    }

    fn create_comment(&self, text: StrTendril) -> usize {
        self.push(Data::Comment(text.to_string()))
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> usize {
        self.push(Data::Pi(target.to_string(), data.to_string()))
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(&self, element: &usize, prev: &usize, child: NodeOrText<usize>) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        let doctype = self.push(Data::Doctype(
            name.to_string(),
            public.to_string(),
            system.to_string(),
        ));
        self.insert(0, None, NodeOrText::AppendNode(doctype));
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        match &self.nodes.borrow()[*target].data {
            Data::Element {
                template: Some(t), ..
            } => *t,
            _ => panic!("not a template"),
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.quirks.set(mode == QuirksMode::Quirks);
    }

    fn append_before_sibling(&self, sibling: &usize, child: NodeOrText<usize>) {
        let Some(parent) = self.nodes.borrow()[*sibling].parent else {
            return;
        };
        if let NodeOrText::AppendNode(n) = &child {
            self.detach(*n);
        }
        let index = self.nodes.borrow()[parent]
            .children
            .iter()
            .position(|c| c == sibling);
        self.insert(parent, index, child);
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Data::Element {
            attrs: existing, ..
        } = &mut self.nodes.borrow_mut()[*target].data
        {
            for a in attrs {
                if !existing.iter().any(|(n, _)| *n == a.name) {
                    existing.push((a.name, a.value.to_string()));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let children = std::mem::take(&mut self.nodes.borrow_mut()[*node].children);
        for c in children {
            self.nodes.borrow_mut()[c].parent = None;
            self.insert(*new_parent, None, NodeOrText::AppendNode(c));
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &usize) -> bool {
        matches!(
            self.nodes.borrow()[*handle].data,
            Data::Element {
                annotation_xml_integration_point: true,
                ..
            }
        )
    }

    fn allow_declarative_shadow_roots(&self, _intended_parent: &usize) -> bool {
        false
    }
}

/// The contexts each document is also parsed in as a fragment.
const CONTEXTS: &[(&str, &str)] = &[
    ("http://www.w3.org/1999/xhtml", "body"),
    ("http://www.w3.org/1999/xhtml", "template"),
    ("http://www.w3.org/1999/xhtml", "table"),
    ("http://www.w3.org/1999/xhtml", "select"),
    ("http://www.w3.org/2000/svg", "svg"),
];

fn upstream_document(html: &str) -> String {
    let plain = html5ever::parse_document(Plain::new(), ParseOpts::default()).one(html);
    plain.dump_children(0)
}

fn upstream_fragment(html: &str, ns: &str, local: &str) -> String {
    let name = QualName::new(None, Namespace::from(ns), LocalName::from(local));
    let plain =
        html5ever::parse_fragment(Plain::new(), ParseOpts::default(), name, Vec::new(), true)
            .one(html);
    // The result is the children of the root `html` element.
    let root = plain.nodes.borrow()[0].children.first().copied();
    root.map(|r| plain.dump_children(r)).unwrap_or_default()
}

fn ours(html: &str) -> (String, Vec<String>) {
    let mut dom = Dom::new();
    let doc = dom.parse_document(html);
    let whole = dom.dump(doc);
    let owner = dom.create_document();
    let fragments = CONTEXTS
        .iter()
        .map(|&(ns, local)| {
            let name = QualName::new(None, Namespace::from(ns), LocalName::from(local));
            let context = dom.create_element_with_name(owner, name);
            let fragment = dom.parse_fragment(context, html);
            dom.dump(fragment)
        })
        .collect();
    (whole, fragments)
}

fn check(html: &str) {
    let (whole, fragments) = ours(html);
    assert_eq!(whole, upstream_document(html), "document {html:?}");
    for (&(ns, local), fragment) in CONTEXTS.iter().zip(&fragments) {
        assert_eq!(
            *fragment,
            upstream_fragment(html, ns, local),
            "fragment in <{local}> {html:?}"
        );
    }
}

#[test]
fn random_documents_and_fragments_build_the_trees_upstream_builds() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // More for a longer check of a change to the vendored parser:
    // `UPSTREAM_DIFFERENTIAL_DOCS=100000 cargo test --release -p dom-lite
    // --test upstream_differential`.
    let docs = std::env::var("UPSTREAM_DIFFERENTIAL_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    for _ in 0..docs {
        check(&document(&mut rng));
    }
}

#[test]
fn the_benchmark_rows_build_the_trees_upstream_builds() {
    let rows: String = (0..50)
        .map(|i| {
            format!(
                "<div class=\"row r{}\" id=\"d{i}\"><span title=\"t{i}\">item {i} &amp; more</span> \
                 <a href=\"/x/{i}\">link</a><!-- c{i} --></div>\n",
                i % 7
            )
        })
        .collect();
    check(&format!(
        "<!DOCTYPE html><html><head><title>big</title></head><body>\n{rows}</body></html>"
    ));
    check(&rows);
}

/// The tokenizer's plain-tag fast path reads a tag off the end of its
/// chunk: every prefix of these tags (cut in a name, in the spaces, in a
/// value, just after a closing quote...) and each whole, with the byte
/// classes it reads at their edges (tab and form feed between attributes,
/// `_:.` in names, `&`, CR and LF in values, uppercase, a ninth attribute).
#[test]
fn plain_tags_cut_anywhere_build_the_trees_upstream_builds() {
    let tags = [
        "<div class=\"row r1\" id=\"d1\"><span title=\"t1\">x</span></div>",
        "<p\ta\x0Cb_c:d.e=\"v\"  f>text</p>",
        "<a href=\"/x?a=1&amp;b\">link</a><a title=\"a\rb\nc\">t</a>",
        "<i a=\"\" b c=\"1\"></i ><B C=\"x\">y</B>",
        "<b a=1 b='2'>u</b><em a b c d e f g h i>v</em>",
        "<tr-x a-b=\"c\"></tr-x><h1 x=\"é\">é</h1>",
    ];
    for tag in tags {
        for end in (0..=tag.len()).filter(|&end| tag.is_char_boundary(end)) {
            check(&tag[..end]);
        }
    }
}
