//! Windows of other isolates (tabs opened by window.open, their openers).
//!
//! A frame in another isolate can never share objects with this one. It is
//! stood for by a remote WindowProxy (`Context::NewRemoteContext`): a global
//! proxy with no context behind it, so every access fails V8's access check
//! and only the cross-origin members are served, even when the two windows
//! are same-origin. This is how out-of-process frames behave in Chromium, and
//! a deliberate difference from same-process browsers.

use std::collections::BTreeMap;

use super::agent::AgentState;
use super::realm::proxy_of;
use crate::runtime::host::lock;
use crate::runtime::report::{FrameId, FrameInfo, FrameKind};
use crate::v8::{self, Global, HandleScope, Local};

/// `frame`'s WindowProxy as seen from this isolate.
pub(crate) fn window_for<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Value>> {
    if state.frames.borrow().contains_key(&frame) {
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

/// Child frames of a frame in another isolate, in creation order (a
/// stand-in for document order, which only that isolate knows).
pub(crate) fn remote_children(state: &AgentState, frame: FrameId) -> Vec<FrameId> {
    children_in(&lock(&state.host.frames), frame)
}

/// A frame's live child frames in the host's registry, in creation (id)
/// order: the map is ordered by id.
fn children_in(frames: &BTreeMap<FrameId, FrameInfo>, frame: FrameId) -> Vec<FrameId> {
    frames
        .values()
        .filter(|f| f.parent == Some(frame) && f.kind == FrameKind::Window && !f.closed)
        .map(|f| f.id)
        .collect()
}

/// The parent of a frame in another isolate.
pub(crate) fn remote_parent(state: &AgentState, frame: FrameId) -> Option<FrameId> {
    lock(&state.host.frames).get(&frame).and_then(|f| f.parent)
}

/// How script in `a` names `b` when both are in one (other) tab, from the
/// host's registry: "", "parent", "frames[1]", "top.frames[0]"…
fn registry_path(frames: &BTreeMap<FrameId, FrameInfo>, a: FrameId, b: FrameId) -> Option<String> {
    super::window_proxy::tree_path(
        a,
        b,
        |f| frames.get(&f).and_then(|x| x.parent),
        |f| children_in(frames, f),
    )
}

fn join(head: &str, rest: String) -> String {
    if rest.is_empty() {
        head.to_string()
    } else {
        format!("{head}.{rest}")
    }
}

/// How `from` (here) reaches `to` (in another isolate), if at all: through
/// its top's opener, or through a tab it opened with window.open().
pub(crate) fn relation(state: &AgentState, from: FrameId, to: FrameId) -> Option<String> {
    let top = super::window_proxy::top_of(state, from);
    let frames = lock(&state.host.frames);
    if let Some(opener) = frames.get(&top).and_then(|f| f.opener)
        && let Some(rest) = registry_path(&frames, opener, to)
    {
        return Some(join(
            if top == from { "opener" } else { "top.opener" },
            rest,
        ));
    }
    frames
        .values()
        .filter(|f| f.parent.is_none() && f.opener == Some(from) && !f.closed)
        .find_map(|opened| {
            registry_path(&frames, opened.id, to).map(|rest| join("window.open()", rest))
        })
}
