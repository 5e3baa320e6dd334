//! DOM operations over dom-lite (DOM Standard §4; HTML's DOM extensions).

use dom_lite::{NodeData, NodeId};

use super::{OpCx, OpError, OpResult};
use crate::web::exception::DomExceptionName;
use crate::web::realm::proxy_of;

/// Whether `frame` is same origin with the calling realm.
pub(super) fn same_origin_frame(cx: &OpCx<'_>, frame: u32) -> bool {
    let frames = cx.state.frames.borrow();
    match (frames.get(&cx.frame), frames.get(&frame)) {
        (Some(a), Some(b)) => a.origin.same_origin(&b.origin),
        _ => false,
    }
}

/// [nodeType, localName, isHTML] for choosing a wrapper class.
pub(super) fn node_kind<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let (t, name, html) = {
        let dom = cx.state.dom.borrow();
        let t = dom.node_type(id);
        let name = dom.local_name(id).unwrap_or("").to_string();
        let html = dom.namespace(id) == Some("http://www.w3.org/1999/xhtml");
        (t, name, html)
    };
    let values = [cx.num(f64::from(t))?, cx.string(&name)?, cx.boolean(html)?];
    cx.values(&values)
}

pub(super) fn node_type<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let t = cx.state.dom.borrow().node_type(id);
    cx.num(f64::from(t))
}

pub(super) fn node_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.state.dom.borrow().node_name(id);
    cx.string(&name)
}

pub(super) fn namespace_uri<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ns = cx.state.dom.borrow().namespace(id).map(str::to_string);
    cx.opt_string(ns.as_deref().filter(|n| !n.is_empty()))
}

pub(super) fn owner_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let doc = cx.state.dom.borrow().owner_document(id);
    cx.node_id(Some(doc))
}

pub(super) fn root<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let r = cx.state.dom.borrow().root(id);
    cx.node_id(Some(r))
}

pub(super) fn is_connected<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let c = cx.state.dom.borrow().is_connected(id);
    cx.boolean(c)
}

/// An op answering the node id `Dom::$method` gives for the node in
/// argument 0 (or -1 for none).
macro_rules! node_op {
    ($name:ident, $method:ident) => {
        pub(super) fn $name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
            let id = cx.node(0)?;
            let n = cx.state.dom.borrow().$method(id);
            cx.node_id(n)
        }
    };
}
node_op!(parent_node, parent);
node_op!(first_child, first_child);
node_op!(last_child, last_child);
node_op!(previous_sibling, previous_sibling);
node_op!(next_sibling, next_sibling);

pub(super) fn child_nodes<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ids: Vec<NodeId> = cx.state.dom.borrow().children(id).collect();
    cx.node_ids(&ids)
}

pub(super) fn children<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ids = cx.state.dom.borrow().element_children(id);
    cx.node_ids(&ids)
}

pub(super) fn contains<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (a, b) = (cx.node(0)?, cx.node(1)?);
    let c = cx.state.dom.borrow().contains(a, b);
    cx.boolean(c)
}

pub(super) fn data<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

pub(super) fn set_data<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let v = cx.str(1)?;
    cx.state.dom.borrow_mut().set_character_data(id, &v);
    cx.undefined()
}

pub(super) fn text_content<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let t = cx.state.dom.borrow().text_content(id);
    cx.opt_string(t.as_deref())
}

pub(super) fn set_text_content<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let v = cx.str(1)?;
    cx.state.dom.borrow_mut().set_text_content(id, Some(&v));
    cx.undefined()
}

pub(super) fn get_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    let v = cx
        .state
        .dom
        .borrow()
        .get_attribute(id, &name)
        .map(str::to_string);
    cx.opt_string(v.as_deref())
}

pub(super) fn set_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let (name, value) = (cx.str(1)?, cx.str(2)?);
    cx.state.dom.borrow_mut().set_attribute(id, &name, &value)?;
    cx.undefined()
}

pub(super) fn remove_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    cx.state.dom.borrow_mut().remove_attribute(id, &name);
    cx.undefined()
}

pub(super) fn has_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    let has = cx.state.dom.borrow().has_attribute(id, &name);
    cx.boolean(has)
}

pub(super) fn attribute_names<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let names = cx.state.dom.borrow().attribute_names(id);
    cx.strings(&names)
}

pub(super) fn append_child<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, child) = (cx.node(0)?, cx.node(1)?);
    cx.state.dom.borrow_mut().append_child(parent, child)?;
    cx.undefined()
}

pub(super) fn insert_before<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, child, reference) = (cx.node(0)?, cx.node(1)?, cx.opt_node(2)?);
    cx.state
        .dom
        .borrow_mut()
        .insert_before(parent, child, reference)?;
    cx.undefined()
}

pub(super) fn remove_child<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, child) = (cx.node(0)?, cx.node(1)?);
    cx.state.dom.borrow_mut().remove_child(parent, child)?;
    cx.undefined()
}

pub(super) fn replace_child<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, new, old) = (cx.node(0)?, cx.node(1)?, cx.node(2)?);
    cx.state.dom.borrow_mut().replace_child(parent, new, old)?;
    cx.undefined()
}

