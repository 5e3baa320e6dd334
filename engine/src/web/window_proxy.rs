//! Cross-origin WindowProxy and Location.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-windowproxy-exotic-object> ("The WindowProxy exotic object")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface> ("The Location interface")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginproperties-(-o-)> ("CrossOriginProperties ( O )")
//!
//! V8 refuses access between contexts whose security tokens differ; then it
//! asks the interceptor here, which serves exactly the spec's cross-origin
//! members: for a window `window`, `self`, `location`, `close`, `closed`,
//! `focus`, `blur`, `frames`, `length`, `top`, `opener`, `parent`,
//! `postMessage` and indexed child frames; for a Location, `href`'s setter and
//! `replace()`. Functions are made in the *accessing* realm. Anything else
//! falls through to the failed-access-check hook, which throws a
//! SecurityError DOMException made in the accessing realm.

use url::Url;

use super::agent::{Agent, AgentState};
use super::exception::{DomExceptionName, Exception};
use super::realm::{call_hook, context_of, hooks_of, proxy_of};
use super::templates::{LOCATION, WINDOW_INDEXED, WINDOW_NAMED, WINDOW_PROXY};
use dom_lite::NodeId;

use crate::runtime::report::{AccessEntry, FrameId};
use crate::v8::{self, Global, HandleScope, Interception, InterceptorKind, Local, PropertyKey};

pub(crate) const CROSS_ORIGIN_WINDOW_MEMBERS: [&str; 13] = [
    "window",
    "self",
    "location",
    "close",
    "closed",
    "focus",
    "blur",
    "frames",
    "length",
    "top",
    "opener",
    "parent",
    "postMessage",
];
const CROSS_ORIGIN_LOCATION_MEMBERS: [&str; 2] = ["href", "replace"];

fn static_name(name: &str) -> Option<&'static str> {
    CROSS_ORIGIN_WINDOW_MEMBERS
        .iter()
        .chain(CROSS_ORIGIN_LOCATION_MEMBERS.iter())
        .copied()
        .find(|n| *n == name)
}

/// The frame id in an object's internal field 0 (global proxies, Locations).
fn frame_in_field(scope: &HandleScope<'_>, object: Local<'_, v8::Object>) -> Option<FrameId> {
    let v = object.internal_field(scope, 0)?;
    v.is_uint32()
        .then(|| v.number_value(scope.current_context()?))
        .flatten()
        .map(|n| n as FrameId)
}

fn accessing_frame(scope: &HandleScope<'_>) -> Option<FrameId> {
    super::frame_of_context(scope, scope.current_context()?)
}

pub(crate) fn intercept<'s>(scope: &'s HandleScope<'s>, call: &mut Interception<'s>) {
    let Some(state) = scope.state::<AgentState>() else {
        return;
    };
    let Some(ctx) = scope.current_context() else {
        return;
    };
    if call.kind == InterceptorKind::Lazy {
        // A lazily made interface object of the realm (HTMLDivElement…).
        if let (PropertyKey::Named(name), Some(frame)) =
            (&call.key, super::frame_of_context(scope, ctx))
        {
            call.result = call_hook(scope, &state, frame, "lazyInterface", &[(*name).into()]);
        }
        return;
    }
    let kind = call
        .data
        .and_then(|d| d.number_value(ctx))
        .map(|n| n as i32);
    match kind {
        Some(WINDOW_PROXY) => window(scope, &state, call),
        Some(LOCATION) => location(scope, &state, call),
        Some(WINDOW_INDEXED) => same_origin_indexed(scope, &state, call),
        Some(WINDOW_NAMED) => named_properties(scope, &state, call),
        _ => {}
    }
}

fn key_name(scope: &HandleScope<'_>, key: &PropertyKey<'_>) -> Option<Result<String, ()>> {
    match key {
        PropertyKey::Named(name) => {
            let v: Local<v8::Value> = (*name).into();
            if v.is_symbol() {
                Some(Err(()))
            } else {
                v.to_string_checked().map(|s| Ok(s.to_rust(scope)))
            }
        }
        _ => None,
    }
}

fn attributes<'s>(scope: &'s HandleScope<'_>) -> Local<'s, v8::Value> {
    // DontEnum: cross-origin members are not enumerable own properties.
    v8::value::integer(scope, v8::PropertyAttribute::DONT_ENUM.bits()).into()
}

