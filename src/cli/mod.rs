//! The command line (clap): `open`, `inspect`, `test`, `wpt`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod config;
mod markup;
mod open;
mod paint;
mod report;
mod report_html;
mod test;
mod wpt;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::{Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

use crate::{Host, HostOptions};

/// A headless, browser-like host for local HTML fixtures on real V8.
///
/// Defaults for most options can live in an isohost.toml in the current
/// directory or one above it; flags given here win.
#[derive(Parser, Debug)]
#[command(name = "isohost", version, about, arg_required_else_help = true)]
struct Cli {
    // --- config file (runner) ---
    /// Read defaults from this file instead of the nearest isohost.toml.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no isohost.toml.
    #[arg(long, global = true)]
    no_config: bool,
    // --- end config file ---
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
        /// text: the frame tree and what the pages printed; json: one object
        /// (frames, workers, console, errors).
        #[arg(long, value_enum, default_value_t = OpenFormat::Text)]
        format: OpenFormat,
        // --- fail-on flags (runner) ---
        #[command(flatten)]
        fail_on: FailOnArgs,
        // --- end fail-on flags ---
    },
    /// Load a page like `open`, then report isolates, contexts and which
    /// frame can reach which, measured by trying from each frame.
    Inspect {
        /// A URL (http(s)://HOST/PATH → ROOT/HOST/PATH) or a path inside the root.
        page: String,
        #[command(flatten)]
        host: HostArgs,
        /// text: tree, origin groups, access matrix; json: isolates and
        /// access pairs added to open's object; html: a page with a diagram.
        #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
        format: InspectFormat,
    },
    /// Run testharness.js pages (web-platform-tests), each in its own tab;
    /// the last line of text output is `N passed, N failed` (subtests).
    Test(Box<test::TestArgs>),
    /// Run a web-platform-tests checkout's tests, served as wptserve serves
    /// them (hosts, ports, .sub. templates, .any.js wrappers, .headers);
    /// reporters and exit status as for `test`.
    Wpt(Box<wpt::WptArgs>),
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
    /// Run on the real clock, agents in parallel, instead of virtual time
    /// (where a run repeats exactly).
    #[arg(long)]
    real_time: bool,
    #[command(flatten)]
    replay: ReplayArgs,
    /// Real seconds one task may run before its script is stopped.
    #[arg(long, default_value_t = 10.0, value_parser = positive_seconds)]
    script_timeout: f64,
    /// Real seconds to wait for every tab to become idle.
    #[arg(long, default_value_t = 120.0, value_parser = positive_seconds)]
    timeout: f64,
    /// Make every page and worker cross-origin isolated, as if each
    /// response sent COOP same-origin and COEP require-corp
    /// (SharedArrayBuffer everywhere). Default: only pages whose responses
    /// send both headers, as in browsers.
    #[arg(long)]
    cross_origin_isolated: bool,
    #[command(flatten)]
    memory: MemoryArgs,
}

/// Memory caps outside the V8 heaps (issue 14).
#[derive(Args, Debug, Clone)]
pub(crate) struct MemoryArgs {
    /// MiB one tab or worker may hold outside its V8 heap (ArrayBuffers,
    /// its DOM, messages it queued); past it, it ends with "out of memory".
    #[arg(long, value_name = "MIB", default_value_t = engine::runtime::options::DEFAULT_MAX_MEMORY_MB,
          value_parser = memory_mib)]
    pub(crate) max_memory_mb: usize,
    /// MiB all tabs and workers together may hold outside their V8 heaps.
    #[arg(long, value_name = "MIB", default_value_t = engine::runtime::options::DEFAULT_MAX_HOST_MEMORY_MB,
          value_parser = memory_mib)]
    pub(crate) max_host_memory_mb: usize,
}

impl MemoryArgs {
    fn apply(&self, options: &mut HostOptions) {
        options.max_memory_mb = self.max_memory_mb;
        options.max_host_memory_mb = self.max_host_memory_mb;
    }
}

/// At most 1 TiB: more is surely a mistake.
fn memory_mib(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(v) if (1..=1 << 20).contains(&v) => Ok(v),
        _ => Err(format!(
            "'{s}' is not a number of MiB from 1 to {}",
            1 << 20
        )),
    }
}

// --- fail-on flags (runner) ---
/// What fails a page beyond its own results (`open` and `test`).
#[derive(Args, Debug, Clone, Default)]
struct FailOnArgs {
    /// Fail when a page prints with console.error.
    #[arg(long)]
    fail_on_console_error: bool,
    /// Fail when a page throws an uncaught error (or a resource fails to load).
    #[arg(long)]
    fail_on_page_error: bool,
}
// --- end fail-on flags ---

