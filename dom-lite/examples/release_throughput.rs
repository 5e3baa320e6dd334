//! Releasing parsed documents (issue 15): N copies of the ~1 MB document
//! of `pages/bench.test/compare/parse.html` parsed into one [`Dom`], then
//! released together (`Dom::release_documents`), as a tab frees the
//! documents a page let go of (`DocumentGroups::release_collected`), and
//! one parsed again into the freed slots. Prints one JSON line: ms per release.
//!
//! `cargo run --release -p dom-lite --example release_throughput [N]`
//! (N = 12 by default: the documents a tab frees at once when a page
//! parses in a loop).

use std::time::Instant;

use dom_lite::Dom;

#[path = "common/bench_document.rs"]
mod bench_document;
use bench_document::document;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let (html, _) = document();
    let mut dom = Dom::new();
    let docs: Vec<_> = (0..n).map(|_| dom.parse_document(&html)).collect();
    let start = Instant::now();
    // All at once, as a tab frees what one collection let go of.
    let freed = dom.release_documents(&docs);
    let seconds = start.elapsed().as_secs_f64();
    let again = dom.parse_document(&html);
    println!(
        "{{\"documents\":{n},\"freed\":{freed},\"msPerRelease\":{:.2},\"live\":{}}}",
        seconds * 1000.0 / n as f64,
        dom.live_nodes()
    );
    if freed == 0 || dom.release_document(again) == 0 {
        std::process::exit(1);
    }
}
