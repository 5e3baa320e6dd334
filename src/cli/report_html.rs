//! `inspect --format html`: one self-contained page (inline CSS and SVG, no
//! script, nothing fetched) drawing the isolates, the frames' contexts nested
//! inside them, and who can reach whom; tables below give the same facts in
//! full.
//!
//! The diagram is one column: the legend, then every isolate as a box (tabs
//! first, then workers, each in id order) holding its contexts, nested by
//! parent/child in tree order. Every frame has one header band, its *row*.
//! Arrows leave the column from a row and come back to another: solid ones on
//! the right for DOM and global access (same origin, shared security token),
//! dashed ones on the left for reachability limited to the cross-origin
//! members and postMessage, drawn for direct references only (see
//! [`arrows`]). Each arrow runs out on its own horizontal *port*
//! in its rows' bands and up or down its own vertical *lane* beside the
//! column:
//!
//! 1. Lanes are given in order of growing span, the lowest free one that no
//!    arrow overlapping in height holds; so an arrow nested inside another
//!    runs in an inner lane and arrows never run on top of each other.
//! 2. At a row, ports go top to bottom: arrows going up from the nearest
//!    target to the farthest, then arrows going down from the farthest to the
//!    nearest; with (1), arrows meeting at a row do not cross there.
//! 3. A band is tall enough for its three text lines and all its ports;
//!    sibling boxes are stacked, children inset inside their parent; text is
//!    cut to the box width (full text in the hover title and the tables).
//!
//! Positions depend only on ids, the tree and the access matrix, so the
//! output is the same for the same pages (heap sizes aside).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use super::escape_markup;

use crate::{
    AccessEntry, ConsoleMessage, FrameId, FrameInfo, FrameKind, Host, IsolateInfo, IsolateKind,
    ScriptError,
};

/// The facts the report is drawn from.
pub(super) struct Report {
    pub frames: Vec<FrameInfo>,
    pub workers: Vec<FrameInfo>,
    pub isolates: Vec<IsolateInfo>,
    pub access: Vec<AccessEntry>,
    pub console: Vec<ConsoleMessage>,
    pub errors: Vec<ScriptError>,
}

/// One isolate as both reports show it.
pub(super) struct IsolateTree<'r> {
    pub id: u32,
    pub kind: IsolateKind,
    /// `None` for an isolate a frame names that did not answer (ended).
    pub info: Option<&'r IsolateInfo>,
    /// Its frames (or its worker), depth-first from each root in id order,
    /// with their depth in the isolate.
    pub frames: Vec<(&'r FrameInfo, usize)>,
}

impl Report {
    /// The isolates, tabs then workers, each in id order, with their frame
    /// trees.
    pub fn isolate_trees(&self) -> Vec<IsolateTree<'_>> {
        let all: Vec<&FrameInfo> = self.frames.iter().chain(self.workers.iter()).collect();
        let mut isolates: Vec<(u32, IsolateKind, Option<&IsolateInfo>)> = self
            .isolates
            .iter()
            .map(|i| (i.id, i.kind, Some(i)))
            .collect();
        for f in &all {
            if !isolates.iter().any(|(id, _, _)| *id == f.isolate) {
                let kind = if self.frames.iter().any(|g| g.isolate == f.isolate) {
                    IsolateKind::Tab
                } else {
                    IsolateKind::Worker
                };
                isolates.push((f.isolate, kind, None));
            }
        }
        isolates.sort_by_key(|(id, kind, _)| (*kind == IsolateKind::Worker, *id));
        isolates
            .into_iter()
            .map(|(id, kind, info)| {
                let mut members: Vec<&FrameInfo> =
                    all.iter().copied().filter(|f| f.isolate == id).collect();
                members.sort_by_key(|f| f.id);
                let in_isolate: BTreeSet<FrameId> = members.iter().map(|f| f.id).collect();
                let mut stack: Vec<(&FrameInfo, usize)> = members
                    .iter()
                    .rev()
                    .filter(|f| !f.parent.is_some_and(|p| in_isolate.contains(&p)))
                    .map(|f| (*f, 0))
                    .collect();
                let mut frames = Vec::new();
                while let Some((f, depth)) = stack.pop() {
                    frames.push((f, depth));
                    for child in members.iter().rev().filter(|c| c.parent == Some(f.id)) {
                        stack.push((child, depth + 1));
                    }
                }
                IsolateTree {
                    id,
                    kind,
                    info,
                    frames,
                }
            })
            .collect()
    }

    pub fn gather(host: &Host) -> Report {
        Report {
            frames: host.frames(),
            workers: host.workers(),
            isolates: host.isolates(),
            access: host.access_report(),
            console: host.console(),
            errors: host.errors(),
        }
    }
}

