//! The WindowProxy and Location exotic objects: what another origin reaches
//! of a window (and of its Location), and the same-origin extras of the
//! window's interceptors (`window[i]`, named access).
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-windowproxy-exotic-object> ("The WindowProxy exotic object")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface> ("The Location interface")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#cross-origin-objects> ("Cross-origin objects")
//!
//! V8 asks [`may_access`] whether script may reach a global proxy or a
//! Location made by another realm (HTML's IsPlatformObjectSameOrigin). When
//! it may not, V8 hands every property operation to the interceptor here,
//! which follows the spec's abstract operations for cross-origin objects:
//!
//! - [[GetOwnProperty]]: [`cross_origin_own_property`]
//!   (CrossOriginGetOwnPropertyHelper, child frames by index and name,
//!   CrossOriginPropertyFallback): data descriptors for methods, `then` and
//!   the three symbols, accessor descriptors for attributes, with functions
//!   made in the *accessing* realm and kept per (accessing realm, target
//!   realm, member), the "cross-origin property descriptor map";
//! - [[Get]] and [[Set]]: CrossOriginGet and CrossOriginSet on those
//!   descriptors (a Location's `href` has a setter and no getter);
//! - [[OwnPropertyKeys]]: child indices, then CrossOriginOwnPropertyKeys;
//! - [[DefineOwnProperty]] and [[Delete]]: SecurityError.
//!
//! Anything else falls through to the failed-access-check hook, which
//! throws a SecurityError DOMException made in the accessing realm.
//!
//! Where V8 10.2 decides alone (its failed-access-check callback is told
//! neither the operation nor its arguments): `Object.setPrototypeOf`,
//! `__proto__ =` and `Object.preventExtensions` on a cross-origin object
//! throw a SecurityError (the spec: a TypeError, and `true` for setting the
//! prototype to null), and for-in over one lists nothing (the spec: the
//! child indices). [[GetPrototypeOf]] is null, as the spec says.

use url::Url;

use super::agent::{Agent, AgentState};
use super::exception::{DomExceptionName, Exception};
use super::ops::node_number;
use super::realm::{call_hook, context_of, hooks_of, proxy_of};
use super::templates::{LOCATION, WINDOW_INDEXED, WINDOW_NAMED, WINDOW_PROXY};
use dom_lite::NodeId;

use crate::runtime::report::{AccessEntry, FrameId};
use crate::v8::value::WellKnownSymbol;
use crate::v8::{
    self, FunctionArgs, Global, HandleScope, Interception, InterceptorKind, Local,
    PropertyAttribute, PropertyKey,
};

/// One entry of CrossOriginProperties(O)
/// (<https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginproperties-(-o-)>):
/// an attribute when it needs a getter or a setter, else a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CrossOriginProperty {
    name: &'static str,
    get: bool,
    set: bool,
}

impl CrossOriginProperty {
    const fn method(name: &'static str) -> Self {
        CrossOriginProperty {
            name,
            get: false,
            set: false,
        }
    }
    const fn getter(name: &'static str) -> Self {
        CrossOriginProperty {
            name,
            get: true,
            set: false,
        }
    }
    fn is_method(self) -> bool {
        !self.get && !self.set
    }
}

/// CrossOriginProperties of a Window, in the spec's order.
const WINDOW_PROPERTIES: [CrossOriginProperty; 13] = [
    CrossOriginProperty::getter("window"),
    CrossOriginProperty::getter("self"),
    CrossOriginProperty {
        name: "location",
        get: true,
        set: true,
    },
    CrossOriginProperty::method("close"),
    CrossOriginProperty::getter("closed"),
    CrossOriginProperty::method("focus"),
    CrossOriginProperty::method("blur"),
    CrossOriginProperty::getter("frames"),
    CrossOriginProperty::getter("length"),
    CrossOriginProperty::getter("top"),
    CrossOriginProperty::getter("opener"),
    CrossOriginProperty::getter("parent"),
    CrossOriginProperty::method("postMessage"),
];

/// CrossOriginProperties of a Location.
const LOCATION_PROPERTIES: [CrossOriginProperty; 2] = [
    CrossOriginProperty {
        name: "href",
        get: false,
        set: true,
    },
    CrossOriginProperty::method("replace"),
];

