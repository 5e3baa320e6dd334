//! Ops of Node (DOM) over dom-lite: the tree, read and changed by node id.
//!
//! <https://dom.spec.whatwg.org/#interface-node> ("Interface Node")

use dom_lite::{NodeData, NodeId};

use super::{OpCx, OpResult};

node_op!(parent_node, parent);
node_op!(first_child, first_child);
node_op!(last_child, last_child);
node_op!(previous_sibling, previous_sibling);
node_op!(next_sibling, next_sibling);

/// [nodeType, localName, isHTML] for choosing a wrapper class.
fn kind<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

/// A live collection read the DOM version (`domVersion` in `js/node.js`):
/// from now on the parser moves it on before each script it runs
/// (`loading::execute`).
fn dom_version_read<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.state.dom_version_read.set(true);
    cx.undefined()
}

fn node_type<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let t = cx.state.dom.borrow().node_type(id);
    cx.num(f64::from(t))
}

fn node_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.state.dom.borrow().node_name(id);
    cx.string(&name)
}

fn owner_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let doc = cx.state.dom.borrow().owner_document(id);
    cx.node_id(Some(doc))
}

fn get_root_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let r = cx.state.dom.borrow().root(id);
    cx.node_id(Some(r))
}

fn is_connected<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let c = cx.state.dom.borrow().is_connected(id);
    cx.boolean(c)
}

fn child_nodes<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ids: Vec<NodeId> = cx.state.dom.borrow().children(id).collect();
    cx.node_ids(&ids)
}

fn contains<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (a, b) = (cx.node(0)?, cx.node(1)?);
    let c = cx.state.dom.borrow().contains(a, b);
    cx.boolean(c)
}

fn text_content<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let t = cx.state.dom.borrow().text_content(id);
    cx.opt_string(t.as_deref())
}

fn set_text_content<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let v = cx.str(1)?;
    cx.state.dom.borrow_mut().set_text_content(id, Some(&v));
    cx.undefined()
}

fn append_child<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, child) = (cx.node(0)?, cx.node(1)?);
    cx.state.dom.borrow_mut().append_child(parent, child)?;
    cx.undefined()
}

fn insert_before<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, child, reference) = (cx.node(0)?, cx.node(1)?, cx.opt_node(2)?);
    cx.state
        .dom
        .borrow_mut()
        .insert_before(parent, child, reference)?;
    cx.undefined()
}

fn remove_child<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, child) = (cx.node(0)?, cx.node(1)?);
    cx.state.dom.borrow_mut().remove_child(parent, child)?;
    cx.undefined()
}

fn replace_child<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, new, old) = (cx.node(0)?, cx.node(1)?, cx.node(2)?);
    cx.state.dom.borrow_mut().replace_child(parent, new, old)?;
    cx.undefined()
}

fn clone_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let deep = cx.bool(1);
    let c = cx.state.dom.borrow_mut().clone_node(id, deep);
    cx.node_id(Some(c))
}

fn is_equal_node<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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
fn compare_document_position<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

/// The wrappers of a document that is no frame's (argument 0) were all
/// collected (`js/node.js`' FinalizationRegistry): nothing of script names
/// its nodes any more, so they are freed, unless the agent itself still
/// holds one of them (a frame, an iframe's element, a script to run).
/// Returns how many nodes were freed.
fn release_document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    // Released already (by another origin's group of it): nothing to do.
    let Ok(doc) = cx.node(0) else {
        return cx.num(0.0);
    };
    let held = {
        let dom = cx.state.dom.borrow();
        let ours = |n: NodeId| dom.owner_document(n) == doc;
        has_frame(cx, doc)
            || cx.state.element_frames.borrow().keys().any(|&n| ours(n))
            || cx
                .state
                .current_scripts
                .borrow()
                .iter()
                .any(|(&d, &s)| ours(d) || ours(s))
            || cx.state.frames.borrow().values().any(|f| {
                f.document.is_some_and(ours)
                    || f.element.is_some_and(ours)
                    || f.load.deferred.iter().any(|(n, _)| ours(*n))
            })
    };
    let freed = if held {
        0
    } else {
        cx.state.dom.borrow_mut().release_document(doc)
    };
    cx.num(freed as f64)
}

/// Whether document `doc` is, or was, loaded in a frame of the agent.
fn has_frame(cx: &OpCx<'_>, doc: NodeId) -> bool {
    cx.state.document_frames.borrow().contains_key(&doc)
        || cx
            .state
            .frames
            .borrow()
            .values()
            .any(|f| f.document == Some(doc))
}

/// Whether document argument 0 is a frame's: its wrappers stay as long as
/// the tab (`js/node.js`), even before its realm is made.
fn document_has_frame<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let shown = has_frame(cx, doc);
    cx.boolean(shown)
}

/// From now on the DOM records nodes moving between documents
/// (`nodeTakeAdoptions`): `js/node.js` keeps the wrappers of a document
/// that is no frame's with that document.
fn track_adoptions<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.state.dom.borrow_mut().track_adoptions();
    cx.undefined()
}

/// After an op: if it moved nodes between documents, the bindings of the
/// calling realm move their wrappers along (`hooks.moveAdopted` in
/// `js/node.js`) before script runs again, so that no wrapper is kept only
/// by the group of a document its node left.
pub(crate) fn move_adopted_wrappers(
    scope: &crate::v8::HandleScope<'_>,
    state: &crate::web::agent::AgentState,
    frame: crate::runtime::report::FrameId,
) {
    let moved = {
        let mut dom = state.dom.borrow_mut();
        if !dom.has_adoptions() {
            return;
        }
        let moved = dom.take_adoptions();
        moved
            .iter()
            .flat_map(|&(n, d)| [super::node_number(&dom, n), super::node_number(&dom, d)])
            .collect::<Vec<f64>>()
    };
    let Some(ctx) = crate::web::realm::context_of(scope, state, frame) else {
        return;
    };
    let _cs = crate::v8::ContextScope::new(scope, ctx);
    let items: Vec<_> = moved
        .into_iter()
        .map(|n| crate::v8::value::number(scope, n))
        .collect();
    let array = crate::v8::Array::new(scope, &items).into();
    let tc = crate::v8::TryCatch::new(scope);
    if crate::web::realm::call_hook(scope, state, frame, "moveAdopted", &[array]).is_none() {
        crate::web::realm::handle_failure(scope, state, frame, &tc);
    }
}

op_list! {
    "nodeReleaseDocument" => release_document,
    "nodeTrackAdoptions" => track_adoptions,
    "nodeDocumentHasFrame" => document_has_frame,
    "nodeKind" => kind,
    "nodeType" => node_type,
    "nodeName" => node_name,
    "nodeOwnerDocument" => owner_document,
    "nodeGetRootNode" => get_root_node,
    "nodeIsConnected" => is_connected,
    "nodeParentNode" => parent_node,
    "nodeFirstChild" => first_child,
    "nodeLastChild" => last_child,
    "nodePreviousSibling" => previous_sibling,
    "nodeNextSibling" => next_sibling,
    "nodeChildNodes" => child_nodes,
    "nodeContains" => contains,
    "nodeTextContent" => text_content,
    "nodeSetTextContent" => set_text_content,
    "nodeAppendChild" => append_child,
    "nodeInsertBefore" => insert_before,
    "nodeRemoveChild" => remove_child,
    "nodeReplaceChild" => replace_child,
    "nodeCloneNode" => clone_node,
    "nodeIsEqualNode" => is_equal_node,
    "nodeCompareDocumentPosition" => compare_document_position,
    "nodeDomVersionRead" => dom_version_read,
}
