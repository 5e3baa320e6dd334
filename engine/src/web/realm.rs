//! Frames and their realms: making a frame's V8 context (with its security
//! token and bindings), running script in it, and reporting what it throws.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#realms-settings-objects-global-objects> ("Realms, settings objects, and global objects")
//!
//! What a realm costs (issue 15: an extra same-origin frame ≤ 250 KiB).
//! An extra frame whose document runs `document.title = "ran"` costs 330.0
//! KiB of V8 heap (`compare-isohost frames-script 20`), a bare V8 context
//! ≈137 KiB of it. A frame whose document runs no script costs ≈2 KiB: its
//! realm is made when something first needs it ([`LateRealm`]). Where it
//! goes, from heap snapshots of a tab with 20 such frames and one with
//! none (`ISOHOST_HEAP_SNAPSHOT_DIR=dir isohost inspect --format json 'http://bench.test/frames.html?n=20&child=script.html'`,
//! then `node benches/compare/heap-diff.mjs` of the two snapshots and 20:
//! objects by type and name, functions by script position, per frame):
//! - the bindings' functions: 1,344 per realm, 80.2 KiB (≈61 B each),
//!   plus one `FeedbackCell` per creation site (≈700, 16.4 KiB), their
//!   closure contexts (261, 15.5 KiB) and, for accessors, an
//!   `AccessorPair` each (527, 12.4 KiB). The event handler IDL
//!   attributes alone are 576 of the functions (Window's 106, Document's
//!   and HTMLElement's 91 each, a getter and a setter per name) with their
//!   106 per-name contexts: ≈50 KiB with their pairs and property entries.
//!   Then Window's own members (100 functions), Node and Document (63
//!   each), webidl.js (49), HTMLElement (42), Element (41), Event (36),
//!   Location (28), each file's top-level helpers;
//! - the global's properties: 415 `PropertyCell`s (16.2 KiB) and its
//!   dictionary;
//! - V8's own per context: the template instantiation caches (a 1,024-slot
//!   array and a 256-entry dictionary, 16.4 KiB, allocated full by V8's
//!   bootstrapper and not reachable through the API), the builtins'
//!   ≈760 functions, maps and descriptor arrays (most of the bare 137 KiB).
//!
//! The floor, and why 250 KiB is out of reach without trading another
//! target (measured 2026-12-03 at `9bfac84`; `ISOHOST_V8_FLAGS=
//! --serialization-statistics` prints what each snapshot context holds).
//! V8's part is fixed: the default context deserializes to 125.2 KiB, and
//! V8 makes `WebAssembly` in every new context, outside the snapshot (27
//! function templates, their functions and maps: 11.8 KiB a realm, the
//! difference `--no-expose-wasm --no-validate-asm` makes; not lazy, and no
//! API adds it later). The bindings' realm deserializes to 314.8 KiB:
//! 2,003 functions (116.7 KiB, ≈1,350 of them the bindings'), 226
//! descriptor arrays (45.8), 330 maps (23.2), 732 feedback cells (17.2),
//! 413 property cells of the global (16.1), 513 accessor pairs (12.0),
//! V8's two template caches (16.2), 255 closure contexts (15.4). Of the
//! bindings' functions 778 are accessors (576 of them event handlers'),
//! 335 methods and constructors, 219 helpers only the bindings call. What
//! `document.title = "ran"` needs eagerly (the global's members and event
//! handlers, Document, Node, EventTarget, and the global's ≈415 property
//! cells and dictionary) is ≈90 KiB with their descriptors, pairs and
//! cells: with V8's 137 KiB, ≈230 KiB before a single helper, hook,
//! closure context or map of the set-up. So 250 KiB needs the accessors'
//! functions made on first read, which V8 does only for accessor pairs
//! instantiated from templates (prototypes made by `ObjectTemplate`s, with
//! a `FunctionTemplate` per interface, name and direction in the
//! snapshot's isolate part: ≈2 k instructions of every `Isolate::New` each,
//! which sets back to back's pace, already at 1.49–1.55× of its 1.5×
//! target), or every other eager interface made on first use (HTMLElement,
//! Element, Event, Location, DOMException...: ≈35 KiB, paid back in CPU by
//! every page that touches an element, see below), and even that leaves
//! ≈295 KiB. Nor is `Isolate::New` cheaper for shorter internal names:
//! the bindings with their 118 primordials renamed `$0`… (tried, not
//! kept) made it 7.179 → 7.168 M; a new name is a new string too.
//!
//! For scale (`benches/compare/run.sh --only frames-script`, 2026-12-04):
//! Chromium 148's extra frame running the same script costs 337 KiB of V8
//! heap, with pointer compression (4-byte fields where this libnode has 8),
//! and 1.5 MiB of PSS against isohost's 369 KiB; jsdom's 1.1 MiB of heap;
//! happy-dom's 278 KiB, but its frames share their parent's interface
//! objects (no realm of their own).
//!
//! So a realm is mostly functions, and a function the realm does not make
//! is one made later, at run time, by the page that needs it. Tried:
//! - HTMLElement made on first use (a lazy global at its place; every
//!   element interface extends it): 337.4 → 320.1 KiB per script frame,
//!   but a page that touches an element makes it at run time: 13.03 →
//!   15.99 M instructions per small page (`pages-live` 25 less 5, ÷ 20,
//!   callgrind), 15.12 M once the prototype was made a dictionary before
//!   its ~120 members went on (V8 adds a property to a fast prototype by
//!   copying its descriptors: quadratic, 0.65 M a page). What is left,
//!   ≈2.1 M a page, is making the 182 accessors at run time (an object
//!   literal with computed accessor names and a defineProperty each), and
//!   the collector marking what that made. Reverted.
//! - Not tried, for the next engineer: the event handler accessors as API
//!   accessor pairs (`Template::SetAccessorProperty` with a
//!   `FunctionTemplate` per interface, name and direction: V8 keeps the
//!   template in the pair and makes the function on first read), ≈50 KiB a
//!   realm; but the 576 templates would be in every isolate's snapshot:
//!   576 function templates added to the tab snapshot as isolate data (no
//!   names) made `Isolate::New` 7.26 → 8.56 M instructions (`valgrind
//!   --tool=callgrind --toggle-collect=v8__Isolate__New compare-isohost
//!   open-idle 40`, ÷ 41 isolates), and a tab back to back goes at the
//!   pace of `Isolate::New` (spare.rs). The getters would call into JS through
//!   Rust, and the global's would come before `console` in its property
//!   order (the global template's properties are installed right after
//!   V8's own globals; `lazy-interfaces-look-eager.html` checks that order).
//!
//! Maps and dictionaries (337.1 → 329.8 KiB per script frame, no more CPU:
//! `pages-live` 25 under callgrind 771.9 → 764.6 M instructions, 12.9–13.4
//! → 13.0–13.1 M per page; `Isolate::New` 7.139 → 7.151 M, the set-up's
//! few more names and functions). What a realm deserializes is what the
//! set-up left, shape included (found in the snapshots above by grouping
//! `properties` edges by owner and walking maps' `back_pointer`s):
//! - A prototype was a dictionary (V8 makes an object one when it becomes
//!   a prototype, fast again on the first lookup through it that has
//!   feedback): Element.prototype 3.1 KiB, Event.prototype 1.6 KiB,
//!   EventTarget's, Location's, the `hooks` object. `webidl.js`'s
//!   `readConstructor` ends the set-up with a named load, from a function
//!   warmed to have feedback, through every eager interface's prototype
//!   and constructor, which V8 answers by making each prototype of the
//!   chain fast with a map of its own (`JSObject::MakePrototypesFast`):
//!   337.1 → 333.4 KiB. A for-in does the same but left every prototype
//!   of the chains an enum cache (4.1 KiB: 338.1 KiB); a keyed load
//!   reads a dictionary without asking the runtime (335.3 KiB). A page
//!   touching an element no longer makes Element.prototype fast at run time.
//!   Each object so made keeps a `PrototypeInfo` (56 B, 23 a realm).
//! - An object built one property at a time, or an object literal, is fast
//!   along a chain of maps (one per property, each kept by the next:
//!   ≈72 B each, 63 a realm). The same load on an object made a
//!   prototype leaves it one map without back pointer (`keepFast`: the
//!   hook objects, mixins and tables, 31 maps less; the ops object, 24:
//!   1.7 KiB, and no more CPU though each op a realm reads later now copies
//!   its descriptors, `pages-live` 25 764.3 M with it, 764.8–765.1 M without).
//!   The realm's info, a Rust-made object (6 maps made at every realm's
//!   start), is now `startRealm`'s arguments stored in a dictionary the
//!   set-up made (smaller than fast for 5 fields); Location's 15 members
//!   go into a dictionary (two properties added and deleted first).
//!   333.4 → 329.8 KiB.
//! - Tried: the WeakMaps of `lazyState` (classList, childNodes, dataset,
//!   style...: 8, ≈136 B each empty) made on the first state of their
//!   kind, from an array of slots: 329.8 → 329.4 KiB, but `pages-live` 25
//!   764.6 → 772.4 M instructions (13.0 → 13.3–13.4 M per page; made at
//!   run time, a WeakMap's table is young and the scavenger treats
//!   ephemeron tables apart, a guess not measured), `Isolate::New` +7 k.
//!   Reverted.
//! - Left: ≈30 chain maps of small literals (under three properties each,
//!   where a `PrototypeInfo`, 56 B, costs what the chain does); the other
//!   empty WeakMaps made at the set-up; 59 primordials
//!   that are bound functions (`uncurryThis`, 2.8 KiB); the replaceable
//!   attributes' 26 setters and the DOM-changing ops' 15 wrappers, each a
//!   function and a context of its own.

