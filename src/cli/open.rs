//! `isohost open` and `isohost inspect`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;

use super::{HostArgs, InspectFormat, OpenFormat};
use crate::{FrameInfo, Host};

/// Opens every page in its own tab and waits until all are idle.
fn load(pages: &[String], args: &HostArgs) -> anyhow::Result<Host> {
    let host = args.host()?;
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
) -> anyhow::Result<ExitCode> {
    let host = load(pages, args)?;
    let out = match format {
        OpenFormat::Json => serde_json::to_string_pretty(&open_json(&host))?,
        OpenFormat::Text => open_text(&host),
    };
    println!("{out}");
    Ok(ExitCode::SUCCESS)
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
            v["access"] = serde_json::to_value(host.access_report())?;
            serde_json::to_string_pretty(&v)?
        }
        InspectFormat::Text => inspect_text(&host),
        InspectFormat::Html => super::report_html::render(&host),
    };
    println!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The `open --format json` object (DESIGN.md's CLI contract).
pub(super) fn open_json(host: &Host) -> serde_json::Value {
    json!({
        "frames": host.frames(),
        "workers": host.workers(),
        "console": host.console(),
        "errors": host.errors(),
    })
}

fn frame_line(out: &mut String, f: &FrameInfo, depth: usize) {
    let indent = "  ".repeat(depth + 1);
    let _ = writeln!(
        out,
        "{indent}frame {} {} (origin {}, context {})",
        f.id, f.url, f.origin, f.context
    );
}

fn tree(out: &mut String, frames: &[FrameInfo], parent: Option<u32>, depth: usize) {
    for f in frames.iter().filter(|f| f.parent == parent) {
        frame_line(out, f, depth);
        tree(out, frames, Some(f.id), depth + 1);
    }
}

fn open_text(host: &Host) -> String {
    let frames = host.frames();
    let mut out = String::new();
    let mut tabs: BTreeMap<u32, Vec<FrameInfo>> = BTreeMap::new();
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
    for w in host.workers() {
        let _ = writeln!(
            out,
            "worker {} {} (isolate {}, owner frame {})",
            w.id,
            w.url,
            w.isolate,
            w.parent.map_or("-".into(), |p| p.to_string())
        );
    }
    let console = host.console();
    if !console.is_empty() {
        let _ = writeln!(out, "console:");
        for line in console {
            let _ = writeln!(
                out,
                "  [frame {} {}] {}",
                line.frame,
                line.level.as_str(),
                line.text
            );
        }
    }
    let errors = host.errors();
    if !errors.is_empty() {
        let _ = writeln!(out, "errors:");
        for e in errors {
            let _ = writeln!(
                out,
                "  [frame {}] {} ({}:{}:{})",
                e.frame, e.message, e.url, e.line, e.column
            );
        }
    }
    out.trim_end().to_string()
}

fn inspect_text(host: &Host) -> String {
    let mut out = open_text(host);
    let _ = writeln!(out, "\nisolates:");
    for i in host.isolates() {
        let _ = writeln!(
            out,
            "  isolate {} ({:?}): contexts {:?}, heap used {:.1} KiB",
            i.id,
            i.kind,
            i.contexts,
            i.heap_used_bytes as f64 / 1024.0
        );
    }
    let _ = writeln!(
        out,
        "access (from → to: dom / globals / cross-origin members):"
    );
    for a in host.access_report() {
        let members = if a.cross_origin_members.len() == 13 {
            "all".to_string()
        } else {
            a.cross_origin_members.join(",")
        };
        let _ = writeln!(
            out,
            "  {:>3} → {:<3} {:<9} dom:{:<5} globals:{:<5} via {:<24} members: {}",
            a.from,
            a.to,
            if a.same_isolate {
                "same-iso"
            } else {
                "other-iso"
            },
            a.dom_access,
            a.global_access,
            a.via,
            if members.is_empty() { "none" } else { &members }
        );
    }
    out.trim_end().to_string()
}
