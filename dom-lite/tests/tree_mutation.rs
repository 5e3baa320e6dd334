//! DOM insertion, removal and replacement: the spec's checks, fragments,
//! adoption between documents, text content and cloning.

use dom_lite::{Dom, DomError, NodeId};

/// A document `<html><head></head><body></body></html>` and its body.
fn document(dom: &mut Dom) -> (NodeId, NodeId) {
    let doc = dom.parse_document("<!DOCTYPE html><body>");
    let body = dom.body(doc).expect("body");
    (doc, body)
}

fn names(dom: &Dom, parent: NodeId) -> Vec<String> {
    dom.children(parent).map(|c| dom.node_name(c)).collect()
}

#[test]
fn appending_an_ancestor_into_its_descendant_is_a_hierarchy_request_error() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let div = dom.create_element(doc, "div").expect("div");
    dom.append_child(body, div).expect("append");
    let error = dom.append_child(div, body).expect_err("cycle");
    assert_eq!(error.dom_exception_name(), "HierarchyRequestError");
    assert_eq!(
        error.to_string(),
        "Failed to execute 'appendChild' on 'Node': The new child element contains the parent."
    );
    assert!(matches!(
        dom.append_child(div, div),
        Err(DomError::HierarchyRequest(_))
    ));
    assert_eq!(dom.parent(body), dom.document_element(doc));
}

#[test]
fn inserting_before_a_node_that_is_not_a_child_is_not_found() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let div = dom.create_element(doc, "div").expect("div");
    let stranger = dom.create_element(doc, "span").expect("span");
    let error = dom
        .insert_before(body, div, Some(stranger))
        .expect_err("not a child");
    assert_eq!(error.dom_exception_name(), "NotFoundError");
    assert!(matches!(
        dom.remove_child(body, stranger),
        Err(DomError::NotFound(_))
    ));
    assert!(matches!(
        dom.replace_child(body, div, stranger),
        Err(DomError::NotFound(_))
    ));
    assert_eq!(dom.parent(div), None);
}

#[test]
fn a_document_accepts_one_element_one_doctype_and_no_text() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let second_root = dom.create_element(doc, "div").expect("div");
    let text = dom.create_text(doc, "t");
    let doctype = dom.create_doctype(doc, "html", "", "");
    let other_doc = dom.create_document();
    for (parent, child) in [
        (doc, second_root),
        (doc, text),
        (doc, doctype),
        (body, other_doc),
        (body, doctype),
    ] {
        let error = dom
            .append_child(parent, child)
            .expect_err("must be refused");
        assert_eq!(
            error.dom_exception_name(),
            "HierarchyRequestError",
            "{}",
            error
        );
    }
    let text_parent = dom.create_text(doc, "x");
    assert!(matches!(
        dom.append_child(text_parent, second_root),
        Err(DomError::HierarchyRequest(_))
    ));

    // An empty document takes a doctype then an element, not the other way round.
    let empty = dom.create_document();
    let root = dom.create_element(empty, "html").expect("html");
    let late_doctype = dom.create_doctype(empty, "html", "", "");
    dom.append_child(empty, root).expect("element");
    assert!(dom.append_child(empty, late_doctype).is_err());
    dom.insert_before(empty, late_doctype, Some(root))
        .expect("doctype first");
    assert_eq!(names(&dom, empty), ["html", "HTML"]);
}

#[test]
fn inserting_a_fragment_moves_its_children_in_order() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let existing = dom.create_element(doc, "hr").expect("hr");
    dom.append_child(body, existing).expect("append");
    let fragment = dom.create_document_fragment(doc);
    for name in ["a", "b"] {
        let child = dom.create_element(doc, name).expect("child");
        dom.append_child(fragment, child).expect("into fragment");
    }
    dom.insert_before(body, fragment, Some(existing))
        .expect("insert fragment");
    assert_eq!(names(&dom, body), ["A", "B", "HR"]);
    assert_eq!(dom.first_child(fragment), None);
}

#[test]
fn a_fragment_with_two_elements_cannot_become_a_documents_children() {
    let mut dom = Dom::new();
    let doc = dom.create_document();
    let fragment = dom.create_document_fragment(doc);
    for name in ["a", "b"] {
        let child = dom.create_element(doc, name).expect("child");
        dom.append_child(fragment, child).expect("into fragment");
    }
    assert!(matches!(
        dom.append_child(doc, fragment),
        Err(DomError::HierarchyRequest(_))
    ));
    assert_eq!(dom.children(fragment).count(), 2);
}