use std::collections::HashMap;

use super::ops::node_number;
use dom_lite::NodeId;
use url::Url;

use super::agent::{Agent, AgentState};
use crate::error::{ErrorKind, Result};
use crate::runtime::origin::Origin;
use crate::runtime::report::{FrameId, FrameKind};
use crate::runtime::sandbox::SandboxFlags;
use crate::runtime::site::OriginDomain;
use crate::v8::{self, Global, HandleScope, Local};

/// How a frame's document is loading (HTML "the end" bookkeeping).
#[derive(Debug, Default)]
pub(crate) struct LoadState {
    /// The parser reached the end of the document.
    pub parsed: bool,
    /// Child frames whose load event has not fired yet.
    pub pending_children: u32,
    /// The window's load event was fired.
    pub load_fired: bool,
    /// `<script defer src>` and module scripts waiting for the end of
    /// parsing, as they were prepared.
    pub deferred: Vec<(NodeId, super::loading::ScriptRequest)>,
    /// This frame is among its parent's `pending_children`.
    pub pending_children_counted: bool,
    /// How many times `document.open()` gave the document a new parser: a
    /// completion ("the end", the load event) of an earlier one is stale.
    pub opened: u32,
}

/// What a frame's realm made late is given, taken when its document was
/// made (where an eager realm would have been made): nothing in it may
/// depend on when something first needed it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LateRealm {
    /// The realm's context id (in the host's frame list from the start).
    pub context_id: u32,
    /// Its `Math.random` stream (`random::reserve_realm`).
    pub random_realm: u32,
    /// Group clock ms when the document was made: performance.now()'s zero.
    pub time_origin: f64,
}

