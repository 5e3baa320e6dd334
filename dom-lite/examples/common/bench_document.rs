//! The ~1 MB document of `pages/bench.test/compare/parse.html` (rows of
//! nested elements, attributes, entities, comments), byte for byte as the
//! page builds it, and its number of rows: shared by the examples that
//! parse it.

pub fn document() -> (String, usize) {
    let mut rows = 0;
    let mut body = String::new();
    while body.len() < 1_000_000 {
        body.push_str(&format!(
            "<div class=\"row r{}\" id=\"d{rows}\"><span title=\"t{rows}\">item {rows} &amp; more</span> <a href=\"/x/{rows}\">link</a><!-- c{rows} --></div>\n",
            rows % 7
        ));
        rows += 1;
    }
    (
        format!("<!DOCTYPE html><html><head><title>big</title></head><body>\n{body}</body></html>"),
        rows,
    )
}
