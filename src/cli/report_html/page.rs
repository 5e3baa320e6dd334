//! The report page around the diagram: title, summary, the figure, and the
//! tables (frames, the access matrix, every pair, isolates, console,
//! errors). Past [`MAX_MATRIX_FRAMES`] frames the matrix counts pairs by
//! origin, and the pair table stops at [`MAX_PAIR_ROWS`]; each says so.

use std::collections::HashMap;

use super::diagram::{Diagram, colours, diagram};
use super::layout::layout;
use super::{Reach, Report, heap, plural, reach, svg};
use crate::cli::markup::ElementWriter;
use crate::{AccessEntry, FrameId, IsolateKind};

/// Up to this many frames the matrix has a row and a column per frame
/// (1,560 cells); past it, one per origin.
pub(super) const MAX_MATRIX_FRAMES: usize = 40;
/// The most origins the matrix by origin gives a row and column each; the
/// rest share one.
const MAX_MATRIX_ORIGINS: usize = 40;
/// The most rows of the pair-by-pair table (`--format json` has them all).
pub(super) const MAX_PAIR_ROWS: usize = 2_000;

const STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #111827; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
p.summary { margin: 0 0 16px; color: #374151; }
.figure { overflow-x: auto; border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; background: #fafafa; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #d1d5db; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, td.mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
td.yes { background: #dcfce7; }
td.no { color: #6b7280; }
table.grid td { text-align: center; min-width: 2.2em; }
table.grid td.full { background: #dcfce7; color: #14532d; font-weight: bold; }
table.grid td.members { background: #ffedd5; color: #7c2d12; }
table.grid td.self { background: #e5e7eb; }
span.swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid; margin-right: 6px; vertical-align: -1px; }
"#;

/// `<h2>` and the start of a table with its header row.
fn table(w: &mut ElementWriter, id: &'static str, class: Option<&str>, header: &[&str]) {
    w.start("table")
        .attr_opt("class", class)
        .attr("id", id)
        .open()
        .newline();
    w.start("tr").open();
    for h in header {
        w.start("th").text(h);
    }
    w.end().newline();
}

/// The whole page.
pub(super) fn page(r: &Report) -> String {
    let d = diagram(r);
    let geometry = layout(&d.column);
    let mut w = ElementWriter::new();
    let main = r
        .frames
        .iter()
        .find(|f| f.parent.is_none())
        .map_or("", |f| f.url.as_str());
    w.raw("<!DOCTYPE html>\n");
    w.start("html").attr("lang", "en").open().newline();
    w.start("head").open().newline();
    w.start("meta").attr("charset", "utf-8").void().newline();
    w.start("title")
        .text(format_args!("isohost inspect: {main}"))
        .newline();
    w.start("style").raw_text(STYLE).newline();
    w.end().newline();
    w.start("body").open().newline();
    w.start("h1").open().text("isohost inspect: ");
    w.start("code").text(main);
    w.end().newline();
    summary(&mut w, r);
    w.start("div").attr("class", "figure").open().newline();
    svg::svg(&mut w, &d, &geometry);
    w.newline().end().newline();

    frames(&mut w, r, &d);
    if r.frames.len() <= MAX_MATRIX_FRAMES {
        frame_matrix(&mut w, r);
    } else {
        origin_matrix(&mut w, r);
    }
    pairs(&mut w, r);
    isolates(&mut w, r);
    groups(&mut w, r);
    messages(&mut w, r);
    w.end().newline();
    w.end();
    w.finish()
}

fn summary(w: &mut ElementWriter, r: &Report) {
    let count = |k: Option<Reach>| {
        r.access
            .iter()
            .filter(|a| a.from != a.to && reach(a) == k)
            .count()
    };
    let tabs = r
        .isolates
        .iter()
        .filter(|i| i.kind == IsolateKind::Tab)
        .count();
    let workers = r.isolates.len() - tabs;
    w.start("p")
        .attr("class", "summary")
        .text(format_args!(
            "{} frame{}, {} worker{}; {tabs} tab isolate{}, {workers} worker isolate{}. Of the ordered pairs of frames, {} reach DOM and globals, {} only the cross-origin members and postMessage, {} hold no reference.",
            r.frames.len(),
            plural(r.frames.len()),
            r.workers.len(),
            plural(r.workers.len()),
            plural(tabs),
            plural(workers),
            count(Some(Reach::Full)),
            count(Some(Reach::Members)),
            count(None)
        ))
        .newline();
}

fn frames(w: &mut ElementWriter, r: &Report, d: &Diagram) {
    w.start("h2").text("Frames").newline();
    table(
        w,
        "frames",
        None,
        &["frame", "parent", "isolate", "context", "origin", "URL"],
    );
    for f in r.frames.iter().chain(&r.workers) {
        let opaque = f.origin == "null";
        let (fill, stroke) = colours(d.groups.get(&f.id).copied().unwrap_or(0), opaque);
        let noun = if f.kind.is_worker() {
            format!("{} ", super::frame_noun(f.kind))
        } else {
            String::new()
        };
        w.start("tr").open();
        w.start("td")
            .attr("class", "num")
            .text(format_args!("{noun}{}", f.id));
        match f.parent {
            Some(p) => w.start("td").attr("class", "num").text(p),
            None => w.start("td").attr("class", "num").text("—"),
        };
        w.start("td").attr("class", "num").text(f.isolate);
        w.start("td").attr("class", "num").text(f.context);
        w.start("td").attr("class", "mono").open();
        w.start("span")
            .attr("class", "swatch")
            .attr(
                "style",
                format_args!("background:{fill};border-color:{stroke}"),
            )
            .text("");
        w.text(&f.origin).end();
        w.start("td").attr("class", "mono").text(&f.url);
        w.end().newline();
    }
    w.end().newline();
}

/// The legend line above both matrices.
fn matrix_key(w: &mut ElementWriter, before: &str) {
    w.start("p").open().text(before);
    w.start("b").text("DOM");
    w.text(" = document and globals, ");
    w.start("b").text("msg");
    w.text(" = only the cross-origin members and postMessage, — = no reference.");
    w.end().newline();
}

/// A row and a column per frame.
fn frame_matrix(w: &mut ElementWriter, r: &Report) {
    let ids: Vec<FrameId> = r.frames.iter().map(|f| f.id).collect();
    let entries: HashMap<(FrameId, FrameId), &AccessEntry> =
        r.access.iter().map(|a| ((a.from, a.to), a)).collect();
    w.start("h2").text("Access matrix").newline();
    matrix_key(w, "Row frame reaching column frame: ");
    w.start("table")
        .attr("class", "grid")
        .attr("id", "matrix")
        .open()
        .newline();
    w.start("tr").open();
    w.start("th").text("from \\ to");
    for id in &ids {
        w.start("th").text(id);
    }
    w.end().newline();
    for from in &ids {
        w.start("tr").open();
        w.start("th").text(from);
        for to in &ids {
            let (class, text, title) = if from == to {
                ("self", "", "itself".to_string())
            } else {
                match entries.get(&(*from, *to)) {
                    Some(e) => match reach(e) {
                        Some(Reach::Full) => ("full", "DOM", format!("via {}", e.via)),
                        Some(Reach::Members) => ("members", "msg", format!("via {}", e.via)),
                        None => ("none", "—", "no reference".into()),
                    },
                    None => ("none", "?", "not measured".into()),
                }
            };
            w.start("td")
                .attr("class", class)
                .attr("title", title)
                .text(text);
        }
        w.end().newline();
    }
    w.end().newline();
}

/// A row and a column per origin (opaque origins together, and past
/// [`MAX_MATRIX_ORIGINS`] the rest together), each cell counting the
/// ordered pairs of distinct frames by what they reach. Linear in the
/// access entries.
fn origin_matrix(w: &mut ElementWriter, r: &Report) {
    let mut names: Vec<String> = Vec::new();
    let mut index_of_name: HashMap<&str, usize> = HashMap::new();
    let mut key_of: HashMap<FrameId, usize> = HashMap::new();
    let mut merged = false;
    for f in &r.frames {
        let name = if f.origin == "null" {
            "opaque origins"
        } else {
            f.origin.as_str()
        };
        let key = match index_of_name.get(name) {
            Some(&k) => k,
            None if names.len() < MAX_MATRIX_ORIGINS => {
                names.push(name.to_string());
                index_of_name.insert(name, names.len() - 1);
                names.len() - 1
            }
            None => {
                merged = true;
                MAX_MATRIX_ORIGINS
            }
        };
        key_of.insert(f.id, key);
    }
    if merged {
        names.push("other origins".into());
    }
    let n = names.len();
    // [DOM, msg, no reference] per (from origin, to origin).
    let mut cells = vec![[0usize; 3]; n * n];
    for a in r.access.iter().filter(|a| a.from != a.to) {
        let (Some(&kf), Some(&kt)) = (key_of.get(&a.from), key_of.get(&a.to)) else {
            continue;
        };
        let kind = match reach(a) {
            Some(Reach::Full) => 0,
            Some(Reach::Members) => 1,
            None => 2,
        };
        cells[kf * n + kt][kind] += 1;
    }

    w.start("h2").text("Access matrix").newline();
    matrix_key(
        w,
        &format!(
            "{} frames are too many for a row each (more than {MAX_MATRIX_FRAMES}), so rows and columns are origins{}{}; each cell counts the ordered pairs of distinct frames from the row's origin to the column's: ",
            r.frames.len(),
            if index_of_name.contains_key("opaque origins") {
                ", every opaque origin in one"
            } else {
                ""
            },
            if merged {
                format!(", past the first {MAX_MATRIX_ORIGINS} the rest in one")
            } else {
                String::new()
            },
        ),
    );
    w.start("table")
        .attr("class", "grid origins")
        .attr("id", "matrix")
        .open()
        .newline();
    w.start("tr").open();
    w.start("th").text("from \\ to");
    for name in &names {
        w.start("th").text(name);
    }
    w.end().newline();
    for (kf, from) in names.iter().enumerate() {
        w.start("tr").open();
        w.start("th").text(from);
        for (kt, to) in names.iter().enumerate() {
            let [full, members, none] = cells[kf * n + kt];
            let parts: Vec<String> = [(full, "DOM"), (members, "msg"), (none, "—")]
                .iter()
                .filter(|(count, _)| *count > 0)
                .map(|(count, what)| format!("{count} {what}"))
                .collect();
            let class = match (full, members, none) {
                (0, 0, 0) => "self",
                (_, 0, 0) => "full",
                (0, _, 0) => "members",
                (0, 0, _) => "none",
                _ => "mixed",
            };
            let total = full + members + none;
            w.start("td")
                .attr("class", class)
                .attr(
                    "title",
                    format_args!(
                        "{from} → {to}: {total} pair{}: {full} reach DOM and globals, {members} only the cross-origin members and postMessage, {none} no reference",
                        plural(total)
                    ),
                )
                .text(parts.join(" · "));
        }
        w.end().newline();
    }
    w.end().newline();
}

/// Every pair in full, up to [`MAX_PAIR_ROWS`].
fn pairs(w: &mut ElementWriter, r: &Report) {
    w.start("h2").text("Access, pair by pair").newline();
    w.start("p")
        .open()
        .text("Measured by trying each access from the ");
    w.start("i").text("from");
    w.text(" frame's context.").end().newline();
    table(
        w,
        "access",
        None,
        &[
            "from → to",
            "same isolate",
            "dom",
            "globals",
            "cross-origin members",
            "via",
        ],
    );
    for a in r.access.iter().take(MAX_PAIR_ROWS) {
        let members = match a.cross_origin_members.len() {
            0 => "none".to_string(),
            13 => "all 13".to_string(),
            _ => a.cross_origin_members.join(", "),
        };
        w.start("tr").open();
        w.start("td")
            .attr("class", "num")
            .text(format_args!("{} → {}", a.from, a.to));
        for b in [a.same_isolate, a.dom_access, a.global_access] {
            match b {
                true => w.start("td").attr("class", "yes").text("yes"),
                false => w.start("td").attr("class", "no").text("no"),
            };
        }
        w.start("td")
            .attr("class", "mono")
            .attr("title", a.cross_origin_members.join(", "))
            .text(members);
        w.start("td").attr("class", "mono").text(&a.via);
        w.end().newline();
    }
    w.end().newline();
    if r.access.len() > MAX_PAIR_ROWS {
        w.start("p").attr("class", "note").open().text(format_args!(
            "The first {MAX_PAIR_ROWS} of {} pairs; ",
            r.access.len()
        ));
        w.start("code").text("isohost inspect --format json");
        w.text(" lists every one.").end().newline();
    }
}

/// Browsing context groups and their agent clusters, and why each
/// document is in its isolate (issue 11).
fn groups(w: &mut ElementWriter, r: &Report) {
    if r.groups.is_empty() {
        return;
    }
    w.start("h2")
        .text("Browsing context groups and agent clusters")
        .newline();
    w.start("p")
        .text("A tab the user opened, or a popup opened with noopener, starts a browsing context group. Within a group, the documents of one site (or of one origin that sent Origin-Agent-Cluster: ?1) form an agent cluster, hosted by one isolate; iframes stay in their tab's isolate.")
        .newline();
    table(
        w,
        "groups",
        None,
        &["group", "agent cluster", "origin-keyed", "isolate"],
    );
    for g in &r.groups {
        for c in &g.agent_clusters {
            w.start("tr").open();
            w.start("td").attr("class", "num").text(g.id);
            w.start("td").attr("class", "mono").text(&c.key);
            w.start("td")
                .text(if c.origin_keyed { "yes" } else { "no" });
            w.start("td").attr("class", "num").text(c.isolate);
            w.end().newline();
        }
    }
    w.end().newline();
    table(
        w,
        "placements",
        None,
        &["frame", "group", "isolate", "why it is there"],
    );
    for p in &r.placements {
        w.start("tr").open();
        w.start("td").attr("class", "num").text(p.frame);
        w.start("td")
            .attr("class", "num")
            .text(p.browsing_context_group);
        w.start("td").attr("class", "num").text(p.isolate);
        w.start("td").text(&p.reason);
        w.end().newline();
    }
    w.end().newline();
}

fn isolates(w: &mut ElementWriter, r: &Report) {
    w.start("h2").text("Isolates").newline();
    table(
        w,
        "isolates",
        None,
        &["isolate", "kind", "contexts", "heap used"],
    );
    for i in &r.isolates {
        let kind = super::isolate_kind(i.kind);
        let contexts = i
            .contexts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        w.start("tr").open();
        w.start("td").attr("class", "num").text(i.id);
        w.start("td").text(kind);
        w.start("td").attr("class", "mono").text(contexts);
        w.start("td")
            .attr("class", "num")
            .attr("data-bytes", i.heap_used_bytes)
            .text(heap(i.heap_used_bytes));
        w.end().newline();
    }
    w.end().newline();
}

fn messages(w: &mut ElementWriter, r: &Report) {
    if !r.console.is_empty() {
        w.start("h2").text("Console").newline();
        table(w, "console", None, &["frame", "level", "text"]);
        for m in &r.console {
            w.start("tr").open();
            w.start("td").attr("class", "num").text(m.frame);
            w.start("td").text(m.level.as_str());
            w.start("td").attr("class", "mono").text(&m.text);
            w.end().newline();
        }
        w.end().newline();
    }
    if !r.errors.is_empty() {
        w.start("h2").text("Errors").newline();
        table(w, "errors", None, &["frame", "message", "where"]);
        for e in &r.errors {
            w.start("tr").open();
            w.start("td").attr("class", "num").text(e.frame);
            w.start("td").attr("class", "mono").text(&e.message);
            w.start("td")
                .attr("class", "mono")
                .text(format_args!("{}:{}:{}", e.url, e.line, e.column));
            w.end().newline();
        }
        w.end().newline();
    }
}

#[cfg(test)]
mod tests {
    use dom_lite::{Dom, NodeId};

    use super::super::fixtures::tab;
    use super::*;

    fn parse(html: &str) -> (Dom, NodeId) {
        let mut dom = Dom::new();
        let doc = dom.parse_document(html);
        (dom, doc)
    }

    fn texts(dom: &Dom, doc: NodeId, selector: &str) -> Vec<String> {
        dom.query_selector_all(doc, selector)
            .unwrap_or_default()
            .into_iter()
            .map(|n| dom.descendant_text(n))
            .collect()
    }

    #[test]
    fn a_few_frames_get_a_row_each_in_the_matrix_and_every_pair_a_row() {
        let r = tab(4);
        let (dom, doc) = parse(&page(&r));
        assert_eq!(texts(&dom, doc, "table#matrix tr").len(), 6);
        assert_eq!(
            texts(&dom, doc, "table#matrix tr:nth-child(2) td"),
            ["", "DOM", "msg", "DOM", "DOM"]
        );
        assert_eq!(texts(&dom, doc, "table#access tr").len(), 1 + 20);
        assert!(texts(&dom, doc, "p.note").is_empty());
    }

    #[test]
    fn many_frames_get_a_matrix_by_origin_and_the_first_pairs_with_a_note() {
        // 51 frames: 34 on a.test (the main frame among them), 17 on b.test.
        let r = tab(50);
        let html = page(&r);
        let (dom, doc) = parse(&html);
        let header = texts(&dom, doc, "table#matrix th");
        assert_eq!(
            header,
            [
                "from \\ to",
                "http://a.test",
                "http://b.test",
                "http://a.test",
                "http://b.test"
            ]
        );
        let cells = texts(&dom, doc, "table#matrix td");
        assert_eq!(
            cells,
            [
                format!("{} DOM", 34 * 33),
                format!("{} msg", 34 * 17),
                format!("{} msg", 17 * 34),
                format!("{} DOM", 17 * 16),
            ]
        );
        let intro = texts(&dom, doc, "h2 + p");
        assert!(
            intro
                .iter()
                .any(|p| p.starts_with("51 frames are too many for a row each")),
            "{intro:#?}"
        );
        assert_eq!(texts(&dom, doc, "table#access tr").len(), 1 + MAX_PAIR_ROWS);
        assert_eq!(
            texts(&dom, doc, "p.note"),
            ["The first 2000 of 2550 pairs; isohost inspect --format json lists every one."]
        );
        // Every frame still has its row in the frame table and its box.
        assert_eq!(texts(&dom, doc, "table#frames tr").len(), 1 + 51);
        assert_eq!(texts(&dom, doc, "svg g.context").len(), 51);
    }

    #[test]
    fn past_the_matrix_cap_the_later_origins_share_one_row() {
        let mut r = tab(0);
        for id in 2..=60 {
            let mut f = super::super::fixtures::frame(id, Some(1), &format!("http://h{id}.test"));
            if id % 10 == 0 {
                f.origin = "null".into();
            }
            r.frames.push(f);
        }
        let (dom, doc) = parse(&page(&r));
        let rows = texts(&dom, doc, "table#matrix tr > th:first-child");
        assert_eq!(rows.len(), 1 + MAX_MATRIX_ORIGINS + 1);
        assert_eq!(rows[1], "http://a.test");
        assert_eq!(rows[10], "opaque origins");
        assert_eq!(rows.last().map(String::as_str), Some("other origins"));
    }
}
