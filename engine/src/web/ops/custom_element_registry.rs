//! Ops of CustomElementRegistry (HTML): what the tree keeps of custom
//! elements (each element's custom element state, read by `:defined`), the
//! valid custom element name check, and the upgrade candidates of a
//! definition. The definitions and the reactions live in the bindings
//! (`js/custom_element_registry.js`); the tree's changes reach them through
//! `web/custom_elements.rs`.
//!
//! <https://html.spec.whatwg.org/multipage/custom-elements.html#custom-elements-api> ("The CustomElementRegistry interface")

use dom_lite::{CustomElementState, is_valid_custom_element_name};

use super::{OpCx, OpResult};

/// `customElementRegistryState(element)`: its custom element state.
fn state<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let state = cx.state.dom.borrow().custom_element_state(id);
    cx.string(state.as_str())
}

/// `customElementRegistrySetState(element, state)`.
fn set_state<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    if let Some(state) = CustomElementState::from_name(&name) {
        cx.state
            .dom
            .borrow_mut()
            .set_custom_element_state(id, state);
    }
    cx.undefined()
}

/// `customElementRegistryDefined()`: the agent has a definition; from now
/// on the DOM records what enqueues reactions.
fn defined<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.state.dom.borrow_mut().set_custom_elements_defined();
    cx.undefined()
}

/// <https://html.spec.whatwg.org/multipage/custom-elements.html#valid-custom-element-name> ("valid custom element name")
fn is_valid_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    cx.boolean(is_valid_custom_element_name(&name))
}

/// `customElementRegistryCandidates(root, localName)`: the shadow-including
/// inclusive descendants of `root` that wait for a definition (HTML
/// elements, named `localName` unless null), in shadow-including tree
/// order: define()'s "upgrade candidates"
/// (<https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-define>
/// step 15, the bindings checking is values) and upgrade()'s.
fn candidates<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let local = cx.opt_str(1)?;
    let found = cx
        .state
        .dom
        .borrow()
        .custom_element_candidates(root, local.as_deref());
    cx.node_ids(&found)
}

op_list! {
    "customElementRegistryState" => state,
    "customElementRegistrySetState" => set_state,
    "customElementRegistryIsValidName" => is_valid_name,
    "customElementRegistryDefined" => defined,
    "customElementRegistryCandidates" => candidates,
}
