//! Ops of CharacterData (DOM): a Text or Comment node's data.
//!
//! <https://dom.spec.whatwg.org/#interface-characterdata> ("Interface CharacterData")

use super::{OpCx, OpResult};

fn data<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let d = cx
        .state
        .dom
        .borrow()
        .character_data(id)
        .unwrap_or("")
        .to_string();
    cx.string(&d)
}

fn set_data<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let v = cx.str(1)?;
    cx.state.dom.borrow_mut().set_character_data(id, &v);
    cx.undefined()
}

op_list! {
    "characterDataData" => data,
    "characterDataSetData" => set_data,
}
