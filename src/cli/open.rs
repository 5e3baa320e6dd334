//! `isohost open` and `isohost inspect`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;

use super::paint::safe;
use super::{FailOnArgs, HostArgs, InspectFormat, OpenFormat, emit};
use crate::{ConsoleMessage, FrameId, FrameInfo, Host, IsolateId, Level, ScriptError};

/// Opens every page in its own tab and waits until all are idle.
fn load(pages: &[String], args: &HostArgs) -> anyhow::Result<Host> {
    let mut options = args.options();
    if pages.len() < 2 {
        // No tab follows: none is made ahead (`HostOptions::spare_tabs`).
        options.spare_tabs = 0;
    }
    let host = Host::new(options)?;
    for page in pages {
        host.open(page)?;
    }
    args.settle(&host);
    Ok(host)
}

pub(super) fn open(
    pages: &[String],
    args: &HostArgs,
    format: OpenFormat,
    fail_on: &FailOnArgs,
) -> anyhow::Result<ExitCode> {
    let host = load(pages, args)?;
    let out = match format {
        OpenFormat::Json => serde_json::to_string_pretty(&open_json(&host))?,
        OpenFormat::Text => open_text(&host),
    };
    let code = emit(&out)?;
    // --fail-on-console-error, --fail-on-page-error: the output is whole,
    // the exit status says what failed.
    let console_errors = host
        .console()
        .iter()
        .filter(|m| m.level == Level::Error)
        .count();
    let page_errors = host.errors().len();
    let mut failed = Vec::new();
    if fail_on.fail_on_console_error && console_errors > 0 {
        failed.push(format!(
            "{console_errors} console.error line{} (--fail-on-console-error)",
            if console_errors == 1 { "" } else { "s" }
        ));
    }
    if fail_on.fail_on_page_error && page_errors > 0 {
        failed.push(format!(
            "{page_errors} page error{} (--fail-on-page-error)",
            if page_errors == 1 { "" } else { "s" }
        ));
    }
    if !failed.is_empty() {
        eprintln!("isohost: failed: {}", failed.join(", "));
        return Ok(ExitCode::from(1));
    }
    Ok(code)
}

pub(super) fn inspect(
    page: &str,
    args: &HostArgs,
    format: InspectFormat,
) -> anyhow::Result<ExitCode> {
    let host = load(std::slice::from_ref(&page.to_string()), args)?;
    let out = match format {
        InspectFormat::Json => {
            let mut v = open_json(&host);
            v["isolates"] = serde_json::to_value(host.isolates())?;
            v["browsing_context_groups"] = serde_json::to_value(host.browsing_context_groups())?;
            v["placements"] = serde_json::to_value(host.placements())?;
            v["access"] = serde_json::to_value(host.access_report())?;
            serde_json::to_string_pretty(&v)?
        }
        InspectFormat::Text => inspect_text(&host),
        InspectFormat::Html => super::report_html::render(&host),
    };
    emit(&out)
}

/// The `open --format json` object (DESIGN.md's CLI contract).
pub(super) fn open_json(host: &Host) -> serde_json::Value {
    json!({
        "frames": host.frames(),
        "workers": host.workers(),
        "console": host.console(),
        "errors": host.errors(),
        "budget_exhausted": host.budget_exhausted(),
        "budget_cut_frames": host.budget_cut_frames(),
        "seed": host.seed(),
        "clock_start": super::format_clock_start(host.clock_start()),
    })
}

fn frame_line(out: &mut String, f: &FrameInfo, depth: usize) {
    let indent = "  ".repeat(depth + 1);
    let _ = writeln!(
        out,
        "{indent}frame {} {} (origin {}, context {})",
        f.id,
        safe(&f.url),
        safe(&f.origin),
        f.context
    );
}

fn tree(out: &mut String, frames: &[FrameInfo], parent: Option<FrameId>, depth: usize) {
    for f in frames.iter().filter(|f| f.parent == parent) {
        frame_line(out, f, depth);
        tree(out, frames, Some(f.id), depth + 1);
    }
}

fn open_text(host: &Host) -> String {
    let frames = host.frames();
    let mut out = String::new();
    let mut tabs: BTreeMap<IsolateId, Vec<FrameInfo>> = BTreeMap::new();
    for f in &frames {
        tabs.entry(f.isolate).or_default().push(f.clone());
    }
    for (isolate, frames) in &tabs {
        let main = frames.iter().find(|f| f.parent.is_none());
        let opener = main
            .and_then(|m| m.opener)
            .map(|o| format!(", opened by frame {o}"))
            .unwrap_or_default();
        let _ = writeln!(out, "tab (isolate {isolate}{opener})");
        tree(&mut out, frames, None, 0);
    }
    let workers = host.workers();
    for w in &workers {
        let _ = writeln!(out, "{}", worker_line(w, &workers));
    }
    let errors = host.errors();
    messages_text(&mut out, &host.console(), &errors, "");
    let cut = host.budget_cut_frames();
    if !cut.is_empty() {
        let frames: Vec<String> = cut
            .iter()
            .map(|id| {
                let url = frames
                    .iter()
                    .map(|f| (f.id, &f.url))
                    .chain(workers.iter().map(|w| (w.id, &w.url)))
                    .find(|(f, _)| f == id)
                    .map(|(_, url)| format!(" {url}"))
                    .unwrap_or_default();
                format!("frame {id}{url}")
            })
            .collect();
        let _ = writeln!(
            out,
            "note: the time budget stopped timers that were still pending in {} (an interval that never stops?); raise it with --time-budget",
            frames.join(", ")
        );
    }
    if !errors.is_empty() {
        let _ = writeln!(
            out,
            "note: to replay this run: {}",
            super::replay_flags(host.seed(), host.clock_start())
        );
    }
    out.trim_end().to_string()
}

