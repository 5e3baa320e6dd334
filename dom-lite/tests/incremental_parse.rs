//! The document parser stopping at each `</script>`, as browsers do.

mod common;

use common::{expect_script, start};
use std::cell::RefCell;
use std::rc::Rc;

use dom_lite::{DocumentParser, Dom, Mutation, NodeId, ParseStep};

fn ids_of_body_children(dom: &Dom, doc: NodeId) -> Vec<String> {
    let body = dom.body(doc).expect("body");
    dom.element_children(body)
        .into_iter()
        .map(|c| dom.get_attribute(c, "id").unwrap_or("-").to_owned())
        .collect()
}

#[test]
fn script_sees_only_the_dom_parsed_before_it() {
    let (dom, doc, mut parser) =
        start("<body><p id=a></p><script>one</script><p id=b></p><script>two</script><p id=c></p>");

    let first = expect_script(parser.step());
    {
        let dom = dom.borrow();
        assert_eq!(dom.text_content(first).as_deref(), Some("one"));
        assert!(dom.get_element_by_id(doc, "a").is_some());
        assert!(dom.get_element_by_id(doc, "b").is_none());
    }
    let second = expect_script(parser.step());
    {
        let dom = dom.borrow();
        assert_eq!(dom.text_content(second).as_deref(), Some("two"));
        assert!(dom.get_element_by_id(doc, "b").is_some());
        assert!(dom.get_element_by_id(doc, "c").is_none());
    }
    assert_eq!(parser.step(), ParseStep::Done);
    assert!(parser.is_done());
    assert!(dom.borrow().get_element_by_id(doc, "c").is_some());
    assert_eq!(parser.step(), ParseStep::Done);
}

#[test]
fn document_write_text_is_parsed_before_the_rest_of_the_input_in_write_order() {
    let (dom, doc, mut parser) = start("<body><script>w</script><p id=after></p>");
    expect_script(parser.step());
    parser.insert_at_cursor("<p id=w1></p>");
    parser.insert_at_cursor("<p id=w2></p>");
    assert_eq!(parser.step(), ParseStep::Done);
    assert_eq!(
        ids_of_body_children(&dom.borrow(), doc),
        ["-", "w1", "w2", "after"]
    );
}

#[test]
fn a_written_script_pauses_the_parser_before_the_rest_of_the_input() {
    let (dom, doc, mut parser) = start("<body><script>outer</script><p id=after></p>");
    expect_script(parser.step());
    parser.insert_at_cursor("<script>inner</script>");
    let inner = expect_script(parser.step());
    assert_eq!(dom.borrow().text_content(inner).as_deref(), Some("inner"));
    assert!(dom.borrow().get_element_by_id(doc, "after").is_none());
    assert_eq!(parser.step(), ParseStep::Done);
    assert!(dom.borrow().get_element_by_id(doc, "after").is_some());
}

#[test]
fn parsing_continues_into_an_open_element_a_script_removed() {
    let (dom, doc, mut parser) =
        start("<body><div id=d><script>x</script><span>after</span></div><p>end</p>");
    expect_script(parser.step());
    let div = dom.borrow().get_element_by_id(doc, "d").expect("div");
    dom.borrow_mut().remove(div);
    assert_eq!(parser.step(), ParseStep::Done);
    let dom = dom.borrow();
    let body = dom.body(doc).expect("body");
    assert_eq!(dom.inner_html(body), "<p>end</p>");
    assert!(!dom.is_connected(div));
    assert_eq!(dom.inner_html(div), "<script>x</script><span>after</span>");
}

#[test]
fn nodes_a_script_appends_stay_before_what_the_parser_adds_next() {
    let (dom, doc, mut parser) = start("<body><script>x</script><p id=parsed></p>");
    expect_script(parser.step());
    {
        let mut dom = dom.borrow_mut();
        let body = dom.body(doc).expect("body");
        let added = dom.create_element(doc, "p").expect("p");
        dom.set_attribute(added, "id", "added").expect("id");
        dom.append_child(body, added).expect("append");
    }
    assert_eq!(parser.step(), ParseStep::Done);
    assert_eq!(
        ids_of_body_children(&dom.borrow(), doc),
        ["-", "added", "parsed"]
    );
}

#[test]
fn parser_inserted_iframes_are_recorded_and_parser_inserted_scripts_are_not() {
    let (dom, doc, mut parser) = start(
        "<body><iframe id=f></iframe><template><iframe></iframe></template><script>s</script>",
    );
    let script = expect_script(parser.step());
    let frame = dom.borrow().get_element_by_id(doc, "f").expect("iframe");
    assert_eq!(
        dom.borrow_mut().take_mutations(),
        [Mutation::FrameConnected(frame)]
    );
    // Running it is the engine's business; it marks the script as started.
    dom.borrow_mut().set_script_already_started(script);
    assert_eq!(parser.step(), ParseStep::Done);
    assert!(dom.borrow_mut().take_mutations().is_empty());
}

