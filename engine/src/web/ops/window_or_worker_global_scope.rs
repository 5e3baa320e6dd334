//! Ops of the WindowOrWorkerGlobalScope mixin (HTML): `self.origin`,
//! `crossOriginIsolated`, and the security check of a global's members.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#windoworworkerglobalscope-mixin> ("The WindowOrWorkerGlobalScope mixin")

use super::{OpCx, OpError, OpResult};

fn origin<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = cx.state.origin_string(cx.frame);
    cx.string(&origin)
}

/// crossOriginIsolated (issue 10): from the response's COOP/COEP, or
/// `HostOptions::cross_origin_isolated`.
fn cross_origin_isolated<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.boolean(cx.state.cross_origin_isolated(cx.frame))
}

/// WebIDL's security check of a global's member's `this` (argument 0)
/// (<https://webidl.spec.whatwg.org/#dfn-perform-a-security-check>): a
/// SecurityError if it is a WindowProxy or Location of another origin.
fn security_check<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    if crate::web::window_proxy::is_cross_origin_object(cx.scope, &cx.state, cx.arg(0)) {
        crate::web::window_proxy::throw_security_error(cx.scope, &cx.state);
        return Err(OpError::Thrown);
    }
    cx.undefined()
}

op_list! {
    "windowOrWorkerGlobalScopeSecurityCheck" => security_check,
    "windowOrWorkerGlobalScopeOrigin" => origin,
    "windowOrWorkerGlobalScopeCrossOriginIsolated" => cross_origin_isolated,
}
