//! `isohost.toml`: defaults for the command line, found in the current
//! directory or the nearest one above it (or given with `--config`).
//! A flag given on the command line always wins over the file.
//!
//! ```toml
//! root = "tests/fixtures"           # --root (open, inspect, test)
//! testharness = "vendor/testharness.js"
//! jobs = 4
//! timeout = 60                      # seconds
//! script_timeout = 10
//! reporter = ["list", "junit=out/junit.xml"]
//! expectations = "tests/expectations"
//! grep = "^tests/fixtures/a.test/"
//! grep_invert = "slow"
//! retries = 1
//! repeat_each = 1
//! fail_on_console_error = true
//! fail_on_page_error = true
//! ```
//!
//! Paths in the file are relative to the file's directory.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;

use super::test::RunArgs;
use super::{Cli, Command};

/// The file's name.
pub(super) const FILE_NAME: &str = "isohost.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Config {
    pub root: Option<PathBuf>,
    pub testharness: Option<PathBuf>,
    pub jobs: Option<u32>,
    pub timeout: Option<f64>,
    pub script_timeout: Option<f64>,
    pub reporter: Option<Reporters>,
    pub expectations: Option<PathBuf>,
    pub grep: Option<String>,
    pub grep_invert: Option<String>,
    pub retries: Option<u32>,
    pub repeat_each: Option<u32>,
    pub fail_on_console_error: Option<bool>,
    pub fail_on_page_error: Option<bool>,
    /// Where it was read from.
    #[serde(skip)]
    pub path: PathBuf,
}

/// `reporter = "list,junit=x.xml"` or `reporter = ["list", "junit=x.xml"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Reporters {
    One(String),
    Many(Vec<String>),
}

impl Reporters {
    pub fn items(&self) -> Vec<String> {
        match self {
            Reporters::One(s) => s.split(',').map(str::to_string).collect(),
            Reporters::Many(v) => v.clone(),
        }
    }
}

