//! Helpers shared by the integration tests: a host over `pages/`, opened
//! pages, and what they printed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use isohost::{
    ConsoleMessage, Frame, FrameId, FrameInfo, Host, HostOptions, ScriptError, Tab, TabHandle,
};

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

    /// The page's tab, through the page-shaped API.
    pub fn tab(&self) -> Tab {
        self.host.tab(&self.tab)
    }

    /// The frame at `url` (a full URL: `http://b.test/cross.html`).
    pub fn frame_at(&self, url: &str) -> Frame {
        self.tab()
            .frame_by_url(url)
            .unwrap_or_else(|| panic!("a frame at {url}; frames: {:#?}", self.frames()))
    }

    /// The record of the frame at `url` (a full URL), in this tab or in a
    /// tab it opened (a popup of another agent cluster has an isolate and
    /// tab of its own).
    pub fn frame(&self, url: &str) -> FrameInfo {
        let frames = self.frames();
        frames
            .iter()
            .find(|f| f.url == url)
            .cloned()
            .unwrap_or_else(|| panic!("a frame at {url}; frames: {frames:#?}"))
    }

    /// Console lines of the frame at `url`, as text.
    pub fn console_of(&self, url: &str) -> Vec<String> {
        let id = self.frame_at(url).id();
        self.tab()
            .console()
            .into_iter()
            .filter(|m| m.frame == id)
            .map(|m| m.text)
            .collect()
    }

    pub fn console(&self) -> Vec<ConsoleMessage> {
        self.host.console()
    }

    pub fn errors(&self) -> Vec<ScriptError> {
        self.host.errors()
    }

    /// Evaluates `js` in the frame at `url`, as JSON.
    pub fn eval(&self, url: &str, js: &str) -> serde_json::Value {
        self.frame_at(url)
            .evaluate(js)
            .map(|v| v.to_json())
            .unwrap_or_else(|e| panic!("evaluating {js:?} in {url}: {e}"))
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
