//! Custom element reactions, from the DOM to the bindings: after every op
//! and parse step (`loading::process_mutations`), the changes dom-lite
//! recorded of custom elements (and of elements awaiting a definition) go
//! to the realm of each element's node document (else the calling realm,
//! as for MutationObserver records), whose `hooks.customElementReactions`
//! enqueues the reactions and invokes them: the end of the op is the
//! `[CEReactions]` boundary (`js/custom_element_registry.js`).
//!
//! <https://html.spec.whatwg.org/multipage/custom-elements.html#custom-element-reactions> ("Custom element reactions")

use std::cell::Cell;

use dom_lite::{CustomElementRecord, Dom};

use super::agent::AgentState;
use super::ops::node_number;
use super::realm::deliver_in_order;
use crate::v8::{self, HandleScope, Local};

thread_local! {
    /// How many `hold`s are running: while one is, records wait.
    static HELD: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` (the bindings moving adopted nodes' wrappers) with the records
/// held back: the ops it calls must not run reactions, which would look
/// for wrappers not yet moved; the op that adopted delivers them after.
pub(crate) fn hold<R>(f: impl FnOnce() -> R) -> R {
    HELD.with(|h| h.set(h.get() + 1));
    let result = f();
    HELD.with(|h| h.set(h.get() - 1));
    result
}

/// Hands the DOM's custom element records to their realms, in order.
pub(crate) fn deliver(scope: &HandleScope<'_>, state: &AgentState) {
    if !state.dom.borrow().has_custom_element_records() || HELD.with(Cell::get) > 0 {
        return;
    }
    let records = state.dom.borrow_mut().take_custom_element_records();
    deliver_in_order(
        scope,
        state,
        "customElementReactions",
        &records,
        element_of,
        to_js,
    );
}

fn element_of(record: &CustomElementRecord) -> dom_lite::NodeId {
    match record {
        CustomElementRecord::Connected(n)
        | CustomElementRecord::Cloned(n)
        | CustomElementRecord::Disconnected(n)
        | CustomElementRecord::Adopted(n, _, _)
        | CustomElementRecord::AttributeChanged { element: n, .. } => *n,
    }
}

/// [kind, element, ...]: "connected", "disconnected" and "cloned" with nothing more,
/// "adopted" with the old and new documents, "attributeChanged" with the
/// local name, old value, new value and namespace (null for none).
fn to_js<'s>(
    scope: &'s HandleScope<'_>,
    dom: &Dom,
    r: &CustomElementRecord,
) -> Local<'s, v8::Value> {
    let id = |n| v8::value::number(scope, node_number(dom, n));
    let text = |s: &Option<String>| -> Local<v8::Value> {
        match s {
            Some(s) => v8::String::new(scope, s).into(),
            None => v8::value::null(scope),
        }
    };
    let kind = |k: &str| -> Local<v8::Value> { v8::String::new(scope, k).into() };
    let items: Vec<Local<v8::Value>> = match r {
        CustomElementRecord::Connected(n) => vec![kind("connected"), id(*n)],
        CustomElementRecord::Disconnected(n) => vec![kind("disconnected"), id(*n)],
        CustomElementRecord::Cloned(n) => vec![kind("cloned"), id(*n)],
        CustomElementRecord::Adopted(n, old, new) => {
            vec![kind("adopted"), id(*n), id(*old), id(*new)]
        }
        CustomElementRecord::AttributeChanged {
            element,
            local_name,
            namespace,
            old_value,
            new_value,
        } => vec![
            kind("attributeChanged"),
            id(*element),
            v8::String::new(scope, local_name).into(),
            text(old_value),
            text(new_value),
            text(namespace),
        ],
    };
    v8::Array::new(scope, &items).into()
}
