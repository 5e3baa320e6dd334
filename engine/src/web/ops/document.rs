//! Ops of Document (DOM, HTML): making nodes, adopting them, the parts of
//! an HTML document, its URL, window and document.write().
//!
//! <https://dom.spec.whatwg.org/#interface-document> ("Interface Document")

use super::{OpCx, OpError, OpResult};
use crate::web::exception::DomExceptionName;
use crate::web::realm::proxy_of;

node_op!(document_element, document_element);
node_op!(head, head);
node_op!(body, body);

/// A document with no browsing context (new Document(), createDocument()).
/// <https://dom.spec.whatwg.org/#dom-document-document> ("new Document()"):
/// an XML document (a document's type is "xml" and its content type
/// "application/xml" unless said otherwise), with no children.
fn create<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx
        .state
        .dom
        .borrow_mut()
        .create_xml_document("application/xml");
    cx.node_id(Some(id))
}

fn create_element<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let name = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_element(doc, &name)?;
    cx.node_id(Some(id))
}

const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// <https://dom.spec.whatwg.org/#validate-and-extract> ("validate and
/// extract") for an element: the namespace ("" for null), prefix and
/// local name of `qualified` in `namespace`, or the DOMException.
fn validate_and_extract(
    namespace: &str,
    qualified: &str,
    operation: &str,
) -> Result<(Option<String>, String), OpError> {
    let invalid = |what: &str| {
        OpError::dom(
            DomExceptionName::InvalidCharacterError,
            format!(
                "Failed to execute '{operation}' on 'Document': The qualified name provided ('{qualified}') {what}."
            ),
        )
    };
    let namespace_error = |why: &str| {
        OpError::dom(
            DomExceptionName::NamespaceError,
            format!("Failed to execute '{operation}' on 'Document': {why}"),
        )
    };
    // 2-4. The prefix is what comes before the first ':'.
    let (prefix, local) = match qualified.split_once(':') {
        Some((prefix, local)) => {
            // A valid namespace prefix.
            if prefix.is_empty()
                || prefix
                    .contains(|c: char| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '>'))
            {
                return Err(invalid("has an invalid prefix"));
            }
            (Some(prefix), local)
        }
        None => (None, qualified),
    };
    // 7.
    if !dom_lite::is_valid_element_local_name(local) {
        return Err(invalid("is not a valid name"));
    }
    // 8-11.
    if prefix.is_some() && namespace.is_empty() {
        return Err(namespace_error(
            "The namespace URI provided ('') is not valid for a qualified name with a prefix.",
        ));
    }
    if prefix == Some("xml") && namespace != XML_NAMESPACE {
        return Err(namespace_error("The prefix 'xml' needs the XML namespace."));
    }
    let xmlns = qualified == "xmlns" || prefix == Some("xmlns");
    if xmlns != (namespace == XMLNS_NAMESPACE) {
        return Err(namespace_error(
            "The 'xmlns' name or prefix goes with the XMLNS namespace, and only it.",
        ));
    }
    Ok((prefix.map(str::to_string), local.to_string()))
}

/// <https://dom.spec.whatwg.org/#dom-document-createelementns> ("createElementNS(namespace, qualifiedName)"):
/// arguments (document, namespace or "" for null, qualified name). Names
/// keep their case, and the prefix is kept.
fn create_element_ns<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let ns = cx.str(1)?;
    let name = cx.str(2)?;
    let (prefix, local) = validate_and_extract(&ns, &name, "createElementNS")?;
    let qual = dom_lite::QualName::new(
        prefix.map(|p| dom_lite::Prefix::from(p.as_str())),
        dom_lite::Namespace::from(ns.as_str()),
        dom_lite::LocalName::from(local.as_str()),
    );
    let id = cx
        .state
        .dom
        .borrow_mut()
        .create_element_with_name(doc, qual);
    cx.node_id(Some(id))
}

fn create_text_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let data = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_text(doc, &data);
    cx.node_id(Some(id))
}

fn create_comment<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let data = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_comment(doc, &data);
    cx.node_id(Some(id))
}

fn create_processing_instruction<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let target = cx.str(1)?;
    let data = cx.str(2)?;
    let id = cx
        .state
        .dom
        .borrow_mut()
        .create_processing_instruction(doc, &target, &data)?;
    cx.node_id(Some(id))
}