/// The two kinds of cross-origin objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exotic {
    Window,
    Location,
}

impl Exotic {
    fn properties(self) -> &'static [CrossOriginProperty] {
        match self {
            Exotic::Window => &WINDOW_PROPERTIES,
            Exotic::Location => &LOCATION_PROPERTIES,
        }
    }

    fn property(self, name: &str) -> Option<(usize, CrossOriginProperty)> {
        self.properties()
            .iter()
            .copied()
            .enumerate()
            .find(|(_, p)| p.name == name)
    }
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

/// <https://html.spec.whatwg.org/multipage/browsers.html#isplatformobjectsameorigin-(-o-)> ("IsPlatformObjectSameOrigin ( O )"):
/// may script of the realm `accessing` reach the platform objects made by
/// the realm `owner`? The one place that decides it (V8 asks through
/// [`may_access`]).
///
/// The spec compares the current settings object's origin with O's relevant
/// settings object's origin, *same origin-domain*: for origins that set
/// document.domain, by scheme and effective domain. Each realm's security
/// token is its document's origin-domain's (`OriginDomain::key`, one per key
/// per isolate, `AgentState::token_for`; opaque origins get a fresh object
/// each), and document.domain gives the realm its new key's token
/// (`document_policies::set_domain`): same token ⇔ same origin-domain, so
/// V8's own same-token shortcut and this check agree. The tokens, not the
/// frames' current records, decide: a realm whose frame has since navigated
/// keeps its own document's origin-domain.
pub(crate) fn is_platform_object_same_origin(
    scope: &HandleScope<'_>,
    accessing: Local<'_, v8::Context>,
    owner: Local<'_, v8::Context>,
) -> bool {
    accessing
        .security_token(scope)
        .strict_equals(owner.security_token(scope))
}

/// V8's access check (`HostHooks::access_check`): `accessed` is a global
/// proxy or a Location made by the realm `owner`. A Location standing for
/// a frame of another isolate (`remote::location_for`) is made by the
/// accessing realm but is that other agent's object: its frame is not its
/// maker's, and it is never reachable, like the remote WindowProxy itself.
pub(crate) fn may_access<'s>(
    scope: &'s HandleScope<'s>,
    accessing: Local<'s, v8::Context>,
    accessed: Local<'s, v8::Object>,
    owner: Local<'s, v8::Context>,
) -> bool {
    let stands_for = frame_in_field(scope, accessed);
    if stands_for.is_none() || stands_for != super::frame_of_context(scope, owner) {
        return false;
    }
    is_platform_object_same_origin(scope, accessing, owner)
}

pub(crate) fn intercept<'s>(scope: &'s HandleScope<'s>, call: &mut Interception<'s>) {
    // Which kind of object this is about (`templates.rs`' interceptor data).
    let data = call
        .data
        .filter(|d| d.is_int32())
        .and_then(|d| scope.current_context().and_then(|c| d.number_value(c)))
        .map(|n| n as i32);
    if call.kind != InterceptorKind::Lazy
        && let Some(kind) = data.and_then(super::ops::ops_kind)
    {
        super::ops::serve_op(scope, call, kind);
        return;
    }
    let Some(state) = scope.state::<AgentState>() else {
        return;
    };
    let Some(ctx) = scope.current_context() else {
        return;
    };
    if call.kind == InterceptorKind::Lazy {
        // A lazily made interface object of the holder's realm
        // (HTMLDivElement…), whichever realm reads it: `frames[0].Node`
        // is that frame's Node.
        let realm = call.holder.creation_context(scope).unwrap_or(ctx);
        if let (PropertyKey::Named(name), Some(frame)) =
            (&call.key, super::frame_of_context(scope, realm))
        {
            call.result = call_hook(scope, &state, frame, "lazyInterface", &[(*name).into()]);
        }
        return;
    }
    match data {
        Some(WINDOW_PROXY) => cross_origin(scope, &state, call, Exotic::Window),
        Some(LOCATION) => cross_origin(scope, &state, call, Exotic::Location),
        Some(WINDOW_INDEXED) => same_origin_indexed(scope, &state, call),
        Some(WINDOW_NAMED) => named_properties(scope, &state, call),
        _ => {}
    }
}

