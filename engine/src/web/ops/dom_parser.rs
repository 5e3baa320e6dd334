//! Ops of DOMParser (HTML): parsing a string into a new document.
//!
//! <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-parsing-and-serialization> ("DOM parsing and serialization APIs")

use super::{OpCx, OpResult};

fn parse_from_string<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let html = cx.str(0)?;
    let doc = cx.state.dom.borrow_mut().parse_document(&html);
    cx.node_id(Some(doc))
}

op_list! {
    "domParserParseFromString" => parse_from_string,
}
