//! Shadow trees: a shadow root is a document fragment node that is not its
//! host's child but is reached from it, and whose tree hangs off the host's.
//! <https://dom.spec.whatwg.org/#shadow-trees> ("Shadow tree")
//!
//! The links live in two maps of the [`Dom`] rather than in every node:
//! shadow roots are rare, and a node's size is what every parsed node
//! costs. Slots are found and assigned on demand (named assignment is a
//! function of the tree), with manual assignments kept per slot.

use std::collections::{HashMap, HashSet};

use markup5ever::ns;

use crate::dom::Dom;
use crate::error::DomError;
use crate::node::{NodeData, NodeId};

/// What a shadow root holds beyond its fragment node
/// (<https://dom.spec.whatwg.org/#interface-shadowroot>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShadowRootData {
    /// The element the root is attached to.
    pub host: NodeId,
    /// Mode "closed" (else "open").
    pub closed: bool,
    /// `delegatesFocus`.
    pub delegates_focus: bool,
    /// Slot assignment "manual" (else "named").
    pub manual: bool,
    /// `clonable`.
    pub clonable: bool,
    /// `serializable`.
    pub serializable: bool,
}

/// Shadow roots and manual slot assignments of one arena.
#[derive(Debug, Default, Clone)]
pub(crate) struct ShadowTrees {
    /// Shadow root -> its data.
    roots: HashMap<NodeId, ShadowRootData>,
    /// Host -> its shadow root.
    hosts: HashMap<NodeId, NodeId>,
    /// Slot -> its manually assigned nodes, in the order `assign()` gave.
    manual: HashMap<NodeId, Vec<NodeId>>,
    /// Shadow root -> its slots' assignments when slot changes were last
    /// looked for (`Dom::take_slot_changes`).
    assigned: HashMap<NodeId, Assignment>,
    /// The shadow roots whose slot assignments may have changed since, to
    /// be worked out again whole.
    dirty: Vec<NodeId>,
    /// Named-slot shadow roots whose tree is as it was, with the host
    /// children that were inserted, removed or given a `slot` attribute
    /// since: only those are placed again (appending n children one by one
    /// to a host would otherwise cost n² node visits).
    moved: HashMap<NodeId, Vec<NodeId>>,
}

/// A shadow root's slots, in tree order, each with the nodes assigned to
/// it (in tree order), and what finds a node's slot again.
#[derive(Debug, Default, Clone)]
struct Assignment {
    slots: Vec<(NodeId, Vec<NodeId>)>,
    /// Slot -> its index in `slots`.
    index: HashMap<NodeId, usize>,
    /// Assigned node -> its slot.
    slot_of: HashMap<NodeId, NodeId>,
    /// Named assignment: slot name -> the first slot of that name.
    by_name: HashMap<String, NodeId>,
}

impl ShadowTrees {
    pub(crate) fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// The assignments of `root`'s slots may have changed.
    fn touch(&mut self, root: NodeId) {
        if !self.dirty.contains(&root) {
            self.dirty.push(root);
        }
    }

    /// Host child `node` of `root`'s host was inserted, removed or given a
    /// `slot` attribute.
    fn touch_slottable(&mut self, root: NodeId, node: NodeId) {
        let named = self.roots.get(&root).is_some_and(|d| !d.manual);
        if !named || !self.assigned.contains_key(&root) {
            self.touch(root);
        } else if !self.dirty.contains(&root) {
            self.moved.entry(root).or_default().push(node);
        }
    }

    /// Forgets a freed node (`release.rs`).
    pub(crate) fn forget(&mut self, id: NodeId) {
        if let Some(data) = self.roots.remove(&id) {
            self.hosts.remove(&data.host);
        }
        if let Some(root) = self.hosts.remove(&id) {
            self.roots.remove(&root);
        }
        self.manual.remove(&id);
        self.assigned.remove(&id);
        self.moved.remove(&id);
        self.dirty.retain(|&r| r != id);
        for nodes in self.manual.values_mut() {
            nodes.retain(|&n| n != id);
        }
    }
}

/// <https://html.spec.whatwg.org/multipage/custom-elements.html#valid-custom-element-name>,
/// with PCENChar's non-ASCII ranges taken as any non-ASCII character.
pub(crate) fn is_valid_custom_element_name(name: &str) -> bool {
    const RESERVED: [&str; 8] = [
        "annotation-xml",
        "color-profile",
        "font-face",
        "font-face-src",
        "font-face-uri",
        "font-face-format",
        "font-face-name",
        "missing-glyph",
    ];
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.contains('-')
        && name.chars().all(|c| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, '-' | '.' | '_')
                || (!c.is_ascii() && c != '\u{37e}')
        })
        && !RESERVED.contains(&name)
}

