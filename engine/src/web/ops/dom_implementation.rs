//! Ops of DOMImplementation (DOM): documents and doctypes made by script.
//!
//! <https://dom.spec.whatwg.org/#interface-domimplementation> ("Interface DOMImplementation")

use super::{OpCx, OpResult};

fn create_html_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let title = cx.opt_str(0)?;
    let mut dom = cx.state.dom.borrow_mut();
    let doc = dom.parse_document("<!DOCTYPE html><html><head></head><body></body></html>");
    if let Some(t) = title {
        dom.set_title(doc, &t);
    }
    drop(dom);
    cx.node_id(Some(doc))
}

/// An empty XML document of content type argument 0 (createDocument).
fn create_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let content_type = cx.str(0)?;
    let doc = cx.state.dom.borrow_mut().create_xml_document(&content_type);
    cx.node_id(Some(doc))
}

fn create_document_type<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let (name, public, system) = (cx.str(1)?, cx.str(2)?, cx.str(3)?);
    let id = cx
        .state
        .dom
        .borrow_mut()
        .create_doctype(doc, &name, &public, &system);
    cx.node_id(Some(id))
}

op_list! {
    "domImplementationCreateHTMLDocument" => create_html_document,
    "domImplementationCreateDocument" => create_document,
    "domImplementationCreateDocumentType" => create_document_type,
}
