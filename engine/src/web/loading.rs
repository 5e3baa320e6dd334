//! Loading documents into frames: navigation, incremental parsing with
//! scripts run in document order, iframes becoming frames, and the load
//! sequence (HTML "the end"): readyState, DOMContentLoaded, each iframe's load
//! once its frame loaded, then the window's load once all subframes loaded.
//!
//! <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigating-across-documents> ("Navigating across documents")
//! <https://html.spec.whatwg.org/multipage/parsing.html#the-end> ("the end")
//!
//! Navigation itself (its entry point, unloading, `javascript:` URLs) is in
//! `navigation.rs`, session history in `session_history.rs`. Not modelled:
//! navigation by forms, redirects (fixtures are files).

use std::rc::Rc;

use dom_lite::{DocumentParser, Mutation, NodeId, ParseStep};

use super::ops::node_number;
use url::Url;

use super::agent::{Agent, AgentState};
use super::realm::{Frame, LoadState, call_hook, create_context, handle_failure, run_script};
use crate::runtime::blob_store::UrlRecord;
use crate::runtime::charset;
use crate::runtime::loader::Resource;
use crate::runtime::options::{TESTHARNESS_PATH, TESTHARNESS_REPORT_PATH};
use crate::runtime::origin::Origin;
use crate::runtime::report::{FrameId, FrameInfo, FrameKind};
use crate::v8::{self, HandleScope};

/// What a frame navigates to.
pub(crate) enum Source {
    Fetched(Resource),
    Srcdoc(String),
    Blank,
    /// The fetch failed: an empty document stands in (like an error page).
    Failed(Url, String),
    /// Markup made by the page (a `javascript:` URL's string): the
    /// frame's URL and origin stay.
    Generated(Resource),
}

/// Starts a tab: its main frame, then loading its document as the first task.
pub(crate) fn start_tab(
    agent: &mut Agent,
    main_frame: FrameId,
    resource: Resource,
    top: super::browsing_context::TopLevel,
) {
    let url = resource.url.clone();
    super::browsing_context::create_here(
        &agent.state,
        main_frame,
        &url,
        top,
        Some(Source::Fetched(resource)),
    );
}

pub(crate) fn fire_hashchange(agent: &mut Agent, frame: FrameId, old: Url, new: Url) {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    let tc = v8::TryCatch::new(&scope);
    let o = v8::String::new(&scope, old.as_str());
    let n = v8::String::new(&scope, new.as_str());
    if call_hook(
        &scope,
        &state,
        frame,
        "fireHashChange",
        &[o.into(), n.into()],
    )
    .is_none()
    {
        handle_failure(&scope, &state, frame, &tc);
    }
}

/// <https://html.spec.whatwg.org/multipage/document-sequences.html#determining-the-origin> ("determining the origin"):
/// the origin a document gets in `frame`: about:blank and srcdoc inherit
/// their creator's; a sandbox without allow-same-origin makes it opaque;
/// data: is always opaque.
fn origin_for(state: &AgentState, frame: FrameId, url: &Url, inherit: bool) -> Origin {
    let frames = state.frames.borrow();
    let f = frames.get(&frame);
    if f.is_some_and(|f| f.opaque_sandbox) {
        return Origin::new_opaque();
    }
    if inherit {
        let creator = f
            .and_then(|f| f.parent)
            .or_else(|| f.and_then(|f| f.opener));
        if let Some(o) = creator
            .and_then(|c| frames.get(&c))
            .map(|c| c.origin.clone())
        {
            return o;
        }
        if let Some(o) = creator.and_then(|c| state.host.frame(c)) {
            // The opener lives in another isolate: same origin text.
            return Url::parse(&o.origin)
                .map(|u| Origin::of_url(&u))
                .unwrap_or_else(|_| Origin::new_opaque());
        }
    }
    Origin::of_url(url)
}

/// crossOriginIsolated (issue 10): a top-level document is isolated by its
/// own COOP and COEP; a nested one shares its top's isolation when it is
/// same origin with the top and sends COEP; about:blank and srcdoc inherit
/// their parent's (see `IsolationPolicy::cross_origin_isolated`).
fn cross_origin_isolated(
    state: &AgentState,
    frame: FrameId,
    origin: &Origin,
    policy: Option<crate::runtime::serve::IsolationPolicy>,
    inherit: bool,
) -> bool {
    let frames = state.frames.borrow();
    let parent = frames.get(&frame).and_then(|f| f.parent);
    let mut top = parent;
    while let Some(p) = top.and_then(|t| frames.get(&t)).and_then(|f| f.parent) {
        top = Some(p);
    }
    let top = top.and_then(|t| frames.get(&t));
    match (policy, inherit) {
        (Some(p), _) => p.cross_origin_isolated(
            top.map(|t| (t.cross_origin_isolated, t.origin.same_origin(origin))),
        ),
        (None, true) => parent
            .and_then(|p| frames.get(&p))
            .is_some_and(|p| p.cross_origin_isolated && p.origin.same_origin(origin)),
        (None, false) => false,
    }
}

/// Makes sure a frame has a realm (Blink's `WindowProxy::InitializeIfNeeded`):
/// everything that could observe a frame's realm (hands out its
/// WindowProxy or one of its nodes, runs script in it) calls this first.
/// A frame whose navigation is still pending gets its initial about:blank
/// document (and realm) now, as when script touches `iframe.contentWindow`
/// right after inserting it; a document whose realm was left for later
/// (`defers_realm`) gets it now, as it would be had it been made with the
/// document.
pub(crate) fn ensure_context(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId) {
    let (needs_document, ready_state) = match state.frames.borrow().get(&frame) {
        Some(f) if f.context.is_none() && f.kind == FrameKind::Window && !f.closed => {
            if f.document.is_some() && f.late_realm.is_none() {
                return;
            }
            (f.document.is_none(), f.ready_state)
        }
        _ => return,
    };
    if needs_document {
        if initial_blank_document(state, frame) {
            create_context(scope, state, frame);
            set_ready_state(scope, state, frame, "complete");
        }
        return;
    }
    if create_context(scope, state, frame).is_none() {
        return;
    }
    super::session_history::restore_state(scope, state, frame);
    if ready_state != "loading" {
        set_ready_state(scope, state, frame, ready_state);
    }
}

/// Gives a frame whose navigation is pending its initial about:blank
/// document; false if the frame is gone.
fn initial_blank_document(state: &AgentState, frame: FrameId) -> bool {
    let blank = match Url::parse("about:blank") {
        Ok(u) => u,
        Err(_) => return false,
    };
    let origin = origin_for(state, frame, &blank, true);
    let domain = super::document_policies::creator_domain(state, frame, &origin);
    let doc = state.dom.borrow_mut().parse_document("");
    {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&frame) else {
            return false;
        };
        f.url = blank;
        f.origin = origin;
        f.domain = domain.unwrap_or_default();
        f.document = Some(doc);
    }
    state.document_frames.borrow_mut().insert(doc, frame);
    true
}

