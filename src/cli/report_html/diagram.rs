//! What the diagram shows, without coordinates: a context box per frame,
//! worker and frameless context (its three text lines, hover title and
//! colours), each isolate's label, which pairs of frames become arrows (see
//! [`arrows`]), and the legend, which says what was left out. The boxes'
//! tree and the arrows' ends become the [`Column`] that `layout` places.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::layout::{ArrowEnds, Column, ContextBox, Side};
use super::{Reach, Report, heap, origin_groups, plural, reach};
use crate::{AccessEntry, ContextId, FrameId, FrameInfo, FrameKind, IsolateId};

/// The most arrows drawn. Beyond it, only direct references are drawn (DOM
/// and global access by a longer path is left to the tables), and only the
/// first this many of those: past a few dozen, lanes and ports make a wall
/// of lines, and laying out lanes costs the square of the arrows. The
/// largest bundled scenario draws 20.
pub(super) const MAX_ARROWS: usize = 60;
/// The most origin lines in the legend; the rest are counted in one note.
const MAX_LEGEND_ORIGINS: usize = 16;
/// The most frame ids listed on one legend line.
const MAX_LISTED: usize = 24;
/// Past this many opaque origins of one frame each, they share one legend line.
const MAX_LONE_OPAQUE: usize = 4;

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

/// Fill and stroke for an origin group.
pub(super) fn colours(group: usize, opaque: bool) -> (&'static str, &'static str) {
    if opaque {
        OPAQUE
    } else {
        PALETTE[group % PALETTE.len()]
    }
}

pub(super) struct Diagram {
    /// Each frame's origin group (frames sharing a security token).
    pub groups: BTreeMap<FrameId, usize>,
    /// The boxes' tree and the arrows' ends, for the layout.
    pub column: Column,
    /// One per `column.boxes`.
    pub boxes: Vec<BoxLabel>,
    /// One per `column.isolates`.
    pub isolates: Vec<IsolateLabel>,
    /// One per `column.arrows`.
    pub arrows: Vec<Arrow>,
    pub legend: Vec<LegendItem>,
}

/// A context box's words and colours: a frame's, a worker's, or a context
/// no frame claims.
#[derive(Debug)]
pub(super) struct BoxLabel {
    pub frame: Option<FrameId>,
    pub context: ContextId,
    pub lines: [String; 3],
    pub title: String,
    pub fill: &'static str,
    pub stroke: &'static str,
    pub dashed_border: bool,
}

pub(super) struct IsolateLabel {
    pub id: IsolateId,
    pub label: String,
}

/// One drawn arrow between two boxes.
#[derive(Debug)]
pub(super) struct Arrow {
    pub reach: Reach,
    /// Arrowheads at the upper box, at the lower box.
    pub heads: (bool, bool),
    pub from: FrameId,
    pub to: FrameId,
    pub both: bool,
    pub title: String,
}

/// Full reach on the right, members-only on the left.
pub(super) fn side(reach: Reach) -> Side {
    match reach {
        Reach::Full => Side::Right,
        Reach::Members => Side::Left,
    }
}

pub(super) enum LegendItem {
    Arrow(Reach, String),
    Isolate(String),
    Note(String),
    Origin(&'static str, &'static str, bool, String),
}

impl LegendItem {
    fn text(&self) -> &str {
        match self {
            LegendItem::Arrow(_, t)
            | LegendItem::Isolate(t)
            | LegendItem::Note(t)
            | LegendItem::Origin(_, _, _, t) => t,
        }
    }
}

