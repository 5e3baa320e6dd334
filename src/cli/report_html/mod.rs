//! `inspect --format html`: one self-contained page (inline CSS and SVG, no
//! script, nothing fetched) drawing the isolates, the frames' contexts nested
//! inside them, and who can reach whom; tables below give the same facts in
//! full.
//!
//! From the facts to the page, one way:
//!
//! 1. [`Report`] (this file): what the host measured, and the groupings both
//!    the text and the HTML report use ([`origin_groups`], isolate trees).
//! 2. `diagram`: what the diagram shows, without coordinates (boxes, their
//!    words and colours, which pairs become arrows, the legend), with caps
//!    that keep it readable and linear in frames, and notes saying what was
//!    left out.
//! 3. `layout`: pure geometry on plain structs (where boxes, lanes and ports
//!    go; its rules are in its own doc), unit-tested on its own.
//! 4. `svg` and `page`: the markup, written through `cli::markup`'s
//!    escaping `ElementWriter` only.
//!
//! Output is the same for the same pages (heap sizes aside).

mod diagram;
mod layout;
mod page;
mod svg;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::{
    AccessEntry, BrowsingContextGroupInfo, ConsoleMessage, FrameId, FrameInfo, FrameKind, Host,
    IsolateId, IsolateInfo, IsolateKind, Placement, ScriptError, WorkerKind,
};

/// The facts the report is drawn from.
pub(super) struct Report {
    pub frames: Vec<FrameInfo>,
    /// Worker globals, dedicated (`FrameKind::Worker`, a nested one's
    /// parent is a worker) and shared (`FrameKind::SharedWorker`).
    pub workers: Vec<FrameInfo>,
    /// Each running shared worker's owners: the frames that connected to it.
    pub shared_owners: BTreeMap<FrameId, Vec<FrameId>>,
    pub isolates: Vec<IsolateInfo>,
    pub access: Vec<AccessEntry>,
    pub console: Vec<ConsoleMessage>,
    pub errors: Vec<ScriptError>,
    /// Browsing context groups and their agent clusters (issue 11).
    pub groups: Vec<BrowsingContextGroupInfo>,
    /// Why each frame's document is in its isolate.
    pub placements: Vec<Placement>,
}

/// One isolate as both reports show it.
pub(super) struct IsolateTree<'r> {
    pub id: IsolateId,
    pub kind: IsolateKind,
    /// `None` for an isolate a frame names that did not answer (ended).
    pub info: Option<&'r IsolateInfo>,
    /// Its frames (or its worker), depth-first from each root in id order,
    /// with their depth in the isolate.
    pub frames: Vec<(&'r FrameInfo, usize)>,
}

impl Report {
    /// The isolates, tabs then workers, each in id order, with their frame
    /// trees. Linear-ish in frames and isolates.
    pub fn isolate_trees(&self) -> Vec<IsolateTree<'_>> {
        let all: Vec<&FrameInfo> = self.frames.iter().chain(self.workers.iter()).collect();
        let mut isolates: Vec<(IsolateId, IsolateKind, Option<&IsolateInfo>)> = self
            .isolates
            .iter()
            .map(|i| (i.id, i.kind, Some(i)))
            .collect();
        // Isolates a frame names that did not answer (ended): a tab if one
        // of its frames is a window.
        let mut known: HashSet<IsolateId> = isolates.iter().map(|(id, _, _)| *id).collect();
        let tab_isolates: HashSet<IsolateId> = self.frames.iter().map(|f| f.isolate).collect();
        for f in &all {
            if known.insert(f.isolate) {
                let kind = if tab_isolates.contains(&f.isolate) {
                    IsolateKind::Tab
                } else if f.kind == FrameKind::SharedWorker {
                    IsolateKind::SharedWorker
                } else {
                    IsolateKind::Worker
                };
                isolates.push((f.isolate, kind, None));
            }
        }
        isolates.sort_by_key(|(id, kind, _)| (*kind != IsolateKind::Tab, *id));

