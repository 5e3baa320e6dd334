//! Top-level browsing contexts: a tab's first, and the popups
//! (`window.open`, links to `_blank` or a new name) its pages open, made in
//! the isolate their agent cluster says.
//!
//! <https://html.spec.whatwg.org/multipage/document-sequences.html#creating-a-new-auxiliary-browsing-context> ("create a new auxiliary browsing context")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#window-open-steps> ("window open steps")
//!
//! The rule (`runtime/browsing_context_groups.rs`): a popup whose site
//! (origin, for `Origin-Agent-Cluster: ?1`) is one its browsing context
//! group already has lives in that cluster's isolate, so a same-site popup
//! shares its opener's isolate and event loop, and same-origin opener and
//! popup reach each other directly; a popup of another site gets an isolate
//! of its own, reached through remote proxies. `noopener` starts a new
//! group in a new isolate. An about:blank popup is its opener's origin,
//! always in the opener's isolate.

use url::Url;

use super::agent::AgentState;
use super::loading::Source;
use super::realm::Frame;
use crate::runtime::envelope::{Envelope, NewBrowsingContext};
use crate::runtime::loader::Resource;
use crate::runtime::origin::Origin;
use crate::runtime::report::{ConsoleMessage, FrameId, FrameInfo, FrameKind, Level};
use crate::runtime::sandbox::SandboxFlags;
use crate::runtime::site::ClusterKey;
use crate::v8::HandleScope;

/// What a new top-level browsing context starts with.
#[derive(Debug, Clone, Default)]
pub(crate) struct TopLevel {
    pub opener: Option<FrameId>,
    pub name: String,
    /// Its sandboxing flags (a sandboxed opener's, unless the popup may
    /// escape the sandbox).
    pub sandbox: SandboxFlags,
    /// Why it lives in the isolate it does, for the inspector.
    pub placement: String,
}

/// Makes top-level browsing context `frame` in this agent and starts its
/// load: `source`, or, for `None`, the initial about:blank, which stays
/// (so that what the opener writes into it right away is kept) and fires
/// its load event in a task.
pub(crate) fn create_here(
    state: &AgentState,
    frame: FrameId,
    url: &Url,
    top: TopLevel,
    source: Option<Source>,
) {
    let origin = Origin::of_url(url);
    let mut f = Frame::new(frame, FrameKind::Window, url.clone(), origin.clone());
    f.opener = top.opener;
    f.name = top.name.clone();
    f.sandbox = top.sandbox;
    // The initial about:blank inherits its opener's policy container, and
    // with it the CSP sandbox (even when the popup escapes the sandbox
    // attribute's flags).
    f.csp_sandbox = top
        .opener
        .and_then(|o| state.frames.borrow().get(&o).map(|o| o.csp_sandbox))
        .unwrap_or_default();
    f.active_sandbox = top.sandbox.with(f.csp_sandbox);
    f.scripts_enabled = !f.active_sandbox.contains(SandboxFlags::SCRIPTS);
    f.opaque_sandbox = f.active_sandbox.contains(SandboxFlags::ORIGIN);
    f.navigation = 1;
    state.frames.borrow_mut().insert(frame, f);
    let group = state.browsing_context_group.get();
    let isolate = state.id;
    let registered = state.host.frame(frame).is_some();
    if registered {
        state.host.with_frame(frame, |i| {
            i.isolate = isolate;
            i.name = top.name.clone();
            i.browsing_context_group = group;
            i.placement = top.placement.clone();
        });
    } else {
        state.host.update_frame(FrameInfo {
            id: frame,
            url: url.to_string(),
            origin: origin.serialize(),
            parent: None,
            isolate,
            context: 0,
            kind: FrameKind::Window,
            opener: top.opener,
            closed: false,
            name: top.name,
            browsing_context_group: group,
            placement: top.placement,
        });
    }
    match source {
        Some(source) => state.queue_on(super::task_queues::TaskSource::Networking, move |agent| {
            super::loading::load_document(agent, frame, source, 1);
        }),
        None => super::loading::complete_initial_blank(state, frame, 1),
    }
}