impl Dom {
    /// <https://dom.spec.whatwg.org/#concept-attach-a-shadow-root> ("attach a
    /// shadow root"), for `attachShadow(init)`: the new root.
    pub fn attach_shadow(
        &mut self,
        host: NodeId,
        init: ShadowRootInit,
    ) -> Result<NodeId, DomError> {
        const REFUSED: &str = "Failed to execute 'attachShadow' on 'Element': This element does not support attachShadow";
        let Some(element) = self.element(host) else {
            return Err(DomError::NotSupported(REFUSED.to_owned()));
        };
        // 1. If element's namespace is not the HTML namespace, throw.
        if element.name.ns != ns!(html) {
            return Err(DomError::NotSupported(REFUSED.to_owned()));
        }
        // 2. If element's local name is not a valid shadow host name, throw.
        let local = &*element.name.local;
        let valid = matches!(
            local,
            "article"
                | "aside"
                | "blockquote"
                | "body"
                | "div"
                | "footer"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "header"
                | "main"
                | "nav"
                | "p"
                | "section"
                | "span"
        ) || is_valid_custom_element_name(local);
        if !valid {
            return Err(DomError::NotSupported(REFUSED.to_owned()));
        }
        // 4. If element is a shadow host, throw (no declarative roots here).
        if self.shadow.hosts.contains_key(&host) {
            return Err(DomError::NotSupported(
                "Failed to execute 'attachShadow' on 'Element': Shadow root cannot be created on a host which already hosts a shadow tree."
                    .to_owned(),
            ));
        }
        // 5-14. The root, its node document the host's.
        let doc = self.owner_document(host);
        let root = self.push_node(Some(doc), NodeData::DocumentFragment);
        let data = ShadowRootData {
            host,
            closed: init.closed,
            delegates_focus: init.delegates_focus,
            manual: init.manual,
            clonable: init.clonable,
            serializable: init.serializable,
        };
        self.shadow.roots.insert(root, data);
        self.shadow.hosts.insert(host, root);
        Ok(root)
    }

    /// The shadow root of `host`, open or closed.
    pub fn shadow_root(&self, host: NodeId) -> Option<NodeId> {
        if self.shadow.is_empty() {
            return None;
        }
        self.shadow.hosts.get(&host).copied()
    }

    /// What shadow root `root` holds; `None` if it is no shadow root.
    pub fn shadow_root_data(&self, root: NodeId) -> Option<ShadowRootData> {
        if self.shadow.is_empty() {
            return None;
        }
        self.shadow.roots.get(&root).copied()
    }

    /// Whether `id` is a shadow root.
    pub fn is_shadow_root(&self, id: NodeId) -> bool {
        self.shadow_root_data(id).is_some()
    }

    /// <https://dom.spec.whatwg.org/#concept-shadow-including-root>
    /// ("shadow-including root"): the root of `id`'s tree, past every
    /// shadow root to its host's.
    pub fn shadow_including_root(&self, id: NodeId) -> NodeId {
        let mut root = self.root(id);
        while let Some(data) = self.shadow_root_data(root) {
            root = self.root(data.host);
        }
        root
    }

    /// <https://dom.spec.whatwg.org/#concept-tree-host-including-inclusive-ancestor>
    /// ("host-including inclusive ancestor"): whether `a` is `b` or an
    /// ancestor of it, through hosts of shadow roots.
    pub fn host_including_contains(&self, a: NodeId, b: NodeId) -> bool {
        let mut node = b;
        loop {
            if self.contains(a, node) {
                return true;
            }
            match self.shadow_root_data(self.root(node)) {
                Some(data) => node = data.host,
                None => return false,
            }
        }
    }

