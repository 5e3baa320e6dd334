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
fn deeply_nested_markup_parses_and_serializes() {
    on_small_stack(|| {
        // The tree builder's scope checks walk its stack of open elements, so
        // parsing is quadratic in depth: keep this one moderate.
        const PARSED_DEPTH: usize = 3_000;
        let mut dom = Dom::new();
        let markup = "<div>".repeat(PARSED_DEPTH);
        let doc = dom.parse_document(&markup);
        let body = dom.body(doc).expect("body");
        assert_eq!(
            dom.inner_html(body),
            format!("{}{}", markup, "</div>".repeat(PARSED_DEPTH))
        );
        let copy = dom.clone_node(doc, true);
        assert_eq!(dom.inner_html(copy), dom.inner_html(doc));
        // One line per element, indented by depth (so quadratic: not for the 100,000 tree).
        assert_eq!(dom.dump(body).lines().count(), PARSED_DEPTH + 1);
    });
}