/// A worker in `open`'s text: kind, id, URL, name, isolate, and who holds
/// it (a dedicated worker's frame or parent worker; a shared worker's
/// owners), or that it ended.
fn worker_line(w: &crate::WorkerInfo, all: &[crate::WorkerInfo]) -> String {
    let ids = |list: &[FrameId]| {
        list.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let held = match (w.kind, w.parent) {
        (crate::WorkerKind::Shared, _) if w.owners.is_empty() => "no owner".to_string(),
        (crate::WorkerKind::Shared, _) => format!(
            "owner frame{} {}",
            if w.owners.len() == 1 { "" } else { "s" },
            ids(&w.owners)
        ),
        (crate::WorkerKind::Dedicated, Some(p)) if all.iter().any(|o| o.id == p) => {
            format!("owner worker {p}")
        }
        (crate::WorkerKind::Dedicated, Some(p)) => format!("owner frame {p}"),
        // A dedicated worker without a parent (and kinds added later).
        _ => "owner -".to_string(),
    };
    let noun = match w.kind {
        crate::WorkerKind::Shared => "shared worker",
        _ => "worker",
    };
    let name = match &w.name {
        Some(n) if !n.is_empty() => format!(" \"{}\"", safe(n)),
        _ => String::new(),
    };
    let closed = if w.closed { ", ended" } else { "" };
    format!(
        "{noun} {} {}{name} (isolate {}, {held}{closed})",
        w.id,
        safe(&w.url),
        w.isolate
    )
}

/// What the pages printed and threw, a line each; `gap` goes before each
/// section's heading.
fn messages_text(out: &mut String, console: &[ConsoleMessage], errors: &[ScriptError], gap: &str) {
    if !console.is_empty() {
        let _ = writeln!(out, "{gap}console:");
        for line in console {
            // Page text never reaches the terminal raw: one line each,
            // control characters escaped.
            let _ = writeln!(
                out,
                "  [frame {} {}] {}",
                line.frame,
                line.level.as_str(),
                safe(&line.text)
            );
        }
    }
    if !errors.is_empty() {
        let _ = writeln!(out, "{gap}errors:");
        for e in errors {
            let _ = writeln!(
                out,
                "  [frame {}] {} ({}:{}:{})",
                e.frame,
                safe(&e.message),
                safe(&e.url),
                e.line,
                e.column
            );
        }
    }
}

/// A letter per origin group: A, B, …, Z, then AA, AB, …
fn group_letter(group: usize) -> String {
    let mut n = group;
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Lays out rows of cells in columns, each as wide as its widest cell;
/// `right` says which columns align right.
fn columns(rows: &[Vec<String>], right: &[bool], indent: &str) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(indent);
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c > 0 {
                line.push_str("  ");
            }
            if right.get(c).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

fn inspect_text(host: &Host) -> String {
    let report = super::report_html::Report::gather(host);
    inspect_text_of(&report)
}

/// `inspect`'s text: the frame tree per isolate with each frame's origin
/// group, the origin groups, the access matrix at a glance, then every pair
/// in full, and what the pages printed.
pub(super) fn inspect_text_of(r: &super::report_html::Report) -> String {
    use super::report_html::{Reach, heap, origin_groups, plural, reach};
    let groups = origin_groups(&r.frames, &r.access);
    let mut out = String::new();

    // The tree, one isolate at a time: tabs, then workers.
    for tree in r.isolate_trees() {
        let kind = super::report_html::isolate_kind(tree.kind);
        let detail = match tree.info {
            Some(i) => format!(
                "{} context{}, heap used {}",
                i.contexts.len(),
                plural(i.contexts.len()),
                heap(i.heap_used_bytes)
            ),
            None => "ended".into(),
        };
        let opener = tree
            .frames
            .iter()
            .find(|(f, _)| f.parent.is_none())
            .and_then(|(m, _)| m.opener)
            .map(|o| format!(", opened by frame {o}"))
            .unwrap_or_default();
        let _ = writeln!(out, "{kind} isolate {} ({detail}{opener})", tree.id);
        let mut rows: Vec<Vec<String>> = Vec::new();
        for &(f, depth) in &tree.frames {
            let worker = f.kind.is_worker();
            let noun = super::report_html::frame_noun(f.kind);
            let group = if worker {
                String::new()
            } else {
                groups
                    .get(&f.id)
                    .map(|g| format!("[{}]", group_letter(*g)))
                    .unwrap_or_default()
            };
            let owners = r.shared_owners.get(&f.id).map(|o| {
                o.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            let note = match (worker, f.parent, owners) {
                (true, _, Some(o)) if !o.is_empty() => format!("owners {o}"),
                (true, Some(p), _) => format!("owner {p}"),
                _ if f.closed => "closed".into(),
                _ => String::new(),
            };
            rows.push(vec![
                format!("{}{noun} {}", "  ".repeat(depth), f.id),
                safe(&f.url).into_owned(),
                format!("origin {}", safe(&f.origin)),
                group,
                format!("context {}", f.context),
                note,
            ]);
        }
        out.push_str(&columns(&rows, &[], "  "));
    }

    // Browsing context groups, their agent clusters, and why each
    // document is where it is.
    if !r.groups.is_empty() {
        let _ = writeln!(
            out,
            "\nbrowsing context groups: a tab the user opened, or a noopener popup, starts one; within a group, each agent cluster (a site, or an origin that asked) has one isolate"
        );
        for g in &r.groups {
            for c in &g.agent_clusters {
                let _ = writeln!(
                    out,
                    "  browsing context group {}: agent cluster {} in isolate {}",
                    g.id,
                    safe(&c.key),
                    c.isolate
                );
            }
        }
        let rows: Vec<Vec<String>> = r
            .placements
            .iter()
            .filter(|p| !p.reason.is_empty())
            .map(|p| {
                vec![
                    format!("frame {}", p.frame),
                    format!("isolate {}", p.isolate),
                    safe(&p.reason).into_owned(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            let _ = writeln!(out, "\nwhy each document is where it is:");
            out.push_str(&columns(&rows, &[], "  "));
        }
    }

    // Origin groups.
    if !r.frames.is_empty() {
        let _ = writeln!(
            out,
            "\norigins: frames of one tab with the same letter share a security token and reach each other's DOM and globals"
        );
        let mut members: BTreeMap<usize, Vec<FrameId>> = BTreeMap::new();
        for (id, g) in &groups {
            members.entry(*g).or_default().push(*id);
        }
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|(g, ids)| {
                let origin = r
                    .frames
                    .iter()
                    .find(|f| f.id == ids[0])
                    .map_or("?", |f| f.origin.as_str());
                let origin = if origin == "null" {
                    "null (opaque)".to_string()
                } else {
                    safe(origin).into_owned()
                };
                let list = ids
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let noun = if ids.len() == 1 { "frame" } else { "frames" };
                vec![
                    format!("[{}]", group_letter(*g)),
                    origin,
                    format!("{noun} {list}"),
                ]
            })
            .collect();
        out.push_str(&columns(&rows, &[], "  "));
    }

    // The matrix at a glance.
    let entries: BTreeMap<(FrameId, FrameId), &crate::AccessEntry> =
        r.access.iter().map(|a| ((a.from, a.to), a)).collect();
    let ids: Vec<FrameId> = r.frames.iter().map(|f| f.id).collect();
    if ids.len() > 1 {
        let _ = writeln!(
            out,
            "\naccess matrix (row reaches column): D = DOM and globals, m = cross-origin members and postMessage only, . = no reference"
        );
        let mut rows = vec![{
            let mut header = vec!["from\\to".to_string()];
            header.extend(ids.iter().map(ToString::to_string));
            header
        }];
        for from in &ids {
            let mut row = vec![from.to_string()];
            for to in &ids {
                let cell = if from == to {
                    "-"
                } else {
                    match entries.get(&(*from, *to)).and_then(|e| reach(e)) {
                        Some(Reach::Full) => "D",
                        Some(Reach::Members) => "m",
                        None => ".",
                    }
                };
                row.push(cell.to_string());
            }
            rows.push(row);
        }
        let right = vec![true; ids.len() + 1];
        out.push_str(&columns(&rows, &right, "  "));
    }

    // Every pair in full.
    if !r.access.is_empty() {
        let _ = writeln!(
            out,
            "\naccess, pair by pair (measured from the first frame's context):"
        );
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        let mut rows = vec![vec![
            "from → to".to_string(),
            "isolate".into(),
            "dom".into(),
            "globals".into(),
            "members".into(),
            "via".into(),
        ]];
        for a in &r.access {
            rows.push(vec![
                format!("{:>3} → {:<3}", a.from, a.to),
                if a.same_isolate { "same" } else { "other" }.into(),
                yes(a.dom_access),
                yes(a.global_access),
                match a.cross_origin_members.len() {
                    0 => "none".into(),
                    13 => "all 13".into(),
                    _ => a.cross_origin_members.join(","),
                },
                safe(&a.via).into_owned(),
            ]);
        }
        out.push_str(&columns(&rows, &[], "  "));
    }

    messages_text(&mut out, &r.console, &r.errors, "\n");
    out.trim_end().to_string()
}
