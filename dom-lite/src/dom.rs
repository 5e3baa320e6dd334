//! The arena, node creation and read-only node accessors.

use std::borrow::Cow;
use std::num::NonZeroU32;

use markup5ever::{LocalName, QualName, local_name, ns};

use crate::attr_store::AttrStore;
use crate::custom::CustomElementRecord;
use crate::error::DomError;
use crate::mutation::Mutation;
use crate::node::{
    AttrList, DoctypeData, ElementData, Node, NodeData, NodeId, QuirksMode, html_name, is_html_ns,
};
use crate::observe::MutationRecord;

/// One arena of nodes, shared by all the documents of a tab so that nodes can
/// move between them. Ids index a `Vec`; slots of released documents are reused (`release.rs`).
///
/// Passing a [`NodeId`] that did not come from this `Dom` panics.
#[derive(Debug, Default, Clone)]
pub struct Dom {
    pub(crate) nodes: Vec<Node>,
    pub(crate) mutations: Vec<Mutation>,
    /// How many iframe and script elements were ever created (plus one
    /// once there are custom element definitions): while zero,
    /// insertions and removals skip looking for them.
    pub(crate) watched_elements: usize,
    /// Bytes of text the nodes hold (character data, attribute values,
    /// doctype fields), kept as they change: see [`Dom::size_bytes`].
    pub(crate) text_bytes: usize,
    /// Whether MutationObserver records are queued (`observe.rs`).
    pub(crate) observed: bool,
    pub(crate) records: Vec<MutationRecord>,
    /// Slots of released nodes, the next one to reuse last (`release.rs`).
    pub(crate) free: Vec<u32>,
    /// Each slot's generation (how often it was freed); empty until a
    /// first release, shorter than `nodes` for slots never freed.
    pub(crate) generations: Vec<u32>,
    /// Nodes the engine holds outside the arena: their documents are not
    /// released (`Dom::pin`).
    pub(crate) pinned: Vec<NodeId>,
    /// Slots freed too often to be handed out again.
    pub(crate) retired: usize,
    /// The slots each document's nodes ever took, as a range (first,
    /// last) by document index, so that a release looks at those only; the
    /// range of the document nodes were last made for is in `range_cache`
    /// (`release.rs`).
    pub(crate) doc_ranges: std::collections::HashMap<u32, (u32, u32)>,
    pub(crate) range_cache: Option<(u32, u32, u32)>,
    /// While tracked: nodes that moved to another document, with the
    /// document they left (`Dom::take_adoptions`).
    pub(crate) adoptions: Option<Vec<(NodeId, NodeId)>>,
    /// Whether the engine has custom element definitions: until then no
    /// custom element record is made (`custom.rs`).
    pub(crate) custom_elements_defined: bool,
    /// Changes that may enqueue custom element reactions (`custom.rs`).
    pub(crate) custom_element_records: Vec<CustomElementRecord>,
    /// Shadow roots, their hosts and manual slot assignments (`shadow.rs`).
    pub(crate) shadow: crate::shadow::ShadowTrees,
    /// Each `<template>` element's contents fragment. Kept here, not in
    /// the element, because templates are rare and every element would
    /// carry the link: without it a node takes 64 bytes, not 72 (issue 15).
    /// Entries of released nodes are removed (`release.rs`).
    pub(crate) templates: std::collections::HashMap<NodeId, NodeId>,
    /// Every element's attributes (`attr_store.rs`).
    pub(crate) attr_store: AttrStore,
    /// Told of the arena's memory each time it grows ([`Dom::on_arena_growth`]).
    pub(crate) arena_growth: Option<ArenaGrowth>,
}

/// What [`Dom::on_arena_growth`] calls: the address and length in bytes
/// of memory the arena just reserved and has not written yet.
pub type ArenaGrowth = fn(usize, usize);

impl Dom {
    /// An empty arena.
    pub fn new() -> Dom {
        Dom::default()
    }

