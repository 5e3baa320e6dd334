//! Windows of other isolates (tabs opened by window.open, their openers).
//!
//! A frame in another isolate can never share objects with this one. It is
//! stood for by a remote WindowProxy (`Context::NewRemoteContext`): a global
//! proxy with no context behind it, so every access fails V8's access check
//! and only the cross-origin members are served, even when the two windows
//! are same-origin. This is how out-of-process frames behave in Chromium, and
//! a deliberate difference from same-process browsers.

use super::agent::AgentState;
use super::realm::proxy_of;
use crate::runtime::report::FrameId;
use crate::v8::{self, Global, HandleScope, Local};

/// `frame`'s WindowProxy as seen from this isolate.
pub(crate) fn window_for<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Value>> {
    if state.frames.borrow().contains_key(&frame) {
        super::loading::ensure_context(scope, state, frame);
        return proxy_of(scope, state, frame).map(Into::into);
    }
    state.host.frame(frame)?;
    if let Some(w) = state.remote_windows.borrow().get(&frame) {
        return Some(w.open(scope).into());
    }
    let template = state.templates.get()?.global.open(scope);
    let proxy = v8::Context::new_remote(scope, template)?;
    proxy.set_internal_field(0, v8::value::integer(scope, frame as i32).into());
    state
        .remote_windows
        .borrow_mut()
        .insert(frame, Global::new(scope, proxy));
    Some(proxy.into())
}

/// A Location standing for a frame of another isolate: made in the current
/// realm from the access-checked template, so only href's setter and
/// replace() work on it.
pub(crate) fn location_for<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let accessing = super::frame_of_context(scope, ctx)?;
    if let Some(l) = state
        .frames
        .borrow()
        .get(&accessing)
        .and_then(|f| f.remote_locations.get(&frame))
    {
        return Some(l.open(scope).into());
    }
    let location = state
        .templates
        .get()?
        .location
        .open(scope)
        .new_instance(scope, ctx)?;
    location.set_internal_field(0, v8::value::integer(scope, frame as i32).into());
    if let Some(f) = state.frames.borrow_mut().get_mut(&accessing) {
        f.remote_locations
            .insert(frame, Global::new(scope, location));
    }
    Some(location.into())
}

/// How `from` (here) reaches `to` (in another isolate), if at all.
pub(crate) fn relation(state: &AgentState, from: FrameId, to: FrameId) -> Option<String> {
    let top = super::window_proxy::top_of(state, from);
    let opener = state.frames.borrow().get(&top).and_then(|f| f.opener);
    let path = if top == from {
        String::new()
    } else {
        "top.".to_string()
    };
    if opener == Some(to) {
        return Some(format!("{path}opener"));
    }
    let opened = state.host.frame(to).and_then(|f| f.opener);
    if opened.is_some_and(|o| state.frames.borrow().contains_key(&o)) {
        return Some("window.open()".into());
    }
    None
}
