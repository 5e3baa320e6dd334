//! Fetches testharness.js (the npm package wpt-runner) for `isohost test`.
//! (Binaries find libnode through the engine's glue, linked by absolute
//! path: see `engine/build.rs`. Nothing to link here.)
//!
//! testharness.js comes from, in order: `ISOHOST_TESTHARNESS` (a file), a
//! cached copy in the target directory, `npm pack wpt-runner@5.0.0` (the npm
//! registry). If all fail, the build still succeeds and `isohost test` asks
//! for `--testharness PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

const WPT_RUNNER: &str = "wpt-runner@5.0.0";

fn main() {
    println!("cargo:rerun-if-env-changed=ISOHOST_TESTHARNESS");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let dest = out.join("testharness.js");
    let text = testharness(&out).unwrap_or_else(|why| {
        println!("cargo:warning=testharness.js unavailable ({why}); `isohost test` will need --testharness PATH");
        String::new()
    });
    if std::fs::read_to_string(&dest).ok().as_deref() != Some(text.as_str()) {
        let _ = std::fs::write(&dest, text);
    }
}

fn testharness(out: &Path) -> Result<String, String> {
    if let Some(path) = std::env::var_os("ISOHOST_TESTHARNESS") {
        println!("cargo:rerun-if-changed={}", Path::new(&path).display());
        return std::fs::read_to_string(&path).map_err(|e| format!("ISOHOST_TESTHARNESS: {e}"));
    }
    // Shared by every profile of the target directory.
    let cache_dir = out
        .ancestors()
        .find(|p| p.join("CACHEDIR.TAG").exists())
        .map(|t| t.join("isohost-testharness"))
        .unwrap_or_else(|| out.join("testharness-cache"));
    let cached = cache_dir.join("testharness.js");
    if let Ok(text) = std::fs::read_to_string(&cached)
        && !text.is_empty()
    {
        return Ok(text);
    }
    let work = cache_dir.join(format!("download-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let packed = Command::new("npm")
        .args(["pack", WPT_RUNNER, "--silent", "--pack-destination"])
        .arg(&work)
        .current_dir(&work)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !packed.status.success() {
        return Err(format!(
            "npm pack {WPT_RUNNER} failed: {}",
            String::from_utf8_lossy(&packed.stderr).trim()
        ));
    }
    let tgz = std::fs::read_dir(&work)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .ok_or("npm pack wrote no tarball")?;
    let status = Command::new("tar")
        .arg("xzf")
        .arg(&tgz)
        .arg("-C")
        .arg(&work)
        .arg("package/testharness/testharness.js")
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err("tar could not extract package/testharness/testharness.js".into());
    }
    let text = std::fs::read_to_string(work.join("package/testharness/testharness.js"))
        .map_err(|e| e.to_string())?;
    let _ = std::fs::write(&cached, &text);
    let _ = std::fs::remove_dir_all(&work);
    Ok(text)
}