/// Whether `frame`'s new document may leave its realm for later: an
/// iframe's first realm (a realm already made stays: its WindowProxy may
/// be held), which `ensure_context` makes when something could observe it.
/// A top-level frame's realm is always made at once.
fn defers_realm(state: &AgentState, frame: FrameId) -> bool {
    state.frames.borrow().get(&frame).is_some_and(|f| {
        f.kind == FrameKind::Window && f.parent.is_some() && f.context.is_none() && !f.closed
    })
}

/// Whether the document has an event handler content attribute (`on*`):
/// script that the realm's event dispatch may compile and run.
fn has_event_handler_attribute(state: &AgentState, doc: NodeId) -> bool {
    let dom = state.dom.borrow();
    dom.descendants(doc).any(|node| {
        dom.attributes(node).iter().any(|a| {
            let name = a.name.local.as_bytes();
            name.len() > 2 && name[..2].eq_ignore_ascii_case(b"on")
        })
    })
}

/// Whether `frame`'s document has its realm left for later.
fn realm_is_late(state: &AgentState, frame: FrameId) -> bool {
    state
        .frames
        .borrow()
        .get(&frame)
        .is_some_and(|f| f.late_realm.is_some())
}

/// Loads a document into `frame` (a task): new document and realm, then the
/// parse with its scripts, then "the end".
pub(crate) fn load_document(agent: &mut Agent, frame: FrameId, source: Source, seq: u64) {
    let state = agent.state.clone();
    let current = state
        .frames
        .borrow()
        .get(&frame)
        .is_some_and(|f| f.navigation == seq && !f.closed);
    if !current {
        return;
    }
    // pagehide and unload in the document this one replaces.
    super::navigation::unload_document_and_descendants(agent, frame);
    // crossOriginIsolated (issue 10): the response's COOP/COEP, if fetched.
    // A blob: document has no headers: its policy container is its
    // creator's (HTML "initialize the document object"), approximated here
    // by a same-origin parent's, as for about:blank.
    let blob = matches!(&source, Source::Fetched(r) if r.url.scheme() == "blob");
    let policy = match &source {
        Source::Fetched(r) if r.url.scheme() != "about" && !blob => Some(r.isolation_policy()),
        _ => None,
    };
    let kept_origin = match &source {
        Source::Generated(_) => state.frame_origin(frame),
        _ => None,
    };
    let origin_keyed = match &source {
        Source::Fetched(r) => {
            super::document_policies::apply_sandbox(&state, frame, Some(r));
            super::browsing_context::requests_origin_keyed(r)
        }
        _ => {
            super::document_policies::apply_sandbox(&state, frame, None);
            false
        }
    };
    let (url, body, inherit) = match source {
        Source::Generated(r) => {
            let content_type = r.content_type().map(str::to_string);
            (r.url, Body::Bytes(r.body, content_type), false)
        }
        Source::Fetched(r) => {
            let inherit = r.url.scheme() == "about";
            let content_type = r.content_type().map(str::to_string);
            (r.url, Body::Bytes(r.body, content_type), inherit)
        }
        Source::Srcdoc(text) => (
            Url::parse("about:srcdoc").expect("about:srcdoc parses"),
            Body::Text(text),
            true,
        ),
        Source::Blank => (
            Url::parse("about:blank").expect("about:blank parses"),
            Body::Text(String::new()),
            true,
        ),
        Source::Failed(url, reason) => {
            state.report_error(
                frame,
                format!("Failed to load resource: {reason}"),
                url.to_string(),
                0,
                0,
            );
            let mut opaque = url.clone();
            opaque.set_fragment(None);
            (opaque, Body::Text(String::new()), false)
        }
    };
    let keeps_origin = kept_origin.is_some();
    let origin = kept_origin.unwrap_or_else(|| origin_for(&state, frame, &url, inherit));
    // A document given an origin that is another's itself shares its domain:
    // the frame's own (a `javascript:` URL's document), or its creator's.
    let shared_domain = if keeps_origin {
        state.frames.borrow().get(&frame).map(|f| f.domain.clone())
    } else if inherit {
        super::document_policies::creator_domain(&state, frame, &origin)
    } else {
        None
    };
    super::document_policies::set_agent_cluster(
        &state,
        frame,
        &origin,
        origin_keyed,
        shared_domain,
    );
    super::document_policies::apply_permissions_policy(&state, frame, &origin);
    let isolated = cross_origin_isolated(&state, frame, &origin, policy, inherit || blob);
    let base_url = fallback_base_url(&state, frame, &url);
    let (html, encoding) = match body {
        Body::Text(text) => (text, encoding_rs::UTF_8),
        Body::Bytes(bytes, content_type) => {
            let parent = parent_encoding(&state, frame, &origin);
            let sniffed = charset::sniff_html(&bytes, content_type.as_deref(), parent);
            let html = charset::decode(&bytes, sniffed.encoding);
            match late_encoding(&bytes, &html, sniffed) {
                Some(encoding) => (charset::decode(&bytes, encoding), encoding),
                None => (html, sniffed.encoding),
            }
        }
    };
    let doc = state.dom.borrow_mut().create_document();
    let old_doc = {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&frame) else {
            return;
        };
        let old = f.document.replace(doc);
        // https://html.spec.whatwg.org/multipage/document-lifecycle.html#initialise-the-document-object ("initialize the document object"):
        // the initial about:blank's Window is reused by a same-origin document.
        f.replaces_window = f.context.is_some() && !(f.entry.is_none() && f.origin == origin);
        f.url = url.clone();
        f.base_url = base_url;
        f.origin = origin;
        f.cross_origin_isolated = isolated;
        f.encoding = encoding;
        let counted = f.load.pending_children_counted;
        f.load = Default::default();
        f.load.pending_children_counted = counted;
        f.ready_state = "loading";
        f.late_realm = None;
        old
    };
    let scope = HandleScope::new(&mut agent.isolate);
    if let Some(old) = old_doc {
        state.document_frames.borrow_mut().remove(&old);
        state.open_parsers.borrow_mut().remove(&old);
        discard_children(&state, frame);
        // The old document's workers lose their owner.
        super::worker::owner_gone(&state, frame);
    }
    state.document_frames.borrow_mut().insert(doc, frame);
    state.timers.borrow_mut().clear_frame(frame);
    state.host.with_frame(frame, |i| i.url = url.to_string());

    super::session_history::commit_document(&state, frame, &url, doc.0);
    if defers_realm(&state, frame) {
        super::realm::reserve_context(&state, frame);
    } else {
        if create_context(&scope, &state, frame).is_none() {
            return;
        }
        super::session_history::restore_state(&scope, &state, frame);
    }
    let parser = DocumentParser::new(Rc::clone(&state.dom), doc, &html);
    state.parsers.borrow_mut().insert(frame, parser);
    loop {
        // Parsing is no script: the script timeout does not count it, and
        // each parser-inserted script starts a fresh allowance (a 200 MB
        // page's last script is not "an endless loop").
        state.monitor.task_ended();
        let step = state.parsers.borrow_mut().get_mut(&frame).map(|p| p.step());
        state.monitor.task_started();
        process_mutations(&scope, &state);
        match step {
            Some(ParseStep::Script(node)) => {
                if scripts_enabled(&state, frame) && realm_is_late(&state, frame) {
                    ensure_context(&scope, &state, frame);
                }
                // HTML "text" insertion mode, `</script>`: a microtask
                // checkpoint before the script runs (MutationObserver
                // records of what was parsed since are delivered first).
                scope.perform_microtask_checkpoint();
                run_parser_script(&scope, &state, frame, node);
                scope.perform_microtask_checkpoint();
            }
            _ => break,
        }
        // Navigated away, removed, or the agent is closing (out of memory).
        if state.closing.get()
            || state
                .frames
                .borrow()
                .get(&frame)
                .is_none_or(|f| f.navigation != seq || f.closed)
        {
            state.parsers.borrow_mut().remove(&frame);
            return;
        }
    }
    state.parsers.borrow_mut().remove(&frame);
    if realm_is_late(&state, frame) && has_event_handler_attribute(&state, doc) {
        ensure_context(&scope, &state, frame);
    }
    the_end(&scope, &state, frame);
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#changing-the-encoding-while-parsing> ("change the encoding"):
/// the encoding a document decoded as `html` (from `bytes`, sniffed as
/// `sniffed`) is to be decoded with again, when its parser's first
/// encoding declaration is one the prescan did not see and names another
/// encoding. Found by parsing `html` into a scratch DOM that runs no
/// script, before the real parse; see `runtime/charset.rs` for how this
/// stands in for the spec's restart.
fn late_encoding(
    bytes: &[u8],
    html: &str,
    sniffed: charset::SniffedEncoding,
) -> Option<&'static encoding_rs::Encoding> {
    if !charset::may_declare_late(bytes, sniffed) {
        return None;
    }
    let dom = Rc::new(std::cell::RefCell::new(dom_lite::Dom::new()));
    let doc = dom.borrow_mut().create_document();
    let mut parser = DocumentParser::new(Rc::clone(&dom), doc, html);
    while parser.encoding_indicator().is_none() {
        match parser.step() {
            ParseStep::Script(script) => dom.borrow_mut().set_script_already_started(script),
            ParseStep::Done | ParseStep::Waiting => break,
        }
    }
    charset::change_the_encoding(sniffed, parser.encoding_indicator()?)
}