fn names_array<'s>(scope: &'s HandleScope<'_>, names: &[&str]) -> Local<'s, v8::Value> {
    let values: Vec<Local<v8::Value>> = names
        .iter()
        .map(|n| v8::String::new(scope, n).into())
        .collect();
    v8::Array::new(scope, &values).into()
}

/// Answers a cross-origin Get or Descriptor
/// (https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossorigingetownpropertyhelper-(-o,-p-),
/// "CrossOriginGetOwnPropertyHelper"): the member's value (as a property
/// descriptor for Descriptor), or, for a member that is not allowed,
/// nothing for Get (the failed-access-check hook throws) and a
/// SecurityError for Descriptor (where V8 would answer "no such
/// property").
fn answer_read<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    call: &mut Interception<'s>,
    value: Option<Local<'s, v8::Value>>,
) {
    call.result = match (call.kind, value) {
        (InterceptorKind::Descriptor, Some(v)) => data_descriptor(scope, v),
        (InterceptorKind::Descriptor, None) => {
            throw_security_error(scope, state);
            Some(v8::value::undefined(scope))
        }
        (_, v) => v,
    };
}

/// A cross-origin write
/// (https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginset-(-o,-p,-v,-receiver-),
/// "CrossOriginSet"): only `navigable` (a window's `location`, a
/// Location's `href`) may be set, and setting it navigates `target`; any
/// other member is a SecurityError.
fn answer_write<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    call: &mut Interception<'s>,
    target: FrameId,
    navigable: &str,
) {
    if matches!(key_name(scope, &call.key), Some(Ok(n)) if n == navigable)
        && let Some(value) = call.value
    {
        cross_origin_navigate(scope, state, target, value);
        call.result = Some(value);
        return;
    }
    throw_security_error(scope, state);
    call.result = call.value;
}

/// Deleting or defining a cross-origin property: a SecurityError.
fn refuse<'s>(scope: &'s HandleScope<'s>, state: &AgentState, call: &mut Interception<'s>) {
    throw_security_error(scope, state);
    call.result = Some(v8::value::boolean(scope, false));
}

fn data_descriptor<'s>(
    scope: &'s HandleScope<'_>,
    value: Local<'_, v8::Value>,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let d = v8::Object::new(scope);
    d.set_str(scope, ctx, "value", value).ok()?;
    d.set_str(scope, ctx, "writable", v8::value::boolean(scope, false))
        .ok()?;
    d.set_str(scope, ctx, "enumerable", v8::value::boolean(scope, false))
        .ok()?;
    d.set_str(scope, ctx, "configurable", v8::value::boolean(scope, true))
        .ok()?;
    Some(d.into())
}

fn window<'s>(scope: &'s HandleScope<'s>, state: &AgentState, call: &mut Interception<'s>) {
    let Some(target) = frame_in_field(scope, call.holder) else {
        return;
    };
    match call.kind {
        InterceptorKind::Lazy => {}
        InterceptorKind::Get | InterceptorKind::Descriptor => {
            let value = match &call.key {
                PropertyKey::Indexed(i) => child_proxy(scope, state, target, *i as usize),
                key => match key_name(scope, key) {
                    Some(Err(())) => Some(v8::value::undefined(scope)),
                    Some(Ok(name)) => window_member(scope, state, target, call.holder, &name),
                    None => None,
                },
            };
            answer_read(scope, state, call, value);
        }
        InterceptorKind::Set => answer_write(scope, state, call, target, "location"),
        InterceptorKind::Query => {
            let allowed = match &call.key {
                PropertyKey::Indexed(i) => (*i as usize) < any_child_count(state, target),
                key => {
                    matches!(key_name(scope, key), Some(Ok(n)) if CROSS_ORIGIN_WINDOW_MEMBERS.contains(&n.as_str()))
                }
            };
            if allowed {
                call.result = Some(attributes(scope));
            }
        }
        InterceptorKind::Delete | InterceptorKind::Define => refuse(scope, state, call),
        InterceptorKind::Enumerate => {
            call.result = Some(match call.key {
                PropertyKey::Indexed(_) => indices(scope, any_child_count(state, target)),
                _ => names_array(scope, &CROSS_ORIGIN_WINDOW_MEMBERS),
            });
        }
    }
}

