//! `isohost inspect`: who can reach whom, measured, through the library API
//! and through the CLI (json, text and the HTML report with its diagram).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{isohost, open};
use dom_lite::{Dom, NodeId};
use serde_json::{Value, json};

/// The spec's cross-origin WindowProxy members.
const CROSS_ORIGIN_MEMBERS: [&str; 13] = [
    "window",
    "self",
    "location",
    "close",
    "closed",
    "focus",
    "blur",
    "frames",
    "length",
    "top",
    "opener",
    "parent",
    "postMessage",
];

/// What `inspect --format json` prints, or the same built from the library.
struct Inspection {
    frames: Vec<Value>,
    isolates: Vec<Value>,
    access: BTreeMap<(u64, u64), Value>,
}

impl Inspection {
    fn from_json(v: &Value) -> Inspection {
        let access = v["access"]
            .as_array()
            .expect("access is an array")
            .iter()
            .map(|a| {
                (
                    (a["from"].as_u64().unwrap(), a["to"].as_u64().unwrap()),
                    a.clone(),
                )
            })
            .collect();
        Inspection {
            frames: v["frames"].as_array().expect("frames is an array").clone(),
            isolates: v["isolates"]
                .as_array()
                .expect("isolates is an array")
                .clone(),
            access,
        }
    }

    fn from_library(url: &str) -> Inspection {
        let page = open(url);
        let v = json!({
            "frames": page.host.frames(),
            "isolates": page.host.isolates(),
            "access": page.host.access_report(),
        });
        Inspection::from_json(&v)
    }

    fn from_cli(url: &str) -> Inspection {
        let (code, out, err) = isohost(&["inspect", url, "--format", "json"]);
        assert_eq!(code, 0, "inspect {url} exits 0; stderr: {err}");
        let v: Value =
            serde_json::from_str(&out).expect("inspect --format json prints one JSON value");
        Inspection::from_json(&v)
    }

    /// The id of the frame at `url`.
    fn id(&self, url: &str) -> u64 {
        self.frames
            .iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("a frame at {url}: {:#?}", self.frames))["id"]
            .as_u64()
            .unwrap()
    }

    fn frame(&self, id: u64) -> &Value {
        self.frames.iter().find(|f| f["id"] == id).unwrap()
    }

    fn entry(&self, from: u64, to: u64) -> &Value {
        self.access
            .get(&(from, to))
            .unwrap_or_else(|| panic!("an access entry {from} → {to}"))
    }

    fn assert_full(&self, from: u64, to: u64) {
        let e = self.entry(from, to);
        assert_eq!(e["dom_access"], true, "{from} → {to} reaches the DOM: {e}");
        assert_eq!(
            e["global_access"], true,
            "{from} → {to} reaches globals: {e}"
        );
        assert_eq!(e["same_isolate"], true, "{e}");
    }

    fn assert_cross_origin(&self, from: u64, to: u64) {
        let e = self.entry(from, to);
        assert_eq!(
            e["dom_access"], false,
            "{from} → {to} has no DOM access: {e}"
        );
        assert_eq!(
            e["global_access"], false,
            "{from} → {to} has no global access: {e}"
        );
        let members: BTreeSet<&str> = e["cross_origin_members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(
            members,
            CROSS_ORIGIN_MEMBERS.into_iter().collect(),
            "{from} → {to} has exactly the 13 cross-origin members"
        );
        assert_ne!(e["via"], "none", "{e}");
    }
}