/// A browsing context's current realm (or a worker's global).
pub(crate) struct Frame {
    pub id: FrameId,
    pub kind: FrameKind,
    pub parent: Option<FrameId>,
    /// The `<iframe>` holding this frame, in the parent's document.
    pub element: Option<NodeId>,
    pub opener: Option<FrameId>,
    pub url: Url,
    /// What the document's relative URLs resolve against: its URL, or for
    /// an about:srcdoc or about:blank document its container's (HTML
    /// "fallback base URL"; `<base>` is not modelled).
    pub base_url: Url,
    pub origin: Origin,
    pub document: Option<NodeId>,
    pub context: Option<Global<v8::Context>>,
    pub context_id: u32,
    /// The active document has no realm yet: one is made, with these, when
    /// something could observe it (`loading::ensure_context`).
    pub late_realm: Option<LateRealm>,
    /// The document's readiness as the host last set it, for a realm
    /// made after it changed.
    pub ready_state: &'static str,
    /// The WindowProxy: kept across navigations.
    pub proxy: Option<Global<v8::Object>>,
    pub hooks: Option<Global<v8::Object>>,
    /// The functions of `hooks` called so far, by name: a hook is looked up
    /// once per realm, not at every call (the bindings set them up before
    /// the realm starts and never change them).
    pub hook_functions: Vec<(Box<str>, Global<v8::Function>)>,
    /// False in a sandboxed frame without allow-scripts.
    pub scripts_enabled: bool,
    /// Sandboxed without allow-same-origin: its documents' origins are
    /// opaque (from the iframe's sandbox attribute when it was created).
    pub opaque_sandbox: bool,
    pub name: String,
    /// Cross-origin functions (postMessage, "get parent"…) made in this
    /// realm, per target frame, target realm (context id) and member.
    pub cross_origin_functions: HashMap<(FrameId, u32, &'static str), Global<v8::Function>>,
    /// Location objects of frames in other isolates, made in this realm.
    pub remote_locations: HashMap<FrameId, Global<v8::Object>>,
    pub load: LoadState,
    pub closed: bool,
    /// Group clock ms when the realm was made (performance.now()'s zero).
    pub time_origin: f64,
    /// Bumped by every navigation; a stale load sees a newer number and stops.
    pub navigation: u64,
    /// The realm's module map.
    pub modules: Vec<super::modules::ModuleRecord>,
    /// crossOriginIsolated (issue 10): from the response's COOP/COEP.
    pub cross_origin_isolated: bool,
    /// The browsing context's sandboxing flags: its iframe's `sandbox`
    /// with its parent's, or its opener's for a popup that keeps them.
    pub sandbox: SandboxFlags,
    /// The active document's: `sandbox` and its CSP `sandbox` directive.
    pub active_sandbox: SandboxFlags,
    /// The flags of the active document's CSP `sandbox` directive (an
    /// about:blank popup inherits its opener's with its policy container).
    pub csp_sandbox: SandboxFlags,
    /// The document's origin's domain (document.domain), once set: shared
    /// with the documents whose origin is this one's itself (see
    /// [`SharedDomain`]).
    pub domain: SharedDomain,
    /// The document's agent cluster is keyed by origin
    /// (`Origin-Agent-Cluster: ?1`): document.domain does nothing.
    pub origin_keyed: bool,
    /// Its current session history entry (none before its first load).
    pub entry: Option<super::session_history::HistoryEntry>,
    /// How the navigation under way updates the session history.
    pub pending_history: super::session_history::HistoryHandling,
    /// A top-level frame's session history (empty for others).
    pub history: super::session_history::SessionHistory,
    /// The next realm is a new Window behind the kept WindowProxy: the old
    /// Window's listeners and handlers go (false for the first realm, and
    /// when a same-origin document replaces the initial about:blank, whose
    /// Window HTML reuses).
    pub replaces_window: bool,
    /// The active document may use the `document-domain` feature (its
    /// permissions policy, from its iframe's `allow` attribute).
    pub document_domain_allowed: bool,
    /// The document's encoding (HTML "encoding sniffing"; UTF-8 for
    /// about:blank, srcdoc and workers).
    pub encoding: &'static encoding_rs::Encoding,
}

impl Frame {
    pub fn new(id: FrameId, kind: FrameKind, url: Url, origin: Origin) -> Frame {
        Frame {
            id,
            kind,
            parent: None,
            element: None,
            opener: None,
            base_url: url.clone(),
            url,
            origin,
            document: None,
            context: None,
            context_id: 0,
            late_realm: None,
            ready_state: "loading",
            proxy: None,
            hooks: None,
            hook_functions: Vec::new(),
            scripts_enabled: true,
            opaque_sandbox: false,
            name: String::new(),
            cross_origin_functions: HashMap::new(),
            remote_locations: HashMap::new(),
            load: LoadState::default(),
            closed: false,
            time_origin: 0.0,
            navigation: 0,
            modules: Vec::new(),
            cross_origin_isolated: false,
            sandbox: SandboxFlags::NONE,
            active_sandbox: SandboxFlags::NONE,
            csp_sandbox: SandboxFlags::NONE,
            domain: SharedDomain::default(),
            origin_keyed: false,
            entry: None,
            pending_history: Default::default(),
            history: Default::default(),
            replaces_window: false,
            document_domain_allowed: true,
            encoding: encoding_rs::UTF_8,
        }
    }

