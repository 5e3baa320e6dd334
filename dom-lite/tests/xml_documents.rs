//! XML documents: xml5ever into the arena, namespaces, processing
//! instructions and CDATA sections, parse errors, scripts in document
//! order, XML serialization; and SVG scripts in HTML documents.

use std::cell::RefCell;
use std::rc::Rc;

use dom_lite::{DocumentParser, Dom, NodeData, ParseStep};

#[test]
fn an_xml_document_keeps_names_case_and_namespaces() {
    let mut dom = Dom::new();
    let doc = dom.parse_xml_document(
        r#"<?xml version="1.0"?><!-- c --><root xmlns="urn:a" xmlns:b="urn:b"><Child b:Attr="1"/><b:x>t<![CDATA[<raw>]]></b:x><?pi data?></root>"#,
        "application/xml",
    );
    assert!(!dom.is_html_document(doc));
    assert_eq!(dom.content_type(doc), "application/xml");
    let kids: Vec<_> = dom.children(doc).collect();
    assert_eq!(
        kids.len(),
        2,
        "the XML declaration is no node: {}",
        dom.dump(doc)
    );
    assert_eq!(dom.node_type(kids[0]), 8);
    let root = dom.document_element(doc).expect("root");
    assert_eq!(dom.namespace(root), Some("urn:a"));
    let children: Vec<_> = dom.children(root).collect();
    assert_eq!(dom.node_name(children[0]), "Child", "case kept");
    assert_eq!(dom.namespace(children[0]), Some("urn:a"));
    assert_eq!(dom.get_attribute(children[0], "b:Attr"), Some("1"));
    assert_eq!(
        dom.get_attribute(children[0], "b:attr"),
        None,
        "case-sensitive"
    );
    assert_eq!(dom.node_name(children[1]), "b:x");
    assert_eq!(dom.namespace(children[1]), Some("urn:b"));
    assert_eq!(dom.text_content(children[1]).as_deref(), Some("t<raw>"));
    assert!(
        matches!(dom.data(children[2]), NodeData::ProcessingInstruction { target, data } if &**target == "pi" && data == "data")
    );
}

#[test]
fn a_document_that_is_not_well_formed_is_a_parsererror_document() {
    let mut dom = Dom::new();
    let doc = dom.parse_xml_document("<a><b></a>", "text/xml");
    let root = dom.document_element(doc).expect("root");
    assert_eq!(dom.local_name(root), Some("parsererror"));
    assert_eq!(
        dom.namespace(root),
        Some("http://www.mozilla.org/newlayout/xml/parsererror.xml")
    );
    assert!(
        dom.text_content(root)
            .unwrap_or_default()
            .starts_with("XML Parsing Error")
    );
    assert_eq!(dom.children(doc).count(), 1);
}