/// A string key's text (`None` for symbols and indices).
fn key_name(scope: &HandleScope<'_>, key: &PropertyKey<'_>) -> Option<String> {
    match key {
        PropertyKey::Named(name) => {
            let v: Local<v8::Value> = (*name).into();
            if v.is_symbol() {
                None
            } else {
                v.to_string_checked().map(|s| s.to_rust(scope))
            }
        }
        _ => None,
    }
}

/// A property key as the cross-origin operations see it.
enum Key {
    Index(u32),
    Name(String),
    /// A symbol: one of the three cross-origin objects expose, or another.
    Symbol(Option<WellKnownSymbol>),
}

fn classify(scope: &HandleScope<'_>, key: &PropertyKey<'_>) -> Option<Key> {
    match key {
        PropertyKey::Indexed(i) => Some(Key::Index(*i)),
        PropertyKey::Named(name) => {
            let v: Local<v8::Value> = (*name).into();
            if v.is_symbol() {
                let known = WellKnownSymbol::ALL
                    .into_iter()
                    .find(|s| s.get(scope).strict_equals(v));
                Some(Key::Symbol(known))
            } else {
                key_name(scope, key).map(Key::Name)
            }
        }
        PropertyKey::AllNames | PropertyKey::AllIndices => None,
    }
}

fn attributes<'s>(
    scope: &'s HandleScope<'_>,
    attributes: PropertyAttribute,
) -> Local<'s, v8::Value> {
    v8::value::integer(scope, attributes.bits()).into()
}

/// A property of a cross-origin object, as [[GetOwnProperty]] gives it.
enum Own<'s> {
    /// A data property: never writable, always configurable.
    Data {
        value: Local<'s, v8::Value>,
        enumerable: bool,
    },
    /// An accessor: never enumerable, always configurable.
    Accessor {
        get: Option<Local<'s, v8::Function>>,
        set: Option<Local<'s, v8::Function>>,
    },
}

/// The cross-origin object an interception is about: the frame it stands
/// for (here or in another isolate) and its kind.
struct Target<'s> {
    frame: FrameId,
    exotic: Exotic,
    holder: Local<'s, v8::Object>,
}

/// [[GetOwnProperty]] of a cross-origin WindowProxy or Location
/// (<https://html.spec.whatwg.org/multipage/nav-history-apis.html#windowproxy-getownproperty>,
/// "[[GetOwnProperty]] ( P )", steps 2 and 4-7, and
/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#location-getownproperty>):
/// `None` where the spec throws a SecurityError.
fn cross_origin_own_property<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    target: &Target<'s>,
    key: &Key,
) -> Option<Own<'s>> {
    match (key, target.exotic) {
        // Step 2: a child navigable's WindowProxy, enumerable.
        (Key::Index(i), Exotic::Window) => Some(Own::Data {
            value: child_proxy(scope, state, target.frame, *i as usize)?,
            enumerable: true,
        }),
        (Key::Index(_), Exotic::Location) => None,
        (Key::Name(name), exotic) => {
            // Step 4: CrossOriginGetOwnPropertyHelper.
            if let Some((index, property)) = exotic.property(name) {
                return cross_origin_property_descriptor(scope, state, target, index, property);
            }
            // Step 6: the document-tree child navigable target name property set.
            if exotic == Exotic::Window
                && let Some(child) = named_child_window(scope, state, target.frame, name)
            {
                return Some(Own::Data {
                    value: child,
                    enumerable: false,
                });
            }
            // Step 7: CrossOriginPropertyFallback.
            (name == "then").then(|| Own::Data {
                value: v8::value::undefined(scope),
                enumerable: false,
            })
        }
        (Key::Symbol(known), _) => known.map(|_| Own::Data {
            value: v8::value::undefined(scope),
            enumerable: false,
        }),
    }
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossorigingetownpropertyhelper-(-o,-p-)> ("CrossOriginGetOwnPropertyHelper ( O, P )"),
/// steps 2.1.3-2.1.7, for entry `index` of CrossOriginProperties(O).
fn cross_origin_property_descriptor<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    target: &Target<'s>,
    index: usize,
    property: CrossOriginProperty,
) -> Option<Own<'s>> {
    if property.is_method() {
        // The value of a method is "an anonymous built-in function, created
        // in the current realm, that performs the same steps as the IDL
        // operation P on object O".
        let f = cross_origin_function(scope, state, target.frame, property.name)?;
        return Some(Own::Data {
            value: f.into(),
            enumerable: false,
        });
    }
    let accessor = |setter: bool| {
        cross_origin_accessor(scope, state, target.frame, target.exotic, index, setter)
    };
    Some(Own::Accessor {
        get: if property.get {
            Some(accessor(false)?)
        } else {
            None
        },
        set: if property.set {
            Some(accessor(true)?)
        } else {
            None
        },
    })
}

