//! What a document gets from its browsing context and its response when it
//! is made: its sandboxing flags (the context's, and a CSP `sandbox`
//! directive's), whether its agent cluster is origin-keyed; and
//! `document.domain`, which relaxes its origin afterwards.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#sandboxing> ("Sandboxing")
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin-keyed-agent-clusters> ("Origin-keyed agent clusters")
//! <https://html.spec.whatwg.org/multipage/browsers.html#relaxing-the-same-origin-restriction> ("Relaxing the same-origin restriction")

use super::agent::AgentState;
use super::exception::{DomExceptionName, Exception};
use crate::runtime::loader::Resource;
use crate::runtime::origin::Origin;
use crate::runtime::report::FrameId;
use crate::runtime::sandbox::SandboxFlags;
use crate::runtime::site::registrable_suffix_of;
use crate::v8::HandleScope;

/// <https://html.spec.whatwg.org/multipage/browsers.html#determining-the-creation-sandboxing-flags> ("determine the creation sandboxing flags"),
/// with the response's CSP: the new document's active sandboxing flag set,
/// and so whether it runs script and has an opaque origin.
pub(crate) fn apply_sandbox(state: &AgentState, frame: FrameId, response: Option<&Resource>) {
    let csp = response
        .and_then(|r| r.header("Content-Security-Policy"))
        .and_then(SandboxFlags::from_csp)
        .unwrap_or_default();
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.active_sandbox = f.sandbox.with(csp);
        f.scripts_enabled = !f.active_sandbox.contains(SandboxFlags::SCRIPTS);
        f.opaque_sandbox = f.active_sandbox.contains(SandboxFlags::ORIGIN);
    }
}

/// The new document's agent cluster: origin-keyed if its origin's cluster
/// in the browsing context group is (it asked, with
/// `Origin-Agent-Cluster: ?1`, the first time the group saw the origin).
/// Its origin has no domain yet.
pub(crate) fn set_agent_cluster(
    state: &AgentState,
    frame: FrameId,
    origin: &Origin,
    requested: bool,
) {
    let group = state.browsing_context_group.get();
    let keyed = state
        .host
        .browsing_context_groups
        .key_for(group, origin, requested)
        .is_origin_keyed();
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.origin_keyed = keyed;
        f.domain = None;
    }
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain> ("document.domain" getter):
/// the effective domain, "" for an opaque origin.
pub(crate) fn domain(state: &AgentState, frame: FrameId) -> String {
    state
        .frames
        .borrow()
        .get(&frame)
        .filter(|f| !f.origin.is_opaque())
        .and_then(|f| f.origin_domain().effective_domain())
        .unwrap_or_default()
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain> ("document.domain" setter),
/// for the active document of `frame` (`None`: a document without a
/// browsing context). On success the realm's security token becomes its
/// new origin-domain's.
pub(crate) fn set_domain(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: Option<FrameId>,
    value: &str,
) -> Result<(), Exception> {
    let refuse = |why: &str| {
        Exception::dom(
            DomExceptionName::SecurityError,
            format!("Failed to set the 'domain' property on 'Document': {why}"),
        )
    };
    // 1. A document without a browsing context.
    let Some(frame) = frame else {
        return Err(refuse("The document has no browsing context."));
    };
    let (sandboxed, effective, keyed) = {
        let frames = state.frames.borrow();
        let Some(f) = frames.get(&frame) else {
            return Err(refuse("The document has no browsing context."));
        };
        (
            f.active_sandbox.contains(SandboxFlags::DOCUMENT_DOMAIN),
            (!f.origin.is_opaque())
                .then(|| f.origin_domain().effective_domain())
                .flatten(),
            f.origin_keyed,
        )
    };
    // 2. The sandboxed document.domain browsing context flag.
    if sandboxed {
        return Err(refuse("Assignment is forbidden for sandboxed iframes."));
    }
    // 3. An opaque origin has no effective domain.
    let Some(effective) = effective else {
        return Err(refuse("Assignment is forbidden for the 'null' origin."));
    };
    // 4. A registrable domain suffix of, or equal to, the effective domain.
    let Some(host) = registrable_suffix_of(value, &effective) else {
        return Err(refuse(&format!(
            "'{value}' is not a suffix of '{effective}'."
        )));
    };
    // 5. An origin-keyed agent cluster ignores it.
    if keyed {
        return Ok(());
    }
    // 6. The origin's domain, and with it the realm's token.
    let (origin_domain, ctx) = {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&frame) else {
            return Ok(());
        };
        f.domain = Some(host);
        (f.origin_domain(), f.context.as_ref().map(|c| c.open(scope)))
    };
    if let Some(ctx) = ctx {
        super::window_proxy::set_security_token(scope, state, ctx, &origin_domain);
    }
    Ok(())
}
