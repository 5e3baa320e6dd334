//! crypto.getRandomValues, crypto.randomUUID and blob URLs' UUIDs draw from
//! the host's seeded streams (issue 12): the same seed repeats them in
//! windows and workers, another seed changes them.

mod common;

use std::time::Duration;

use common::host_with;

/// What pages/a.test/crypto/seeded.html logged (its window's values, then
/// its worker's).
fn values(seed: u64) -> Vec<String> {
    let host = host_with(|o| o.seed = Some(seed));
    host.open("http://a.test/crypto/seeded.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(60))), "became idle");
    host.console().into_iter().map(|m| m.text).collect()
}

#[test]
fn crypto_values_and_blob_urls_repeat_with_the_seed() {
    let first = values(7);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(
        first[0].starts_with("window ") && first[0].contains(" blob:http://a.test/"),
        "{first:?}"
    );
    assert!(first[1].starts_with("worker "), "{first:?}");
    assert_ne!(
        first[0].split(' ').nth(1),
        first[1].split(' ').nth(1),
        "the worker has a stream of its own"
    );
    assert_eq!(values(7), first, "the same seed, the same values");
    assert_ne!(values(8), first, "another seed, other values");
}