pub(super) fn render(host: &Host) -> String {
    page(&Report::gather(host))
}

/// What `from` can do with `to`, as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Reach {
    /// DOM and/or globals: the same security token.
    Full,
    /// A reference, but only the cross-origin members (postMessage among them).
    Members,
}

pub(super) fn reach(entry: &AccessEntry) -> Option<Reach> {
    if entry.dom_access || entry.global_access {
        Some(Reach::Full)
    } else if entry.via != "none" && !entry.cross_origin_members.is_empty() {
        Some(Reach::Members)
    } else {
        None
    }
}

/// Groups frames by origin for colouring and for the text view: tuple origins
/// by their serialization; opaque origins ("null") are each their own group,
/// except frames that measurably reach each other's DOM (a sandboxed frame
/// and its srcdoc child share one opaque origin). Group numbers follow frame
/// id order, from 0.
pub(super) fn origin_groups(
    frames: &[FrameInfo],
    access: &[AccessEntry],
) -> BTreeMap<FrameId, usize> {
    let full: BTreeSet<(FrameId, FrameId)> = access
        .iter()
        .filter(|a| a.dom_access)
        .map(|a| (a.from, a.to))
        .collect();
    let mut sorted: Vec<&FrameInfo> = frames.iter().collect();
    sorted.sort_by_key(|f| f.id);
    let mut groups: BTreeMap<FrameId, usize> = BTreeMap::new();
    let mut by_origin: HashMap<&str, usize> = HashMap::new();
    let mut next = 0;
    for f in &sorted {
        let group = if f.origin == "null" {
            sorted
                .iter()
                .take_while(|g| g.id < f.id)
                .find(|g| {
                    g.origin == "null"
                        && full.contains(&(f.id, g.id))
                        && full.contains(&(g.id, f.id))
                })
                .and_then(|g| groups.get(&g.id).copied())
        } else {
            by_origin.get(f.origin.as_str()).copied()
        };
        let group = group.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        if f.origin != "null" {
            by_origin.insert(&f.origin, group);
        }
        groups.insert(f.id, group);
    }
    groups
}

/// Cuts `s` to at most `max` characters, marking the cut with "…".
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