    /// The document's URL changes without a new document (a fragment
    /// navigation, pushState, a history step): a base URL that was the
    /// document's URL follows it.
    pub fn set_url(&mut self, url: Url) {
        if self.base_url == self.url {
            self.base_url = url.clone();
        }
        self.url = url;
    }

    /// Its origin with its domain: what "same origin-domain" compares.
    pub fn origin_domain(&self) -> OriginDomain {
        OriginDomain {
            origin: self.origin.clone(),
            domain: self.domain.borrow().clone(),
        }
    }
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-domain> ("domain" of an origin):
/// an origin is one value shared by the documents given it, not a copy. A
/// srcdoc or about:blank document is given its creator's origin itself
/// ("determining the origin"), so document.domain set in either
/// document is set in both (`document_policies::set_domain`).
pub(crate) type SharedDomain = std::rc::Rc<std::cell::RefCell<Option<String>>>;

/// The frame id stored in a context's first embedder slot.
pub(crate) fn frame_of_context(
    scope: &HandleScope<'_>,
    context: Local<'_, v8::Context>,
) -> Option<FrameId> {
    let v = context.slot(scope, 0)?;
    if v.is_uint32() {
        v.number_value(context).map(|n| n as FrameId)
    } else {
        None
    }
}

/// The realm a DOM change to `node` is delivered to: the frame showing its
/// node document, else `calling` (a document without a window is only
/// reachable from a same-origin realm: the one running now).
pub(crate) fn realm_for_node(
    state: &AgentState,
    dom: &dom_lite::Dom,
    node: NodeId,
    calling: Option<FrameId>,
) -> Option<FrameId> {
    let doc = dom.owner_document(node);
    state
        .document_frames
        .borrow()
        .get(&doc)
        .copied()
        .or(calling)
}

/// A handle to one of the frame's persistent V8 objects, if it has it.
fn open_field<'s, T>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    field: impl FnOnce(&Frame) -> Option<&Global<T>>,
) -> Option<Local<'s, T>> {
    state
        .frames
        .borrow()
        .get(&frame)
        .and_then(field)
        .map(|g| g.open(scope))
}