fn create_cdata_section<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let data = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_cdata_section(doc, &data)?;
    cx.node_id(Some(id))
}

fn create_document_fragment<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let id = cx.state.dom.borrow_mut().create_document_fragment(doc);
    cx.node_id(Some(id))
}

fn import_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (doc, id) = (cx.node(0)?, cx.node(1)?);
    let deep = cx.bool(2);
    let mut dom = cx.state.dom.borrow_mut();
    if dom.is_document(id) {
        return Err(OpError::dom(
            DomExceptionName::NotSupportedError,
            "Failed to execute 'importNode' on 'Document': The node provided is a document, which may not be imported.",
        ));
    }
    let c = dom.clone_node(id, deep);
    dom.adopt(doc, c)?;
    drop(dom);
    cx.node_id(Some(c))
}

fn adopt_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (doc, id) = (cx.node(0)?, cx.node(1)?);
    cx.state.dom.borrow_mut().adopt(doc, id)?;
    cx.undefined()
}

fn get_element_by_id<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let id = cx.str(1)?;
    let n = cx.state.dom.borrow().get_element_by_id(root, &id);
    cx.node_id(n)
}

fn title<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let t = cx.state.dom.borrow().title(doc);
    cx.string(&t)
}

/// The script element of the document in argument 0 that is running, or
/// -1 (`loading::execute` keeps it).
fn current_script<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let script = cx.state.current_scripts.borrow().get(&doc).copied();
    cx.node_id(script)
}

fn set_title<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let t = cx.str(1)?;
    cx.state.dom.borrow_mut().set_title(doc, &t);
    cx.undefined()
}

/// The URL of a document: its frame's, or about:blank for one without.
fn url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let frame = cx.state.document_frames.borrow().get(&doc).copied();
    let url = frame
        .and_then(|f| cx.state.frames.borrow().get(&f).map(|f| f.url.to_string()))
        .unwrap_or_else(|| "about:blank".to_string());
    cx.string(&url)
}

fn base_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let url = crate::web::loading::document_base_url(&cx.state, doc);
    cx.string(url.as_str())
}

/// The target a navigation from document argument 0 goes to: argument 1
/// (a form's or its submitter's target; null for none), else the document's
/// `<base target>` (`loading::element_target`).
fn element_target<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let own = if cx.arg(1).is_null_or_undefined() {
        None
    } else {
        Some(cx.str(1)?)
    };
    let target = crate::web::loading::element_target(&cx.state, doc, own);
    cx.string(&target)
}

/// A document's encoding's name (characterSet): the one its frame's
/// document was decoded with; UTF-8 for documents made by script.
fn character_set<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let frame = cx.state.document_frames.borrow().get(&doc).copied();
    let name = frame
        .and_then(|f| cx.state.frames.borrow().get(&f).map(|f| f.encoding.name()))
        .unwrap_or("UTF-8");
    cx.string(name)
}

/// A document's window (defaultView): null when it has no browsing context
/// (or its frame is not same-origin with the caller).
fn default_view<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let frame = cx.state.document_frames.borrow().get(&doc).copied();
    cx.or_null(frame.and_then(|f| proxy_of(cx.scope, &cx.state, f)))
}

fn quirks_mode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let q = cx.state.dom.borrow().quirks_mode(doc);
    cx.boolean(matches!(q, dom_lite::QuirksMode::Quirks))
}

/// <https://dom.spec.whatwg.org/#dom-document-contenttype> ("contentType")
fn content_type<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let dom = cx.state.dom.borrow();
    cx.string(dom.content_type(doc))
}

/// What `document.open()` and `document.write()` did, as the bindings
/// see it: their exceptions.
fn opened<'s>(
    cx: &mut OpCx<'s>,
    opened: crate::web::loading::Opened,
    operation: &str,
) -> OpResult<'s> {
    use crate::web::loading::Opened;
    match opened {
        Opened::Done | Opened::Ignored => cx.undefined(),
        Opened::Xml => Err(OpError::dom(
            DomExceptionName::InvalidStateError,
            format!(
                "Failed to execute '{operation}' on 'Document': Only HTML documents support {operation}()."
            ),
        )),
        Opened::OtherOrigin => Err(OpError::dom(
            DomExceptionName::SecurityError,
            format!(
                "Failed to execute '{operation}' on 'Document': Can only call {operation}() on same-origin documents."
            ),
        )),
    }
}