/// What a document is made of: text (srcdoc, about:blank) or a response's
/// bytes with its Content-Type, to be decoded.
enum Body {
    Text(String),
    Bytes(bytes::Bytes, Option<String>),
}

/// HTML's encoding sniffing, step 5: the encoding of the parent's document,
/// when it is same origin with the new one.
fn parent_encoding(
    state: &AgentState,
    frame: FrameId,
    origin: &Origin,
) -> Option<&'static encoding_rs::Encoding> {
    let frames = state.frames.borrow();
    let parent = frames.get(&frame)?.parent?;
    frames
        .get(&parent)
        .filter(|p| p.origin.same_origin(origin))
        .map(|p| p.encoding)
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#the-end> ("the end"):
/// readyState interactive, deferred scripts, DOMContentLoaded; the load
/// event follows once no subframe is still loading.
fn the_end(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId) {
    set_ready_state(scope, state, frame, "interactive");
    let opened = times_opened(state, frame);
    after_parsing(scope, state, frame, opened);
}

/// How many times `document.open()` gave `frame`'s document a new parser
/// (`LoadState::opened`); `None` for a frame gone.
fn times_opened(state: &AgentState, frame: FrameId) -> Option<u32> {
    state.frames.borrow().get(&frame).map(|f| f.load.opened)
}

/// "The end" after readyState "interactive": deferred scripts,
/// DOMContentLoaded, and the load event once no subframe is loading. It
/// stops where a script (a deferred one, a listener) opened the document
/// again, or if that happened before it ran (`opened` is no longer the
/// count): the new parser's own end comes after `document.close()`.
fn after_parsing(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId, opened: Option<u32>) {
    let current = || opened.is_some() && times_opened(state, frame) == opened;
    if !current() {
        return;
    }
    let deferred = state
        .frames
        .borrow_mut()
        .get_mut(&frame)
        .map(|f| std::mem::take(&mut f.load.deferred))
        .unwrap_or_default();
    for (node, req) in deferred {
        run_script_element(scope, state, frame, node, req);
        scope.perform_microtask_checkpoint();
        if !current() {
            return;
        }
    }
    // Not in the `if let`: its scrutinee's borrow would live through the
    // listeners, which may add, remove or navigate frames.
    let doc = state.frames.borrow().get(&frame).and_then(|f| f.document);
    if let Some(doc) = doc {
        let tc = v8::TryCatch::new(scope);
        let d = v8::value::number(scope, node_number(&state.dom.borrow(), doc));
        if call_hook(scope, state, frame, "fireDOMContentLoaded", &[d]).is_none() {
            handle_failure(scope, state, frame, &tc);
        }
    }
    scope.perform_microtask_checkpoint();
    if !current() {
        return;
    }
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.load.parsed = true;
    }
    maybe_complete(state, frame);
}

/// Queues the load event when the document is parsed and no child frame is
/// still loading; not if `document.open()` gave the document a new parser
/// before it runs.
fn maybe_complete(state: &AgentState, frame: FrameId) {
    if take_ready(state, frame) {
        let opened = times_opened(state, frame);
        state.queue(move |agent| {
            if times_opened(&agent.state, frame) == opened {
                fire_load(agent, frame);
            }
        });
    }
}

/// True, once, when the frame's load event is due: its document is parsed
/// and no child frame is still loading.
fn take_ready(state: &AgentState, frame: FrameId) -> bool {
    let mut frames = state.frames.borrow_mut();
    match frames.get_mut(&frame) {
        Some(f)
            if f.load.parsed && f.load.pending_children == 0 && !f.load.load_fired && !f.closed =>
        {
            f.load.load_fired = true;
            true
        }
        _ => false,
    }
}

/// The window's load event ("the end", its last steps), then the iframe
/// element's in the parent, which may complete the parent in turn
/// (https://html.spec.whatwg.org/multipage/iframe-embed-object.html#iframe-load-event-steps,
/// "iframe load event steps").
fn fire_load(agent: &mut Agent, frame: FrameId) {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    set_ready_state(&scope, &state, frame, "complete");
    fire_at_window(&scope, &state, frame, "load");
    scope.perform_microtask_checkpoint();
    let (parent, element) = match state.frames.borrow().get(&frame) {
        Some(f) => (f.parent, f.element),
        None => return,
    };
    if let (Some(parent), Some(element)) = (parent, element) {
        let still_there = state.element_frames.borrow().get(&element) == Some(&frame);
        if still_there {
            fire_at_node(&scope, &state, parent, element, "load", false, false);
            scope.perform_microtask_checkpoint();
        }
        child_done(&state, parent, frame);
    } else if let Some(templates) = state.templates.get() {
        // A tab's page has loaded: what it compiled of the bindings is what
        // the next tabs will want.
        super::templates::harvest(&scope, templates, state.kind);
    }
}

/// A child frame finished loading (or went away): the parent may complete.
fn child_done(state: &AgentState, parent: FrameId, child: FrameId) {
    let counted = state
        .frames
        .borrow_mut()
        .get_mut(&child)
        .map(|c| std::mem::take(&mut c.load.pending_children_counted));
    if counted == Some(true)
        && let Some(p) = state.frames.borrow_mut().get_mut(&parent)
    {
        p.load.pending_children = p.load.pending_children.saturating_sub(1);
    }
    maybe_complete(state, parent);
}