/// The frame's context, if it has one.
pub(crate) fn context_of<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Context>> {
    open_field(scope, state, frame, |f| f.context.as_ref())
}

/// The frame's hooks object, if it has one.
pub(crate) fn hooks_of<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Object>> {
    open_field(scope, state, frame, |f| f.hooks.as_ref())
}

/// The frame's WindowProxy, if it has one.
pub(crate) fn proxy_of<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Object>> {
    // Whoever is handed the WindowProxy can observe the realm: one left for
    // later (or a pending navigation's about:blank) is made now.
    super::loading::ensure_context(scope, state, frame);
    open_field(scope, state, frame, |f| f.proxy.as_ref())
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#creating-a-new-javascript-realm> ("create a new realm"):
/// a new context for `frame` (its first, or after a navigation, keeping
/// its WindowProxy), with its security token, and the bindings run in it.
pub(crate) fn create_context<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Option<Local<'s, v8::Context>> {
    let templates = state.templates.get()?;
    let (origin, origin_domain, kind, old, proxy, document, late) = {
        let mut frames = state.frames.borrow_mut();
        let f = frames.get_mut(&frame)?;
        (
            f.origin.clone(),
            f.origin_domain(),
            f.kind,
            f.context.as_ref().map(|c| c.open(scope)),
            f.proxy.as_ref().map(|p| p.open(scope)),
            f.document,
            f.late_realm.take(),
        )
    };
    if let Some(old) = old {
        old.detach_global();
    }
    let ctx = match templates.bindings {
        super::templates::Bindings::Snapshot { context, .. } => {
            // A tab's first realm has its context made already.
            match (templates.take_first_context(scope), proxy) {
                (Some(made), None) => made,
                (_, proxy) => v8::Context::from_snapshot(scope, context, proxy)?,
            }
        }
        super::templates::Bindings::Script { .. } => {
            v8::Context::new(scope, Some(templates.global.open(scope)), proxy)?
        }
    };
    super::document_policies::set_security_token(scope, state, ctx, &origin_domain);
    let id = v8::value::integer(scope, frame as i32);
    ctx.set_slot(0, id.into());
    let global = ctx.global(scope);
    global.set_internal_field(0, id.into());
    let (random_realm, context_id, time_origin) = match late {
        Some(late) => (late.random_realm, late.context_id, late.time_origin),
        None => (
            super::random::reserve_realm(state),
            state.host.new_context_id(),
            state.now(),
        ),
    };
    super::random::install_math_random(scope, state, ctx, random_realm);
    super::atomics::install_notify(scope, state, ctx);
    {
        let mut frames = state.frames.borrow_mut();
        let f = frames.get_mut(&frame)?;
        f.context = Some(Global::new(scope, ctx));
        f.proxy = Some(Global::new(scope, global));
        f.hooks = None;
        f.hook_functions.clear();
        f.context_id = context_id;
        f.time_origin = time_origin;
        f.cross_origin_functions.clear();
        f.remote_locations.clear();
        f.modules.clear();
    }
    let hooks = run_bootstrap(scope, state, ctx, frame, &origin, kind, document);
    if let Some(hooks) = hooks
        && let Some(f) = state.frames.borrow_mut().get_mut(&frame)
    {
        f.hooks = Some(Global::new(scope, hooks));
    }
    if let Some(templates) = state.templates.get() {
        super::templates::remember_code_cache(scope, templates, state.kind);
    }
    publish_realm(state, frame, context_id);
    Some(ctx)
}

/// Puts the document's realm (its context id), URL and origin in the
/// host's frame list.
fn publish_realm(state: &AgentState, frame: FrameId, context_id: u32) {
    let (url, origin_text) = state
        .frame_info(frame)
        .map(|(u, o)| (u.to_string(), o.serialize()))
        .unwrap_or_default();
    state.host.with_frame(frame, |info| {
        info.context = context_id;
        info.url = url;
        info.origin = origin_text;
    });
}

/// The realm of `frame`'s new document, to be made when something needs
/// it: what `create_context` would have taken now (its context id, its
/// `Math.random` stream, its time origin) is taken and published now.
pub(crate) fn reserve_context(state: &AgentState, frame: FrameId) {
    let late = LateRealm {
        random_realm: super::random::reserve_realm(state),
        context_id: state.host.new_context_id(),
        time_origin: state.now(),
    };
    {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&frame) else {
            return;
        };
        f.late_realm = Some(late);
        f.context_id = late.context_id;
    }
    publish_realm(state, frame, late.context_id);
}

