//! Deep trees must never recurse on the native stack: building, reading,
//! serializing, cloning, selecting and dropping all run here on a small stack.

use dom_lite::Dom;

const DEPTH: usize = 100_000;
const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(test)
        .expect("thread")
        .join()
        .expect("no stack overflow or panic");
}

#[test]
fn a_hundred_thousand_nested_divs_build_serialize_clone_and_drop() {
    on_small_stack(|| {
        let mut dom = Dom::new();
        let doc = dom.parse_document("<!DOCTYPE html><body>");
        let body = dom.body(doc).expect("body");
        // Built inside out, so each insertion's ancestor check is short.
        let innermost = dom.create_element(doc, "div").expect("div");
        let text = dom.create_text(doc, "deep");
        dom.append_child(innermost, text).expect("text");
        let mut top = innermost;
        for _ in 1..DEPTH {
            let div = dom.create_element(doc, "div").expect("div");
            dom.append_child(div, top).expect("wrap");
            top = div;
        }
        dom.append_child(body, top).expect("connect");

        assert!(dom.is_connected(text));
        assert_eq!(dom.root(text), doc);
        assert_eq!(dom.text_content(body).as_deref(), Some("deep"));

        let html = dom.inner_html(body);
        assert_eq!(
            html,
            format!("{}deep{}", "<div>".repeat(DEPTH), "</div>".repeat(DEPTH))
        );

        let copy = dom.clone_node(top, true);
        assert_eq!(dom.descendants(copy).count(), DEPTH);

        let deepest = dom
            .query_selector(doc, "body div div:empty")
            .expect("valid");
        assert_eq!(deepest, None, "the innermost div holds text");
        let with_text = dom
            .query_selector_all(top, "div > div:only-child")
            .expect("valid");
        assert_eq!(with_text.len(), DEPTH - 1);

        dom.remove(top);
        assert!(!dom.is_connected(text));
        drop(dom);
    });
}

#[test]
fn deeply_nested_markup_parses_and_serializes_within_the_depth_limit() {
    on_small_stack(|| {
        // Past dom_lite::MAX_OPEN_ELEMENTS, elements are attached as siblings.
        const PARSED_DEPTH: usize = 3_000;
        let mut dom = Dom::new();
        let markup = "<div>".repeat(PARSED_DEPTH);
        let doc = dom.parse_document(&markup);
        let body = dom.body(doc).expect("body");
        let divs: Vec<_> = dom.descendants(body).collect();
        assert_eq!(divs.len(), PARSED_DEPTH, "every element is kept");
        let deepest = divs
            .iter()
            .map(|&d| dom.ancestors(d).count())
            .max()
            .expect("divs");
        assert!(
            (dom_lite::MAX_OPEN_ELEMENTS - 8..=dom_lite::MAX_OPEN_ELEMENTS).contains(&deepest),
            "{deepest}"
        );
        let html = dom.inner_html(body);
        let copy = dom.clone_node(doc, true);
        assert_eq!(dom.inner_html(copy), dom.inner_html(doc));
        let reparsed = dom.parse_document(&html);
        let reparsed_body = dom.body(reparsed).expect("body");
        assert_eq!(
            dom.inner_html(reparsed_body),
            html,
            "the limited tree round-trips"
        );
        assert_eq!(dom.dump(body).lines().count(), PARSED_DEPTH + 1);
    });
}

#[test]
fn elements_past_the_depth_limit_become_siblings_as_in_browsers() {
    // Blink's fast/parser/nested-divs tests: past the limit, each new
    // element is a sibling of the one before, under the same parent.
    let mut dom = Dom::new();
    let markup: String = (0..600).map(|i| format!("<div id=d{i}>")).collect();
    let doc = dom.parse_document(&format!("{markup}<p id=last>text"));
    let by_id = |dom: &Dom, id: &str| dom.get_element_by_id(doc, id).expect(id);
    let parent = |dom: &Dom, id: &str| dom.parent(by_id(dom, id));
    // html, body, and the head element pointer count with the divs.
    assert_eq!(parent(&dom, "d508"), Some(by_id(&dom, "d507")));
    assert_eq!(parent(&dom, "d509"), Some(by_id(&dom, "d507")));
    assert_eq!(parent(&dom, "d599"), Some(by_id(&dom, "d507")));
    assert_eq!(parent(&dom, "last"), Some(by_id(&dom, "d507")));
    assert_eq!(
        dom.previous_sibling(by_id(&dom, "d509")),
        Some(by_id(&dom, "d508"))
    );
    assert_eq!(
        dom.text_content(by_id(&dom, "last")).as_deref(),
        Some("text")
    );
}

#[test]
fn a_hostile_number_of_elements_past_the_limit_narrows_it() {
    // Past dom_lite::LIMITED_BEFORE_NARROWING elements placed by the
    // limit, the rest of the document nests at most NARROWED_OPEN_ELEMENTS deep.
    let mut dom = Dom::new();
    let count = dom_lite::MAX_OPEN_ELEMENTS + dom_lite::LIMITED_BEFORE_NARROWING + 1_000;
    let doc = dom.parse_document(&format!("{}<p id=last>", "<div>".repeat(count)));
    let body = dom.body(doc).expect("body");
    assert_eq!(dom.descendants(body).count(), count + 1);
    let last = dom.get_element_by_id(doc, "last").expect("last");
    let depth = dom.ancestors(last).count();
    assert!(depth <= dom_lite::NARROWED_OPEN_ELEMENTS, "{depth}");
}