fn set_ready_state(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    value: &'static str,
) {
    let doc = match state.frames.borrow_mut().get_mut(&frame) {
        Some(f) => {
            f.ready_state = value;
            f.document
        }
        None => return,
    };
    let Some(doc) = doc else {
        return;
    };
    let tc = v8::TryCatch::new(scope);
    let d = v8::value::number(scope, node_number(&state.dom.borrow(), doc));
    let v = v8::String::new(scope, value);
    if call_hook(scope, state, frame, "setReadyState", &[d, v.into()]).is_none() {
        handle_failure(scope, state, frame, &tc);
    }
}

/// Fires a simple trusted event at a node of `frame`'s realm.
pub(crate) fn fire_at_node(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    node: NodeId,
    kind: &str,
    bubbles: bool,
    cancelable: bool,
) -> bool {
    let tc = v8::TryCatch::new(scope);
    let n = v8::value::number(scope, node_number(&state.dom.borrow(), node));
    let t = v8::String::new(scope, kind);
    let b = v8::value::boolean(scope, bubbles);
    let c = v8::value::boolean(scope, cancelable);
    match call_hook(scope, state, frame, "fireAtNode", &[n, t.into(), b, c]) {
        Some(r) => r.boolean_value(scope),
        None => {
            handle_failure(scope, state, frame, &tc);
            true
        }
    }
}

fn fire_at_window(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId, kind: &str) {
    let tc = v8::TryCatch::new(scope);
    let t = v8::String::new(scope, kind);
    let f = v8::value::boolean(scope, false);
    if call_hook(scope, state, frame, "fireAtWindow", &[t.into(), f, f]).is_none() {
        handle_failure(scope, state, frame, &tc);
    }
}

// --- scripts ----------------------------------------------------------------

/// A script element as it was when prepared: what runs later is decided
/// then.
/// <https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element> ("prepare the script element")
#[derive(Debug)]
pub(crate) struct ScriptRequest {
    src: Option<String>,
    /// `src` parsed against the document, a blob: URL resolved then.
    src_record: Option<UrlRecord>,
    /// The element's `charset`, if it names an encoding (a classic
    /// script's fallback encoding, over the document's).
    charset: Option<&'static encoding_rs::Encoding>,
    is_async: bool,
    defer: bool,
    /// The inline text (empty for `src` scripts).
    text: String,
    line: u32,
    runnable: bool,
    module: bool,
}

fn script_request(state: &AgentState, node: NodeId) -> ScriptRequest {
    let dom = state.dom.borrow();
    let kind = dom
        .get_attribute(node, "type")
        .map(|t| t.trim().to_ascii_lowercase());
    let language = dom
        .get_attribute(node, "language")
        .map(|t| t.trim().to_ascii_lowercase());
    let module = kind.as_deref() == Some("module");
    let classic = match kind.as_deref() {
        None => language
            .as_deref()
            .is_none_or(|l| l.is_empty() || l.starts_with("javascript")),
        Some("") => true,
        Some(t) => is_javascript_mime(t),
    };
    let src = dom.get_attribute(node, "src").map(str::to_string);
    let charset = dom
        .get_attribute(node, "charset")
        .and_then(charset::encoding_for_label);
    drop(dom);
    let src_record = src.as_deref().and_then(|src| {
        let frame = frame_of_node(state, node)?;
        let (base, origin) = state
            .frames
            .borrow()
            .get(&frame)
            .map(|f| (f.base_url.clone(), f.origin.clone()))?;
        let url = base.join(src).ok()?;
        Some(UrlRecord::resolve(&state.host.blobs, url, &origin))
    });
    let dom = state.dom.borrow();
    ScriptRequest {
        src_record,
        charset,
        text: if src.is_none() {
            dom.child_text_content(node)
        } else {
            String::new()
        },
        src,
        is_async: dom.has_attribute(node, "async"),
        defer: dom.has_attribute(node, "defer"),
        line: dom
            .script_text_start_line(node)
            .unwrap_or(1)
            .saturating_sub(1),
        runnable: classic,
        module,
    }
}

fn is_javascript_mime(t: &str) -> bool {
    matches!(
        t,
        "text/javascript"
            | "application/javascript"
            | "application/ecmascript"
            | "application/x-ecmascript"
            | "application/x-javascript"
            | "text/ecmascript"
            | "text/javascript1.0"
            | "text/javascript1.1"
            | "text/javascript1.2"
            | "text/javascript1.3"
            | "text/javascript1.4"
            | "text/javascript1.5"
            | "text/jscript"
            | "text/livescript"
            | "text/x-ecmascript"
            | "text/x-javascript"
    )
}

fn frame_of_node(state: &AgentState, node: NodeId) -> Option<FrameId> {
    let doc = state.dom.borrow().owner_document(node);
    state.document_frames.borrow().get(&doc).copied()
}

fn scripts_enabled(state: &AgentState, frame: FrameId) -> bool {
    state
        .frames
        .borrow()
        .get(&frame)
        .is_some_and(|f| f.scripts_enabled)
}

/// A script the parser just finished: inline ones run now; `src` ones are
/// fetched and run now (parser-blocking), after parsing (`defer`), or in a
/// later task (`async`).
fn run_parser_script(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId, node: NodeId) {
    state.dom.borrow_mut().set_script_already_started(node);
    if !scripts_enabled(state, frame) {
        return;
    }
    let req = script_request(state, node);
    let defer = |req: ScriptRequest| {
        if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
            f.load.deferred.push((node, req));
        }
    };
    if req.module {
        // Module scripts are deferred (inline ones too), unless async.
        if req.is_async {
            queue_script_element(state, frame, node, req);
        } else {
            defer(req);
        }
        return;
    }
    if !req.runnable {
        return;
    }
    match &req.src {
        Some(_) if req.is_async => queue_script_element(state, frame, node, req),
        Some(_) if req.defer => defer(req),
        Some(_) => run_external_script(scope, state, frame, node, req),
        None => {
            let url = document_url(state, frame);
            execute(scope, state, frame, node, &req.text, &url, req.line);
        }
    }
}

fn document_url(state: &AgentState, frame: FrameId) -> String {
    state
        .frames
        .borrow()
        .get(&frame)
        .map(|f| f.url.to_string())
        .unwrap_or_default()
}

/// A script inserted by script (appendChild of a `<script>`): inline ones run
/// at once; external ones are fetched and run in a later task.
fn run_inserted_script(scope: &HandleScope<'_>, state: &AgentState, node: NodeId) {
    let Some(frame) = frame_of_node(state, node) else {
        return;
    };
    if state.dom.borrow().script_already_started(node) {
        return;
    }
    let req = script_request(state, node);
    if req.src.is_none() && req.text.is_empty() {
        return;
    }
    state.dom.borrow_mut().set_script_already_started(node);
    if !scripts_enabled(state, frame) || !(req.runnable || req.module) {
        return;
    }
    if req.src.is_some() || req.module {
        queue_script_element(state, frame, node, req);
    } else {
        let url = document_url(state, frame);
        execute(scope, state, frame, node, &req.text, &url, 0);
    }
}

