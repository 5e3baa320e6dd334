//! The `isohost` command: open, inspect and test local HTML fixtures.
//!
//! `isohost --version` (or `-V`) also says which V8 runs and which files it
//! was loaded from. If those files are gone (the per-user cache deleted), the
//! process cannot start at all: the dynamic loader stops it with
//! `error while loading shared libraries: …: cannot open shared object file`,
//! naming the missing file. Rebuilding or reinstalling provisions them again.
#![allow(clippy::print_stdout)]

use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.len() == 2 && (args[1] == "--version" || args[1] == "-V") {
        println!("{}", version());
        return ExitCode::SUCCESS;
    }
    isohost::cli::main(args)
}

/// `isohost X.Y.Z`, the V8 version, and the libraries as this process mapped them.
fn version() -> String {
    let mut text = format!(
        "isohost {}\nV8 {}",
        env!("CARGO_PKG_VERSION"),
        engine::v8::platform::version()
    );
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    for (label, file) in [
        ("libnode", "/libnode.so.108"),
        ("glue", "/libisohost_v8_glue.so"),
    ] {
        // Each line: address perms offset dev inode path; only the path has a '/'.
        let path = maps
            .lines()
            .filter_map(|l| l.find('/').map(|i| &l[i..]))
            .find(|p| p.ends_with(file));
        text.push_str(&format!(
            "\n{label} {}",
            path.unwrap_or("(not found in /proc/self/maps)")
        ));
    }
    text
}
