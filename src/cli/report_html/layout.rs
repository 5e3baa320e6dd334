//! The diagram's geometry, and nothing else: where the isolate boxes, the
//! context boxes and the arrows go, computed from the tree of boxes and the
//! list of arrows alone (no text, colours or markup; see `diagram` for what
//! is drawn and `svg` for how).
//!
//! The column: the legend, then every isolate as a box holding its context
//! boxes, nested by parent/child. Every context box has one header band.
//! Arrows leave the column from a box and come back to another, on the left
//! or on the right. Each arrow runs out on its own horizontal *port* in its
//! boxes' bands and up or down its own vertical *lane* beside the column:
//!
//! 1. Lanes are given in order of growing span, the lowest free one that no
//!    arrow overlapping in height holds; so an arrow nested inside another
//!    runs in an inner lane and arrows never run on top of each other.
//! 2. At a box, ports go top to bottom: arrows going up from the nearest
//!    target to the farthest, then arrows going down from the farthest to the
//!    nearest; with (1), arrows meeting at a box do not cross there.
//! 3. A band is tall enough for its three text lines and all its ports;
//!    sibling boxes are stacked, children inset inside their parent.
//!
//! Positions depend only on the input, so they are the same for the same
//! pages. Cost: linear in boxes, and O(arrows²) for lanes (the diagram caps
//! the arrows it draws).

// Geometry, in SVG user units (px). Text is 12 px monospace: ~7.3 px a char.
pub(super) const MARGIN: f64 = 16.0;
pub(super) const ISO_W: f64 = 660.0;
const ISO_HEAD: f64 = 30.0;
const ISO_PAD: f64 = 12.0;
const ISO_GAP: f64 = 26.0;
const INSET: f64 = 14.0;
const GAP: f64 = 10.0;
pub(super) const LINE: f64 = 15.0;
const TEXT_BAND: f64 = 3.0 * LINE + 14.0;
const PORT: f64 = 9.0;
const LANE0: f64 = 16.0;
const LANE_STEP: f64 = 10.0;
pub(super) const CHAR_W: f64 = 7.3;
const LEGEND_LINE: f64 = 22.0;
/// How far a context box's text starts inside it, and the room it leaves
/// on the right.
const TEXT_INSET: f64 = 8.0;

/// Which side of the column an arrow runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Left,
    Right,
}

impl Side {
    fn index(self) -> usize {
        match self {
            Side::Left => 0,
            Side::Right => 1,
        }
    }

    /// -1 to the left, +1 to the right.
    fn sign(self) -> f64 {
        match self {
            Side::Left => -1.0,
            Side::Right => 1.0,
        }
    }
}

/// What is laid out.
#[derive(Debug, Default)]
pub(super) struct Column {
    /// Lines of legend above the isolates, and the longest one in chars.
    pub legend_lines: usize,
    pub legend_chars: usize,
    /// Each isolate box's root context boxes, top to bottom.
    pub isolates: Vec<Vec<usize>>,
    /// Context boxes in top-to-bottom order: every box comes after its
    /// parent and its elder siblings' subtrees (depth-first, pre-order).
    pub boxes: Vec<ContextBox>,
    pub arrows: Vec<ArrowEnds>,
}

/// A context box, by its children (indices into [`Column::boxes`]).
#[derive(Debug, Default, Clone)]
pub(super) struct ContextBox {
    pub children: Vec<usize>,
}

/// An arrow between two context boxes, and its side.
#[derive(Debug, Clone, Copy)]
pub(super) struct ArrowEnds {
    /// The upper box: `a < b`.
    pub a: usize,
    pub b: usize,
    pub side: Side,
}

/// Where a context box went.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Placed {
    pub x: f64,
    pub top: f64,
    pub width: f64,
    /// Height of the header band (text and ports); children start below it.
    pub band: f64,
    pub bottom: f64,
}

/// Where an isolate box went (all isolate boxes are [`ISO_W`] wide at
/// [`Geometry::column_x`]).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Span {
    pub top: f64,
    pub bottom: f64,
}

