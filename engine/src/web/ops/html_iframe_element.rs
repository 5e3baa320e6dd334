//! Ops of HTMLIFrameElement (HTML): the child navigable's window and
//! document.
//!
//! <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#the-iframe-element> ("The iframe element")

use super::{OpCx, OpResult};
use crate::web::realm::proxy_of;

/// iframe.contentWindow: the child frame's WindowProxy (made on first use).
fn content_window<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let element = cx.node(0)?;
    let frame = cx.state.element_frames.borrow().get(&element).copied();
    let Some(frame) = frame else {
        return cx.null();
    };
    cx.or_null(proxy_of(cx.scope, &cx.state, frame))
}

/// iframe.contentDocument: the child's document (its realm's wrapper) if
/// same origin-domain, else null.
fn content_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let element = cx.node(0)?;
    let frame = cx.state.element_frames.borrow().get(&element).copied();
    let Some(frame) = frame else {
        return cx.null();
    };
    crate::web::loading::ensure_context(cx.scope, &cx.state, frame);
    // https://html.spec.whatwg.org/multipage/document-sequences.html#concept-bcc-content-document
    // ("content document"): null unless same origin-domain.
    if !crate::web::document_policies::same_origin_domain(&cx.state, cx.frame, frame) {
        return cx.null();
    }
    let document = cx.frame_record(frame, |f| f.document).flatten();
    cx.node_in(frame, document)
}

op_list! {
    "htmlIFrameElementContentWindow" => content_window,
    "htmlIFrameElementContentDocument" => content_document,
}
