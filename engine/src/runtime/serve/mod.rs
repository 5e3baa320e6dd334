//! What a host answers for http(s) URLs: a site, either a fixture root
//! (`ROOT/HOST/PATH`) or a web-platform-tests checkout served as wptserve
//! serves it. Responses carry a status, headers and a body.
//!
//! Key files: `response.rs` (Response → Resource, COOP/COEP), `path.rs`
//! (URL path → file, never outside the root; content types),
//! `fixtures.rs`, `wpt/`.

pub mod fixtures;
pub mod path;
pub mod response;
pub mod wpt;

use std::sync::Arc;

pub use response::{IsolationPolicy, Resource, Response};

/// What a host's root holds.
#[derive(Debug, Clone, Default)]
pub enum Site {
    /// `http(s)://HOST/PATH` is `ROOT/HOST/PATH`.
    #[default]
    Fixtures,
    /// A web-platform-tests checkout (its root is the host's root); the
    /// caller keeps a handle to read what was requested of it.
    Wpt(Arc<wpt::WptSite>),
}