/// The expectations for pages/a.test/index.html, whichever way measured.
fn assert_scenario_matrix(i: &Inspection) {
    let top = i.id("http://a.test/index.html");
    let same = i.id("http://a.test/same.html");
    let cross = i.id("http://b.test/cross.html");
    let sandboxed = i.id("http://a.test/sandboxed.html");
    let srcdoc = i.id("about:srcdoc");
    let nested = i.id("http://a.test/nested.html");
    let leaf = i.id("http://a.test/leaf.html");
    let all = [top, same, cross, sandboxed, srcdoc, nested, leaf];
    assert_eq!(i.frames.len(), 7);
    assert_eq!(
        i.access.len(),
        7 * 6,
        "every ordered pair of distinct frames is measured"
    );

    // Same-origin parent ↔ child, both ways.
    for (parent, child) in [(top, same), (top, srcdoc), (top, nested), (nested, leaf)] {
        i.assert_full(parent, child);
        i.assert_full(child, parent);
    }
    // Cross-origin pairs: neither, but all 13 members.
    i.assert_cross_origin(top, cross);
    i.assert_cross_origin(cross, top);
    // The sandboxed frame is cross-origin to everyone, its same-URL-origin parent included.
    assert_eq!(i.frame(sandboxed)["origin"], "null");
    assert_eq!(i.frame(sandboxed)["url"], "http://a.test/sandboxed.html");
    for other in all.into_iter().filter(|&f| f != sandboxed) {
        i.assert_cross_origin(sandboxed, other);
        i.assert_cross_origin(other, sandboxed);
    }
    // srcdoc inherits its parent's origin.
    assert_eq!(i.frame(srcdoc)["origin"], "http://a.test");
    // The two-deep leaf is fully reachable from the top, and `via` says how.
    i.assert_full(top, leaf);
    i.assert_full(leaf, top);
    assert_eq!(i.entry(top, leaf)["via"], "frames[4].frames[0]");
    assert_eq!(i.entry(leaf, top)["via"], "top");
    assert_eq!(i.entry(top, same)["via"], "frames[0]");
    assert_eq!(i.entry(same, top)["via"], "parent");
    // Every same-origin pair is full, every other pair cross-origin.
    let a_test = [top, same, srcdoc, nested, leaf];
    for &from in &all {
        for &to in all.iter().filter(|&&t| t != from) {
            if a_test.contains(&from) && a_test.contains(&to) {
                i.assert_full(from, to);
            } else {
                i.assert_cross_origin(from, to);
            }
        }
    }

    // One tab isolate holding every context, with a heap.
    assert_eq!(i.isolates.len(), 1, "{:#?}", i.isolates);
    let isolate = &i.isolates[0];
    assert_eq!(isolate["kind"], "tab");
    assert!(
        isolate["heap_used_bytes"].as_u64().unwrap() > 0,
        "{isolate}"
    );
    let contexts: BTreeSet<u64> = isolate["contexts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    let frame_contexts: BTreeSet<u64> = i
        .frames
        .iter()
        .map(|f| f["context"].as_u64().unwrap())
        .collect();
    assert_eq!(contexts, frame_contexts);
    assert!(i.frames.iter().all(|f| f["isolate"] == isolate["id"]));
}

#[test]
fn the_library_measures_the_scenario_matrix() {
    assert_scenario_matrix(&Inspection::from_library("http://a.test/index.html"));
}

#[test]
fn inspect_json_reports_the_scenario_matrix() {
    assert_scenario_matrix(&Inspection::from_cli("pages/a.test/index.html"));
}

#[test]
fn a_same_origin_grandchild_is_fully_reachable_through_a_cross_origin_middle_frame() {
    let i = Inspection::from_cli("http://b.test/holder.html");
    let holder = i.id("http://b.test/holder.html");
    let middle = i.id("http://a.test/holds-b.html");
    let inner = i.id("http://b.test/other.html");
    i.assert_full(holder, inner);
    i.assert_full(inner, holder);
    assert_eq!(i.entry(holder, inner)["via"], "frames[0].frames[0]");
    i.assert_cross_origin(holder, middle);
    i.assert_cross_origin(middle, inner);
}

#[test]
fn paths_into_another_tab_count_only_frames_not_the_workers_they_own() {
    let i = Inspection::from_library("http://c.test/opens-worker-tab.html");
    let opener = i.id("http://c.test/opens-worker-tab.html");
    let tab = i.id("http://c.test/worker-then-frame.html");
    let inner = i.id("http://c.test/grandchild.html");
    assert_eq!(i.entry(opener, tab)["via"], "window.open()");
    assert_eq!(i.entry(opener, inner)["via"], "window.open().frames[0]");
    assert_eq!(i.entry(inner, opener)["via"], "top.opener");
}

#[test]
fn a_data_url_frame_is_opaque_and_cross_origin_to_its_parent() {
    let i = Inspection::from_library("http://a.test/data-frame.html");
    let top = i.id("http://a.test/data-frame.html");
    let data = i.id("data:text/html,%3Cp%3Edata%3C/p%3E");
    assert_eq!(i.frame(data)["origin"], "null");
    i.assert_cross_origin(top, data);
    i.assert_cross_origin(data, top);
}

#[test]
fn a_sandboxed_frames_srcdoc_child_inherits_the_sandbox_and_an_opaque_origin_of_its_own() {
    let i = Inspection::from_library("http://c.test/sandboxed-srcdoc.html");
    let ids: Vec<u64> = i.frames.iter().map(|f| f["id"].as_u64().unwrap()).collect();
    let top = ids[0];
    let sandboxed = i.frames.iter().find(|f| f["parent"] == top).unwrap()["id"]
        .as_u64()
        .unwrap();
    let inner = i.frames.iter().find(|f| f["parent"] == sandboxed).unwrap()["id"]
        .as_u64()
        .unwrap();
    let other = *ids
        .iter()
        .find(|&&f| f != top && f != sandboxed && f != inner)
        .unwrap();
    for f in [sandboxed, inner, other] {
        assert_eq!(i.frame(f)["origin"], "null");
    }
    // HTML "determining the origin": the sandboxed origin flag, which the
    // child inherits, gives a new opaque origin before srcdoc would
    // inherit its parent's.
    for (a, b) in [(sandboxed, inner), (sandboxed, other), (inner, other)] {
        i.assert_cross_origin(a, b);
        i.assert_cross_origin(b, a);
    }
    for f in [sandboxed, inner] {
        i.assert_cross_origin(top, f);
    }
}

#[test]
fn inspect_text_shows_the_tree_origin_groups_and_matrix() {
    let (code, out, err) = isohost(&["inspect", "http://a.test/index.html"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("tab isolate 1 (7 contexts, heap used "),
        "{out}"
    );
    let tree: Vec<&str> = lines[1..8].iter().map(|l| l.trim_end()).collect();
    for (line, (indent, id, url, group)) in tree.iter().zip([
        (2, 1, "http://a.test/index.html", "[A]"),
        (4, 2, "http://a.test/same.html", "[A]"),
        (4, 3, "http://b.test/cross.html", "[B]"),
        (4, 4, "http://a.test/sandboxed.html", "[C]"),
        (4, 5, "about:srcdoc", "[A]"),
        (4, 6, "http://a.test/nested.html", "[A]"),
        (6, 7, "http://a.test/leaf.html", "[A]"),
    ]) {
        let prefix = format!("{}frame {id} ", " ".repeat(indent));
        assert!(line.starts_with(&prefix), "{line:?} starts with {prefix:?}");
        assert!(line.contains(url) && line.contains(group), "{line:?}");
    }
    assert!(
        out.contains("  [A]  http://a.test  frames 1, 2, 5, 6, 7"),
        "{out}"
    );
    assert!(out.contains("  [C]  null (opaque)  frame 4"), "{out}");
    let matrix: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("access matrix"))
        .skip(1)
        .take(8)
        .collect();
    assert_eq!(
        matrix,
        [
            "  from\\to  1  2  3  4  5  6  7",
            "        1  -  D  m  m  D  D  D",
            "        2  D  -  m  m  D  D  D",
            "        3  m  m  -  m  m  m  m",
            "        4  m  m  m  -  m  m  m",
            "        5  D  D  m  m  -  D  D",
            "        6  D  D  m  m  D  -  D",
            "        7  D  D  m  m  D  D  -",
        ]
    );
    assert!(
        out.lines().any(|l| l.split_whitespace().collect::<Vec<_>>()
            == [
                "1",
                "→",
                "7",
                "same",
                "yes",
                "yes",
                "all",
                "13",
                "frames[4].frames[0]"
            ]),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// The HTML report.

/// The report parsed by html5ever into dom-lite's DOM, queried with CSS
/// selectors as a browser's `querySelectorAll` would.
struct Html {
    dom: Dom,
    doc: NodeId,
}

impl Html {
    fn parse_document(html: &str) -> Html {
        let mut dom = Dom::new();
        let doc = dom.parse_document(html);
        Html { dom, doc }
    }

    fn select(&self, selector: &str) -> Vec<El<'_>> {
        El {
            dom: &self.dom,
            id: self.doc,
        }
        .select(selector)
    }

    /// Every element, in tree order.
    fn elements(&self) -> Vec<El<'_>> {
        self.dom
            .descendants(self.doc)
            .filter(|&n| self.dom.is_element(n))
            .map(|id| El { dom: &self.dom, id })
            .collect()
    }
}

/// One element of an [`Html`].
#[derive(Clone, Copy)]
struct El<'a> {
    dom: &'a Dom,
    id: NodeId,
}