fn run_bootstrap<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'s, v8::Context>,
    frame: FrameId,
    origin: &Origin,
    kind: FrameKind,
    document: Option<NodeId>,
) -> Option<Local<'s, v8::Object>> {
    let templates = state.templates.get()?;
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    let result = (|| {
        let start_realm = match &templates.bindings {
            super::templates::Bindings::Snapshot { start_realm, .. } => {
                ctx.data_from_snapshot::<v8::Function>(scope, *start_realm)?
            }
            super::templates::Bindings::Script { ops, script } => {
                super::templates::set_up_bindings(
                    scope,
                    ctx,
                    script.open(scope),
                    ops.open(scope),
                    templates.event_target.open(scope),
                    state.kind,
                )?
            }
        };
        let shared = shared_state_for(scope, state, ctx, origin);
        // The realm's info as arguments (the bindings' `info` has their
        // fields): an object made here cost a realm six transition maps.
        let frame_id = v8::value::number(scope, f64::from(frame));
        let doc = v8::value::number(
            scope,
            document.map_or(-1.0, |d| node_number(&state.dom.borrow(), d)),
        );
        let faults = v8::value::boolean(scope, state.host.options.fault_injection);
        // The trusted result channel: only a top-level document the host
        // opened itself, when it runs tests.
        let test_document = kind == FrameKind::Window && state.is_test_document(frame);
        let test_report = v8::value::boolean(scope, test_document);
        let replaces_window = state
            .frames
            .borrow_mut()
            .get_mut(&frame)
            .is_some_and(|f| std::mem::take(&mut f.replaces_window));
        let replaces = v8::value::boolean(scope, replaces_window);
        let undefined = v8::value::undefined(scope);
        let args = [shared.into(), frame_id, doc, replaces, faults, test_report];
        start_realm
            .call(scope, ctx, undefined, &args)?
            .to_object_checked()
    })();
    if result.is_none() && tc.has_terminated() {
        // Stopped from outside (a worker terminated while it started, the
        // watchdog, the memory cap): not a failure of the bindings.
        drop(tc);
        report_timeout(scope, state, frame);
    } else if result.is_none() {
        let (message, url, line, column) = caught_place(scope, ctx, &tc);
        state.report_error(
            frame,
            format!("isohost bindings failed to start: {message}"),
            url,
            line,
            column,
        );
    }
    result
}

/// The object same-origin realms share (wrappers, listeners), made in the
/// first realm of the origin.
fn shared_state_for<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'s, v8::Context>,
    origin: &Origin,
) -> Local<'s, v8::Object> {
    if let Some(s) = state.shared.borrow().get(origin) {
        return s.open(scope);
    }
    let _cs = v8::ContextScope::new(scope, ctx);
    let obj = v8::Object::new(scope);
    state
        .shared
        .borrow_mut()
        .insert(origin.clone(), Global::new(scope, obj));
    obj
}

fn describe(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    exception: Local<'_, v8::Value>,
    message: Local<'_, v8::Message>,
) -> String {
    // V8 has no text for a DOMException (a host object whose name and
    // message are accessors): word it as browsers do.
    if let Some((name, text)) = exception
        .to_object_checked()
        .and_then(|o| super::clone::dom_exception_fields(scope, o))
    {
        return format!("Uncaught {name}: {text}");
    }
    let text = message.text(scope);
    if text.trim_end() == "Uncaught" || text.is_empty() {
        let what = exception.to_rust_string(scope, ctx).unwrap_or_default();
        format!("Uncaught {what}")
    } else {
        text
    }
}

/// Message, URL, line and column of a thrown value, as V8 reports it.
pub(crate) fn exception_place(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    exception: Local<'_, v8::Value>,
) -> (String, String, u32, u32) {
    match v8::Message::of(scope, exception) {
        Some(m) => message_place(scope, ctx, exception, m),
        None => (
            format!(
                "Uncaught {}",
                exception.to_rust_string(scope, ctx).unwrap_or_default()
            ),
            String::new(),
            0,
            0,
        ),
    }
}

/// The place of what `tc` caught: from the message V8 recorded with it, else
/// as the value places itself; "unknown error" when nothing was caught.
fn caught_place(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    tc: &v8::TryCatch<'_>,
) -> (String, String, u32, u32) {
    let Some(exception) = tc.exception() else {
        return ("unknown error".into(), String::new(), 0, 0);
    };
    match tc.message() {
        Some(m) => message_place(scope, ctx, exception, m),
        None => exception_place(scope, ctx, exception),
    }
}

