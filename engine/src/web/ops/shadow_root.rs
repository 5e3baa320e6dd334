//! Ops of ShadowRoot (DOM) over dom-lite: attaching shadow roots, reading
//! them, and slot assignment (`HTMLSlotElement`, `Element.slot`'s slot).
//!
//! <https://dom.spec.whatwg.org/#interface-shadowroot> ("Interface ShadowRoot")

use dom_lite::{NodeId, ShadowRootInit};

use super::{OpCx, OpError, OpResult};

/// `attachShadow(init)` on host 0: mode closed, delegatesFocus, manual
/// slot assignment, clonable, serializable (arguments 1-5, converted by the
/// bindings); the new root.
fn attach<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let host = cx.node(0)?;
    let init = ShadowRootInit {
        closed: cx.bool(1),
        delegates_focus: cx.bool(2),
        manual: cx.bool(3),
        clonable: cx.bool(4),
        serializable: cx.bool(5),
    };
    let root = cx.state.dom.borrow_mut().attach_shadow(host, init)?;
    cx.node_id(Some(root))
}

node_op!(of, shadow_root);
node_op!(find_slot, find_slot);

/// [host, closed, delegatesFocus, manual, clonable, serializable] of a
/// shadow root; null for any other node.
fn info<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let data = cx.state.dom.borrow().shadow_root_data(id);
    let Some(d) = data else { return cx.null() };
    let values = [
        cx.node_id(Some(d.host))?,
        cx.boolean(d.closed)?,
        cx.boolean(d.delegates_focus)?,
        cx.boolean(d.manual)?,
        cx.boolean(d.clonable)?,
        cx.boolean(d.serializable)?,
    ];
    cx.values(&values)
}

/// <https://dom.spec.whatwg.org/#dom-node-getrootnode> ("getRootNode(options)"):
/// the root, or with `composed` the shadow-including root.
fn get_root_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let composed = cx.bool(1);
    let root = {
        let dom = cx.state.dom.borrow();
        if composed {
            dom.shadow_including_root(id)
        } else {
            dom.root(id)
        }
    };
    cx.node_id(Some(root))
}

/// The nodes assigned to slot 0, flattened if argument 1 is true.
fn assigned_nodes<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let slot = cx.node(0)?;
    let flatten = cx.bool(1);
    let nodes = {
        let dom = cx.state.dom.borrow();
        if flatten {
            dom.flattened_assigned_nodes(slot)
        } else {
            dom.assigned_nodes(slot)
        }
    };
    cx.node_ids(&nodes)
}

/// The nodes whose handles argument `i` (an array) holds; handles that
/// name no node are left out.
fn nodes_in<'s>(cx: &OpCx<'s>, i: usize) -> Result<Vec<NodeId>, OpError> {
    let items = cx.array(i)?;
    let dom = cx.state.dom.borrow();
    Ok(items
        .into_iter()
        .filter_map(|item| {
            let n = item.number_value(cx.ctx)?;
            // Handles are integers below 2^53 (`Dom::handle`).
            let handle = ((0.0..9_007_199_254_740_992.0).contains(&n) && n.fract() == 0.0)
                .then_some(n as u64)?;
            dom.resolve(handle)
        })
        .collect())
}

/// `slot.assign(...nodes)`: argument 1 an array of node handles.
fn assign<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let slot = cx.node(0)?;
    let nodes = nodes_in(cx, 1)?;
    cx.state.dom.borrow_mut().assign_slot(slot, &nodes);
    cx.undefined()
}

/// `getHTML(options)` of node 0: argument 1 serializableShadowRoots,
/// argument 2 the handles of the shadow roots named.
fn get_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let serializable = cx.bool(1);
    let named = nodes_in(cx, 2)?;
    let html = cx.state.dom.borrow().get_html(id, serializable, &named);
    cx.string(&html)
}

op_list! {
    "shadowRootAttach" => attach,
    "shadowRootOf" => of,
    "shadowRootInfo" => info,
    "shadowRootGetRootNode" => get_root_node,
    "shadowRootFindSlot" => find_slot,
    "shadowRootAssignedNodes" => assigned_nodes,
    "shadowRootAssign" => assign,
    "shadowRootGetHTML" => get_html,
}
