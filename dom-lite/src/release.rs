//! Freeing the nodes of a document nobody can reach any more, and the
//! handles that name a node to the engine's script without ever naming a
//! later node put in the same slot.
//!
//! The engine decides when a document is unreachable (its JS wrappers are
//! collected: see `engine/src/web/js/node.js`); [`Dom::release_document`]
//! then frees every node the document owns and puts their slots on a free
//! list that [`Dom::push_node`] takes from before it grows the arena, so
//! a page that parses document after document reuses memory it has
//! already touched (issue 15).
//!
//! A slot's generation goes up each time it is freed. A [`Dom::handle`]
//! carries it, so a handle kept past its node's release resolves to
//! nothing ([`Dom::resolve`]), never to the slot's next node.

use crate::dom::{Dom, data_bytes};
use crate::node::{Link, Node, NodeData, NodeId};

/// The owner a free slot has: no document's id (`u32::MAX` is never an
/// index, see `Dom::push_node`).
pub(crate) const FREE: NodeId = NodeId(u32::MAX);

/// Slot generations above this are not handed out: a handle is an integer
/// a JS number holds exactly (53 bits: 32 of index, 21 of generation). A
/// slot freed that often is retired rather than reused.
const MAX_GENERATION: u32 = (1 << 21) - 1;

impl Dom {
    /// How many nodes the arena holds now (made and not released).
    pub fn live_nodes(&self) -> usize {
        self.nodes.len() - self.free.len() - self.retired
    }

    /// About how many bytes the live nodes hold (their slots and text): what
    /// an engine weighs to decide when to look for documents to release.
    pub fn live_bytes(&self) -> usize {
        self.live_nodes() * std::mem::size_of::<Node>()
            + self.attr_store.live_bytes()
            + self.text_bytes
    }

    /// The handle that names `id` to script: its index and its slot's
    /// generation, below 2^53.
    pub fn handle(&self, id: NodeId) -> u64 {
        u64::from(self.generation(id.0)) << 32 | u64::from(id.0)
    }

    /// The node a [`Dom::handle`] names, if it still lives.
    pub fn resolve(&self, handle: u64) -> Option<NodeId> {
        let index = u32::try_from(handle & u64::from(u32::MAX)).ok()?;
        let generation = u32::try_from(handle >> 32).ok()?;
        let node = self.nodes.get(index as usize)?;
        (node.owner != FREE && self.generation(index) == generation).then_some(NodeId(index))
    }

    fn generation(&self, index: u32) -> u32 {
        self.generations.get(index as usize).copied().unwrap_or(0)
    }

    /// Slot `id` belongs to document `doc` now: its range covers it.
    #[inline]
    pub(crate) fn note_slot(&mut self, doc: NodeId, id: NodeId) {
        match &mut self.range_cache {
            Some((d, first, last)) if *d == doc.0 => {
                *first = (*first).min(id.0);
                *last = (*last).max(id.0);
            }
            _ => self.note_slot_slow(doc, id),
        }
    }

    #[cold]
    fn note_slot_slow(&mut self, doc: NodeId, id: NodeId) {
        self.flush_range_cache();
        let (first, last) = self.doc_ranges.remove(&doc.0).unwrap_or((id.0, id.0));
        self.range_cache = Some((doc.0, first.min(id.0), last.max(id.0)));
    }

    fn flush_range_cache(&mut self) {
        if let Some((doc, first, last)) = self.range_cache.take() {
            let range = self.doc_ranges.entry(doc).or_insert((first, last));
            *range = (range.0.min(first), range.1.max(last));
        }
    }

    /// A free slot for a new node, if one waits.
    pub(crate) fn take_free_slot(&mut self) -> Option<u32> {
        self.free.pop()
    }

