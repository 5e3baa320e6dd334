//! Tree mutation with the DOM spec's checks, adoption, cloning, and the
//! records the engine drains to start and stop frames and run scripts.

use crate::custom::{CustomElementRecord, CustomElementState};
use crate::dom::Dom;
use crate::error::DomError;
use crate::node::{ElementData, NodeData, NodeId};

/// Something the engine must react to, recorded in tree order per operation
/// and drained with [`Dom::take_mutations`]. Only iframes and scripts are
/// watched, to keep recording cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// An HTML `<iframe>` became connected (inserted by the parser, or it or
    /// an ancestor was inserted into a document): the engine creates its frame.
    FrameConnected(NodeId),
    /// An HTML `<iframe>` became disconnected (it or an ancestor was removed):
    /// the engine discards its frame.
    FrameDisconnected(NodeId),
    /// `src` or `srcdoc` was set or removed on a connected iframe: it navigates.
    FrameSrcChanged(NodeId),
    /// A connected HTML `<script>` that is neither parser-inserted nor already
    /// started was connected by a DOM API, had children inserted, or gained a
    /// `src`: the engine prepares it (runs it unless it has nothing to run,
    /// setting "already started" when it does). Parser-inserted scripts come
    /// through [`ParseStep::Script`](crate::ParseStep) instead.
    ScriptConnected(NodeId),
}

impl Mutation {
    /// The iframe or script the record is about.
    pub fn node(&self) -> NodeId {
        match *self {
            Mutation::FrameConnected(n)
            | Mutation::FrameDisconnected(n)
            | Mutation::FrameSrcChanged(n)
            | Mutation::ScriptConnected(n) => n,
        }
    }
}

/// Which API is checking, for browser-like error messages.
#[derive(Clone, Copy)]
enum Op {
    Insert(&'static str),
    Replace,
}

impl Op {
    fn method(self) -> &'static str {
        match self {
            Op::Insert(method) => method,
            Op::Replace => "replaceChild",
        }
    }
}

fn hierarchy(op: Op, detail: &str) -> DomError {
    DomError::HierarchyRequest(format!(
        "Failed to execute '{}' on 'Node': {detail}",
        op.method()
    ))
}

impl Dom {
    /// Drains the records of iframes and scripts that need the engine's attention.
    pub fn take_mutations(&mut self) -> Vec<Mutation> {
        std::mem::take(&mut self.mutations)
    }

    /// `parent.appendChild(child)`.
    pub fn append_child(&mut self, parent: NodeId, child: NodeId) -> Result<(), DomError> {
        self.pre_insert(child, parent, None, "appendChild")
    }

    /// `parent.insertBefore(child, reference)`.
    pub fn insert_before(
        &mut self,
        parent: NodeId,
        child: NodeId,
        reference: Option<NodeId>,
    ) -> Result<(), DomError> {
        self.pre_insert(child, parent, reference, "insertBefore")
    }

    /// `parent.removeChild(child)`.
    pub fn remove_child(&mut self, parent: NodeId, child: NodeId) -> Result<(), DomError> {
        // https://dom.spec.whatwg.org/#concept-node-pre-remove
        if self.parent(child) != Some(parent) {
            return Err(DomError::NotFound(
                "Failed to execute 'removeChild' on 'Node': The node to be removed is not a child of this node."
                    .to_owned(),
            ));
        }
        self.remove_node(child);
        Ok(())
    }

    /// `child.remove()`: detaches `id` from its parent, if any.
    pub fn remove(&mut self, id: NodeId) {
        self.remove_node(id);
    }

    /// `parent.replaceChild(new_child, old_child)`.
    pub fn replace_child(
        &mut self,
        parent: NodeId,
        new_child: NodeId,
        old_child: NodeId,
    ) -> Result<(), DomError> {
        // https://dom.spec.whatwg.org/#concept-node-replace
        let (node, child) = (new_child, old_child);
        // Steps 1-6.
        self.check_validity(node, parent, Some(child), Op::Replace)?;
        // Steps 7-8. The reference child is child's next sibling, skipping node.
        let mut reference = self.next_sibling(child);
        if reference == Some(node) {
            reference = self.next_sibling(node);
        }
        // Step 9. The previous sibling, skipping node.
        let mut previous = self.previous_sibling(child);
        if previous == Some(node) {
            previous = self.previous_sibling(node);
        }
        // Step 10. Adopt node into parent's node document (removing it from its parent).
        let doc = self.owner_document(parent);
        self.adopt_node(doc, node);
        // Step 11. Remove child (suppressing observers) unless node was child.
        let mut removed = Vec::new();
        if self.parent(child).is_some() {
            removed.push(child);
            self.remove_node_with(child, true);
        }
        // Step 12. The nodes going in.
        let nodes = if self.observed {
            self.nodes_of(node)
        } else {
            Vec::new()
        };
        // Step 13. Insert node before the reference child, suppressing observers.
        self.insert_node_with(node, parent, reference, true);
        // Step 14. One record for the whole replacement.
        self.queue_tree_record(parent, nodes, removed, previous, reference);
        Ok(())
    }

