//! `isohost wpt`: a web-platform-tests checkout, served as wptserve serves
//! it, run like `isohost test`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::test::{RunArgs, finish, run_with_progress};
use crate::expectations::Expectations;
use crate::testharness::{SuiteOptions, shard};
use crate::wpt::{compare, manifest, report};

#[derive(clap::Args, Debug)]
pub(super) struct WptArgs {
    /// The web-platform-tests checkout.
    checkout: PathBuf,
    /// Tests to run, relative to the checkout: directories, files, or test
    /// URLs (`webstorage/storage_clear.window.html`). Default: all.
    paths: Vec<String>,
    #[command(flatten)]
    run: RunArgs,
    /// Write the results as wptreport JSON (what wpt.fyi reads) to FILE.
    #[arg(long, value_name = "FILE")]
    log_wptreport: Option<PathBuf>,
    /// Expected results: wptrunner metadata (DIR/<test file>.ini).
    #[arg(long, value_name = "DIR")]
    metadata: Option<PathBuf>,
    /// Write this run's results into the --metadata directory (and exit 0
    /// when that worked: they are now what is expected).
    #[arg(long, requires = "metadata")]
    update_metadata: bool,
    /// Print pass rates per area beside another browser's results (a file
    /// like chromium-156.json, or a wptreport), on stderr.
    #[arg(long, value_name = "FILE")]
    compare: Option<PathBuf>,
    /// Print the tests that would run, one per line, and stop.
    #[arg(long)]
    list: bool,
}

pub(super) fn run(args: WptArgs) -> anyhow::Result<ExitCode> {
    if !args.checkout.is_dir() {
        anyhow::bail!(
            "the checkout {} does not exist or is not a directory",
            args.checkout.display()
        );
    }
    let other = match &args.compare {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read --compare {}: {e}", path.display()))?;
            let name = path
                .file_stem()
                .map_or_else(|| "other".to_string(), |s| s.to_string_lossy().into_owned());
            Some((
                compare::load(&text)
                    .map_err(|e| anyhow::anyhow!("--compare {}: {e}", path.display()))?,
                name,
            ))
        }
        None => None,
    };
    let mut options = SuiteOptions::new(&args.checkout);
    args.run.apply(&mut options);
    options.wpt = true;
    options.expectations = args
        .metadata
        .as_ref()
        .map(|d| Arc::new(Expectations::new(d)));
    let tests = manifest::discover(&args.checkout, &args.paths).map_err(|e| anyhow::anyhow!(e))?;
    let tests = shard(tests, options.shard)?;
    if args.list {
        let ids: Vec<&str> = tests.iter().map(|t| t.id.as_str()).collect();
        return super::emit(&ids.join("\n"));
    }
    let items = crate::wpt::items(&tests).map_err(|e| anyhow::anyhow!(e))?;
    let time_start = unix_ms();
    let outcome = run_with_progress(&items, &options, args.run.format);
    if let Some(path) = &args.log_wptreport {
        let json = report::wptreport(&outcome.0, time_start, unix_ms());
        std::fs::write(path, serde_json::to_string_pretty(&json)? + "\n")
            .map_err(|e| anyhow::anyhow!("cannot write --log-wptreport {}: {e}", path.display()))?;
    }
    if let Some((other, name)) = &other {
        eprint!("{}", compare::table(&outcome.0, other, name));
    }
    finish(
        &outcome,
        &options,
        &args.run,
        args.update_metadata,
        "no tests found (see the manifest rules: files that load /resources/testharness.js, .any.js, .window.js, .worker.js)",
    )
}

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}
