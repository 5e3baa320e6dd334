//! Ops of the WindowOrWorkerGlobalScope mixin (HTML): `self.origin` and
//! `crossOriginIsolated`.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope-mixin> ("The WindowOrWorkerGlobalScope mixin")

use super::{OpCx, OpResult};

fn origin<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = cx.state.origin_string(cx.frame);
    cx.string(&origin)
}

/// crossOriginIsolated (issue 10): from the response's COOP/COEP, or
/// `HostOptions::cross_origin_isolated`.
fn cross_origin_isolated<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.boolean(cx.state.cross_origin_isolated(cx.frame))
}

op_list! {
    "windowOrWorkerGlobalScopeOrigin" => origin,
    "windowOrWorkerGlobalScopeCrossOriginIsolated" => cross_origin_isolated,
}
