//! Element attributes live in one store per `Dom` (`attr_store.rs`): what
//! a page sees of them is what it would see of a list per element, and
//! the store's memory stays bounded however attributes come and go.

use dom_lite::{Dom, NodeId};

fn names_and_values(dom: &Dom, id: NodeId) -> Vec<(String, String)> {
    dom.attributes(id)
        .iter()
        .map(|a| (a.qualified_name(), a.value.to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn a_clone_has_attributes_of_its_own() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<div id=d a=1 b=2></div><span s=1></span>");
    let div = dom.get_element_by_id(doc, "d").expect("div");
    let copy = dom.clone_node(div, false);
    dom.set_attribute(copy, "c", "3").expect("set");
    dom.set_attribute(copy, "a", "9").expect("set");
    dom.remove_attribute(div, "b");
    assert_eq!(
        names_and_values(&dom, div),
        pairs(&[("id", "d"), ("a", "1")])
    );
    assert_eq!(
        names_and_values(&dom, copy),
        pairs(&[("id", "d"), ("a", "9"), ("b", "2"), ("c", "3")])
    );
    assert_eq!(
        dom.outer_html(div),
        r#"<div id="d" a="1"></div>"#,
        "the source serializes its own"
    );
}

#[test]
fn attributes_added_to_two_elements_in_turn_keep_their_order() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<p id=a></p><p id=b></p>");
    let a = dom.get_element_by_id(doc, "a").expect("a");
    let b = dom.get_element_by_id(doc, "b").expect("b");
    // Past a segment of the store (1,024 slots): blocks move, and grow
    // into segments of their own.
    for i in 0..3000 {
        dom.set_attribute(a, &format!("x{i}"), &i.to_string())
            .expect("set");
        dom.set_attribute(b, &format!("y{i}"), &format!("{i}-b"))
            .expect("set");
    }
    for i in (0..3000).step_by(2) {
        dom.remove_attribute(a, &format!("x{i}"));
    }
    let names = dom.attribute_names(a);
    assert_eq!(names.len(), 1 + 1500);
    assert_eq!(names[0], "id");
    assert!(
        names[1..]
            .iter()
            .zip((1..3000).step_by(2))
            .all(|(n, i)| *n == format!("x{i}"))
    );
    assert_eq!(dom.get_attribute(a, "x2999"), Some("2999"));
    assert_eq!(dom.get_attribute(a, "x2998"), None);
    assert_eq!(dom.attribute_names(b).len(), 3001);
    assert_eq!(dom.get_attribute(b, "y1234"), Some("1234-b"));
}

#[test]
fn a_parsed_element_with_thousands_of_attributes() {
    let mut dom = Dom::new();
    let attrs: String = (0..2500).map(|i| format!(" a{i}=v{i}")).collect();
    let doc = dom.parse_document(&format!("<div id=big{attrs}></div><i id=after j=1></i>"));
    let big = dom.get_element_by_id(doc, "big").expect("div");
    let after = dom.get_element_by_id(doc, "after").expect("i");
    assert_eq!(dom.attributes(big).len(), 2501);
    assert_eq!(dom.get_attribute(big, "a2499"), Some("v2499"));
    assert_eq!(
        names_and_values(&dom, after),
        pairs(&[("id", "after"), ("j", "1")])
    );
}

/// Each round adds an attribute to an element whose block is full and
/// not at the store's end (so it moves to a bigger one), then removes it
/// (and the block shrinks back): without compaction the store would grow
/// by a block per round, with nothing of it reachable.
#[test]
fn attributes_added_and_removed_in_a_loop_keep_the_store_bounded() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<div id=d a=1 b=2 c=3></div><p q=1></p>");
    let div = dom.get_element_by_id(doc, "d").expect("div");
    let before = dom.size_bytes();
    for _ in 0..100_000 {
        dom.set_attribute(div, "x", "1").expect("set");
        dom.remove_attribute(div, "x");
    }
    assert!(
        dom.size_bytes() < before + 512 * 1024,
        "{} bytes, {before} before",
        dom.size_bytes()
    );
    assert_eq!(
        names_and_values(&dom, div),
        pairs(&[("id", "d"), ("a", "1"), ("b", "2"), ("c", "3")])
    );
}