    /// How many slots the arena holds: its nodes, attached or not, and the
    /// free slots of released ones.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// About how many bytes the arena holds: its nodes and the text in
    /// them (what a host counts toward a tab's memory). O(1).
    pub fn size_bytes(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.mutations.capacity() * std::mem::size_of::<Mutation>()
            + self.records.capacity() * std::mem::size_of::<MutationRecord>()
            + self.free.capacity() * 4
            + self.generations.capacity() * 4
            + self.attr_store.capacity_bytes()
            + self.text_bytes
    }

    /// A node's text shrank by `removed` bytes and grew by `added`.
    pub(crate) fn text_changed(&mut self, removed: usize, added: usize) {
        self.text_bytes = self
            .text_bytes
            .saturating_sub(removed)
            .saturating_add(added);
    }

    /// Calls `growth` with the memory the arena reserves each time it
    /// grows, before any node is written there: an engine may advise the
    /// kernel how to back it (issue 15: a parse's fresh node memory costs a
    /// page fault per 64 nodes).
    pub fn on_arena_growth(&mut self, growth: ArenaGrowth) {
        self.arena_growth = Some(growth);
    }

    /// Calls `growth` with each big segment the attribute store makes
    /// (6 MiB, once it holds some 8,000 attributes), before anything is
    /// written there: as [`Dom::on_arena_growth`], for the attributes of
    /// big documents (`attr_store.rs`).
    pub fn on_attr_store_growth(&mut self, growth: ArenaGrowth) {
        self.attr_store.growth = Some(growth);
    }

    /// Doubles the arena, as `Vec::push` would, and tells the hook of the
    /// part not written yet. Past 2 MiB, to 2^n - 1 slots: with malloc's
    /// header the block then maps 2^n nodes exactly, a multiple of 2 MiB,
    /// which the kernel (Linux 6.7 on) aligns on a huge page; 2^n slots
    /// mapped 2^n nodes and a page, 4 KiB-aligned, and the first and last
    /// partial huge pages of the arena took 4 KiB page faults.
    #[cold]
    #[inline(never)]
    fn grow_arena(&mut self) {
        const HUGE_NODES: usize = (2 << 20) / std::mem::size_of::<Node>();
        let len = self.nodes.len();
        if len + 1 >= HUGE_NODES {
            self.nodes
                .reserve_exact((len + 2).next_power_of_two() - 1 - len);
        } else {
            self.nodes.reserve(len.max(4));
        }
        if let Some(growth) = self.arena_growth {
            let bytes = self.nodes.capacity() * std::mem::size_of::<Node>();
            growth(self.nodes.as_ptr() as usize, bytes);
        }
    }