fn queue_script_element(state: &AgentState, frame: FrameId, node: NodeId, req: ScriptRequest) {
    // The task names the element: its document may not be released first.
    state.dom.borrow_mut().pin(node);
    state.queue(move |agent| {
        let state = agent.state.clone();
        let scope = HandleScope::new(&mut agent.isolate);
        run_script_element(&scope, &state, frame, node, req);
        state.dom.borrow_mut().unpin(node);
    });
}

/// Runs a script whose turn came later than its parsing (defer, async,
/// inserted): an external classic script, or a module script.
fn run_script_element(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    node: NodeId,
    req: ScriptRequest,
) {
    if !req.module {
        run_external_script(scope, state, frame, node, req);
        return;
    }
    let Some(document) = state
        .frames
        .borrow()
        .get(&frame)
        .map(|f| f.base_url.clone())
    else {
        return;
    };
    let source = match &req.src {
        Some(src) => match document.join(src) {
            Ok(url) => super::modules::ModuleSource::Fetched(url),
            Err(e) => {
                state.report_error(
                    frame,
                    format!("Failed to load module script: bad URL '{src}' ({e})"),
                    document.to_string(),
                    0,
                    0,
                );
                fire_at_node(scope, state, frame, node, "error", false, false);
                return;
            }
        },
        None => super::modules::ModuleSource::Inline {
            text: req.text,
            document,
            line: req.line,
        },
    };
    // As for a classic script from a file: module scripts do not wipe
    // their document by writing to it.
    let doc = state.dom.borrow().owner_document(node);
    state.destructive_writes_ignored.borrow_mut().push(doc);
    let ran = super::modules::run_module_script(scope, state, frame, source);
    state.destructive_writes_ignored.borrow_mut().pop();
    if req.src.is_some() {
        fire_at_node(
            scope,
            state,
            frame,
            node,
            if ran { "load" } else { "error" },
            false,
            false,
        );
    }
}

/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#document-base-url> ("document base URL"):
/// the frozen base URL of the document's first `<base href>` (its href
/// parsed against the fallback base URL), else the fallback base URL: the
/// frame's (an iframe srcdoc document's is its container document's, an
/// about:blank document's its creator's: `loading::fallback_base_url`);
/// about:blank for a document without a browsing context.
pub(crate) fn document_base_url(state: &AgentState, doc: NodeId) -> Url {
    let frame = state.document_frames.borrow().get(&doc).copied();
    let fallback = frame
        .and_then(|f| state.frames.borrow().get(&f).map(|f| f.base_url.clone()))
        .unwrap_or_else(|| Url::parse("about:blank").expect("about:blank parses"));
    let dom = state.dom.borrow();
    let href = dom
        .descendants(doc)
        .find(|&n| dom.local_name(n) == Some("base") && dom.has_attribute(n, "href"))
        .and_then(|base| dom.get_attribute(base, "href").map(str::to_string));
    drop(dom);
    let frozen = href.and_then(|href| Url::options().base_url(Some(&fallback)).parse(&href).ok());
    // A data: or javascript: <base href> is no base URL (HTML "set the
    // frozen base URL", step 3: CSP's base-uri aside).
    frozen
        .filter(|u| u.scheme() != "data" && u.scheme() != "javascript")
        .unwrap_or(fallback)
}

/// <https://html.spec.whatwg.org/multipage/semantics.html#get-an-element's-target> ("get an element's target"):
/// `own` (a link's `target`, a form's or its submitter's), else the
/// `target` of document `doc`'s first `<base>` element with one, else "".
/// Links and forms both take it from here.
pub(crate) fn element_target(state: &AgentState, doc: NodeId, own: Option<String>) -> String {
    let target = own
        .or_else(|| {
            let dom = state.dom.borrow();
            dom.descendants(doc)
                .find(|&n| dom.local_name(n) == Some("base") && dom.has_attribute(n, "target"))
                .and_then(|n| dom.get_attribute(n, "target").map(str::to_string))
        })
        .unwrap_or_default();
    // 3. A name with a tab or newline and a "<" (dangling markup) is "_blank".
    if target.contains(['\t', '\n', '\r']) && target.contains('<') {
        "_blank".to_string()
    } else {
        target
    }
}

/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#fallback-base-url> ("fallback base URL"):
/// an iframe srcdoc document's is its container document's base URL, an
/// about:blank document's its creator's (the parent, else the opener);
/// any other document's, its URL.
fn fallback_base_url(state: &AgentState, frame: FrameId, url: &Url) -> Url {
    if url.as_str() != "about:srcdoc" && url.as_str() != "about:blank" {
        return url.clone();
    }
    let frames = state.frames.borrow();
    frames
        .get(&frame)
        .and_then(|f| f.parent.or(f.opener))
        .and_then(|creator| frames.get(&creator))
        .map_or_else(|| url.clone(), |c| c.base_url.clone())
}

/// Fetches a `<script src>` and runs it; fires load or error at the element.
/// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-script> ("fetch a classic script"):
/// decoded by its BOM, its Content-Type charset, else the element's
/// charset or the document's encoding.
fn run_external_script(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    node: NodeId,
    req: ScriptRequest,
) {
    let src = req.src.unwrap_or_default();
    let fetched = match req.src_record {
        Some(record) => state.host.fetch_record(record).map_err(|e| e.to_string()),
        None => Err(format!("bad script URL '{src}'")),
    };
    match fetched {
        Ok(resource) => {
            // The trusted test-result channel (issue 14): testharness.js
            // must have run in the test document, and only the host's own
            // report script may take the channel, while it runs.
            let test_script = if state.is_test_document(frame) {
                Some(resource.url.path())
            } else {
                None
            };
            let report = test_script == Some(TESTHARNESS_REPORT_PATH);
            if report {
                state.update_test_channel(|c| c.report_running = true);
            }
            let fallback = req.charset.unwrap_or_else(|| {
                state
                    .frames
                    .borrow()
                    .get(&frame)
                    .map_or(encoding_rs::UTF_8, |f| f.encoding)
            });
            let text =
                charset::decode_classic_script(&resource.body, resource.content_type(), fallback);
            // HTML "execute the script element", step 4: a script from a
            // file does not wipe its document by writing to it after load.
            let doc = state.dom.borrow().owner_document(node);
            state.destructive_writes_ignored.borrow_mut().push(doc);
            execute(scope, state, frame, node, &text, resource.url.as_str(), 0);
            state.destructive_writes_ignored.borrow_mut().pop();
            if report {
                state.update_test_channel(|c| c.report_running = false);
            } else if test_script == Some(TESTHARNESS_PATH) {
                state.update_test_channel(|c| c.harness_ran = true);
            }
            fire_at_node(scope, state, frame, node, "load", false, false);
        }
        Err(reason) => {
            let line = state.dom.borrow().source_line(node).unwrap_or(0);
            state.report_error(
                frame,
                format!("Failed to load script: {reason}"),
                document_url(state, frame),
                line,
                0,
            );
            fire_at_node(scope, state, frame, node, "error", false, false);
        }
    }
}

