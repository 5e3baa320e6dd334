//! Running a web-platform-tests checkout (`isohost wpt`): which tests there
//! are (`manifest.rs`), the wptreport JSON (`report.rs`), and pass rates
//! beside another browser's (`compare.rs`). Serving the checkout is the
//! engine's (`engine::runtime::serve::wpt`); running each test is
//! `testharness.rs`'s.

pub mod compare;
pub mod manifest;
pub mod report;

use engine::runtime::serve::wpt::Config;
use url::Url;

use crate::expectations::MetadataKey;
use crate::testharness::{Target, TestItem};

/// The runner's items for `tests` of the checkout at `checkout`: each at
/// its URL on the origin wptrunner would use.
pub fn items(tests: &[manifest::WptTest]) -> Result<Vec<TestItem>, String> {
    let config = Config::default();
    tests
        .iter()
        .map(|t| {
            let file = t.id.split(['?', '#']).next().unwrap_or(&t.id);
            let name = file.rsplit('/').next().unwrap_or(file);
            let text = format!("{}{}", config.test_origin(name), t.id);
            let url =
                Url::parse(&text).map_err(|e| format!("{}: bad test URL {text}: {e}", t.source))?;
            Ok(TestItem {
                id: t.id.clone(),
                target: Target::Url(url),
                long_timeout: t.long_timeout,
                skip: t.skip.clone(),
                metadata: Some(MetadataKey {
                    source: t.source.clone(),
                    section: t.section(),
                }),
            })
        })
        .collect()
}
