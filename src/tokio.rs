//! The page-shaped API as `async fn`s, for tokio (feature `tokio`).
//!
//! The same [`Host`] → [`Tab`] → [`Frame`] shape as the blocking API
//! ([`crate::Host`], [`crate::Tab`], [`crate::Frame`]); each call that
//! waits for a tab's thread runs the blocking call on tokio's blocking
//! pool (`spawn_blocking`), so the runtime's workers never block.
//!
//! Cancellation-safe: dropping a future (a `select!` branch that lost, a
//! `timeout`) abandons the answer, not the host; the call runs to its end
//! on the blocking pool and its result is dropped. The host stays usable.
//!
//! ```
//! use isohost::HostOptions;
//! use isohost::tokio::Host;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> isohost::Result<()> {
//! # let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/pages");
//! let host = Host::new(HostOptions::new(pages)).await?;
//! let tab = host.open_tab("http://a.test/").await?;
//! tab.wait_idle(None).await?;
//! let title = tab.evaluate("Promise.resolve(document.title)").await?;
//! assert_eq!(title, serde_json::json!("isohost scenario: one page, frames of several origins"));
//! let cross = tab.frame_by_url("http://b.test/cross.html").expect("the cross-origin frame");
//! assert_eq!(cross.evaluate("location.host").await?, serde_json::json!("b.test"));
//! # Ok(())
//! # }
//! ```

use std::sync::Arc;
use std::time::Duration;

use crate::{
    ConsoleMessage, ErrorKind, FrameId, FrameInfo, HostOptions, JsValue, Result, ScriptError, TabId,
};

/// Runs a blocking call on tokio's blocking pool.
async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    ::tokio::task::spawn_blocking(call)
        .await
        .map_err(|e| ErrorKind::TabGone(format!("the blocking call failed: {e}")))?
}

/// A running host, for async code: [`crate::Host`] behind an `Arc`.
///
/// Dropping the last handle stops the host's threads (a short blocking
/// wait, as [`crate::Host`]'s drop).
#[derive(Clone)]
pub struct Host {
    inner: Arc<crate::Host>,
}

impl Host {
    /// A host over `options.root` (see [`crate::Host::new`]).
    pub async fn new(options: HostOptions) -> Result<Host> {
        let inner = blocking(move || crate::Host::new(options)).await?;
        Ok(Host {
            inner: Arc::new(inner),
        })
    }

    /// The blocking host, for the calls not mirrored here (clock control,
    /// access reports, isolates).
    pub fn blocking(&self) -> &crate::Host {
        &self.inner
    }

    /// Opens a tab on a URL or a path inside the root (see
    /// [`crate::Host::open_tab`]).
    pub async fn open_tab(&self, url_or_path: &str) -> Result<Tab> {
        let (host, url) = (Arc::clone(&self.inner), url_or_path.to_string());
        Ok(Tab(blocking(move || host.open_tab(&url)).await?))
    }

    /// Every open tab (see [`crate::Host::tabs`]).
    pub fn tabs(&self) -> Vec<Tab> {
        self.inner.tabs().into_iter().map(Tab).collect()
    }

    /// Waits until every tab and worker is idle; [`ErrorKind::Wait`] if
    /// `timeout` passes first.
    pub async fn wait_idle(&self, timeout: Option<Duration>) -> Result<()> {
        let host = Arc::clone(&self.inner);
        blocking(move || {
            if host.wait_idle(timeout) {
                Ok(())
            } else {
                Err(ErrorKind::Wait("the host was not idle in time".into()).into())
            }
        })
        .await
    }

    /// Every console line of every tab (see [`crate::Host::console`]).
    pub fn console(&self) -> Vec<ConsoleMessage> {
        self.inner.console()
    }

    /// Every script error of every tab (see [`crate::Host::errors`]).
    pub fn errors(&self) -> Vec<ScriptError> {
        self.inner.errors()
    }
}

/// A tab, for async code (see [`crate::Tab`]).
#[derive(Clone, Debug)]
pub struct Tab(crate::Tab);

/// A frame of a tab, for async code (see [`crate::Frame`]).
#[derive(Clone, Debug)]
pub struct Frame(crate::Frame);

impl Tab {
    /// The tab's id.
    pub fn id(&self) -> TabId {
        self.0.id()
    }

    /// The blocking handle.
    pub fn blocking(&self) -> &crate::Tab {
        &self.0
    }

    /// Its main frame.
    pub fn main_frame(&self) -> Frame {
        Frame(self.0.main_frame())
    }

    /// Its frames, main frame first.
    pub fn frames(&self) -> Vec<Frame> {
        self.0.frames().into_iter().map(Frame).collect()
    }