fn message_place(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    exception: Local<'_, v8::Value>,
    m: Local<'_, v8::Message>,
) -> (String, String, u32, u32) {
    (
        describe(scope, ctx, exception, m),
        m.resource_name(scope),
        m.line(ctx),
        m.column(),
    )
}

/// Calls `hooks[name](...args)` in the frame's realm. `None` if the frame has
/// no hooks or the call threw (the caller's TryCatch has it).
pub(crate) fn call_hook<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    name: &str,
    args: &[Local<'_, v8::Value>],
) -> Option<Local<'s, v8::Value>> {
    let ctx = context_of(scope, state, frame)?;
    let _cs = v8::ContextScope::new(scope, ctx);
    let f = match hook_function(scope, state, frame, name) {
        Some(f) => f,
        None => {
            let hooks = hooks_of(scope, state, frame)?;
            // An internalized name: the one string V8 keeps for it.
            let key = v8::String::internalized(scope, name);
            let f = hooks.get(scope, ctx, key.into())?.to_function()?;
            // No caller should be holding the frames (invariant 1); one
            // that did gets no caching rather than a panic.
            if let Ok(mut frames) = state.frames.try_borrow_mut()
                && let Some(record) = frames.get_mut(&frame)
            {
                record
                    .hook_functions
                    .push((name.into(), Global::new(scope, f)));
            }
            f
        }
    };
    let undefined = v8::value::undefined(scope);
    f.call(scope, ctx, undefined, args)
}

/// Calls `hooks[name]` in the frame's realm with the arguments `args` makes
/// in its context, and reports what the call throws (`handle_failure`): how
/// the host hands DOM records (mutations, custom element reactions, slot
/// changes) to the bindings.
pub(crate) fn call_hook_reporting<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    name: &str,
    args: impl FnOnce() -> Vec<Local<'s, v8::Value>>,
) {
    let Some(ctx) = context_of(scope, state, frame) else {
        return;
    };
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    let args = args();
    if call_hook(scope, state, frame, name, &args).is_none() {
        handle_failure(scope, state, frame, &tc);
    }
}

/// Hands `records` (DOM changes: mutation records, custom element
/// reactions) to the realms they belong to, `realm_for_node` of each one's
/// node, in order: consecutive records of one realm go as one array to one
/// call of its `hooks[hook]`.
pub(crate) fn deliver_in_order<'s, R>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    hook: &str,
    records: &[R],
    node_of: impl Fn(&R) -> NodeId,
    to_js: impl Fn(&'s HandleScope<'_>, &dom_lite::Dom, &R) -> Local<'s, v8::Value>,
) {
    let calling = scope
        .current_context()
        .and_then(|ctx| frame_of_context(scope, ctx));
    let frames: Vec<Option<FrameId>> = {
        let dom = state.dom.borrow();
        records
            .iter()
            .map(|r| realm_for_node(state, &dom, node_of(r), calling))
            .collect()
    };
    let mut start = 0;
    for i in 1..=records.len() {
        if i < records.len() && frames[i] == frames[start] {
            continue;
        }
        if let Some(frame) = frames[start] {
            let run = &records[start..i];
            call_hook_reporting(scope, state, frame, hook, || {
                let items: Vec<Local<v8::Value>> = {
                    let dom = state.dom.borrow();
                    run.iter().map(|r| to_js(scope, &dom, r)).collect()
                };
                vec![v8::Array::new(scope, &items).into()]
            });
        }
        start = i;
    }
}

/// The hook `name` of `frame`'s realm, if it was called before.
fn hook_function<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    name: &str,
) -> Option<Local<'s, v8::Function>> {
    let frames = state.frames.try_borrow().ok()?;
    let (_, f) = frames
        .get(&frame)?
        .hook_functions
        .iter()
        .find(|(n, _)| **n == *name)?;
    Some(f.open(scope))
}

