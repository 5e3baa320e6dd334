//! Ops of SharedWorkerGlobalScope (HTML): its name and close().
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworkerglobalscope-interface> ("Shared workers and the SharedWorkerGlobalScope interface")

use super::{OpCx, OpResult};

/// The worker's name (`new SharedWorker(url, name)`).
fn name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.string(&cx.realm_name())
}

/// self.close(): the closing flag; a later constructor starts a new worker.
fn close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    crate::web::shared_worker::close(&cx.state);
    cx.undefined()
}

op_list! {
    "sharedWorkerGlobalScopeName" => name,
    "sharedWorkerGlobalScopeClose" => close,
}
