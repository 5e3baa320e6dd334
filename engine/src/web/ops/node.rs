//! Ops of Node (DOM) over dom-lite: the tree, read and changed by node id.
//!
//! <https://dom.spec.whatwg.org/#interface-node> ("Interface Node")

use std::cell::RefCell;
use std::collections::HashMap;

use dom_lite::{NodeData, NodeId};

use super::{OpCx, OpError, OpResult};
use crate::v8::{self, HandleScope};
use crate::web::agent::AgentState;

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

/// The wrapper groups of the agent's documents that are no frame's
/// (`js/node.js`, "Lifetimes"), by document, held weakly: a group lives
/// while any wrapper of its document's nodes is reachable, and once V8 has
/// collected it nothing of script names those nodes any more. Weak handles
/// held here, not WeakRefs: opening a WeakRef keeps its target until the
/// end of the job (and a FinalizationRegistry reports only between
/// tasks), so a loop of parses in one task could never free a document.
#[derive(Default)]
pub(crate) struct DocumentGroups {
    groups: RefCell<HashMap<NodeId, v8::Weak<v8::Value>>>,
}

impl DocumentGroups {
    /// Frees the nodes of every document whose group V8 has collected,
    /// unless the agent itself still holds one of them (a frame, an
    /// iframe's element, a script to run). Returns how many nodes went.
    pub(crate) fn release_collected(state: &AgentState) -> usize {
        let Ok(mut groups) = state.document_groups.groups.try_borrow_mut() else {
            return 0;
        };
        let mut free = Vec::new();
        groups.retain(|&doc, group| {
            if !group.is_collected() {
                return true;
            }
            match held_by_agent(state, doc) {
                Some(true) => false,
                // Freed below, all together; its group goes then.
                Some(false) => {
                    free.push(doc);
                    true
                }
                // The agent's state is in use up the stack: next time.
                None => true,
            }
        });
        if free.is_empty() {
            return 0;
        }
        let Ok(mut dom) = state.dom.try_borrow_mut() else {
            return 0;
        };
        // In one order whatever the map's: which slots the next nodes take
        // does not depend on its hashing.
        free.sort_unstable();
        // Together: the arena's tail is trimmed and the attribute store
        // compacted once (a page that parses in a loop lets a dozen
        // documents go at each collection).
        let freed = dom.release_documents(&free);
        drop(dom);
        let mut parsers = state.open_parsers.borrow_mut();
        for doc in &free {
            groups.remove(doc);
            parsers.remove(doc);
        }
        freed
    }

    /// Once the live DOM has grown by 64 MiB, and doubled, since garbage
    /// was last collected for it: collects garbage now, also with script
    /// on the stack, and frees the documents that let go (V8 does not see
    /// the DOM's memory, and would not collect for it in time). Amortized:
    /// a collection per doubling. Not for less: a collection of even a
    /// small page's heap costs more than the page faults that reusing a
    /// 1 MB document's slots saves (≈1 ms). One full collection
    /// (`HandleScope::collect_garbage`, 21–49 M instructions for the page
    /// of `compare-isohost parse`; V8's low-memory notification, used
    /// before, ran two or more, 57–113 M, and emptied the compilation
    /// cache; a second only when the first freed less than half the
    /// growth), then the documents it let go freed together
    /// (`Dom::release_documents`, ≈12.5 M instructions per 1 MB document;
    /// one at a time, each compacted the attribute store again, 14.7 M):
    /// a page parsing 1 MB 25 times in a loop, 2,733 → 2,600 M
    /// instructions (issue 15; `valgrind --tool=callgrind
    /// --toggle-collect='*parse_from_string*' compare-isohost parse 25`).
    pub(crate) fn collect_if_grown(scope: &HandleScope<'_>, state: &AgentState) {
        const STEP: usize = 64 << 20;
        let live_bytes = || state.dom.try_borrow().map(|dom| dom.live_bytes()).ok();
        let Some(live) = live_bytes() else {
            return;
        };
        let at = state.dom_collected_at.get();
        if live < at.saturating_add(STEP.max(at)) {
            if live < at {
                state.dom_collected_at.set(live);
            }
            return;
        }
        scope.collect_garbage();
        Self::release_collected(state);
        // A marking cycle V8 had under way when asked is finished, not
        // begun again: what it had marked before the page let go of it
        // lives on. When less than half of the growth went, once more (V8's
        // low-memory notification, used before, always collected twice).
        if live_bytes().is_some_and(|now| now > at + (live - at) / 2) {
            scope.collect_garbage();
            Self::release_collected(state);
        }
        state.dom_collected_at.set(live_bytes().unwrap_or(live));
    }
}

/// The group of document argument 0 (`js/node.js`), or undefined if it has
/// none or V8 has collected it.
fn document_group<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let group = cx
        .state
        .document_groups
        .groups
        .borrow()
        .get(&doc)
        .and_then(|g| g.open(cx.scope));
    match group {
        Some(g) => Ok(g),
        None => cx.undefined(),
    }
}

/// Object argument 1 is now the group of document argument 0, replacing
/// a collected one (then some wrapper of it was made again, and the
/// document is not freed).
fn set_document_group<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let doc = cx.node(0)?;
    let Some(group) = cx.arg(1).to_object_checked() else {
        return Err(OpError::type_error("not a group"));
    };
    let weak = v8::Weak::new(cx.scope, group.value());
    cx.state
        .document_groups
        .groups
        .borrow_mut()
        .insert(doc, weak);
    cx.undefined()
}

/// Whether the agent itself still holds a node of document `doc`: a frame
/// shows it, an iframe's element or a script to run is of it. `None` while
/// some of that state is borrowed up the stack.
fn held_by_agent(state: &AgentState, doc: NodeId) -> Option<bool> {
    let dom = state.dom.try_borrow().ok()?;
    let ours = |n: NodeId| dom.owner_document(n) == doc;
    let frames = state.frames.try_borrow().ok()?;
    Some(
        state.document_frames.try_borrow().ok()?.contains_key(&doc)
            || state
                .element_frames
                .try_borrow()
                .ok()?
                .keys()
                .any(|&n| ours(n))
            || state
                .current_scripts
                .try_borrow()
                .ok()?
                .iter()
                .any(|(&d, &s)| ours(d) || ours(s))
            || frames.values().any(|f| {
                f.document == Some(doc)
                    || f.document.is_some_and(ours)
                    || f.element.is_some_and(ours)
                    || f.load.deferred.iter().any(|(n, _)| ours(*n))
            }),
    )
}

/// Whether argument 0 still names a node: false once its document was
/// freed (`js/mutation_observer.js` prunes registrations with it).
fn is_live<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let live = cx.node(0).is_ok();
    cx.boolean(live)
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
    let called = crate::web::custom_elements::hold(|| {
        crate::web::realm::call_hook(scope, state, frame, "moveAdopted", &[array])
    });
    if called.is_none() {
        crate::web::realm::handle_failure(scope, state, frame, &tc);
    }
}

op_list! {
    "nodeDocumentGroup" => document_group,
    "nodeSetDocumentGroup" => set_document_group,
    "nodeIsLive" => is_live,
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
