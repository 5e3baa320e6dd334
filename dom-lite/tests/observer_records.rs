//! MutationObserver records: queued only while observed, one per change as
//! the DOM spec queues them, with siblings, old values and ancestors.

use dom_lite::{Dom, MutationRecordKind, NodeId};

fn observed() -> (Dom, NodeId, NodeId) {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<!DOCTYPE html><body><p id=a>x</p><p id=b></p>");
    let body = dom.body(doc).expect("body");
    dom.set_observed(true);
    (dom, doc, body)
}

#[test]
fn nothing_is_queued_unless_observed() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<body>");
    let body = dom.body(doc).expect("body");
    let p = dom.create_element(doc, "p").expect("p");
    dom.append_child(body, p).expect("append");
    dom.set_attribute(p, "id", "x").expect("attr");
    assert!(!dom.has_mutation_records());
}

#[test]
fn insertions_and_removals_name_their_siblings_and_ancestors() {
    let (mut dom, doc, body) = observed();
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    let c = dom.create_element(doc, "p").expect("p");
    dom.insert_before(body, c, Some(b)).expect("insert");
    dom.remove_child(body, a).expect("remove");
    let records = dom.take_mutation_records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].kind, MutationRecordKind::ChildList);
    assert_eq!(
        (records[0].target, records[0].added.as_slice()),
        (body, [c].as_slice())
    );
    assert_eq!(
        (records[0].previous_sibling, records[0].next_sibling),
        (Some(a), Some(b))
    );
    assert_eq!(records[0].ancestors.first(), Some(&body));
    assert_eq!(records[0].ancestors.last(), Some(&doc));
    assert_eq!(records[1].removed, [a]);
    assert_eq!(
        (records[1].previous_sibling, records[1].next_sibling),
        (None, Some(c))
    );
}

#[test]
fn moving_a_node_is_a_removal_then_an_insertion() {
    let (mut dom, doc, body) = observed();
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    dom.append_child(b, a).expect("move");
    let records = dom.take_mutation_records();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (records[0].target, records[0].removed.as_slice()),
        (body, [a].as_slice())
    );
    assert_eq!(
        (records[1].target, records[1].added.as_slice()),
        (b, [a].as_slice())
    );
}

#[test]
fn replacing_all_children_is_one_record() {
    let (mut dom, doc, body) = observed();
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    dom.set_inner_html(body, "<i></i><u></u>")
        .expect("innerHTML");
    let records = dom.take_mutation_records();
    let on_body: Vec<_> = records.iter().filter(|r| r.target == body).collect();
    assert_eq!(on_body.len(), 1, "{records:#?}");
    assert_eq!(on_body[0].removed, [a, b]);
    assert_eq!(on_body[0].added.len(), 2);
    dom.set_text_content(body, Some("t"));
    let records = dom.take_mutation_records();
    assert_eq!(records.len(), 1);
    assert_eq!((records[0].removed.len(), records[0].added.len()), (2, 1));
}

#[test]
fn attribute_and_data_changes_keep_the_old_value() {
    let (mut dom, doc, _) = observed();
    let a = dom.get_element_by_id(doc, "a").expect("a");
    dom.set_attribute(a, "title", "one").expect("attr");
    dom.set_attribute(a, "title", "two").expect("attr");
    dom.remove_attribute(a, "title");
    let text = dom.first_child(a).expect("text");
    dom.set_character_data(text, "y");
    let records = dom.take_mutation_records();
    let summary: Vec<_> = records
        .iter()
        .map(|r| (r.kind, r.attribute_name.clone(), r.old_value.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                MutationRecordKind::Attributes,
                Some("title".to_owned()),
                None
            ),
            (
                MutationRecordKind::Attributes,
                Some("title".to_owned()),
                Some("one".to_owned())
            ),
            (
                MutationRecordKind::Attributes,
                Some("title".to_owned()),
                Some("two".to_owned())
            ),
            (
                MutationRecordKind::CharacterData,
                None,
                Some("x".to_owned())
            ),
        ]
    );
}

#[test]
fn replace_child_is_one_record_with_both_nodes() {
    let (mut dom, doc, body) = observed();
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    let c = dom.create_element(doc, "p").expect("p");
    dom.replace_child(body, c, a).expect("replace");
    let records = dom.take_mutation_records();
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].added.as_slice(), records[0].removed.as_slice()),
        ([c].as_slice(), [a].as_slice())
    );
    assert_eq!(
        (records[0].previous_sibling, records[0].next_sibling),
        (None, Some(b))
    );
}
