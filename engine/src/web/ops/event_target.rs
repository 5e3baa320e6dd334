//! Ops of event dispatch (DOM, HTML): the microtask checkpoint after each
//! listener of an event the user agent fires from a task.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#clean-up-after-running-script> ("clean up after running script")

use super::{OpCx, OpResult};

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

op_list! {
    "eventTargetMicrotaskCheckpoint" => microtask_checkpoint,
}
