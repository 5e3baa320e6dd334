//! Helpers shared by the integration tests: a host over `pages/`, opened
//! pages, and what they printed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use isohost::{ConsoleMessage, FrameId, FrameInfo, Host, HostOptions, ScriptError, TabHandle};

pub fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pages")
}

/// A host over `pages/` with test-friendly limits.
pub fn host() -> Host {
    host_with(|_| {})
}

pub fn host_with(tweak: impl FnOnce(&mut HostOptions)) -> Host {
    let mut options = HostOptions::new(pages());
    options.script_timeout = Duration::from_secs(2);
    tweak(&mut options);
    Host::new(options).expect("a host over pages/")
}

/// A page opened and run until idle.
pub struct Page {
    pub host: Host,
    pub tab: TabHandle,
}

pub fn open(url: &str) -> Page {
    let host = host();
    let tab = host
        .open(url)
        .unwrap_or_else(|e| panic!("{url} opens: {e}"));
    assert!(
        host.wait_idle(Some(Duration::from_secs(60))),
        "{url} became idle"
    );
    Page { host, tab }
}

impl Page {
    pub fn frames(&self) -> Vec<FrameInfo> {
        self.host.frames()
    }

    /// The frame whose URL ends with `suffix`.
    pub fn frame(&self, suffix: &str) -> FrameInfo {
        self.frames()
            .into_iter()
            .find(|f| f.url.ends_with(suffix))
            .unwrap_or_else(|| {
                panic!(
                    "a frame whose URL ends with {suffix}; frames: {:#?}",
                    self.frames()
                )
            })
    }

    /// Console lines of the frame whose URL ends with `suffix`, as text.
    pub fn console_of(&self, suffix: &str) -> Vec<String> {
        console_lines(&self.host, self.frame(suffix).id)
    }

    pub fn console(&self) -> Vec<ConsoleMessage> {
        self.host.console()
    }

    pub fn errors(&self) -> Vec<ScriptError> {
        self.host.errors()
    }

    /// Evaluates `js` in the frame whose URL ends with `suffix`.
    pub fn eval(&self, suffix: &str, js: &str) -> serde_json::Value {
        let frame = self.frame(suffix).id;
        self.host
            .evaluate(frame, js)
            .unwrap_or_else(|e| panic!("evaluating {js:?} in {suffix}: {e}"))
    }

    /// Evaluates in the main frame.
    pub fn eval_main(&self, js: &str) -> serde_json::Value {
        self.host
            .evaluate(self.tab.main_frame, js)
            .unwrap_or_else(|e| panic!("evaluating {js:?}: {e}"))
    }
}

/// What frame `frame` printed, as text, in order.
pub fn console_lines(host: &Host, frame: FrameId) -> Vec<String> {
    host.console()
        .into_iter()
        .filter(|m| m.frame == frame)
        .map(|m| m.text)
        .collect()
}

/// Runs the `isohost` binary; (status code, stdout, stderr).
pub fn isohost(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_isohost"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs isohost");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
