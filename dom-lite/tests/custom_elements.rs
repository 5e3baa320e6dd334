//! Custom element states (what `:defined` reads) and the records that
//! enqueue custom element reactions.

use dom_lite::{
    CustomElementRecord as Record, CustomElementState as State, Dom, NodeId,
    is_valid_custom_element_name,
};

fn document(dom: &mut Dom, html: &str) -> (NodeId, NodeId) {
    let doc = dom.parse_document(html);
    let body = dom.body(doc).expect("body");
    dom.take_custom_element_records();
    (doc, body)
}

#[test]
fn valid_custom_element_names_follow_the_html_grammar() {
    for name in ["x-a", "my-element", "x-\u{e9}", "a-b.c_d-1", "x-\u{1F600}"] {
        assert!(is_valid_custom_element_name(name), "{name}");
    }
    for name in [
        "x",
        "X-a",
        "x-A",
        "1-a",
        "-a",
        "font-face",
        "annotation-xml",
        "x-a b",
        "x-a:b",
    ] {
        assert!(!is_valid_custom_element_name(name), "{name}");
    }
}

#[test]
fn parsed_and_created_elements_start_undefined_only_with_a_custom_name_or_is() {
    let mut dom = Dom::new();
    let (doc, body) = document(
        &mut dom,
        "<!DOCTYPE html><body><x-a></x-a><button is=x-b></button><div></div><svg><x-c/></svg>",
    );
    let states: Vec<State> = dom
        .query_selector_all(body, "*")
        .expect("selector")
        .into_iter()
        .map(|n| dom.custom_element_state(n))
        .collect();
    assert_eq!(
        states,
        [
            State::Undefined,
            State::Undefined,
            State::Uncustomized,
            State::Uncustomized,
            State::Uncustomized
        ]
    );
    let undefined = dom
        .query_selector_all(body, ":not(:defined)")
        .expect("selector");
    assert_eq!(undefined.len(), 2, ":defined matches the rest");
    let made = dom.create_element(doc, "x-made").expect("name");
    assert_eq!(dom.custom_element_state(made), State::Undefined);
    dom.set_custom_element_state(made, State::Custom);
    assert!(dom.matches(made, ":defined").expect("selector"));
    dom.set_custom_element_state(made, State::Failed);
    assert!(!dom.matches(made, ":defined").expect("selector"));
}

#[test]
fn custom_elements_record_connection_attributes_adoption_and_clones_in_order() {
    let mut dom = Dom::new();
    let (doc, body) = document(&mut dom, "<!DOCTYPE html><body>");
    let early = dom.create_element(doc, "x-early").expect("name");
    dom.append_child(body, early).expect("append");
    assert!(
        !dom.has_custom_element_records(),
        "nothing before a definition"
    );
    dom.set_custom_elements_defined();
    let div = dom.create_element(doc, "div").expect("name");
    let custom = dom.create_element(doc, "x-a").expect("name");
    let candidate = dom.create_element(doc, "x-b").expect("name");
    dom.set_custom_element_state(custom, State::Custom);
    dom.append_child(div, custom).expect("append");
    dom.append_child(div, candidate).expect("append");
    assert!(
        !dom.has_custom_element_records(),
        "a detached tree records nothing"
    );
    dom.append_child(body, div).expect("append");
    assert_eq!(
        dom.take_custom_element_records(),
        [Record::Connected(custom), Record::Connected(candidate)],
        "in tree order, the candidate too"
    );
    dom.set_attribute(custom, "a", "1").expect("name");
    dom.set_attribute(custom, "a", "2").expect("name");
    dom.remove_attribute(custom, "a");
    dom.set_attribute(candidate, "a", "1").expect("name");
    let attr = |old: Option<&str>, new: Option<&str>| Record::AttributeChanged {
        element: custom,
        local_name: "a".into(),
        namespace: None,
        old_value: old.map(Into::into),
        new_value: new.map(Into::into),
    };
    assert_eq!(
        dom.take_custom_element_records(),
        [
            attr(None, Some("1")),
            attr(Some("1"), Some("2")),
            attr(Some("2"), None)
        ],
        "only a custom element's attributes"
    );
    let other = dom.parse_document("<!DOCTYPE html><body>");
    let other_body = dom.body(other).expect("body");
    dom.take_custom_element_records();
    dom.append_child(other_body, custom).expect("append");
    assert_eq!(
        dom.take_custom_element_records(),
        [
            Record::Disconnected(custom),
            Record::Adopted(custom, doc, other),
            Record::Connected(custom)
        ]
    );
    let copy = dom.clone_node(custom, false);
    assert_eq!(dom.custom_element_state(copy), State::Undefined);
    assert_eq!(dom.take_custom_element_records(), [Record::Cloned(copy)]);
}