/// A property descriptor object for V8 (a descriptor interceptor's answer).
/// Made with a null prototype and every field set, so that nothing a page
/// put on Object.prototype can make it invalid (V8 would abort).
fn descriptor_object<'s>(
    scope: &'s HandleScope<'_>,
    own: &Own<'_>,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let d = v8::Object::new(scope);
    d.set_prototype(ctx, v8::value::null(scope)).ok()?;
    let set = |name: &str, value: Local<'_, v8::Value>| d.set_str(scope, ctx, name, value).ok();
    match own {
        Own::Data { value, enumerable } => {
            set("value", *value)?;
            set("writable", v8::value::boolean(scope, false))?;
            set("enumerable", v8::value::boolean(scope, *enumerable))?;
        }
        Own::Accessor { get, set: setter } => {
            let undefined = v8::value::undefined(scope);
            set("get", get.map_or(undefined, Into::into))?;
            set("set", setter.map_or(undefined, Into::into))?;
            set("enumerable", v8::value::boolean(scope, false))?;
        }
    }
    set("configurable", v8::value::boolean(scope, true))?;
    Some(d.into())
}

/// Whether [[GetOwnProperty]] finds `key` (without making its functions):
/// the answer to V8's query (`hasOwnProperty`, `in`, Object.keys' filter).
fn cross_origin_has_own<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    target: &Target<'s>,
    key: &Key,
) -> Option<PropertyAttribute> {
    let found = match (key, target.exotic) {
        (Key::Index(i), Exotic::Window) => (*i as usize) < any_child_count(state, target.frame),
        (Key::Index(_), Exotic::Location) => false,
        (Key::Name(name), exotic) => {
            exotic.property(name).is_some()
                || name == "then"
                || (exotic == Exotic::Window
                    && named_child_window(scope, state, target.frame, name).is_some())
        }
        (Key::Symbol(known), _) => known.is_some(),
    };
    found.then_some(match key {
        Key::Index(_) => PropertyAttribute::READ_ONLY,
        _ => PropertyAttribute::READ_ONLY | PropertyAttribute::DONT_ENUM,
    })
}

/// [[Get]]: <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginget-(-o,-p,-receiver-)> ("CrossOriginGet ( O, P, Receiver )"):
/// a data property's value, or what the getter returns (computed here
/// rather than by calling it: the same steps); `None` where the spec throws
/// a SecurityError (no such property, or no getter).
fn cross_origin_get<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    target: &Target<'s>,
    key: &Key,
) -> Option<Local<'s, v8::Value>> {
    if let (Key::Name(name), exotic) = (key, target.exotic)
        && let Some((_, property)) = exotic.property(name)
        && !property.is_method()
    {
        if !property.get {
            return None;
        }
        return window_member(scope, state, target.frame, target.holder, property.name);
    }
    match cross_origin_own_property(scope, state, target, key)? {
        Own::Data { value, .. } => Some(value),
        Own::Accessor { .. } => None,
    }
}

