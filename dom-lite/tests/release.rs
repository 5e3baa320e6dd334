//! Releasing a document: its nodes go, their slots are reused under a new
//! generation, and nothing else is touched.

use dom_lite::Dom;

#[test]
fn a_released_document_frees_its_nodes_and_its_handles_name_nothing() {
    let mut dom = Dom::new();
    let page = dom.parse_document("<p id=kept>page</p>");
    let page_nodes = dom.live_nodes();
    let doc = dom.parse_document("<div id=a><span>x</span></div><p id=b>y</p>");
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    let (doc_handle, a_handle) = (dom.handle(doc), dom.handle(a));
    // A node moved into the page before the release stays.
    dom.append_child(dom.body(page).expect("body"), b)
        .expect("moves");
    assert_eq!(dom.resolve(a_handle), Some(a));
    let freed = dom.release_document(doc);
    assert!(freed >= 6, "freed {freed}");
    assert_eq!(dom.live_nodes(), page_nodes + 2, "b and its text stay");
    assert_eq!(dom.resolve(doc_handle), None);
    assert_eq!(dom.resolve(a_handle), None);
    assert_eq!(dom.text_content(b).as_deref(), Some("y"));
    assert_eq!(dom.owner_document(b), page);
    // New nodes take the freed slots, under handles the old ones are not.
    let len = dom.len();
    let again = dom.parse_document("<i>z</i>");
    assert_eq!(dom.len(), len, "no new slot");
    let reused: Vec<_> = dom.inclusive_descendants(again).collect();
    assert!(reused.iter().any(|&n| n == a || n == doc));
    assert!(
        reused
            .iter()
            .all(|&n| dom.handle(n) != a_handle && dom.handle(n) != doc_handle)
    );
    assert!(
        reused
            .iter()
            .all(|&n| dom.resolve(dom.handle(n)) == Some(n))
    );
    // Releasing again, or releasing a node that is no document, does nothing.
    assert_eq!(dom.release_document(b), 0);
    let page_now = dom.live_nodes() - reused.len();
    assert_eq!(dom.release_document(page), page_now);
}

#[test]
fn a_pinned_node_keeps_its_document() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<script id=s></script>");
    let s = dom.get_element_by_id(doc, "s").expect("s");
    dom.pin(s);
    assert_eq!(dom.release_document(doc), 0);
    dom.unpin(s);
    assert!(dom.release_document(doc) > 0);
}

#[test]
fn adoptions_are_recorded_once_tracked() {
    let mut dom = Dom::new();
    let one = dom.parse_document("<p id=p><b>x</b></p>");
    let two = dom.parse_document("");
    let p = dom.get_element_by_id(one, "p").expect("p");
    dom.adopt(two, p).expect("adopts");
    assert!(!dom.has_adoptions(), "not tracked yet");
    dom.track_adoptions();
    dom.adopt(one, p).expect("adopts back");
    let moved = dom.take_adoptions();
    assert_eq!(moved.len(), 3, "p, b and the text");
    assert!(moved.iter().all(|&(_, from)| from == two));
    assert_eq!(moved[0].0, p);
    assert!(dom.take_adoptions().is_empty());
}

#[test]
fn the_free_tail_is_given_back_and_its_slots_come_back_with_new_generations() {
    let mut dom = Dom::new();
    let page = dom.parse_document("<p>page</p>");
    let page_len = dom.len();
    let big = "<div><b>x</b></div>".repeat(2000);
    let doc = dom.parse_document(&big);
    let last = dom.inclusive_descendants(doc).last().expect("nodes");
    let old = dom.handle(last);
    assert!(dom.len() > page_len + 6000);
    dom.release_document(doc);
    assert_eq!(dom.len(), page_len, "the tail went");
    assert_eq!(dom.live_nodes(), page_len);
    assert!(
        dom.size_bytes() < 100 * 1024,
        "and its memory: {}",
        dom.size_bytes()
    );
    assert_eq!(dom.resolve(old), None);
    let again = dom.parse_document(&big);
    let same_slot = dom
        .inclusive_descendants(again)
        .find(|&n| n == last)
        .expect("the slot is made again");
    assert_ne!(dom.handle(same_slot), old);
    assert_eq!(dom.resolve(old), None);
    assert_eq!(
        dom.text_content(dom.body(page).expect("body")).as_deref(),
        Some("page")
    );
}

/// A template's contents are found by the element's slot: once its
/// document is released, an element made again in that slot is no
/// template and has no contents (nor serializes the old ones).
#[test]
fn an_element_in_a_released_templates_slot_has_no_contents() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<template id=t><b>old</b></template>");
    let t = dom.get_element_by_id(doc, "t").expect("t");
    assert!(dom.template_contents(t).is_some());
    assert_eq!(
        dom.outer_html(t),
        "<template id=\"t\"><b>old</b></template>"
    );
    dom.release_document(doc);
    let again = dom.parse_document("<div><i>new</i></div><template><u>x</u></template>");
    let reused: Vec<_> = dom.inclusive_descendants(again).collect();
    assert!(reused.contains(&t), "the slot is reused");
    assert_eq!(dom.template_contents(t), None);
    assert!(!dom.outer_html(t).contains("old"));
    let templates = dom.get_elements_by_tag_name(again, "template");
    let contents = dom.template_contents(templates[0]).expect("contents");
    assert_eq!(dom.inner_html(templates[0]), "<u>x</u>");
    assert_ne!(Some(contents), dom.template_contents(t));
}

#[test]
fn documents_released_together_free_what_one_at_a_time_would() {
    // Two arenas given the same documents; one releases them one at a
    // time, the other together: the same nodes go, the same slots wait.
    let build = || {
        let mut dom = Dom::new();
        let page = dom.parse_document("<p id=kept title=t>page</p>");
        let docs: Vec<_> = (0..4)
            .map(|i| {
                dom.parse_document(&format!(
                    "<div id=d{i} class=c><a href=/{i}>x</a></div>{}",
                    "<span title=s>y</span>".repeat(200)
                ))
            })
            .collect();
        (dom, page, docs)
    };
    let (mut one, page_one, docs_one) = build();
    let (mut all, page_all, docs_all) = build();
    // The last three (the arena's tail) and the first.
    let order = [3, 1, 2, 0];
    let freed_one: usize = order
        .iter()
        .map(|&i| one.release_document(docs_one[i]))
        .sum();
    let picked: Vec<_> = order.iter().map(|&i| docs_all[i]).collect();
    let freed_all = all.release_documents(&picked);
    assert!(freed_all > 4 * 400, "freed {freed_all}");
    assert_eq!(freed_all, freed_one);
    assert_eq!(all.live_nodes(), one.live_nodes());
    assert_eq!(all.len(), one.len(), "the same tail given back");
    // What stays reads the same; a document already gone frees nothing.
    assert_eq!(all.release_documents(&picked), 0);
    for (dom, page) in [(&one, page_one), (&all, page_all)] {
        let kept = dom.get_element_by_id(page, "kept").expect("kept");
        assert_eq!(dom.text_content(kept).as_deref(), Some("page"));
        assert_eq!(dom.get_attribute(kept, "title"), Some("t"));
    }
    // New nodes take the freed slots in both, in the same order.
    let again_one = one.parse_document("<b>z</b>");
    let again_all = all.parse_document("<b>z</b>");
    assert_eq!(again_one, again_all);
    assert_eq!(
        one.inclusive_descendants(again_one).collect::<Vec<_>>(),
        all.inclusive_descendants(again_all).collect::<Vec<_>>()
    );
}
