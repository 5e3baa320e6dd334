//! `Atomics.notify` that tells the scheduler. Under virtual time an agent
//! in `Atomics.wait` gives up its clock group's turn, and queues for it
//! again when it wakes; but V8 wakes the waiter's thread asynchronously, so
//! without help the waiter would queue whenever that thread got round to it
//! (before or after the notifier's next tasks, by the machine's load). Each
//! realm's `Atomics.notify` is therefore ours, installed when the realm is
//! made: it calls V8's, and when that woke waiters, waits (briefly, holding
//! the turn) until they have queued, so that they take their turn at the
//! same place on every run.

use std::time::Duration;

use super::agent::AgentState;
use crate::v8::{self, FunctionArgs, HandleScope, Local, PropertyAttribute};

/// How long a notifier waits for woken agents to queue before going on (a
/// waiter stopped at the same moment may never queue).
const VALVE: Duration = Duration::from_secs(1);

/// Installs the realm's own `Atomics.notify` (V8's, then the wait above;
/// same name, length and attributes as the built-in).
pub(crate) fn install_notify(
    scope: &HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'_, v8::Context>,
) {
    if !state.clock.is_virtual() {
        return;
    }
    let _cs = v8::ContextScope::new(scope, ctx);
    let global = ctx.global(scope);
    let Some(atomics) = global
        .get_str(scope, ctx, "Atomics")
        .and_then(|a| a.to_object(scope, ctx))
    else {
        return;
    };
    let Some(original) = atomics
        .get_str(scope, ctx, "notify")
        .and_then(|f| f.to_function())
    else {
        return;
    };
    let Some(function) = v8::Function::new(scope, ctx, notify, Some(original.into()), 3) else {
        return;
    };
    function.set_name(v8::String::internalized(scope, "notify"));
    let key = v8::String::internalized(scope, "notify");
    let _ = atomics.define_own_property(
        ctx,
        key.into(),
        function.into(),
        PropertyAttribute::DONT_ENUM,
    );
}

/// `Atomics.notify(typedArray, index, count)`.
fn notify<'s>(scope: &'s HandleScope<'s>, args: &FunctionArgs<'s>) -> Option<Local<'s, v8::Value>> {
    let original = args.data()?.to_function()?;
    let ctx = scope.current_context()?;
    let state = scope.state::<AgentState>()?;
    let before = state.host.scheduler.waits_ended();
    let argv: Vec<Local<v8::Value>> = (0..args.len().min(3)).map(|i| args.get(i)).collect();
    let undefined = v8::value::undefined(scope);
    // An exception (a bad typed array, say) stays pending: ours throws it.
    let result = original.call(scope, ctx, undefined, &argv)?;
    let woken = result.number_value(ctx).unwrap_or(0.0);
    if woken >= 1.0 {
        state
            .host
            .scheduler
            .wait_for_waits_ended(before.saturating_add(woken as u64), VALVE);
    }
    Some(result)
}