/// The value of an allowed cross-origin window member, or `None` (refused).
/// `target` is a frame of this isolate, or of another (a tab's frame, reached
/// through a remote WindowProxy).
fn window_member<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    target: FrameId,
    holder: Local<'s, v8::Object>,
    name: &str,
) -> Option<Local<'s, v8::Value>> {
    use super::remote::{location_for, remote_parent, window_for};
    let local = state.frames.borrow().contains_key(&target);
    let parent_of = |f: FrameId| {
        if local {
            state.frames.borrow().get(&f).and_then(|x| x.parent)
        } else {
            remote_parent(state, f)
        }
    };
    match name {
        "window" | "self" | "frames" => Some(holder.into()),
        "parent" => Some(
            parent_of(target)
                .and_then(|p| window_for(scope, state, p))
                .unwrap_or(holder.into()),
        ),
        "top" => {
            let top = std::iter::successors(Some(target), |f| parent_of(*f))
                .last()
                .unwrap_or(target);
            Some(window_for(scope, state, top).unwrap_or(holder.into()))
        }
        "opener" if local => Some(opener_of(scope, state, target)),
        "opener" => Some(
            state
                .host
                .frame(target)
                .and_then(|i| i.opener)
                .and_then(|o| window_for(scope, state, o))
                .unwrap_or_else(|| v8::value::null(scope)),
        ),
        "closed" => {
            let closed = if local {
                is_closed(state, target)
            } else {
                state.host.frame(target).is_none_or(|i| i.closed)
            };
            Some(v8::value::boolean(scope, closed))
        }
        "length" => Some(v8::value::number(
            scope,
            any_child_count(state, target) as f64,
        )),
        "location" if local => {
            let hooks = hooks_of(scope, state, target)?;
            let ctx = context_of(scope, state, target)?;
            hooks.get_str(scope, ctx, "location")
        }
        "location" => location_for(scope, state, target),
        "postMessage" | "close" | "focus" | "blur" => {
            cross_origin_function(scope, state, target, name).map(Into::into)
        }
        "then" => Some(v8::value::undefined(scope)),
        // Named children are cross-origin properties too (HTML
        // CrossOriginProperties): w.frameName.
        _ if local => named_child(state, target, name).and_then(|c| {
            super::loading::ensure_context(scope, state, c);
            proxy_of(scope, state, c).map(Into::into)
        }),
        _ => None,
    }
}

/// The first child frame of `frame` named `name`, in document order.
fn named_child(state: &AgentState, frame: FrameId, name: &str) -> Option<FrameId> {
    if name.is_empty() {
        return None;
    }
    child_frames(state, frame)
        .into_iter()
        .find(|c| state.frames.borrow().get(c).is_some_and(|f| f.name == name))
}

fn location<'s>(scope: &'s HandleScope<'s>, state: &AgentState, call: &mut Interception<'s>) {
    let Some(target) = frame_in_field(scope, call.holder) else {
        return;
    };
    let name = key_name(scope, &call.key);
    match call.kind {
        InterceptorKind::Lazy => {}
        InterceptorKind::Get | InterceptorKind::Descriptor => {
            let value = match name {
                Some(Err(())) => Some(v8::value::undefined(scope)),
                Some(Ok(n)) if n == "replace" => {
                    cross_origin_function(scope, state, target, "replace").map(Into::into)
                }
                Some(Ok(n)) if n == "then" => Some(v8::value::undefined(scope)),
                _ => None,
            };
            answer_read(scope, state, call, value);
        }
        InterceptorKind::Set => answer_write(scope, state, call, target, "href"),
        InterceptorKind::Query => {
            if matches!(&name, Some(Ok(n)) if CROSS_ORIGIN_LOCATION_MEMBERS.contains(&n.as_str())) {
                call.result = Some(attributes(scope));
            }
        }
        InterceptorKind::Delete | InterceptorKind::Define => refuse(scope, state, call),
        InterceptorKind::Enumerate => {
            if !matches!(call.key, PropertyKey::Indexed(_)) {
                call.result = Some(names_array(scope, &CROSS_ORIGIN_LOCATION_MEMBERS));
            }
        }
    }
}

