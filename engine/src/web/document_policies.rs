//! What a document gets from its browsing context and its response when it
//! is made: its sandboxing flags (the context's, and a CSP `sandbox`
//! directive's), whether its agent cluster is origin-keyed, whether its
//! permissions policy lets it use `document-domain`; and `document.domain`,
//! which relaxes its origin afterwards.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#sandboxing> ("Sandboxing")
//! <https://w3c.github.io/webappsec-permissions-policy/> (Permissions Policy: only the
//! `document-domain` feature, from the `allow` attribute; no `Permissions-Policy` header)
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin-keyed-agent-clusters> ("Origin-keyed agent clusters")
//! <https://html.spec.whatwg.org/multipage/browsers.html#relaxing-the-same-origin-restriction> ("Relaxing the same-origin restriction")

use super::agent::AgentState;
use super::exception::{DomExceptionName, Exception};
use super::realm::SharedDomain;
use crate::runtime::loader::Resource;
use crate::runtime::origin::Origin;
use crate::runtime::report::FrameId;
use crate::runtime::sandbox::SandboxFlags;
use crate::runtime::site::{OriginDomain, registrable_suffix_of};
use crate::v8::{self, HandleScope, Local};

/// <https://html.spec.whatwg.org/multipage/browsers.html#determining-the-creation-sandboxing-flags> ("determine the creation sandboxing flags"),
/// with the response's CSP: the new document's active sandboxing flag set,
/// and so whether it runs script and has an opaque origin.
/// A document made without a response (srcdoc, about:blank, an error page,
/// a `javascript:` URL's) keeps the CSP sandbox the frame's document had.
pub(crate) fn apply_sandbox(state: &AgentState, frame: FrameId, response: Option<&Resource>) {
    let csp = response.map(|r| {
        r.header("Content-Security-Policy")
            .and_then(SandboxFlags::from_csp)
            .unwrap_or_default()
    });
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        if let Some(csp) = csp {
            f.csp_sandbox = csp;
        }
        f.active_sandbox = f.sandbox.with(f.csp_sandbox);
        f.scripts_enabled = !f.active_sandbox.contains(SandboxFlags::SCRIPTS);
        f.opaque_sandbox = f.active_sandbox.contains(SandboxFlags::ORIGIN);
    }
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#determining-the-creation-sandboxing-flags> ("determine the creation sandboxing flags"),
/// for an iframe: its `sandbox` attribute's value (its iframe sandboxing
/// flag set) with its parent document's active sandboxing flags.
pub(crate) fn iframe_sandbox(attribute: Option<&str>, parent: SandboxFlags) -> SandboxFlags {
    parent.with(attribute.map(SandboxFlags::parse).unwrap_or_default())
}

/// An iframe starts a navigation: its sandboxing flags become those of its
/// `sandbox` attribute as it is now (a change to the attribute takes effect
/// at the next navigation, not at one under way), with its parent
/// document's.
pub(crate) fn refresh_iframe_sandbox(state: &AgentState, frame: FrameId) {
    let (parent, element) = match state.frames.borrow().get(&frame) {
        Some(f) => (f.parent, f.element),
        None => return,
    };
    let (Some(parent), Some(element)) = (parent, element) else {
        return;
    };
    let Some(parent_flags) = state.frames.borrow().get(&parent).map(|p| p.active_sandbox) else {
        return;
    };
    let attribute = state
        .dom
        .borrow()
        .get_attribute(element, "sandbox")
        .map(str::to_string);
    let flags = iframe_sandbox(attribute.as_deref(), parent_flags);
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.sandbox = flags;
    }
}

/// The new document's agent cluster: origin-keyed if its origin's cluster
/// in the browsing context group is (it asked, with
/// `Origin-Agent-Cluster: ?1`, the first time the group saw the origin).
/// Its origin's domain: `shared`'s when the document was given an origin
/// that is another's itself (see [`SharedDomain`]), else none yet.
pub(crate) fn set_agent_cluster(
    state: &AgentState,
    frame: FrameId,
    origin: &Origin,
    requested: bool,
    shared: Option<SharedDomain>,
) {
    let group = state.browsing_context_group.get();
    let keyed = state
        .host
        .browsing_context_groups
        .key_for(group, origin, requested)
        .is_origin_keyed();
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.origin_keyed = keyed;
        f.domain = shared.unwrap_or_default();
    }
}

/// <https://w3c.github.io/webappsec-permissions-policy/#algo-create-for-navigable> ("create a Permissions Policy for a navigable"),
/// for the one policy-controlled feature isohost has, `document-domain`
/// (default allowlist `*`): the new document of `frame`, of `origin`, may
/// use it unless its parent's document may not, or its iframe's `allow`
/// attribute has a directive for it whose allowlist does not match `origin`.
pub(crate) fn apply_permissions_policy(state: &AgentState, frame: FrameId, origin: &Origin) {
    let (parent, element) = match state.frames.borrow().get(&frame) {
        Some(f) => (f.parent, f.element),
        None => return,
    };
    let allowed = match (parent, element) {
        (Some(parent), Some(element)) => {
            let (parent_allowed, container) = match state.frames.borrow().get(&parent) {
                Some(p) => (p.document_domain_allowed, p.origin.clone()),
                None => (true, origin.clone()),
            };
            let allow = state
                .dom
                .borrow()
                .get_attribute(element, "allow")
                .map(str::to_string)
                .unwrap_or_default();
            parent_allowed
                && directive_for(&allow, "document-domain")
                    .is_none_or(|list| allowlist_matches(&list, &container, origin))
        }
        _ => true,
    };
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.document_domain_allowed = allowed;
    }
}