#[test]
fn insert_before_itself_keeps_the_node_in_place() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let [a, b, c] = ["a", "b", "c"].map(|n| dom.create_element(doc, n).expect("el"));
    for n in [a, b, c] {
        dom.append_child(body, n).expect("append");
    }
    dom.insert_before(body, b, Some(b)).expect("self reference");
    assert_eq!(names(&dom, body), ["A", "B", "C"]);
    dom.insert_before(body, c, Some(a)).expect("move");
    assert_eq!(names(&dom, body), ["C", "A", "B"]);
    assert_eq!(dom.previous_sibling(a), Some(c));
    assert_eq!(dom.next_sibling(b), None);
    assert_eq!(dom.last_child(body), Some(b));
}

#[test]
fn replace_child_swaps_the_nodes_and_applies_the_document_rules() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let [a, b, c] = ["a", "b", "c"].map(|n| dom.create_element(doc, n).expect("el"));
    dom.append_child(body, a).expect("a");
    dom.append_child(body, b).expect("b");
    dom.replace_child(body, c, a).expect("replace");
    assert_eq!(names(&dom, body), ["C", "B"]);
    assert_eq!(dom.parent(a), None);
    dom.replace_child(body, b, b).expect("replace with itself");
    assert_eq!(names(&dom, body), ["C", "B"]);

    // The document's element may be replaced by another element, not by text.
    let html = dom.document_element(doc).expect("html");
    let new_root = dom.create_element(doc, "html").expect("html");
    let text = dom.create_text(doc, "t");
    assert!(matches!(
        dom.replace_child(doc, text, html),
        Err(DomError::HierarchyRequest(_))
    ));
    dom.replace_child(doc, new_root, html).expect("new root");
    assert_eq!(dom.document_element(doc), Some(new_root));
}

#[test]
fn remove_child_and_remove_detach_but_keep_the_subtree() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let div = dom.create_element(doc, "div").expect("div");
    let text = dom.create_text(doc, "kept");
    dom.append_child(div, text).expect("text");
    dom.append_child(body, div).expect("div");
    assert!(dom.is_connected(text));
    dom.remove_child(body, div).expect("remove");
    assert!(!dom.is_connected(text));
    assert_eq!(dom.root(text), div);
    assert_eq!(dom.text_content(div).as_deref(), Some("kept"));
    dom.remove(text);
    dom.remove(text);
    assert_eq!(dom.first_child(div), None);
}

#[test]
fn nodes_moved_between_documents_of_one_dom_are_adopted_with_their_subtree() {
    let mut dom = Dom::new();
    let (first, first_body) = document(&mut dom);
    let (second, second_body) = document(&mut dom);
    dom.set_inner_html(
        first_body,
        "<div id=moving><span>s</span><template><i>t</i></template></div>",
    )
    .expect("innerHTML");
    let moving = dom.get_element_by_id(first, "moving").expect("div");
    let template = dom.get_elements_by_tag_name(moving, "template")[0];
    let contents = dom.template_contents(template).expect("contents");
    let inside_template = dom.first_child(contents).expect("i");

    dom.append_child(second_body, moving).expect("move");
    assert_eq!(dom.get_element_by_id(first, "moving"), None);
    assert_eq!(dom.get_element_by_id(second, "moving"), Some(moving));
    for node in dom
        .inclusive_descendants(moving)
        .chain([contents, inside_template])
    {
        assert_eq!(dom.owner_document(node), second);
    }

    let lone = dom.create_element(first, "p").expect("p");
    dom.adopt(second, lone).expect("adopt");
    assert_eq!(dom.owner_document(lone), second);
    assert_eq!(dom.parent(lone), None);
}

#[test]
fn adopting_a_document_is_not_supported() {
    let mut dom = Dom::new();
    let first = dom.create_document();
    let second = dom.create_document();
    let error = dom.adopt(first, second).expect_err("documents stay put");
    assert_eq!(error.dom_exception_name(), "NotSupportedError");
}