    /// Frees every node `doc` owns, `doc` included, and returns how many.
    /// The caller promises that nothing will name them again but through
    /// handles (which then resolve to nothing): no live wrapper, no id in
    /// its own state. Nodes adopted into another document before this call
    /// are that document's and stay. Does nothing (returns 0) if `doc` is
    /// not a live document, or if one of its nodes is linked to a node of
    /// another document (the tree invariant says none is).
    ///
    /// One pass over the slots the document's nodes ever took (a range kept
    /// as nodes are made and adopted), not the whole arena.
    pub fn release_document(&mut self, doc: NodeId) -> usize {
        self.release_documents(&[doc])
    }

    /// [`Dom::release_document`] of each of `docs`, in their order, and
    /// how many nodes went in all. The arena's free tail is given back and
    /// the attribute store compacted once, after the last (issue 15): an
    /// engine frees the documents a collection let go of together (a page
    /// that parses in a loop, a dozen at a time), and each compaction
    /// moved the attributes of the documents still to be released.
    pub fn release_documents(&mut self, docs: &[NodeId]) -> usize {
        let mut freed = 0;
        let mut released = Vec::new();
        for &doc in docs {
            freed += self.release_one(doc, &mut released);
        }
        if freed > 0 {
            self.trim_free_tail(released);
            self.compact_attrs_if_sparse();
        }
        freed
    }

    /// [`Dom::release_document`] but for the tail and the store: the slots
    /// it frees (not retired) are pushed onto `released`, in the order the
    /// free list is to take them.
    fn release_one(&mut self, doc: NodeId, released: &mut Vec<u32>) -> usize {
        if !matches!(self.nodes.get(doc.index()), Some(n) if n.owner == doc && matches!(n.data, NodeData::Document { .. }))
        {
            return 0;
        }
        if self.pinned.iter().any(|&p| self.node(p).owner == doc) {
            return 0;
        }
        self.flush_range_cache();
        let (first, last) = self
            .doc_ranges
            .get(&doc.0)
            .copied()
            .unwrap_or((doc.0, doc.0));
        // A range may reach past a tail trimmed since (`trim_free_tail`).
        let last = last.min(self.nodes.len() as u32 - 1);
        // One pass reads each slot once: whose it is, and, for the
        // document's, where its links go (a second pass over the owned
        // nodes read each of them again, out of cache for a big document).
        let nodes = &self.nodes;
        let outside = |link: Link| link.get().is_some_and(|n| nodes[n.index()].owner != doc);
        // Room for a range of the document's own (a parse's nodes follow
        // each other): the list grew a doubling at a time.
        let mut owned = Vec::with_capacity(last.saturating_sub(first) as usize + 1);
        let mut linked_outside = false;
        for i in first..=last {
            let n = &nodes[i as usize];
            if n.owner == doc {
                owned.push(i);
                linked_outside |= outside(n.parent)
                    | outside(n.first_child)
                    | outside(n.last_child)
                    | outside(n.prev_sibling)
                    | outside(n.next_sibling);
            }
        }
        if linked_outside {
            debug_assert!(false, "a tree spans two documents");
            return 0;
        }
        if self.generations.len() < self.nodes.len() {
            self.generations.resize(self.nodes.len(), 0);
        }
        // Records and mutations waiting to be taken may name the document's
        // nodes; none may outlive them.
        let owned_by_doc = |dom: &Dom, n: NodeId| dom.node(n).owner == doc;
        let mut records = std::mem::take(&mut self.records);
        records.retain(|r| {
            ![Some(r.target), r.previous_sibling, r.next_sibling]
                .into_iter()
                .flatten()
                .chain(r.added.iter().copied())
                .chain(r.removed.iter().copied())
                .chain(r.ancestors.iter().copied())
                .any(|n| owned_by_doc(self, n))
        });
        self.records = records;
        let mut mutations = std::mem::take(&mut self.mutations);
        mutations.retain(|m| !owned_by_doc(self, m.node()));
        self.mutations = mutations;
        self.doc_ranges.remove(&doc.0);
        if !self.shadow.is_empty() {
            for &i in &owned {
                self.shadow.forget(NodeId(i));
            }
        }
        if !self.templates.is_empty() {
            for &i in &owned {
                self.templates.remove(&NodeId(i));
            }
        }
        let mut text = 0;
        released.reserve(owned.len());
        // Each slot's data is dropped where it lies and its owner made FREE;
        // its links stay as they were: a free slot is read for its owner
        // only, and a new node overwrites it whole (`push_node_counted`).
        // Replacing the whole node (64 bytes read out, an empty node
        // written in) cost more: `release_throughput` 12, 3.01–3.07 ->
        // 2.85–2.91 ms per 1 MB document, 214.0 -> 206.0 M instructions
        // in `release_documents` (callgrind).
        let Dom {
            nodes,
            attr_store,
            generations,
            retired,
            ..
        } = self;
        for &i in owned.iter().rev() {
            let slot = &mut nodes[i as usize];
            // An element's attribute values are counted as they are freed:
            // `data_bytes` read them once more.
            text += match &slot.data {
                NodeData::Element(e) => attr_store.free(&e.attrs),
                data => data_bytes(attr_store, data),
            };
            slot.owner = FREE;
            slot.data = NodeData::DocumentFragment;
            let generation = &mut generations[i as usize];
            *generation += 1;
            if *generation > MAX_GENERATION {
                *retired += 1;
            } else {
                // Pushed highest first, so taken lowest first: a new
                // document's nodes fill the slots in the order a fresh
                // arena would.
                released.push(i);
            }
        }
        self.text_changed(text, 0);
        owned.len()
    }

