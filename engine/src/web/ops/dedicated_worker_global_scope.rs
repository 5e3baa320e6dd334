//! Ops of DedicatedWorkerGlobalScope (HTML): the worker's side of its
//! implicit port, close(), and its name.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#dedicated-workers-and-the-dedicatedworkerglobalscope-interface> ("Dedicated workers and the DedicatedWorkerGlobalScope interface")

use super::{OpCx, OpResult};

/// The worker's name (`new Worker(url, {name})`).
fn name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.string(&cx.realm_name())
}

/// Inside a worker: its implicit port.
fn port<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    match cx.state.worker {
        Some(link) => cx.num(f64::from(link.port)),
        None => cx.num(-1.0),
    }
}

/// <https://html.spec.whatwg.org/multipage/workers.html#close-a-worker> ("close a worker"):
/// the tasks queued in the worker are discarded and its closing flag set, so
/// its event loop ends after the running task. Its implicit port stays
/// entangled until then: what it posts to its owner before its loop ends
/// (even after close()) is delivered, as in browsers; the port goes with
/// the agent.
fn close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.state.closing.set(true);
    cx.undefined()
}

op_list! {
    "dedicatedWorkerGlobalScopePort" => port,
    "dedicatedWorkerGlobalScopeClose" => close,
    "dedicatedWorkerGlobalScopeName" => name,
}