#[test]
fn create_element_lowercases_and_rejects_invalid_names() {
    let mut dom = Dom::new();
    let doc = dom.create_document();
    let div = dom.create_element(doc, "DiV").expect("div");
    assert_eq!(dom.local_name(div), Some("div"));
    assert_eq!(dom.node_name(div), "DIV");
    assert_eq!(dom.namespace(div), Some("http://www.w3.org/1999/xhtml"));
    assert_eq!(dom.node_type(div), 1);
    let custom = dom.create_element(doc, "my-element").expect("custom");
    assert_eq!(dom.node_name(custom), "MY-ELEMENT");
    for bad in ["", "1abc", "a b", "a>b", "<div>", "-x"] {
        let error = dom.create_element(doc, bad).expect_err(bad);
        assert_eq!(error.dom_exception_name(), "InvalidCharacterError");
    }
}

#[test]
fn node_types_and_names_follow_the_dom() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<!DOCTYPE html><p>t<!--c-->");
    let doctype = dom.first_child(doc).expect("doctype");
    let p = dom.get_elements_by_tag_name(doc, "p")[0];
    let text = dom.first_child(p).expect("text");
    let comment = dom.last_child(p).expect("comment");
    let fragment = dom.create_document_fragment(doc);
    let got: Vec<(u16, String)> = [doc, doctype, p, text, comment, fragment]
        .iter()
        .map(|&n| (dom.node_type(n), dom.node_name(n)))
        .collect();
    let expected = [
        (9, "#document"),
        (10, "html"),
        (1, "P"),
        (3, "#text"),
        (8, "#comment"),
        (11, "#document-fragment"),
    ]
    .map(|(t, n)| (t, n.to_owned()));
    assert_eq!(got, expected);
}

#[test]
fn text_content_reads_descendant_text_and_replaces_children() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    dom.set_inner_html(body, "<p>a<b>b<!--no--></b>c</p>")
        .expect("innerHTML");
    let p = dom.first_child(body).expect("p");
    assert_eq!(dom.text_content(p).as_deref(), Some("abc"));
    assert_eq!(dom.text_content(doc), None);
    assert_eq!(
        dom.text_content(dom.first_child(doc).expect("doctype")),
        None
    );
    let comment = dom
        .get_elements_by_tag_name(p, "b")
        .first()
        .and_then(|&b| dom.last_child(b));
    assert_eq!(
        comment.and_then(|c| dom.text_content(c)).as_deref(),
        Some("no")
    );

    dom.set_text_content(p, Some("<new>"));
    assert_eq!(dom.children(p).count(), 1);
    assert_eq!(dom.inner_html(p), "&lt;new&gt;");
    dom.set_text_content(p, Some(""));
    assert_eq!(dom.first_child(p), None);
    dom.set_text_content(p, Some("x"));
    let text = dom.first_child(p).expect("text");
    dom.set_text_content(text, Some("y"));
    assert_eq!(dom.character_data(text), Some("y"));
    dom.set_text_content(p, None);
    assert_eq!(dom.first_child(p), None);
    dom.set_text_content(doc, Some("ignored"));
    assert!(dom.document_element(doc).is_some());
}

#[test]
fn attributes_are_lowercased_validated_and_kept_in_order() {
    let mut dom = Dom::new();
    let doc = dom.create_document();
    let div = dom.create_element(doc, "div").expect("div");
    dom.set_attribute(div, "Data-X", "1").expect("set");
    dom.set_attribute(div, "id", "main").expect("set");
    dom.set_attribute(div, "DATA-x", "2").expect("overwrite");
    assert_eq!(dom.get_attribute(div, "data-X"), Some("2"));
    assert_eq!(dom.attribute_names(div), ["data-x", "id"]);
    assert!(dom.has_attribute(div, "ID"));
    assert_eq!(dom.id_attr(div), "main");
    dom.remove_attribute(div, "Id");
    assert!(!dom.has_attribute(div, "id"));
    let error = dom.set_attribute(div, "a b", "x").expect_err("space");
    assert_eq!(error.dom_exception_name(), "InvalidCharacterError");
    assert!(dom.set_attribute(div, "", "x").is_err());
}