/// Runs script text for a `<script>` element, with document.currentScript
/// set (kept here, not in the realm: no call into script to set it and
/// none to restore it).
///
/// <https://html.spec.whatwg.org/multipage/scripting.html#execute-the-script-element>
/// (steps "old script element", "currentScript").
fn execute(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    node: NodeId,
    text: &str,
    url: &str,
    line: u32,
) {
    let Some(doc) = state.frames.borrow().get(&frame).and_then(|f| f.document) else {
        return;
    };
    parser_changed_dom(scope, state, frame);
    let old = state.current_scripts.borrow_mut().insert(doc, node);
    run_script(scope, state, frame, text, url, line);
    let mut current = state.current_scripts.borrow_mut();
    match old {
        Some(old) => current.insert(doc, old),
        None => current.remove(&doc),
    };
}

/// The parser changed the DOM without the bindings since they last ran:
/// their live collections (those of `frame`'s origin) must look again, if
/// there are any that looked (see `domVersion` in `js/node.js`).
fn parser_changed_dom(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId) {
    if state.dom_version_read.get() {
        let tc = v8::TryCatch::new(scope);
        if call_hook(scope, state, frame, "parserChangedDom", &[]).is_none() {
            handle_failure(scope, state, frame, &tc);
        }
    }
}

// --- iframes ----------------------------------------------------------------

/// Acts on what the DOM recorded: MutationObserver records, iframes
/// connected or removed or given a new src, scripts inserted. Called after every parse step and every DOM
/// operation that can insert or remove nodes.
pub(crate) fn process_mutations(scope: &HandleScope<'_>, state: &AgentState) {
    loop {
        // MutationObserver records first: they are queued before a script
        // inserted by the same change runs.
        super::mutation_observers::deliver(scope, state);
        // Then custom element reactions: the end of the op (or parse step)
        // is their [CEReactions] boundary.
        super::custom_elements::deliver(scope, state);
        let mutations = state.dom.borrow_mut().take_mutations();
        if mutations.is_empty() {
            return;
        }
        for m in mutations {
            match m {
                Mutation::FrameConnected(element) => attach_frame(state, element),
                Mutation::FrameDisconnected(element) => {
                    let frame = state.element_frames.borrow_mut().remove(&element);
                    if let Some(frame) = frame {
                        detach_frame(state, frame);
                    }
                }
                Mutation::FrameSrcChanged(element) => {
                    let frame = state.element_frames.borrow().get(&element).copied();
                    if let Some(frame) = frame {
                        process_iframe_attributes(state, frame, element, false);
                    }
                }
                Mutation::ScriptConnected(node) => run_inserted_script(scope, state, node),
            }
        }
    }
}

/// An `<iframe>` became connected in a document with a browsing context: it
/// gets a child frame (its realm is made lazily or by the navigation).
fn attach_frame(state: &AgentState, element: NodeId) {
    let Some(parent) = frame_of_node(state, element) else {
        return;
    };
    if state.element_frames.borrow().contains_key(&element) {
        return;
    }
    let (sandbox, name) = {
        let dom = state.dom.borrow();
        (
            dom.get_attribute(element, "sandbox").map(str::to_string),
            dom.get_attribute(element, "name").unwrap_or("").to_string(),
        )
    };
    let (parent_origin, parent_sandbox) = match state.frames.borrow().get(&parent) {
        Some(p) => (p.origin.clone(), p.active_sandbox),
        None => return,
    };
    let id = state.host.new_frame_id();
    let blank = Url::parse("about:blank").expect("about:blank parses");
    let origin = parent_origin.serialize();
    let mut frame = Frame::new(id, FrameKind::Window, blank.clone(), parent_origin);
    frame.parent = Some(parent);
    frame.element = Some(element);
    // The initial about:blank's flags: the attribute's now, with the
    // parent document's (a sandbox holds for nested frames); each later
    // navigation takes the attribute as it is then
    // (`document_policies::refresh_iframe_sandbox`).
    frame.sandbox = super::document_policies::iframe_sandbox(sandbox.as_deref(), parent_sandbox);
    frame.active_sandbox = frame.sandbox;
    frame.scripts_enabled = !frame
        .sandbox
        .contains(crate::runtime::sandbox::SandboxFlags::SCRIPTS);
    frame.opaque_sandbox = frame
        .sandbox
        .contains(crate::runtime::sandbox::SandboxFlags::ORIGIN);
    frame.name = name.clone();
    let parent_loading = state
        .frames
        .borrow()
        .get(&parent)
        .is_some_and(|p| !p.load.load_fired);
    frame.load.pending_children_counted = parent_loading;
    if parent_loading && let Some(p) = state.frames.borrow_mut().get_mut(&parent) {
        p.load.pending_children += 1;
    }
    let isolate = state.id;
    state.frames.borrow_mut().insert(id, frame);
    state.element_frames.borrow_mut().insert(element, id);
    state.host.update_frame(FrameInfo {
        id,
        url: blank.to_string(),
        origin,
        parent: Some(parent),
        isolate,
        context: 0,
        kind: FrameKind::Window,
        opener: None,
        closed: false,
        name,
        browsing_context_group: state.browsing_context_group.get(),
        placement: "an iframe: in its parent's isolate (iframes never leave their tab's isolate)"
            .into(),
    });
    process_iframe_attributes(state, id, element, true);
}

/// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#process-the-iframe-attributes> ("process the iframe attributes"):
/// srcdoc, else src, else about:blank.
fn process_iframe_attributes(state: &AgentState, frame: FrameId, element: NodeId, initial: bool) {
    let (srcdoc, src) = {
        let dom = state.dom.borrow();
        (
            dom.get_attribute(element, "srcdoc").map(str::to_string),
            dom.get_attribute(element, "src").map(str::to_string),
        )
    };
    let base = frame_of_node(state, element)
        .and_then(|p| state.frames.borrow().get(&p).map(|f| f.base_url.clone()));
    let seq = {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&frame) else {
            return;
        };
        f.navigation += 1;
        f.navigation
    };
    // The navigation starts: the sandbox attribute as it is now holds for
    // the document it makes.
    super::document_policies::refresh_iframe_sandbox(state, frame);
    if let Some(text) = srcdoc {
        state.queue(move |agent| load_document(agent, frame, Source::Srcdoc(text), seq));
        return;
    }
    let mut target = src.filter(|s| !s.trim().is_empty()).and_then(|s| {
        base.as_ref()
            .and_then(|b| b.join(s.trim()).ok())
            .or_else(|| Url::parse(s.trim()).ok())
    });
    let recursive = target.as_ref().is_some_and(|url| {
        frame_of_node(state, element).is_some_and(|parent| an_ancestor_has(state, parent, url))
    });
    if recursive {
        if !initial {
            return;
        }
        // The frame keeps its initial about:blank (which loads at once), as
        // in browsers.
        target = None;
    }
    match target {
        Some(url) if url.scheme() == "javascript" => {
            let parent = frame_of_node(state, element);
            if initial {
                complete_initial_blank(state, frame, seq);
            }
            super::navigation::navigate_to_javascript(state, frame, url, parent);
        }
        Some(url) if url.as_str() != "about:blank" => {
            super::navigation::fetch_and_load(state, frame, url, seq)
        }
        _ if initial => complete_initial_blank(state, frame, seq),
        _ => state.queue(move |agent| load_document(agent, frame, Source::Blank, seq)),
    }
}