pub(super) fn heap(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

// Geometry, in SVG user units (px). Text is 12 px monospace: ~7.3 px a char.
const MARGIN: f64 = 16.0;
const ISO_W: f64 = 660.0;
const ISO_HEAD: f64 = 30.0;
const ISO_PAD: f64 = 12.0;
const ISO_GAP: f64 = 26.0;
const INSET: f64 = 14.0;
const GAP: f64 = 10.0;
const LINE: f64 = 15.0;
const TEXT_BAND: f64 = 3.0 * LINE + 14.0;
const PORT: f64 = 9.0;
const LANE0: f64 = 16.0;
const LANE_STEP: f64 = 10.0;
const CHAR_W: f64 = 7.3;
const LEGEND_LINE: f64 = 22.0;

/// Fill and stroke of a context box, by origin group.
const PALETTE: [(&str, &str); 8] = [
    ("#dbeafe", "#1d4ed8"),
    ("#fef3c7", "#b45309"),
    ("#ede9fe", "#6d28d9"),
    ("#dcfce7", "#15803d"),
    ("#fce7f3", "#be185d"),
    ("#cffafe", "#0e7490"),
    ("#ffedd5", "#c2410c"),
    ("#e0e7ff", "#4338ca"),
];
const OPAQUE: (&str, &str) = ("#f3f4f6", "#4b5563");
const FULL_COLOUR: &str = "#15803d";
const MEMBERS_COLOUR: &str = "#c2410c";

fn colours(group: usize, opaque: bool) -> (&'static str, &'static str) {
    if opaque {
        OPAQUE
    } else {
        PALETTE[group % PALETTE.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// One context box: a frame's, a worker's, or a context no frame claims.
#[derive(Debug)]
struct Row {
    frame: Option<FrameId>,
    context: u32,
    depth: usize,
    children: Vec<usize>,
    lines: [String; 3],
    title: String,
    fill: &'static str,
    stroke: &'static str,
    dashed_border: bool,
    /// Ports on each side: (arrow index) in top-to-bottom order.
    ports: [Vec<usize>; 2],
    top: f64,
    band: f64,
    bottom: f64,
    x: f64,
    width: f64,
}

struct IsolateBox {
    id: u32,
    label: String,
    roots: Vec<usize>,
    top: f64,
    bottom: f64,
}

/// One drawn arrow between two rows (a < b in row order).
#[derive(Debug)]
struct Arrow {
    a: usize,
    b: usize,
    reach: Reach,
    /// Arrowheads at a, at b.
    heads: (bool, bool),
    from: FrameId,
    to: FrameId,
    both: bool,
    title: String,
    lane: usize,
}

impl Arrow {
    fn side(&self) -> Side {
        match self.reach {
            Reach::Full => Side::Right,
            Reach::Members => Side::Left,
        }
    }
}

struct Diagram {
    /// Each frame's origin group (frames sharing a security token).
    groups: BTreeMap<FrameId, usize>,
    rows: Vec<Row>,
    isolates: Vec<IsolateBox>,
    arrows: Vec<Arrow>,
    legend: Vec<LegendItem>,
    column_x: f64,
    width: f64,
    height: f64,
}

enum LegendItem {
    Arrow(Reach, String),
    Isolate(String),
    Note(String),
    Origin(&'static str, &'static str, bool, String),
}

/// Where arrow `arrow` meets row `row` on `side`: the row's ports on a side
/// are spread evenly around the middle of its text band.
fn port_y(rows: &[Row], row: usize, arrow: usize, side: Side) -> f64 {
    let ports = &rows[row].ports[side_index(side)];
    let k = ports.iter().position(|&p| p == arrow).unwrap_or(0) as f64;
    let n = ports.len() as f64;
    rows[row].top + rows[row].band / 2.0 + (k - (n - 1.0) / 2.0) * PORT
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Left => 0,
        Side::Right => 1,
    }
}

fn layout(r: &Report) -> Diagram {
    let groups = origin_groups(&r.frames, &r.access);
    let all: Vec<&FrameInfo> = r.frames.iter().chain(r.workers.iter()).collect();
    let by_id: HashMap<FrameId, &FrameInfo> = all.iter().map(|f| (f.id, *f)).collect();

    let mut rows: Vec<Row> = Vec::new();
    let mut boxes: Vec<IsolateBox> = Vec::new();
    let mut row_of: HashMap<FrameId, usize> = HashMap::new();
    for tree in r.isolate_trees() {
        let (id, info) = (tree.id, tree.info);
        let kind_name = match tree.kind {
            IsolateKind::Tab => "tab",
            IsolateKind::Worker => "worker",
        };
        let label = match info {
            Some(i) => format!(
                "isolate {id} · {kind_name} · {} context{} · heap used {}",
                i.contexts.len(),
                plural(i.contexts.len()),
                heap(i.heap_used_bytes)
            ),
            None => format!("isolate {id} · {kind_name} · ended"),
        };
        let mut roots = Vec::new();
        // The row last placed at each depth: a row's parent is the one
        // above it at depth - 1 (the frames come depth-first).
        let mut open: Vec<usize> = Vec::new();
        for &(f, depth) in &tree.frames {
            let index = rows.len();
            row_of.insert(f.id, index);
            rows.push(frame_row(f, depth, &groups, &by_id));
            open.truncate(depth);
            match open.last() {
                Some(&p) => rows[p].children.push(index),
                None => roots.push(index),
            }
            open.push(index);
        }
        if let Some(info) = info {
            let claimed: BTreeSet<u32> = tree.frames.iter().map(|(f, _)| f.context).collect();
            for &context in info.contexts.iter().filter(|c| !claimed.contains(c)) {
                roots.push(rows.len());
                rows.push(Row {
                    frame: None,
                    context,
                    depth: 0,
                    children: Vec::new(),
                    lines: [
                        format!("context {context}"),
                        "no frame (a detached or navigated-away document)".into(),
                        String::new(),
                    ],
                    title: format!("context {context}: no frame"),
                    fill: OPAQUE.0,
                    stroke: OPAQUE.1,
                    dashed_border: true,
                    ports: [Vec::new(), Vec::new()],
                    top: 0.0,
                    band: 0.0,
                    bottom: 0.0,
                    x: 0.0,
                    width: 0.0,
                });
            }
        }
        boxes.push(IsolateBox {
            id,
            label,
            roots,
            top: 0.0,
            bottom: 0.0,
        });
    }

    let mut arrows = arrows(r, &row_of, &by_id);

    // Ports (rule 2).
    for (i, arrow) in arrows.iter().enumerate() {
        let s = side_index(arrow.side());
        rows[arrow.a].ports[s].push(i);
        rows[arrow.b].ports[s].push(i);
    }
    for (index, row) in rows.iter_mut().enumerate() {
        for ports in &mut row.ports {
            ports.sort_by_key(|&i| {
                let other = if arrows[i].a == index {
                    arrows[i].b
                } else {
                    arrows[i].a
                };
                if other < index {
                    (0, index - other, i)
                } else {
                    (1, usize::MAX - (other - index), i)
                }
            });
        }
        let most = row.ports[0].len().max(row.ports[1].len());
        row.band = TEXT_BAND.max(PORT * most as f64 + 12.0);
    }

    // Vertical placement (rule 3).
    let legend = legend(&groups, &by_id);
    let column_top = MARGIN + legend.len() as f64 * LEGEND_LINE + 14.0;
    let mut y = column_top;
    for b in &mut boxes {
        b.top = y;
        y += ISO_HEAD;
        if b.roots.is_empty() {
            y += 16.0;
        }
        for (k, &root) in b.roots.iter().enumerate() {
            if k > 0 {
                y += GAP;
            }
            y = place(&mut rows, root, y);
        }
        y += ISO_PAD;
        b.bottom = y;
        y += ISO_GAP;
    }
    let height = y - ISO_GAP + MARGIN;

    // Lanes (rule 1), measured in pixels now that rows are placed.
    for side in [Side::Left, Side::Right] {
        let mut order: Vec<usize> = (0..arrows.len())
            .filter(|&i| arrows[i].side() == side)
            .collect();
        let span = |i: usize| {
            let (y1, y2) = (
                port_y(&rows, arrows[i].a, i, side),
                port_y(&rows, arrows[i].b, i, side),
            );
            (y1.min(y2), y1.max(y2))
        };
        order.sort_by(|&i, &j| {
            let (a1, a2) = span(i);
            let (b1, b2) = span(j);
            (a2 - a1)
                .total_cmp(&(b2 - b1))
                .then(a1.total_cmp(&b1))
                .then(i.cmp(&j))
        });
        let spans: Vec<(usize, (f64, f64))> = order.iter().map(|&i| (i, span(i))).collect();
        let mut taken: Vec<Vec<(f64, f64)>> = Vec::new();
        for (i, (y1, y2)) in spans {
            let lane = (0..)
                .find(|&l| {
                    taken.get(l).is_none_or(|spans: &Vec<(f64, f64)>| {
                        spans.iter().all(|&(s1, s2)| y2 + 3.0 < s1 || s2 + 3.0 < y1)
                    })
                })
                .unwrap_or(0);
            if taken.len() <= lane {
                taken.resize(lane + 1, Vec::new());
            }
            taken[lane].push((y1, y2));
            arrows[i].lane = lane;
        }
    }
    let lanes = |side: Side| {
        arrows
            .iter()
            .filter(|a| a.side() == side)
            .map(|a| a.lane + 1)
            .max()
            .unwrap_or(0) as f64
    };
    let lane_width = |n: f64| {
        if n > 0.0 {
            LANE0 + n * LANE_STEP + 8.0
        } else {
            0.0
        }
    };
    let column_x = MARGIN + lane_width(lanes(Side::Left));
    for row in &mut rows {
        row.x = column_x + ISO_PAD + row.depth as f64 * INSET;
        row.width = ISO_W - 2.0 * (ISO_PAD + row.depth as f64 * INSET);
    }
    let legend_width = legend
        .iter()
        .map(|item| match item {
            LegendItem::Arrow(_, t)
            | LegendItem::Isolate(t)
            | LegendItem::Note(t)
            | LegendItem::Origin(_, _, _, t) => t.chars().count(),
        })
        .max()
        .unwrap_or(0) as f64
        * CHAR_W
        + 80.0;
    let width = (column_x + ISO_W + lane_width(lanes(Side::Right)) + MARGIN)
        .max(MARGIN * 2.0 + legend_width);
    Diagram {
        groups,
        rows,
        isolates: boxes,
        arrows,
        legend,
        column_x,
        width,
        height,
    }
}

/// Places `row` and its subtree from `y`; returns the bottom.
fn place(rows: &mut [Row], row: usize, y: f64) -> f64 {
    rows[row].top = y;
    let mut bottom = y + rows[row].band;
    let children = rows[row].children.clone();
    for child in children {
        bottom = place(rows, child, bottom + GAP);
    }
    if !rows[row].children.is_empty() {
        bottom += GAP;
    }
    rows[row].bottom = bottom;
    bottom
}

fn frame_row(
    f: &FrameInfo,
    depth: usize,
    groups: &BTreeMap<FrameId, usize>,
    by_id: &HashMap<FrameId, &FrameInfo>,
) -> Row {
    let worker = f.kind == FrameKind::Worker;
    let role = if worker {
        match f.parent {
            Some(p) if by_id.get(&p).is_some_and(|o| o.kind == f.kind) => {
                format!("worker of worker {p}")
            }
            Some(p) => format!("worker of frame {p}"),
            None => "worker".into(),
        }
    } else {
        match (f.parent, f.opener) {
            (Some(p), _) => format!("iframe in frame {p}"),
            (None, Some(o)) => format!("main frame, opened by frame {o}"),
            (None, None) => "main frame".into(),
        }
    };
    let closed = if f.closed { " · closed" } else { "" };
    let opaque = f.origin == "null";
    let group = groups.get(&f.id).copied().unwrap_or(0);
    let (fill, stroke) = colours(group, opaque);
    let noun = if worker { "worker" } else { "frame" };
    let origin_line = if opaque {
        "origin null (opaque: a security token of its own)".to_string()
    } else {
        format!("origin {}", f.origin)
    };
    Row {
        frame: Some(f.id),
        context: f.context,
        depth,
        children: Vec::new(),
        lines: [
            format!("{noun} {} · context {} · {role}{closed}", f.id, f.context),
            origin_line,
            f.url.clone(),
        ],
        title: format!(
            "{noun} {} ({role}{closed})\ncontext {} in isolate {}\norigin {}\n{}",
            f.id, f.context, f.isolate, f.origin, f.url
        ),
        fill,
        stroke,
        dashed_border: opaque,
        ports: [Vec::new(), Vec::new()],
        top: 0.0,
        band: 0.0,
        bottom: 0.0,
        x: 0.0,
        width: 0.0,
    }
}

/// Whether `from` holds `to` by one step (parent, top, opener, frames[i],
/// what window.open returned) rather than a path through other frames.
pub(super) fn direct(e: &AccessEntry) -> bool {
    e.via != "none" && !e.via.contains('.')
}

/// How an access entry is drawn, if at all.
fn drawn(e: &AccessEntry) -> Option<(Reach, &AccessEntry)> {
    match reach(e) {
        Some(Reach::Members) if !direct(e) => None,
        k => k.map(|k| (k, e)),
    }
}

/// One arrow per unordered pair and kind of reach: double-headed when both
/// directions have it, single-headed otherwise; and a dashed one between a
/// worker and its owner.
///
/// Every DOM/global pair is drawn. Members-only pairs are drawn only for a
/// direct reference: within a tab every frame reaches every other through
/// `top.frames[…]`, so drawing each such path would be a complete graph that
/// says nothing; the matrix and the pair table below list them all.
fn arrows(
    r: &Report,
    row_of: &HashMap<FrameId, usize>,
    by_id: &HashMap<FrameId, &FrameInfo>,
) -> Vec<Arrow> {
    let entries: BTreeMap<(FrameId, FrameId), &AccessEntry> =
        r.access.iter().map(|a| ((a.from, a.to), a)).collect();
    let mut out = Vec::new();
    let mut seen: BTreeSet<(FrameId, FrameId)> = BTreeSet::new();
    for &(x, y) in entries.keys() {
        let (p, q) = (x.min(y), x.max(y));
        if p == q || !seen.insert((p, q)) {
            continue;
        }
        if !row_of.contains_key(&p) || !row_of.contains_key(&q) {
            continue;
        }
        let forward = entries.get(&(p, q)).and_then(|&e| drawn(e));
        let backward = entries.get(&(q, p)).and_then(|&e| drawn(e));
        let describe = |e: &AccessEntry| {
            format!(
                "frame {} → frame {}: {} (via {})",
                e.from,
                e.to,
                match reach(e) {
                    Some(Reach::Full) => "DOM and globals",
                    _ => "cross-origin members and postMessage only",
                },
                e.via
            )
        };
        let push = |out: &mut Vec<Arrow>,
                    from: FrameId,
                    to: FrameId,
                    kind: Reach,
                    both: bool,
                    title: String| {
            let (rf, rt) = (row_of[&from], row_of[&to]);
            let (a, b) = (rf.min(rt), rf.max(rt));
            let heads = if both {
                (true, true)
            } else if rt == a {
                (true, false)
            } else {
                (false, true)
            };
            out.push(Arrow {
                a,
                b,
                reach: kind,
                heads,
                from,
                to,
                both,
                title,
                lane: 0,
            });
        };
        match (forward, backward) {
            (Some((k1, e1)), Some((k2, e2))) if k1 == k2 => {
                push(
                    &mut out,
                    p,
                    q,
                    k1,
                    true,
                    format!("{}\n{}", describe(e1), describe(e2)),
                );
            }
            (f, b) => {
                if let Some((k, e)) = f {
                    push(&mut out, p, q, k, false, describe(e));
                }
                if let Some((k, e)) = b {
                    push(&mut out, q, p, k, false, describe(e));
                }
            }
        }
    }
    for w in &r.workers {
        let Some(owner) = w.parent else { continue };
        if !row_of.contains_key(&owner)
            || !row_of.contains_key(&w.id)
            || !by_id.contains_key(&owner)
        {
            continue;
        }
        let (ro, rw) = (row_of[&owner], row_of[&w.id]);
        out.push(Arrow {
            a: ro.min(rw),
            b: ro.max(rw),
            reach: Reach::Members,
            heads: (true, true),
            from: owner,
            to: w.id,
            both: true,
            title: format!(
                "frame {owner} ⇄ worker {}: postMessage only (a dedicated worker)",
                w.id
            ),
            lane: 0,
        });
    }
    out
}

fn legend(
    groups: &BTreeMap<FrameId, usize>,
    by_id: &HashMap<FrameId, &FrameInfo>,
) -> Vec<LegendItem> {
    let mut items = vec![
        LegendItem::Arrow(
            Reach::Full,
            "DOM and globals reachable: same origin, one security token (right side)".into(),
        ),
        LegendItem::Arrow(
            Reach::Members,
            "only the 13 cross-origin members and postMessage, by a direct reference (left side)"
                .into(),
        ),
        LegendItem::Note(
            "(parent, top, opener, frames[i], window.open, a worker; longer paths: see the tables)"
                .into(),
        ),
        LegendItem::Isolate(
            "isolate: a tab or a worker, its own heap and thread; boxes inside are contexts".into(),
        ),
    ];
    let mut members: BTreeMap<usize, Vec<FrameId>> = BTreeMap::new();
    for (id, g) in groups {
        members.entry(*g).or_default().push(*id);
    }
    for (g, ids) in members {
        let origin = &by_id[&ids[0]].origin;
        let opaque = origin == "null";
        let (fill, stroke) = colours(g, opaque);
        let list = ids
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let plural = plural(ids.len());
        let text = if opaque {
            format!("opaque origin (frame{plural} {list}): cross-origin to every other frame")
        } else {
            format!("origin {origin}: frame{plural} {list}")
        };
        items.push(LegendItem::Origin(fill, stroke, opaque, text));
    }
    items
}

fn svg(d: &Diagram) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="diagram" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" role="img" aria-labelledby="diagram-title" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">"#,
        w = d.width,
        h = d.height
    );
    s.push_str(
        "<title id=\"diagram-title\">isolates, contexts and access between frames</title>\n",
    );
    s.push_str("<defs>\n");
    for (id, colour) in [("full", FULL_COLOUR), ("members", MEMBERS_COLOUR)] {
        let _ = writeln!(
            s,
            r#"<marker id="head-{id}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>"#
        );
    }
    s.push_str("</defs>\n");

    // Legend, one item a line.
    s.push_str("<g class=\"legend\">\n");
    for (k, item) in d.legend.iter().enumerate() {
        let y = MARGIN + k as f64 * LEGEND_LINE + 8.0;
        let x = MARGIN;
        match item {
            LegendItem::Arrow(reach, text) => {
                let (colour, dash, id) = match reach {
                    Reach::Full => (FULL_COLOUR, "", "full"),
                    Reach::Members => (MEMBERS_COLOUR, r#" stroke-dasharray="6 4""#, "members"),
                };
                let _ = writeln!(
                    s,
                    r#"<path d="M{x0:.1},{y:.1} H{x1:.1}" stroke="{colour}" stroke-width="2" fill="none"{dash} marker-start="url(#head-{id})" marker-end="url(#head-{id})"/><text x="{tx:.1}" y="{ty:.1}">{t}</text>"#,
                    x0 = x + 2.0,
                    x1 = x + 48.0,
                    tx = x + 60.0,
                    ty = y + 4.0,
                    t = escape_markup(text)
                );
            }
            LegendItem::Note(text) => {
                let _ = writeln!(
                    s,
                    r##"<text x="{tx:.1}" y="{ty:.1}" fill="#4b5563">{t}</text>"##,
                    tx = x + 60.0,
                    ty = y + 4.0,
                    t = escape_markup(text)
                );
            }
            LegendItem::Isolate(text) => {
                let _ = writeln!(
                    s,
                    r##"<rect x="{x:.1}" y="{y0:.1}" width="50" height="16" rx="4" fill="#ffffff" stroke="#111827" stroke-width="2"/><text x="{tx:.1}" y="{ty:.1}">{t}</text>"##,
                    y0 = y - 8.0,
                    tx = x + 60.0,
                    ty = y + 4.0,
                    t = escape_markup(text)
                );
            }
            LegendItem::Origin(fill, stroke, opaque, text) => {
                let dash = if *opaque {
                    r#" stroke-dasharray="4 3""#
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    r#"<rect x="{x:.1}" y="{y0:.1}" width="50" height="16" rx="3" fill="{fill}" stroke="{stroke}"{dash}/><text x="{tx:.1}" y="{ty:.1}">{t}</text>"#,
                    y0 = y - 8.0,
                    tx = x + 60.0,
                    ty = y + 4.0,
                    t = escape_markup(text)
                );
            }
        }
    }
    s.push_str("</g>\n");

    // Isolates, then contexts (parents before children, so children paint on top).
    for b in &d.isolates {
        let _ = writeln!(
            s,
            r##"<g class="isolate" data-isolate="{id}"><title>{t}</title><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="6" fill="#ffffff" stroke="#111827" stroke-width="2"/><text x="{tx:.1}" y="{ty:.1}" font-weight="bold">{label}</text></g>"##,
            id = b.id,
            t = escape_markup(&b.label),
            x = d.column_x,
            y = b.top,
            w = ISO_W,
            h = b.bottom - b.top,
            tx = d.column_x + 10.0,
            ty = b.top + 20.0,
            label = escape_markup(&cut(&b.label, ((ISO_W - 20.0) / CHAR_W) as usize)),
        );
    }
    for row in &d.rows {
        let max = ((row.width - 16.0) / CHAR_W).floor() as usize;
        let dash = if row.dashed_border {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let data = match row.frame {
            Some(f) => format!(r#" data-frame="{f}""#),
            None => String::new(),
        };
        let _ = write!(
            s,
            r#"<g class="context"{data} data-context="{c}"><title>{t}</title><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="4" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
            c = row.context,
            t = escape_markup(&row.title),
            x = row.x,
            y = row.top,
            w = row.width,
            h = row.bottom - row.top,
            fill = row.fill,
            stroke = row.stroke,
        );
        let text_top = row.top + (row.band - 3.0 * LINE) / 2.0;
        for (k, line) in row.lines.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
            let weight = if k == 0 { r#" font-weight="bold""# } else { "" };
            let _ = write!(
                s,
                r#"<text class="line{k}" x="{x:.1}" y="{y:.1}"{weight}>{t}</text>"#,
                x = row.x + 8.0,
                y = text_top + LINE * (k as f64 + 1.0) - 3.0,
                t = escape_markup(&cut(line, max))
            );
        }
        s.push_str("</g>\n");
    }

    // Arrows.
    for (i, arrow) in d.arrows.iter().enumerate() {
        let side = arrow.side();
        let (ya, yb) = (
            port_y(&d.rows, arrow.a, i, side),
            port_y(&d.rows, arrow.b, i, side),
        );
        let edge = |row: usize| {
            let r = &d.rows[row];
            match side {
                Side::Left => r.x,
                Side::Right => r.x + r.width,
            }
        };
        let (xa, xb) = (edge(arrow.a), edge(arrow.b));
        let sign = match side {
            Side::Left => -1.0,
            Side::Right => 1.0,
        };
        let column_edge = match side {
            Side::Left => d.column_x,
            Side::Right => d.column_x + ISO_W,
        };
        let lane = column_edge + sign * (LANE0 + arrow.lane as f64 * LANE_STEP);
        let radius = ((yb - ya).abs() / 2.0).min(5.0);
        let (colour, dash, class, id) = match arrow.reach {
            Reach::Full => (FULL_COLOUR, "", "allowed", "full"),
            Reach::Members => (
                MEMBERS_COLOUR,
                r#" stroke-dasharray="6 4""#,
                "members-only",
                "members",
            ),
        };
        let start = if arrow.heads.0 {
            format!(r#" marker-start="url(#head-{id})""#)
        } else {
            String::new()
        };
        let end = if arrow.heads.1 {
            format!(r#" marker-end="url(#head-{id})""#)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            r#"<path class="arrow {class}" data-from="{from}" data-to="{to}" data-both="{both}" d="M{xa:.1},{ya:.1} H{l1:.1} Q{lane:.1},{ya:.1} {lane:.1},{ya2:.1} V{yb2:.1} Q{lane:.1},{yb:.1} {l1:.1},{yb:.1} H{xb:.1}" fill="none" stroke="{colour}" stroke-width="1.8"{dash}{start}{end}><title>{t}</title></path>"#,
            from = arrow.from,
            to = arrow.to,
            both = arrow.both,
            l1 = lane - sign * radius,
            ya2 = ya + radius,
            yb2 = yb - radius,
            t = escape_markup(&arrow.title),
        );
    }
    s.push_str("</svg>");
    s
}

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

/// The whole page.
pub(super) fn page(r: &Report) -> String {
    let d = layout(r);
    let groups = &d.groups;
    let mut h = String::new();
    let main = r
        .frames
        .iter()
        .find(|f| f.parent.is_none())
        .map_or("", |f| f.url.as_str());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>isohost inspect: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape_markup(main)
    );
    let _ = writeln!(
        h,
        "<h1>isohost inspect: <code>{}</code></h1>",
        escape_markup(main)
    );
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
    let _ = writeln!(
        h,
        "<p class=\"summary\">{} frame{}, {} worker{}; {tabs} tab isolate{}, {workers} worker isolate{}. Of the ordered pairs of frames, {} reach DOM and globals, {} only the cross-origin members and postMessage, {} hold no reference.</p>",
        r.frames.len(),
        plural(r.frames.len()),
        r.workers.len(),
        plural(r.workers.len()),
        plural(tabs),
        plural(workers),
        count(Some(Reach::Full)),
        count(Some(Reach::Members)),
        count(None)
    );
    let _ = writeln!(h, "<div class=\"figure\">\n{}\n</div>", svg(&d));

    // Frames.
    h.push_str("<h2>Frames</h2>\n<table id=\"frames\">\n<tr><th>frame</th><th>parent</th><th>isolate</th><th>context</th><th>origin</th><th>URL</th></tr>\n");
    for f in r.frames.iter().chain(r.workers.iter()) {
        let opaque = f.origin == "null";
        let (fill, stroke) = colours(groups.get(&f.id).copied().unwrap_or(0), opaque);
        let parent = f.parent.map_or("—".to_string(), |p| p.to_string());
        let noun = if f.kind == FrameKind::Worker {
            "worker "
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{noun}{}</td><td class=\"num\">{parent}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"mono\"><span class=\"swatch\" style=\"background:{fill};border-color:{stroke}\"></span>{}</td><td class=\"mono\">{}</td></tr>",
            f.id,
            f.isolate,
            f.context,
            escape_markup(&f.origin),
            escape_markup(&f.url)
        );
    }
    h.push_str("</table>\n");

    // The matrix at a glance.
    let ids: Vec<FrameId> = r.frames.iter().map(|f| f.id).collect();
    let entries: HashMap<(FrameId, FrameId), &AccessEntry> =
        r.access.iter().map(|a| ((a.from, a.to), a)).collect();
    h.push_str("<h2>Access matrix</h2>\n<p>Row frame reaching column frame: <b>DOM</b> = document and globals, <b>msg</b> = only the cross-origin members and postMessage, — = no reference.</p>\n<table class=\"grid\" id=\"matrix\">\n<tr><th>from \\ to</th>");
    for id in &ids {
        let _ = write!(h, "<th>{id}</th>");
    }
    h.push_str("</tr>\n");
    for from in &ids {
        let _ = write!(h, "<tr><th>{from}</th>");
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
            let _ = write!(
                h,
                "<td class=\"{class}\" title=\"{}\">{text}</td>",
                escape_markup(&title)
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");

    // Every pair in full.
    h.push_str("<h2>Access, pair by pair</h2>\n<p>Measured by trying each access from the <i>from</i> frame's context.</p>\n<table id=\"access\">\n<tr><th>from → to</th><th>same isolate</th><th>dom</th><th>globals</th><th>cross-origin members</th><th>via</th></tr>\n");
    for a in &r.access {
        let yes_no = |b: bool| {
            if b {
                "<td class=\"yes\">yes</td>"
            } else {
                "<td class=\"no\">no</td>"
            }
        };
        let members = match a.cross_origin_members.len() {
            0 => "none".to_string(),
            13 => "all 13".to_string(),
            _ => a.cross_origin_members.join(", "),
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{} → {}</td>{}{}{}<td class=\"mono\" title=\"{}\">{}</td><td class=\"mono\">{}</td></tr>",
            a.from,
            a.to,
            yes_no(a.same_isolate),
            yes_no(a.dom_access),
            yes_no(a.global_access),
            escape_markup(&a.cross_origin_members.join(", ")),
            escape_markup(&members),
            escape_markup(&a.via)
        );
    }
    h.push_str("</table>\n");

    // Isolates.
    h.push_str("<h2>Isolates</h2>\n<table id=\"isolates\">\n<tr><th>isolate</th><th>kind</th><th>contexts</th><th>heap used</th></tr>\n");
    for i in &r.isolates {
        let kind = match i.kind {
            IsolateKind::Tab => "tab",
            IsolateKind::Worker => "worker",
        };
        let contexts = i
            .contexts
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{}</td><td>{kind}</td><td class=\"mono\">{contexts}</td><td class=\"num\" data-bytes=\"{}\">{}</td></tr>",
            i.id,
            i.heap_used_bytes,
            heap(i.heap_used_bytes)
        );
    }
    h.push_str("</table>\n");

    if !r.console.is_empty() {
        h.push_str("<h2>Console</h2>\n<table id=\"console\">\n<tr><th>frame</th><th>level</th><th>text</th></tr>\n");
        for m in &r.console {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
                m.frame,
                m.level.as_str(),
                escape_markup(&m.text)
            );
        }
        h.push_str("</table>\n");
    }
    if !r.errors.is_empty() {
        h.push_str("<h2>Errors</h2>\n<table id=\"errors\">\n<tr><th>frame</th><th>message</th><th>where</th></tr>\n");
        for e in &r.errors {
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}:{}:{}</td></tr>",
                e.frame,
                escape_markup(&e.message),
                escape_markup(&e.url),
                e.line,
                e.column
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</body>\n</html>");
    h
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