/// An arrow's path: out of box `a` at (`xa`, `ya`) to its lane at
/// `lane_x`, down it, and back into box `b` at (`xb`, `yb`), turning with
/// corners of `radius` that start at `turn_x`.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Route {
    pub xa: f64,
    pub ya: f64,
    pub xb: f64,
    pub yb: f64,
    pub lane: usize,
    pub lane_x: f64,
    pub turn_x: f64,
    pub radius: f64,
}

#[derive(Debug, Default)]
pub(super) struct Geometry {
    pub boxes: Vec<Placed>,
    pub isolates: Vec<Span>,
    pub arrows: Vec<Route>,
    /// The isolate boxes' left edge.
    pub column_x: f64,
    pub width: f64,
    pub height: f64,
}

impl Geometry {
    /// The baseline of legend line `k`.
    pub fn legend_y(k: usize) -> f64 {
        MARGIN + k as f64 * LEGEND_LINE + 8.0
    }

    /// Where line `k` (0..3) of a context box's text starts.
    pub fn text_at(&self, b: usize, k: usize) -> (f64, f64) {
        let p = &self.boxes[b];
        let text_top = p.top + (p.band - 3.0 * LINE) / 2.0;
        (p.x + TEXT_INSET, text_top + LINE * (k as f64 + 1.0) - 3.0)
    }

    /// How many characters of text fit in a context box.
    pub fn text_chars(&self, b: usize) -> usize {
        ((self.boxes[b].width - 2.0 * TEXT_INSET) / CHAR_W).floor() as usize
    }

    /// How many characters fit in an isolate box's label.
    pub fn isolate_label_chars() -> usize {
        ((ISO_W - 20.0) / CHAR_W) as usize
    }
}