    /// `document.adoptNode(id)`: removes `id` from its parent and moves its
    /// subtree (and template contents) to `doc`.
    pub fn adopt(&mut self, doc: NodeId, id: NodeId) -> Result<(), DomError> {
        if matches!(self.data(id), NodeData::Document { .. }) {
            return Err(DomError::NotSupported(
                "Failed to execute 'adoptNode' on 'Document': The node provided is a document, which may not be adopted."
                    .to_owned(),
            ));
        }
        // https://dom.spec.whatwg.org/#dom-document-adoptnode, step 2.
        if self.is_shadow_root(id) {
            return Err(DomError::HierarchyRequest(
                "Failed to execute 'adoptNode' on 'Document': The node provided is a shadow root, which may not be adopted."
                    .to_owned(),
            ));
        }
        let doc = self.owner_document(doc);
        self.adopt_node(doc, id);
        Ok(())
    }

    /// The DOM's `textContent` setter: replaces an element's or fragment's
    /// children with one text node (none for `None` or `""`); sets the data of
    /// text and comments; does nothing on documents and doctypes.
    pub fn set_text_content(&mut self, id: NodeId, value: Option<&str>) {
        match self.data(id) {
            NodeData::Element(_) | NodeData::DocumentFragment => {
                let value = value.unwrap_or("");
                let text = (!value.is_empty()).then(|| self.create_text(id, value));
                self.replace_all(text, id);
            }
            NodeData::Text(_)
            | NodeData::Comment(_)
            | NodeData::CDataSection(_)
            | NodeData::ProcessingInstruction { .. } => {
                self.set_character_data(id, value.unwrap_or(""));
            }
            NodeData::Document { .. } | NodeData::Doctype(_) => {}
        }
    }

    /// `node.cloneNode(deep)`: a copy owned by the same document (a cloned
    /// document owns itself and its cloned children). Deep clones of templates
    /// also copy their contents.
    pub fn clone_node(&mut self, id: NodeId, deep: bool) -> NodeId {
        // https://dom.spec.whatwg.org/#concept-node-clone
        let doc = self.owner_document(id);
        let copy = self.clone_shallow(id, doc);
        let doc = self.owner_document(copy);
        // (source, copy) pairs whose children are still to clone; iterative,
        // so deep trees cannot overflow the stack.
        let mut work = Vec::new();
        if deep {
            work.push((id, copy));
        }
        self.clone_shadow_root(id, copy, &mut work);
        while let Some((source, target)) = work.pop() {
            // https://html.spec.whatwg.org/multipage/scripting.html#the-template-element:concept-node-clone-ext
            if let (Some(from), Some(to)) = (
                self.template_contents(source),
                self.template_contents(target),
            ) {
                work.push((from, to));
            }
            let mut child = self.first_child(source);
            while let Some(c) = child {
                let c_copy = self.clone_shallow(c, doc);
                self.link_before(target, c_copy, None);
                work.push((c, c_copy));
                self.clone_shadow_root(c, c_copy, &mut work);
                child = self.next_sibling(c);
            }
        }
        copy
    }