/// The new browsing context's origin, for choosing its agent cluster: an
/// opaque one when its sandbox takes the origin away.
fn popup_origin(url: &Url, sandbox: SandboxFlags) -> Origin {
    if sandbox.contains(SandboxFlags::ORIGIN) {
        Origin::new_opaque()
    } else {
        Origin::of_url(url)
    }
}

/// <https://html.spec.whatwg.org/multipage/document-sequences.html#creating-a-new-auxiliary-browsing-context> ("create a new auxiliary browsing context"),
/// opened by `source` at `url`, named `name`: in this isolate, in the
/// isolate of its agent cluster, or in a new one. Its frame id, or `None`
/// when the source's sandbox forbids popups or `noopener` hides it.
pub(crate) fn open_auxiliary(
    _scope: &HandleScope<'_>,
    state: &AgentState,
    source: FrameId,
    url: Url,
    name: String,
    noopener: bool,
) -> Option<FrameId> {
    let flags = state
        .frames
        .borrow()
        .get(&source)
        .map(|f| f.active_sandbox)
        .unwrap_or_default();
    // https://html.spec.whatwg.org/multipage/document-sequences.html#the-rules-for-choosing-a-navigable
    // ("the rules for choosing a navigable"): a sandbox without allow-popups opens none.
    if flags.contains(SandboxFlags::AUXILIARY_NAVIGATION) {
        state.host.console(ConsoleMessage {
            frame: source,
            level: Level::Error,
            text: format!(
                "Blocked opening '{url}' in a new window because the request was made in a sandboxed frame whose 'allow-popups' permission is not set."
            ),
        });
        return None;
    }
    let sandbox = if flags.contains(SandboxFlags::PROPAGATES_TO_AUXILIARY) {
        flags
    } else {
        SandboxFlags::NONE
    };
    let groups = &state.host.browsing_context_groups;
    let group = if noopener {
        groups.create()
    } else {
        state.browsing_context_group.get()
    };
    let opener = (!noopener).then_some(source);
    let blank = url.scheme() == "about" && url.path() == "blank";
    if blank && !noopener {
        // The opener's origin (HTML "determining the origin"): its isolate.
        let frame = state.host.new_frame_id();
        copy_session_storage(state, source, frame);
        let top = TopLevel {
            opener,
            name,
            sandbox,
            placement: "an about:blank popup: its opener's origin, in its opener's isolate".into(),
        };
        create_here(state, frame, &url, top, None);
        return Some(frame);
    }
    let resource = if blank {
        Ok(Resource::ok(url.clone(), "text/html", "".into()))
    } else {
        // A blob: URL is the opener's if its origin created it.
        let requester = state
            .frame_origin(source)
            .unwrap_or_else(crate::runtime::origin::Origin::new_opaque);
        state.host.fetch(&url, &requester)
    };
    let (final_url, origin_keyed) = match &resource {
        Ok(r) => (r.url.clone(), requests_origin_keyed(r)),
        Err(_) => (url.clone(), false),
    };
    let key = groups.key_for(group, &popup_origin(&final_url, sandbox), origin_keyed);
    let host_agent = if noopener {
        None
    } else {
        groups.agent_for(group, &key)
    };
    let opener_key = state.cluster.borrow().clone();
    let placement = placement_of(noopener, &key, host_agent, state.id, opener_key.as_ref());
    let top = TopLevel {
        opener,
        name: name.clone(),
        sandbox,
        placement,
    };
    let source_of = |r: Result<Resource, crate::error::Error>| match r {
        Ok(r) => Source::Fetched(r),
        Err(e) => Source::Failed(url.clone(), e.to_string()),
    };
    match host_agent {
        Some(agent) if agent == state.id => {
            let frame = state.host.new_frame_id();
            copy_session_storage(state, source, frame);
            create_here(state, frame, &final_url, top, Some(source_of(resource)));
            Some(frame)
        }
        Some(agent) => {
            // Another isolate of the group hosts that cluster: it makes the
            // context; the id is known now, so a remote proxy stands for it.
            let frame = state.host.new_frame_id();
            copy_session_storage(state, source, frame);
            state.host.update_frame(FrameInfo {
                id: frame,
                url: final_url.to_string(),
                origin: Origin::of_url(&final_url).serialize(),
                parent: None,
                isolate: agent,
                context: 0,
                kind: FrameKind::Window,
                opener,
                closed: false,
                name,
                browsing_context_group: group,
                placement: top.placement.clone(),
            });
            let (resource, failure) = match resource {
                Ok(r) => (Some(r), None),
                Err(e) => (None, Some(e.to_string())),
            };
            state.host.scheduler.post(
                agent,
                Envelope::CreateBrowsingContext(Box::new(NewBrowsingContext {
                    frame,
                    url: url.to_string(),
                    resource,
                    failure,
                    opener,
                    name: top.name,
                    sandbox: top.sandbox,
                })),
            );
            (!noopener).then_some(frame)
        }
        None => {
            let resource = match resource {
                Ok(r) => r,
                Err(e) => {
                    state.report_error(
                        source,
                        format!("Failed to load resource: {e}"),
                        url.to_string(),
                        0,
                        0,
                    );
                    Resource::ok(url.clone(), "text/html", "".into())
                }
            };
            let tab = super::tab::NewTab {
                clock_group: state.group,
                browsing_context_group: group,
                cluster: key,
                top,
            };
            match super::tab::open(&state.host, resource, tab) {
                Ok((_, frame)) => (!noopener).then_some(frame),
                Err(e) => {
                    state.report_error(source, format!("window.open: {e}"), url.to_string(), 0, 0);
                    None
                }
            }
        }
    }
}