#[test]
fn xml_serialization_declares_the_namespaces_it_needs() {
    let mut dom = Dom::new();
    let doc = dom.parse_xml_document(
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#a"/><g>&amp;&lt;</g></svg>"##,
        "image/svg+xml",
    );
    let out = dom.xml_serialize(doc);
    assert!(out.starts_with("<svg "), "{out}");
    assert!(
        out.contains(r#" xmlns="http://www.w3.org/2000/svg""#),
        "{out}"
    );
    assert!(
        out.contains(r#" xmlns:xlink="http://www.w3.org/1999/xlink""#),
        "{out}"
    );
    assert!(
        out.ends_with(r##"><use xlink:href="#a"/><g>&amp;&lt;</g></svg>"##),
        "{out}"
    );
    let again = dom.parse_xml_document(&out, "image/svg+xml");
    assert_eq!(dom.xml_serialize(again), out, "it parses back to itself");
    let html = dom.parse_document("<p id=x>a<br></p>");
    let p = dom.get_element_by_id(html, "x").expect("p");
    assert_eq!(
        dom.xml_serialize(p),
        r#"<p xmlns="http://www.w3.org/1999/xhtml" id="x">a<br /></p>"#
    );
}

#[test]
fn create_element_follows_the_document_kind() {
    let mut dom = Dom::new();
    let xhtml = dom.create_xml_document("application/xhtml+xml");
    let e = dom.create_element(xhtml, "DiV").expect("name");
    assert_eq!(dom.namespace(e), Some("http://www.w3.org/1999/xhtml"));
    assert_eq!(
        dom.node_name(e),
        "DiV",
        "no uppercasing outside HTML documents"
    );
    let xml = dom.create_xml_document("application/xml");
    let e = dom.create_element(xml, "DiV").expect("name");
    assert_eq!(dom.namespace(e), None);
    assert!(dom.create_cdata_section(xml, "a]]>b").is_err());
    let html = dom.create_document();
    assert!(
        dom.create_cdata_section(html, "x").is_err(),
        "no CDATA in HTML documents"
    );
    assert!(dom.create_processing_instruction(xml, "1x", "").is_err());
    assert!(dom.create_processing_instruction(xml, "x", "?>").is_err());
    let pi = dom
        .create_processing_instruction(xml, "x-y", "d")
        .expect("pi");
    assert_eq!(
        (dom.node_type(pi), dom.node_name(pi)),
        (7, "x-y".to_owned())
    );
}

#[test]
fn xml_scripts_stop_the_parser_in_document_order() {
    let dom = Rc::new(RefCell::new(Dom::new()));
    let doc = dom
        .borrow_mut()
        .create_xml_document("application/xhtml+xml");
    let mut parser = DocumentParser::new_xml(
        dom.clone(),
        doc,
        r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><script>1</script><p/><svg xmlns="http://www.w3.org/2000/svg"><script>2</script></svg><i/></body></html>"#,
    );
    let ParseStep::Script(first) = parser.step() else {
        panic!("the XHTML script stops the parser")
    };
    assert_eq!(dom.borrow().text_content(first).as_deref(), Some("1"));
    assert!(
        dom.borrow().get_elements_by_tag_name(doc, "p").is_empty(),
        "not parsed yet"
    );
    assert!(
        dom.borrow().get_elements_by_tag_name(doc, "i").is_empty(),
        "not parsed yet"
    );
    let ParseStep::Script(second) = parser.step() else {
        panic!("the SVG script stops it too")
    };
    assert_eq!(
        dom.borrow().namespace(second),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(parser.step(), ParseStep::Done);
    assert!(parser.well_formed().is_ok());
}

#[test]
fn an_svg_script_in_an_html_document_stops_the_parser_after_its_end_tag() {
    let dom = Rc::new(RefCell::new(Dom::new()));
    let doc = dom.borrow_mut().create_document();
    let mut parser = DocumentParser::new(
        dom.clone(),
        doc,
        "<body><svg><script>inline()</script></svg><p id=after></p><script>html()</script>",
    );
    let ParseStep::Script(svg) = parser.step() else {
        panic!("the SVG script stops the parser")
    };
    assert_eq!(
        dom.borrow().namespace(svg),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(
        dom.borrow().get_element_by_id(doc, "after").is_none(),
        "what follows is not parsed yet"
    );
    let ParseStep::Script(html) = parser.step() else {
        panic!("then the HTML script")
    };
    assert_eq!(dom.borrow().text_content(html).as_deref(), Some("html()"));
    assert_eq!(parser.step(), ParseStep::Done);
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inforeign>:
/// an SVG script runs at its end tag (any case) or, self-closing, at once;
/// one closed otherwise (here by `</svg>`) never runs. Each stops the
/// parser right there, whatever follows in the input.
#[test]
fn svg_scripts_stop_the_parser_at_their_end_tag_or_self_closing_tag_only() {
    let dom = Rc::new(RefCell::new(Dom::new()));
    let doc = dom.borrow_mut().create_document();
    let mut parser = DocumentParser::new(
        dom.clone(),
        doc,
        r#"<body><svg><script id=a>1</SCRIPT><circle id="p1"/><script id="b"/><circle id="p2"/><script id=c>never</svg><p id=p3></p><svg><script id=d>4</scRipt></svg><p id=p4></p>"#,
    );
    let mut order = Vec::new();
    while let ParseStep::Script(script) = parser.step() {
        let dom = dom.borrow();
        let parsed: Vec<String> = ["p1", "p2", "p3", "p4"]
            .into_iter()
            .filter(|id| dom.get_element_by_id(doc, id).is_some())
            .map(str::to_owned)
            .collect();
        order.push((dom.id_attr(script).to_owned(), parsed));
    }
    assert_eq!(
        order,
        [
            ("a".to_owned(), vec![]),
            ("b".to_owned(), vec!["p1".to_owned()]),
            (
                "d".to_owned(),
                vec!["p1".to_owned(), "p2".to_owned(), "p3".to_owned()]
            ),
        ]
    );
    let c = dom.borrow().get_element_by_id(doc, "c").expect("parsed");
    assert!(
        dom.borrow().script_already_started(c),
        "closed by </svg>: marked already started, never run"
    );
}

#[test]
fn attributes_keep_their_source_order_namespace_declarations_first() {
    let mut dom = Dom::new();
    let doc = dom.parse_xml_document(
        r#"<a xmlns="urn:x" z="1" y="2" xmlns:p="urn:p" p:b="3"/>"#,
        "application/xml",
    );
    let a = dom.document_element(doc).expect("root");
    assert_eq!(
        dom.attribute_names(a),
        ["xmlns", "xmlns:p", "z", "y", "p:b"]
    );
}

#[test]
fn inner_html_in_an_xml_document_is_parsed_and_serialized_as_xml() {
    let mut dom = Dom::new();
    let doc = dom.parse_xml_document(
        r#"<r xmlns="urn:r" xmlns:p="urn:p"><c/></r>"#,
        "application/xml",
    );
    let root = dom.document_element(doc).expect("root");
    dom.set_inner_html(root, "<Kid/><p:q a='1'>x &amp; y</p:q>")
        .expect("well formed");
    let kids: Vec<_> = dom.children(root).collect();
    assert_eq!(kids.len(), 2, "{}", dom.dump(doc));
    assert_eq!(dom.node_name(kids[0]), "Kid", "case kept");
    assert_eq!(
        dom.namespace(kids[0]),
        Some("urn:r"),
        "the context's default namespace"
    );
    assert_eq!(
        dom.namespace(kids[1]),
        Some("urn:p"),
        "a prefix declared on an ancestor"
    );
    // The children are serialized with no context namespace and an empty
    // prefix map, so each declares what it uses (DOM Parsing, "fragment
    // serializing algorithm").
    assert_eq!(
        dom.inner_html(root),
        r#"<Kid xmlns="urn:r"/><p:q xmlns:p="urn:p" a="1">x &amp; y</p:q>"#
    );
    assert!(
        dom.set_inner_html(root, "<open>").is_err(),
        "not well formed: a SyntaxError"
    );
    assert_eq!(dom.children(root).count(), 2, "and the children stay");
}