pub(super) fn remove<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    cx.state.dom.borrow_mut().remove(id);
    cx.undefined()
}

pub(super) fn clone_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let deep = cx.bool(1);
    let c = cx.state.dom.borrow_mut().clone_node(id, deep);
    cx.node_id(Some(c))
}

pub(super) fn import_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

pub(super) fn adopt_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (doc, id) = (cx.node(0)?, cx.node(1)?);
    cx.state.dom.borrow_mut().adopt(doc, id)?;
    cx.undefined()
}

pub(super) fn is_equal_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (a, b) = (cx.node(0)?, cx.node(1)?);
    let dom = cx.state.dom.borrow();
    let same = dom.node_type(a) == dom.node_type(b)
        && dom.node_name(a) == dom.node_name(b)
        && match (dom.data(a), dom.data(b)) {
            (NodeData::Element(_), NodeData::Element(_)) => dom.outer_html(a) == dom.outer_html(b),
            (NodeData::Document { .. }, _) | (NodeData::DocumentFragment, _) => {
                dom.inner_html(a) == dom.inner_html(b)
            }
            _ => dom.character_data(a) == dom.character_data(b),
        };
    drop(dom);
    cx.boolean(same)
}

/// DOM "compare document position" for nodes (no attributes).
pub(super) fn compare_document_position<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    const DISCONNECTED: u32 = 1;
    const PRECEDING: u32 = 2;
    const FOLLOWING: u32 = 4;
    const CONTAINS: u32 = 8;
    const CONTAINED_BY: u32 = 16;
    const IMPLEMENTATION_SPECIFIC: u32 = 32;
    let (this, other) = (cx.node(0)?, cx.node(1)?);
    let dom = cx.state.dom.borrow();
    let result = if this == other {
        0
    } else if dom.root(this) != dom.root(other) {
        DISCONNECTED
            | IMPLEMENTATION_SPECIFIC
            | if other.0 < this.0 {
                PRECEDING
            } else {
                FOLLOWING
            }
    } else if dom.contains(other, this) {
        CONTAINS | PRECEDING
    } else if dom.contains(this, other) {
        CONTAINED_BY | FOLLOWING
    } else {
        let root = dom.root(this);
        let first = dom
            .inclusive_descendants(root)
            .find(|n| *n == this || *n == other);
        if first == Some(other) {
            PRECEDING
        } else {
            FOLLOWING
        }
    };
    drop(dom);
    cx.num(f64::from(result))
}

pub(super) fn create_element<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let name = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_element(doc, &name)?;
    cx.node_id(Some(id))
}

pub(super) fn create_element_ns<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let ns = cx.str(1)?;
    let name = cx.str(2)?;
    let local = name.rsplit(':').next().unwrap_or(&name).to_string();
    let id = if ns == "http://www.w3.org/1999/xhtml" {
        cx.state.dom.borrow_mut().create_element(doc, &local)?
    } else {
        if local.is_empty() || local.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
            return Err(OpError::dom(
                DomExceptionName::InvalidCharacterError,
                format!(
                    "The qualified name provided ('{name}') contains the invalid name-start character."
                ),
            ));
        }
        let qual = dom_lite::QualName::new(
            None,
            dom_lite::Namespace::from(ns.as_str()),
            dom_lite::LocalName::from(local.as_str()),
        );
        cx.state
            .dom
            .borrow_mut()
            .create_element_with_name(doc, qual)
    };
    cx.node_id(Some(id))
}

pub(super) fn create_text_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let data = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_text(doc, &data);
    cx.node_id(Some(id))
}

pub(super) fn create_comment<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let data = cx.str(1)?;
    let id = cx.state.dom.borrow_mut().create_comment(doc, &data);
    cx.node_id(Some(id))
}

pub(super) fn create_document_fragment<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let id = cx.state.dom.borrow_mut().create_document_fragment(doc);
    cx.node_id(Some(id))
}

/// A document with no browsing context (new Document(), createDocument()).
pub(super) fn create_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.state.dom.borrow_mut().create_document();
    cx.node_id(Some(id))
}

pub(super) fn create_html_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let title = cx.opt_str(0)?;
    let mut dom = cx.state.dom.borrow_mut();
    let doc = dom.parse_document("<!DOCTYPE html><html><head></head><body></body></html>");
    if let Some(t) = title {
        dom.set_title(doc, &t);
    }
    drop(dom);
    cx.node_id(Some(doc))
}

pub(super) fn create_document_type<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let (name, public, system) = (cx.str(1)?, cx.str(2)?, cx.str(3)?);
    let id = cx
        .state
        .dom
        .borrow_mut()
        .create_doctype(doc, &name, &public, &system);
    cx.node_id(Some(id))
}

pub(super) fn parse_html_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let html = cx.str(0)?;
    let doc = cx.state.dom.borrow_mut().parse_document(&html);
    cx.node_id(Some(doc))
}

pub(super) fn get_element_by_id<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let id = cx.str(1)?;
    let n = cx.state.dom.borrow().get_element_by_id(root, &id);
    cx.node_id(n)
}

