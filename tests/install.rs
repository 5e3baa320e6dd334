//! isohost as its users get it, without `LD_LIBRARY_PATH`:
//! - a crate depending on it (`tests/dependent`, copied to a directory of its
//!   own) runs its unit tests, integration tests, doctests and binary;
//! - `cargo install --path .` gives a binary that runs from another directory
//!   once the build directory is gone.
//!
//! Both build isohost again, in one target directory they share under this
//! workspace's (`target/tmp/install-tests`), kept between runs. They skip,
//! saying so, when `cargo` cannot be run.

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// The two tests share a target directory, and one moves it away for a while.
static SHARED_TARGET: Mutex<()> = Mutex::new(());

const WORKSPACE: &str = env!("CARGO_MANIFEST_DIR");

fn work_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("install-tests")
}

fn shared_target() -> PathBuf {
    work_dir().join("target")
}

/// Says why a test did not run; stderr directly, so the harness shows it.
fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn cargo_path() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `cargo`, if it runs.
fn cargo() -> Option<Command> {
    let works = Command::new(cargo_path())
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then(|| {
        let mut cmd = Command::new(cargo_path());
        // One profile for both (this workspace's opt-level 1 for dependencies
        // overridden): the dependencies compile once; no debuginfo, to
        // compile and link faster.
        cmd.args(["--config", "profile.dev.debug=false"])
            .args(["--config", r#"profile.dev.package."*".opt-level=0"#])
            .env("CARGO_TARGET_DIR", shared_target())
            // What the user would not have: the loader path `cargo test` set
            // for this test, and this package's build variables.
            .env_remove("LD_LIBRARY_PATH")
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("CARGO_MANIFEST_PATH")
            .env_remove("CARGO_PKG_NAME")
            .env_remove("CARGO_CRATE_NAME");
        cmd
    })
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies `from` into `to`, writing only files whose content changed (so
/// that Cargo's fingerprints stay fresh between runs).
fn sync_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                sync_dir(&src, &dst);
            }
        } else {
            write_if_changed(&dst, &std::fs::read(&src).unwrap());
        }
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).unwrap();
    }
}

/// A directory under `/tmp`, outside the workspace and its target directory.
fn elsewhere(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(name).tempdir().unwrap()
}

/// The rest of the line of `text` that starts with `label `.
fn field<'t>(text: &'t str, label: &str) -> &'t str {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{label} ")))
        .unwrap_or_else(|| panic!("no `{label}` line in:\n{text}"))
}

/// `path` is a file outside the clone and outside every target directory here.
fn assert_outside_build(path: &str) {
    assert!(Path::new(path).is_file(), "{path} is not a file");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    for inside in [Path::new(WORKSPACE), target, &work_dir()] {
        assert!(
            !Path::new(path).starts_with(inside),
            "{path} is inside {}",
            inside.display()
        );
    }
}

#[test]
fn a_dependent_crate_runs_its_tests_doctests_and_binary_without_ld_library_path() {
    let _shared = SHARED_TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut cargo_test) = cargo() else {
        return skip("cargo cannot be run: the dependent crate was not built");
    };
    let dir = work_dir().join("dependent");
    sync_dir(&Path::new(WORKSPACE).join("tests/dependent"), &dir);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        r#"path = "../..""#,
        &format!("path = {:?}", WORKSPACE.replace('\\', "/")),
    );
    write_if_changed(&dir.join("Cargo.toml"), manifest.as_bytes());
    // This workspace's lock: the same versions, all in the registry cache.
    let lock = std::fs::read(Path::new(WORKSPACE).join("Cargo.lock")).unwrap();
    write_if_changed(&dir.join("Cargo.lock"), &lock);

    let out = run(cargo_test.current_dir(&dir).args(["test", "--offline"]));
    let report = text(&out.stdout);
    for (start, end) in [
        ("test tests::unit_test_evaluates_in_the_page", "... ok"),
        (
            "test integration_test_sees_the_console_and_frames",
            "... ok",
        ),
        ("test src/lib.rs - evaluate (line ", "... ok"), // the doctest
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.starts_with(start) && l.ends_with(end)),
            "no `{start}…{end}` in:\n{report}"
        );
    }

    // Library users don't build the CLI's dependencies.
    let mut tree = cargo().unwrap();
    let tree =
        run(tree
            .current_dir(&dir)
            .args(["tree", "--offline", "-e", "normal", "--prefix", "none"]));
    let tree = text(&tree.stdout);
    assert!(tree.contains("isohost v"), "{tree}");
    for cli_only in ["clap v", "anyhow v", "quick-junit v"] {
        assert!(!tree.lines().any(|l| l.starts_with(cli_only)), "{tree}");
    }
    // They parse with our patched html5ever (vendor/README.md), not the
    // crates.io release a workspace `[patch]` would have left them.
    assert!(
        tree.lines()
            .any(|l| l.starts_with("html5ever v") && l.contains("vendor/html5ever")),
        "{tree}"
    );

    // The binary, run by hand from elsewhere, with a clean loader path.
    let binary = shared_target().join("debug/isohost-dependent");
    let cwd = elsewhere("isohost-dependent-run");
    let out = run(Command::new(&binary)
        .current_dir(cwd.path())
        .env_remove("LD_LIBRARY_PATH")
        .arg(dir.join("pages"))
        .arg("document.title.length * 6"));
    let printed = text(&out.stdout);
    assert_eq!(printed.lines().next(), Some("54"), "{printed}");
    assert_outside_build(field(&printed, "libnode"));
}