/// Lays out `column` (rules 1–3 above).
pub(super) fn layout(column: &Column) -> Geometry {
    let n = column.boxes.len();
    let mut placed = vec![Placed::default(); n];
    let depth = depths(column);

    // Ports (rule 2): each box's arrows per side, in top-to-bottom order.
    let mut ports: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; n];
    for (i, arrow) in column.arrows.iter().enumerate() {
        debug_assert!(arrow.a < arrow.b, "an arrow's upper box first");
        let s = arrow.side.index();
        ports[arrow.a][s].push(i);
        ports[arrow.b][s].push(i);
    }
    let other_end = |i: usize, at: usize| {
        let arrow = &column.arrows[i];
        if arrow.a == at { arrow.b } else { arrow.a }
    };
    // Each arrow's place among its boxes' ports: [at a, at b].
    let mut port_of: Vec<[usize; 2]> = vec![[0, 0]; column.arrows.len()];
    for (index, sides) in ports.iter_mut().enumerate() {
        for list in sides.iter_mut() {
            list.sort_by_key(|&i| {
                let other = other_end(i, index);
                if other < index {
                    (0, index - other, i)
                } else {
                    (1, usize::MAX - (other - index), i)
                }
            });
            for (k, &i) in list.iter().enumerate() {
                port_of[i][usize::from(index != column.arrows[i].a)] = k;
            }
        }
        let most = sides[0].len().max(sides[1].len());
        placed[index].band = TEXT_BAND.max(PORT * most as f64 + 12.0);
    }

    // Vertical placement (rule 3).
    let column_top = MARGIN + column.legend_lines as f64 * LEGEND_LINE + 14.0;
    let mut y = column_top;
    let mut isolates = Vec::with_capacity(column.isolates.len());
    for roots in &column.isolates {
        let top = y;
        y += ISO_HEAD;
        if roots.is_empty() {
            y += 16.0;
        }
        for (k, &root) in roots.iter().enumerate() {
            if k > 0 {
                y += GAP;
            }
            y = place(column, &mut placed, root, y);
        }
        y += ISO_PAD;
        isolates.push(Span { top, bottom: y });
        y += ISO_GAP;
    }
    let height = y - ISO_GAP + MARGIN;

    // Where each arrow meets its boxes: a box's ports on a side are spread
    // evenly around the middle of its band.
    let port_y = |i: usize, at: usize| {
        let arrow = &column.arrows[i];
        let k = port_of[i][usize::from(at != arrow.a)] as f64;
        let count = ports[at][arrow.side.index()].len() as f64;
        placed[at].top + placed[at].band / 2.0 + (k - (count - 1.0) / 2.0) * PORT
    };
    let ends: Vec<(f64, f64)> = column
        .arrows
        .iter()
        .enumerate()
        .map(|(i, a)| (port_y(i, a.a), port_y(i, a.b)))
        .collect();

    // Lanes (rule 1), measured in pixels now that boxes are placed.
    let mut lane_of = vec![0usize; column.arrows.len()];
    let mut lanes = [0usize; 2];
    for side in [Side::Left, Side::Right] {
        let span = |i: usize| {
            let (y1, y2) = ends[i];
            (y1.min(y2), y1.max(y2))
        };
        let mut order: Vec<usize> = (0..column.arrows.len())
            .filter(|&i| column.arrows[i].side == side)
            .collect();
        order.sort_by(|&i, &j| {
            let (a1, a2) = span(i);
            let (b1, b2) = span(j);
            (a2 - a1)
                .total_cmp(&(b2 - b1))
                .then(a1.total_cmp(&b1))
                .then(i.cmp(&j))
        });
        let mut taken: Vec<Vec<(f64, f64)>> = Vec::new();
        for i in order {
            let (y1, y2) = span(i);
            let free = |spans: &Vec<(f64, f64)>| {
                spans.iter().all(|&(s1, s2)| y2 + 3.0 < s1 || s2 + 3.0 < y1)
            };
            let lane = taken.iter().position(free).unwrap_or(taken.len());
            if lane == taken.len() {
                taken.push(Vec::new());
            }
            taken[lane].push((y1, y2));
            lane_of[i] = lane;
        }
        lanes[side.index()] = taken.len();
    }
    let lane_width = |n: usize| {
        if n > 0 {
            LANE0 + n as f64 * LANE_STEP + 8.0
        } else {
            0.0
        }
    };
    let column_x = MARGIN + lane_width(lanes[Side::Left.index()]);
    for (p, &d) in placed.iter_mut().zip(&depth) {
        p.x = column_x + ISO_PAD + d as f64 * INSET;
        p.width = ISO_W - 2.0 * (ISO_PAD + d as f64 * INSET);
    }
    let legend_width = column.legend_chars as f64 * CHAR_W + 80.0;
    let width = (column_x + ISO_W + lane_width(lanes[Side::Right.index()]) + MARGIN)
        .max(MARGIN * 2.0 + legend_width);

    let arrows = column
        .arrows
        .iter()
        .enumerate()
        .map(|(i, arrow)| {
            let side = arrow.side;
            let edge = |b: usize| match side {
                Side::Left => placed[b].x,
                Side::Right => placed[b].x + placed[b].width,
            };
            let column_edge = match side {
                Side::Left => column_x,
                Side::Right => column_x + ISO_W,
            };
            let (ya, yb) = ends[i];
            let lane_x = column_edge + side.sign() * (LANE0 + lane_of[i] as f64 * LANE_STEP);
            let radius = ((yb - ya).abs() / 2.0).min(5.0);
            Route {
                xa: edge(arrow.a),
                ya,
                xb: edge(arrow.b),
                yb,
                lane: lane_of[i],
                lane_x,
                turn_x: lane_x - side.sign() * radius,
                radius,
            }
        })
        .collect();

    Geometry {
        boxes: placed,
        isolates,
        arrows,
        column_x,
        width,
        height,
    }
}

/// Each box's depth below its isolate's roots.
fn depths(column: &Column) -> Vec<usize> {
    let mut depth = vec![0; column.boxes.len()];
    // Pre-order: a parent's depth is known before its children's.
    for (b, c) in column.boxes.iter().enumerate() {
        for &child in &c.children {
            debug_assert!(child > b, "boxes are in pre-order");
            depth[child] = depth[b] + 1;
        }
    }
    depth
}