/// The frame whose realm made the intercepted object (a same-origin
/// window's global, its WindowProperties).
fn holder_frame(scope: &HandleScope<'_>, call: &Interception<'_>) -> Option<FrameId> {
    let ctx = call.holder.creation_context(scope)?;
    super::frame_of_context(scope, ctx)
}

/// [0, 1, …, n - 1]: a window's indexed property names.
fn indices<'s>(scope: &'s HandleScope<'_>, n: usize) -> Local<'s, v8::Value> {
    let values: Vec<Local<v8::Value>> =
        (0..n).map(|i| v8::value::number(scope, i as f64)).collect();
    v8::Array::new(scope, &values).into()
}

/// `window[i]` for the same origin: the global object's indexed handler.
fn same_origin_indexed<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    call: &mut Interception<'s>,
) {
    let Some(frame) = holder_frame(scope, call) else {
        return;
    };
    let PropertyKey::Indexed(index) = call.key else {
        if call.kind == InterceptorKind::Enumerate {
            call.result = Some(indices(scope, child_frames(state, frame).len()));
        }
        return;
    };
    match call.kind {
        InterceptorKind::Get => call.result = child_proxy(scope, state, frame, index as usize),
        InterceptorKind::Descriptor => {
            if let Some(v) = child_proxy(scope, state, frame, index as usize) {
                call.result = data_descriptor(scope, v);
            }
        }
        InterceptorKind::Query if (index as usize) < child_frames(state, frame).len() => {
            call.result = Some(attributes(scope));
        }
        _ => {}
    }
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#named-access-on-the-window-object> ("Named access on the Window object"),
/// served by the window's WindowProperties object on its prototype chain:
/// a child frame by name, else the first element with that id (not
/// modelled: the names of embed, form, img and object elements).
fn named_properties<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    call: &mut Interception<'s>,
) {
    if !matches!(call.kind, InterceptorKind::Get | InterceptorKind::Query) {
        return;
    }
    let Some(frame) = holder_frame(scope, call) else {
        return;
    };
    let Some(Ok(name)) = key_name(scope, &call.key) else {
        return;
    };
    if name.is_empty() {
        return;
    }
    let value = if let Some(child) = named_child(state, frame, &name) {
        super::loading::ensure_context(scope, state, child);
        proxy_of(scope, state, child).map(Into::into)
    } else {
        let doc = state.frames.borrow().get(&frame).and_then(|f| f.document);
        let element = doc.and_then(|d| state.dom.borrow().get_element_by_id(d, &name));
        element.and_then(|e| {
            let id = v8::value::number(scope, f64::from(e.0));
            call_hook(scope, state, frame, "wrap", &[id])
        })
    };
    call.result = match (call.kind, value) {
        (InterceptorKind::Query, Some(_)) => Some(attributes(scope)),
        (InterceptorKind::Get, v) => v,
        _ => None,
    };
}

/// A navigation started from another origin: the URL is parsed against the
/// accessing document, then the target navigates.
fn cross_origin_navigate(
    scope: &HandleScope<'_>,
    state: &AgentState,
    target: FrameId,
    value: Local<'_, v8::Value>,
) {
    let Some(accessing) = accessing_frame(scope) else {
        return;
    };
    let Some(href) = call_hook(scope, state, accessing, "resolveForNavigation", &[value]) else {
        return;
    };
    let Some(ctx) = scope.current_context() else {
        return;
    };
    if let Some(url) = href
        .to_rust_string(scope, ctx)
        .and_then(|s| Url::parse(&s).ok())
    {
        let params = super::navigation::NavigateParams {
            source: Some(accessing),
            location_object: true,
            ..Default::default()
        };
        if let Err(refused) = super::navigation::navigate(state, target, url, params) {
            Exception::dom(DomExceptionName::SecurityError, refused.0).throw(scope, state);
        }
    }
}