#[test]
fn an_installed_binary_runs_from_elsewhere_after_its_build_directory_is_gone() {
    let _shared = SHARED_TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let Some(mut install) = cargo() else {
        return skip("cargo cannot be run: isohost was not installed");
    };
    let root = work_dir().join("installed");
    run(install
        .args([
            "install",
            "--offline",
            "--locked",
            "--debug",
            "--force",
            "--path",
        ])
        .arg(WORKSPACE)
        .arg("--root")
        .arg(&root));
    let binary = root.join("bin/isohost");

    // The build directory goes away while the binary runs.
    let moved = work_dir().join("target.moved");
    let _ = std::fs::remove_dir_all(&moved);
    std::fs::rename(shared_target(), &moved).unwrap();
    struct PutBack(PathBuf);
    impl Drop for PutBack {
        fn drop(&mut self) {
            let _ = std::fs::rename(&self.0, shared_target());
        }
    }
    let _put_back = PutBack(moved);

    let cwd = elsewhere("isohost-installed-run");
    let isohost = |args: &[&str]| {
        run(Command::new(&binary)
            .current_dir(cwd.path())
            .env_remove("LD_LIBRARY_PATH")
            .args(args))
    };
    let version = text(&isohost(&["--version"]).stdout);
    assert_eq!(
        version.lines().next(),
        Some(concat!("isohost ", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    assert!(field(&version, "V8").starts_with("10.2."), "{version}");
    assert_outside_build(field(&version, "libnode"));
    assert_outside_build(field(&version, "glue"));

    // And it runs pages: a fixture written in that other directory.
    std::fs::create_dir_all(cwd.path().join("site/x.test")).unwrap();
    std::fs::write(
        cwd.path().join("site/x.test/index.html"),
        "<script>console.log('six times seven is', 6 * 7)</script>",
    )
    .unwrap();
    let opened = text(&isohost(&["open", "http://x.test/", "--root", "site"]).stdout);
    assert!(opened.contains("six times seven is 42"), "{opened}");
}

#[test]
fn version_names_v8_and_the_files_it_was_loaded_from() {
    let out = run(Command::new(env!("CARGO_BIN_EXE_isohost"))
        .arg("--version")
        .env_remove("LD_LIBRARY_PATH"));
    let version = text(&out.stdout);
    assert_eq!(
        version.lines().next(),
        Some(concat!("isohost ", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    assert!(field(&version, "V8").starts_with("10.2."), "{version}");
    let libnode = field(&version, "libnode");
    assert!(libnode.ends_with("/libnode.so.108"), "{version}");
    let glue = field(&version, "glue");
    assert!(glue.ends_with("/libisohost_v8_glue.so"), "{version}");
    for path in [libnode, glue] {
        assert!(Path::new(path).is_file(), "{path} is not a file");
    }
    // `-V` says the same.
    let short = run(Command::new(env!("CARGO_BIN_EXE_isohost")).arg("-V"));
    assert_eq!(text(&short.stdout), version);
}
