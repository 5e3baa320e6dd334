//! The iframe and script records the engine drains after each operation.

use dom_lite::{Dom, Mutation, NodeId};

fn document(dom: &mut Dom) -> (NodeId, NodeId) {
    let doc = dom.parse_document("<!DOCTYPE html><body>");
    let body = dom.body(doc).expect("body");
    dom.take_mutations();
    (doc, body)
}

fn element(dom: &mut Dom, doc: NodeId, name: &str) -> NodeId {
    dom.create_element(doc, name).expect("valid name")
}

#[test]
fn iframes_connected_through_an_ancestor_are_recorded_in_tree_order() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let div = element(&mut dom, doc, "div");
    let first = element(&mut dom, doc, "iframe");
    let span = element(&mut dom, doc, "span");
    let second = element(&mut dom, doc, "iframe");
    dom.append_child(div, first).expect("append");
    dom.append_child(div, span).expect("append");
    dom.append_child(span, second).expect("append");
    assert!(
        dom.take_mutations().is_empty(),
        "a detached tree records nothing"
    );

    dom.append_child(body, div).expect("connect");
    assert_eq!(
        dom.take_mutations(),
        [
            Mutation::FrameConnected(first),
            Mutation::FrameConnected(second)
        ]
    );
}

#[test]
fn iframes_disconnected_through_an_ancestor_are_recorded() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    dom.set_inner_html(
        body,
        "<div><iframe id=a></iframe><p><iframe id=b></iframe></p></div>",
    )
    .expect("innerHTML");
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    assert_eq!(
        dom.take_mutations(),
        [Mutation::FrameConnected(a), Mutation::FrameConnected(b)]
    );

    let div = dom.first_child(body).expect("div");
    dom.remove_child(body, div).expect("remove");
    assert_eq!(
        dom.take_mutations(),
        [
            Mutation::FrameDisconnected(a),
            Mutation::FrameDisconnected(b)
        ]
    );
    dom.remove(a);
    assert!(dom.take_mutations().is_empty(), "already disconnected");
}

#[test]
fn moving_a_connected_iframe_disconnects_then_reconnects_it() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let frame = element(&mut dom, doc, "iframe");
    let div = element(&mut dom, doc, "div");
    dom.append_child(body, frame).expect("append");
    dom.append_child(body, div).expect("append");
    dom.take_mutations();
    dom.append_child(div, frame).expect("move");
    assert_eq!(
        dom.take_mutations(),
        [
            Mutation::FrameDisconnected(frame),
            Mutation::FrameConnected(frame)
        ]
    );
}

#[test]
fn replacing_all_children_records_the_removed_iframes() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let frame = element(&mut dom, doc, "iframe");
    dom.append_child(body, frame).expect("append");
    dom.take_mutations();
    dom.set_text_content(body, Some("gone"));
    assert_eq!(dom.take_mutations(), [Mutation::FrameDisconnected(frame)]);
}

#[test]
fn iframe_src_changes_are_recorded_only_while_connected() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let frame = element(&mut dom, doc, "iframe");
    dom.set_attribute(frame, "src", "a.html").expect("src");
    assert!(dom.take_mutations().is_empty());
    dom.append_child(body, frame).expect("append");
    dom.take_mutations();
    dom.set_attribute(frame, "SRC", "b.html").expect("src");
    dom.set_attribute(frame, "title", "not a navigation")
        .expect("title");
    dom.set_attribute(frame, "srcdoc", "<p>x").expect("srcdoc");
    dom.remove_attribute(frame, "srcdoc");
    dom.remove_attribute(frame, "srcdoc");
    assert_eq!(dom.take_mutations(), [Mutation::FrameSrcChanged(frame); 3]);
}

#[test]
fn a_dynamically_inserted_script_is_reported_until_it_has_started() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let script = element(&mut dom, doc, "script");
    dom.append_child(body, script).expect("append");
    assert_eq!(dom.take_mutations(), [Mutation::ScriptConnected(script)]);

    // Not run (say it was empty): reinserting reports it again.
    dom.remove(script);
    dom.append_child(body, script).expect("append");
    assert_eq!(dom.take_mutations(), [Mutation::ScriptConnected(script)]);

    dom.set_script_already_started(script);
    dom.remove(script);
    dom.append_child(body, script).expect("append");
    assert!(dom.take_mutations().is_empty());
}

#[test]
fn text_inserted_into_a_connected_unstarted_script_reports_it() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let script = element(&mut dom, doc, "script");
    dom.append_child(body, script).expect("append");
    dom.take_mutations();
    let code = dom.create_text(doc, "run()");
    dom.append_child(script, code).expect("text");
    assert_eq!(dom.take_mutations(), [Mutation::ScriptConnected(script)]);
}

#[test]
fn a_connected_script_gaining_src_reports_it() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let script = element(&mut dom, doc, "script");
    dom.append_child(body, script).expect("append");
    dom.take_mutations();
    dom.set_attribute(script, "src", "a.js").expect("src");
    dom.set_attribute(script, "src", "b.js").expect("src again");
    assert_eq!(dom.take_mutations(), [Mutation::ScriptConnected(script)]);
}

#[test]
fn scripts_from_inner_html_never_run_but_its_iframes_connect() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    dom.set_inner_html(body, "<script>alert(1)</script><iframe></iframe>")
        .expect("innerHTML");
    let script = dom.get_elements_by_tag_name(doc, "script")[0];
    let frame = dom.get_elements_by_tag_name(doc, "iframe")[0];
    assert!(dom.script_already_started(script));
    assert_eq!(dom.take_mutations(), [Mutation::FrameConnected(frame)]);
}

#[test]
fn nothing_is_recorded_inside_a_detached_element_or_template() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom);
    let div = element(&mut dom, doc, "div");
    dom.set_inner_html(div, "<iframe></iframe><script></script>")
        .expect("innerHTML");
    let template = element(&mut dom, doc, "template");
    dom.append_child(body, template).expect("append");
    dom.set_inner_html(template, "<iframe></iframe>")
        .expect("innerHTML");
    let script = element(&mut dom, doc, "script");
    let contents = dom.template_contents(template).expect("contents");
    dom.append_child(contents, script).expect("append");
    assert!(dom.take_mutations().is_empty());
}