/// A function for cross-origin member `name` of `target`, made in (and
/// cached by) the accessing realm: `w.postMessage === w.postMessage`.
fn cross_origin_function<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    target: FrameId,
    name: &str,
) -> Option<Local<'s, v8::Function>> {
    let accessing = accessing_frame(scope)?;
    let key = (target, static_name(name)?);
    if let Some(f) = state
        .frames
        .borrow()
        .get(&accessing)
        .and_then(|f| f.cross_origin_functions.get(&key))
    {
        return Some(f.open(scope));
    }
    let n = v8::String::new(scope, name);
    let t = v8::value::number(scope, f64::from(target));
    let f = call_hook(
        scope,
        state,
        accessing,
        "makeCrossOriginFunction",
        &[n.into(), t],
    )?
    .to_function()?;
    if let Some(frame) = state.frames.borrow_mut().get_mut(&accessing) {
        frame
            .cross_origin_functions
            .insert(key, Global::new(scope, f));
    }
    Some(f)
}

/// Throws a SecurityError DOMException in the running (accessing) realm.
pub(crate) fn throw_security_error(scope: &HandleScope<'_>, state: &AgentState) {
    let origin = accessing_frame(scope).map_or_else(|| "null".into(), |f| state.origin_string(f));
    let message =
        format!("Blocked a frame with origin \"{origin}\" from accessing a cross-origin frame.");
    Exception::dom(DomExceptionName::SecurityError, message).throw(scope, state);
}

pub(crate) fn failed_access_check<'s>(
    scope: &'s HandleScope<'s>,
    _target: Local<'s, v8::Object>,
    _access: v8::AccessType,
) {
    match scope.state::<AgentState>() {
        Some(state) => throw_security_error(scope, &state),
        None => {
            let text = v8::String::new(scope, "SecurityError: cross-origin access blocked");
            scope.throw_exception(v8::exception::error(scope, text));
        }
    }
}

// --- the frame tree ---------------------------------------------------------

/// The child frames of `frame`, in the tree order of their iframes
/// (https://html.spec.whatwg.org/multipage/document-sequences.html#document-tree-child-navigables,
/// "document-tree child navigables").
pub(crate) fn child_frames(state: &AgentState, frame: FrameId) -> Vec<FrameId> {
    let frames = state.frames.borrow();
    let Some(doc) = frames.get(&frame).and_then(|f| f.document) else {
        return Vec::new();
    };
    let dom = state.dom.borrow();
    // The live children whose <iframe> is in this document: usually none or
    // one, so the document is walked (for document order) only for more.
    let children: Vec<(FrameId, NodeId)> = frames
        .iter()
        .filter(|(_, f)| f.parent == Some(frame) && !f.closed)
        .filter_map(|(id, f)| Some((*id, f.element?)))
        .filter(|(_, e)| dom.contains(doc, *e))
        .collect();
    if children.len() < 2 {
        return children.into_iter().map(|(id, _)| id).collect();
    }
    dom.descendants(doc)
        .filter_map(|n| children.iter().find(|(_, e)| *e == n).map(|(id, _)| *id))
        .take(children.len())
        .collect()
}

/// How many child frames `frame` has, here or in another isolate.
fn any_child_count(state: &AgentState, frame: FrameId) -> usize {
    if state.frames.borrow().contains_key(&frame) {
        child_frames(state, frame).len()
    } else {
        super::remote::remote_children(state, frame).len()
    }
}

fn child_proxy<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    index: usize,
) -> Option<Local<'s, v8::Value>> {
    if !state.frames.borrow().contains_key(&frame) {
        let child = *super::remote::remote_children(state, frame).get(index)?;
        return super::remote::window_for(scope, state, child);
    }
    let child = *child_frames(state, frame).get(index)?;
    super::loading::ensure_context(scope, state, child);
    proxy_of(scope, state, child).map(Into::into)
}

pub(crate) fn top_of(state: &AgentState, frame: FrameId) -> FrameId {
    let frames = state.frames.borrow();
    std::iter::successors(Some(frame), |f| frames.get(f).and_then(|x| x.parent))
        .last()
        .unwrap_or(frame)
}

pub(crate) fn is_closed(state: &AgentState, frame: FrameId) -> bool {
    state.frames.borrow().get(&frame).is_none_or(|f| f.closed)
}

pub(crate) fn opener_of<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
) -> Local<'s, v8::Value> {
    let opener = state.frames.borrow().get(&frame).and_then(|f| f.opener);
    opener
        .and_then(|o| super::remote::window_for(scope, state, o))
        .unwrap_or_else(|| v8::value::null(scope))
}