    /// <https://dom.spec.whatwg.org/#find-a-slot> ("find a slot"), open
    /// roots and closed alike: the slot `slottable` is assigned to.
    pub fn find_slot(&self, slottable: NodeId) -> Option<NodeId> {
        if self.shadow.is_empty() {
            return None;
        }
        let name = match self.data(slottable) {
            NodeData::Element(e) => self.element_attr(e, "slot").unwrap_or(""),
            NodeData::Text(_) | NodeData::CDataSection(_) => "",
            _ => return None,
        };
        // 1-3. Its parent is a shadow host.
        let parent = self.parent(slottable)?;
        let root = self.shadow_root(parent)?;
        let data = self.shadow_root_data(root)?;
        let mut slots = self
            .descendants(root)
            .filter(|&n| self.is_html_element(n, "slot"));
        // 5. Manual: the first slot whose manually assigned nodes hold it.
        if data.manual {
            return slots.find(|s| {
                self.shadow
                    .manual
                    .get(s)
                    .is_some_and(|nodes| nodes.contains(&slottable))
            });
        }
        // 6. Named: the first slot whose name is the slottable's name.
        slots.find(|&s| self.attribute(s, "name").unwrap_or("") == name)
    }

    /// <https://dom.spec.whatwg.org/#find-slotables> ("find slottables"):
    /// the nodes assigned to `slot`, in tree order (manual: in `assign()`'s
    /// order).
    pub fn assigned_nodes(&self, slot: NodeId) -> Vec<NodeId> {
        if self.shadow.is_empty() || !self.is_html_element(slot, "slot") {
            return Vec::new();
        }
        let root = self.root(slot);
        self.slot_assignments(root)
            .into_iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, nodes)| nodes)
            .unwrap_or_default()
    }

    /// The slots of shadow root `root`, in tree order, each with the nodes
    /// "find slottables" gives it: every slot's, worked out in one walk of
    /// the tree and one of the host's children (asking "find a slot" of
    /// each child walks the tree once per child: a host with n children
    /// and n slots cost n² node visits per change). Empty if `root` is no
    /// shadow root.
    fn slot_assignments(&self, root: NodeId) -> Vec<(NodeId, Vec<NodeId>)> {
        let Some(data) = self.shadow_root_data(root) else {
            return Vec::new();
        };
        let mut slots: Vec<(NodeId, Vec<NodeId>)> = self
            .descendants(root)
            .filter(|&n| self.is_html_element(n, "slot"))
            .map(|n| (n, Vec::new()))
            .collect();
        if data.manual {
            // "Find a slot", manual: the first slot in tree order whose
            // manually assigned nodes hold the slottable.
            let mut first: HashMap<NodeId, usize> = HashMap::new();
            for (i, (slot, _)) in slots.iter().enumerate() {
                for &n in self.shadow.manual.get(slot).into_iter().flatten() {
                    first.entry(n).or_insert(i);
                }
            }
            for (i, (slot, nodes)) in slots.iter_mut().enumerate() {
                if let Some(manual) = self.shadow.manual.get(slot) {
                    nodes.extend(manual.iter().copied().filter(|&n| {
                        first.get(&n) == Some(&i) && self.parent(n) == Some(data.host)
                    }));
                }
            }
        } else {
            // "Find a slot", named: the first slot in tree order whose name
            // is the slottable's.
            let mut by_name: HashMap<&str, usize> = HashMap::new();
            for (i, (slot, _)) in slots.iter().enumerate() {
                let name = self.attribute(*slot, "name").unwrap_or("");
                by_name.entry(name).or_insert(i);
            }
            for child in self.children(data.host) {
                let name = match self.data(child) {
                    NodeData::Element(e) => self.element_attr(e, "slot").unwrap_or(""),
                    NodeData::Text(_) | NodeData::CDataSection(_) => "",
                    _ => continue,
                };
                if let Some(&i) = by_name.get(name) {
                    slots[i].1.push(child);
                }
            }
        }
        slots
    }

    /// <https://dom.spec.whatwg.org/#find-flattened-slotables> ("find
    /// flattened slottables"), iteratively.
    pub fn flattened_assigned_nodes(&self, slot: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut work = vec![(slot, true)];
        while let Some((node, top)) = work.pop() {
            let is_slot = self.is_html_element(node, "slot")
                && self.shadow_root_data(self.root(node)).is_some();
            if !top && !is_slot {
                out.push(node);
                continue;
            }
            let mut next = self.assigned_nodes(node);
            // A slot with nothing assigned gives its own children.
            if next.is_empty() && (is_slot || top) {
                next = self
                    .children(node)
                    .filter(|&c| matches!(self.data(c), NodeData::Element(_) | NodeData::Text(_)))
                    .collect();
            }
            work.extend(next.into_iter().rev().map(|n| (n, false)));
        }
        out
    }

    /// <https://html.spec.whatwg.org/multipage/scripting.html#dom-slot-assign>
    /// ("assign(...nodes)"): `nodes` become `slot`'s manually assigned
    /// nodes, each leaving the slot it was manually assigned to before.
    pub fn assign_slot(&mut self, slot: NodeId, nodes: &[NodeId]) {
        let mut set = HashSet::with_capacity(nodes.len());
        let unique: Vec<NodeId> = nodes.iter().copied().filter(|&n| set.insert(n)).collect();
        for (&s, assigned) in self.shadow.manual.iter_mut() {
            if s != slot {
                assigned.retain(|n| !set.contains(n));
            }
        }
        self.shadow.manual.insert(slot, unique);
        let root = self.root(slot);
        if self.is_shadow_root(root) {
            self.shadow.touch(root);
        }
    }

    /// `parent`'s children changed: the assignments of the slots of its
    /// shadow root (a host's children are slottables) or of its tree (its
    /// slots) may have.
    #[inline]
    pub(crate) fn note_children_changed(&mut self, parent: NodeId, child: NodeId) {
        // Checked inline: every node the parser inserts comes here, and
        // most documents have no shadow tree.
        if !self.shadow.is_empty() {
            self.note_children_changed_in_shadow_trees(parent, child);
        }
    }

    #[cold]
    fn note_children_changed_in_shadow_trees(&mut self, parent: NodeId, child: NodeId) {
        if let Some(&root) = self.shadow.hosts.get(&parent) {
            self.shadow.touch_slottable(root, child);
        }
        let root = self.root(parent);
        if self.shadow.roots.contains_key(&root) {
            self.shadow.touch(root);
        }
    }

    /// Attribute `name` of element `id` changed: a slottable's `slot`, a
    /// slot's `name`.
    pub(crate) fn note_attribute_changed(&mut self, id: NodeId, name: &str) {
        if self.shadow.is_empty() {
            return;
        }
        if name.eq_ignore_ascii_case("slot") {
            if let Some(&root) = self.parent(id).and_then(|p| self.shadow.hosts.get(&p)) {
                self.shadow.touch_slottable(root, id);
            }
        } else if name.eq_ignore_ascii_case("name") {
            let root = self.root(id);
            if self.shadow.roots.contains_key(&root) {
                self.shadow.touch(root);
            }
        }
    }

    /// Calls `f` with each shadow-including inclusive descendant of `root`
    /// (<https://dom.spec.whatwg.org/#concept-shadow-including-descendant>),
    /// each host's shadow tree before its children; without shadow roots,
    /// a plain tree walk.
    pub(crate) fn for_each_shadow_including(&self, root: NodeId, mut f: impl FnMut(&Dom, NodeId)) {
        if self.shadow.is_empty() {
            for n in self.inclusive_descendants(root) {
                f(self, n);
            }
            return;
        }
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            f(self, n);
            stack.extend(self.children(n).rev());
            if let Some(shadow) = self.shadow_root(n) {
                stack.push(shadow);
            }
        }
    }

    /// `getHTML({ serializableShadowRoots, shadowRoots })` of element or
    /// shadow root `id`: its children serialized as HTML, with the shadow
    /// roots of serializable ones (if asked) and of `named` as declarative
    /// `<template shadowrootmode>`s.
    pub fn get_html(
        &self,
        id: NodeId,
        serializable_shadow_roots: bool,
        named: &[NodeId],
    ) -> String {
        self.html_with_shadow_roots(
            id,
            crate::serialize::ShadowRoots {
                serializable: serializable_shadow_roots,
                named,
            },
        )
    }

    /// "clone a node", step 7: a copy of a host whose shadow root is
    /// clonable gets a root like it, its children to clone (`work`).
    pub(crate) fn clone_shadow_root(
        &mut self,
        source: NodeId,
        copy: NodeId,
        work: &mut Vec<(NodeId, NodeId)>,
    ) {
        let Some(root) = self.shadow_root(source) else {
            return;
        };
        let Some(data) = self.shadow_root_data(root).filter(|d| d.clonable) else {
            return;
        };
        if self.shadow.hosts.contains_key(&copy) {
            return;
        }
        let doc = self.owner_document(copy);
        let new_root = self.push_node(Some(doc), NodeData::DocumentFragment);
        self.shadow
            .roots
            .insert(new_root, ShadowRootData { host: copy, ..data });
        self.shadow.hosts.insert(copy, new_root);
        work.push((root, new_root));
    }

    /// <https://dom.spec.whatwg.org/#signal-a-slot-change> ("signal a slot
    /// change"): the slots whose assigned nodes changed since the last
    /// call (a slot that left its shadow tree with nodes assigned too), in
    /// tree order of their roots' creation. Worked out by comparing each
    /// slot's assignment with the last one seen, only after a change: the
    /// whole root's after a change to its tree (or a manual root's), only
    /// the host children that moved otherwise.
    pub fn take_slot_changes(&mut self) -> Vec<NodeId> {
        if self.shadow.dirty.is_empty() && self.shadow.moved.is_empty() {
            return Vec::new();
        }
        let dirty = std::mem::take(&mut self.shadow.dirty);
        let mut moved = std::mem::take(&mut self.shadow.moved);
        let mut roots: Vec<NodeId> = dirty.iter().chain(moved.keys()).copied().collect();
        roots.sort_unstable();
        roots.dedup();
        let mut changed = Vec::new();
        let mut seen = HashSet::new();
        for root in roots {
            let nodes = moved.remove(&root);
            let slots = match nodes {
                Some(nodes) if !dirty.contains(&root) => self.place_again(root, &nodes),
                _ => self.assign_again(root),
            };
            changed.extend(slots.into_iter().filter(|&s| seen.insert(s)));
        }
        changed
    }

    /// `root`'s assignments worked out whole: the slots whose nodes
    /// changed (those of its tree in tree order, then those that left it
    /// with nodes assigned).
    fn assign_again(&mut self, root: NodeId) -> Vec<NodeId> {
        let before = self.shadow.assigned.remove(&root).unwrap_or_default();
        if !self.shadow.roots.contains_key(&root) {
            return before
                .slots
                .into_iter()
                .filter(|(_, n)| !n.is_empty())
                .map(|(s, _)| s)
                .collect();
        }
        let mut now = Assignment {
            slots: self.slot_assignments(root),
            ..Assignment::default()
        };
        let mut changed = Vec::new();
        let mut still = vec![false; before.slots.len()];
        for (i, (slot, nodes)) in now.slots.iter().enumerate() {
            now.index.insert(*slot, i);
            for &n in nodes {
                now.slot_of.insert(n, *slot);
            }
            let name = self.attribute(*slot, "name").unwrap_or("");
            now.by_name.entry(name.to_owned()).or_insert(*slot);
            let old = before.index.get(slot).map(|&j| {
                still[j] = true;
                before.slots[j].1.as_slice()
            });
            if old.unwrap_or_default() != nodes.as_slice() {
                changed.push(*slot);
            }
        }
        for ((slot, nodes), still) in before.slots.iter().zip(still) {
            if !still && !nodes.is_empty() {
                changed.push(*slot);
            }
        }
        self.shadow.assigned.insert(root, now);
        changed
    }

    /// Named-slot root `root`, whose tree is as it was: host children
    /// `nodes` placed again (each removed from its slot, then put after the
    /// nearest previous sibling in its new slot, which keeps each slot's
    /// nodes in tree order whatever order `nodes` comes in). The slots
    /// whose nodes changed, in tree order.
    fn place_again(&mut self, root: NodeId, nodes: &[NodeId]) -> Vec<NodeId> {
        let Some(host) = self.shadow_root_data(root).map(|d| d.host) else {
            return self.assign_again(root);
        };
        let Some(mut a) = self.shadow.assigned.remove(&root) else {
            return self.assign_again(root);
        };
        let mut unique = HashSet::new();
        let nodes: Vec<NodeId> = nodes
            .iter()
            .copied()
            .filter(|&n| unique.insert(n))
            .collect();
        let mut before: HashMap<usize, Vec<NodeId>> = HashMap::new();
        for &n in &nodes {
            if let Some(slot) = a.slot_of.remove(&n) {
                let i = a.index[&slot];
                let list = &mut a.slots[i].1;
                before.entry(i).or_insert_with(|| list.clone());
                if let Some(at) = list.iter().rposition(|&m| m == n) {
                    list.remove(at);
                }
            }
        }
        for &n in &nodes {
            if self.parent(n) != Some(host) {
                continue;
            }
            let name = match self.data(n) {
                NodeData::Element(e) => self.element_attr(e, "slot").unwrap_or(""),
                NodeData::Text(_) | NodeData::CDataSection(_) => "",
                _ => continue,
            };
            let Some(&slot) = a.by_name.get(name) else {
                continue;
            };
            let i = a.index[&slot];
            let list = &mut a.slots[i].1;
            before.entry(i).or_insert_with(|| list.clone());
            let mut previous = self.previous_sibling(n);
            let at = loop {
                match previous {
                    None => break 0,
                    Some(p) if a.slot_of.get(&p) == Some(&slot) => {
                        break list.iter().rposition(|&m| m == p).map_or(0, |k| k + 1);
                    }
                    Some(p) => previous = self.previous_sibling(p),
                }
            };
            list.insert(at, n);
            a.slot_of.insert(n, slot);
        }
        let mut changed: Vec<usize> = before
            .into_iter()
            .filter(|(i, old)| *old != a.slots[*i].1)
            .map(|(i, _)| i)
            .collect();
        changed.sort_unstable();
        let changed = changed.into_iter().map(|i| a.slots[i].0).collect();
        self.shadow.assigned.insert(root, a);
        changed
    }
}