impl<'a> El<'a> {
    fn select(&self, selector: &str) -> Vec<El<'a>> {
        self.dom
            .query_selector_all(self.id, selector)
            .unwrap_or_else(|e| panic!("selector {selector}: {e:?}"))
            .into_iter()
            .map(|id| El { dom: self.dom, id })
            .collect()
    }

    fn name(&self) -> &'a str {
        self.dom.local_name(self.id).unwrap_or("")
    }

    fn attr_opt(&self, name: &str) -> Option<&'a str> {
        self.dom.attribute(self.id, name)
    }

    /// Every attribute: (qualified name, value).
    fn attrs(&self) -> Vec<(String, &'a str)> {
        self.dom
            .attributes(self.id)
            .iter()
            .map(|a| (a.qualified_name(), a.value.as_str()))
            .collect()
    }

    /// The text of its descendants, in tree order.
    fn text(&self) -> String {
        self.dom.descendant_text(self.id)
    }
}

fn attr(e: &El<'_>, name: &str) -> String {
    e.attr_opt(name)
        .unwrap_or_else(|| panic!("<{}> has {name}", e.name()))
        .to_string()
}

fn num(e: &El<'_>, name: &str) -> f64 {
    attr(e, name).parse().unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn of(e: &El<'_>) -> Rect {
        Rect {
            x: num(e, "x"),
            y: num(e, "y"),
            w: num(e, "width"),
            h: num(e, "height"),
        }
    }
    fn contains(&self, o: &Rect) -> bool {
        o.x > self.x && o.y > self.y && o.x + o.w < self.x + self.w && o.y + o.h < self.y + self.h
    }
    fn disjoint(&self, o: &Rect) -> bool {
        self.x + self.w <= o.x
            || o.x + o.w <= self.x
            || self.y + self.h <= o.y
            || o.y + o.h <= self.y
    }
}

