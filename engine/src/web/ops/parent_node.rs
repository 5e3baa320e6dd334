//! Ops of the ParentNode mixin (DOM): element children and selectors.
//!
//! <https://dom.spec.whatwg.org/#interface-parentnode> ("Mixin ParentNode")

use super::{OpCx, OpResult};

fn children<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ids = cx.state.dom.borrow().element_children(id);
    cx.node_ids(&ids)
}

fn query_selector<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let sel = cx.str(1)?;
    let n = cx.state.dom.borrow().query_selector(root, &sel)?;
    cx.node_id(n)
}

fn query_selector_all<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let sel = cx.str(1)?;
    let ids = cx.state.dom.borrow().query_selector_all(root, &sel)?;
    cx.node_ids(&ids)
}

op_list! {
    "parentNodeChildren" => children,
    "parentNodeQuerySelector" => query_selector,
    "parentNodeQuerySelectorAll" => query_selector_all,
}
