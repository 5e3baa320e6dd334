//! The arena tells its engine of the memory it grows into, before a node
//! is written there (`Dom::on_arena_growth`): the engine advises the
//! kernel to back a big parse's nodes with huge pages (issue 15).

use std::sync::Mutex;

use dom_lite::Dom;

/// The ranges a hook was told of, each with the thread that grew its
/// memory (tests run on threads of their own).
type Log = Mutex<Vec<(std::thread::ThreadId, usize, usize)>>;

fn record(log: &Log, addr: usize, len: usize) {
    log.lock()
        .expect("not poisoned")
        .push((std::thread::current().id(), addr, len));
}

/// What `log` was told of on this thread.
fn here(log: &Log) -> Vec<(usize, usize)> {
    let me = std::thread::current().id();
    log.lock()
        .expect("not poisoned")
        .iter()
        .filter(|g| g.0 == me)
        .map(|g| (g.1, g.2))
        .collect()
}

/// Every range the arena's hook was told of.
static GROWN: Log = Mutex::new(Vec::new());

fn note(addr: usize, len: usize) {
    record(&GROWN, addr, len);
}

fn grown_here() -> Vec<(usize, usize)> {
    here(&GROWN)
}

#[test]
fn each_growth_reports_the_whole_arena_doubled() {
    let mut dom = Dom::new();
    dom.on_arena_growth(note);
    let html = "<div class=row><span>item</span> <a href=/x>link</a></div>\n".repeat(20_000);
    let doc = dom.parse_document(&html);
    let grown = grown_here();
    let node = 64;
    // Doubling from nothing to some 140,000 slots: one report per doubling.
    assert!(
        (15..=20).contains(&grown.len()),
        "{} reports for {} slots",
        grown.len(),
        dom.len()
    );
    // Past 2 MiB to 2^n - 1 slots (a mapping of 2^n nodes with malloc's
    // header): doubling, give or take a node.
    for pair in grown.windows(2) {
        assert!(
            pair[1].1 + node >= 2 * pair[0].1 && pair[1].1 <= 2 * pair[0].1 + node,
            "doubles: {grown:?}"
        );
    }
    let &(addr, bytes) = grown.last().expect("grew");
    assert_ne!(addr, 0);
    assert!(
        bytes >= dom.len() * node && bytes < 2 * dom.len() * node,
        "{bytes} bytes for {} slots",
        dom.len()
    );
    assert_eq!(dom.get_elements_by_tag_name(doc, "span").len(), 20_000);
}

#[test]
fn an_arena_without_a_hook_or_reusing_slots_reports_nothing() {
    let mut quiet = Dom::new();
    quiet.parse_document(&"<p>x</p>".repeat(1_000));
    assert!(grown_here().is_empty());
    let mut dom = Dom::new();
    dom.on_arena_growth(note);
    let doc = dom.parse_document(&"<p>x</p>".repeat(1_000));
    // Kept past `doc`, so that its slots are free ones, not a trimmed end.
    dom.parse_document("<p>kept</p>");
    let reports = grown_here().len();
    assert!(reports > 0);
    assert!(dom.release_document(doc) > 2_000);
    dom.parse_document(&"<p>x</p>".repeat(1_000));
    assert_eq!(grown_here().len(), reports, "freed slots are reused first");
}

/// Every range the attribute store's hook was told of.
static STORE_GROWN: Log = Mutex::new(Vec::new());

fn note_store(addr: usize, len: usize) {
    record(&STORE_GROWN, addr, len);
}

fn store_grown_here() -> Vec<(usize, usize)> {
    here(&STORE_GROWN)
}

#[test]
fn the_attribute_store_reports_its_big_segments_only() {
    let mut dom = Dom::new();
    dom.on_attr_store_growth(note_store);
    // A page's few thousand attributes: small segments, nothing told.
    let html = "<a href=/x class=c>link</a>".repeat(4_000);
    dom.parse_document(&html);
    assert!(store_grown_here().is_empty());
    // Past 16,384 live attributes, a whole segment (6 MiB) at a time.
    let html = "<div class=row id=d><a href=/x title=t>link</a></div>".repeat(40_000);
    let doc = dom.parse_document(&html);
    let grown = store_grown_here();
    assert!(!grown.is_empty() && grown.len() <= 2, "{grown:?}");
    for &(addr, bytes) in &grown {
        assert_ne!(addr, 0);
        // A slot short of 6 MiB, so that malloc maps 6 MiB with its header.
        assert_eq!(bytes, (6 << 20) - 48);
    }
    assert_eq!(dom.get_elements_by_tag_name(doc, "a").len(), 40_000);
    let a = dom.get_elements_by_tag_name(doc, "a")[39_999];
    assert_eq!(dom.get_attribute(a, "title"), Some("t"));
}