/// Parses `markup` as a document and releases it, five times, after a
/// page: the `Dom`'s size then, and whether the page's attributes are intact.
fn size_after_releases(markup: &str) -> usize {
    let mut dom = Dom::new();
    let page = dom.parse_document("<p id=kept class=c title=t>page</p>");
    let kept = dom.get_element_by_id(page, "kept").expect("p");
    for _ in 0..5 {
        let doc = dom.parse_document(markup);
        dom.release_document(doc);
        assert_eq!(
            names_and_values(&dom, kept),
            pairs(&[("id", "kept"), ("class", "c"), ("title", "t")])
        );
    }
    dom.size_bytes()
}

/// A page that parses documents and lets them go returns to the size it
/// would have without their attributes, and what it kept is intact.
#[test]
fn a_released_documents_attributes_are_given_back() {
    let rows = 4000;
    let with = size_after_releases(
        &r#"<div class=row id=r title="a title"><a href=/x>x</a></div>"#.repeat(rows),
    );
    let without = size_after_releases(&"<div><a>x</a></div>".repeat(rows));
    // The document's attributes took 4 + 1 slots of 48 bytes a row.
    assert!(
        with < without + 16 * 1024,
        "{with} bytes, {without} without attributes"
    );
}

/// An element's attributes as a list per element holds them.
type Attributes = Vec<(String, String)>;

/// A small deterministic generator (xorshift), so the sequence is the same
/// on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Random sets, removals, clones and released documents, checked against
/// a list per element after every step: every element's attributes, in
/// order, whatever blocks moved, shrank or were compacted meanwhile.
#[test]
fn random_attribute_changes_read_back_as_lists_per_element_would() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut dom = Dom::new();
    let page = dom.parse_document("<p id=p a=1>page</p>");
    let mut docs = vec![page];
    // (document, element, its attributes)
    let mut model: Vec<(NodeId, NodeId, Attributes)> = Vec::new();
    let names: Vec<String> = (0..12).map(|i| format!("n{i}")).collect();
    for step in 0..20_000 {
        match rng.below(100) {
            0..=4 if model.len() < 400 => {
                let doc = docs[rng.below(docs.len())];
                let e = dom.create_element(doc, "div").expect("div");
                model.push((doc, e, Vec::new()));
            }
            5..=7 if !model.is_empty() => {
                let (doc, e, attrs) = model[rng.below(model.len())].clone();
                let copy = dom.clone_node(e, false);
                model.push((doc, copy, attrs));
            }
            8 if docs.len() < 6 => {
                docs.push(dom.parse_document("<b x=1 y=2>doc</b>"));
            }
            9 if docs.len() > 1 => {
                let doc = docs.remove(1 + rng.below(docs.len() - 1));
                assert!(dom.release_document(doc) > 0);
                model.retain(|(d, _, _)| *d != doc);
            }
            10..=59 if !model.is_empty() => {
                let i = rng.below(model.len());
                let name = &names[rng.below(names.len())];
                // Values past 24 bytes are not kept inline.
                let value = format!("{step}{}", "v".repeat(rng.below(40)));
                dom.set_attribute(model[i].1, name, &value).expect("set");
                let attrs = &mut model[i].2;
                match attrs.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = value,
                    None => attrs.push((name.clone(), value)),
                }
            }
            60..=99 if !model.is_empty() => {
                let i = rng.below(model.len());
                let name = &names[rng.below(names.len())];
                dom.remove_attribute(model[i].1, name);
                model[i].2.retain(|(n, _)| n != name);
            }
            _ => {}
        }
        if step % 16 == 0 {
            for (_, e, attrs) in &model {
                assert_eq!(&names_and_values(&dom, *e), attrs, "step {step}");
            }
        }
    }
    assert!(
        dom.size_bytes() < 2 * 1024 * 1024,
        "{} bytes",
        dom.size_bytes()
    );
}