/// Step 3 of <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#shared-attribute-processing-steps-for-iframe-and-frame-elements>
/// ("shared attribute processing steps for iframe and frame elements"):
/// whether `frame` or one of its ancestors (in any isolate) has a document
/// whose URL equals `url`, fragments excluded; such a frame is not loaded,
/// so that a page framing itself does not recurse without end.
fn an_ancestor_has(state: &AgentState, frame: FrameId, url: &Url) -> bool {
    let mut wanted = url.clone();
    wanted.set_fragment(None);
    let frames = crate::runtime::host::lock(&state.host.frames);
    let mut next = Some(frame);
    // Bounded by the number of frames, should the parent links ever cycle.
    for _ in 0..=frames.len() {
        let Some(info) = next.and_then(|id| frames.get(&id)) else {
            return false;
        };
        if Url::parse(&info.url).is_ok_and(|mut u| {
            u.set_fragment(None);
            u == wanted
        }) {
            return true;
        }
        next = info.parent;
    }
    false
}

/// The initial about:blank stays; it "loads" at once, its load event in a
/// task of its own (HTML runs the iframe load event steps right at
/// insertion), so that no timer set meanwhile comes between; unless
/// script navigated the frame since, as it could only have done after that
/// load event. Also a popup opened on about:blank.
pub(crate) fn complete_initial_blank(state: &AgentState, frame: FrameId, seq: u64) {
    state.queue(move |agent| {
        let state = agent.state.clone();
        let pending = state
            .frames
            .borrow()
            .get(&frame)
            .is_some_and(|f| f.document.is_none());
        if pending && defers_realm(&state, frame) {
            if initial_blank_document(&state, frame) {
                super::realm::reserve_context(&state, frame);
                if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
                    f.ready_state = "complete";
                }
            }
        } else if pending {
            let scope = HandleScope::new(&mut agent.isolate);
            ensure_context(&scope, &state, frame);
        }
        let current = match state.frames.borrow_mut().get_mut(&frame) {
            Some(f) if f.navigation == seq => {
                f.load.parsed = true;
                true
            }
            _ => false,
        };
        if current && take_ready(&state, frame) {
            fire_load(agent, frame);
        }
    });
}

/// A frame goes away (its iframe was removed): it and its descendants are
/// discarded, and the parent stops waiting for its load.
fn detach_frame(state: &AgentState, frame: FrameId) {
    let parent = state.frames.borrow().get(&frame).and_then(|f| f.parent);
    if let Some(parent) = parent {
        child_done(state, parent, frame);
    }
    discard(state, frame);
}

/// Discards the frames below `frame` (its document is being replaced).
fn discard_children(state: &AgentState, frame: FrameId) {
    let children: Vec<FrameId> = state
        .frames
        .borrow()
        .values()
        .filter(|f| f.parent == Some(frame))
        .map(|f| f.id)
        .collect();
    for child in children {
        discard(state, child);
    }
}

/// <https://html.spec.whatwg.org/multipage/document-sequences.html#destroy-a-child-navigable> ("destroy a child navigable"):
/// discards a frame and its descendants:
/// their timers and parsers stop and they leave the frame lists. Their
/// WindowProxies stay attached to their last realm, so that script holding
/// one still reads it, and `closed` is true (a detached V8 global proxy would
/// refuse every access, even `closed`).
fn discard(state: &AgentState, frame: FrameId) {
    discard_children(state, frame);
    let removed = state.frames.borrow_mut().remove(&frame);
    let Some(removed) = removed else {
        return;
    };
    if let Some(doc) = removed.document {
        state.document_frames.borrow_mut().remove(&doc);
    }
    state.element_frames.borrow_mut().retain(|_, f| *f != frame);
    state.timers.borrow_mut().clear_frame(frame);
    state.parsers.borrow_mut().remove(&frame);
    super::worker::owner_gone(state, frame);
    crate::runtime::host::lock(&state.host.frames).remove(&frame);
}

/// Closes a tab (window.close() on a tab opened by script).
/// <https://html.spec.whatwg.org/multipage/document-sequences.html#close-a-top-level-traversable> ("close a top-level traversable")
/// The isolate may host other top-level browsing contexts (same-site
/// popups): it ends once none is left open. pagehide and unload fire first.
pub(crate) fn close_tab(agent: &mut Agent, frame: FrameId) {
    super::navigation::unload_document_and_descendants(agent, frame);
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    discard_children(&state, frame);
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.closed = true;
    }
    state.timers.borrow_mut().clear_frame(frame);
    state.host.with_frame(frame, |i| i.closed = true);
    // Its document is gone, so are the workers it owned (a same-site popup
    // closes without its isolate ending).
    super::worker::owner_gone(&state, frame);
    // The last top-level browsing context of this agent: the agent ends,
    // and the global goes with the context. Otherwise the closed window's
    // WindowProxy stays reachable from same-isolate windows (`w.closed` is
    // true), as in browsers.
    if !super::browsing_context::any_open_top_level(&state) {
        let ctx = state
            .frames
            .borrow()
            .get(&frame)
            .and_then(|f| f.context.as_ref().map(|c| c.open(&scope)));
        if let Some(ctx) = ctx {
            ctx.detach_global();
        }
        state.closing.set(true);
    }
}

/// About what a script-created parser holds (20,000 documents opened and
/// kept: ≈35 MB more RSS than the same documents not opened), charged to
/// the tab's memory cap while it is open.
pub(crate) const OPEN_PARSER_BYTES: usize = 2 << 10;

/// A script-created parser (`document.open()`), by document, and whether
/// it is parsing now (then a script it ran is what calls `document.write`,
/// and the text waits for that parse to go on).
pub(crate) struct OpenParser {
    parser: DocumentParser,
    parsing: bool,
}

/// What `document.open()` and `document.write()` did.
pub(crate) enum Opened {
    Done,
    /// Nothing: the document's parser is running a script, or is the one
    /// loading it (document open steps 5-7).
    Ignored,
    /// An XML document cannot be opened.
    Xml,
    /// The caller's origin is not the document's (step 4).
    OtherOrigin,
}

