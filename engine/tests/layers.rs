//! Layers are used one way: `v8` → `runtime` → `web` → the facade
//! (`host.rs`). A file that names a layer above its own fails here.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                out.push((path, text));
            }
        }
    }
    assert!(!out.is_empty(), "no sources below {}", dir.display());
    out
}

/// The lines of `dir`'s files that name one of `modules` (`crate::web`,
/// `crate::{..., web, ...}`, or `super::super::web` from a sub-folder).
fn naming(dir: &Path, modules: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in sources(dir) {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let names = |m: &str| {
                code.contains(&format!("crate::{m}"))
                    || code.contains(&format!("super::super::{m}"))
                    || (code.contains("crate::{")
                        && code
                            .split(['{', '}', ',', ' '])
                            .any(|part| part == m || part.starts_with(&format!("{m}::"))))
            };
            if modules.iter().any(|m| names(m)) {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn runtime_names_neither_the_web_layer_nor_the_facade() {
    let found = naming(&src().join("runtime"), &["web", "host"]);
    assert!(
        found.is_empty(),
        "runtime names a layer above it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_v8_binding_names_no_layer_above_it() {
    let found = naming(&src().join("v8"), &["runtime", "web", "host"]);
    assert!(
        found.is_empty(),
        "v8 names a layer above it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_web_layer_does_not_name_the_facade() {
    let found = naming(&src().join("web"), &["host"]);
    assert!(
        found.is_empty(),
        "web names the facade:\n{}",
        found.join("\n")
    );
}
