//! The engine's one error type: a boxed kind, each knowing how a user should
//! read it (and, for page-visible failures, which DOMException it maps to).

use std::path::PathBuf;

/// What went wrong, in user terms.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A URL that does not parse, or names no fixture.
    #[error("bad URL '{input}': {reason}")]
    BadUrl {
        /// What was given.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// [`HostOptions::root`](crate::HostOptions::root) is missing.
    #[error("the fixture root {} does not exist or is not a directory", .0.display())]
    RootMissing(PathBuf),
    /// A path outside the fixture root.
    #[error("{} is not inside the fixture root {}", path.display(), root.display())]
    PathOutsideRoot {
        /// The path asked for.
        path: PathBuf,
        /// The fixture root.
        root: PathBuf,
    },
    /// A load the loader refuses (a symlink out of the root, a FIFO…).
    #[error("refused to load {url}: {reason}")]
    Refused {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// No file behind the URL.
    #[error("not found: {url} (no file at {})", path.display())]
    NotFound {
        /// The URL.
        url: String,
        /// The file it maps to.
        path: PathBuf,
    },
    /// A served resource answered an error status.
    #[error("{url} answered {status} {reason}")]
    HttpStatus {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
    /// Reading a fixture failed.
    #[error("cannot read {url}: {reason}")]
    Io {
        /// The URL.
        url: String,
        /// The I/O error.
        reason: String,
    },
    /// A scheme or kind of resource isohost does not load.
    #[error("{url} is not supported: {reason}")]
    Unsupported {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// No open frame has this id.
    #[error("no frame with id {0}")]
    NoSuchFrame(crate::api::FrameId),
    /// Script threw (or a promise rejected): V8's message and the place.
    #[error("{message} ({url}:{line}:{column})")]
    Script {
        /// V8's message, e.g. `Uncaught TypeError: x is not a function`.
        message: String,
        /// The script's URL.
        url: String,
        /// 1-based line (0 when unknown).
        line: u32,
        /// 1-based column (0 when unknown).
        column: u32,
    },
    /// Script ran past [`HostOptions::script_timeout`](crate::HostOptions::script_timeout).
    #[error("script ran longer than {seconds} s and was stopped")]
    ScriptTimeout {
        /// The limit, in seconds.
        seconds: f64,
    },
    /// The tab (or worker) ended, or did not answer.
    #[error("the tab's thread is gone: {0}")]
    TabGone(String),
    /// The OS refused a thread.
    #[error("cannot start a thread: {0}")]
    Thread(String),
    /// A clock-control call that cannot be done.
    #[error("clock control: {0}")]
    ClockControl(String),
    /// A wait that gave up: a timeout, or every agent idle with the
    /// awaited condition still false.
    #[error("{0}")]
    Wait(String),
}

/// An engine error (boxed: errors travel far and should stay one word).
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

impl Error {
    /// What went wrong.
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

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