#[test]
fn clone_node_copies_shallow_or_deep_with_template_contents() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    dom.set_inner_html(
        body,
        "<div class=c><p>text</p><template><b>t</b></template></div>",
    )
    .expect("innerHTML");
    let div = dom.first_child(body).expect("div");

    let shallow = dom.clone_node(div, false);
    assert_eq!(dom.outer_html(shallow), "<div class=\"c\"></div>");
    assert_eq!(dom.parent(shallow), None);
    assert_eq!(dom.owner_document(shallow), doc);

    let deep = dom.clone_node(div, true);
    assert_ne!(deep, div);
    assert_eq!(dom.outer_html(deep), dom.outer_html(div));
    let original_template = dom.get_elements_by_tag_name(div, "template")[0];
    let cloned_template = dom.get_elements_by_tag_name(deep, "template")[0];
    assert_ne!(
        dom.template_contents(original_template),
        dom.template_contents(cloned_template)
    );
    assert_eq!(dom.inner_html(cloned_template), "<b>t</b>");

    let doc_copy = dom.clone_node(doc, true);
    assert_eq!(dom.owner_document(doc_copy), doc_copy);
    let html_copy = dom.document_element(doc_copy).expect("html");
    assert_eq!(dom.owner_document(html_copy), doc_copy);
    assert_eq!(dom.inner_html(doc_copy), dom.inner_html(doc));
}

#[test]
fn cloning_a_started_script_keeps_it_started() {
    let mut dom = Dom::new();
    let doc = dom.create_document();
    let script = dom.create_element(doc, "script").expect("script");
    dom.set_script_already_started(script);
    let copy = dom.clone_node(script, false);
    assert!(dom.script_already_started(copy));
    let fresh = dom.create_element(doc, "script").expect("script");
    let fresh_copy = dom.clone_node(fresh, false);
    assert!(!dom.script_already_started(fresh_copy));
}

#[test]
fn set_title_replaces_the_title_or_adds_one_to_the_head() {
    let mut dom = Dom::new();
    let (doc, _) = document(&mut dom);
    assert_eq!(dom.title(doc), "");
    dom.set_title(doc, "  New   title ");
    assert_eq!(dom.title(doc), "New title");
    let head = dom.head(doc).expect("head");
    assert_eq!(dom.inner_html(head), "<title>  New   title </title>");
    dom.set_title(doc, "Again");
    assert_eq!(dom.inner_html(head), "<title>Again</title>");
}

#[test]
fn get_element_by_id_returns_the_first_in_tree_order() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<div><p id=x>deep</p></div><p id=x>shallow</p>");
    let found = dom.get_element_by_id(doc, "x").expect("x");
    assert_eq!(dom.text_content(found).as_deref(), Some("deep"));
    assert_eq!(dom.get_element_by_id(doc, ""), None);
    assert_eq!(dom.get_element_by_id(doc, "missing"), None);
}

#[test]
fn elements_by_tag_and_class_name_are_in_tree_order() {
    let mut dom = Dom::new();
    let doc = dom.parse_document(
        "<!DOCTYPE html><div class='a b'><p class=b>1</p></div><p class='B a'>2</p><svg><foreignObject/></svg>",
    );
    let ps = dom.get_elements_by_tag_name(doc, "P");
    assert_eq!(ps.len(), 2);
    assert_eq!(dom.get_elements_by_tag_name(doc, "foreignObject").len(), 1);
    assert_eq!(dom.get_elements_by_tag_name(doc, "foreignobject").len(), 0);
    assert_eq!(dom.get_elements_by_tag_name(doc, "*").len(), 8); // html head body div p p svg foreignObject
    let ab = dom.get_elements_by_class_name(doc, " b  a ");
    assert_eq!(ab.len(), 1);
    assert_eq!(dom.local_name(ab[0]), Some("div"));
    assert_eq!(dom.get_elements_by_class_name(doc, "b").len(), 2);
    assert!(dom.get_elements_by_class_name(doc, "  ").is_empty());
}

#[test]
fn contains_and_root_follow_the_tree() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let html = dom.document_element(doc).expect("html");
    assert!(dom.contains(doc, body));
    assert!(dom.contains(body, body));
    assert!(!dom.contains(body, html));
    assert_eq!(dom.root(body), doc);
    assert!(dom.is_connected(body));
    let loose = dom.create_text(doc, "x");
    assert_eq!(dom.root(loose), loose);
    assert!(!dom.is_connected(loose));
}
