//! Ops of the WindowOrWorkerGlobalScope mixin (HTML): `self.origin` and
//! `crossOriginIsolated`.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope-mixin> ("The WindowOrWorkerGlobalScope mixin")

use super::{OpCx, OpResult};

fn origin<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = cx.state.origin_string(cx.frame);
    cx.string(&origin)
}

/// crossOriginIsolated (issue 10): from the response's COOP/COEP.
fn cross_origin_isolated<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let isolated = cx
        .frame_record(cx.frame, |f| f.cross_origin_isolated)
        .unwrap_or(false);
    cx.boolean(isolated)
}

op_list! {
    "windowOrWorkerGlobalScopeOrigin" => origin,
    "windowOrWorkerGlobalScopeCrossOriginIsolated" => cross_origin_isolated,
}
