//! Navigating browsing contexts: the one entry point every navigation goes
//! through (`location`, links, `window.open` of a named context, a
//! cross-origin `location.href = …`), the sandbox's say, fragment and
//! `javascript:` navigations, and the old document's unloading.
//!
//! <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigate> ("navigate")
//! <https://html.spec.whatwg.org/multipage/browsing-the-web.html#allowed-to-navigate> ("allowed by sandboxing to navigate")
//! <https://html.spec.whatwg.org/multipage/document-lifecycle.html#unloading-documents> ("Unloading documents")
//! <https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks-2> ("Following hyperlinks")
//!
//! A navigation keeps the WindowProxy (a new realm behind the same global
//! proxy) and never moves the browsing context to another isolate. A
//! cross-document navigation runs as a task: `beforeunload` (nobody is
//! asked: there is no user, so it never stops the navigation), the fetch,
//! then `pagehide` and `unload` in the old document and its descendants,
//! then the new document's load (`loading.rs`). Not modelled: POST,
//! redirects of documents beyond what the loader follows, downloads,
//! `rel=noreferrer`'s referrer part (there is no referrer).

use url::Url;

use super::agent::{Agent, AgentState};
use super::loading::{Source, load_document};
use super::realm::{call_hook, handle_failure};
use super::session_history::{HistoryEntry, HistoryHandling};
use crate::runtime::envelope::Envelope;
use crate::runtime::report::{ConsoleMessage, FrameId, Level};
use crate::runtime::sandbox::SandboxFlags;
use crate::v8::{self, HandleScope};

/// Who navigates, and how.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NavigateParams {
    /// The frame whose script or link started it (`None`: the host).
    pub source: Option<FrameId>,
    /// `location.replace()`, `location.reload()`: no new history entry.
    pub replace: bool,
    /// From a `Location` object: while the document has not completely
    /// loaded, it replaces ("Location-object navigate").
    pub location_object: bool,
    /// Started by a user's click (for `allow-top-navigation-by-user-activation`).
    pub user_activation: bool,
}

/// Why a navigation was refused: the source's sandbox forbids it.
#[derive(Debug)]
pub(crate) struct Refused(pub String);

/// The parent of `frame`, here or in the host's registry.
fn parent_of(state: &AgentState, frame: FrameId) -> Option<FrameId> {
    match state.frames.borrow().get(&frame) {
        Some(f) => f.parent,
        None => state.host.frame(frame).and_then(|i| i.parent),
    }
}

fn ancestors(state: &AgentState, frame: FrameId) -> Vec<FrameId> {
    std::iter::successors(parent_of(state, frame), |f| parent_of(state, *f)).collect()
}