/// The interceptor of a cross-origin WindowProxy or Location: V8 refused
/// the access, and asks what the spec's exotic object does.
fn cross_origin<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    call: &mut Interception<'s>,
    exotic: Exotic,
) {
    let Some(frame) = frame_in_field(scope, call.holder) else {
        return;
    };
    let target = Target {
        frame,
        exotic,
        holder: call.holder,
    };
    if call.kind == InterceptorKind::Enumerate {
        // [[OwnPropertyKeys]]: V8 asks the indexed handler, then the named.
        call.result = Some(match (&call.key, exotic) {
            (PropertyKey::AllIndices, Exotic::Window) => {
                indices(scope, any_child_count(state, frame))
            }
            (PropertyKey::AllIndices, Exotic::Location) => indices(scope, 0),
            _ => cross_origin_own_property_keys(scope, exotic),
        });
        return;
    }
    let Some(key) = classify(scope, &call.key) else {
        return;
    };
    match call.kind {
        InterceptorKind::Lazy | InterceptorKind::Enumerate => {}
        InterceptorKind::Get => {
            // Nothing: the failed-access-check hook throws the SecurityError.
            call.result = cross_origin_get(scope, state, &target, &key);
        }
        InterceptorKind::Descriptor => {
            call.result = match cross_origin_own_property(scope, state, &target, &key) {
                Some(own) => descriptor_object(scope, &own),
                None => {
                    throw_security_error(scope, state);
                    Some(v8::value::undefined(scope))
                }
            };
        }
        InterceptorKind::Query => {
            call.result =
                cross_origin_has_own(scope, state, &target, &key).map(|a| attributes(scope, a));
        }
        InterceptorKind::Set => cross_origin_set(scope, state, call, &target, &key),
        // [[Delete]] and [[DefineOwnProperty]] of a cross-origin object.
        InterceptorKind::Delete | InterceptorKind::Define => {
            throw_security_error(scope, state);
            call.result = Some(v8::value::boolean(scope, false));
        }
    }
}

/// [[Set]]: <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginset-(-o,-p,-v,-receiver-)> ("CrossOriginSet ( O, P, V, Receiver )"):
/// only a property with a setter may be set (a window's `location`, a
/// Location's `href`), which navigates the target; anything else is a
/// SecurityError.
fn cross_origin_set<'s>(
    scope: &'s HandleScope<'s>,
    state: &AgentState,
    call: &mut Interception<'s>,
    target: &Target<'s>,
    key: &Key,
) {
    let settable = matches!(key, Key::Name(name)
        if target.exotic.property(name).is_some_and(|(_, p)| p.set));
    match call.value {
        Some(value) if settable => {
            cross_origin_navigate(scope, state, target.frame, value);
            call.result = Some(value);
        }
        _ => {
            throw_security_error(scope, state);
            call.result = call.value;
        }
    }
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginownpropertykeys-(-o-)> ("CrossOriginOwnPropertyKeys ( O )"):
/// the names of CrossOriginProperties(O), then `then` and the three
/// symbols (child indices come from the indexed handler, before these).
fn cross_origin_own_property_keys<'s>(
    scope: &'s HandleScope<'_>,
    exotic: Exotic,
) -> Local<'s, v8::Value> {
    let mut keys: Vec<Local<v8::Value>> = exotic
        .properties()
        .iter()
        .map(|p| v8::String::new(scope, p.name).into())
        .collect();
    keys.push(v8::String::new(scope, "then").into());
    keys.extend(WellKnownSymbol::ALL.into_iter().map(|s| s.get(scope)));
    v8::Array::new(scope, &keys).into()
}

fn data_descriptor<'s>(
    scope: &'s HandleScope<'_>,
    value: Local<'_, v8::Value>,
) -> Option<Local<'s, v8::Value>> {
    descriptor_object(
        scope,
        &Own::Data {
            value,
            enumerable: true,
        },
    )
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
        _ => None,
    }
}

/// The WindowProxy of `frame`'s first child frame named `name`, if `frame`
/// is of this isolate (the names of another isolate's frames are not
/// known here).
fn named_child_window<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    name: &str,
) -> Option<Local<'s, v8::Value>> {
    let child = named_child(state, frame, name)?;
    proxy_of(scope, state, child).map(Into::into)
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
            // A child's WindowProxy: enumerable, not writable.
            call.result = Some(attributes(scope, PropertyAttribute::READ_ONLY));
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
    let Some(name) = key_name(scope, &call.key) else {
        return;
    };
    if name.is_empty() {
        return;
    }
    let value = if let Some(child) = named_child(state, frame, &name) {
        proxy_of(scope, state, child).map(Into::into)
    } else {
        let doc = state.frames.borrow().get(&frame).and_then(|f| f.document);
        let element = doc.and_then(|d| state.dom.borrow().get_element_by_id(d, &name));
        element.and_then(|e| {
            let id = v8::value::number(scope, node_number(&state.dom.borrow(), e));
            call_hook(scope, state, frame, "wrap", &[id])
        })
    };
    call.result = match (call.kind, value) {
        (InterceptorKind::Query, Some(_)) => Some(attributes(scope, PropertyAttribute::DONT_ENUM)),
        (InterceptorKind::Get, v) => v,
        _ => None,
    };
}

