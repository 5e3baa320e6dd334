//! Ops of event dispatch (DOM, HTML): the microtask checkpoint after each
//! listener of an event the user agent fires from a task, and the call of
//! such a listener that the script timeout stops alone.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#clean-up-after-running-script> ("clean up after running script")

use std::sync::atomic::Ordering;

use super::{OpCx, OpError, OpResult};
use crate::runtime::report::IsolateKind;
use crate::v8;

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

/// `callback.call(thisArg, event)` for a listener of an event the user
/// agent fires from a task (the author's stack is empty around each one):
/// when the script timeout stops it, the stop is reported at its place and
/// script may run again, so the next listeners run (as they would had each
/// been a task of its own). What it throws goes on to the bindings, which
/// report it (a thrown primitive is reported here); running out of memory
/// goes on stopping the agent.
fn call_stoppable<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let Some(callback) = cx.arg(0).to_function() else {
        return Err(OpError::type_error(
            "The provided callback is not callable.",
        ));
    };
    let tc = v8::TryCatch::new(cx.scope);
    if callback
        .call(cx.scope, cx.ctx, cx.arg(1), &[cx.arg(2)])
        .is_some()
    {
        return cx.undefined();
    }
    if tc.has_terminated() {
        // Only the watchdog's stop ends here; any other (out of memory,
        // the worker or tab closing) goes on stopping the agent.
        let monitor = &cx.state.monitor;
        if !monitor.timed_out.load(Ordering::Relaxed)
            || monitor.out_of_memory.load(Ordering::Relaxed)
            || cx.state.closing.get()
        {
            return Err(OpError::Thrown);
        }
        // A listener of a task's dispatch: below it only the bindings'
        // dispatch runs, which goes on to the next listener.
        cx.scope.cancel_terminate_execution();
        crate::web::realm::report_timeout(cx.scope, &cx.state, cx.frame);
        return cx.undefined();
    }
    if tc.exception().is_some_and(|e| !e.is_object()) {
        // A thrown primitive (`throw 42`) has no stack to place it: it is
        // reported here, at the throw V8's message records, where the
        // bindings' catch would place it inside themselves. An object is
        // placed by its own stack (where an Error was made), there.
        crate::web::realm::handle_failure(cx.scope, &cx.state, cx.frame, &tc);
        return cx.undefined();
    }
    if tc.has_caught() {
        tc.rethrow();
    }
    Err(OpError::Thrown)
}

op_list! {
    "eventTargetCallStoppable" => call_stoppable,
    "eventTargetMicrotaskCheckpoint" => microtask_checkpoint,
    "eventTargetCallbackGlobal" => callback_global,
}