/// `document.write(text)` (`loading::document_write`).
fn write<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let html = cx.str(1)?;
    let entry = super::location::running_frame(cx);
    let done = crate::web::loading::document_write(cx.scope, &cx.state, doc, entry, &html);
    opened(cx, done, "write")
}

/// `document.open()` (`loading::document_open`).
fn open<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let entry = super::location::running_frame(cx);
    let done = crate::web::loading::document_open(cx.scope, &cx.state, doc, entry);
    opened(cx, done, "open")
}

/// `document.close()` (`loading::document_close`).
fn close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    if !cx.state.dom.borrow().is_html_document(doc) {
        return Err(OpError::dom(
            DomExceptionName::InvalidStateError,
            "Failed to execute 'close' on 'Document': Only HTML documents support close().",
        ));
    }
    let entry = super::location::running_frame(cx);
    crate::web::loading::document_close(cx.scope, &cx.state, doc, entry);
    cx.undefined()
}

// document.domain (issue 11): web/document_policies.rs decides.

/// The frame whose active document is node `doc`, if any.
fn frame_of_document(
    cx: &OpCx<'_>,
    doc: dom_lite::NodeId,
) -> Option<crate::runtime::report::FrameId> {
    cx.state.document_frames.borrow().get(&doc).copied()
}

/// document.domain's getter: its origin's effective domain. A document
/// without a browsing context (`new Document()`, DOMParser's, XHR's) has
/// the origin of the realm that made it, taken here as the caller's.
fn domain<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let frame = frame_of_document(cx, doc).unwrap_or(cx.frame);
    let domain = crate::web::document_policies::domain(&cx.state, frame);
    cx.string(&domain)
}

/// document.domain's setter.
fn set_domain<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let value = cx.str(1)?;
    let frame = frame_of_document(cx, doc);
    crate::web::document_policies::set_domain(cx.scope, &cx.state, frame, &value)?;
    cx.undefined()
}

/// <https://html.spec.whatwg.org/multipage/dom.html#dom-document-cookie> ("document.cookie"),
/// getter and setter step 2: a document whose origin is opaque (a sandboxed
/// frame without allow-same-origin) throws a SecurityError. Cookies are not
/// modelled beyond that: every document then reads as cookie-averse.
fn check_cookie_access<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let setting = cx.bool(1);
    // Step 1: a document without a browsing context is cookie-averse.
    let Some(frame) = frame_of_document(cx, doc) else {
        return cx.undefined();
    };
    if cx.state.frame_origin(frame).is_some_and(|o| o.is_opaque()) {
        let access = if setting {
            "set the 'cookie' property on"
        } else {
            "read the 'cookie' property from"
        };
        return Err(OpError::dom(
            DomExceptionName::SecurityError,
            format!(
                "Failed to {access} 'Document': The document is sandboxed and lacks the 'allow-same-origin' flag."
            ),
        ));
    }
    cx.undefined()
}

op_list! {
    "documentCheckCookieAccess" => check_cookie_access,
    "documentOpen" => open,
    "documentClose" => close,
    "documentDomain" => domain,
    "documentSetDomain" => set_domain,
    "documentCreate" => create,
    "documentCreateElement" => create_element,
    "documentCreateElementNS" => create_element_ns,
    "documentCreateTextNode" => create_text_node,
    "documentCreateComment" => create_comment,
    "documentCreateProcessingInstruction" => create_processing_instruction,
    "documentCreateCDATASection" => create_cdata_section,
    "documentCreateDocumentFragment" => create_document_fragment,
    "documentImportNode" => import_node,
    "documentAdoptNode" => adopt_node,
    "documentGetElementById" => get_element_by_id,
    "documentElement" => document_element,
    "documentHead" => head,
    "documentBody" => body,
    "documentTitle" => title,
    "documentCurrentScript" => current_script,
    "documentSetTitle" => set_title,
    "documentURL" => url,
    "documentBaseURL" => base_url,
    "documentElementTarget" => element_target,
    "documentCharacterSet" => character_set,
    "documentDefaultView" => default_view,
    "documentQuirksMode" => quirks_mode,
    "documentContentType" => content_type,
    "documentWrite" => write,
}
