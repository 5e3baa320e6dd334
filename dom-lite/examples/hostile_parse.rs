//! Parse time of hostile markup (issue 14): deep nesting and huge attribute
//! lists, through the same [`DocumentParser`] steps the engine drives.
//!
//! `cargo run --release -p dom-lite --example hostile_parse [CASE...]`
//! with cases `divs-40k`, `divs-1m`, `spans-1m`, `attrs-200k`,
//! `attrs-200k-same` (all by default); prints one line per case.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use dom_lite::{DocumentParser, Dom, ParseStep};

fn page(case: &str) -> Option<String> {
    let script = "<script>ran()</script>";
    Some(match case {
        "divs-40k" => format!("{}{script}", "<div>".repeat(40_000)),
        "divs-1m" => format!("{}{script}", "<div>".repeat(1_000_000)),
        "spans-1m" => format!("{}{script}", "<span>".repeat(1_000_000)),
        "attrs-200k" => {
            let attributes: String = (0..200_000).map(|i| format!(" a{i}=x")).collect();
            format!("<div{attributes}></div>{script}")
        }
        "attrs-200k-same" => format!("<div{}></div>{script}", " a=x".repeat(200_000)),
        _ => return None,
    })
}

fn main() {
    let mut cases: Vec<String> = std::env::args().skip(1).collect();
    if cases.is_empty() {
        cases = [
            "divs-40k",
            "divs-1m",
            "spans-1m",
            "attrs-200k",
            "attrs-200k-same",
        ]
        .map(String::from)
        .to_vec();
    }
    for case in cases {
        let Some(html) = page(&case) else {
            eprintln!("unknown case {case}");
            std::process::exit(2);
        };
        let dom = Rc::new(RefCell::new(Dom::new()));
        let doc = dom.borrow_mut().create_document();
        let start = Instant::now();
        let mut parser = DocumentParser::new(dom.clone(), doc, &html);
        let mut scripts = 0;
        while let ParseStep::Script(script) = parser.step() {
            dom.borrow_mut().set_script_already_started(script);
            scripts += 1;
        }
        let elapsed = start.elapsed();
        let dom = dom.borrow();
        let elements = dom.descendants(doc).filter(|&n| dom.is_element(n)).count();
        // Depth from each parent's depth (walking every node's ancestors
        // would be quadratic itself).
        let mut depths = std::collections::HashMap::from([(doc, 0usize)]);
        let mut depth = 0;
        for n in dom.descendants(doc) {
            let d = dom
                .parent(n)
                .and_then(|p| depths.get(&p))
                .map_or(0, |d| d + 1);
            depth = depth.max(d);
            depths.insert(n, d);
        }
        println!(
            "{case:>16}: {:>9.3} s  ({} bytes, {elements} elements, depth {depth}, {scripts} script)",
            elapsed.as_secs_f64(),
            html.len()
        );
    }
}
