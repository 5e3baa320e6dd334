//! The diagram's markup: what `diagram` says, where `layout` put it.

use std::fmt;

use super::diagram::{Diagram, LegendItem};
use super::layout::{Geometry, ISO_W, MARGIN};
use super::{Reach, cut};
use crate::cli::markup::ElementWriter;

const FULL_COLOUR: &str = "#15803d";
const MEMBERS_COLOUR: &str = "#c2410c";

/// A coordinate, to a tenth of a pixel.
struct Px(f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}

/// How an arrow of this reach is stroked: colour, dash pattern, class, marker id.
fn stroke(
    reach: Reach,
) -> (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
) {
    match reach {
        Reach::Full => (FULL_COLOUR, None, "allowed", "full"),
        Reach::Members => (MEMBERS_COLOUR, Some("6 4"), "members-only", "members"),
    }
}

fn head(id: &str) -> String {
    format!("url(#head-{id})")
}

pub(super) fn svg(w: &mut ElementWriter, d: &Diagram, g: &Geometry) {
    let (width, height) = (format!("{:.0}", g.width), format!("{:.0}", g.height));
    w.start("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("id", "diagram")
        .attr("width", &width)
        .attr("height", &height)
        .attr("viewBox", format_args!("0 0 {width} {height}"))
        .attr("role", "img")
        .attr("aria-labelledby", "diagram-title")
        .attr(
            "font-family",
            "DejaVu Sans Mono, Menlo, Consolas, monospace",
        )
        .attr("font-size", 12)
        .open()
        .newline();
    w.start("title")
        .attr("id", "diagram-title")
        .text("isolates, contexts and access between frames")
        .newline();
    w.start("defs").open().newline();
    for (id, colour) in [("full", FULL_COLOUR), ("members", MEMBERS_COLOUR)] {
        w.start("marker")
            .attr("id", format_args!("head-{id}"))
            .attr("viewBox", "0 0 10 10")
            .attr("refX", 10)
            .attr("refY", 5)
            .attr("markerUnits", "userSpaceOnUse")
            .attr("markerWidth", 9)
            .attr("markerHeight", 9)
            .attr("orient", "auto-start-reverse")
            .open();
        w.start("path")
            .attr("d", "M0,0 L10,5 L0,10 z")
            .attr("fill", colour)
            .empty();
        w.end().newline();
    }
    w.end().newline();

    legend(w, d);

    // Isolates, then contexts (parents before children, so children paint on top).
    for (label, span) in d.isolates.iter().zip(&g.isolates) {
        w.start("g")
            .attr("class", "isolate")
            .attr("data-isolate", label.id)
            .open();
        w.start("title").text(&label.label);
        w.start("rect")
            .attr("x", Px(g.column_x))
            .attr("y", Px(span.top))
            .attr("width", Px(ISO_W))
            .attr("height", Px(span.bottom - span.top))
            .attr("rx", 6)
            .attr("fill", "#ffffff")
            .attr("stroke", "#111827")
            .attr("stroke-width", 2)
            .empty();
        w.start("text")
            .attr("x", Px(g.column_x + 10.0))
            .attr("y", Px(span.top + 20.0))
            .attr("font-weight", "bold")
            .text(cut(&label.label, Geometry::isolate_label_chars()));
        w.end().newline();
    }
    for (b, (label, p)) in d.boxes.iter().zip(&g.boxes).enumerate() {
        w.start("g")
            .attr("class", "context")
            .attr_opt("data-frame", label.frame)
            .attr("data-context", label.context)
            .open();
        w.start("title").text(&label.title);
        w.start("rect")
            .attr("x", Px(p.x))
            .attr("y", Px(p.top))
            .attr("width", Px(p.width))
            .attr("height", Px(p.bottom - p.top))
            .attr("rx", 4)
            .attr("fill", label.fill)
            .attr("stroke", label.stroke)
            .attr("stroke-width", 1.5)
            .attr_opt("stroke-dasharray", label.dashed_border.then_some("5 3"))
            .empty();
        let max = g.text_chars(b);
        for (k, line) in label
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
        {
            let (x, y) = g.text_at(b, k);
            w.start("text")
                .attr("class", format_args!("line{k}"))
                .attr("x", Px(x))
                .attr("y", Px(y))
                .attr_opt("font-weight", (k == 0).then_some("bold"))
                .text(cut(line, max));
        }
        w.end().newline();
    }

    // Arrows.
    for (arrow, route) in d.arrows.iter().zip(&g.arrows) {
        let (colour, dash, class, id) = stroke(arrow.reach);
        let (lane, r, l1) = (route.lane_x, route.radius, route.turn_x);
        let (xa, ya, xb, yb) = (route.xa, route.ya, route.xb, route.yb);
        let path = format!(
            "M{:.1},{:.1} H{:.1} Q{:.1},{:.1} {:.1},{:.1} V{:.1} Q{:.1},{:.1} {:.1},{:.1} H{:.1}",
            xa,
            ya,
            l1,
            lane,
            ya,
            lane,
            ya + r,
            yb - r,
            lane,
            yb,
            l1,
            yb,
            xb
        );
        w.start("path")
            .attr("class", format_args!("arrow {class}"))
            .attr("data-from", arrow.from)
            .attr("data-to", arrow.to)
            .attr("data-both", arrow.both)
            .attr("d", path)
            .attr("fill", "none")
            .attr("stroke", colour)
            .attr("stroke-width", 1.8)
            .attr_opt("stroke-dasharray", dash)
            .attr_opt("marker-start", arrow.heads.0.then(|| head(id)))
            .attr_opt("marker-end", arrow.heads.1.then(|| head(id)))
            .open();
        w.start("title").text(&arrow.title);
        w.end().newline();
    }
    w.end();
}

/// The legend, one item a line.
fn legend(w: &mut ElementWriter, d: &Diagram) {
    w.start("g").attr("class", "legend").open().newline();
    for (k, item) in d.legend.iter().enumerate() {
        let y = Geometry::legend_y(k);
        let x = MARGIN;
        let text = |w: &mut ElementWriter, fill: Option<&str>, t: &str| {
            w.start("text")
                .attr("x", Px(x + 60.0))
                .attr("y", Px(y + 4.0))
                .attr_opt("fill", fill)
                .text(t)
                .newline();
        };
        match item {
            LegendItem::Arrow(reach, t) => {
                let (colour, dash, _, id) = stroke(*reach);
                w.start("path")
                    .attr(
                        "d",
                        format_args!("M{:.1},{:.1} H{:.1}", x + 2.0, y, x + 48.0),
                    )
                    .attr("stroke", colour)
                    .attr("stroke-width", 2)
                    .attr("fill", "none")
                    .attr_opt("stroke-dasharray", dash)
                    .attr("marker-start", head(id))
                    .attr("marker-end", head(id))
                    .empty();
                text(w, None, t);
            }
            LegendItem::Note(t) => text(w, Some("#4b5563"), t),
            LegendItem::Isolate(t) => {
                w.start("rect")
                    .attr("x", Px(x))
                    .attr("y", Px(y - 8.0))
                    .attr("width", 50)
                    .attr("height", 16)
                    .attr("rx", 4)
                    .attr("fill", "#ffffff")
                    .attr("stroke", "#111827")
                    .attr("stroke-width", 2)
                    .empty();
                text(w, None, t);
            }
            LegendItem::Origin(fill, stroke, opaque, t) => {
                w.start("rect")
                    .attr("x", Px(x))
                    .attr("y", Px(y - 8.0))
                    .attr("width", 50)
                    .attr("height", 16)
                    .attr("rx", 3)
                    .attr("fill", fill)
                    .attr("stroke", stroke)
                    .attr_opt("stroke-dasharray", opaque.then_some("4 3"))
                    .empty();
                text(w, None, t);
            }
        }
    }
    w.end().newline();
}