pub(super) fn diagram(r: &Report) -> Diagram {
    let groups = origin_groups(&r.frames, &r.access);
    let by_id: HashMap<FrameId, &FrameInfo> = r
        .frames
        .iter()
        .chain(&r.workers)
        .map(|f| (f.id, f))
        .collect();

    let mut column = Column::default();
    let mut boxes: Vec<BoxLabel> = Vec::new();
    let mut isolates = Vec::new();
    let mut box_of: HashMap<FrameId, usize> = HashMap::new();
    for tree in r.isolate_trees() {
        let (id, info) = (tree.id, tree.info);
        let kind_name = super::isolate_kind(tree.kind);
        // A tab isolate hosts one agent cluster of a browsing context group.
        let cluster = match r.cluster_of(id) {
            c if c.is_empty() => String::new(),
            c => format!(" · {c}"),
        };
        let label = match info {
            Some(i) => format!(
                "isolate {id} · {kind_name}{cluster} · {} context{} · heap used {}",
                i.contexts.len(),
                plural(i.contexts.len()),
                heap(i.heap_used_bytes)
            ),
            None => format!("isolate {id} · {kind_name} · ended"),
        };
        let mut roots = Vec::new();
        // The box last placed at each depth: a box's parent is the one
        // above it at depth - 1 (the frames come depth-first).
        let mut open: Vec<usize> = Vec::new();
        for &(f, depth) in &tree.frames {
            let index = column.boxes.len();
            box_of.insert(f.id, index);
            column.boxes.push(ContextBox::default());
            boxes.push(frame_label(f, &groups, &by_id, &r.shared_owners));
            open.truncate(depth);
            match open.last() {
                Some(&p) => column.boxes[p].children.push(index),
                None => roots.push(index),
            }
            open.push(index);
        }
        if let Some(info) = info {
            let claimed: BTreeSet<ContextId> = tree.frames.iter().map(|(f, _)| f.context).collect();
            for &context in info.contexts.iter().filter(|c| !claimed.contains(c)) {
                roots.push(column.boxes.len());
                column.boxes.push(ContextBox::default());
                boxes.push(BoxLabel {
                    frame: None,
                    context,
                    lines: [
                        format!("context {context}"),
                        "no frame (a detached or navigated-away document)".into(),
                        String::new(),
                    ],
                    title: format!("context {context}: no frame"),
                    fill: OPAQUE.0,
                    stroke: OPAQUE.1,
                    dashed_border: true,
                });
            }
        }
        column.isolates.push(roots);
        isolates.push(IsolateLabel { id, label });
    }

    let (arrows, left_out) = arrows(r, &box_of);
    column.arrows = arrows.iter().map(|(ends, _)| *ends).collect();
    let mut legend = legend(&groups, &by_id);
    if let Some(note) = left_out.note() {
        legend.push(LegendItem::Note(note));
    }
    column.legend_lines = legend.len();
    column.legend_chars = legend
        .iter()
        .map(|item| item.text().chars().count())
        .max()
        .unwrap_or(0);
    Diagram {
        groups,
        column,
        boxes,
        isolates,
        arrows: arrows.into_iter().map(|(_, a)| a).collect(),
        legend,
    }
}

