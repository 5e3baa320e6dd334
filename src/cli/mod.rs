//! The command line (clap): `open`, `inspect`, `test`, `wpt`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod markup;
mod open;
mod report_html;
mod results;
mod test;
mod wpt;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{Host, HostOptions};

/// A headless, browser-like host for local HTML fixtures on real V8.
#[derive(Parser, Debug)]
#[command(name = "isohost", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Load pages (each in its own tab) with all their frames; print console
    /// output and the frame tree.
    Open {
        /// URLs (http(s)://HOST/PATH → ROOT/HOST/PATH) or paths inside the root.
        #[arg(required = true)]
        pages: Vec<String>,
        #[command(flatten)]
        host: HostArgs,
        #[arg(long, value_enum, default_value_t = OpenFormat::Text)]
        format: OpenFormat,
    },
    /// Load a page like `open`, then report isolates, contexts and which
    /// frame can reach which, measured by trying from each frame.
    Inspect {
        page: String,
        #[command(flatten)]
        host: HostArgs,
        #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
        format: InspectFormat,
    },
    /// Run testharness.js pages (web-platform-tests), each in its own tab;
    /// the last line of text output is `N passed, N failed`.
    Test(test::TestArgs),
    /// Run a web-platform-tests checkout's tests, served as wptserve serves
    /// them (hosts, ports, .sub. templates, .any.js wrappers, .headers);
    /// reporters and exit status as for `test`.
    Wpt(wpt::WptArgs),
}

/// Options every command shares.
#[derive(Args, Debug, Clone)]
struct HostArgs {
    /// Fixture root: http(s)://HOST/PATH maps to ROOT/HOST/PATH.
    #[arg(long, default_value = "pages")]
    root: PathBuf,
    /// Clock seconds after which timers stop firing (virtual by default).
    #[arg(long, default_value_t = 30.0, value_parser = positive_seconds)]
    time_budget: f64,
    /// Run timers in real time instead of jumping the clock when idle.
    #[arg(long)]
    real_time: bool,
    /// Real seconds one task may run before its script is stopped.
    #[arg(long, default_value_t = 10.0, value_parser = positive_seconds)]
    script_timeout: f64,
    /// Real seconds to wait for every tab to become idle.
    #[arg(long, default_value_t = 120.0, value_parser = positive_seconds)]
    timeout: f64,
}

fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("'{s}' is not a positive number of seconds")),
    }
}

impl HostArgs {
    fn options(&self) -> HostOptions {
        let mut options = HostOptions::new(&self.root);
        options.virtual_time = !self.real_time;
        options.time_budget = Duration::from_secs_f64(self.time_budget);
        options.script_timeout = Duration::from_secs_f64(self.script_timeout);
        options
    }

    fn host(&self) -> anyhow::Result<Host> {
        Ok(Host::new(self.options())?)
    }

    /// Waits for idle; says so on stderr if the pages never settle.
    fn settle(&self, host: &Host) {
        if !host.wait_idle(Some(Duration::from_secs_f64(self.timeout))) {
            eprintln!(
                "isohost: warning: the pages were still busy after {} s (messages or script never stopping); reporting what happened so far",
                self.timeout
            );
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum OpenFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InspectFormat {
    Text,
    Json,
    Html,
}

/// Prints the command's output; a reader that went away (`| head`) is fine.
fn emit(out: &str) -> anyhow::Result<ExitCode> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(anyhow::anyhow!("cannot write the output: {e}")),
    }
}

/// Runs the command line; the process exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // One line: clap's message up to its first blank line.
            let text = e.render().to_string();
            let first = text
                .split("\n\n")
                .next()
                .unwrap_or("")
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ");
            eprintln!("isohost: {first} (see isohost --help)");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Open {
            pages,
            host,
            format,
        } => open::open(&pages, &host, format),
        Command::Inspect { page, host, format } => open::inspect(&page, &host, format),
        Command::Test(args) => test::run(args),
        Command::Wpt(args) => wpt::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("isohost: error: {e}");
            ExitCode::from(1)
        }
    }
}
