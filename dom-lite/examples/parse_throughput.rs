//! dom-lite's share of DOMParser's throughput (issue 15): the ~1 MB
//! document of `pages/bench.test/compare/parse.html` (rows of nested
//! elements, attributes, entities, comments), parsed N times into one
//! [`Dom`] as a tab's DOMParser does (`Dom::parse_document`), in MB/s.
//!
//! `cargo run --release -p dom-lite --example parse_throughput [N]`
//! (N = 20 by default). Checks each result (row count, last row's text),
//! off the clock, and prints one JSON line.

use std::time::Instant;

use dom_lite::Dom;

#[path = "common/bench_document.rs"]
mod bench_document;
use bench_document::document;

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let (html, rows) = document();
    let mut dom = Dom::new();
    let mut seconds = 0.0;
    let mut ok = true;
    for _ in 0..reps {
        let start = Instant::now();
        let doc = dom.parse_document(&html);
        seconds += start.elapsed().as_secs_f64();
        let divs = dom.get_elements_by_tag_name(doc, "div");
        let last = divs.last().and_then(|&d| dom.text_content(d));
        if divs.len() != rows || last.as_deref() != Some(&*format!("item {} & more link", rows - 1))
        {
            ok = false;
        }
    }
    println!(
        "{{\"bytes\":{},\"reps\":{reps},\"ms\":{:.1},\"mbPerS\":{:.2},\"nodes\":{},\"ok\":{ok}}}",
        html.len(),
        seconds * 1000.0,
        (html.len() * reps) as f64 / 1e6 / seconds,
        dom.len()
    );
    if !ok {
        std::process::exit(1);
    }
}
