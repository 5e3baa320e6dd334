//! MutationObserver records, from the DOM to the bindings: after every op
//! and parse step, what dom-lite queued goes to the realm of each record's
//! target (its node document's window, else the calling realm: a document
//! without a window is only reachable from a same-origin realm), whose
//! `hooks.queueMutationRecords` matches it against the registered observers
//! (`js/mutation_observer.js`).
//!
//! <https://dom.spec.whatwg.org/#queueing-a-mutation-record> ("Queuing a mutation record")

use dom_lite::{Dom, MutationRecord, NodeId};

use super::ops::node_number;

use super::agent::AgentState;
use super::realm::{call_hook_reporting, deliver_in_order, realm_for_node};
use crate::v8::{self, HandleScope, Local};

/// Hands the DOM's queued records to the realms that observe them, in
/// order; then the slots whose assigned nodes changed, to be signaled.
pub(crate) fn deliver(scope: &HandleScope<'_>, state: &AgentState) {
    deliver_records(scope, state);
    signal_slot_changes(scope, state);
}

/// <https://dom.spec.whatwg.org/#signal-a-slot-change> ("signal a slot
/// change"), for each slot dom-lite found changed, in its node document's
/// realm (`hooks.signalSlotChange`, `js/mutation_observer.js`).
fn signal_slot_changes(scope: &HandleScope<'_>, state: &AgentState) {
    let slots = state.dom.borrow_mut().take_slot_changes();
    if slots.is_empty() {
        return;
    }
    let calling = scope
        .current_context()
        .and_then(|ctx| super::frame_of_context(scope, ctx));
    for slot in slots {
        let frame = realm_for_node(state, &state.dom.borrow(), slot, calling);
        let Some(frame) = frame else { continue };
        call_hook_reporting(scope, state, frame, "signalSlotChange", || {
            let id = node_number(&state.dom.borrow(), slot);
            vec![v8::value::number(scope, id)]
        });
    }
}

fn deliver_records(scope: &HandleScope<'_>, state: &AgentState) {
    if !state.dom.borrow().has_mutation_records() {
        return;
    }
    let records = state.dom.borrow_mut().take_mutation_records();
    deliver_in_order(
        scope,
        state,
        "queueMutationRecords",
        &records,
        |r| r.target,
        to_js,
    );
}

/// [type, target, added, removed, previousSibling, nextSibling,
/// attributeName, attributeNamespace, oldValue, inclusive ancestors]; node
/// ids, -1 for none.
fn to_js<'s>(scope: &'s HandleScope<'_>, dom: &Dom, r: &MutationRecord) -> Local<'s, v8::Value> {
    let id = |n: Option<NodeId>| v8::value::number(scope, n.map_or(-1.0, |n| node_number(dom, n)));
    let ids = |list: &[NodeId]| -> Local<v8::Value> {
        let items: Vec<Local<v8::Value>> = list.iter().map(|n| id(Some(*n))).collect();
        v8::Array::new(scope, &items).into()
    };
    let text = |s: &Option<String>| -> Local<v8::Value> {
        match s {
            Some(s) => v8::String::new(scope, s).into(),
            None => v8::value::null(scope),
        }
    };
    let items = [
        v8::String::new(scope, r.kind.as_str()).into(),
        id(Some(r.target)),
        ids(&r.added),
        ids(&r.removed),
        id(r.previous_sibling),
        id(r.next_sibling),
        text(&r.attribute_name),
        text(&r.attribute_namespace),
        text(&r.old_value),
        ids(&r.ancestors),
    ];
    v8::Array::new(scope, &items).into()
}