/// A navigation started from another origin (a cross-origin `location`
/// or `href` setter): the URL is parsed against the accessing (entry)
/// document, a SyntaxError if it fails; a `javascript:` URL does nothing
/// (<https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigate>,
/// "navigate", step: a javascript: URL whose initiator origin is not same
/// origin-domain with the target's document returns).
fn cross_origin_navigate(
    scope: &HandleScope<'_>,
    state: &AgentState,
    target: FrameId,
    value: Local<'_, v8::Value>,
) {
    let Some(accessing) = accessing_frame(scope) else {
        return;
    };
    // On failure the hook's SyntaxError stays pending for the caller.
    let Some(href) = call_hook(scope, state, accessing, "resolveForNavigation", &[value]) else {
        return;
    };
    let Some(ctx) = scope.current_context() else {
        return;
    };
    if let Some(url) = href
        .to_rust_string(scope, ctx)
        .and_then(|s| Url::parse(&s).ok())
        .filter(|u| u.scheme() != "javascript")
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

/// The key of a cross-origin function in the accessing realm's map: the
/// target frame, its realm (a navigation makes new functions, the spec's
/// "O's relevant settings object"; 0 for another isolate's frame) and the
/// member ("postMessage", "get parent", "set href"…).
fn function_key(
    state: &AgentState,
    target: FrameId,
    member: &'static str,
) -> (FrameId, u32, &'static str) {
    let realm = state
        .frames
        .borrow()
        .get(&target)
        .map_or(0, |f| f.context_id);
    (target, realm, member)
}

/// A cross-origin function kept in the accessing realm's "cross-origin
/// property descriptor map", or made by `make` and kept.
fn cached_function<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    target: FrameId,
    member: &'static str,
    make: impl FnOnce(FrameId) -> Option<Local<'s, v8::Function>>,
) -> Option<Local<'s, v8::Function>> {
    let accessing = accessing_frame(scope)?;
    let key = function_key(state, target, member);
    if let Some(f) = state
        .frames
        .borrow()
        .get(&accessing)
        .and_then(|f| f.cross_origin_functions.get(&key))
    {
        return Some(f.open(scope));
    }
    let f = make(accessing)?;
    if let Some(frame) = state.frames.borrow_mut().get_mut(&accessing) {
        frame
            .cross_origin_functions
            .insert(key, Global::new(scope, f));
    }
    Some(f)
}

/// The function for cross-origin method `name` of `target` (postMessage,
/// close, focus, blur, replace), made by the accessing realm's bindings:
/// `w.postMessage === w.postMessage`, and its prototype is the accessing
/// realm's Function.prototype.
fn cross_origin_function<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    target: FrameId,
    name: &'static str,
) -> Option<Local<'s, v8::Function>> {
    cached_function(scope, state, target, name, |accessing| {
        let n = v8::String::new(scope, name);
        let t = v8::value::number(scope, f64::from(target));
        call_hook(
            scope,
            state,
            accessing,
            "makeCrossOriginFunction",
            &[n.into(), t],
        )?
        .to_function()
    })
}

/// Names of the accessor functions, by kind and entry of
/// CrossOriginProperties: "get parent", "set location", "set href".
fn accessor_name(exotic: Exotic, index: usize, setter: bool) -> Option<&'static str> {
    const WINDOW_GETTERS: [&str; 13] = [
        "get window",
        "get self",
        "get location",
        "",
        "get closed",
        "",
        "",
        "get frames",
        "get length",
        "get top",
        "get opener",
        "get parent",
        "",
    ];
    let name = match (exotic, setter) {
        (Exotic::Window, false) => WINDOW_GETTERS.get(index).copied()?,
        (Exotic::Window, true) => "set location",
        (Exotic::Location, true) => "set href",
        (Exotic::Location, false) => "",
    };
    (!name.is_empty()).then_some(name)
}