#[test]
fn a_script_left_open_at_the_end_of_input_never_runs() {
    let (dom, doc, mut parser) = start("<body><script>never");
    assert_eq!(parser.step(), ParseStep::Done);
    let dom = dom.borrow();
    let script = dom.get_elements_by_tag_name(doc, "script")[0];
    assert!(dom.script_already_started(script));
}

#[test]
fn parse_document_parses_everything_and_marks_scripts_started() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<script>a</script><p>b</p><script>c</script>");
    let scripts = dom.get_elements_by_tag_name(doc, "script");
    assert_eq!(scripts.len(), 2);
    assert!(scripts.iter().all(|&s| dom.script_already_started(s)));
    assert_eq!(dom.get_elements_by_tag_name(doc, "p").len(), 1);
}

#[test]
fn scripts_that_are_not_connected_do_not_pause_the_parser() {
    let (dom, doc, mut parser) = start(
        "<body><template><script>in template</script></template><div id=d><script>first</script><script>orphan</script></div><script>last</script>",
    );
    let first = expect_script(parser.step());
    assert_eq!(dom.borrow().text_content(first).as_deref(), Some("first"));
    let div = dom.borrow().get_element_by_id(doc, "d").expect("div");
    dom.borrow_mut().remove(div);
    let last = expect_script(parser.step());
    assert_eq!(dom.borrow().text_content(last).as_deref(), Some("last"));
    assert_eq!(parser.step(), ParseStep::Done);
}

#[test]
fn a_parser_script_the_engine_ran_is_not_reported_when_moved() {
    let (dom, doc, mut parser) = start("<body><script>x</script><div id=d></div>");
    let script = expect_script(parser.step());
    dom.borrow_mut().set_script_already_started(script);
    assert_eq!(parser.step(), ParseStep::Done);
    let mut dom = dom.borrow_mut();
    let div = dom.get_element_by_id(doc, "d").expect("div");
    dom.append_child(div, script).expect("move");
    assert!(dom.take_mutations().is_empty());
}

/// A tag, a comment and a run of text that written text leaves unfinished
/// are finished by the rest of the document: the tokenizer's fast paths
/// (a whole tag or comment in one chunk, character runs handed over at
/// the end of each feed) give way to the states at the end of a chunk.
#[test]
fn a_tag_a_comment_and_text_cut_where_written_text_ends_parse_whole() {
    let (dom, doc, mut parser) = start(
        "<script>w()</script>1\" id=\"t\">x</p><script>v()</script> b --><p id=\"end\">\
         <script>u()</script>ore</p>",
    );
    expect_script(parser.step());
    parser.insert_at_cursor("<p class=\"w");
    expect_script(parser.step());
    parser.insert_at_cursor("<!-- a");
    expect_script(parser.step());
    parser.insert_at_cursor("item 1 &amp; m");
    assert_eq!(parser.step(), ParseStep::Done);
    let dom = dom.borrow();
    let body = dom.body(doc).expect("body");
    let t = dom.get_element_by_id(doc, "t").expect("#t");
    assert_eq!(dom.get_attribute(t, "class"), Some("w1"));
    assert_eq!(dom.text_content(t).as_deref(), Some("x"));
    let end = dom.get_element_by_id(doc, "end").expect("#end");
    // After the `<script>`, one text node: the written text and the rest.
    let last = dom.last_child(end).expect("text");
    assert!(matches!(dom.data(last), dom_lite::NodeData::Text(t) if t == "item 1 & more"));
    let comments: Vec<_> = dom
        .children(body)
        .filter_map(|c| match dom.data(c) {
            dom_lite::NodeData::Comment(text) => Some(text.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(comments, [" a b "]);
}

#[test]
fn a_script_created_parser_waits_for_writes_until_closed() {
    let dom = Rc::new(RefCell::new(Dom::new()));
    let doc = dom.borrow_mut().create_document();
    let mut parser = DocumentParser::script_created(Rc::clone(&dom), doc);
    assert_eq!(
        parser.step(),
        ParseStep::Waiting,
        "no input: it waits, with no end of file"
    );
    assert!(!parser.is_done());
    parser.insert_at_cursor("<p id=a class=\"x");
    assert_eq!(parser.step(), ParseStep::Waiting);
    assert!(
        dom.borrow().get_element_by_id(doc, "a").is_none(),
        "a tag cut short waits for the rest"
    );
    parser.insert_at_cursor("y\">one</p><script>s</script><p id=b>");
    let script = expect_script(parser.step());
    assert_eq!(dom.borrow().text_content(script).as_deref(), Some("s"));
    let a = dom.borrow().get_element_by_id(doc, "a").expect("p#a");
    assert_eq!(dom.borrow().get_attribute(a, "class"), Some("xy"));
    assert_eq!(parser.step(), ParseStep::Waiting);
    assert!(dom.borrow().get_element_by_id(doc, "b").is_some());
    parser.close();
    assert_eq!(parser.step(), ParseStep::Done);
    assert!(parser.is_done());
    assert_eq!(ids_of_body_children(&dom.borrow(), doc), ["a", "-", "b"]);
}
