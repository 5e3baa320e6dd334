//! The `isohost` command: open, inspect and test local HTML fixtures.

use std::process::ExitCode;

fn main() -> ExitCode {
    isohost::cli::main(std::env::args_os())
}