    /// Whether the arena holds no node at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub(crate) fn push_node(&mut self, owner: Option<NodeId>, data: NodeData) -> NodeId {
        let bytes = data_bytes(&self.attr_store, &data);
        self.push_node_counted(owner, data, bytes)
    }

    /// A new node of `doc` holding `bytes` of text, appended to `parent`
    /// as its last child in one step (the parser's new text nodes).
    #[inline(always)]
    pub(crate) fn push_last_child(
        &mut self,
        doc: NodeId,
        parent: NodeId,
        data: NodeData,
        bytes: usize,
    ) -> NodeId {
        let id = self.push_node_counted(Some(doc), data, bytes);
        self.link_last(parent, id);
        id
    }

    /// [`Dom::push_node`] of data holding `bytes` of text (`data_bytes`).
    #[inline(always)]
    pub(crate) fn push_node_counted(
        &mut self,
        owner: Option<NodeId>,
        data: NodeData,
        bytes: usize,
    ) -> NodeId {
        if let Some(index) = self.take_free_slot() {
            let id = NodeId(index);
            if matches!(&data, NodeData::Element(e) if e.is_iframe() || e.is_script()) {
                self.watched_elements += 1;
            }
            self.text_changed(0, bytes);
            let owner = owner.unwrap_or(id);
            let free = std::mem::replace(&mut self.nodes[id.index()], Node::new(owner, data));
            // A free slot holds an empty fragment (`release_document`), with
            // nothing to drop: dropping it was an out-of-line call per node
            // a parse makes in reused slots.
            debug_assert!(matches!(free.data, NodeData::DocumentFragment));
            std::mem::forget(free);
            self.note_slot(owner, id);
            return id;
        }
        // `u32::MAX` is no index: it is a `Link`'s none (and a free slot's owner).
        let index = u32::try_from(self.nodes.len())
            .ok()
            .filter(|&i| i != u32::MAX)
            .unwrap_or_else(|| panic!("DOM arena full"));
        let id = NodeId(index);
        if matches!(&data, NodeData::Element(e) if e.is_iframe() || e.is_script()) {
            self.watched_elements += 1;
        }
        self.text_changed(0, bytes);
        let node = Node::new(owner.unwrap_or(id), data);
        // Pushed in the branch that knows there is room, so that `push`
        // does not check again (it did after a call to `grow_arena`).
        if self.nodes.len() == self.nodes.capacity() {
            self.grow_arena();
            self.nodes.push(node);
        } else {
            self.nodes.push(node);
        }
        self.note_slot(owner.unwrap_or(id), id);
        id
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub(crate) fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.index()]
    }

    /// A new empty HTML document ("text/html") in no-quirks mode.
    pub fn create_document(&mut self) -> NodeId {
        self.push_node(
            None,
            NodeData::Document {
                quirks_mode: QuirksMode::NoQuirks,
                html: true,
                content_type: "text/html".to_owned(),
            },
        )
    }

    /// A new empty XML document with this content type
    /// ("application/xml", "image/svg+xml", "application/xhtml+xml"...).
    pub fn create_xml_document(&mut self, content_type: &str) -> NodeId {
        self.push_node(
            None,
            NodeData::Document {
                quirks_mode: QuirksMode::NoQuirks,
                html: false,
                content_type: content_type.to_owned(),
            },
        )
    }

    /// Whether `id`'s node document is an HTML document (not an XML one).
    pub fn is_html_document(&self, id: NodeId) -> bool {
        match self.data(self.owner_document(id)) {
            NodeData::Document { html, .. } => *html,
            _ => true,
        }
    }

    /// The content type of `id`'s node document.
    pub fn content_type(&self, id: NodeId) -> &str {
        match self.data(self.owner_document(id)) {
            NodeData::Document { content_type, .. } => content_type,
            _ => "text/html",
        }
    }

    /// `document.createElement(localName)`: in an HTML document, an HTML
    /// element whose name is `local_name` ASCII-lowercased; in an XML
    /// document, an element named as given, in the HTML namespace if the
    /// document is XHTML ("application/xhtml+xml") and in no namespace
    /// otherwise.
    pub fn create_element(&mut self, doc: NodeId, local_name: &str) -> Result<NodeId, DomError> {
        // https://dom.spec.whatwg.org/#dom-document-createelement
        // Step 1. If localName is not a valid element local name, throw.
        if !is_valid_element_local_name(local_name) {
            return Err(DomError::InvalidCharacter(format!(
                "Failed to execute 'createElement' on 'Document': The tag name provided ('{local_name}') is not a valid name."
            )));
        }
        // Step 2. Lowercase it in an HTML document.
        if self.is_html_document(doc) {
            let name = html_name(&local_name.to_ascii_lowercase());
            return Ok(self.create_element_with_name(doc, name));
        }
        // Step 5. The namespace: HTML for XHTML documents, else none.
        let ns = if self.content_type(doc) == "application/xhtml+xml" {
            ns!(html)
        } else {
            ns!()
        };
        let name = QualName::new(None, ns, LocalName::from(local_name));
        Ok(self.create_element_with_name(doc, name))
    }

    /// `document.createProcessingInstruction(target, data)`.
    pub fn create_processing_instruction(
        &mut self,
        doc: NodeId,
        target: &str,
        data: &str,
    ) -> Result<NodeId, DomError> {
        // https://dom.spec.whatwg.org/#dom-document-createprocessinginstruction
        // 1. If target does not match the Name production, throw.
        if !is_xml_name(target) {
            return Err(DomError::InvalidCharacter(format!(
                "Failed to execute 'createProcessingInstruction' on 'Document': The target provided ('{target}') is not a valid name."
            )));
        }
        // 2. If data contains "?>", throw.
        if data.contains("?>") {
            return Err(DomError::InvalidCharacter(format!(
                "Failed to execute 'createProcessingInstruction' on 'Document': The data provided ('{data}') contains '?>'."
            )));
        }
        let doc = self.owner_document(doc);
        Ok(self.push_node(
            Some(doc),
            NodeData::ProcessingInstruction {
                target: LocalName::from(target),
                data: data.into(),
            },
        ))
    }

    /// `document.createCDATASection(data)`.
    pub fn create_cdata_section(&mut self, doc: NodeId, data: &str) -> Result<NodeId, DomError> {
        // https://dom.spec.whatwg.org/#dom-document-createcdatasection
        // 1. If this is an HTML document, throw NotSupportedError.
        if self.is_html_document(doc) {
            return Err(DomError::NotSupported(
                "Failed to execute 'createCDATASection' on 'Document': This operation is not supported for HTML documents."
                    .to_owned(),
            ));
        }
        // 2. If data contains "]]>", throw.
        if data.contains("]]>") {
            return Err(DomError::InvalidCharacter(
                "Failed to execute 'createCDATASection' on 'Document': String cannot contain ']]>' since that is the end delimiter of a CData section."
                    .to_owned(),
            ));
        }
        let doc = self.owner_document(doc);
        Ok(self.push_node(Some(doc), NodeData::CDataSection(data.into())))
    }

    /// An element with any namespace and name, without validation; templates
    /// get their contents fragment.
    pub fn create_element_with_name(&mut self, doc: NodeId, name: QualName) -> NodeId {
        let doc = self.owner_document(doc);
        self.push_element(doc, ElementData::new(name, AttrList::default()), 0)
    }

    /// Pushes `element`, owned by the document `doc`, with the contents
    /// fragment a template gets; its attribute values hold `value_bytes`
    /// (its maker counted them as it made them). Inlined: the parser
    /// makes every element here (a call, with the element passed through
    /// memory, was some 80 instructions an element).
    #[inline(always)]
    pub(crate) fn push_element(
        &mut self,
        doc: NodeId,
        element: ElementData,
        value_bytes: usize,
    ) -> NodeId {
        let is_template = element.is_html(&local_name!("template"));
        debug_assert_eq!(
            self.attrs_of(&element)
                .iter()
                .map(|a| a.value.len())
                .sum::<usize>(),
            value_bytes
        );
        let id = self.push_node_counted(Some(doc), NodeData::Element(element), value_bytes);
        if is_template {
            self.add_template_contents(doc, id);
        }
        id
    }

    /// A new template's contents fragment.
    #[cold]
    fn add_template_contents(&mut self, doc: NodeId, template: NodeId) {
        let contents = self.create_document_fragment(doc);
        self.templates.insert(template, contents);
    }

    /// `document.createTextNode(data)`.
    pub fn create_text(&mut self, doc: NodeId, data: &str) -> NodeId {
        let doc = self.owner_document(doc);
        self.push_node(Some(doc), NodeData::Text(data.into()))
    }

    /// `document.createComment(data)`.
    pub fn create_comment(&mut self, doc: NodeId, data: &str) -> NodeId {
        let doc = self.owner_document(doc);
        self.push_node(Some(doc), NodeData::Comment(data.into()))
    }

    /// `document.createDocumentFragment()`.
    pub fn create_document_fragment(&mut self, doc: NodeId) -> NodeId {
        let doc = self.owner_document(doc);
        self.push_node(Some(doc), NodeData::DocumentFragment)
    }

    /// A doctype node owned by `doc`, not yet inserted.
    pub fn create_doctype(
        &mut self,
        doc: NodeId,
        name: &str,
        public_id: &str,
        system_id: &str,
    ) -> NodeId {
        let doc = self.owner_document(doc);
        self.push_node(
            Some(doc),
            NodeData::Doctype(Box::new(DoctypeData {
                name: name.into(),
                public_id: public_id.into(),
                system_id: system_id.into(),
            })),
        )
    }

    // --- reading ---

    /// The node's data, for callers that need more than the accessors give.
    pub fn data(&self, id: NodeId) -> &NodeData {
        &self.node(id).data
    }

    /// The element's data, or `None` for other nodes.
    pub fn element(&self, id: NodeId) -> Option<&ElementData> {
        self.node(id).element()
    }

    /// Whether `id` is an element.
    pub fn is_element(&self, id: NodeId) -> bool {
        self.element(id).is_some()
    }

    /// Whether `id` is the HTML element named `local` (lowercase).
    pub fn is_html_element(&self, id: NodeId, local: &str) -> bool {
        self.element(id)
            .is_some_and(|e| is_html_ns(&e.name.ns) && &*e.name.local == local)
    }

    /// The DOM `nodeType`: 1 element, 3 text, 4 CDATA section, 7 processing
    /// instruction, 8 comment, 9 document, 10 doctype, 11 fragment.
    pub fn node_type(&self, id: NodeId) -> u16 {
        match self.data(id) {
            NodeData::Element(_) => 1,
            NodeData::Text(_) => 3,
            NodeData::CDataSection(_) => 4,
            NodeData::ProcessingInstruction { .. } => 7,
            NodeData::Comment(_) => 8,
            NodeData::Document { .. } => 9,
            NodeData::Doctype(_) => 10,
            NodeData::DocumentFragment => 11,
        }
    }

    /// The DOM `nodeName`: the qualified name for elements (uppercased for
    /// HTML elements in HTML documents), `#text`, `#cdata-section`, a
    /// processing instruction's target, `#comment`, `#document`,
    /// `#document-fragment`, or the doctype's name.
    pub fn node_name(&self, id: NodeId) -> String {
        match self.data(id) {
            NodeData::Element(e) => {
                let qualified = qualified_name(&e.name);
                if is_html_ns(&e.name.ns) && self.is_html_document(id) {
                    qualified.to_ascii_uppercase()
                } else {
                    qualified.into_owned()
                }
            }
            NodeData::Text(_) => "#text".to_owned(),
            NodeData::CDataSection(_) => "#cdata-section".to_owned(),
            NodeData::ProcessingInstruction { target, .. } => target.to_string(),
            NodeData::Comment(_) => "#comment".to_owned(),
            NodeData::Document { .. } => "#document".to_owned(),
            NodeData::Doctype(doctype) => doctype.name.to_string(),
            NodeData::DocumentFragment => "#document-fragment".to_owned(),
        }
    }

    /// An element's local name.
    pub fn local_name(&self, id: NodeId) -> Option<&str> {
        self.element(id).map(|e| &*e.name.local)
    }

    /// An element's namespace URL (`None` for other nodes and for the empty namespace).
    pub fn namespace(&self, id: NodeId) -> Option<&str> {
        self.element(id)
            .map(|e| &*e.name.ns)
            .filter(|ns| !ns.is_empty())
    }

    /// The 1-based line of the HTML source on which the document parser
    /// finished reading this element's start tag (the line of its `>`; for a
    /// start tag written on one line, simply its line). No column is kept:
    /// html5ever's tokenizer counts only lines.
    ///
    /// `None` for nodes that are not elements made by a [`DocumentParser`]
    /// (or [`Dom::parse_document`]): elements created by scripts, clones, and
    /// everything made by fragment parsing (`innerHTML` and friends).
    ///
    /// Elements the tree builder makes without a start tag of their own
    /// (implied `html`/`head`/`body`/`tbody`, reopened formatting elements)
    /// get the line of the token that made them. Elements parsed from
    /// `document.write` text ([`DocumentParser::insert_at_cursor`]) all get
    /// the line of the insertion point (where the writing script's `</script>`
    /// ends), and newlines in written text do not shift the lines of the rest
    /// of the document, as in browsers.
    ///
    /// [`DocumentParser`]: crate::DocumentParser
    /// [`DocumentParser::insert_at_cursor`]: crate::DocumentParser::insert_at_cursor
    pub fn source_line(&self, id: NodeId) -> Option<u32> {
        self.element(id)?.source_line.map(NonZeroU32::get)
    }

    /// For a `<script>` element (HTML or SVG) made by the document parser: the
    /// 1-based line of the HTML source on which its text begins, so that a
    /// line `n` of the script (counting from 1) is line
    /// `script_text_start_line + n - 1` of the file. The text begins right
    /// after the start tag's `>`, which is the line [`Dom::source_line`]
    /// records, so this is that line (exact even when the start tag spans
    /// several lines). `None` for other elements and where `source_line` is `None`.
    pub fn script_text_start_line(&self, id: NodeId) -> Option<u32> {
        let e = self.element(id)?;
        let is_script = e.name.local == local_name!("script")
            && (e.name.ns == ns!(html) || e.name.ns == ns!(svg));
        if is_script {
            self.source_line(id)
        } else {
            None
        }
    }

    /// The node document; a document is its own.
    pub fn owner_document(&self, id: NodeId) -> NodeId {
        self.node(id).owner
    }

    /// A document's quirks mode (that of `id`'s node document for other nodes).
    pub fn quirks_mode(&self, id: NodeId) -> QuirksMode {
        match self.data(self.owner_document(id)) {
            NodeData::Document { quirks_mode, .. } => *quirks_mode,
            _ => QuirksMode::NoQuirks,
        }
    }

    /// Sets a document's quirks mode.
    pub fn set_quirks_mode(&mut self, doc: NodeId, mode: QuirksMode) {
        if let NodeData::Document { quirks_mode, .. } = &mut self.node_mut(doc).data {
            *quirks_mode = mode;
        }
    }

    /// The parent node.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent.get()
    }

    /// The parent, if it is an element.
    pub fn parent_element(&self, id: NodeId) -> Option<NodeId> {
        self.parent(id).filter(|&p| self.is_element(p))
    }

    /// The first child.
    pub fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).first_child.get()
    }

    /// The last child.
    pub fn last_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).last_child.get()
    }

    /// The next sibling.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).next_sibling.get()
    }

    /// The previous sibling.
    pub fn previous_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).prev_sibling.get()
    }

    /// The children in order.
    pub fn children(&self, id: NodeId) -> impl DoubleEndedIterator<Item = NodeId> + '_ {
        Children {
            dom: self,
            front: self.first_child(id),
            back: self.last_child(id),
        }
    }

    /// The element children in order (the DOM's `children`).
    pub fn element_children(&self, id: NodeId) -> Vec<NodeId> {
        self.children(id).filter(|&c| self.is_element(c)).collect()
    }

    /// The root of `id`'s tree (itself when it has no parent).
    pub fn root(&self, id: NodeId) -> NodeId {
        self.ancestors(id).last().unwrap_or(id)
    }

    /// Whether `id`'s shadow-including root is a document
    /// (<https://dom.spec.whatwg.org/#connected>).
    pub fn is_connected(&self, id: NodeId) -> bool {
        matches!(
            self.data(self.shadow_including_root(id)),
            NodeData::Document { .. }
        )
    }

    /// Whether `b` is an inclusive descendant of `a` (the DOM's `a.contains(b)`).
    pub fn contains(&self, a: NodeId, b: NodeId) -> bool {
        a == b || self.ancestors(b).any(|n| n == a)
    }

    /// The data of a CharacterData node (text, CDATA section, processing
    /// instruction or comment).
    pub fn character_data(&self, id: NodeId) -> Option<&str> {
        match self.data(id) {
            NodeData::Text(s)
            | NodeData::Comment(s)
            | NodeData::CDataSection(s)
            | NodeData::ProcessingInstruction { data: s, .. } => Some(s),
            _ => None,
        }
    }

    /// Replaces the data of a CharacterData node (DOM "replace data" with
    /// the whole data); other nodes are left alone.
    pub fn set_character_data(&mut self, id: NodeId, data: &str) {
        let observed = self.observed;
        if let NodeData::Text(s)
        | NodeData::Comment(s)
        | NodeData::CDataSection(s)
        | NodeData::ProcessingInstruction { data: s, .. } = &mut self.node_mut(id).data
        {
            let before = s.len();
            let old = observed.then(|| std::mem::replace(s, data.into()));
            if !observed {
                s.clear();
                s.push_str(data);
            }
            self.text_changed(before, data.len());
            if let Some(old) = old {
                self.queue_character_data_record(id, &old);
            }
        }
    }

    /// The DOM's `textContent` getter: `None` for documents and doctypes,
    /// the data of text and comments, the descendant text of the rest.
    pub fn text_content(&self, id: NodeId) -> Option<String> {
        match self.data(id) {
            NodeData::Document { .. } | NodeData::Doctype(_) => None,
            NodeData::Text(s)
            | NodeData::Comment(s)
            | NodeData::CDataSection(s)
            | NodeData::ProcessingInstruction { data: s, .. } => Some(s.to_string()),
            NodeData::Element(_) | NodeData::DocumentFragment => Some(self.descendant_text(id)),
        }
    }

    /// The concatenated data of `id`'s descendant text nodes, in tree order.
    pub fn descendant_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let NodeData::Text(s) | NodeData::CDataSection(s) = self.data(n) {
                out.push_str(s);
            }
        }
        out
    }

    /// The concatenated data of `id`'s text node children (the spec's "child text content").
    pub fn child_text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.children(id) {
            if let NodeData::Text(s) | NodeData::CDataSection(s) = self.data(n) {
                out.push_str(s);
            }
        }
        out
    }

    /// A template element's contents fragment.
    pub fn template_contents(&self, id: NodeId) -> Option<NodeId> {
        if self.templates.is_empty() {
            return None;
        }
        self.templates.get(&id).copied()
    }

    /// Whether a script element's "already started" flag is set.
    pub fn script_already_started(&self, id: NodeId) -> bool {
        self.element(id).is_some_and(|e| e.script_already_started)
    }

    /// Sets a script element's "already started" flag (the engine does so when it runs it).
    pub fn set_script_already_started(&mut self, id: NodeId) {
        if let Some(e) = self.node_mut(id).element_mut() {
            e.script_already_started = true;
        }
    }

    /// Whether a script element was created by the document parser.
    pub fn script_parser_inserted(&self, id: NodeId) -> bool {
        self.element(id).is_some_and(|e| e.parser_inserted)
    }
}