/// Places `root` and its subtree from `y`; returns the bottom. Iterative, so
/// a deep frame tree does not grow the native stack.
fn place(column: &Column, placed: &mut [Placed], root: usize, y: f64) -> f64 {
    placed[root].top = y;
    let mut cursor = y + placed[root].band;
    // (box, how many of its children are placed)
    let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
    while let Some(&mut (b, ref mut next)) = stack.last_mut() {
        let children = &column.boxes[b].children;
        if let Some(&child) = children.get(*next) {
            *next += 1;
            cursor += GAP;
            placed[child].top = cursor;
            cursor += placed[child].band;
            stack.push((child, 0));
        } else {
            if !children.is_empty() {
                cursor += GAP;
            }
            placed[b].bottom = cursor;
            stack.pop();
        }
    }
    cursor
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree from (parent) per box, in pre-order; `None` for a root of the
    /// one isolate.
    fn column(parents: &[Option<usize>], arrows: &[(usize, usize, Side)]) -> Column {
        let mut boxes = vec![ContextBox::default(); parents.len()];
        let mut roots = Vec::new();
        for (b, p) in parents.iter().enumerate() {
            match p {
                Some(p) => boxes[*p].children.push(b),
                None => roots.push(b),
            }
        }
        Column {
            legend_lines: 2,
            legend_chars: 10,
            isolates: vec![roots],
            boxes,
            arrows: arrows
                .iter()
                .map(|&(a, b, side)| ArrowEnds { a, b, side })
                .collect(),
        }
    }

    fn inside(outer: &Placed, inner: &Placed) -> bool {
        inner.x > outer.x
            && inner.top > outer.top + outer.band - 0.01
            && inner.x + inner.width < outer.x + outer.width
            && inner.bottom < outer.bottom
    }

    fn apart(a: &Placed, b: &Placed) -> bool {
        a.bottom < b.top || b.bottom < a.top
    }

    #[test]
    fn children_sit_inside_their_parent_and_siblings_stack_apart() {
        // 0 ─ 1 ─ 2
        //   └ 3
        // 4
        let g = layout(&column(&[None, Some(0), Some(1), Some(0), None], &[]));
        let b = &g.boxes;
        assert!(inside(&b[0], &b[1]) && inside(&b[1], &b[2]) && inside(&b[0], &b[3]));
        assert!(apart(&b[1], &b[3]) && apart(&b[0], &b[4]));
        assert!(b[1].bottom < b[3].top, "elder sibling first");
        assert_eq!(b[0].x, b[4].x);
        assert_eq!(b[1].x - b[0].x, INSET);
        // The isolate holds them all, below the two legend lines.
        let iso = g.isolates[0];
        assert!(iso.top > Geometry::legend_y(1));
        assert!(b.iter().all(|p| p.top > iso.top && p.bottom < iso.bottom));
        assert!(
            b.iter()
                .all(|p| p.x > g.column_x && p.x + p.width < g.column_x + ISO_W)
        );
        assert!(g.height > iso.bottom);
        assert!(g.width >= g.column_x + ISO_W);
    }

    #[test]
    fn isolates_are_stacked_apart_and_an_empty_one_still_has_height() {
        let mut c = column(&[None, None], &[]);
        c.isolates = vec![vec![0], vec![], vec![1]];
        let g = layout(&c);
        let [a, empty, b] = [g.isolates[0], g.isolates[1], g.isolates[2]];
        assert!(a.bottom < empty.top && empty.bottom < b.top);
        assert!(empty.bottom - empty.top > ISO_HEAD);
        assert!(g.boxes[1].top > b.top);
    }

    #[test]
    fn a_nested_arrow_runs_in_an_inner_lane_and_disjoint_ones_share_a_lane() {
        let r = Side::Right;
        let g = layout(&column(
            &[None, None, None, None, None, None],
            &[(0, 3, r), (1, 2, r), (4, 5, r)],
        ));
        let lanes: Vec<usize> = g.arrows.iter().map(|a| a.lane).collect();
        assert_eq!(lanes, [1, 0, 0]);
        assert!(
            g.arrows[0].lane_x > g.arrows[1].lane_x,
            "outer lane further out"
        );
        assert!(g.arrows[1].lane_x > g.column_x + ISO_W);
    }

    #[test]
    fn left_lanes_push_the_column_right_and_right_lanes_widen_the_figure() {
        let bare = layout(&column(&[None, None], &[]));
        let left = layout(&column(&[None, None], &[(0, 1, Side::Left)]));
        let right = layout(&column(&[None, None], &[(0, 1, Side::Right)]));
        assert_eq!(bare.column_x, MARGIN);
        assert!(left.column_x > bare.column_x);
        assert!(left.arrows[0].lane_x < left.column_x);
        assert!(left.arrows[0].xa == left.boxes[0].x);
        assert_eq!(right.column_x, bare.column_x);
        assert!(right.width > bare.width);
        assert_eq!(right.arrows[0].xb, right.boxes[1].x + right.boxes[1].width);
    }

    #[test]
    fn ports_at_a_box_go_up_nearest_first_then_down_farthest_first() {
        // Box 2 meets arrows to 0 and 1 (above) and 3 and 4 (below).
        let r = Side::Right;
        let g = layout(&column(
            &[None, None, None, None, None],
            &[(2, 4, r), (0, 2, r), (2, 3, r), (1, 2, r)],
        ));
        // Box 2 is the upper end of arrows 0 and 2, the lower of 1 and 3.
        let at_2 = |i: usize| {
            let a = &g.arrows[i];
            if matches!(i, 0 | 2) { a.ya } else { a.yb }
        };
        // Top to bottom: up to 1 (nearest), up to 0, down to 4 (farthest), down to 3.
        let order = [3, 1, 0, 2];
        for w in order.windows(2) {
            assert!(
                at_2(w[0]) < at_2(w[1]),
                "{order:?} at box 2: {:?}",
                g.arrows
            );
        }
        // All four ports fit in the band.
        let p = &g.boxes[2];
        assert!(
            order
                .iter()
                .all(|&i| at_2(i) > p.top && at_2(i) < p.top + p.band)
        );
    }

    #[test]
    fn arrows_meeting_at_a_box_do_not_cross_there() {
        // Two arrows up from box 3: to 2 (near) and 0 (far). The near one has
        // the inner lane and the upper port, so neither crosses the other.
        let r = Side::Right;
        let g = layout(&column(&[None, None, None, None], &[(0, 3, r), (2, 3, r)]));
        let (far, near) = (&g.arrows[0], &g.arrows[1]);
        assert!(near.lane < far.lane);
        assert!(near.yb < far.yb);
    }

    #[test]
    fn a_band_grows_to_hold_all_its_ports() {
        let arrows: Vec<(usize, usize, Side)> = (1..=12).map(|b| (0, b, Side::Left)).collect();
        let g = layout(&column(&[None; 13], &arrows));
        assert!(g.boxes[0].band >= 12.0 * PORT);
        assert!(g.boxes[1].band < g.boxes[0].band);
        let ys: Vec<f64> = g.arrows.iter().map(|a| a.ya).collect();
        assert!(
            ys.iter()
                .all(|&y| y > g.boxes[0].top && y < g.boxes[0].top + g.boxes[0].band)
        );
    }

    #[test]
    fn text_lines_sit_in_the_band_above_the_children() {
        let g = layout(&column(&[None, Some(0)], &[]));
        for k in 0..3 {
            let (x, y) = g.text_at(0, k);
            assert!(x > g.boxes[0].x && y > g.boxes[0].top && y < g.boxes[1].top);
        }
        assert!(g.text_chars(1) < g.text_chars(0));
        assert!(g.text_chars(0) as f64 * CHAR_W <= g.boxes[0].width - 2.0 * TEXT_INSET);
    }

    #[test]
    fn the_layout_is_the_same_for_the_same_input() {
        let r = Side::Right;
        let c = column(
            &[None, Some(0), Some(0), Some(2), None],
            &[(0, 3, r), (1, 2, Side::Left), (0, 4, r), (1, 3, r)],
        );
        assert_eq!(layout(&c).boxes, layout(&c).boxes);
        assert_eq!(layout(&c).arrows, layout(&c).arrows);
    }

    #[test]
    fn a_deep_tree_and_a_wide_one_lay_out_without_recursion() {
        let deep: Vec<Option<usize>> = (0..20_000usize).map(|b| b.checked_sub(1)).collect();
        let g = layout(&column(&deep, &[]));
        assert!(g.boxes[19_999].top > g.boxes[19_998].top);
        assert!(g.boxes[0].bottom > g.boxes[19_999].bottom);
        let wide: Vec<Option<usize>> = (0..20_000).map(|b| (b > 0).then_some(0)).collect();
        let g = layout(&column(&wide, &[]));
        assert!(g.boxes[19_999].top > g.boxes[1].top);
    }
}