    fn clone_shallow(&mut self, id: NodeId, doc: NodeId) -> NodeId {
        match self.data(id).clone() {
            data @ NodeData::Document { .. } => self.push_node(None, data),
            NodeData::Element(e) => {
                let custom = e.custom_state(self.attrs_of(&e)) != CustomElementState::Uncustomized;
                let copy = self.create_element_with_name(doc, e.name.clone());
                // The copy's own block: the clone of `e` names the source's.
                let source = self.attrs_of(&e).to_vec();
                let bytes: usize = source.iter().map(|a| a.value.len()).sum();
                self.text_changed(0, bytes);
                let attrs = self.attr_store.new_list(source.into_iter());
                if let Some(c) = self.node_mut(copy).element_mut() {
                    let ElementData {
                        script_already_started,
                        mathml_annotation_xml_integration_point,
                        ..
                    } = e;
                    c.attrs = attrs;
                    // https://html.spec.whatwg.org/multipage/scripting.html#script-processing-model
                    // Cloning a script copies "already started".
                    c.script_already_started = script_already_started;
                    c.mathml_annotation_xml_integration_point =
                        mathml_annotation_xml_integration_point;
                }
                // https://dom.spec.whatwg.org/#concept-node-clone: the copy
                // is made with the source's is value, to be upgraded.
                if custom {
                    self.set_custom_element_state(copy, CustomElementState::Undefined);
                    if self.custom_elements_defined {
                        self.custom_element_records
                            .push(CustomElementRecord::Cloned(copy));
                    }
                }
                copy
            }
            data @ (NodeData::Doctype(_)
            | NodeData::Text(_)
            | NodeData::Comment(_)
            | NodeData::CDataSection(_)
            | NodeData::ProcessingInstruction { .. }
            | NodeData::DocumentFragment) => self.push_node(Some(doc), data),
        }
    }

    // --- the spec's algorithms ---

    /// https://dom.spec.whatwg.org/#concept-node-pre-insert
    fn pre_insert(
        &mut self,
        node: NodeId,
        parent: NodeId,
        child: Option<NodeId>,
        method: &'static str,
    ) -> Result<(), DomError> {
        // Step 1.
        self.check_validity(node, parent, child, Op::Insert(method))?;
        // Steps 2-3. If child is node, use node's next sibling instead.
        let reference = if child == Some(node) {
            self.next_sibling(node)
        } else {
            child
        };
        // Step 4.
        self.insert_node(node, parent, reference);
        Ok(())
    }

