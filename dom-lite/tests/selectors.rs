//! querySelector, querySelectorAll, matches and closest.

use dom_lite::{Dom, NodeId};

const PAGE: &str = "<!DOCTYPE html><body>\
<div id=main class='box wide' data-kind='alpha-beta'>\
<p id=p1 class=intro lang=en-US>One</p>\
<p id=p2 title='hello world'>Two</p>\
<span id=s1></span>\
<ul id=list><li id=l1>a</li><li id=l2>b</li><li id=l3>c</li><li id=l4>d</li></ul>\
</div>\
<section id=sec><em id=only>x</em></section>\
<form id=f><input id=c1 type=checkbox checked><input id=c2 type=checkbox><button id=b1 disabled>b</button>\
<a id=link href='#'>l</a><a id=anchor>n</a></form>";

fn ids(dom: &Dom, nodes: &[NodeId]) -> Vec<String> {
    nodes.iter().map(|&n| dom.id_attr(n).to_owned()).collect()
}

fn select(selector: &str) -> Vec<String> {
    let mut dom = Dom::new();
    let doc = dom.parse_document(PAGE);
    let found = dom.query_selector_all(doc, selector).expect(selector);
    ids(&dom, &found)
}

#[test]
fn type_universal_id_and_class_selectors_match() {
    assert_eq!(select("p"), ["p1", "p2"]);
    assert_eq!(select("LI"), ["l1", "l2", "l3", "l4"]);
    assert_eq!(select("#sec *"), ["only"]);
    assert_eq!(select("#p2"), ["p2"]);
    assert_eq!(select(".box.wide"), ["main"]);
    assert_eq!(select(".intro"), ["p1"]);
}

#[test]
fn attribute_selectors_match_each_operator() {
    assert_eq!(select("[title]"), ["p2"]);
    assert_eq!(select("[title='hello world']"), ["p2"]);
    assert_eq!(select("[data-kind^=alpha]"), ["main"]);
    assert_eq!(select("[data-kind$=beta]"), ["main"]);
    assert_eq!(select("[data-kind*=a-b]"), ["main"]);
    assert_eq!(select("[title~=world]"), ["p2"]);
    assert_eq!(select("[lang|=en]"), ["p1"]);
    assert_eq!(select("[title=HELLO i]"), Vec::<String>::new());
    assert_eq!(select("[title='HELLO WORLD' i]"), ["p2"]);
}

#[test]
fn combinators_and_selector_lists_match_in_tree_order() {
    assert_eq!(select("div p"), ["p1", "p2"]);
    assert_eq!(select("#main > span"), ["s1"]);
    assert_eq!(select("body > li"), Vec::<String>::new());
    assert_eq!(select("#p1 + p"), ["p2"]);
    assert_eq!(select("#p1 ~ *"), ["p2", "s1", "list"]);
    assert_eq!(select("em, #p2, #l1"), ["p2", "l1", "only"]);
}

#[test]
fn structural_pseudo_classes_match() {
    assert_eq!(select("li:first-child"), ["l1"]);
    assert_eq!(select("li:last-child"), ["l4"]);
    assert_eq!(select("li:nth-child(2n+1)"), ["l1", "l3"]);
    assert_eq!(select("li:nth-child(even)"), ["l2", "l4"]);
    assert_eq!(select("li:nth-last-child(1)"), ["l4"]);
    assert_eq!(select(":only-child"), ["", "only"]); // the root element has no siblings
    assert_eq!(select("body :only-child"), ["only"]);
    assert_eq!(select("span:empty, input:empty"), ["s1", "c1", "c2"]);
    assert_eq!(select("li:not(:first-child):not(#l4)"), ["l2", "l3"]);
    assert_eq!(select("#main :is(em, span)"), ["s1"]);
}

#[test]
fn root_and_state_pseudo_classes_match() {
    let mut dom = Dom::new();
    let doc = dom.parse_document(PAGE);
    let root = dom.query_selector(doc, ":root").expect("valid");
    assert_eq!(root, dom.document_element(doc));
    assert_eq!(select(":checked"), ["c1"]);
    assert_eq!(select(":disabled"), ["b1"]);
    assert_eq!(select("input:enabled"), ["c1", "c2"]);
    assert_eq!(select("a:any-link"), ["link"]);
    assert_eq!(select("a:hover"), Vec::<String>::new());
}