fn top(state: &AgentState, frame: FrameId) -> FrameId {
    ancestors(state, frame).last().copied().unwrap_or(frame)
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#allowed-by-sandboxing-to-navigate> ("allowed by sandboxing to navigate"):
/// may `source` navigate `target`?
pub(crate) fn allowed_by_sandboxing(
    state: &AgentState,
    source: FrameId,
    target: FrameId,
    user_activation: bool,
) -> Result<(), Refused> {
    let Some(flags) = state.frames.borrow().get(&source).map(|f| f.active_sandbox) else {
        return Ok(());
    };
    if source == target || flags.is_empty() {
        return Ok(());
    }
    let target_ancestors = ancestors(state, target);
    // 1. Its own descendants it may navigate.
    if target_ancestors.contains(&source) {
        return Ok(());
    }
    let target_is_top = target_ancestors.is_empty();
    // 2. Its own top, as the top-level flags say.
    if target_is_top && top(state, source) == target {
        let (flag, keyword) = if user_activation {
            (
                SandboxFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION,
                "'allow-top-navigation' or 'allow-top-navigation-by-user-activation'",
            )
        } else {
            (
                SandboxFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION,
                "'allow-top-navigation'",
            )
        };
        if flags.contains(flag) {
            return Err(Refused(format!(
                "Unsafe attempt to initiate navigation for frame {target} from frame {source}. The frame attempting navigation of the top-level window is sandboxed, but the flag of {keyword} is not set."
            )));
        }
        return Ok(());
    }
    // 3. Anything else (a sibling, a parent, a popup it did not open): not
    //    with the sandboxed navigation flag. A popup it opened it may.
    let opened_by_source = target_is_top
        && state
            .host
            .frame(target)
            .is_some_and(|i| i.opener == Some(source));
    if flags.contains(SandboxFlags::NAVIGATION) && !opened_by_source {
        return Err(Refused(format!(
            "Unsafe attempt to initiate navigation for frame {target} from frame {source}. The frame attempting navigation is sandboxed, and is therefore disallowed from navigating its ancestors."
        )));
    }
    Ok(())
}

/// Logs a refused navigation as Chromium does (a console error in the
/// source frame).
pub(crate) fn report_refusal(state: &AgentState, source: FrameId, refused: &Refused) {
    state.host.console(ConsoleMessage {
        frame: source,
        level: Level::Error,
        text: refused.0.clone(),
    });
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigate> ("navigate"):
/// `target` (here, or in another isolate) to `url`. Fragment navigations
/// happen at once; `javascript:` URLs and other documents in a task. A
/// `Refused` is thrown as a SecurityError by callers that throw
/// (`location`), logged by the others (links).
pub(crate) fn navigate(
    state: &AgentState,
    target: FrameId,
    url: Url,
    params: NavigateParams,
) -> Result<(), Refused> {
    if let Some(source) = params.source {
        allowed_by_sandboxing(state, source, target, params.user_activation)?;
    }
    if !state.frames.borrow().contains_key(&target) {
        // A frame of another isolate: its agent navigates it.
        state.host.post_to_frame(
            target,
            Envelope::Navigate {
                frame: target,
                url: url.to_string(),
                replace: params.replace,
            },
        );
        return Ok(());
    }
    if url.scheme() == "javascript" {
        navigate_to_javascript(state, target, url, params.source);
        return Ok(());
    }
    let handling = {
        let frames = state.frames.borrow();
        let Some(f) = frames.get(&target) else {
            return Ok(());
        };
        let same_url_same_origin = f.url == url
            && params
                .source
                .and_then(|s| frames.get(&s))
                .is_none_or(|s| s.origin.same_origin(&f.origin));
        if params.replace
            || f.entry.is_none()
            || same_url_same_origin
            || (params.location_object && !f.load.load_fired)
        {
            HistoryHandling::Replace
        } else {
            HistoryHandling::Push
        }
    };
    // A URL that differs only by its fragment scrolls; no new document.
    // https://html.spec.whatwg.org/multipage/browsing-the-web.html#scroll-to-fragid ("navigate to a fragment")
    let fragment = state.frames.borrow().get(&target).and_then(|f| {
        (f.document.is_some() && f.entry.is_some() && same_but_fragment(&f.url, &url))
            .then(|| (f.url.clone(), f.document.map(|d| d.0).unwrap_or(0)))
    });
    if let Some((old, document)) = fragment {
        if let Some(f) = state.frames.borrow_mut().get_mut(&target) {
            f.set_url(url.clone());
        }
        state.host.with_frame(target, |i| i.url = url.to_string());
        let entry = HistoryEntry {
            url: url.clone(),
            document,
            state: None,
        };
        let handling = match handling {
            HistoryHandling::Replace if !params.replace => HistoryHandling::Push,
            h => h,
        };
        super::session_history::commit(state, target, entry, handling);
        if old != url {
            state.queue(move |agent| super::loading::fire_hashchange(agent, target, old, url));
        }
        return Ok(());
    }
    let seq = {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&target) else {
            return Ok(());
        };
        f.pending_history = handling;
        f.navigation += 1;
        f.navigation
    };
    // An iframe's sandbox attribute as it is when the navigation starts
    // holds for the document it makes.
    super::document_policies::refresh_iframe_sandbox(state, target);
    fetch_and_load(state, target, url, seq);
    Ok(())
}

/// Does `b` differ from `a` only by its fragment (and has one)?
pub(crate) fn same_but_fragment(a: &Url, b: &Url) -> bool {
    b.fragment().is_some() && {
        let (mut a, mut b) = (a.clone(), b.clone());
        a.set_fragment(None);
        b.set_fragment(None);
        a == b
    }
}

/// The navigation's task: `beforeunload`, the fetch, then the load (which
/// unloads the old document first). A newer navigation supersedes it.
///
/// A blob: URL is resolved now, for the origin that navigates: the
/// parent's for an iframe, else the frame's own (revoking the URL
/// afterwards does not stop the load).
pub(crate) fn fetch_and_load(state: &AgentState, frame: FrameId, url: Url, seq: u64) {
    let requester = {
        let frames = state.frames.borrow();
        let f = frames.get(&frame);
        f.and_then(|f| f.parent)
            .and_then(|p| frames.get(&p))
            .or(f)
            .map(|f| f.origin.clone())
    };
    let record = crate::runtime::blob_store::UrlRecord::resolve(
        &state.host.blobs,
        url.clone(),
        &requester.unwrap_or_else(crate::runtime::origin::Origin::new_opaque),
    );
    state.queue_on(super::task_queues::TaskSource::Networking, move |agent| {
        if !is_current(&agent.state, frame, seq) {
            return;
        }
        before_unload(agent, frame);
        if !is_current(&agent.state, frame, seq) {
            return;
        }
        let source = if url.scheme() == "about" && url.path() == "srcdoc" {
            srcdoc_source(&agent.state, frame, &url)
        } else {
            match agent.state.host.fetch_record(record) {
                Ok(resource) => Source::Fetched(resource),
                Err(e) => Source::Failed(url.clone(), e.to_string()),
            }
        };
        load_document(agent, frame, source, seq);
    });
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#populating-a-session-history-entry> ("populating a session history entry"):
/// about:srcdoc is only an iframe's `srcdoc` document; anywhere else the
/// navigation fails, and an error page of an opaque origin stands in.
fn srcdoc_source(state: &AgentState, frame: FrameId, url: &Url) -> Source {
    let element = state.frames.borrow().get(&frame).and_then(|f| f.element);
    let srcdoc = element.and_then(|e| {
        state
            .dom
            .borrow()
            .get_attribute(e, "srcdoc")
            .map(str::to_string)
    });
    match srcdoc {
        Some(text) => Source::Srcdoc(text),
        None => Source::Failed(
            url.clone(),
            "about:srcdoc is only the document of an iframe with a srcdoc attribute".into(),
        ),
    }
}

fn is_current(state: &AgentState, frame: FrameId, seq: u64) -> bool {
    state
        .frames
        .borrow()
        .get(&frame)
        .is_some_and(|f| f.navigation == seq && !f.closed)
}

/// The frame and its descendants here, parents before children.
fn with_descendants(state: &AgentState, frame: FrameId) -> Vec<FrameId> {
    let mut out = vec![frame];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(super::window_proxy::child_frames(state, parent));
        i += 1;
    }
    out
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#checking-if-unloading-is-canceled> ("checking if unloading is canceled"):
/// `beforeunload` at the frame and its descendants. With no user to ask
/// (and no sticky activation), a canceled event does not stop the
/// navigation.
fn before_unload(agent: &mut Agent, frame: FrameId) {
    let state = agent.state.clone();
    let frames = with_descendants(&state, frame);
    let scope = HandleScope::new(&mut agent.isolate);
    for f in frames {
        fire_lifecycle(&scope, &state, f, "beforeunload");
        scope.perform_microtask_checkpoint();
    }
}

/// <https://html.spec.whatwg.org/multipage/document-lifecycle.html#unload-a-document-and-its-descendants> ("unload a document and its descendants"):
/// before a new document replaces the frame's: `pagehide` (persisted
/// false) and `unload`, children before their parent. Nothing for a frame
/// without a realm.
pub(crate) fn unload_document_and_descendants(agent: &mut Agent, frame: FrameId) {
    let state = agent.state.clone();
    let has_document = state
        .frames
        .borrow()
        .get(&frame)
        .is_some_and(|f| f.document.is_some());
    if !has_document {
        return;
    }
    // A frame whose realm was left for later has no listener, but its
    // descendants may have realms (`loading::ensure_context`).
    let frames: Vec<FrameId> = {
        let records = state.frames.borrow();
        with_descendants(&state, frame)
            .into_iter()
            .filter(|f| records.get(f).is_some_and(|r| r.hooks.is_some()))
            .collect()
    };
    if frames.is_empty() {
        return;
    }
    let scope = HandleScope::new(&mut agent.isolate);
    for f in frames.into_iter().rev() {
        fire_lifecycle(&scope, &state, f, "pagehide");
        fire_lifecycle(&scope, &state, f, "unload");
        scope.perform_microtask_checkpoint();
    }
}

fn fire_lifecycle(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId, kind: &str) {
    let tc = v8::TryCatch::new(scope);
    let t = v8::String::new(scope, kind);
    if call_hook(scope, state, frame, "fireLifecycleEvent", &[t.into()]).is_none() {
        handle_failure(scope, state, frame, &tc);
    }
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigate-to-a-javascript:-url> ("navigate to a javascript: URL"):
/// in a task, if the source is same origin-domain with the target's
/// document: run the URL's script there; a string result becomes the new
/// document (same URL, same origin), replacing the entry.
pub(crate) fn navigate_to_javascript(
    state: &AgentState,
    target: FrameId,
    url: Url,
    source: Option<FrameId>,
) {
    if let Some(source) = source
        && source != target
        && !super::document_policies::same_origin_domain(state, source, target)
    {
        return;
    }
    state.queue_on(super::task_queues::TaskSource::Networking, move |agent| {
        let state = agent.state.clone();
        // The script is the URL after "javascript:", percent-decoded.
        let encoded = &url.as_str()["javascript:".len()..];
        let script = percent_encoding::percent_decode_str(encoded)
            .decode_utf8_lossy()
            .into_owned();
        let result = {
            let scope = HandleScope::new(&mut agent.isolate);
            super::loading::ensure_context(&scope, &state, target);
            super::realm::run_script(&scope, &state, target, &script, url.as_str(), 0)
                .filter(|v| v.is_string())
                .and_then(|v| {
                    let ctx = super::realm::context_of(&scope, &state, target)?;
                    v.to_rust_string(&scope, ctx)
                })
        };
        let Some(html) = result else {
            return;
        };
        let seq = {
            let mut frames = state.frames.borrow_mut();
            let Some(f) = frames.get_mut(&target) else {
                return;
            };
            f.pending_history = HistoryHandling::Replace;
            f.navigation += 1;
            f.navigation
        };
        let Some(doc_url) = state.frame_url(target) else {
            return;
        };
        let resource = crate::runtime::loader::Resource::ok(doc_url, "text/html", html.into());
        load_document(agent, target, Source::Generated(resource), seq);
    });
}

/// <https://html.spec.whatwg.org/multipage/document-sequences.html#the-rules-for-choosing-a-navigable> ("the rules for choosing a navigable"),
/// for an existing one: `_self`, `_parent`, `_top`, or a browsing context
/// of the group named `name` (the source's own descendants first). `None`
/// for `_blank` or a name nobody has (a new one is made).
pub(crate) fn choose_existing(state: &AgentState, source: FrameId, name: &str) -> Option<FrameId> {
    match name.to_ascii_lowercase().as_str() {
        "" | "_self" => Some(source),
        "_parent" => Some(parent_of(state, source).unwrap_or(source)),
        "_top" => Some(top(state, source)),
        "_blank" => None,
        _ => find_named(state, source, name),
    }
}

/// A live browsing context named `name` in the source's browsing context
/// group: its own descendants first, then any, by id.
fn find_named(state: &AgentState, source: FrameId, name: &str) -> Option<FrameId> {
    if let Some(own) = with_descendants(state, source)
        .into_iter()
        .skip(1)
        .find(|f| state.frames.borrow().get(f).is_some_and(|x| x.name == name))
    {
        return Some(own);
    }
    let group = state.browsing_context_group.get();
    let frames = crate::runtime::host::lock(&state.host.frames);
    frames
        .values()
        .find(|f| {
            f.kind == crate::runtime::report::FrameKind::Window
                && !f.closed
                && f.name == name
                && f.browsing_context_group == group
        })
        .map(|f| f.id)
}

/// <https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks-2> ("follow the hyperlink"):
/// an `<a>` or `<area>` with an href was activated (clicked). The target
/// is its `target` attribute (or the document's `<base target>`); `_blank`
/// and unknown names open a popup, with no opener when `rel` says
/// `noopener`/`noreferrer` or, for `_blank`, does not say `opener`.
pub(crate) fn follow_hyperlink(
    scope: &HandleScope<'_>,
    state: &AgentState,
    element: dom_lite::NodeId,
    user_activation: bool,
) {
    let (href, own_target, rel, doc) = {
        let dom = state.dom.borrow();
        (
            dom.get_attribute(element, "href").map(str::to_string),
            dom.get_attribute(element, "target").map(str::to_string),
            dom.get_attribute(element, "rel")
                .unwrap_or("")
                .to_ascii_lowercase(),
            dom.owner_document(element),
        )
    };
    let target = super::loading::element_target(state, doc, own_target);
    let Some(href) = href else {
        return;
    };
    let Some(source) = state.document_frames.borrow().get(&doc).copied() else {
        return;
    };
    // Parsed against the document's base URL (a srcdoc document's is its
    // container's); a URL that does not parse goes nowhere.
    let base = super::loading::document_base_url(state, doc);
    let Ok(url) = base.join(href.trim()) else {
        return;
    };
    let rel_has = |t: &str| rel.split_ascii_whitespace().any(|x| x == t);
    let noopener = rel_has("noopener")
        || rel_has("noreferrer")
        || (target.eq_ignore_ascii_case("_blank") && !rel_has("opener"));
    let params = NavigateParams {
        source: Some(source),
        user_activation,
        ..Default::default()
    };
    match choose_existing(state, source, target.trim()) {
        Some(existing) => {
            if let Err(refused) = navigate(state, existing, url, params) {
                report_refusal(state, source, &refused);
            }
        }
        None => {
            let name = if target.eq_ignore_ascii_case("_blank") {
                String::new()
            } else {
                target.trim().to_string()
            };
            super::browsing_context::open_auxiliary(scope, state, source, url, name, noopener);
        }
    }
}
