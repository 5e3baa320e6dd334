//! isohost's engine: V8 hosting with the browser's process model in miniature.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod v8;
