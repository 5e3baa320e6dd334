//! The engine's one error type: a boxed kind, each knowing how a user should
//! read it (and, for page-visible failures, which DOMException it maps to).

use std::path::PathBuf;

/// What went wrong, in user terms.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("bad URL '{input}': {reason}")]
    BadUrl { input: String, reason: String },
    #[error("the fixture root {} does not exist or is not a directory", .0.display())]
    RootMissing(PathBuf),
    #[error("{} is not inside the fixture root {}", path.display(), root.display())]
    PathOutsideRoot { path: PathBuf, root: PathBuf },
    #[error("refused to load {url}: {reason}")]
    Refused { url: String, reason: String },
    #[error("not found: {url} (no file at {})", path.display())]
    NotFound { url: String, path: PathBuf },
    #[error("{url} answered {status} {reason}")]
    HttpStatus {
        url: String,
        status: u16,
        reason: String,
    },
    #[error("cannot read {url}: {reason}")]
    Io { url: String, reason: String },
    #[error("{url} is not supported: {reason}")]
    Unsupported { url: String, reason: String },
    #[error("no frame with id {0}")]
    NoSuchFrame(u32),
    #[error("{message} ({url}:{line}:{column})")]
    Script {
        message: String,
        url: String,
        line: u32,
        column: u32,
    },
    #[error("script ran longer than {seconds} s and was stopped")]
    ScriptTimeout { seconds: f64 },
    #[error("the tab's thread is gone: {0}")]
    TabGone(String),
    #[error("cannot start a thread: {0}")]
    Thread(String),
    #[error("clock control: {0}")]
    ClockControl(String),
}

/// An engine error (boxed: errors travel far and should stay one word).
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

impl Error {
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// True for failures to fetch a resource (the page-visible "network error").
    pub fn is_load_failure(&self) -> bool {
        matches!(
            *self.0,
            ErrorKind::BadUrl { .. }
                | ErrorKind::PathOutsideRoot { .. }
                | ErrorKind::Refused { .. }
                | ErrorKind::NotFound { .. }
                | ErrorKind::HttpStatus { .. }
                | ErrorKind::Io { .. }
                | ErrorKind::Unsupported { .. }
        )
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