/// <https://w3c.github.io/webappsec-permissions-policy/#algo-parse-policy-directive> ("parse policy directive"):
/// the allowlist tokens of `feature`'s directive in `policy`, if it has one.
fn directive_for<'a>(policy: &'a str, feature: &str) -> Option<Vec<&'a str>> {
    policy.split(';').find_map(|directive| {
        let mut tokens = directive.split_ascii_whitespace();
        (tokens.next()? == feature).then(|| tokens.collect())
    })
}

/// Whether an allowlist from an `allow` attribute matches `origin`, in a
/// frame whose container document is of `container`. No tokens means
/// `'src'`, which matches the frame's own document here (isohost does not
/// keep the declared origin apart from the document's).
fn allowlist_matches(tokens: &[&str], container: &Origin, origin: &Origin) -> bool {
    tokens.is_empty()
        || tokens
            .iter()
            .any(|t| match t.to_ascii_lowercase().as_str() {
                "*" | "'src'" => true,
                "'self'" => container == origin,
                "'none'" => false,
                other => url::Url::parse(other).is_ok_and(|u| Origin::of_url(&u) == *origin),
            })
}

/// The domain of the origin a document of `frame` given `origin` shares
/// with the frame's creator (its parent, else its opener), when `origin`
/// is the creator's (see [`SharedDomain`]).
pub(crate) fn creator_domain(
    state: &AgentState,
    frame: FrameId,
    origin: &Origin,
) -> Option<SharedDomain> {
    let frames = state.frames.borrow();
    let f = frames.get(&frame)?;
    let creator = frames.get(&f.parent.or(f.opener)?)?;
    (creator.origin == *origin && !origin.is_opaque()).then(|| creator.domain.clone())
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
    let (sandboxed, policy_allows, effective, keyed) = {
        let frames = state.frames.borrow();
        let Some(f) = frames.get(&frame) else {
            return Err(refuse("The document has no browsing context."));
        };
        (
            f.active_sandbox.contains(SandboxFlags::DOCUMENT_DOMAIN),
            f.document_domain_allowed,
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
    // 3. Not allowed to use the "document-domain" feature.
    if !policy_allows {
        return Err(refuse(
            "Access to 'document-domain' is disallowed by permissions policy.",
        ));
    }
    // 4. An opaque origin has no effective domain.
    let Some(effective) = effective else {
        return Err(refuse("Assignment is forbidden for the 'null' origin."));
    };
    // 5. A registrable domain suffix of, or equal to, the effective domain.
    let Some(host) = registrable_suffix_of(value, &effective) else {
        return Err(refuse(&format!(
            "'{value}' is not a suffix of '{effective}'."
        )));
    };
    // 6. An origin-keyed agent cluster ignores it.
    if keyed {
        return Ok(());
    }
    // 7. The origin's domain, and with it the token of each realm whose
    // document has this origin (not only an equal one: see SharedDomain).
    let realms: Vec<_> = {
        let frames = state.frames.borrow();
        let Some(domain) = frames.get(&frame).map(|f| f.domain.clone()) else {
            return Ok(());
        };
        *domain.borrow_mut() = Some(host);
        frames
            .values()
            .filter(|f| std::rc::Rc::ptr_eq(&f.domain, &domain))
            .filter_map(|f| Some((f.origin_domain(), f.context.as_ref()?.open(scope))))
            .collect()
    };
    for (origin_domain, ctx) in realms {
        set_security_token(scope, state, ctx, &origin_domain);
    }
    Ok(())
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin-domain> ("same origin-domain"),
/// as V8 checks it: gives `ctx` the security token of its document's
/// origin-domain (at its creation, and when document.domain changes it).
/// Two realms of an isolate share a token exactly when they are same
/// origin-domain (`OriginDomain::key`): V8 then lets them reach each other,
/// and otherwise asks the host's access check, which compares the same
/// tokens (`window_proxy::is_platform_object_same_origin`), then the
/// interceptor (`window_proxy.rs`), which serves only the cross-origin
/// members. The WindowProxy and the Location of a realm are checked alike.
pub(crate) fn set_security_token(
    scope: &HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'_, v8::Context>,
    origin_domain: &OriginDomain,
) {
    // An opaque origin's token is an object: made inside the context.
    let _cs = v8::ContextScope::new(scope, ctx);
    ctx.set_security_token(state.token_for(scope, &origin_domain.key()));
}

/// Whether frames `a` and `b` of this isolate are same origin-domain (the
/// decision `set_security_token` leaves to V8, for what Rust decides:
/// `frameElement`, `javascript:` URLs).
pub(crate) fn same_origin_domain(state: &AgentState, a: FrameId, b: FrameId) -> bool {
    let frames = state.frames.borrow();
    match (frames.get(&a), frames.get(&b)) {
        (Some(x), Some(y)) => x.origin_domain().key() == y.origin_domain().key(),
        _ => false,
    }
}