struct Children<'a> {
    dom: &'a Dom,
    front: Option<NodeId>,
    back: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let current = self.front?;
        if Some(current) == self.back {
            self.front = None;
            self.back = None;
        } else {
            self.front = self.dom.next_sibling(current);
        }
        Some(current)
    }
}

impl DoubleEndedIterator for Children<'_> {
    fn next_back(&mut self) -> Option<NodeId> {
        let current = self.back?;
        if Some(current) == self.front {
            self.front = None;
            self.back = None;
        } else {
            self.back = self.dom.previous_sibling(current);
        }
        Some(current)
    }
}

/// The text bytes a node's data holds (see [`Dom::size_bytes`]); an
/// element's attributes are in `store`. Inlined where every parsed node
/// is made: text and elements without attributes are read here, the rest
/// out of line.
#[inline(always)]
pub(crate) fn data_bytes(store: &AttrStore, data: &NodeData) -> usize {
    match data {
        NodeData::Text(s) | NodeData::Comment(s) | NodeData::CDataSection(s) => s.len(),
        NodeData::Element(e) if e.attrs.len == 0 => 0,
        NodeData::Document { .. } | NodeData::DocumentFragment => 0,
        _ => other_data_bytes(store, data),
    }
}

/// [`data_bytes`] of elements with attributes, doctypes and processing
/// instructions.
#[inline(never)]
fn other_data_bytes(store: &AttrStore, data: &NodeData) -> usize {
    match data {
        NodeData::ProcessingInstruction { target, data } => pi_bytes(target, data),
        NodeData::Doctype(doctype) => {
            doctype.name.len() + doctype.public_id.len() + doctype.system_id.len()
        }
        NodeData::Element(e) => store.get(&e.attrs).iter().map(|a| a.value.len()).sum(),
        NodeData::Text(s) | NodeData::Comment(s) | NodeData::CDataSection(s) => s.len(),
        NodeData::Document { .. } | NodeData::DocumentFragment => 0,
    }
}

