//! Ops of XMLSerializer (DOM Parsing): the XML serialization of a node.
//!
//! <https://w3c.github.io/DOM-Parsing/#the-xmlserializer-interface> ("The XMLSerializer interface")

use super::{OpCx, OpResult};

/// <https://w3c.github.io/DOM-Parsing/#dfn-xml-serialization> ("XML serialization") of the node and its subtree.
fn serialize_to_string<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let xml = cx.state.dom.borrow().xml_serialize(id);
    cx.string(&xml)
}

op_list! {
    "xmlSerializerSerializeToString" => serialize_to_string,
}
