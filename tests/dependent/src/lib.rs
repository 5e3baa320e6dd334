//! A dependent of isohost: evaluates script in a page of `pages/`.

use std::path::Path;

/// Opens `http://app.test/` from the fixtures under `root`, waits until it is
/// idle and evaluates `expression` in its main frame; the result as JSON text.
///
/// ```
/// let answer = isohost_dependent::evaluate("pages", "document.title + ' ' + 6 * 7")?;
/// assert_eq!(answer, r#""dependent 42""#);
/// # Ok::<(), isohost::Error>(())
/// ```
pub fn evaluate(root: impl AsRef<Path>, expression: &str) -> isohost::Result<String> {
    let host = isohost::Host::new(isohost::HostOptions::new(root.as_ref()))?;
    let tab = host.open("http://app.test/")?;
    assert!(host.wait_idle(None));
    Ok(host.evaluate(tab.main_frame, expression)?.to_string())
}

/// Where this process mapped libnode from (`/proc/self/maps`).
pub fn libnode_path() -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines()
        .filter_map(|l| l.find('/').map(|i| &l[i..]))
        .find(|p| p.ends_with("/libnode.so.108"))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    #[test]
    fn unit_test_evaluates_in_the_page() {
        assert_eq!(super::evaluate("pages", "loaded").unwrap(), "true");
    }
}