/// A popup opened by `source` (with an opener) starts with a copy of the
/// session storage of `source`'s top-level browsing context, taken now
/// (HTML "copy session storage"; a new tab's is copied in `reserve_tab`).
fn copy_session_storage(state: &AgentState, source: FrameId, popup: FrameId) {
    let host = &state.host;
    host.storage.copy_session(host.top_level(source), popup);
}

/// The response asked for an origin-keyed agent cluster
/// (<https://html.spec.whatwg.org/multipage/browsers.html#origin-keyed-agent-clusters>):
/// `Origin-Agent-Cluster: ?1` (a structured-header boolean).
pub(crate) fn requests_origin_keyed(resource: &Resource) -> bool {
    resource
        .header("Origin-Agent-Cluster")
        .is_some_and(|v| v.trim() == "?1")
}

/// Why a popup lives where it does, in a sentence.
fn placement_of(
    noopener: bool,
    key: &ClusterKey,
    host_agent: Option<u32>,
    here: u32,
    opener_key: Option<&ClusterKey>,
) -> String {
    let what = key.describe();
    match host_agent {
        _ if noopener => format!(
            "a popup opened with noopener: a new browsing context group, and an isolate of its own ({what})"
        ),
        Some(a) if a == here && opener_key == Some(key) => {
            format!("a popup of its opener's agent cluster ({what}): in its opener's isolate")
        }
        Some(a) => format!(
            "a popup of agent cluster {what}, which isolate {a} of its browsing context group hosts"
        ),
        None => format!(
            "a popup of another agent cluster ({what}) than its opener's: an isolate of its own (site isolation)"
        ),
    }
}

/// Another isolate of the group asked this one to make a popup of this
/// isolate's agent cluster (`Envelope::CreateBrowsingContext`).
pub(crate) fn create_requested(state: &AgentState, request: NewBrowsingContext) {
    let Ok(url) = Url::parse(&request.url) else {
        return;
    };
    let placement = state
        .host
        .frame(request.frame)
        .map(|i| i.placement)
        .unwrap_or_default();
    let top = TopLevel {
        opener: request.opener,
        name: request.name,
        sandbox: request.sandbox,
        placement,
    };
    let (doc_url, source) = match (request.resource, request.failure) {
        (Some(r), _) => (r.url.clone(), Source::Fetched(r)),
        (None, reason) => (url.clone(), Source::Failed(url, reason.unwrap_or_default())),
    };
    create_here(state, request.frame, &doc_url, top, Some(source));
}

/// Whether this agent still has an open top-level browsing context (it
/// ends once a popup's close leaves none: `loading::close_tab`).
pub(crate) fn any_open_top_level(state: &AgentState) -> bool {
    state
        .frames
        .borrow()
        .values()
        .any(|f| f.parent.is_none() && f.kind == FrameKind::Window && !f.closed)
}
