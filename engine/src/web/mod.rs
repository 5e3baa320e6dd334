//! Web APIs over V8: the agents (a tab's or a worker's thread), frames and
//! their contexts, the DOM, events, timers, messaging.
//!
//! # Handbook
//!
//! **How a realm is made** (`realm.rs`): a frame gets a V8 context from the
//! isolate's window template (`templates.rs`), whose global proxy carries the
//! frame id in an internal field and is access-checked by security token.
//! The token is one value per origin per isolate (`AgentState::token_for`).
//! The bootstrap script (`js/*.js`, compiled once per isolate, code-cached
//! across isolates) runs in the new context with the ops object, the
//! `EventTarget` host constructor and the origin's shared state; it returns
//! the `hooks` object Rust calls back into.
//!
//! **How a wrapper is made**: DOM classes are JS classes over node ids. Every
//! platform object is made by the host `EventTarget` constructor (EventTargets
//! through `super()`, other interfaces through `platformObject(new.target)`),
//! so V8 sees it as a host object and structured clone hands it to the host,
//! which refuses it, except ports and DOMExceptions (`clone.rs`). Wrappers
//! are cached per origin (`shared.wrappers`), made in their node document's
//! realm. Rarely used interfaces (HTMLDivElement…) are made on first use,
//! behind V8 lazy data properties (`lazyInterface` in `js/core.js`).
//!
//! **Where the rest lives**: `loading.rs` (navigation, parsing, scripts, the
//! load sequence, iframes), `modules.rs` (module scripts), `clone.rs`
//! (structured clone, postMessage, MessagePorts), `worker.rs`, `storage.rs`
//! (storage events, BroadcastChannel), `remote.rs` (windows of other tabs),
//! `timers.rs`, `agent.rs` (the event loop).
//!
//! **How to add an operation**: write `fn name(cx: &mut OpCx) -> OpResult` in
//! `ops/`, list it in `ops/mod.rs`'s table under its JS name, call it from the
//! JS as `ops.name(...)`. Ops take and return plain data (numbers, strings,
//! arrays of node ids); DOM errors become DOMExceptions in the caller's realm.
//!
//! **Cross-origin access** (`window_proxy.rs`): V8 refuses it; the interceptor
//! serves the HTML spec's cross-origin members, and the failed-access-check
//! hook throws a SecurityError DOMException made in the accessing realm. The
//! same interceptor serves `window[i]` and named access (`window.frameName`)
//! for same-origin script, and lazy interfaces.
//!
//! Invariants:
//! 1. No `RefCell` borrow of agent state is held across a call into V8 that
//!    may run script (ops re-enter the state).
//! 2. Every `Global` lives in `AgentState`, dropped before the isolate.
//! 3. Page script never sees `ops`, `shared` or `hooks`.
//! 4. No script runs while V8 deserializes a message (V8 would abort the
//!    process): the deserializer's host-object hook only builds objects.

pub(crate) mod agent;
pub(crate) mod clone;
pub(crate) mod exception;
pub(crate) mod interfaces;
pub(crate) mod loading;
pub(crate) mod modules;
pub(crate) mod ops;
pub(crate) mod realm;
pub(crate) mod remote;
pub(crate) mod storage;
pub(crate) mod tab;
pub(crate) mod templates;
pub(crate) mod timers;
pub(crate) mod window_proxy;
pub(crate) mod worker;

use std::sync::Once;

use crate::runtime::host::INTERRUPT_TIMEOUT;
use crate::v8::{self, HandleScope, Local};

/// Initialises V8 for the process (once).
pub(crate) fn init_v8() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // ISOHOST_V8_FLAGS adds V8 flags, for profiling and debugging
        // (e.g. "--prof --logfile=v8.log").
        let extra = std::env::var("ISOHOST_V8_FLAGS").unwrap_or_default();
        v8::initialize(
            &format!("--stack-size=900 {extra}"),
            v8::HostHooks {
                interceptor: window_proxy::intercept,
                failed_access_check: window_proxy::failed_access_check,
                promise_reject: agent::promise_rejected,
                clock_millis: agent::wall_clock_ms,
                near_heap_limit: agent::near_heap_limit,
                interrupt,
                resolve_module: modules::resolve,
                dynamic_import: modules::dynamic_import,
                import_meta: modules::import_meta,
            },
        );
    });
}

fn interrupt<'s>(scope: &'s HandleScope<'s>, tag: usize) {
    if tag == INTERRUPT_TIMEOUT {
        if let Some(state) = scope.state::<agent::AgentState>() {
            *crate::runtime::host::lock(&state.monitor.stopped_at) = scope.current_position();
        }
        scope.terminate_execution();
    }
}

/// The frame id stored in a context's first embedder slot.
pub(crate) fn frame_of_context(
    scope: &HandleScope<'_>,
    context: Local<'_, v8::Context>,
) -> Option<u32> {
    let v = context.slot(scope, 0)?;
    let ctx = context;
    if v.is_uint32() {
        v.number_value(ctx).map(|n| n as u32)
    } else {
        None
    }
}