/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#document-open-steps> ("document open steps"),
/// called from a script of frame `entry` (the entry document's). The
/// listeners and handlers erased (steps 9-10) are those of the document
/// and of its window; its nodes' are not (they leave the document at
/// once, and an event script dispatches at one of them still finds them).
/// Not modelled: the throw-on-dynamic-markup-insertion counter (custom
/// element constructors), the unload counter, and stopping a navigation
/// under way (step 8).
pub(crate) fn document_open(
    scope: &HandleScope<'_>,
    state: &AgentState,
    doc: NodeId,
    entry: FrameId,
) -> Opened {
    // 1.
    if !state.dom.borrow().is_html_document(doc) {
        return Opened::Xml;
    }
    let frame = state.document_frames.borrow().get(&doc).copied();
    // 3-4. The entry document's origin must be the document's (not only
    //      same origin-domain: <https://github.com/whatwg/html/issues/2282>).
    //      A document without a browsing context has its maker's origin,
    //      taken as the caller's.
    if let Some(frame) = frame {
        let same = match (state.frame_origin(entry), state.frame_origin(frame)) {
            (Some(a), Some(b)) => a.same_origin(&b),
            _ => false,
        };
        if !same {
            return Opened::OtherOrigin;
        }
    }
    // 5-7. Its own parser is running a script (the loading one, or a
    //      script-created one).
    let loading = frame.is_some_and(|f| state.parsers.borrow().contains_key(&f));
    let parsing = state
        .open_parsers
        .borrow()
        .get(&doc)
        .is_some_and(|p| p.parsing);
    if loading || parsing {
        return Opened::Ignored;
    }
    // 3. The entry document's URL (step 12), read before step 11 may
    //    remove the entry document's own frame (a child frame's script
    //    opening its parent's document).
    let entry_url = state.frame_url(entry);
    // 9-10. Listeners and handlers, in the realm that holds them.
    let realm = frame.unwrap_or(entry);
    let tc = v8::TryCatch::new(scope);
    let d = v8::value::number(scope, node_number(&state.dom.borrow(), doc));
    let window = v8::value::boolean(scope, frame.is_some());
    if call_hook(
        scope,
        state,
        realm,
        "eraseListenersAndHandlers",
        &[d, window],
    )
    .is_none()
    {
        handle_failure(scope, state, realm, &tc);
    }
    drop(tc);
    // The load event comes again once the new parser ends, not for the
    // document as it was (however far its end had gone).
    if let Some(frame) = frame
        && let Some(f) = state.frames.borrow_mut().get_mut(&frame)
    {
        f.load = LoadState {
            pending_children_counted: f.load.pending_children_counted,
            opened: f.load.opened.wrapping_add(1),
            ..LoadState::default()
        };
    }
    // 11. Replace all with null; 15. no-quirks mode.
    {
        let mut dom = state.dom.borrow_mut();
        dom.remove_all_children(doc);
        dom.set_quirks_mode(doc, dom_lite::QuirksMode::NoQuirks);
    }
    // Its iframes went with it, before any listener runs.
    process_mutations(scope, state);
    parser_changed_dom(scope, state, entry);
    if let Some(frame) = frame {
        // 12. The document takes the entry document's URL (its fragment
        //     too when it is that document), replacing its history entry.
        let url = entry_url.map(|mut url| {
            if entry != frame {
                url.set_fragment(None);
            }
            url
        });
        let base_url = url.as_ref().map(|url| fallback_base_url(state, frame, url));
        let mut frames = state.frames.borrow_mut();
        if let (Some(url), Some(base_url), Some(f)) = (url, base_url, frames.get_mut(&frame)) {
            f.base_url = base_url;
            f.url = url.clone();
            let entry = f.entry.clone();
            drop(frames);
            state.host.with_frame(frame, |i| i.url = url.to_string());
            if let Some(mut entry) = entry {
                entry.url = url;
                super::session_history::commit(
                    state,
                    frame,
                    entry,
                    super::session_history::HistoryHandling::Replace,
                );
            }
        }
    }
    // 16-17. A script-created parser, its input empty.
    let parser = DocumentParser::script_created(Rc::clone(&state.dom), doc);
    state.open_parsers.borrow_mut().insert(
        doc,
        OpenParser {
            parser,
            parsing: false,
        },
    );
    // 18.
    if let Some(frame) = frame {
        set_ready_state(scope, state, frame, "loading");
    }
    Opened::Done
}

/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#document-write-steps> ("document write steps"),
/// from a script of frame `entry`: while the document loads, the markup
/// goes in at the parser's cursor; into a script-created parser, it is
/// parsed now (its scripts run), unless a script that parser runs is the
/// writer; after the document was parsed, the write opens the document
/// first (step 5), which empties it, unless an external or module script
/// is running (its ignore-destructive-writes counter).
pub(crate) fn document_write(
    scope: &HandleScope<'_>,
    state: &AgentState,
    doc: NodeId,
    entry: FrameId,
    html: &str,
) -> Opened {
    let frame = state.document_frames.borrow().get(&doc).copied();
    if let Some(frame) = frame
        && let Some(parser) = state.parsers.borrow_mut().get_mut(&frame)
    {
        parser.insert_at_cursor(html);
        return Opened::Done;
    }
    if !state.open_parsers.borrow().contains_key(&doc) {
        if state.destructive_writes_ignored.borrow().contains(&doc) {
            return Opened::Ignored;
        }
        match document_open(scope, state, doc, entry) {
            Opened::Done => {}
            other => return other,
        }
    }
    match state.open_parsers.borrow_mut().get_mut(&doc) {
        Some(open) => open.parser.insert_at_cursor(html),
        None => return Opened::Ignored,
    }
    run_open_parser(scope, state, doc, entry);
    Opened::Done
}

/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-document-close> ("document.close()"):
/// the end of file goes after what was written and the parser runs to it,
/// then "the end" (readyState, DOMContentLoaded, load). Nothing without a
/// script-created parser. (Its InvalidStateError checks are the bindings'.)
pub(crate) fn document_close(
    scope: &HandleScope<'_>,
    state: &AgentState,
    doc: NodeId,
    entry: FrameId,
) {
    match state.open_parsers.borrow_mut().get_mut(&doc) {
        Some(open) => open.parser.close(),
        None => return,
    }
    run_open_parser(scope, state, doc, entry);
}

/// Runs document `doc`'s script-created parser until it waits for more
/// input or ends, running the scripts it finishes (in the document's
/// frame, if scripting is enabled there). Not while it already runs: the
/// script that wrote is one of its own, and its text is parsed when that
/// script returns. The live collections of the writer's origin (`entry`'s)
/// look again after.
fn run_open_parser(scope: &HandleScope<'_>, state: &AgentState, doc: NodeId, entry: FrameId) {
    match state.open_parsers.borrow_mut().get_mut(&doc) {
        Some(open) if !open.parsing => open.parsing = true,
        _ => return,
    }
    let frame = state.document_frames.borrow().get(&doc).copied();
    loop {
        let step = state
            .open_parsers
            .borrow_mut()
            .get_mut(&doc)
            .map(|open| open.parser.step());
        process_mutations(scope, state);
        match step {
            Some(ParseStep::Script(node)) => match frame {
                Some(frame) => run_parser_script(scope, state, frame, node),
                None => state.dom.borrow_mut().set_script_already_started(node),
            },
            Some(ParseStep::Done) => {
                state.open_parsers.borrow_mut().remove(&doc);
                parser_changed_dom(scope, state, entry);
                if let Some(frame) = frame {
                    // "The end": readyState now; the rest in a task.
                    set_ready_state(scope, state, frame, "interactive");
                    let opened = times_opened(state, frame);
                    state.queue_on(
                        super::task_queues::TaskSource::DomManipulation,
                        move |agent| {
                            let state = agent.state.clone();
                            let scope = HandleScope::new(&mut agent.isolate);
                            after_parsing(&scope, &state, frame, opened);
                        },
                    );
                }
                return;
            }
            // Waiting for more, or opened again by a script it ran.
            Some(ParseStep::Waiting) | None => break,
        }
        if state.closing.get() {
            break;
        }
    }
    if let Some(open) = state.open_parsers.borrow_mut().get_mut(&doc) {
        open.parsing = false;
    }
    parser_changed_dom(scope, state, entry);
}
