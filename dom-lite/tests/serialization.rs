//! innerHTML / outerHTML getters and setters.

use dom_lite::{Dom, DomError, NodeId};

fn body_of(dom: &mut Dom, html: &str) -> (NodeId, NodeId) {
    let doc = dom.parse_document(html);
    let body = dom.body(doc).expect("body");
    (doc, body)
}

#[test]
fn inner_html_round_trips_through_the_setter() {
    let mut dom = Dom::new();
    let (_, body) = body_of(&mut dom, "<!DOCTYPE html><body>");
    let html = "<div id=\"a\" class=\"x y\"><p>One <b>two</b></p><ul><li>1</li><li>2</li></ul><!--note--></div>";
    dom.set_inner_html(body, html).expect("innerHTML");
    assert_eq!(dom.inner_html(body), html);
    let copy = dom.inner_html(body);
    dom.set_inner_html(body, &copy).expect("again");
    assert_eq!(dom.inner_html(body), html);
}

#[test]
fn text_and_attribute_values_are_escaped() {
    let mut dom = Dom::new();
    let (doc, body) = body_of(&mut dom, "<body>");
    let p = dom.create_element(doc, "p").expect("p");
    dom.set_attribute(p, "title", "x\"y&<>\u{a0}'")
        .expect("title");
    let text = dom.create_text(doc, "a&b<c>\"d\"\u{a0}'");
    dom.append_child(p, text).expect("text");
    dom.append_child(body, p).expect("p");
    assert_eq!(
        dom.outer_html(p),
        "<p title=\"x&quot;y&amp;&lt;&gt;&nbsp;'\">a&amp;b&lt;c&gt;\"d\"&nbsp;'</p>"
    );
}

#[test]
fn void_elements_have_no_end_tag() {
    let mut dom = Dom::new();
    let (_, body) = body_of(&mut dom, "<body><br><img src=x><input type=text><hr></br>");
    assert_eq!(
        dom.inner_html(body),
        "<br><img src=\"x\"><input type=\"text\"><hr><br>"
    );
}

#[test]
fn raw_text_elements_serialize_their_text_unescaped() {
    let mut dom = Dom::new();
    let (doc, _) = body_of(
        &mut dom,
        "<style>a > b { }</style><script>if (a < b && c) {}</script><p>a < b</p>",
    );
    let html = dom.document_element(doc).expect("html");
    assert_eq!(
        dom.outer_html(html),
        "<html><head><style>a > b { }</style><script>if (a < b && c) {}</script></head><body><p>a &lt; b</p></body></html>"
    );
}

#[test]
fn document_inner_html_includes_the_doctype_and_comments() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<!DOCTYPE html><!--c--><title>t</title>");
    assert_eq!(
        dom.inner_html(doc),
        "<!DOCTYPE html><!--c--><html><head><title>t</title></head><body></body></html>"
    );
}

#[test]
fn template_inner_html_reads_and_writes_its_contents() {
    let mut dom = Dom::new();
    let (doc, _) = body_of(&mut dom, "<template><p>x</p></template>");
    let template = dom.get_elements_by_tag_name(doc, "template")[0];
    assert_eq!(dom.inner_html(template), "<p>x</p>");
    assert_eq!(dom.outer_html(template), "<template><p>x</p></template>");
    dom.set_inner_html(template, "<tr><td>cell</td></tr>")
        .expect("innerHTML");
    assert_eq!(dom.first_child(template), None);
    assert_eq!(dom.inner_html(template), "<tr><td>cell</td></tr>");
}

#[test]
fn the_context_element_decides_how_the_fragment_parses() {
    let mut dom = Dom::new();
    let (doc, _) = body_of(
        &mut dom,
        "<table><tbody></tbody></table><textarea></textarea>",
    );
    let tbody = dom.get_elements_by_tag_name(doc, "tbody")[0];
    dom.set_inner_html(tbody, "<tr><td>1").expect("rows");
    assert_eq!(dom.inner_html(tbody), "<tr><td>1</td></tr>");
    let textarea = dom.get_elements_by_tag_name(doc, "textarea")[0];
    dom.set_inner_html(textarea, "<b>not bold</b>")
        .expect("rcdata");
    assert_eq!(dom.children(textarea).count(), 1);
    assert_eq!(
        dom.text_content(textarea).as_deref(),
        Some("<b>not bold</b>")
    );
}

#[test]
fn set_inner_html_replaces_children_and_adopts_them_into_the_document() {
    let mut dom = Dom::new();
    let (doc, body) = body_of(&mut dom, "<body><p>old</p>");
    let old = dom.first_child(body).expect("old p");
    dom.set_inner_html(body, "<i>new</i> text")
        .expect("innerHTML");
    assert_eq!(dom.parent(old), None);
    assert_eq!(dom.inner_html(body), "<i>new</i> text");
    for node in dom.descendants(body) {
        assert_eq!(dom.owner_document(node), doc);
    }
    assert!(matches!(
        dom.set_inner_html(doc, "<p>"),
        Err(DomError::NotSupported(_))
    ));
}

#[test]
fn outer_html_setter_replaces_the_element_in_its_parent() {
    let mut dom = Dom::new();
    let (doc, body) = body_of(&mut dom, "<body><p>a</p><p id=b>b</p><p>c</p>");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    dom.set_outer_html(b, "<span>1</span><span>2</span>")
        .expect("outerHTML");
    assert_eq!(
        dom.inner_html(body),
        "<p>a</p><span>1</span><span>2</span><p>c</p>"
    );
    assert_eq!(dom.parent(b), None);
    let html = dom.document_element(doc).expect("html");
    let error = dom.set_outer_html(html, "<p>").expect_err("root");
    assert_eq!(error.dom_exception_name(), "NoModificationAllowedError");
}

#[test]
fn insert_adjacent_html_puts_nodes_at_each_position() {
    let mut dom = Dom::new();
    let (doc, body) = body_of(&mut dom, "<body><div id=d><i>in</i></div>");
    let div = dom.get_element_by_id(doc, "d").expect("div");
    for (position, html) in [
        ("beforebegin", "<a>1</a>"),
        ("afterBegin", "<a>2</a>"),
        ("beforeend", "<a>3</a>"),
        ("afterend", "<a>4</a>"),
    ] {
        dom.insert_adjacent_html(div, position, html)
            .expect(position);
    }
    assert_eq!(
        dom.inner_html(body),
        "<a>1</a><div id=\"d\"><a>2</a><i>in</i><a>3</a></div><a>4</a>"
    );
    let error = dom
        .insert_adjacent_html(div, "inside", "x")
        .expect_err("bad position");
    assert_eq!(error.dom_exception_name(), "SyntaxError");
}

#[test]
fn foreign_attributes_serialize_with_their_prefix() {
    let mut dom = Dom::new();
    let (_, body) = body_of(
        &mut dom,
        "<svg xmlns:xlink='http://www.w3.org/1999/xlink'><use xlink:href='#a'/></svg>",
    );
    assert_eq!(
        dom.inner_html(body),
        "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><use xlink:href=\"#a\"></use></svg>"
    );
}