/// The getter or setter of cross-origin attribute `index` of `target`
/// (CrossOriginGetOwnPropertyHelper step 2.1.5: "an anonymous built-in
/// function, created in the current realm, that performs the same steps as
/// the getter [setter] of the IDL attribute P on object O"), kept in the
/// accessing realm like methods. A native function: its data says which
/// frame and member; it ignores `this`.
fn cross_origin_accessor<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    target: FrameId,
    exotic: Exotic,
    index: usize,
    setter: bool,
) -> Option<Local<'s, v8::Function>> {
    let name = accessor_name(exotic, index, setter)?;
    cached_function(scope, state, target, name, |_| {
        let ctx = scope.current_context()?;
        let code = AccessorCode {
            target,
            exotic,
            index,
            setter,
        };
        let data = v8::value::number(scope, code.encode());
        let f = v8::Function::new(
            scope,
            ctx,
            run_cross_origin_accessor,
            Some(data),
            i32::from(setter),
        )?;
        f.set_name(v8::String::new(scope, name));
        Some(f)
    })
}

/// What a cross-origin accessor function does, in its `data` number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AccessorCode {
    target: FrameId,
    exotic: Exotic,
    index: usize,
    setter: bool,
}

impl AccessorCode {
    fn encode(self) -> f64 {
        let low = (self.index as u64) << 2
            | u64::from(self.exotic == Exotic::Location) << 1
            | u64::from(self.setter);
        (u64::from(self.target) << 8 | low) as f64
    }

    fn decode(n: f64) -> Option<AccessorCode> {
        if !(n.is_finite() && n >= 0.0 && n < (1u64 << 40) as f64) {
            return None;
        }
        let n = n as u64;
        Some(AccessorCode {
            target: FrameId::try_from(n >> 8).ok()?,
            exotic: if n & 2 != 0 {
                Exotic::Location
            } else {
                Exotic::Window
            },
            index: ((n & 0xff) >> 2) as usize,
            setter: n & 1 != 0,
        })
    }
}

fn run_cross_origin_accessor<'s>(
    scope: &'s HandleScope<'s>,
    args: &FunctionArgs<'s>,
) -> Option<Local<'s, v8::Value>> {
    let state = scope.state::<AgentState>()?;
    let ctx = scope.current_context()?;
    let code = AccessorCode::decode(args.data()?.number_value(ctx)?)?;
    let property = *code.exotic.properties().get(code.index)?;
    if code.setter {
        // A window's `location` setter ([PutForwards=href]) and a
        // Location's `href` setter both navigate the target.
        cross_origin_navigate(scope, &state, code.target, args.get(0));
        return None;
    }
    let holder = super::remote::window_for(scope, &state, code.target)?.to_object_checked()?;
    window_member(scope, &state, code.target, holder, property.name)
}

/// Throws a SecurityError DOMException in the running (accessing) realm.
pub(crate) fn throw_security_error(scope: &HandleScope<'_>, state: &AgentState) {
    let origin = accessing_frame(scope).map_or_else(|| "null".into(), |f| state.origin_string(f));
    let message =
        format!("Blocked a frame with origin \"{origin}\" from accessing a cross-origin frame.");
    Exception::dom(DomExceptionName::SecurityError, message).throw(scope, state);
}

/// WebIDL's "perform a security check" on an operation's `this`
/// (<https://webidl.spec.whatwg.org/#dfn-perform-a-security-check>): whether
/// `value` is a WindowProxy or Location that the running realm may not
/// reach (another origin's, or one standing for another isolate's frame),
/// as V8's access check decides it.
///
/// A WindowProxy outlives its Window (navigation): its realm is its frame's
/// current one, not the one it was made in.
pub(crate) fn is_cross_origin_object(
    scope: &HandleScope<'_>,
    state: &AgentState,
    value: Local<'_, v8::Value>,
) -> bool {
    let Some(object) = value.to_object_checked() else {
        return false;
    };
    let Some(frame) = frame_in_field(scope, object) else {
        return false;
    };
    let owner = match super::realm::context_of(scope, state, frame) {
        Some(ctx) if Local::<v8::Value>::from(ctx.global(scope)).strict_equals(object.into()) => {
            Some(ctx)
        }
        _ => object.creation_context(scope),
    };
    match (scope.current_context(), owner) {
        (Some(accessing), Some(owner)) => !may_access(scope, accessing, object, owner),
        _ => false,
    }
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