impl Config {
    /// The nearest `isohost.toml` from `dir` upward, if any.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Reads and checks a config file; paths in it become relative to
    /// where it is.
    pub fn load(path: &Path) -> Result<Config, String> {
        let meta =
            std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if !meta.is_file() || meta.len() > 1024 * 1024 {
            return Err(format!(
                "{} is not a regular file under 1 MiB",
                path.display()
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let message = e.message().to_string();
            let line = e
                .span()
                .map(|s| text.get(..s.start).unwrap_or(&text).matches('\n').count() + 1);
            match line {
                Some(l) => format!("{}:{l}: {message}", path.display()),
                None => format!("{}: {message}", path.display()),
            }
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let rebase = |p: &mut Option<PathBuf>| {
            if let Some(x) = p.as_mut()
                && x.is_relative()
            {
                *x = base.join(&*x);
            }
        };
        rebase(&mut config.root);
        rebase(&mut config.testharness);
        rebase(&mut config.expectations);
        config.path = path.to_path_buf();
        Ok(config)
    }

    /// The reporter items, with `=FILE` paths made relative to the file.
    pub fn reporter_items(&self) -> Option<Vec<String>> {
        let base = self.path.parent().unwrap_or(Path::new("."));
        self.reporter.as_ref().map(|r| {
            r.items()
                .into_iter()
                .map(|item| match item.split_once('=') {
                    Some((name, file)) if Path::new(file).is_relative() && !file.is_empty() => {
                        format!("{name}={}", base.join(file).display())
                    }
                    _ => item,
                })
                .collect()
        })
    }
}

// ---------------------------------------------------------------------------
// Applying it to a parsed command line

/// Whether the user gave `id` on the command line.
fn given(m: &ArgMatches, id: &str) -> bool {
    m.try_contains_id(id).unwrap_or(false) && m.value_source(id) == Some(ValueSource::CommandLine)
}

/// Fills what the command line left to defaults from the config file.
pub(super) fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<(), String> {
    if cli.no_config {
        return Ok(());
    }
    let path = match &cli.config {
        Some(p) => p.clone(),
        None => match std::env::current_dir().ok().and_then(|d| Config::find(&d)) {
            Some(p) => p,
            None => return Ok(()),
        },
    };
    let config = Config::load(&path)?;
    let Some((_, m)) = matches.subcommand() else {
        return Ok(());
    };
    let at = |key: &str, e: String| format!("{} ({key}): {e}", config.path.display());
    match &mut cli.command {
        Command::Open { host, fail_on, .. } => {
            if let (Some(r), false) = (&config.root, given(m, "root")) {
                host.root = r.clone();
            }
            if let (Some(b), false) = (
                config.fail_on_console_error,
                given(m, "fail_on_console_error"),
            ) {
                fail_on.fail_on_console_error = b;
            }
            if let (Some(b), false) = (config.fail_on_page_error, given(m, "fail_on_page_error")) {
                fail_on.fail_on_page_error = b;
            }
        }
        Command::Inspect { host, .. } => {
            if let (Some(r), false) = (&config.root, given(m, "root")) {
                host.root = r.clone();
            }
        }
        Command::Test(args) => {
            if let (Some(r), false) = (&config.root, given(m, "root")) {
                args.root = r.clone();
            }
            if let (Some(t), false) = (&config.testharness, given(m, "testharness")) {
                args.testharness = Some(t.clone());
            }
            if let (Some(e), false) = (&config.expectations, given(m, "expectations")) {
                args.expectations = Some(e.clone());
            }
            run_args(&mut args.run, &config, m).map_err(|(k, e)| at(k, e))?;
        }
        Command::Wpt(args) => {
            run_args(&mut args.run, &config, m).map_err(|(k, e)| at(k, e))?;
        }
    }
    Ok(())
}

fn run_args(run: &mut RunArgs, c: &Config, m: &ArgMatches) -> Result<(), (&'static str, String)> {
    if let (Some(items), false, false) =
        (c.reporter_items(), given(m, "reporter"), given(m, "format"))
    {
        run.reporter = items
            .iter()
            .map(|i| super::report::parse_spec(i))
            .collect::<Result<_, _>>()
            .map_err(|e| ("reporter", e))?;
    }
    if let (Some(j), false) = (c.jobs, given(m, "jobs")) {
        if !(1..=super::test::MAX_JOBS).contains(&j) {
            return Err((
                "jobs",
                format!("{j} is not in 1..={}", super::test::MAX_JOBS),
            ));
        }
        run.jobs = Some(j);
    }
    let seconds =
        |key: &'static str, v: f64| super::positive_seconds(&v.to_string()).map_err(|e| (key, e));
    if let (Some(t), false) = (c.timeout, given(m, "timeout")) {
        run.timeout = seconds("timeout", t)?;
    }
    if let (Some(t), false) = (c.script_timeout, given(m, "script_timeout")) {
        run.script_timeout = seconds("script_timeout", t)?;
    }
    if let (Some(g), false, false) = (&c.grep, given(m, "grep"), given(m, "filter")) {
        run.grep = Some(crate::testharness::Pattern::new(g).map_err(|e| ("grep", e))?);
    }
    if let (Some(g), false) = (&c.grep_invert, given(m, "grep_invert")) {
        run.grep_invert =
            Some(crate::testharness::Pattern::new(g).map_err(|e| ("grep_invert", e))?);
    }
    if let (Some(r), false) = (c.retries, given(m, "retries")) {
        if r > super::test::MAX_RETRIES {
            return Err((
                "retries",
                format!("{r} is more than {}", super::test::MAX_RETRIES),
            ));
        }
        run.retries = r;
    }
    if let (Some(r), false) = (c.repeat_each, given(m, "repeat_each")) {
        if !(1..=super::test::MAX_REPEAT).contains(&r) {
            return Err((
                "repeat_each",
                format!("{r} is not in 1..={}", super::test::MAX_REPEAT),
            ));
        }
        run.repeat_each = r;
    }
    if let (Some(b), false) = (c.fail_on_console_error, given(m, "fail_on_console_error")) {
        run.fail_on.fail_on_console_error = b;
    }
    if let (Some(b), false) = (c.fail_on_page_error, given(m, "fail_on_page_error")) {
        run.fail_on.fail_on_page_error = b;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_file_and_unknown_keys_are_refused() {
        let dir = std::env::temp_dir().join(format!("isohost-config-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
        let file = dir.join(FILE_NAME);
        std::fs::write(
            &file,
            "root = \"fixtures\"\njobs = 3\nreporter = \"list,junit=out/j.xml\"\n",
        )
        .expect("write");
        assert_eq!(Config::find(&dir.join("sub")), Some(file.clone()));
        let c = Config::load(&file).expect("loads");
        assert_eq!(c.root, Some(dir.join("fixtures")));
        assert_eq!(c.jobs, Some(3));
        assert_eq!(
            c.reporter_items(),
            Some(vec![
                "list".to_string(),
                format!("junit={}", dir.join("out/j.xml").display())
            ])
        );
        std::fs::write(&file, "jobs = 3\nroots = \"x\"\n").expect("write");
        let e = Config::load(&file).expect_err("an unknown key");
        assert!(e.contains(":2:") && e.contains("roots"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