#[test]
fn query_selector_searches_only_descendants_of_the_root() {
    let mut dom = Dom::new();
    let doc = dom.parse_document(PAGE);
    let main = dom.get_element_by_id(doc, "main").expect("main");
    let found = dom.query_selector_all(main, "div, p").expect("valid");
    assert_eq!(ids(&dom, &found), ["p1", "p2"]);
    let first = dom.query_selector(main, "li").expect("valid");
    assert_eq!(
        first.map(|n| dom.id_attr(n).to_owned()).as_deref(),
        Some("l1")
    );
    assert_eq!(dom.query_selector(main, "section").expect("valid"), None);
    let scoped = dom.query_selector_all(main, ":scope > p").expect("valid");
    assert_eq!(ids(&dom, &scoped), ["p1", "p2"]);
}

#[test]
fn invalid_selectors_are_syntax_errors() {
    let mut dom = Dom::new();
    let doc = dom.parse_document(PAGE);
    for bad in [
        "",
        "div[",
        "p >",
        ":no-such-class",
        "##x",
        "p::before",
        "a,",
    ] {
        let error = dom.query_selector_all(doc, bad).expect_err(bad);
        assert_eq!(error.dom_exception_name(), "SyntaxError", "{bad}");
    }
    let p = dom.get_element_by_id(doc, "p1").expect("p1");
    assert!(dom.matches(p, "[").is_err());
    assert!(dom.closest(p, "}").is_err());
}

#[test]
fn a_selector_asked_again_answers_as_when_first_parsed() {
    // The last parsed selector is reused: the reuse must not carry over
    // between selectors, documents, quirks modes or methods.
    let mut dom = Dom::new();
    let doc = dom.parse_document(PAGE);
    let quirky = dom.parse_document("<p class=INTRO id=q>");
    let l2 = dom.get_element_by_id(doc, "l2").expect("l2");
    let q = dom.get_element_by_id(quirky, "q");
    for _ in 0..2 {
        let found = dom
            .query_selector_all(doc, "li:nth-child(2)")
            .expect("valid");
        assert_eq!(ids(&dom, &found), ["l2"]);
        assert!(dom.matches(l2, "li:nth-child(2)").expect("valid"));
        assert!(!dom.matches(l2, "li:nth-child(3)").expect("valid"));
        assert_eq!(dom.query_selector(quirky, ".Intro").expect("valid"), q);
        assert_eq!(dom.query_selector(doc, ".Intro").expect("valid"), None);
    }
    for method in ["matches", "closest", "matches"] {
        let error = match method {
            "matches" => dom.matches(l2, "li[").map(|_| ()),
            _ => dom.closest(l2, "li[").map(|_| ()),
        }
        .expect_err("invalid");
        assert!(
            error.to_string().contains(&format!("'{method}'")),
            "{error}"
        );
    }
}

#[test]
fn matches_and_closest_test_the_element_and_its_ancestors() {
    let mut dom = Dom::new();
    let doc = dom.parse_document(PAGE);
    let l2 = dom.get_element_by_id(doc, "l2").expect("l2");
    assert!(dom.matches(l2, "ul > li:nth-child(2)").expect("valid"));
    assert!(!dom.matches(l2, "p").expect("valid"));
    let main = dom.get_element_by_id(doc, "main");
    assert_eq!(dom.closest(l2, ".box").expect("valid"), main);
    assert_eq!(dom.closest(l2, "li").expect("valid"), Some(l2));
    assert_eq!(dom.closest(l2, "table").expect("valid"), None);
}

#[test]
fn quirks_mode_matches_classes_case_insensitively() {
    let mut dom = Dom::new();
    let quirky = dom.parse_document("<p class=Foo id=Bar>");
    let standard = dom.parse_document("<!DOCTYPE html><p class=Foo id=Bar>");
    assert_eq!(
        dom.query_selector_all(quirky, ".foo").expect("valid").len(),
        1
    );
    assert_eq!(
        dom.query_selector_all(quirky, "#bar").expect("valid").len(),
        1
    );
    assert!(
        dom.query_selector_all(standard, ".foo")
            .expect("valid")
            .is_empty()
    );
    assert_eq!(
        dom.query_selector_all(standard, ".Foo")
            .expect("valid")
            .len(),
        1
    );
}

#[test]
fn svg_elements_match_their_case_sensitive_names() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<svg><foreignObject id=fo></foreignObject></svg>");
    let found = dom.query_selector_all(doc, "foreignObject").expect("valid");
    assert_eq!(ids(&dom, &found), ["fo"]);
}