/// The most seconds any option takes (about 11.6 days): more is surely a
/// mistake, and every duration stays far from overflowing.
const MAX_SECONDS: f64 = 1_000_000.0;

/// What makes a run repeatable: printed with the results, given back to
/// replay them.
#[derive(Args, Debug, Clone, Default)]
struct ReplayArgs {
    /// Seed of Math.random in every realm (default: random, reported).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// What Date.now() reads at the start, as an RFC 3339 time such as
    /// 2024-01-01T00:00:00Z (default: now, reported).
    #[arg(long, value_parser = parse_clock_start, value_name = "TIME")]
    clock_start: Option<SystemTime>,
}

impl ReplayArgs {
    fn apply(&self, options: &mut HostOptions) {
        options.seed = self.seed;
        options.clock_start = self.clock_start;
    }
}

fn parse_clock_start(s: &str) -> Result<SystemTime, String> {
    time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339)
        .map(SystemTime::from)
        .map_err(|e| format!("'{s}' is not an RFC 3339 time such as 2024-01-01T00:00:00Z ({e})"))
}

/// A clock start as RFC 3339, in UTC (what `--clock-start` takes back).
fn format_clock_start(time: SystemTime) -> String {
    time::OffsetDateTime::from(time)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// The flags that replay a run.
fn replay_flags(seed: u64, clock_start: SystemTime) -> String {
    replay_flags_text(seed, &format_clock_start(clock_start))
}

fn replay_flags_text(seed: u64, clock_start: &str) -> String {
    format!("--seed {seed} --clock-start {clock_start}")
}

fn positive_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= MAX_SECONDS => Ok(v),
        _ => Err(format!(
            "'{s}' is not a number of seconds above 0 and at most {MAX_SECONDS}"
        )),
    }
}

impl HostArgs {
    fn options(&self) -> HostOptions {
        let mut options = HostOptions::new(&self.root);
        options.virtual_time = !self.real_time;
        options.time_budget = Duration::from_secs_f64(self.time_budget);
        options.script_timeout = Duration::from_secs_f64(self.script_timeout);
        self.replay.apply(&mut options);
        self.memory.apply(&mut options);
        options.cross_origin_isolated = self.cross_origin_isolated;
        options
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

/// Says what clap found wrong, in one line with its tips; prints help
/// and version as asked. The exit status.
fn clap_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::DisplayHelp | K::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // Bare `isohost`: the subcommands, on stderr.
        K::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    // The message and its tips ("a similar argument exists: '--format'"),
    // not the usage lines.
    let text = e.render().to_string();
    let parts: Vec<String> = text
        .split("\n\n")
        .filter(|p| {
            let p = p.trim_start();
            !p.is_empty() && !p.starts_with("Usage:") && !p.starts_with("For more information")
        })
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let command = std::env::args()
        .nth(1)
        .filter(|a| ["open", "inspect", "test", "wpt"].contains(&a.as_str()))
        .map(|c| format!("isohost {c} --help"))
        .unwrap_or_else(|| "isohost --help".to_string());
    eprintln!(
        "isohost: {} (see {command})",
        paint::safe(&parts.join("; "))
    );
    ExitCode::from(2)
}

/// The command line parsed, the config file applied, every value turned
/// into what the run uses; or the exit status of a refusal (said on stderr).
fn prepare(args: impl IntoIterator<Item = OsString>) -> Result<Cli, ExitCode> {
    let matches = Cli::command()
        .try_get_matches_from(args)
        .map_err(|e| clap_error(&e))?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| clap_error(&e))?;
    if let Err(e) = config::apply(&mut cli, &matches) {
        eprintln!("isohost: error: {}", paint::safe(&e));
        return Err(ExitCode::from(2));
    }
    // What the run would build from the values (durations, patterns).
    match &cli.command {
        Command::Open { host, .. } | Command::Inspect { host, .. } => {
            let _ = host.options();
        }
        Command::Test(args) => args
            .run
            .apply(&mut crate::testharness::SuiteOptions::new(&args.root)),
        Command::Wpt(args) => args
            .run
            .apply(&mut crate::testharness::SuiteOptions::new(&args.checkout)),
    }
    Ok(cli)
}

/// Parses and checks a command line as [`main`] would, without running
/// anything: success when it would run (for tests of argument handling).
#[doc(hidden)]
pub fn check(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match prepare(args) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// Runs the command line; the process exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match prepare(args) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let result = match cli.command {
        Command::Open {
            pages,
            host,
            format,
            fail_on,
        } => open::open(&pages, &host, format, &fail_on),
        Command::Inspect { page, host, format } => open::inspect(&page, &host, format),
        Command::Test(args) => test::run(*args),
        Command::Wpt(args) => wpt::run(*args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("isohost: error: {}", paint::safe(&e.to_string()));
            ExitCode::from(1)
        }
    }
}
