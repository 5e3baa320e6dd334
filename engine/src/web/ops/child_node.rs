//! Ops of the ChildNode mixin (DOM): remove().
//!
//! <https://dom.spec.whatwg.org/#interface-childnode> ("Mixin ChildNode")

use super::{OpCx, OpResult};

fn remove<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    cx.state.dom.borrow_mut().remove(id);
    cx.undefined()
}

op_list! {
    "childNodeRemove" => remove,
}