pub(super) fn query_selector<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let sel = cx.str(1)?;
    let n = cx.state.dom.borrow().query_selector(root, &sel)?;
    cx.node_id(n)
}

pub(super) fn query_selector_all<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let sel = cx.str(1)?;
    let ids = cx.state.dom.borrow().query_selector_all(root, &sel)?;
    cx.node_ids(&ids)
}

pub(super) fn matches<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let sel = cx.str(1)?;
    let m = cx.state.dom.borrow().matches(id, &sel)?;
    cx.boolean(m)
}

pub(super) fn closest<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let sel = cx.str(1)?;
    let n = cx.state.dom.borrow().closest(id, &sel)?;
    cx.node_id(n)
}

pub(super) fn get_elements_by_tag_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let name = cx.str(1)?;
    let ids = cx.state.dom.borrow().get_elements_by_tag_name(root, &name);
    cx.node_ids(&ids)
}

pub(super) fn get_elements_by_class_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let names = cx.str(1)?;
    let ids = cx
        .state
        .dom
        .borrow()
        .get_elements_by_class_name(root, &names);
    cx.node_ids(&ids)
}

pub(super) fn inner_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.state.dom.borrow().inner_html(id);
    cx.string(&html)
}

pub(super) fn set_inner_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.str(1)?;
    cx.state.dom.borrow_mut().set_inner_html(id, &html)?;
    cx.undefined()
}

pub(super) fn outer_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.state.dom.borrow().outer_html(id);
    cx.string(&html)
}

pub(super) fn set_outer_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.str(1)?;
    cx.state.dom.borrow_mut().set_outer_html(id, &html)?;
    cx.undefined()
}

pub(super) fn insert_adjacent_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let (position, html) = (cx.str(1)?, cx.str(2)?);
    cx.state
        .dom
        .borrow_mut()
        .insert_adjacent_html(id, &position, &html)?;
    cx.undefined()
}

node_op!(document_element, document_element);
node_op!(head, head);
node_op!(body, body);

pub(super) fn title<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let t = cx.state.dom.borrow().title(doc);
    cx.string(&t)
}

pub(super) fn set_title<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let t = cx.str(1)?;
    cx.state.dom.borrow_mut().set_title(doc, &t);
    cx.undefined()
}

/// The URL of a document: its frame's, or about:blank for one without.
pub(super) fn document_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let frame = cx.state.document_frames.borrow().get(&doc).copied();
    let url = frame
        .and_then(|f| cx.state.frames.borrow().get(&f).map(|f| f.url.to_string()))
        .unwrap_or_else(|| "about:blank".to_string());
    cx.string(&url)
}

/// The calling realm's document.
pub(super) fn document_id<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx
        .state
        .frames
        .borrow()
        .get(&cx.frame)
        .and_then(|f| f.document);
    cx.node_id(doc)
}

/// A document's window (defaultView): null when it has no browsing context
/// (or its frame is not same-origin with the caller).
pub(super) fn document_window<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let frame = cx.state.document_frames.borrow().get(&doc).copied();
    cx.or_null(frame.and_then(|f| proxy_of(cx.scope, &cx.state, f)))
}

pub(super) fn quirks_mode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let q = cx.state.dom.borrow().quirks_mode(doc);
    cx.boolean(matches!(q, dom_lite::QuirksMode::Quirks))
}

pub(super) fn doctype_ids<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ids = match cx.state.dom.borrow().data(id) {
        NodeData::Doctype {
            public_id,
            system_id,
            ..
        } => vec![public_id.to_string(), system_id.to_string()],
        _ => vec![String::new(), String::new()],
    };
    cx.strings(&ids)
}

node_op!(template_content, template_contents);

/// iframe.contentWindow: the child frame's WindowProxy (made on first use).
pub(super) fn content_window<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let element = cx.node(0)?;
    let frame = cx.state.element_frames.borrow().get(&element).copied();
    let Some(frame) = frame else {
        return cx.null();
    };
    crate::web::loading::ensure_context(cx.scope, &cx.state, frame);
    cx.or_null(proxy_of(cx.scope, &cx.state, frame))
}

/// iframe.contentDocument: the child's document if same origin, else null.
pub(super) fn content_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let element = cx.node(0)?;
    let frame = cx.state.element_frames.borrow().get(&element).copied();
    let Some(frame) = frame else {
        return cx.node_id(None);
    };
    crate::web::loading::ensure_context(cx.scope, &cx.state, frame);
    if !same_origin_frame(cx, frame) {
        return cx.node_id(None);
    }
    let doc = cx
        .state
        .frames
        .borrow()
        .get(&frame)
        .and_then(|f| f.document);
    cx.node_id(doc)
}

pub(super) fn document_write<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let html = cx.str(1)?;
    if !crate::web::loading::document_write(&cx.state, doc, &html) {
        cx.state
            .host
            .console(crate::runtime::report::ConsoleMessage {
                frame: cx.frame,
                level: crate::runtime::report::Level::Warn,
                text: "isohost: document.write() after the document finished parsing is ignored"
                    .into(),
            });
    }
    cx.undefined()
}