// --- the inspector's measurements ------------------------------------------

/// How `from` refers to `to` in script: "parent", "frames[1]",
/// "parent.frames[0]", "top.frames[0].frames[1]", "opener"…
fn path_between(state: &AgentState, from: FrameId, to: FrameId) -> Option<String> {
    let parent_of = |f: FrameId| state.frames.borrow().get(&f).and_then(|x| x.parent);
    let path = tree_path(from, to, parent_of, |f| child_frames(state, f))?;
    Some(if path.is_empty() {
        "window".into()
    } else {
        path
    })
}

/// How script in `from` names `to` in the same frame tree ("" for itself):
/// up by `parent` (or `top` when the way up ends at the top, more than one
/// step away), then down by `frames[i]`.
pub(crate) fn tree_path(
    from: FrameId,
    to: FrameId,
    parent_of: impl Fn(FrameId) -> Option<FrameId>,
    children_of: impl Fn(FrameId) -> Vec<FrameId>,
) -> Option<String> {
    let chain = |f: FrameId| std::iter::successors(Some(f), |f| parent_of(*f)).collect::<Vec<_>>();
    let (up, down) = (chain(from), chain(to));
    let ups = up.iter().position(|f| down.contains(f))?;
    let common = up[ups];
    let mut parts: Vec<String> = match ups {
        0 => Vec::new(),
        n if n > 1 && up.last() == Some(&common) => vec!["top".into()],
        n => vec!["parent".into(); n],
    };
    let downs = down.iter().position(|f| *f == common)?;
    for pair in down[..=downs].windows(2).rev() {
        let (child, parent) = (pair[0], pair[1]);
        let index = children_of(parent).iter().position(|c| *c == child)?;
        parts.push(format!("frames[{index}]"));
    }
    Some(parts.join("."))
}

/// For each target, what `from` reaches of it, measured in `from`'s realm.
pub(crate) fn probe_access(
    agent: &mut Agent,
    from: FrameId,
    targets: &[FrameId],
) -> Vec<AccessEntry> {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    super::loading::ensure_context(&scope, &state, from);
    let mut out = Vec::new();
    for &to in targets {
        if to == from {
            continue;
        }
        let local = state.frames.borrow().contains_key(&to);
        let mut entry = AccessEntry {
            from,
            to,
            same_isolate: local,
            dom_access: false,
            global_access: false,
            cross_origin_members: Vec::new(),
            via: "none".into(),
        };
        let target_proxy = if local {
            super::loading::ensure_context(&scope, &state, to);
            // Another top-level context of this isolate (a same-site popup)
            // is reached through opener or window.open().
            entry.via = path_between(&state, from, to)
                .or_else(|| super::remote::relation(&state, from, to))
                .unwrap_or_else(|| "none".into());
            proxy_of(&scope, &state, to)
        } else {
            let relation = super::remote::relation(&state, from, to);
            match relation {
                Some(via) => {
                    entry.via = via;
                    super::remote::window_for(&scope, &state, to)
                        .and_then(|w| w.to_object_checked())
                }
                None => None,
            }
        };
        if let (Some(proxy), Some(ctx)) = (target_proxy, context_of(&scope, &state, from)) {
            let _cs = v8::ContextScope::new(&scope, ctx);
            let tc = v8::TryCatch::new(&scope);
            if let Some(result) = call_hook(&scope, &state, from, "probe", &[proxy.into()])
                .and_then(|r| r.to_object_checked())
            {
                let get = |name: &str| result.get_str(&scope, ctx, name);
                entry.dom_access = get("dom").is_some_and(|v| v.boolean_value(&scope));
                entry.global_access = get("global").is_some_and(|v| v.boolean_value(&scope));
                if let Some(members) = get("members").and_then(|m| m.to_array()) {
                    for i in 0..members.length() {
                        if let Some(s) = members
                            .object()
                            .get_index(&scope, ctx, i)
                            .and_then(|v| v.to_rust_string(&scope, ctx))
                        {
                            entry.cross_origin_members.push(s);
                        }
                    }
                }
            }
            if tc.has_terminated() {
                super::realm::report_timeout(&scope, &state, from);
            }
        }
        out.push(entry);
    }
    out
}
