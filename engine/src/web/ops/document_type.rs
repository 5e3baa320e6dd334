//! Ops of DocumentType (DOM): its public and system ids.
//!
//! <https://dom.spec.whatwg.org/#interface-documenttype> ("Interface DocumentType")

use dom_lite::NodeData;

use super::{OpCx, OpResult};

fn ids<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ids = match cx.state.dom.borrow().data(id) {
        NodeData::Doctype(doctype) => {
            vec![doctype.public_id.to_string(), doctype.system_id.to_string()]
        }
        _ => vec![String::new(), String::new()],
    };
    cx.strings(&ids)
}

op_list! {
    "documentTypeIds" => ids,
}