/// The cells' text of each row of `table#id`, after its header row.
fn table_rows(html: &Html, id: &str) -> Vec<Vec<String>> {
    html.select(&format!("table#{id} tr"))
        .iter()
        .skip(1)
        .map(|tr| tr.select("td").iter().map(El::text).collect())
        .collect()
}

fn report(url: &str) -> (Html, Value) {
    let (code, out, err) = isohost(&["inspect", url, "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("<!DOCTYPE html>"),
        "{}",
        &out[..out.len().min(200)]
    );
    let (code, json, err) = isohost(&["inspect", url, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    (
        Html::parse_document(&out),
        serde_json::from_str(&json).unwrap(),
    )
}

/// The context boxes: frame id → (its rect, its isolate's id, its texts).
fn contexts(html: &Html) -> BTreeMap<u64, (Rect, Vec<String>)> {
    html.select("svg g.context[data-frame]")
        .iter()
        .map(|g| {
            let rect = *g.select("rect").first().expect("a context has a rect");
            let texts = g.select("text").iter().map(El::text).collect();
            (
                attr(g, "data-frame").parse().unwrap(),
                (Rect::of(&rect), texts),
            )
        })
        .collect()
}

#[test]
fn the_html_report_draws_one_box_per_isolate_and_one_labelled_context_per_frame() {
    let (html, v) = report("http://a.test/index.html");
    let isolates = html.select("svg g.isolate");
    assert_eq!(isolates.len(), v["isolates"].as_array().unwrap().len());
    assert_eq!(
        attr(&isolates[0], "data-isolate"),
        v["isolates"][0]["id"].to_string()
    );
    let boxes = contexts(&html);
    let frames = v["frames"].as_array().unwrap();
    assert_eq!(boxes.len(), frames.len());
    for f in frames {
        let (_, texts) = &boxes[&f["id"].as_u64().unwrap()];
        let label = texts.join("\n");
        assert!(label.contains(&format!("frame {}", f["id"])), "{label}");
        assert!(label.contains(f["origin"].as_str().unwrap()), "{label}");
        assert!(label.contains(f["url"].as_str().unwrap()), "{label}");
    }
    // The legend explains both kinds of arrow.
    let legend: String = html
        .select("svg g.legend text")
        .iter()
        .map(El::text)
        .collect();
    assert!(legend.contains("DOM and globals"), "{legend}");
    assert!(legend.contains("postMessage"), "{legend}");
}

#[test]
fn the_html_report_draws_an_arrow_for_every_allowed_pair_and_each_direct_cross_origin_reference() {
    let (html, v) = report("http://a.test/index.html");
    let arrows = |class: &str| -> BTreeSet<(u64, u64)> {
        let mut pairs = BTreeSet::new();
        for p in html.select(&format!("svg path.arrow.{class}")) {
            let (from, to) = (
                attr(&p, "data-from").parse().unwrap(),
                attr(&p, "data-to").parse().unwrap(),
            );
            pairs.insert((from, to));
            if attr(&p, "data-both") == "true" {
                pairs.insert((to, from));
            }
        }
        pairs
    };
    let (allowed, members) = (arrows("allowed"), arrows("members-only"));
    let mut want_allowed = BTreeSet::new();
    let mut want_members = BTreeSet::new();
    for a in v["access"].as_array().unwrap() {
        let pair = (a["from"].as_u64().unwrap(), a["to"].as_u64().unwrap());
        if a["dom_access"] == true || a["global_access"] == true {
            want_allowed.insert(pair);
        } else if a["via"] != "none" && !a["via"].as_str().unwrap().contains('.') {
            // Cross-origin, held directly (parent, frames[i], top, opener).
            want_members.insert(pair);
        }
    }
    assert_eq!(allowed, want_allowed);
    assert_eq!(members, want_members);
    assert_eq!(allowed.len(), 20);
    // The top frame and its cross-origin and sandboxed children, both ways.
    assert_eq!(
        members,
        [(1, 3), (1, 4), (3, 1), (4, 1)].into_iter().collect()
    );
    // postMessage-only arrows are dashed, allowed ones solid.
    for p in html.select("svg path.arrow.members-only") {
        assert!(p.attr_opt("stroke-dasharray").is_some());
    }
    for p in html.select("svg path.arrow.allowed") {
        assert!(p.attr_opt("stroke-dasharray").is_none());
    }
}

#[test]
fn the_html_report_has_the_access_and_isolate_tables() {
    let (html, v) = report("http://a.test/index.html");
    let rows = table_rows(&html, "access");
    assert_eq!(rows.len(), v["access"].as_array().unwrap().len());
    let header: Vec<String> = html
        .select("table#access th")
        .iter()
        .map(El::text)
        .collect();
    assert_eq!(
        header,
        [
            "from → to",
            "same isolate",
            "dom",
            "globals",
            "cross-origin members",
            "via"
        ]
    );
    assert!(rows.contains(&vec![
        "1 → 7".to_string(),
        "yes".into(),
        "yes".into(),
        "yes".into(),
        "all 13".into(),
        "frames[4].frames[0]".into()
    ]));
    let isolates = table_rows(&html, "isolates");
    assert_eq!(isolates.len(), 1);
    assert_eq!(isolates[0][1], "tab");
    assert_eq!(isolates[0][2], "1, 2, 3, 4, 5, 6, 7");
    let matrix = table_rows(&html, "matrix");
    assert_eq!(matrix[0], ["", "DOM", "msg", "msg", "DOM", "DOM", "DOM"]);
}

#[test]
fn the_html_report_is_self_contained() {
    let (html, _) = report("http://a.test/index.html");
    for tag in [
        "script", "link", "img", "iframe", "object", "embed", "image", "use",
    ] {
        assert_eq!(html.select(tag).len(), 0, "no <{tag}>");
    }
    let elements = html.elements();
    assert!(elements.len() > 100, "the whole report was parsed");
    for e in elements {
        for (name, value) in e.attrs() {
            assert!(
                !matches!(name.as_str(), "src" | "href" | "xlink:href") || value.starts_with('#'),
                "<{} {name}={value:?}> loads nothing",
                e.name()
            );
            assert!(!value.contains("url(http"), "{value}");
        }
    }
    let style: String = html.select("style").iter().map(El::text).collect();
    assert!(
        !style.contains("@import") && !style.contains("url("),
        "{style}"
    );
}

#[test]
fn the_html_report_escapes_page_text() {
    let (code, out, err) = isohost(&["inspect", "http://c.test/escaping.html", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    let html = Html::parse_document(&out);
    assert_eq!(html.select("script").len(), 0, "console text stays text");
    assert_eq!(
        html.select("table#console b, svg b").len(),
        0,
        "console text stays text"
    );
    let console: Vec<String> = html
        .select("table#console td")
        .iter()
        .map(El::text)
        .collect();
    assert!(
        console
            .contains(&"<script>alert(\"not markup\")</script> & <b>bold</b> 'quoted'".to_string()),
        "{console:#?}"
    );
    assert!(console.contains(&"a warning with <angle brackets>".to_string()));
    // The URL with & and ' in its query survives into the diagram and the tables.
    let url = "http://c.test/none.html?q=%3Cb%3E&x=%271%27";
    let frames: Vec<String> = html
        .select("table#frames td")
        .iter()
        .map(El::text)
        .collect();
    assert!(frames.contains(&url.to_string()), "{frames:#?}");
    let boxes = contexts(&html);
    assert!(
        boxes.values().any(|(_, t)| t.contains(&url.to_string())),
        "{boxes:#?}"
    );
}

/// Isolates apart; every context inside its isolate; siblings apart and
/// children inside their parent; text within its box.
fn assert_no_overlap(url: &str) {
    let (html, v) = report(url);
    let isolates: BTreeMap<u64, Rect> = html
        .select("svg g.isolate")
        .iter()
        .map(|g| {
            (
                attr(g, "data-isolate").parse().unwrap(),
                Rect::of(&g.select("rect")[0]),
            )
        })
        .collect();
    let list: Vec<&Rect> = isolates.values().collect();
    for (k, a) in list.iter().enumerate() {
        for b in &list[k + 1..] {
            assert!(a.disjoint(b), "isolate boxes {a:?} and {b:?} are apart");
        }
    }
    let boxes = contexts(&html);
    let all: Vec<&Value> = v["frames"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["workers"].as_array().unwrap())
        .collect();
    assert_eq!(
        boxes.len(),
        all.len(),
        "one context box per frame and worker"
    );
    for f in &all {
        let id = f["id"].as_u64().unwrap();
        let (rect, texts) = &boxes[&id];
        assert!(
            isolates[&f["isolate"].as_u64().unwrap()].contains(rect),
            "frame {id} sits in its isolate"
        );
        for t in texts {
            assert!(
                t.chars().count() as f64 * 7.3 <= rect.w - 16.0 + 0.01,
                "{t:?} fits in a box {} wide",
                rect.w
            );
        }
        if let Some(parent) = f["parent"].as_u64()
            && let Some((p, _)) = boxes.get(&parent)
            && all
                .iter()
                .any(|g| g["id"] == parent && g["isolate"] == f["isolate"])
        {
            assert!(
                p.contains(rect),
                "frame {id} sits inside its parent {parent}"
            );
        }
        for g in &all {
            let other = g["id"].as_u64().unwrap();
            if other != id && g["parent"] == f["parent"] && g["isolate"] == f["isolate"] {
                assert!(
                    rect.disjoint(&boxes[&other].0),
                    "siblings {id} and {other} are apart"
                );
            }
        }
    }
    // The text lines of one box do not overlap the boxes of its children.
    for (id, (rect, _)) in &boxes {
        for (other, (child, _)) in &boxes {
            if id != other && rect.contains(child) {
                let g = html
                    .select(&format!("svg g.context[data-frame=\"{id}\"] text"))
                    .iter()
                    .map(|t| num(t, "y"))
                    .fold(f64::MIN, f64::max);
                assert!(
                    g < child.y,
                    "the label of {id} ends above its child {other}"
                );
            }
        }
    }
}

#[test]
fn the_diagram_does_not_overlap_for_the_scenario_pages() {
    for url in [
        "http://a.test/index.html",
        "http://b.test/holder.html",
        "http://a.test/data-frame.html",
        "http://c.test/sandboxed-srcdoc.html",
        "http://c.test/tabs-and-workers.html",
        "http://c.test/many-frames.html",
    ] {
        assert_no_overlap(url);
    }
}

#[test]
fn the_diagram_layout_is_deterministic() {
    let geometry = |url: &str| -> Vec<String> {
        let (code, out, _) = isohost(&["inspect", url, "--format", "html"]);
        assert_eq!(code, 0);
        let html = Html::parse_document(&out);
        html.select("svg rect, svg path")
            .iter()
            .map(|e| {
                ["x", "y", "width", "height", "d"]
                    .iter()
                    .map(|a| e.attr_opt(a).unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    for url in ["http://a.test/index.html", "http://c.test/many-frames.html"] {
        assert_eq!(geometry(url), geometry(url), "{url}");
    }
}

#[test]
fn the_html_report_shows_agent_clusters_and_workers_as_separate_isolates() {
    let (html, v) = report("http://c.test/tabs-and-workers.html");
    let isolates = v["isolates"].as_array().unwrap();
    let kinds: Vec<&str> = isolates
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    // The page and its same-origin popup (site http://c.test), the b.test
    // popup (site http://b.test), the worker.
    assert_eq!(kinds, ["tab", "tab", "worker"], "{isolates:#?}");
    assert_eq!(html.select("svg g.isolate").len(), 3);
    let clusters: Vec<String> = table_rows(&html, "groups")
        .into_iter()
        .map(|row| row[1].clone())
        .collect();
    assert_eq!(clusters, ["site http://c.test", "site http://b.test"]);
    let worker = &v["workers"][0];
    let (id, owner) = (
        worker["id"].as_u64().unwrap(),
        worker["parent"].as_u64().unwrap(),
    );
    // The worker talks to its owner by postMessage only: a dashed arrow.
    assert!(
        html.select("svg path.arrow.members-only").iter().any(|p| {
            attr(p, "data-from") == owner.to_string() && attr(p, "data-to") == id.to_string()
        }),
        "a dashed arrow between frame {owner} and worker {id}"
    );
}
