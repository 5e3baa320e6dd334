//! `inspect --format html`: a self-contained page with an SVG diagram.

use crate::Host;

pub(super) fn render(host: &Host) -> String {
    let _ = host;
    String::from("<!DOCTYPE html><title>isohost inspect</title><p>(diagram pending)</p>")
}