fn frame_label(
    f: &FrameInfo,
    groups: &BTreeMap<FrameId, usize>,
    by_id: &HashMap<FrameId, &FrameInfo>,
    shared_owners: &BTreeMap<FrameId, Vec<FrameId>>,
) -> BoxLabel {
    let worker = f.kind.is_worker();
    let role = if f.kind == FrameKind::SharedWorker {
        match shared_owners.get(&f.id).map(Vec::as_slice) {
            None | Some([]) => "shared worker".into(),
            Some(owners) => format!(
                "shared by frame{} {}",
                plural(owners.len()),
                owners
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    } else if worker {
        match f.parent {
            Some(p) if by_id.get(&p).is_some_and(|o| o.kind.is_worker()) => {
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
    let noun = super::frame_noun(f.kind);
    let origin_line = if opaque {
        "origin null (opaque: a security token of its own)".to_string()
    } else {
        format!("origin {}", f.origin)
    };
    BoxLabel {
        frame: Some(f.id),
        context: f.context,
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
    }
}

/// Whether `id` is a worker's global (a nested worker's parent).
fn by_worker(r: &Report, id: FrameId) -> bool {
    r.workers.iter().any(|w| w.id == id)
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

/// What [`arrows`] did not draw.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct LeftOut {
    /// DOM/global arrows by a longer path, dropped because there were more
    /// than [`MAX_ARROWS`] arrows.
    pub longer_paths: usize,
    /// Direct references past the first [`MAX_ARROWS`].
    pub past_cap: usize,
}

impl LeftOut {
    fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.longer_paths > 0 {
            parts.push(format!(
                "{} DOM and globals arrow{} by a longer path",
                self.longer_paths,
                plural(self.longer_paths)
            ));
        }
        if self.past_cap > 0 {
            parts.push(format!(
                "{} direct reference{} past the first {MAX_ARROWS}",
                self.past_cap,
                plural(self.past_cap)
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "not drawn, too many to read: {} (the tables list every pair)",
                parts.join(" and ")
            )
        })
    }
}

/// An arrow [`arrows`] may draw, before any is given a title.
struct Candidate<'r> {
    from: FrameId,
    to: FrameId,
    reach: Reach,
    both: bool,
    direct: bool,
    /// The entries it stands for; none for a worker and its owner.
    entries: [Option<&'r AccessEntry>; 2],
}

/// One arrow per unordered pair and kind of reach: double-headed when both
/// directions have it, single-headed otherwise; and a dashed one between a
/// worker and its owner. Each with its boxes (upper first) and side.
///
/// Every DOM/global pair is drawn. Members-only pairs are drawn only for a
/// direct reference: within a tab every frame reaches every other through
/// `top.frames[…]`, so drawing each such path would be a complete graph that
/// says nothing; the matrix and the pair table below list them all.
///
/// Past [`MAX_ARROWS`], DOM/global pairs by a longer path go the same way,
/// and then any direct reference past the first [`MAX_ARROWS`]; [`LeftOut`]
/// counts them. Linear in the access entries, after sorting their ids.
fn arrows<'r>(
    r: &'r Report,
    box_of: &HashMap<FrameId, usize>,
) -> (Vec<(ArrowEnds, Arrow)>, LeftOut) {
    // Both directions of each unordered pair {p, q} side by side, p → q
    // first: sorting plain keys, not the entries they index, keeps this
    // fast for millions of pairs.
    let mut keyed: Vec<(FrameId, FrameId, bool, usize)> = r
        .access
        .iter()
        .enumerate()
        .filter(|(_, a)| a.from != a.to)
        .map(|(i, a)| (a.from.min(a.to), a.from.max(a.to), a.from > a.to, i))
        .collect();
    keyed.sort_unstable();
    let mut candidates: Vec<Candidate<'r>> = Vec::new();
    let mut push = |from, to, reach, both, entries: [Option<&'r AccessEntry>; 2]| {
        let direct = entries.iter().flatten().all(|e| direct(e));
        candidates.push(Candidate {
            from,
            to,
            reach,
            both,
            direct,
            entries,
        });
    };
    for pair in keyed.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (p, q) = (pair[0].0, pair[0].1);
        if !box_of.contains_key(&p) || !box_of.contains_key(&q) {
            continue;
        }
        let way = |backward: bool| {
            pair.iter()
                .find(|k| k.2 == backward)
                .and_then(|k| drawn(&r.access[k.3]))
        };
        match (way(false), way(true)) {
            (Some((k1, e1)), Some((k2, e2))) if k1 == k2 => {
                push(p, q, k1, true, [Some(e1), Some(e2)]);
            }
            (f, b) => {
                if let Some((k, e)) = f {
                    push(p, q, k, false, [Some(e), None]);
                }
                if let Some((k, e)) = b {
                    push(q, p, k, false, [Some(e), None]);
                }
            }
        }
    }
    for w in &r.workers {
        // A dedicated worker and its parent; a shared worker and each frame
        // connected to it.
        let owners: Vec<FrameId> = match r.shared_owners.get(&w.id) {
            Some(owners) => owners.clone(),
            None => w.parent.into_iter().collect(),
        };
        for owner in owners {
            if !box_of.contains_key(&owner) || !box_of.contains_key(&w.id) {
                continue;
            }
            candidates.push(Candidate {
                from: owner,
                to: w.id,
                reach: Reach::Members,
                both: true,
                direct: true,
                entries: [None, None],
            });
        }
    }
    let shared: HashSet<FrameId> = r.shared_owners.keys().copied().collect();

    let mut left_out = LeftOut::default();
    if candidates.len() > MAX_ARROWS {
        let before = candidates.len();
        candidates.retain(|c| c.direct);
        left_out.longer_paths = before - candidates.len();
        if candidates.len() > MAX_ARROWS {
            left_out.past_cap = candidates.len() - MAX_ARROWS;
            candidates.truncate(MAX_ARROWS);
        }
    }

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
    let out = candidates
        .into_iter()
        .map(|c| {
            let (bf, bt) = (box_of[&c.from], box_of[&c.to]);
            let (a, b) = (bf.min(bt), bf.max(bt));
            let heads = if c.both {
                (true, true)
            } else if bt == a {
                (true, false)
            } else {
                (false, true)
            };
            let title = match c.entries {
                [None, _] if shared.contains(&c.to) => format!(
                    "frame {} ⇄ shared worker {}: messages through its port only",
                    c.from, c.to
                ),
                [None, _] => format!(
                    "{} {} ⇄ worker {}: postMessage only (a dedicated worker)",
                    if by_worker(r, c.from) {
                        "worker"
                    } else {
                        "frame"
                    },
                    c.from,
                    c.to
                ),
                [Some(e), None] => describe(e),
                [Some(e1), Some(e2)] => format!("{}\n{}", describe(e1), describe(e2)),
            };
            let arrow = Arrow {
                reach: c.reach,
                heads,
                from: c.from,
                to: c.to,
                both: c.both,
                title,
            };
            let ends = ArrowEnds {
                a,
                b,
                side: side(c.reach),
            };
            (ends, arrow)
        })
        .collect();
    (out, left_out)
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
    let origin_of = |ids: &[FrameId]| {
        ids.first()
            .and_then(|id| by_id.get(id))
            .map_or("null", |f| f.origin.as_str())
    };
    // Opaque origins of one frame each (sandboxed, data: frames), on one
    // line when there are many.
    let lone: Vec<FrameId> = members
        .values()
        .filter(|ids| ids.len() == 1 && origin_of(ids) == "null")
        .map(|ids| ids[0])
        .collect();
    let merge_lone = lone.len() > MAX_LONE_OPAQUE;
    // Each line with the number of origins it stands for.
    let mut lines: Vec<(LegendItem, usize)> = Vec::new();
    for (g, ids) in &members {
        let origin = origin_of(ids);
        let opaque = origin == "null";
        let (fill, stroke) = colours(*g, opaque);
        let text = if merge_lone && opaque && ids.len() == 1 {
            if ids[0] != lone[0] {
                continue;
            }
            format!(
                "opaque origins, one a frame (frames {}): each cross-origin to every other frame",
                id_list(&lone)
            )
        } else if opaque {
            format!(
                "opaque origin (frame{} {}): cross-origin to every other frame",
                plural(ids.len()),
                id_list(ids)
            )
        } else {
            format!(
                "origin {origin}: frame{} {}",
                plural(ids.len()),
                id_list(ids)
            )
        };
        let count = if merge_lone && opaque && ids.len() == 1 {
            lone.len()
        } else {
            1
        };
        lines.push((LegendItem::Origin(fill, stroke, opaque, text), count));
    }
    let more: usize = lines.iter().skip(MAX_LEGEND_ORIGINS).map(|(_, n)| n).sum();
    items.extend(
        lines
            .into_iter()
            .take(MAX_LEGEND_ORIGINS)
            .map(|(item, _)| item),
    );
    if more > 0 {
        items.push(LegendItem::Note(format!(
            "and {more} more origin{}: see the Frames table",
            plural(more)
        )));
    }
    items
}

/// "1, 2, 3", or the first [`MAX_LISTED`] and how many in all.
fn id_list(ids: &[FrameId]) -> String {
    let mut list = ids
        .iter()
        .take(MAX_LISTED)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MAX_LISTED {
        list.push_str(&format!(", … ({} in all)", ids.len()));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{frame, tab};
    use super::*;

    #[test]
    fn a_small_tab_draws_every_same_origin_pair_and_each_direct_cross_origin_reference() {
        let d = diagram(&tab(4));
        // a.test: 1, 2, 4, 5 (6 pairs, all full both ways); b.test: 3, held
        // directly only by 1 (and holding 1 as parent).
        let full = d.arrows.iter().filter(|a| a.reach == Reach::Full).count();
        let members: Vec<(FrameId, FrameId, bool)> = d
            .arrows
            .iter()
            .filter(|a| a.reach == Reach::Members)
            .map(|a| (a.from, a.to, a.both))
            .collect();
        assert_eq!(full, 6);
        assert!(
            d.arrows
                .iter()
                .filter(|a| a.reach == Reach::Full)
                .all(|a| a.both)
        );
        assert_eq!(members, [(FrameId(1), FrameId(3), true)]);
        assert_eq!(d.column.boxes.len(), 5);
        assert_eq!(d.column.boxes[0].children, [1, 2, 3, 4]);
        assert!(!d.legend.iter().any(|l| l.text().contains("not drawn")));
        // Arrows are between boxes, upper first, on their side.
        for (ends, arrow) in d.column.arrows.iter().zip(&d.arrows) {
            assert!(ends.a < ends.b);
            assert_eq!(ends.side, side(arrow.reach));
        }
    }

    #[test]
    fn past_the_cap_only_direct_references_are_drawn_and_the_legend_says_what_was_left_out() {
        let n = 300;
        let d = diagram(&tab(n));
        assert_eq!(d.arrows.len(), MAX_ARROWS);
        assert!(
            d.arrows.iter().all(|a| a.from == FrameId(1)),
            "only the main frame's direct references"
        );
        // Same-origin pairs not involving the main frame: among the 200
        // a.test children and among the 100 b.test ones.
        let longer = 200 * 199 / 2 + 100 * 99 / 2;
        let direct = n as usize;
        let expected = LeftOut {
            longer_paths: longer,
            past_cap: direct - MAX_ARROWS,
        };
        let note = expected.note().unwrap_or_default();
        assert!(
            note.contains(&format!("{longer} DOM and globals arrows by a longer path")),
            "{note}"
        );
        assert!(
            note.contains(&format!(
                "{} direct references past the first {MAX_ARROWS}",
                direct - MAX_ARROWS
            )),
            "{note}"
        );
        let legend: Vec<&str> = d.legend.iter().map(LegendItem::text).collect();
        assert!(legend.contains(&note.as_str()), "{legend:#?}");
        // Every frame still has its box.
        assert_eq!(d.column.boxes.len(), n as usize + 1);
    }

    #[test]
    fn the_legend_lists_a_few_frames_per_origin_and_counts_the_rest() {
        let d = diagram(&tab(60));
        let lines: Vec<&str> = d.legend.iter().map(LegendItem::text).collect();
        let a = lines
            .iter()
            .find(|l| l.starts_with("origin http://a.test"))
            .unwrap_or(&"");
        assert!(a.ends_with(", … (41 in all)"), "{a}");
        assert_eq!(a.matches(", ").count(), MAX_LISTED);
    }

    #[test]
    fn many_lone_opaque_origins_share_one_legend_line() {
        let mut r = tab(3);
        for id in 5..15 {
            r.frames.push(frame(id, Some(1), "null"));
        }
        let d = diagram(&r);
        let lines: Vec<&str> = d.legend.iter().map(LegendItem::text).collect();
        assert_eq!(
            lines[4..],
            [
                "origin http://a.test: frames 1, 2, 4",
                "origin http://b.test: frame 3",
                "opaque origins, one a frame (frames 5, 6, 7, 8, 9, 10, 11, 12, 13, 14): each cross-origin to every other frame",
            ]
        );
    }

    #[test]
    fn many_origins_are_summarised_in_the_legend() {
        let mut r = tab(0);
        for id in 2..40 {
            r.frames
                .push(frame(id, Some(1), &format!("http://h{id}.test")));
        }
        r.frames.push(frame(40, Some(1), "null"));
        let d = diagram(&r);
        let origins = d
            .legend
            .iter()
            .filter(|l| matches!(l, LegendItem::Origin(..)))
            .count();
        assert_eq!(origins, MAX_LEGEND_ORIGINS);
        let last = d.legend.last().map_or("", LegendItem::text);
        assert_eq!(last, "and 24 more origins: see the Frames table");
    }
}