/// A processing instruction's share of [`data_bytes`], out of line: an
/// atom's length is read through its table, and `data_bytes` is inlined
/// where every parsed node is made.
#[cold]
fn pi_bytes(target: &LocalName, data: &str) -> usize {
    target.len() + data.len()
}

/// `prefix:local`, or `local` (borrowed, without allocating).
pub(crate) fn qualified_name(name: &QualName) -> Cow<'_, str> {
    match &name.prefix {
        Some(prefix) => Cow::Owned(format!("{}:{}", prefix, name.local)),
        None => Cow::Borrowed(&name.local),
    }
}

/// <https://dom.spec.whatwg.org/#valid-element-local-name>
pub fn is_valid_element_local_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if first.is_ascii_alphabetic() {
        !name
            .chars()
            .any(|c| c.is_ascii_whitespace() || c == '\0' || c == '/' || c == '>')
    } else if first == ':' || first == '_' || first >= '\u{80}' {
        chars.all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '_') || c >= '\u{80}'
        })
    } else {
        false
    }
}

/// https://dom.spec.whatwg.org/#valid-attribute-local-name
pub(crate) fn is_valid_attribute_local_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_ascii_whitespace() || matches!(c, '\0' | '/' | '=' | '>'))
}

/// A plain (no namespace, no prefix) attribute name.
pub(crate) fn plain_attr_name(name: &str) -> QualName {
    QualName::new(None, ns!(), LocalName::from(name))
}

