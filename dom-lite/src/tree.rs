//! Raw links between nodes (no DOM checks, no mutation records) and tree-order walks.
//!
//! Everything here is iterative, so a 100,000-deep tree is walked without
//! growing the native stack.

use crate::dom::Dom;
use crate::node::NodeId;

impl Dom {
    /// Unlinks `id` from its parent and siblings, if it has a parent.
    pub(crate) fn unlink(&mut self, id: NodeId) {
        let node = &mut self.nodes[id.index()];
        let parent = node.parent.take();
        let prev = node.prev_sibling.take();
        let next = node.next_sibling.take();
        let Some(parent) = parent else {
            debug_assert!(prev.is_none() && next.is_none());
            return;
        };
        self.note_children_changed(parent, id);
        match prev {
            Some(prev) => {
                debug_assert_eq!(self.nodes[prev.index()].next_sibling.get(), Some(id));
                self.nodes[prev.index()].next_sibling = next.into();
            }
            None => {
                debug_assert_eq!(self.nodes[parent.index()].first_child.get(), Some(id));
                self.nodes[parent.index()].first_child = next.into();
            }
        }
        match next {
            Some(next) => {
                debug_assert_eq!(self.nodes[next.index()].prev_sibling.get(), Some(id));
                self.nodes[next.index()].prev_sibling = prev.into();
            }
            None => {
                debug_assert_eq!(self.nodes[parent.index()].last_child.get(), Some(id));
                self.nodes[parent.index()].last_child = prev.into();
            }
        }
    }

    /// [`Dom::link_before`] with no reference: `child` becomes `parent`'s
    /// last child. Inlined where the parser appends each new node (a call
    /// of `link_before` with its reference checks was some 50
    /// instructions a node).
    #[inline(always)]
    pub(crate) fn link_last(&mut self, parent: NodeId, child: NodeId) {
        self.note_children_changed(parent, child);
        debug_assert!(self.nodes[child.index()].parent.is_none());
        let parent_node = &mut self.nodes[parent.index()];
        let prev = std::mem::replace(&mut parent_node.last_child, child.into());
        if prev.is_none() {
            parent_node.first_child = child.into();
        }
        let node = &mut self.nodes[child.index()];
        node.parent = parent.into();
        node.prev_sibling = prev;
        node.next_sibling = crate::node::Link::NONE;
        if let Some(prev) = prev.get() {
            self.nodes[prev.index()].next_sibling = child.into();
        }
    }

    /// Links the detached node `child` into `parent`, before `reference` or last.
    pub(crate) fn link_before(&mut self, parent: NodeId, child: NodeId, reference: Option<NodeId>) {
        self.note_children_changed(parent, child);
        debug_assert!(self.nodes[child.index()].parent.is_none());
        debug_assert!(reference.is_none_or(|r| self.nodes[r.index()].parent.get() == Some(parent)));
        let prev = match reference {
            Some(reference) => self.nodes[reference.index()].prev_sibling.get(),
            None => self.nodes[parent.index()].last_child.get(),
        };
        {
            let node = &mut self.nodes[child.index()];
            node.parent = parent.into();
            node.prev_sibling = prev.into();
            node.next_sibling = reference.into();
        }
        match prev {
            Some(prev) => self.nodes[prev.index()].next_sibling = child.into(),
            None => self.nodes[parent.index()].first_child = child.into(),
        }
        match reference {
            Some(reference) => self.nodes[reference.index()].prev_sibling = child.into(),
            None => self.nodes[parent.index()].last_child = child.into(),
        }
    }

    /// The node after `id` in tree order, staying inside `root`'s subtree.
    pub(crate) fn next_in_subtree(&self, id: NodeId, root: NodeId) -> Option<NodeId> {
        if let Some(child) = self.nodes[id.index()].first_child.get() {
            return Some(child);
        }
        self.next_skipping_children(id, root)
    }

    /// The node after `id`'s subtree in tree order, staying inside `root`'s subtree.
    pub(crate) fn next_skipping_children(&self, mut id: NodeId, root: NodeId) -> Option<NodeId> {
        loop {
            if id == root {
                return None;
            }
            let node = &self.nodes[id.index()];
            if let Some(next) = node.next_sibling.get() {
                return Some(next);
            }
            id = node.parent.get()?;
        }
    }

    /// `root`'s descendants in tree order, `root` excluded.
    pub fn descendants(&self, root: NodeId) -> Descendants<'_> {
        Descendants {
            dom: self,
            root,
            next: self.nodes[root.index()].first_child.get(),
        }
    }

    /// `root` and its descendants in tree order.
    pub fn inclusive_descendants(&self, root: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::once(root).chain(self.descendants(root))
    }

    /// `id`'s ancestors, nearest first, `id` excluded.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id.index()].parent.get(), move |&n| {
            self.nodes[n.index()].parent.get()
        })
    }
}

/// Iterator over a node's descendants in tree order; see [`Dom::descendants`].
#[derive(Debug, Clone)]
pub struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: Option<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let current = self.next?;
        self.next = self.dom.next_in_subtree(current, self.root);
        Some(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks every link of `parent`'s child list against its neighbours.
    fn assert_links(dom: &Dom, parent: NodeId, expected: &[NodeId]) {
        let node = &dom.nodes[parent.index()];
        assert_eq!(node.first_child.get(), expected.first().copied());
        assert_eq!(node.last_child.get(), expected.last().copied());
        for (i, &child) in expected.iter().enumerate() {
            let c = &dom.nodes[child.index()];
            assert_eq!(c.parent.get(), Some(parent));
            assert_eq!(c.prev_sibling.get(), i.checked_sub(1).map(|p| expected[p]));
            assert_eq!(c.next_sibling.get(), expected.get(i + 1).copied());
        }
    }

    #[test]
    fn linking_and_unlinking_keep_sibling_links_consistent() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let parent = dom.create_document_fragment(doc);
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|s| dom.create_text(doc, s));
        dom.link_before(parent, b, None);
        dom.link_before(parent, a, Some(b));
        dom.link_before(parent, d, None);
        dom.link_before(parent, c, Some(d));
        assert_links(&dom, parent, &[a, b, c, d]);
        dom.unlink(b);
        assert_links(&dom, parent, &[a, c, d]);
        dom.unlink(a);
        dom.unlink(d);
        assert_links(&dom, parent, &[c]);
        dom.unlink(c);
        assert_links(&dom, parent, &[]);
        assert_eq!(dom.nodes[c.index()].parent.get(), None);
        dom.unlink(c);
        assert_links(&dom, parent, &[]);
    }

    #[test]
    fn descendants_walk_in_tree_order_without_leaving_the_root() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let [root, x, y, z, outside] = ["r", "x", "y", "z", "o"].map(|s| dom.create_text(doc, s));
        let wrapper = dom.create_document_fragment(doc);
        dom.link_before(wrapper, root, None);
        dom.link_before(wrapper, outside, None);
        dom.link_before(root, x, None);
        dom.link_before(x, y, None);
        dom.link_before(root, z, None);
        assert_eq!(dom.descendants(root).collect::<Vec<_>>(), [x, y, z]);
        assert_eq!(dom.inclusive_descendants(y).collect::<Vec<_>>(), [y]);
        assert_eq!(dom.ancestors(y).collect::<Vec<_>>(), [x, root, wrapper]);
    }
}
