//! Ops of DOMParser (HTML): parsing a string into a new document.
//!
//! <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-parsing-and-serialization> ("DOM parsing and serialization APIs")

use super::{OpCx, OpResult};

/// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-domparser-parsefromstring> ("parseFromString(string, type)"):
/// `text/html` with the HTML parser, every other supported type with the
/// XML parser (a `parsererror` document when it is not well formed).
fn parse_from_string<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    // The source straight into the parser's input buffer (no `String` first).
    let text = cx.tendril(0)?;
    let content_type = cx.str(1)?;
    // A page may parse in a loop within one task: documents it dropped
    // are freed before the DOM grows much further, their slots reused.
    super::node::DocumentGroups::collect_if_grown(cx.scope, &cx.state);
    let doc = if content_type == "text/html" {
        cx.state.dom.borrow_mut().parse_document_input(text)
    } else {
        cx.state
            .dom
            .borrow_mut()
            .parse_xml_document_input(text, &content_type)
    };
    cx.node_id(Some(doc))
}

op_list! {
    "domParserParseFromString" => parse_from_string,
}