/// After a call into script returned nothing: report what it threw (as an
/// ErrorEvent at the frame's global, then errors[] if not canceled), or, if
/// the watchdog stopped it, report the timeout and let script run again.
pub(crate) fn handle_failure(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    tc: &v8::TryCatch<'_>,
) {
    if tc.has_terminated() || !tc.has_caught() {
        if tc.has_terminated() {
            report_timeout(scope, state, frame);
        }
        return;
    }
    let Some(exception) = tc.exception() else {
        return;
    };
    let Some(ctx) = context_of(scope, state, frame) else {
        return;
    };
    let (message, url, line, column) = caught_place(scope, ctx, tc);
    tc.reset();
    report_exception(scope, state, frame, exception, message, url, line, column);
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception> ("report an exception"),
/// for an exception Rust caught: the bindings fire the ErrorEvent
/// (js/runtime_script_errors.js).
#[allow(clippy::too_many_arguments)]
pub(crate) fn report_exception(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    exception: Local<'_, v8::Value>,
    message: String,
    url: String,
    line: u32,
    column: u32,
) {
    let tc = v8::TryCatch::new(scope);
    // A worker's script of another origin: "Script error.", no place, no
    // error value (HTML "report an exception", muted errors).
    let (exception, message, url, line, column) = if super::worker::muted(state, frame, &url) {
        let null = v8::value::null(scope);
        (null, "Script error.".to_string(), String::new(), 0, 0)
    } else {
        (exception, message, url, line, column)
    };
    let m = v8::String::new(scope, &message);
    let u = v8::String::new(scope, &url);
    let l = v8::value::number(scope, f64::from(line));
    let c = v8::value::number(scope, f64::from(column));
    let reported = call_hook(
        scope,
        state,
        frame,
        "reportException",
        &[exception, m.into(), u.into(), l, c],
    );
    if reported.is_none() {
        if tc.has_terminated() {
            report_timeout(scope, state, frame);
            return;
        }
        // No bindings (or they broke): record it directly.
        state.report_error(frame, message, url, line, column);
    }
}

/// The watchdog or the heap limit stopped script in `frame`: report why and
/// where, and cancel the termination so that later tasks run. Not while
/// script is still on the stack below (this one ran nested: a script
/// `document.write` or `appendChild` ran, a listener an op dispatched):
/// that script is stopped too, else an endless loop of stopped nested
/// scripts would never end; the outermost catch cancels.
pub(crate) fn report_timeout(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId) {
    if scope.current_position().is_none() {
        scope.cancel_terminate_execution();
    }
    state.report_stop(frame);
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#run-a-classic-script> ("run a classic script"):
/// compiles and runs `source` in the frame, reporting what it throws.
/// Returns the completion value. Not modelled: muted errors.
pub(crate) fn run_script<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    source: &str,
    url: &str,
    line: u32,
) -> Option<Local<'s, v8::Value>> {
    let ctx = context_of(scope, state, frame)?;
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    let result =
        v8::Script::compile(scope, ctx, source, url, line, 0).and_then(|s| s.run(scope, ctx));
    if result.is_none() {
        handle_failure(scope, state, frame, &tc);
    }
    result
}

/// The library's `evaluate`: run `source` as a classic script in `frame`
/// (its `let`, `const` and `class` declarations stay in the global scope
/// for later scripts), answer JSON or the thrown error with its place. With
/// `describe`, the source of a function expression, answer what it returns
/// for the completion value instead (see `host/describe.js`).
pub(crate) fn evaluate(
    agent: &mut Agent,
    frame: FrameId,
    source: &str,
    describe: Option<&str>,
) -> Result<serde_json::Value> {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    super::loading::ensure_context(&scope, &state, frame);
    let ctx = context_of(&scope, &state, frame).ok_or(ErrorKind::NoSuchFrame(frame.into()))?;
    let _cs = v8::ContextScope::new(&scope, ctx);
    let tc = v8::TryCatch::new(&scope);
    let result = v8::Script::compile(&scope, ctx, source, "isohost:evaluate", 0, 0)
        .and_then(|s| s.run(&scope, ctx))
        .and_then(|value| match describe {
            None => Some(value),
            Some(wrapper) => {
                let script = v8::Script::compile(&scope, ctx, wrapper, "isohost:describe", 0, 0)?;
                let f = script.run(&scope, ctx)?.to_function()?;
                let undefined = v8::value::undefined(&scope);
                f.call(&scope, ctx, undefined, &[value])
            }
        });
    match result {
        Some(value) => Ok(to_json(&scope, ctx, value)),
        None if tc.has_terminated() => {
            report_timeout(&scope, &state, frame);
            Err(ErrorKind::ScriptTimeout {
                seconds: state.host.options.script_timeout.as_secs_f64(),
            }
            .into())
        }
        None => {
            let (message, url, line, column) = caught_place(&scope, ctx, &tc);
            Err(ErrorKind::Script {
                message,
                url,
                line,
                column,
            }
            .into())
        }
    }
}

/// A JS value as JSON (undefined → null; what JSON cannot say → its String()).
pub(crate) fn to_json(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    value: Local<'_, v8::Value>,
) -> serde_json::Value {
    if value.is_undefined() {
        return serde_json::Value::Null;
    }
    let tc = v8::TryCatch::new(scope);
    let text = value.json_stringify(scope, ctx).map(|s| s.to_rust(scope));
    drop(tc);
    match text
        .as_deref()
        .map(serde_json::from_str::<serde_json::Value>)
    {
        Some(Ok(v)) => v,
        _ => serde_json::Value::String(value.to_rust_string(scope, ctx).unwrap_or_default()),
    }
}
