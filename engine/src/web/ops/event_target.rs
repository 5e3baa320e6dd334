//! Ops of event dispatch (DOM, HTML): the microtask checkpoint after each
//! listener of an event the user agent fires from a task.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#clean-up-after-running-script> ("clean up after running script")

use super::{OpCx, OpResult};
use crate::runtime::report::IsolateKind;

/// HTML "perform a microtask checkpoint", for the bindings' dispatch of an
/// event from a task: "clean up after running script" runs one after each
/// listener, since the author's stack is empty between two of them (only
/// the bindings' frames are below). Node's `runMicrotasks()` binding does the
/// same from script. The bindings call it only from host entries that are
/// tasks, never from an op nested in author script.
fn microtask_checkpoint<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.scope.perform_microtask_checkpoint();
    cx.undefined()
}

/// The global object of a listener callback's realm
/// (<https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke> ("inner invoke"),
/// step 2.6: "listener's callback's associated realm's global object"),
/// if it is a window's: the WindowProxy whose current event the dispatch
/// sets (`window.event`). Undefined in workers, and for a callback that is
/// not an object.
fn callback_global<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    if cx.state.kind != IsolateKind::Tab {
        return cx.undefined();
    }
    let Some(callback) = cx.arg(0).to_object_checked() else {
        return cx.undefined();
    };
    match callback.creation_context(cx.scope) {
        Some(ctx) => Ok(ctx.global(cx.scope).into()),
        None => cx.undefined(),
    }
}

op_list! {
    "eventTargetMicrotaskCheckpoint" => microtask_checkpoint,
    "eventTargetCallbackGlobal" => callback_global,
}