        let mut members_of: HashMap<IsolateId, Vec<&FrameInfo>> = HashMap::new();
        for f in &all {
            members_of.entry(f.isolate).or_default().push(f);
        }
        isolates
            .into_iter()
            .map(|(id, kind, info)| {
                let mut members = members_of.remove(&id).unwrap_or_default();
                members.sort_by_key(|f| f.id);
                let in_isolate: HashSet<FrameId> = members.iter().map(|f| f.id).collect();
                // Children in id order, as `members` is.
                let mut children: HashMap<FrameId, Vec<&FrameInfo>> = HashMap::new();
                for f in &members {
                    if let Some(p) = f.parent.filter(|p| in_isolate.contains(p)) {
                        children.entry(p).or_default().push(f);
                    }
                }
                let mut stack: Vec<(&FrameInfo, usize)> = members
                    .iter()
                    .rev()
                    .filter(|f| !f.parent.is_some_and(|p| in_isolate.contains(&p)))
                    .map(|f| (*f, 0))
                    .collect();
                let mut frames = Vec::with_capacity(members.len());
                while let Some((f, depth)) = stack.pop() {
                    frames.push((f, depth));
                    if let Some(kids) = children.get(&f.id) {
                        stack.extend(kids.iter().rev().map(|c| (*c, depth + 1)));
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
        let workers = host.workers();
        Report {
            frames: host.frames(),
            shared_owners: workers
                .iter()
                .filter(|w| w.kind == WorkerKind::Shared && !w.closed)
                .map(|w| (w.id, w.owners.clone()))
                .collect(),
            workers: workers.iter().map(crate::WorkerInfo::frame).collect(),
            isolates: host.isolates(),
            access: host.access_report(),
            console: host.console(),
            errors: host.errors(),
            groups: host.browsing_context_groups(),
            placements: host.placements(),
        }
    }

    /// "site http://a.test of group 1" for a tab isolate that hosts an
    /// agent cluster, "" otherwise.
    pub fn cluster_of(&self, isolate: IsolateId) -> String {
        self.groups
            .iter()
            .find_map(|g| {
                g.agent_clusters
                    .iter()
                    .find(|c| c.isolate == isolate)
                    .map(|c| format!("{} of group {}", c.key, g.id))
            })
            .unwrap_or_default()
    }
}

/// An isolate's kind, in words.
pub(super) fn isolate_kind(kind: IsolateKind) -> &'static str {
    match kind {
        IsolateKind::Tab => "tab",
        IsolateKind::Worker => "worker",
        IsolateKind::SharedWorker => "shared worker",
        _ => "isolate",
    }
}

/// What a frame record stands for, in words: "frame", "worker", "shared
/// worker".
pub(super) fn frame_noun(kind: FrameKind) -> &'static str {
    match kind {
        FrameKind::Window => "frame",
        FrameKind::Worker => "worker",
        FrameKind::SharedWorker => "shared worker",
        _ => "global",
    }
}

pub(super) fn render(host: &Host) -> String {
    page::page(&Report::gather(host))
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
/// except frames that measurably reach each other's DOM (a sandboxed
/// frame and the about:blank popup that escaped its sandbox keep one opaque
/// origin). Group numbers follow frame
/// id order, from 0.
pub(super) fn origin_groups(
    frames: &[FrameInfo],
    access: &[AccessEntry],
) -> BTreeMap<FrameId, usize> {
    let opaque: HashSet<FrameId> = frames
        .iter()
        .filter(|f| f.origin == "null")
        .map(|f| f.id)
        .collect();
    // DOM access between opaque frames, which is all that can join them.
    let full: HashSet<(FrameId, FrameId)> = access
        .iter()
        .filter(|a| a.dom_access && opaque.contains(&a.from) && opaque.contains(&a.to))
        .map(|a| (a.from, a.to))
        .collect();
    // Each opaque frame's earliest opaque partner reaching it both ways.
    let mut partner: HashMap<FrameId, FrameId> = HashMap::new();
    for &(f, g) in &full {
        if g < f && full.contains(&(g, f)) {
            let p = partner.entry(f).or_insert(g);
            *p = (*p).min(g);
        }
    }
    let mut sorted: Vec<&FrameInfo> = frames.iter().collect();
    sorted.sort_by_key(|f| f.id);
    let mut groups: BTreeMap<FrameId, usize> = BTreeMap::new();
    let mut by_origin: HashMap<&str, usize> = HashMap::new();
    let mut next = 0;
    for f in &sorted {
        let group = if f.origin == "null" {
            partner.get(&f.id).and_then(|g| groups.get(g).copied())
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

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reports made up for unit tests.
#[cfg(test)]
mod fixtures {
    use super::Report;
    use crate::{
        AccessEntry, ContextId, FrameId, FrameInfo, FrameKind, IsolateId, IsolateInfo, IsolateKind,
    };

    /// Frame `id` (its context has the same number) of isolate 1.
    pub fn frame(id: u32, parent: Option<u32>, origin: &str) -> FrameInfo {
        FrameInfo {
            id: FrameId(id),
            url: format!("{origin}/{id}.html"),
            origin: origin.into(),
            parent: parent.map(FrameId),
            isolate: IsolateId(1),
            context: ContextId(id),
            kind: FrameKind::Window,
            opener: None,
            closed: false,
            ..Default::default()
        }
    }

    fn entry(from: &FrameInfo, to: &FrameInfo, via: &str) -> AccessEntry {
        let full = from.origin == to.origin && from.origin != "null";
        AccessEntry {
            from: from.id,
            to: to.id,
            same_isolate: true,
            dom_access: full,
            global_access: full,
            cross_origin_members: if full {
                Vec::new()
            } else {
                vec!["window".into()]
            },
            via: via.into(),
        }
    }

    /// A tab whose main frame (1, a.test) holds `n` iframes: every third on
    /// b.test, the rest on a.test; every pair measured, as `access_report` does.
    pub fn tab(n: u32) -> Report {
        let mut frames = vec![frame(1, None, "http://a.test")];
        for id in 2..n + 2 {
            let origin = if id % 3 == 0 {
                "http://b.test"
            } else {
                "http://a.test"
            };
            frames.push(frame(id, Some(1), origin));
        }
        let mut access = Vec::new();
        for f in &frames {
            for t in frames.iter().filter(|t| t.id != f.id) {
                let via = match (f.parent, t.parent) {
                    (None, _) => format!("frames[{}]", t.id.0 - 2),
                    (_, None) => "parent".to_string(),
                    _ => format!("parent.frames[{}]", t.id.0 - 2),
                };
                access.push(entry(f, t, &via));
            }
        }
        Report {
            isolates: vec![IsolateInfo {
                id: IsolateId(1),
                kind: IsolateKind::Tab,
                contexts: frames.iter().map(|f| f.context).collect(),
                heap_used_bytes: 1 << 20,
                dom_nodes: 100,
            }],
            frames,
            workers: Vec::new(),
            shared_owners: std::collections::BTreeMap::new(),
            access,
            console: Vec::new(),
            errors: Vec::new(),
            groups: Vec::new(),
            placements: Vec::new(),
        }
    }
}
