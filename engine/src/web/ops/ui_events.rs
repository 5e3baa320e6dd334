//! Ops of the UI Events family: which values are windows and event
//! targets, for the `Window?` and `EventTarget?` members of their init
//! dictionaries (WebIDL "interface types": a platform object implementing
//! the interface, from any realm).
//!
//! <https://webidl.spec.whatwg.org/#es-interface> ("Interface types")

use super::{OpCx, OpResult};
use crate::v8::{self, Local};

/// Whether `value` is a WindowProxy this agent knows: a frame's (of any
/// origin) or a remote one (a window of another tab).
fn is_window_value(cx: &OpCx<'_>, value: Local<'_, v8::Value>) -> bool {
    if !value.is_object() {
        return false;
    }
    let frames = cx.state.frames.borrow();
    let local = frames
        .values()
        .filter_map(|f| f.proxy.as_ref())
        .any(|p| Local::<v8::Value>::from(p.open(cx.scope)).strict_equals(value));
    local
        || cx
            .state
            .remote_windows
            .borrow()
            .values()
            .any(|w| Local::<v8::Value>::from(w.open(cx.scope)).strict_equals(value))
}

fn is_window<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let yes = is_window_value(cx, cx.arg(0));
    cx.boolean(yes)
}

/// An EventTarget: a window, or a platform object the host EventTarget
/// constructor made (every EventTarget is one; so are the few platform
/// objects that are not, which this does not tell apart).
fn is_event_target<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let value = cx.arg(0);
    let yes = is_window_value(cx, value)
        || cx
            .state
            .templates
            .get()
            .is_some_and(|t| t.event_target.open(cx.scope).has_instance(value));
    cx.boolean(yes)
}

op_list! {
    "uiEventsIsWindow" => is_window,
    "uiEventsIsEventTarget" => is_event_target,
}