/// The members of `ShadowRootInit` that shape the root.
#[derive(Debug, Default, Clone, Copy)]
pub struct ShadowRootInit {
    /// Mode "closed" (else "open").
    pub closed: bool,
    /// `delegatesFocus`.
    pub delegates_focus: bool,
    /// Slot assignment "manual" (else "named").
    pub manual: bool,
    /// `clonable`.
    pub clonable: bool,
    /// `serializable`.
    pub serializable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mutation::Mutation;

    fn host(dom: &mut Dom, doc: NodeId, name: &str) -> NodeId {
        let e = dom.create_element(doc, name).unwrap();
        let body = dom.create_element(doc, "body").unwrap();
        dom.append_child(doc, body).unwrap();
        dom.append_child(body, e).unwrap();
        e
    }

    #[test]
    fn a_shadow_root_is_reached_from_its_host_but_is_not_its_child() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        assert_eq!(dom.shadow_root(h), Some(root));
        assert_eq!(dom.shadow_root_data(root).map(|d| d.host), Some(h));
        assert_eq!(dom.children(h).count(), 0);
        let inner = dom.create_element(doc, "span").unwrap();
        dom.append_child(root, inner).unwrap();
        assert_eq!(dom.root(inner), root);
        assert_eq!(dom.shadow_including_root(inner), doc);
        assert!(dom.is_connected(inner));
        assert!(!dom.contains(doc, inner));
        // The host may not go into its own shadow tree.
        assert!(dom.append_child(root, h).is_err());
        let again = dom.attach_shadow(h, ShadowRootInit::default());
        assert_eq!(again.unwrap_err().dom_exception_name(), "NotSupportedError");
        let input = dom.create_element(doc, "input").unwrap();
        assert!(dom.attach_shadow(input, ShadowRootInit::default()).is_err());
        let custom = dom.create_element(doc, "my-widget").unwrap();
        assert!(dom.attach_shadow(custom, ShadowRootInit::default()).is_ok());
    }

    #[test]
    fn adopting_a_host_moves_its_shadow_tree() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let other = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        let inner = dom.create_element(doc, "span").unwrap();
        dom.append_child(root, inner).unwrap();
        dom.adopt(other, h).unwrap();
        assert_eq!(dom.owner_document(root), other);
        assert_eq!(dom.owner_document(inner), other);
        assert!(!dom.is_connected(inner));
    }

    #[test]
    fn named_slots_take_the_host_children_of_their_name() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        let default_slot = dom.create_element(doc, "slot").unwrap();
        let named = dom.create_element(doc, "slot").unwrap();
        dom.set_attribute(named, "name", "n").unwrap();
        dom.append_child(root, default_slot).unwrap();
        dom.append_child(root, named).unwrap();
        let a = dom.create_element(doc, "p").unwrap();
        let b = dom.create_element(doc, "p").unwrap();
        dom.set_attribute(b, "slot", "n").unwrap();
        let t = dom.create_text(doc, "t");
        for n in [a, b, t] {
            dom.append_child(h, n).unwrap();
        }
        assert_eq!(dom.assigned_nodes(default_slot), [a, t]);
        assert_eq!(dom.assigned_nodes(named), [b]);
        assert_eq!(dom.find_slot(b), Some(named));
        dom.set_attribute(b, "slot", "").unwrap();
        assert_eq!(dom.assigned_nodes(default_slot), [a, b, t]);
        assert_eq!(dom.flattened_assigned_nodes(named), Vec::<NodeId>::new());
    }

    #[test]
    fn the_first_slot_in_tree_order_takes_a_slottable() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        let wrapper = dom.create_element(doc, "div").unwrap();
        let nested = dom.create_element(doc, "slot").unwrap();
        let later = dom.create_element(doc, "slot").unwrap();
        dom.set_attribute(nested, "name", "n").unwrap();
        dom.set_attribute(later, "name", "n").unwrap();
        dom.append_child(wrapper, nested).unwrap();
        dom.append_child(root, wrapper).unwrap();
        dom.append_child(root, later).unwrap();
        let b = dom.create_element(doc, "p").unwrap();
        dom.set_attribute(b, "slot", "n").unwrap();
        let comment = dom.create_comment(doc, "c");
        dom.append_child(h, comment).unwrap();
        dom.append_child(h, b).unwrap();
        assert_eq!(dom.assigned_nodes(nested), [b]);
        assert!(dom.assigned_nodes(later).is_empty());
        assert!(dom.assigned_nodes(wrapper).is_empty(), "no slot");
        dom.take_slot_changes();
        dom.remove_child(wrapper, nested).unwrap();
        assert_eq!(dom.assigned_nodes(later), [b]);
        assert_eq!(
            dom.take_slot_changes(),
            [later, nested],
            "the slot in the tree (remove step 7), then the one that left"
        );

        // Manual: each node in one slot's list, in the order assign() gave,
        // and only while it is the host's child.
        let doc = dom.create_document();
        let mh = host(&mut dom, doc, "div");
        let manual = ShadowRootInit {
            manual: true,
            ..ShadowRootInit::default()
        };
        let mroot = dom.attach_shadow(mh, manual).unwrap();
        let (s1, s2) = (
            dom.create_element(doc, "slot").unwrap(),
            dom.create_element(doc, "slot").unwrap(),
        );
        dom.append_child(mroot, s1).unwrap();
        dom.append_child(mroot, s2).unwrap();
        let (x, y) = (
            dom.create_element(doc, "p").unwrap(),
            dom.create_text(doc, "y"),
        );
        dom.append_child(mh, x).unwrap();
        dom.append_child(mh, y).unwrap();
        dom.assign_slot(s1, &[y, x, y]);
        assert_eq!(dom.assigned_nodes(s1), [y, x]);
        dom.assign_slot(s2, &[x]);
        assert_eq!(dom.assigned_nodes(s1), [y]);
        assert_eq!(dom.assigned_nodes(s2), [x]);
        dom.remove_child(mh, x).unwrap();
        assert!(dom.assigned_nodes(s2).is_empty());
    }

    #[test]
    fn slot_changes_placed_again_match_assignments_worked_out_whole() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        let names = ["", "a", "b"];
        let mut slots = Vec::new();
        for name in names {
            let slot = dom.create_element(doc, "slot").unwrap();
            if !name.is_empty() {
                dom.set_attribute(slot, "name", name).unwrap();
            }
            dom.append_child(root, slot).unwrap();
            slots.push(slot);
        }
        let kids: Vec<NodeId> = (0..12)
            .map(|i| {
                if i % 4 == 3 {
                    dom.create_text(doc, "t")
                } else {
                    dom.create_element(doc, "p").unwrap()
                }
            })
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap()
        };
        let fresh = |dom: &Dom| dom.slot_assignments(root);
        dom.take_slot_changes();
        let mut last = fresh(&dom);
        for step in 0..2000 {
            let k = kids[next(kids.len())];
            match next(4) {
                0 | 1 => {
                    let at = dom.children(h).nth(next(kids.len()));
                    match at {
                        Some(r) if r != k => dom.insert_before(h, k, Some(r)).unwrap(),
                        _ => dom.append_child(h, k).unwrap(),
                    }
                }
                2 => {
                    if dom.parent(k) == Some(h) {
                        dom.remove_child(h, k).unwrap();
                    }
                }
                _ => {
                    if dom.element(k).is_some() {
                        dom.set_attribute(k, "slot", names[next(names.len())])
                            .unwrap();
                    }
                }
            }
            let changed = dom.take_slot_changes();
            let now = fresh(&dom);
            let expected: Vec<NodeId> = now
                .iter()
                .zip(&last)
                .filter(|((_, a), (_, b))| a != b)
                .map(|((s, _), _)| *s)
                .collect();
            assert_eq!(changed, expected, "step {step}");
            assert_eq!(dom.shadow.assigned[&root].slots, now, "step {step}");
            last = now;
        }
    }

    #[test]
    fn slot_changes_are_the_slots_whose_assignment_changed() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        let slot = dom.create_element(doc, "slot").unwrap();
        dom.append_child(root, slot).unwrap();
        assert!(dom.take_slot_changes().is_empty());
        let a = dom.create_element(doc, "p").unwrap();
        dom.append_child(h, a).unwrap();
        assert_eq!(dom.take_slot_changes(), [slot]);
        assert!(dom.take_slot_changes().is_empty(), "taken once");
        dom.set_attribute(a, "title", "x").unwrap();
        assert!(dom.take_slot_changes().is_empty(), "no change, no signal");
        dom.set_attribute(a, "slot", "elsewhere").unwrap();
        assert_eq!(dom.take_slot_changes(), [slot]);
        dom.remove_attribute(a, "slot");
        assert_eq!(dom.take_slot_changes(), [slot]);
        dom.remove_child(root, slot).unwrap();
        assert_eq!(
            dom.take_slot_changes(),
            [slot],
            "a slot leaving with nodes assigned"
        );
    }

    #[test]
    fn cloning_a_host_clones_a_clonable_shadow_root_only() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom
            .attach_shadow(
                h,
                ShadowRootInit {
                    clonable: true,
                    ..Default::default()
                },
            )
            .unwrap();
        let inner = dom.create_element(doc, "span").unwrap();
        dom.append_child(root, inner).unwrap();
        let copy = dom.clone_node(h, false);
        let copy_root = dom.shadow_root(copy).unwrap();
        assert_ne!(copy_root, root);
        assert_eq!(
            dom.shadow_root_data(copy_root)
                .map(|d| (d.host, d.clonable)),
            Some((copy, true))
        );
        assert_eq!(
            dom.children(copy_root).count(),
            1,
            "the root's children, even for a shallow clone"
        );
        let plain = dom.create_element(doc, "div").unwrap();
        dom.attach_shadow(plain, ShadowRootInit::default()).unwrap();
        let plain_copy = dom.clone_node(plain, true);
        assert_eq!(dom.shadow_root(plain_copy), None);
    }

    #[test]
    fn get_html_serializes_the_shadow_roots_asked_for() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let init = ShadowRootInit {
            serializable: true,
            ..Default::default()
        };
        let root = dom.attach_shadow(h, init).unwrap();
        let inner = dom.create_element(doc, "span").unwrap();
        dom.append_child(root, inner).unwrap();
        let light = dom.create_text(doc, "light");
        dom.append_child(h, light).unwrap();
        assert_eq!(dom.inner_html(h), "light");
        assert_eq!(dom.get_html(h, false, &[]), "light");
        let expected = "<template shadowrootmode=\"open\" shadowrootserializable=\"\"><span></span></template>light";
        assert_eq!(dom.get_html(h, true, &[]), expected);
        let body = dom.parent(h).unwrap();
        assert_eq!(
            dom.get_html(body, false, &[root]),
            format!("<div>{expected}</div>")
        );
        assert_eq!(dom.get_html(root, true, &[]), "<span></span>");
    }

    #[test]
    fn an_iframe_in_a_shadow_tree_connects_and_disconnects_with_its_host() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let body = dom.create_element(doc, "body").unwrap();
        dom.append_child(doc, body).unwrap();
        let h = dom.create_element(doc, "div").unwrap();
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        let frame = dom.create_element(doc, "iframe").unwrap();
        dom.append_child(root, frame).unwrap();
        dom.take_mutations();
        dom.append_child(body, h).unwrap();
        assert!(matches!(dom.take_mutations()[..], [Mutation::FrameConnected(f)] if f == frame));
        dom.remove_child(body, h).unwrap();
        assert!(matches!(dom.take_mutations()[..], [Mutation::FrameDisconnected(f)] if f == frame));
    }

    #[test]
    fn releasing_a_document_forgets_its_shadow_roots() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let h = host(&mut dom, doc, "div");
        let root = dom.attach_shadow(h, ShadowRootInit::default()).unwrap();
        dom.release_document(doc);
        assert!(dom.shadow.is_empty());
        assert!(!dom.shadow.roots.contains_key(&root));
    }
}