/// Whether `name` matches XML's Name production
/// (<https://www.w3.org/TR/xml/#NT-Name>).
pub(crate) fn is_xml_name(name: &str) -> bool {
    let start = |c: char| {
        matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
            | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
            | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
            | '\u{10000}'..='\u{EFFFF}')
    };
    let mut chars = name.chars();
    chars.next().is_some_and(start)
        && chars.all(|c| {
            start(c)
                || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_local_names_follow_the_dom_standard() {
        for good in [
            "div",
            "my-element",
            "A1",
            "svg:rect",
            "_x",
            ":y",
            "é-x",
            "a\u{1F600}",
        ] {
            assert!(is_valid_element_local_name(good), "{good:?}");
        }
        for bad in [
            "", "1a", "-a", "a b", "a\tb", "a/b", "a>b", "a\0", "_x y", "é<",
        ] {
            assert!(!is_valid_element_local_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn attribute_local_names_refuse_only_separators() {
        for good in ["id", "data-x", "1", "@click", ":a", "a\"b"] {
            assert!(is_valid_attribute_local_name(good), "{good:?}");
        }
        for bad in ["", "a b", "a=b", "a/b", "a>b", "a\0b", "\n"] {
            assert!(!is_valid_attribute_local_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn children_iterate_both_ways_and_meet_in_the_middle() {
        let mut dom = Dom::new();
        let doc = dom.create_document();
        let parent = dom.create_document_fragment(doc);
        let kids: Vec<NodeId> = (0..3)
            .map(|i| dom.create_text(doc, &i.to_string()))
            .collect();
        for &k in &kids {
            dom.link_before(parent, k, None);
        }
        assert_eq!(dom.children(parent).collect::<Vec<_>>(), kids);
        assert_eq!(
            dom.children(parent).rev().collect::<Vec<_>>(),
            [kids[2], kids[1], kids[0]]
        );
        let mut both = dom.children(parent);
        assert_eq!(
            (both.next(), both.next_back(), both.next(), both.next_back()),
            (Some(kids[0]), Some(kids[2]), Some(kids[1]), None)
        );
    }
}