    /// Its frame with this id (see [`crate::Tab::frame`]).
    pub fn frame(&self, id: FrameId) -> Option<Frame> {
        self.0.frame(id).map(Frame)
    }

    /// Its first frame at `url` (see [`crate::Tab::frame_by_url`]).
    pub fn frame_by_url(&self, url: &str) -> Option<Frame> {
        self.0.frame_by_url(url).map(Frame)
    }

    /// Its first frame named `name` (see [`crate::Tab::frame_by_name`]).
    pub async fn frame_by_name(&self, name: &str) -> Result<Option<Frame>> {
        let (tab, name) = (self.0.clone(), name.to_string());
        Ok(blocking(move || tab.frame_by_name(&name)).await?.map(Frame))
    }

    /// Its console lines (see [`crate::Tab::console`]).
    pub fn console(&self) -> Vec<ConsoleMessage> {
        self.0.console()
    }

    /// Its script errors (see [`crate::Tab::errors`]).
    pub fn errors(&self) -> Vec<ScriptError> {
        self.0.errors()
    }

    /// [`Frame::evaluate`] in the main frame.
    pub async fn evaluate(&self, source: &str) -> Result<JsValue> {
        self.main_frame().evaluate(source).await
    }

    /// [`Frame::wait_for`] in the main frame.
    pub async fn wait_for(&self, condition: &str, timeout: Duration) -> Result<()> {
        self.main_frame().wait_for(condition, timeout).await
    }

    /// [`Frame::click`] in the main frame.
    pub async fn click(&self, selector: &str) -> Result<()> {
        self.main_frame().click(selector).await
    }

    /// [`Frame::dispatch`] in the main frame.
    pub async fn dispatch(&self, selector: &str, event_type: &str) -> Result<bool> {
        self.main_frame().dispatch(selector, event_type).await
    }

    /// [`Frame::navigate`] in the main frame.
    pub async fn navigate(&self, url_or_path: &str) -> Result<()> {
        self.main_frame().navigate(url_or_path).await
    }

    /// Waits until the host is idle (see [`crate::Tab::wait_idle`]).
    pub async fn wait_idle(&self, timeout: Option<Duration>) -> Result<()> {
        let tab = self.0.clone();
        blocking(move || tab.wait_idle(timeout)).await
    }

    /// Closes the tab (see [`crate::Tab::close`]).
    pub async fn close(&self) -> Result<()> {
        let tab = self.0.clone();
        blocking(move || tab.close()).await
    }
}

impl Frame {
    /// The frame's id.
    pub fn id(&self) -> FrameId {
        self.0.id()
    }

    /// The blocking handle.
    pub fn blocking(&self) -> &crate::Frame {
        &self.0
    }

    /// Its record, `None` once closed (see [`crate::Frame::info`]).
    pub fn info(&self) -> Option<FrameInfo> {
        self.0.info()
    }

    /// Its document's URL.
    pub fn url(&self) -> String {
        self.0.url()
    }

    /// Its parent frame.
    pub fn parent(&self) -> Option<Frame> {
        self.0.parent().map(Frame)
    }

    /// Evaluates `source`, awaiting a promise (see [`crate::Frame::evaluate`]).
    pub async fn evaluate(&self, source: &str) -> Result<JsValue> {
        let (frame, source) = (self.0.clone(), source.to_string());
        blocking(move || frame.evaluate(&source)).await
    }

    /// Waits until `condition` is truthy (see [`crate::Frame::wait_for`]).
    pub async fn wait_for(&self, condition: &str, timeout: Duration) -> Result<()> {
        let (frame, condition) = (self.0.clone(), condition.to_string());
        blocking(move || frame.wait_for(&condition, timeout)).await
    }

    /// Clicks the first element matching `selector` (see [`crate::Frame::click`]).
    pub async fn click(&self, selector: &str) -> Result<()> {
        let (frame, selector) = (self.0.clone(), selector.to_string());
        blocking(move || frame.click(&selector)).await
    }

    /// Dispatches an event (see [`crate::Frame::dispatch`]).
    pub async fn dispatch(&self, selector: &str, event_type: &str) -> Result<bool> {
        let (frame, selector, ty) = (self.0.clone(), selector.to_string(), event_type.to_string());
        blocking(move || frame.dispatch(&selector, &ty)).await
    }

    /// Navigates the frame (see [`crate::Frame::navigate`]).
    pub async fn navigate(&self, url_or_path: &str) -> Result<()> {
        let (frame, url) = (self.0.clone(), url_or_path.to_string());
        blocking(move || frame.navigate(&url)).await
    }
}