    /// Gives back the free slots at the arena's end, and the memory under
    /// them once the arena is less than half full: a page that parsed big
    /// documents and let them go returns to its size. The slots' generations
    /// stay, so a slot made again past the end still gets a new one.
    ///
    /// `released` (the slots just freed) go onto the free list but for
    /// those given back: a page's parsed documents are mostly the arena's
    /// tail, whose slots were pushed and taken off again one by one.
    fn trim_free_tail(&mut self, released: Vec<u32>) {
        let mut len = self.nodes.len();
        while len > 0
            && self.nodes[len - 1].owner == FREE
            && self.generation(len as u32 - 1) <= MAX_GENERATION
        {
            len -= 1;
        }
        if len == self.nodes.len() {
            self.free.extend(released);
            return;
        }
        self.free.retain(|&i| (i as usize) < len);
        self.free
            .extend(released.into_iter().filter(|&i| (i as usize) < len));
        self.nodes.truncate(len);
        if self.nodes.capacity() > 2 * len + 1024 {
            self.nodes.shrink_to(len + len / 4);
        }
    }

    /// Keeps the document of `id` from being released while the engine
    /// holds `id` outside the arena (a script fetched in a later task),
    /// whatever document `id` moves to meanwhile; one [`Dom::unpin`] per pin.
    pub fn pin(&mut self, id: NodeId) {
        self.pinned.push(id);
    }

    /// Lets go of one [`Dom::pin`] of `id`.
    pub fn unpin(&mut self, id: NodeId) {
        if let Some(i) = self.pinned.iter().position(|&p| p == id) {
            self.pinned.swap_remove(i);
        }
    }

    /// From now on, record every node that moves to another document
    /// (adoption), for [`Dom::take_adoptions`]: an engine that keeps a
    /// document's wrappers with that document moves them.
    pub fn track_adoptions(&mut self) {
        self.adoptions.get_or_insert_with(Vec::new);
    }

    /// Whether nodes moved to another document since the last
    /// [`Dom::take_adoptions`] (while tracked).
    pub fn has_adoptions(&self) -> bool {
        self.adoptions.as_ref().is_some_and(|a| !a.is_empty())
    }

    /// The nodes that moved to another document since the last call, each
    /// with the document it left, in the order they moved.
    pub fn take_adoptions(&mut self) -> Vec<(NodeId, NodeId)> {
        self.adoptions
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }
}
