//! `isohost wpt`: a web-platform-tests checkout, served as wptserve serves
//! it, run like `isohost test`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::report::{Kind, Spec};
use super::test::{RunArgs, empty_hint, execute};
use crate::expectations::Expectations;
use crate::testharness::{SuiteOptions, shard};
use crate::wpt::{compare, manifest};

#[derive(clap::Args, Debug)]
pub(super) struct WptArgs {
    /// The web-platform-tests checkout.
    pub checkout: PathBuf,
    /// Tests to run, relative to the checkout: directories, files, or test
    /// URLs (`webstorage/storage_clear.window.html`). Default: all.
    paths: Vec<String>,
    #[command(flatten)]
    pub run: RunArgs,
    /// Write the results as wptreport JSON (what wpt.fyi reads) to FILE
    /// (the same as --reporter wptreport=FILE).
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
    let items = crate::wpt::items(&tests).map_err(|e| anyhow::anyhow!(e))?;
    let extra: Vec<Spec> = args
        .log_wptreport
        .iter()
        .map(|f| Spec {
            kind: Kind::Wptreport,
            file: Some(f.clone()),
        })
        .collect();
    let hint = empty_hint(
        &options,
        items.len(),
        "no tests found (see the manifest rules: files that load /resources/testharness.js, .any.js, .window.js, .worker.js)",
    );
    let (code, results) = execute(
        &items,
        &options,
        &args.run,
        extra,
        args.update_metadata,
        &hint,
    )?;
    if let Some((other, name)) = &other
        && !args.run.list
    {
        eprint!("{}", compare::table(&results, other, name));
    }
    Ok(code)
}