    /// https://dom.spec.whatwg.org/#concept-node-ensure-pre-insertion-validity and
    /// steps 1-6 of https://dom.spec.whatwg.org/#concept-node-replace.
    fn check_validity(
        &self,
        node: NodeId,
        parent: NodeId,
        child: Option<NodeId>,
        op: Op,
    ) -> Result<(), DomError> {
        let replacing = matches!(op, Op::Replace);
        // Step 1. Parent must be a document, fragment or element.
        let parent_is_document = match self.data(parent) {
            NodeData::Document { .. } => true,
            NodeData::DocumentFragment | NodeData::Element(_) => false,
            _ => {
                return Err(hierarchy(
                    op,
                    "This node type does not support this method.",
                ));
            }
        };
        // Step 2. Node must not be a host-including inclusive ancestor of parent.
        if self.host_including_contains(node, parent) {
            return Err(hierarchy(op, "The new child element contains the parent."));
        }
        // Step 3. Child, if given, must be parent's child.
        if child.is_some_and(|c| self.parent(c) != Some(parent)) {
            let detail = if replacing {
                "The node to be replaced is not a child of this node."
            } else {
                "The node before which the new node is to be inserted is not a child of this node."
            };
            return Err(DomError::NotFound(format!(
                "Failed to execute '{}' on 'Node': {detail}",
                op.method()
            )));
        }
        // Steps 4-5. Node kinds that may not go here.
        let bad_kind = match self.data(node) {
            NodeData::Document { .. } => true,
            NodeData::Text(_) | NodeData::CDataSection(_) => parent_is_document,
            NodeData::Doctype(_) => !parent_is_document,
            _ => false,
        };
        if bad_kind {
            let detail = format!(
                "Nodes of type '{}' may not be inserted inside nodes of type '{}'.",
                self.node_name(node),
                self.node_name(parent)
            );
            return Err(hierarchy(op, &detail));
        }
        if !parent_is_document {
            return Ok(());
        }
        // Step 6. A document has at most one element, at most one doctype, doctype first.
        let is_doctype = |dom: &Dom, n: NodeId| matches!(dom.data(n), NodeData::Doctype(_));
        // An element may not go in: parent has another element, child is a
        // doctype (when inserting), or a doctype follows child.
        let element_refused = |dom: &Dom| {
            dom.children(parent)
                .any(|c| dom.is_element(c) && !(replacing && Some(c) == child))
                || (!replacing && child.is_some_and(|c| is_doctype(dom, c)))
                || child.is_some_and(|c| {
                    std::iter::successors(dom.next_sibling(c), |&n| dom.next_sibling(n))
                        .any(|n| is_doctype(dom, n))
                })
        };
        const ONE_ELEMENT: &str = "Only one element on document allowed.";
        match self.data(node) {
            NodeData::DocumentFragment => {
                let elements = self.children(node).filter(|&c| self.is_element(c)).count();
                let has_text = self
                    .children(node)
                    .any(|c| matches!(self.data(c), NodeData::Text(_) | NodeData::CDataSection(_)));
                if elements > 1 || has_text {
                    return Err(hierarchy(
                        op,
                        "Nodes of type '#text' or more than one element may not be inserted inside nodes of type '#document'.",
                    ));
                }
                if elements == 1 && element_refused(self) {
                    return Err(hierarchy(op, ONE_ELEMENT));
                }
            }
            NodeData::Element(_) if element_refused(self) => {
                return Err(hierarchy(op, ONE_ELEMENT));
            }
            NodeData::Doctype(_) => {
                let other_doctype = self
                    .children(parent)
                    .any(|c| is_doctype(self, c) && !(replacing && Some(c) == child));
                let element_preceding = match child {
                    Some(c) => std::iter::successors(self.previous_sibling(c), |&n| {
                        self.previous_sibling(n)
                    })
                    .any(|n| self.is_element(n)),
                    None => false,
                };
                let element_anywhere = !replacing
                    && child.is_none()
                    && self.children(parent).any(|c| self.is_element(c));
                if other_doctype || element_preceding || element_anywhere {
                    return Err(hierarchy(
                        op,
                        "Only one doctype on document allowed, before the element.",
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// https://dom.spec.whatwg.org/#concept-node-insert, without checks.
    pub(crate) fn insert_node(&mut self, node: NodeId, parent: NodeId, child: Option<NodeId>) {
        self.insert_node_with(node, parent, child, false);
    }

    /// The nodes inserting `node` inserts: a fragment's children, or itself.
    pub(crate) fn nodes_of(&self, node: NodeId) -> Vec<NodeId> {
        if matches!(self.data(node), NodeData::DocumentFragment) {
            self.children(node).collect()
        } else {
            vec![node]
        }
    }

    /// "insert", with its suppress observers flag.
    pub(crate) fn insert_node_with(
        &mut self,
        node: NodeId,
        parent: NodeId,
        child: Option<NodeId>,
        suppress_observers: bool,
    ) {
        let doc = self.owner_document(parent);
        // Steps 1-4. A fragment gives its children (a record on the fragment).
        let nodes: Vec<NodeId> = if matches!(self.data(node), NodeData::DocumentFragment) {
            let children: Vec<NodeId> = self.children(node).collect();
            for &c in &children {
                self.unlink(c);
            }
            if self.observed {
                self.queue_tree_record(node, Vec::new(), children.clone(), None, None);
            }
            children
        } else {
            vec![node]
        };
        // Step 7.1. Adopt each node (removing it from its old parent)...
        for &n in &nodes {
            self.adopt_node(doc, n);
        }
        // Step 6 (after the removals, as browsers do). Where they go.
        let previous = match child {
            Some(c) => self.previous_sibling(c),
            None => self.last_child(parent),
        };
        // Step 7. ...and insert it.
        for &n in &nodes {
            self.link_before(parent, n, child);
        }
        // Step 10. The record.
        if !suppress_observers && self.observed {
            self.queue_tree_record(parent, nodes.clone(), Vec::new(), previous, child);
        }
        if self.watched_elements == 0 || !self.is_connected(parent) {
            return;
        }
        // Step 8 and HTML's "children changed steps" for script.
        if self
            .element(parent)
            .is_some_and(|e| e.is_script() && !e.parser_inserted && !e.script_already_started)
        {
            self.mutations.push(Mutation::ScriptConnected(parent));
        }
        // Step 11. Post-connection steps, in tree order.
        for &n in &nodes {
            self.record_connected(n);
        }
    }

    /// Records iframes and scripts in `root`'s subtree that just became
    /// connected, shadow trees included.
    pub(crate) fn record_connected(&mut self, root: NodeId) {
        if self.watched_elements == 0 {
            return;
        }
        let mut found = Vec::new();
        self.for_each_shadow_including(root, |dom, n| {
            if let Some(e) = dom.element(n) {
                if e.is_iframe() {
                    found.push(Mutation::FrameConnected(n));
                } else if e.is_script() && !e.parser_inserted && !e.script_already_started {
                    found.push(Mutation::ScriptConnected(n));
                }
            }
        });
        self.mutations.extend(found);
        self.record_custom_connected(root, true);
    }

    /// https://dom.spec.whatwg.org/#concept-node-remove, recording disconnected iframes.
    pub(crate) fn remove_node(&mut self, node: NodeId) {
        self.remove_node_with(node, false);
    }

    /// "remove", with its suppress observers flag.
    pub(crate) fn remove_node_with(&mut self, node: NodeId, suppress_observers: bool) {
        let Some(parent) = self.parent(node) else {
            return;
        };
        let was_connected = self.watched_elements > 0 && self.is_connected(node);
        // Steps 8-9. The siblings around it.
        let (previous, next) = (self.previous_sibling(node), self.next_sibling(node));
        self.unlink(node);
        // Step 20. The record.
        if !suppress_observers && self.observed {
            self.queue_tree_record(parent, Vec::new(), vec![node], previous, next);
        }
        if was_connected {
            let frames = self.iframes_in(node);
            self.mutations
                .extend(frames.into_iter().map(Mutation::FrameDisconnected));
            self.record_custom_connected(node, false);
        }
    }

    /// The HTML iframes in `root`'s shadow-including inclusive subtree, found in
    /// one walk; empty without walking while no iframe or script was ever created.
    pub(crate) fn iframes_in(&self, root: NodeId) -> Vec<NodeId> {
        if self.watched_elements == 0 {
            return Vec::new();
        }
        let mut frames = Vec::new();
        self.for_each_shadow_including(root, |dom, n| {
            if dom.element(n).is_some_and(ElementData::is_iframe) {
                frames.push(n);
            }
        });
        frames
    }

    /// <https://dom.spec.whatwg.org/#concept-node-replace-all> ("replace
    /// all") with null within `parent`: every child removed, in one
    /// mutation record (`document.open()` empties its document so).
    pub fn remove_all_children(&mut self, parent: NodeId) {
        self.replace_all(None, parent);
    }

    /// https://dom.spec.whatwg.org/#concept-node-replace-all
    pub(crate) fn replace_all(&mut self, node: Option<NodeId>, parent: NodeId) {
        // Steps 1-3. What goes and what comes, when someone observes.
        let (removed, added) = if self.observed {
            let removed: Vec<NodeId> = self.children(parent).collect();
            (removed, node.map(|n| self.nodes_of(n)).unwrap_or_default())
        } else {
            (Vec::new(), Vec::new())
        };
        // Steps 4-5. Remove the children and insert node, suppressing observers.
        while let Some(child) = self.first_child(parent) {
            self.remove_node_with(child, true);
        }
        if let Some(node) = node {
            self.insert_node_with(node, parent, None, true);
        }
        // Step 6. One record.
        self.queue_tree_record(parent, added, removed, None, None);
    }

    /// <https://dom.spec.whatwg.org/#concept-node-replace> ("replace") of
    /// `child` by `node` without its checks (the outerHTML setter's): one
    /// record for both.
    pub(crate) fn replace_unchecked(&mut self, child: NodeId, node: NodeId, parent: NodeId) {
        let (previous, reference) = (self.previous_sibling(child), self.next_sibling(child));
        let added = if self.observed {
            self.nodes_of(node)
        } else {
            Vec::new()
        };
        self.remove_node_with(child, true);
        self.insert_node_with(node, parent, reference, true);
        self.queue_tree_record(parent, added, vec![child], previous, reference);
    }

    /// https://dom.spec.whatwg.org/#concept-node-adopt
    pub(crate) fn adopt_node(&mut self, doc: NodeId, node: NodeId) {
        // Step 2. Remove node from its parent.
        self.remove_node(node);
        // Step 3. Set the node document of its shadow-including inclusive
        // descendants, template contents included.
        if self.owner_document(node) == doc {
            return;
        }
        let old = self.owner_document(node);
        let mut roots = vec![node];
        while let Some(root) = roots.pop() {
            let mut next = Some(root);
            while let Some(n) = next {
                self.node_mut(n).owner = doc;
                self.note_slot(doc, n);
                if let Some(adoptions) = &mut self.adoptions {
                    adoptions.push((n, old));
                }
                // https://dom.spec.whatwg.org/#concept-node-adopt step 3.2:
                // a custom element gets an adoptedCallback reaction.
                if self
                    .element(n)
                    .is_some_and(|e| e.custom_element_state == CustomElementState::Custom)
                {
                    self.custom_element_records
                        .push(CustomElementRecord::Adopted(n, old, doc));
                }
                if let Some(contents) = self.template_contents(n) {
                    roots.push(contents);
                }
                if let Some(shadow) = self.shadow_root(n) {
                    roots.push(shadow);
                }
                next = self.next_in_subtree(n, root);
            }
        }
    }
}
