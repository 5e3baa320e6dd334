//! Serving a web-platform-tests checkout as wptserve does.
//!
//! Key files: `site.rs` (routes, files, sidecar headers), `wrappers.rs`
//! (the generated `.any.html`/`.any.worker.html`/`.window.html`/… pages),
//! `pipes.rs` (`?pipe=` and the `sub` templates), `meta.rs` (`// META:`
//! lines and globals), `config.rs` (hosts and ports).

pub mod config;
pub mod meta;
pub mod pipes;
pub mod site;
pub mod wrappers;

pub use config::Config;
pub use site::WptSite;
