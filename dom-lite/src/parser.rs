//! html5ever's tree builder writing into a shared [`Dom`]: whole documents,
//! documents parsed step by step around their scripts, and fragments (`innerHTML`).
//!
//! # What a parse costs (issue 15)
//!
//! One DOMParser parse of `pages/bench.test/compare/parse.html`'s 1 MB
//! document (7,981 rows: 24,000 elements with 32,000 attributes, 32,000
//! text nodes, 8,000 comments), `valgrind --tool=callgrind
//! --toggle-collect='*parse_from_string*'
//! target/release/examples/compare-isohost parse 2`, halved, split by
//! function (exclusive, inlined code counted where it lands):
//!
//! | | at `92ef820` | now |
//! |---|---:|---:|
//! | html5ever's tokenizer (with tendril, `BufferQueue`) | 42.1 M | 42.1 M |
//! | html5ever's tree builder | 23.5 M | 23.4 M |
//! | this sink and the arena (`create_element`, `append`, ...) | 25.6 M | 19.5 M |
//! | `memcpy` (short copies into `CompactString`s; now the tokenizer's) | 4.3 M | 3.3 M |
//! | malloc and free (text the tokenizer builds, > 8 bytes) | 1.1 M | 1.1 M |
//! | the rest (the op, V8 writing the source) | 0.5 M | 0.5 M |
//! | **total** | **97.1 M** | **89.9 M** |
//!
//! Since then: **81.7 M** at `9a211cf`, **80.9 M** at `ec5edda` (the
//! adoption agency's commonest case). The tree builder takes a run of text,
//! a comment and the commonest tags (`div`, `span`, `a` and their kin)
//! in body straight from its `process_token`, without the token's trip
//! through `process_to_completion` and the insertion modes
//! (`vendor/README.md`): by the function the instructions land in, the
//! tree builder's 15.1 -> 8.6 M, the tokenizer's (into whose calls the
//! tree builder's `process_token` is inlined) 49.8 -> 48.0 M, this sink's
//! unchanged (20.1 M). **79.8 M** at `35eefd8` (one method per in-body
//! arm, shared by the insertion mode and the shortcut; end tags and
//! comments dropped inline), **79.7 M** at `5101ec6` (`elem_name` always
//! inlined); 78.6 M by `examples/parse_throughput` (halved), which parses
//! without the op.
//!
//! Atoms cost nothing here: every name of the document is a static atom
//! or packed inline (no global lock, no hashing). What paid, in the sink:
//! - [`TreeSink::append`] links the new, unobserved nodes the tree builder
//!   appends inline (`Dom::link_last`, and `Dom::push_last_child` for a
//!   new Text node: made and linked in one step): `insert` (a call of
//!   `link_before` with its reference checks, the generic `push_node`)
//!   cost some 70 instructions more a node; and `create_element` moves
//!   the tokenizer's attributes into the store by a loop of its own
//!   (`AttrStore::new_list_from_tokens`), not through a `Drain`, a `Map`
//!   and a counting closure: the two, 97.06 -> 91.90 M;
//! - `Dom::push_element` inlined into `create_element` (a call, the
//!   element passed through memory, was some 55 instructions an
//!   element): 92.04 -> 91.37 M;
//! - a new Text node that is a newline or a space (half of this
//!   document's, and most whitespace between tags) gets a constant, not
//!   a copy through `memcpy`: 91.37 -> 90.85 M;
//! - attribute values, text and comments of up to 16 bytes are copied
//!   into their `CompactString` by an arm per length (`node::compact`),
//!   a copy of known size in registers, not a call of `memcpy`: 90.85 ->
//!   90.09 M; `link_last` touching the parent once, −0.1 M more;
//! - page faults, the part of a parse instructions do not show: the
//!   attribute store's segments past 16,384 live slots are 6 MiB (a slot
//!   short, so that malloc maps a multiple of 2 MiB, which Linux aligns
//!   on a huge page), advised for huge pages with the huge page holding
//!   malloc's header collapsed at once (`MADV_COLLAPSE`); the arena grows
//!   to 2^n − 1 slots past 2 MiB for the same alignment. Page faults per
//!   parse (`perf stat -e page-faults`, `compare-isohost parse 12` less
//!   `parse 2`, over 10): ≈770 -> ≈175; the attribute store had been two
//!   thirds of them (48-byte slots in 48 KiB segments, a fault per 85
//!   attributes), and the arena's first and last partial huge pages most
//!   of the rest. The price is memory: a huge page is resident whole, so
//!   `compare-isohost parse-memory 50` (50 documents of 1 MB parsed one
//!   per task, collected as they go) went from ≈24.6 to ≈27.4 MB PSS
//!   (medians of 3); ≈24.7 with the 6 MiB segments not aligned (no
//!   `SEGMENT - 1`, arena doubling as before), which saved some 370 of
//!   the faults where the alignment saves some 230 more. Memory per
//!   window (`memory 50`) is unchanged: a small page's store and arena
//!   never reach these sizes.
//!
//! Tried and not kept: `Dom::push_element` marked `#[inline]` (LTO kept
//! the call: −0.09 M; `#[inline(always)]` is the −0.67 M above); the
//! arena grown before a single `push` of the new node, so that it is
//! built in place (+0.09 M: `push` checks the capacity again, as
//! `push_node_counted` says). Not tried, with reasons: `elem_name` handing out a `Ref` into
//! the `Dom` instead of two atoms (≈1 M: the tree builder could hold it
//! across a callback that borrows the `Dom` mutably, a panic); attribute
//! values and text kept as the tokenizer's tendrils instead of
//! `CompactString`s (the copies, ≈2 M, but a tendril is not `Send`,
//! and a sliced one keeps the whole source alive).
//! What is left is html5ever's (71 % of the instructions), which this
//! crate drives as it is.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::num::NonZeroU32;
use std::rc::Rc;

use compact_str::CompactString;
use html5ever::buffer_queue::BufferQueue;
use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, Tracer, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, Namespace, QualName, TokenizerResult, ns};
use thin_vec::ThinVec;
use xml5ever::tokenizer::{
    ProcessResult as XmlProcessResult, TagKind as XmlTagKind, Token as XmlToken,
    TokenSink as XmlTokenSink, XmlTokenizer, XmlTokenizerOpts,
};
use xml5ever::tree_builder::{XmlTreeBuilder, XmlTreeBuilderOpts};

use crate::dom::Dom;
use crate::error::DomError;
use crate::mutation::Mutation;
use crate::node::{Attr, AttrList, DoctypeData, ElementData, NodeData, NodeId, html_name};

/// An element name handed to the tree builder. Owned, because a borrow of the
/// `RefCell<Dom>` must not outlive the sink callback that took it; two
/// atoms (no allocation: the tree builder asks for names on every step of
/// its scope checks).
#[derive(Debug, Clone)]
pub(crate) struct OwnedElemName {
    ns: Namespace,
    local: LocalName,
}

impl OwnedElemName {
    fn of(name: &QualName) -> Self {
        OwnedElemName {
            ns: name.ns.clone(),
            local: name.local.clone(),
        }
    }
}

impl ElemName for OwnedElemName {
    fn ns(&self) -> &Namespace {
        &self.ns
    }

    fn local_name(&self) -> &LocalName {
        &self.local
    }
}

/// The tree builder's view of the DOM. It borrows the `RefCell` only inside
/// each callback, so scripts may mutate the same `Dom` between parse steps.
pub(crate) struct DomSink {
    dom: Rc<RefCell<Dom>>,
    /// What the tree builder calls the document: the real document, or for
    /// fragment parsing a detached fragment standing in for the spec's new
    /// document (so nothing the fragment parser builds counts as connected).
    document: NodeId,
    /// The node document of created nodes.
    owner: NodeId,
    /// Parsing a document (not a fragment): scripts are parser-inserted and
    /// iframes that become connected are recorded.
    document_parse: bool,
    /// The tokenizer's line at the latest token, as told by `set_current_line`.
    line: Cell<u64>,
    /// Newlines of `document.write` text that the tokenizer has counted in
    /// `line`: taken off so the rest of the document keeps its source lines.
    written_newlines: Cell<u64>,
    /// While `document.write` text is tokenized: the line its elements get
    /// (that of the insertion point), and how many newlines the text holds.
    writing: Cell<Option<(u64, u64)>>,
    /// Parsing XML (xml5ever): every parse error is a well-formedness error.
    xml: bool,
    /// The first well-formedness error of an XML parse.
    first_error: RefCell<Option<String>>,
    /// The namespace declarations of the XML start tag being processed.
    namespace_declarations: RefCell<ThinVec<Attr>>,
    /// The SVG `<script>`s the document parser made: those closed otherwise
    /// than by their end tag (by `</svg>`...) never run, and are marked
    /// already started when the parse ends.
    svg_scripts: RefCell<Vec<NodeId>>,
    /// The element the tree builder made last, and how many it made (see
    /// [`OpenElementsLimit`]).
    last_element: Cell<Option<NodeId>>,
    elements_made: Cell<usize>,
}

impl DomSink {
    fn new(dom: Rc<RefCell<Dom>>, document: NodeId, owner: NodeId, document_parse: bool) -> Self {
        DomSink {
            dom,
            document,
            owner,
            document_parse,
            line: Cell::new(1),
            written_newlines: Cell::new(0),
            writing: Cell::new(None),
            xml: false,
            first_error: RefCell::new(None),
            namespace_declarations: RefCell::new(ThinVec::new()),
            svg_scripts: RefCell::new(Vec::new()),
            last_element: Cell::new(None),
            elements_made: Cell::new(0),
        }
    }

    /// Whether an XML parse met a well-formedness error.
    fn first_error_seen(&self) -> bool {
        self.first_error.borrow().is_some()
    }

    /// The line of the HTML source the latest token ends on, for document parsing.
    fn source_line(&self) -> Option<NonZeroU32> {
        if !self.document_parse {
            return None;
        }
        let line = match self.writing.get() {
            Some((line, _)) => line,
            None => self.line.get().saturating_sub(self.written_newlines.get()),
        };
        NonZeroU32::new(u32::try_from(line.max(1)).unwrap_or(u32::MAX))
    }

    /// `document.write` text holding `newlines` newlines is about to be
    /// tokenized (maybe inside earlier written text still being tokenized).
    fn begin_written(&self, newlines: u64) {
        let (line, pending) = match self.writing.get() {
            Some(writing) => writing,
            None => (self.source_line().map_or(1, |l| u64::from(l.get())), 0),
        };
        self.writing.set(Some((line, pending + newlines)));
    }

    /// All written text has been tokenized: its newlines, all counted by the
    /// tokenizer by now, are taken off the lines of what follows.
    fn end_written(&self) {
        if let Some((_, newlines)) = self.writing.take() {
            self.written_newlines
                .set(self.written_newlines.get() + newlines);
        }
    }

    fn new_node(&self, data: NodeData) -> NodeId {
        self.dom.borrow_mut().push_node(Some(self.owner), data)
    }

    /// Moves or inserts `node` with `op`, recording iframes and custom
    /// elements in its subtree whose connectedness changed (document
    /// parsing only).
    fn move_node(&self, dom: &mut Dom, node: NodeId, op: impl FnOnce(&mut Dom)) {
        if self.document_parse && dom.observed {
            // The parser inserts and removes as the DOM does: MutationObserver sees it.
            let before = (
                dom.parent(node),
                dom.previous_sibling(node),
                dom.next_sibling(node),
            );
            self.move_node_unobserved(dom, node, op);
            if let (Some(parent), previous, next) = before {
                dom.queue_tree_record(parent, Vec::new(), vec![node], previous, next);
            }
            if let Some(parent) = dom.parent(node) {
                let (previous, next) = (dom.previous_sibling(node), dom.next_sibling(node));
                dom.queue_tree_record(parent, vec![node], Vec::new(), previous, next);
            }
            return;
        }
        self.move_node_unobserved(dom, node, op);
    }

    fn move_node_unobserved(&self, dom: &mut Dom, node: NodeId, op: impl FnOnce(&mut Dom)) {
        // Most nodes the parser moves are new leaves: no frame inside.
        let leaf = dom.first_child(node).is_none() && !dom.is_iframe(node);
        let frames = if self.document_parse && !leaf {
            dom.iframes_in(node)
        } else {
            Vec::new()
        };
        // Custom elements (and candidates) react to being connected.
        let custom = self.document_parse && dom.custom_elements_defined;
        if frames.is_empty() && !custom {
            op(dom);
            return;
        }
        let was_connected = dom.is_connected(node);
        op(dom);
        let connected = dom.is_connected(node);
        if connected == was_connected {
            return;
        }
        if custom {
            dom.record_custom_connected(node, connected);
        }
        dom.mutations.extend(frames.into_iter().map(|f| {
            if was_connected {
                Mutation::FrameDisconnected(f)
            } else {
                Mutation::FrameConnected(f)
            }
        }));
    }

    /// Inserts `child` into `parent` before `reference` (or last), merging text
    /// into an adjacent text node that precedes the insertion point.
    fn insert(&self, parent: NodeId, reference: Option<NodeId>, child: NodeOrText<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        let node = match child {
            NodeOrText::AppendText(text) => {
                let before = match reference {
                    Some(r) => dom.previous_sibling(r),
                    None => dom.last_child(parent),
                };
                let observed = self.document_parse && dom.observed;
                if let Some(b) = before
                    && let NodeData::Text(existing) = &mut dom.node_mut(b).data
                {
                    // HTML "insert a character": append to the Text node there.
                    let old = observed.then(|| existing.clone());
                    existing.push_str(&text);
                    dom.text_changed(0, text.len());
                    if let Some(old) = old {
                        dom.queue_character_data_record(b, &old);
                    }
                    return;
                }
                // A new Text node: it leaves no parent and holds no frame.
                let node = dom.push_node(
                    Some(self.owner),
                    NodeData::Text(CompactString::from(&*text)),
                );
                dom.link_before(parent, node, reference);
                if observed {
                    let (previous, next) = (dom.previous_sibling(node), dom.next_sibling(node));
                    dom.queue_tree_record(parent, vec![node], Vec::new(), previous, next);
                }
                return;
            }
            NodeOrText::AppendNode(node) => {
                // The XML declaration (`<?xml version="1.0"?>`) is no node.
                let declaration = matches!(
                    &dom.node(node).data,
                    NodeData::ProcessingInstruction { target, .. } if str::eq_ignore_ascii_case(target, "xml")
                );
                if declaration && self.xml && parent == self.document {
                    return;
                }
                // Most nodes the tree builder appends were just made: no
                // parent to leave, no frame inside, nobody observing.
                if !(self.document_parse && (dom.observed || dom.custom_elements_defined))
                    && dom.parent(node).is_none()
                    && dom.first_child(node).is_none()
                    && !dom.is_iframe(node)
                {
                    dom.link_before(parent, node, reference);
                    return;
                }
                node
            }
        };
        self.move_node(&mut dom, node, |dom| {
            dom.unlink(node);
            dom.link_before(parent, node, reference);
        });
    }
}

impl TreeSink for DomSink {
    type Handle = NodeId;
    type Output = ();
    type ElemName<'a>
        = OwnedElemName
    where
        Self: 'a;

    fn finish(self) {}

    fn parse_error(&self, msg: Cow<'static, str>) {
        // Browsers recover from HTML parse errors; so do we, silently. In
        // XML every error is fatal (a document that is not well formed).
        if self.xml && self.first_error.borrow().is_none() {
            *self.first_error.borrow_mut() = Some(msg.into_owned());
        }
    }

    fn get_document(&self) -> NodeId {
        self.document
    }

    // Inlined: the tree builder asks for the current node's name once or
    // twice a token. Read off the node (a side table of the names, kept
    // by node index, cost more: 3.5 % of a parse). Always: left to LLVM it
    // stayed a call, 0.18 M instructions of a 1 MB parse.
    #[inline(always)]
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> OwnedElemName {
        match self.dom.borrow().element(*target) {
            Some(e) => OwnedElemName::of(&e.name),
            // The tree builder only asks for its elements' names.
            None => OwnedElemName {
                ns: ns!(),
                local: LocalName::from(""),
            },
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        // Into the DOM's attribute store, at its end (nothing without
        // attributes): the element is made whole and pushed once.
        let mut dom = self.dom.borrow_mut();
        let mut value_bytes = 0;
        let attrs = if self.xml {
            let declarations = self.namespace_declarations.take();
            let all: Vec<Attr> = declarations
                .into_iter()
                .chain(attrs.into_iter().map(|a| Attr {
                    name: a.name,
                    value: CompactString::from(&*a.value),
                }))
                .collect();
            value_bytes = all.iter().map(|a| a.value.len()).sum();
            dom.attr_store.new_list(all.into_iter())
        } else if attrs.is_empty() {
            AttrList::default()
        } else {
            let mut attrs = attrs;
            let (list, bytes) = dom.attr_store.new_list_from_tokens(&mut attrs);
            value_bytes = bytes;
            // The tokenizer's list, empty, for its next tags.
            html5ever::tokenizer::reuse_attribute_list(attrs);
            list
        };
        let mut element = ElementData::new(name, attrs);
        element.source_line = self.source_line();
        element.mathml_annotation_xml_integration_point =
            flags.mathml_annotation_xml_integration_point;
        let mut svg_script = false;
        if element.is_script() {
            if self.document_parse {
                element.parser_inserted = true;
                svg_script = !self.xml && element.name.ns == ns!(svg);
            } else {
                // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-innerhtml
                // Scripts from fragment parsing never run.
                element.script_already_started = true;
            }
        }
        let id = dom.push_element(self.owner, element, value_bytes);
        drop(dom);
        if svg_script {
            self.svg_scripts.borrow_mut().push(id);
        }
        self.last_element.set(Some(id));
        self.elements_made.set(self.elements_made.get() + 1);
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.dom.borrow_mut().push_node_counted(
            Some(self.owner),
            NodeData::Comment(crate::node::compact(&text)),
            text.len(),
        )
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        // Only the XML parser makes processing instructions.
        self.new_node(NodeData::ProcessingInstruction {
            target: LocalName::from(&*target),
            data: CompactString::from(&*data),
        })
    }

    // The tree builder appends almost every node it makes, new and
    // unobserved: those are linked here inline, the rest by `insert`.
    #[inline]
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let parent = *parent;
        {
            let mut dom = self.dom.borrow_mut();
            let dom = &mut *dom;
            match &child {
                NodeOrText::AppendText(text) if !(self.document_parse && dom.observed) => {
                    // HTML "insert a character": append to the Text node
                    // there, or make one.
                    if let Some(last) = dom.nodes[parent.index()].last_child.get()
                        && let NodeData::Text(existing) = &mut dom.nodes[last.index()].data
                    {
                        existing.push_str(text);
                        dom.text_changed(0, text.len());
                        return;
                    }
                    let data = NodeData::Text(text_data(text));
                    dom.push_last_child(self.owner, parent, data, text.len());
                    return;
                }
                NodeOrText::AppendNode(node)
                    if !(self.document_parse && (dom.observed || dom.custom_elements_defined))
                        && !(self.xml && parent == self.document) =>
                {
                    let new = &dom.nodes[node.index()];
                    if new.parent.is_none()
                        && new.first_child.is_none()
                        && !new.element().is_some_and(|e| e.is_iframe())
                    {
                        dom.link_last(parent, *node);
                        return;
                    }
                }
                _ => {}
            }
        }
        self.insert(parent, None, child);
    }

    fn append_before_sibling(&self, sibling: &NodeId, child: NodeOrText<NodeId>) {
        // A script may have removed the sibling; then there is nowhere to put the node.
        let parent = self.dom.borrow().parent(*sibling);
        if let Some(parent) = parent {
            self.insert(parent, Some(*sibling), child);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.dom.borrow().parent(*element).is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        let doctype = self.new_node(NodeData::Doctype(Box::new(DoctypeData {
            name: Box::from(&*name),
            public_id: Box::from(&*public_id),
            system_id: Box::from(&*system_id),
        })));
        self.dom
            .borrow_mut()
            .link_before(self.document, doctype, None);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.dom.borrow_mut().set_script_already_started(*node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        let mut dom = self.dom.borrow_mut();
        if let Some(contents) = dom.template_contents(*target) {
            return contents;
        }
        // Only templates get here, and they all have contents; stay total anyway.
        let contents = dom.push_node(Some(self.owner), NodeData::DocumentFragment);
        if dom.element(*target).is_some() {
            dom.templates.insert(*target, contents);
        }
        contents
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.dom.borrow_mut().set_quirks_mode(self.document, mode);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut dom = self.dom.borrow_mut();
        if dom.element(*target).is_none() {
            return;
        }
        let mut added = 0;
        for attr in attrs {
            if !dom.attributes(*target).iter().any(|a| a.name == attr.name) {
                added += attr.value.len();
                dom.push_attr(
                    *target,
                    Attr {
                        name: attr.name,
                        value: CompactString::from(&*attr.value),
                    },
                );
            }
        }
        dom.text_changed(0, added);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        let mut dom = self.dom.borrow_mut();
        let target = *target;
        self.move_node(&mut dom, target, |dom| dom.unlink(target));
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut dom = self.dom.borrow_mut();
        while let Some(child) = dom.first_child(*node) {
            self.move_node(&mut dom, child, |dom| {
                dom.unlink(child);
                dom.link_before(*new_parent, child, None);
            });
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.dom
            .borrow()
            .element(*handle)
            .is_some_and(|e| e.mathml_annotation_xml_integration_point)
    }

    fn allow_declarative_shadow_roots(&self, _intended_parent: &NodeId) -> bool {
        // No shadow DOM here: `<template shadowrootmode>` stays a template.
        false
    }

    fn set_current_line(&self, line: u64) {
        // The tree builder calls this before handling each token whose line
        // differs from 1, with the tokenizer's line at the token's end (for a
        // start tag, the line of its `>`); html5ever 0.40 counts `\n`, `\r\n`
        // and `\r` alike and needs no tokenizer option for it.
        self.line.set(line);
    }
}

/// A new Text node's data. The whitespace between tags that most text
/// nodes of a page are, a newline or a space, is a constant: copied from
/// the token, each was a call of `memcpy` (some 25 instructions).
#[inline(always)]
fn text_data(text: &str) -> CompactString {
    match text.as_bytes() {
        b"\n" => CompactString::const_new("\n"),
        b" " => CompactString::const_new(" "),
        _ => crate::node::compact(text),
    }
}

/// What [`DocumentParser::step`] stopped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseStep {
    /// The end tag of this parser-inserted script was just parsed: the engine
    /// prepares and runs it now (calling [`Dom::set_script_already_started`]),
    /// seeing only the DOM parsed so far, then calls `step` again.
    Script(NodeId),
    /// The whole input was parsed and the parser has stopped.
    Done,
    /// A script-created parser ([`DocumentParser::script_created`]) parsed
    /// all it was given and waits for more, or for
    /// [`DocumentParser::close`].
    Waiting,
}

/// The tokenizer a [`DocumentParser`] drives: html5ever's, or for XML
/// documents xml5ever's (the same sink).
enum Engine {
    Html(Box<Tokenizer<OpenElementsLimit>>),
    Xml(Box<XmlTokenizer<KeepNamespaceDeclarations>>),
}

/// How many elements html5ever's tree builder may hold open (its stack of
/// open elements and its list of active formatting elements, counted
/// together) when a start tag comes: past it, the element made last is
/// closed first, so the new element becomes its sibling instead of its
/// child. Browsers bound the depth the parser builds in the same way
/// (Blink's `kMaximumHTMLParserDOMTreeDepth`, also 512, attaches the
/// elements past it as siblings); here it also bounds the tree builder's
/// work, whose scope checks walk the stack of open elements for most start
/// tags (quadratic in depth without a limit). Deterministic: it depends on
/// the markup alone.
pub const MAX_OPEN_ELEMENTS: usize = 512;

/// Once the limit has placed this many elements (a document no real page
/// is: thousands of elements nested 512 deep), it narrows to
/// [`NARROWED_OPEN_ELEMENTS`] for the rest of the parse, closing the
/// deepest open elements: each start tag of such a document then costs the
/// tree builder a walk of at most that many elements, not 512 (a million
/// nested `<div>`s parse in seconds, not minutes).
pub const LIMITED_BEFORE_NARROWING: usize = 4096;

/// The open-elements limit of a document past [`LIMITED_BEFORE_NARROWING`].
pub const NARROWED_OPEN_ELEMENTS: usize = 64;

/// At most this many end tags are made before one start tag (so narrowing
/// takes a few dozen start tags).
const CLOSED_PER_START_TAG: usize = 16;

/// html5ever's tree builder behind a token filter that keeps it within
/// [`MAX_OPEN_ELEMENTS`]: before a start tag that would go past the limit,
/// it hands the tree builder the end tag of the element made last, if that
/// element is still held open (and, once the limit has narrowed, those of
/// its parents, the elements open below it, down to the limit).
///
/// Counting what the tree builder holds walks all of it, so it is done only
/// when the limit may have been reached: each element made since the last
/// count adds at most two handles (on the stack and in the list).
struct OpenElementsLimit {
    tree_builder: TreeBuilder<NodeId, DomSink>,
    /// At the last count: the handles held, and how many elements the
    /// sink had made.
    counted: Cell<(usize, usize)>,
    /// How many times the limit closed elements.
    limited: Cell<usize>,
}

impl OpenElementsLimit {
    fn new(tree_builder: TreeBuilder<NodeId, DomSink>) -> Self {
        OpenElementsLimit {
            tree_builder,
            counted: Cell::new((0, 0)),
            limited: Cell::new(0),
        }
    }

    fn limit(&self) -> usize {
        if self.limited.get() >= LIMITED_BEFORE_NARROWING {
            NARROWED_OPEN_ELEMENTS
        } else {
            MAX_OPEN_ELEMENTS
        }
    }

    // The bound checked inline (every start tag comes here, and it is
    // almost never near), the census out of line.
    #[inline]
    fn close_past_limit(&self, line: u64) {
        let made = self.tree_builder.sink.elements_made.get();
        let (held, made_then) = self.counted.get();
        if held + 2 * (made - made_then) >= self.limit() {
            self.close_past_limit_now(line, made);
        }
    }

    fn close_past_limit_now(&self, line: u64, made: usize) {
        let sink = &self.tree_builder.sink;
        let limit = self.limit();
        let Some(last) = sink.last_element.get() else {
            return;
        };
        let census = OpenCensus {
            last,
            count: Cell::new(0),
            holds_last: Cell::new(false),
        };
        self.tree_builder.trace_handles(&census);
        // The document node is traced too.
        let held = census.count.get().saturating_sub(1);
        self.counted.set((held, made));
        if held < limit || !census.holds_last.get() {
            return;
        }
        self.limited.set(self.limited.get() + 1);
        // Close the element made last (the current node), then while over
        // the limit its parent (the next one open, as the tree builder
        // inserts into the current node).
        let mut closing = Some(last);
        for _ in 0..(held + 1 - limit).min(CLOSED_PER_START_TAG) {
            let Some(node) = closing else {
                break;
            };
            let name = {
                let dom = sink.dom.borrow();
                closing = dom.parent(node);
                match dom.element(node) {
                    // Void elements are never held open (`</br>` would
                    // even make one); `</body>`, `</html>` and `</head>`
                    // would change the insertion mode.
                    Some(e)
                        if !(e.name.ns == ns!(html)
                            && (crate::serialize::is_void(&e.name.local)
                                || matches!(&*e.name.local, "html" | "body" | "head"))) =>
                    {
                        // The tokenizer lowercases tag names; so does the
                        // tree builder's end tag matching in foreign content.
                        LocalName::from(e.name.local.to_ascii_lowercase())
                    }
                    _ => break,
                }
            };
            let end = Tag {
                kind: TagKind::EndTag,
                name,
                self_closing: false,
                attrs: Vec::new(),
                had_duplicate_attributes: false,
            };
            // An end tag only closes elements: the tree builder goes on.
            let _ = self.tree_builder.process_token(Token::TagToken(end), line);
        }
    }
}

impl TokenSink for OpenElementsLimit {
    type Handle = NodeId;

    // Inlined into the tokenizer's calls: the token goes to the tree
    // builder without one more move.
    #[inline]
    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<NodeId> {
        if let Token::TagToken(tag) = &token
            && tag.kind == TagKind::StartTag
        {
            self.close_past_limit(line);
        }
        self.tree_builder.process_token(token, line)
    }

    fn end(&self) {
        self.tree_builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.tree_builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Counts the handles the tree builder holds, and whether one is `last`.
struct OpenCensus {
    last: NodeId,
    count: Cell<usize>,
    holds_last: Cell<bool>,
}

impl Tracer for OpenCensus {
    type Handle = NodeId;

    fn trace_handle(&self, node: &NodeId) {
        self.count.set(self.count.get() + 1);
        if *node == self.last {
            self.holds_last.set(true);
        }
    }
}

/// xml5ever's tree builder, with the namespace declarations it drops kept:
/// the `xmlns` and `xmlns:*` attributes of each start tag go to the sink
/// first, which puts them back on the element it makes, in the XMLNS
/// namespace, as browsers keep them (and as serialization reads them).
struct KeepNamespaceDeclarations(XmlTreeBuilder<NodeId, DomSink>);

impl XmlTokenSink for KeepNamespaceDeclarations {
    type Handle = NodeId;

    fn process_token(&self, token: XmlToken) -> XmlProcessResult<NodeId> {
        if let XmlToken::Tag(tag) = &token
            && matches!(tag.kind, XmlTagKind::StartTag | XmlTagKind::EmptyTag)
        {
            let declarations = tag
                .attrs
                .iter()
                .filter(|a| {
                    a.name.prefix.as_deref() == Some("xmlns")
                        || (a.name.prefix.is_none() && &*a.name.local == "xmlns")
                })
                .map(|a| Attr {
                    name: QualName::new(a.name.prefix.clone(), ns!(xmlns), a.name.local.clone()),
                    value: CompactString::from(&*a.value),
                })
                // xml5ever's tokenizer puts each declaration first as it
                // reads it: back in source order (ahead of the other attributes).
                .rev()
                .collect();
            *self.0.sink.namespace_declarations.borrow_mut() = declarations;
        }
        self.0.process_token(token)
    }

    fn end(&self) {
        self.0.end();
    }
}

/// A document parser that stops after each `</script>`, as browsers do, so
/// the engine can run the script against the DOM built so far.
///
/// Between steps the engine may mutate the shared [`Dom`] freely; it must not
/// hold a borrow of it while calling [`step`](DocumentParser::step).
pub struct DocumentParser {
    engine: Engine,
    /// The source not yet tokenized, all of it handed over at once: the
    /// tokenizer stops by itself after each parser-inserted script's end
    /// tag, HTML or SVG.
    input: BufferQueue,
    /// `document.write` text waiting to be parsed before the rest of the input.
    written: String,
    /// `document.write` text being tokenized, fed before `input`. A queue of
    /// its own, so the parser knows when all of it has been read (for source
    /// lines); the tokenizer keeps any partial token across the two queues,
    /// as it does across network chunks.
    written_input: BufferQueue,
    done: bool,
    /// A script-created parser that `document.close()` has not closed: at
    /// the end of its input it waits instead of ending the document.
    awaiting_close: bool,
    /// The label of the first `<meta charset>` (or `http-equiv`
    /// Content-Type charset) the tree builder met: see
    /// [`DocumentParser::encoding_indicator`].
    encoding_indicator: Option<String>,
}

impl DocumentParser {
    /// A parser that will fill `document` (a document node of `dom`) from `html`.
    pub fn new(dom: Rc<RefCell<Dom>>, document: NodeId, html: &str) -> DocumentParser {
        DocumentParser::with_input(dom, document, StrTendril::from_slice(html))
    }

    /// [`DocumentParser::new`] from text already in a tendril: the parser
    /// reads that buffer itself (a 1 MB DOMParser source written straight
    /// into it from V8 is not copied again).
    pub fn with_input(dom: Rc<RefCell<Dom>>, document: NodeId, html: StrTendril) -> DocumentParser {
        let sink = DomSink::new(dom, document, document, true);
        let tree_builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
        let tokenizer = Tokenizer::new(
            OpenElementsLimit::new(tree_builder),
            TokenizerOpts::default(),
        );
        let input = BufferQueue::default();
        if !html.is_empty() {
            input.push_back(html);
        }
        DocumentParser {
            engine: Engine::Html(Box::new(tokenizer)),
            input,
            written: String::new(),
            written_input: BufferQueue::default(),
            done: false,
            awaiting_close: false,
            encoding_indicator: None,
        }
    }

    /// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#document-open-steps> ("document open steps"), step 16:
    /// a script-created parser for `document` (an HTML document that
    /// `document.open()` emptied). It parses what
    /// [`insert_at_cursor`](DocumentParser::insert_at_cursor) gives it
    /// (`document.write`) and then waits ([`ParseStep::Waiting`]) with no
    /// end of file, until [`close`](DocumentParser::close).
    pub fn script_created(dom: Rc<RefCell<Dom>>, document: NodeId) -> DocumentParser {
        let mut parser = DocumentParser::with_input(dom, document, StrTendril::new());
        parser.awaiting_close = true;
        parser
    }

    /// `document.close()`: the end of file goes after what was written,
    /// and the next [`step`](DocumentParser::step) that reaches it ends the
    /// document.
    pub fn close(&mut self) {
        self.awaiting_close = false;
    }

    /// Whether this is a script-created parser not closed yet.
    pub fn awaiting_close(&self) -> bool {
        self.awaiting_close
    }

    /// A parser that will fill `document` (an XML document of `dom`) from
    /// the XML `text`, with xml5ever: namespaces, case-sensitive names,
    /// processing instructions; it stops after each `</script>` of any
    /// namespace (XHTML's and SVG's). A well-formedness error stops it (see
    /// [`DocumentParser::well_formed`]).
    pub fn new_xml(dom: Rc<RefCell<Dom>>, document: NodeId, text: &str) -> DocumentParser {
        DocumentParser::xml_with_input(dom, document, StrTendril::from_slice(text))
    }

    /// [`DocumentParser::new_xml`] from text already in a tendril (see
    /// [`DocumentParser::with_input`]).
    pub fn xml_with_input(
        dom: Rc<RefCell<Dom>>,
        document: NodeId,
        text: StrTendril,
    ) -> DocumentParser {
        let mut sink = DomSink::new(dom, document, document, true);
        sink.xml = true;
        let tree_builder = XmlTreeBuilder::new(sink, XmlTreeBuilderOpts::default());
        let tokenizer = XmlTokenizer::new(
            KeepNamespaceDeclarations(tree_builder),
            XmlTokenizerOpts::default(),
        );
        let input = BufferQueue::default();
        if !text.is_empty() {
            input.push_back(text);
        }
        DocumentParser {
            engine: Engine::Xml(Box::new(tokenizer)),
            input,
            written: String::new(),
            written_input: BufferQueue::default(),
            done: false,
            awaiting_close: false,
            encoding_indicator: None,
        }
    }

    /// The label of the first encoding declaration (`<meta charset>`, or a
    /// `<meta http-equiv=Content-Type>` with a charset) parsed so far, for
    /// HTML's "change the encoding".
    pub fn encoding_indicator(&self) -> Option<&str> {
        self.encoding_indicator.as_deref()
    }

    /// The document being parsed.
    pub fn document(&self) -> NodeId {
        self.sink().document
    }

    /// The shared DOM.
    pub fn dom(&self) -> &Rc<RefCell<Dom>> {
        &self.sink().dom
    }

    fn sink(&self) -> &DomSink {
        match &self.engine {
            Engine::Html(t) => &t.sink.tree_builder.sink,
            Engine::Xml(t) => &t.sink.0.sink,
        }
    }

    /// Whether the parser has reached the end of its input and stopped.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// For an XML document: whether no well-formedness or namespace error
    /// was found so far; the first one's description otherwise. Always
    /// well formed for HTML.
    pub fn well_formed(&self) -> Result<(), String> {
        match &*self.sink().first_error.borrow() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Parses until just after the next parser-inserted `</script>`, or to the end.
    pub fn step(&mut self) -> ParseStep {
        if self.done {
            return ParseStep::Done;
        }
        if let Engine::Xml(_) = self.engine {
            return self.step_xml();
        }
        if !self.written.is_empty() {
            let written = std::mem::take(&mut self.written);
            self.sink().begin_written(count_newlines(&written));
            self.written_input.push_front(StrTendril::from(written));
        }
        loop {
            let from_written = !self.written_input.is_empty();
            if !from_written && self.input.is_empty() {
                break;
            }
            let Engine::Html(tokenizer) = &self.engine else {
                break;
            };
            let input = if from_written {
                &self.written_input
            } else {
                self.sink().end_written();
                &self.input
            };
            match tokenizer.feed(input) {
                // The written text has run out (the tokenizer only stops
                // early at scripts): go on with the rest of the input.
                TokenizerResult::Done => {}
                TokenizerResult::Script(script) => {
                    if let Some(step) = self.prepare(script) {
                        return step;
                    }
                }
                // https://html.spec.whatwg.org/multipage/parsing.html#parsing-main-inhead
                // (a `meta` start tag): only the first can change the
                // encoding (it makes the confidence certain); the caller
                // decides what to do with it.
                TokenizerResult::EncodingIndicator(label) => {
                    self.encoding_indicator
                        .get_or_insert_with(|| String::from(label));
                }
            }
        }
        if self.awaiting_close {
            // What the tokenizer holds of a token cut short stays for the
            // next write.
            self.sink().end_written();
            return ParseStep::Waiting;
        }
        if let Engine::Html(tokenizer) = &self.engine {
            tokenizer.end();
        }
        // SVG scripts closed otherwise than by their end tag never run.
        for script in self.sink().svg_scripts.take() {
            self.dom().borrow_mut().set_script_already_started(script);
        }
        self.done = true;
        ParseStep::Done
    }

    fn step_xml(&mut self) -> ParseStep {
        let Engine::Xml(tokenizer) = &self.engine else {
            return ParseStep::Done;
        };
        loop {
            if self.sink().first_error_seen() {
                break;
            }
            match tokenizer.feed(&self.input) {
                TokenizerResult::Done => break,
                TokenizerResult::Script(script) => {
                    if self.sink().first_error_seen() {
                        break;
                    }
                    if let Some(step) = self.prepare(script) {
                        return step;
                    }
                }
                TokenizerResult::EncodingIndicator(_) => {}
            }
        }
        if !self.sink().first_error_seen() {
            tokenizer.end();
        }
        self.done = true;
        ParseStep::Done
    }

    /// <https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element>,
    /// as the parser hands a script over: the step for the engine, if it runs.
    fn prepare(&self, script: NodeId) -> Option<ParseStep> {
        let mut dom = self.dom().borrow_mut();
        // Step 3. Preparing clears the parser document: from now on the
        // script is an ordinary one (it runs once, when the engine marks it).
        if let Some(e) = dom.node_mut(script).element_mut() {
            e.parser_inserted = false;
        }
        // Step 6. A script that is not connected (in template contents, or
        // removed by an earlier script) does not run.
        dom.is_connected(script)
            .then_some(ParseStep::Script(script))
    }

    /// `document.write(html)` while a script is paused: `html` is parsed next,
    /// before the rest of the input (several writes keep their order). It is
    /// parsed when [`step`](DocumentParser::step) is next called, so a written
    /// `<script>` runs after the writing script returns, not inside `write`.
    /// Ignored once the parser is done, and in XML documents.
    pub fn insert_at_cursor(&mut self, html: &str) {
        if !self.done && matches!(self.engine, Engine::Html(_)) {
            self.written.push_str(html);
        }
    }
}

fn escape_xml_attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// How many line breaks html5ever's tokenizer counts in `text`: `\r\n`
/// counts once, as do lone `\r` and `\n`.
fn count_newlines(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' || (b == b'\n' && (i == 0 || bytes[i - 1] != b'\r')))
        .count();
    u64::try_from(breaks).unwrap_or(u64::MAX)
}

impl Dom {
    /// Runs `f` with this `Dom` moved into a shared cell, then moves it back.
    fn with_shared<R>(&mut self, f: impl FnOnce(&Rc<RefCell<Dom>>) -> R) -> R {
        let shared = Rc::new(RefCell::new(std::mem::take(self)));
        let result = f(&shared);
        *self = match Rc::try_unwrap(shared) {
            Ok(cell) => cell.into_inner(),
            Err(shared) => std::mem::take(&mut *shared.borrow_mut()),
        };
        result
    }

    /// Parses a whole document into a new document node, without pausing at
    /// scripts: every script is marked already started and never runs.
    pub fn parse_document(&mut self, html: &str) -> NodeId {
        self.parse_document_input(StrTendril::from_slice(html))
    }

    /// [`Dom::parse_document`] from text already in a tendril (see
    /// [`DocumentParser::with_input`]).
    pub fn parse_document_input(&mut self, html: StrTendril) -> NodeId {
        let doc = self.create_document();
        self.with_shared(|dom| {
            let mut parser = DocumentParser::with_input(dom.clone(), doc, html);
            while let ParseStep::Script(script) = parser.step() {
                dom.borrow_mut().set_script_already_started(script);
            }
        });
        doc
    }

    /// Parses a whole XML document (xml5ever) into a new XML document of
    /// `content_type`, without pausing at scripts: every script is marked
    /// already started and never runs. A document that is not well formed
    /// gives, as DOMParser says, a document whose only child is a
    /// `<parsererror>` element saying why.
    ///
    /// <https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-domparser-parsefromstring> ("parseFromString(string, type)"), step 4.
    pub fn parse_xml_document(&mut self, text: &str, content_type: &str) -> NodeId {
        self.parse_xml_document_input(StrTendril::from_slice(text), content_type)
    }

    /// [`Dom::parse_xml_document`] from text already in a tendril (see
    /// [`DocumentParser::with_input`]).
    pub fn parse_xml_document_input(&mut self, text: StrTendril, content_type: &str) -> NodeId {
        let doc = self.create_xml_document(content_type);
        let error = self.with_shared(|dom| {
            let mut parser = DocumentParser::xml_with_input(dom.clone(), doc, text);
            while let ParseStep::Script(script) = parser.step() {
                dom.borrow_mut().set_script_already_started(script);
            }
            parser.well_formed().err()
        });
        match error {
            Some(message) => {
                let error_doc = self.create_xml_document(content_type);
                self.append_parser_error(error_doc, &message);
                error_doc
            }
            None => doc,
        }
    }

    /// Makes `doc` what a failed XML parse leaves: its children replaced by
    /// a `<parsererror>` root (in Gecko's namespace, as the HTML spec's
    /// DOMParser steps say) whose text is the error.
    pub fn append_parser_error(&mut self, doc: NodeId, message: &str) {
        while let Some(child) = self.first_child(doc) {
            self.remove_node(child);
        }
        let name = QualName::new(
            None,
            Namespace::from("http://www.mozilla.org/newlayout/xml/parsererror.xml"),
            LocalName::from("parsererror"),
        );
        let root = self.create_element_with_name(doc, name);
        let text = self.create_text(doc, &format!("XML Parsing Error: {message}"));
        self.link_before(root, text, None);
        self.insert_node(root, doc, None);
    }

    /// The XML fragment parsing algorithm: `text` parsed as the content of
    /// an element with `context`'s name and the namespaces in scope there;
    /// a fragment owned by `context`'s document, or a SyntaxError if it is
    /// not well formed. Scripts in it are marked already started.
    ///
    /// <https://html.spec.whatwg.org/multipage/xhtml.html#xml-fragment-parsing-algorithm> ("XML fragment parsing algorithm")
    pub fn parse_xml_fragment(&mut self, context: NodeId, text: &str) -> Result<NodeId, DomError> {
        let owner = self.owner_document(context);
        // The namespaces in scope at the context: its own and its ancestors'
        // declarations, and its namespace as the default.
        let mut declarations = String::new();
        let mut declared: Vec<String> = Vec::new();
        let default_ns = self
            .element(context)
            .map(|e| e.name.ns.to_string())
            .unwrap_or_default();
        declarations.push_str(&format!(" xmlns=\"{}\"", escape_xml_attr(&default_ns)));
        for n in std::iter::once(context).chain(self.ancestors(context)) {
            for attr in self.attributes(n) {
                if &*attr.name.ns == "http://www.w3.org/2000/xmlns/" && attr.name.prefix.is_some() {
                    let prefix = attr.name.local.to_string();
                    if !declared.contains(&prefix) {
                        declarations.push_str(&format!(
                            " xmlns:{prefix}=\"{}\"",
                            escape_xml_attr(&attr.value)
                        ));
                        declared.push(prefix);
                    }
                }
            }
        }
        let wrapped = format!("<fragment{declarations}>{text}</fragment>");
        let stand_in = self.create_xml_document("application/xml");
        let error = self.with_shared(|dom| {
            let mut parser = DocumentParser::new_xml(dom.clone(), stand_in, &wrapped);
            while let ParseStep::Script(script) = parser.step() {
                dom.borrow_mut().set_script_already_started(script);
            }
            parser.well_formed().err()
        });
        if let Some(message) = error {
            return Err(DomError::Syntax(format!(
                "Failed to parse the markup as XML: {message}"
            )));
        }
        let fragment = self.push_node(Some(stand_in), NodeData::DocumentFragment);
        if let Some(root) = self.document_element(stand_in) {
            while let Some(child) = self.first_child(root) {
                self.unlink(child);
                self.link_before(fragment, child, None);
            }
        }
        self.adopt_node(owner, fragment);
        Ok(fragment)
    }

    /// The HTML fragment parsing algorithm with `context` as the context
    /// element: a new fragment owned by `context`'s document holding the result.
    /// Scripts in it are marked already started.
    pub fn parse_fragment(&mut self, context: NodeId, html: &str) -> NodeId {
        self.parse_fragment_input(context, StrTendril::from_slice(html))
    }

    /// [`Dom::parse_fragment`] of a source already in a tendril (as an
    /// engine writes a script's string there): not copied again.
    pub fn parse_fragment_input(&mut self, context: NodeId, html: StrTendril) -> NodeId {
        // https://html.spec.whatwg.org/multipage/parsing.html#parsing-html-fragments
        let owner = self.owner_document(context);
        let quirks_mode = self.quirks_mode(owner);
        let stand_in_document = self.push_node(Some(owner), NodeData::DocumentFragment);
        let form = self.form_ancestor(context);
        self.with_shared(|dom| {
            let sink = DomSink::new(dom.clone(), stand_in_document, owner, false);
            let opts = TreeBuilderOpts {
                quirks_mode,
                ..TreeBuilderOpts::default()
            };
            let tree_builder = TreeBuilder::new_for_fragment(sink, context, form, opts);
            let tokenizer_opts = TokenizerOpts {
                initial_state: Some(tree_builder.tokenizer_state_for_context_elem(true)),
                ..TokenizerOpts::default()
            };
            let tokenizer = Tokenizer::new(OpenElementsLimit::new(tree_builder), tokenizer_opts);
            let input = BufferQueue::default();
            if !html.is_empty() {
                input.push_back(html);
            }
            while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
            tokenizer.end();
        });
        // Step 14. The result is the children of the root html element.
        let fragment = self.push_node(Some(owner), NodeData::DocumentFragment);
        if let Some(root) = self.first_child(stand_in_document) {
            while let Some(child) = self.first_child(root) {
                self.unlink(child);
                self.link_before(fragment, child, None);
            }
        }
        fragment
    }

    /// The `innerHTML` setter: parses `html` with `id` as context and replaces
    /// its children (a template's contents) with the result.
    pub fn set_inner_html(&mut self, id: NodeId, html: &str) -> Result<(), DomError> {
        self.set_inner_html_input(id, StrTendril::from_slice(html))
    }

    /// [`Dom::set_inner_html`] of a source already in a tendril.
    pub fn set_inner_html_input(&mut self, id: NodeId, html: StrTendril) -> Result<(), DomError> {
        // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-innerhtml
        let context = match self.data(id) {
            NodeData::Element(_) => id,
            NodeData::DocumentFragment => self.create_element_with_name(id, html_name("body")),
            _ => {
                return Err(DomError::NotSupported(format!(
                    "Failed to set the 'innerHTML' property: not supported on '{}'.",
                    self.node_name(id)
                )));
            }
        };
        let fragment = if self.is_html_document(id) {
            self.parse_fragment_input(context, html)
        } else {
            self.parse_xml_fragment(context, &html)?
        };
        let target = self.template_contents(id).unwrap_or(id);
        self.replace_all(Some(fragment), target);
        Ok(())
    }

    /// The `outerHTML` setter: replaces `id` with the nodes parsed from `html`
    /// in its parent's context. Does nothing without a parent.
    pub fn set_outer_html(&mut self, id: NodeId, html: &str) -> Result<(), DomError> {
        // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-outerhtml
        let Some(parent) = self.parent(id) else {
            return Ok(());
        };
        let context = match self.data(parent) {
            NodeData::Document { .. } => {
                return Err(DomError::NoModificationAllowed(
                    "Failed to set the 'outerHTML' property on 'Element': This element's parent is of type '#document'."
                        .to_owned(),
                ));
            }
            NodeData::DocumentFragment => self.create_element_with_name(parent, html_name("body")),
            _ => parent,
        };
        let fragment = if self.is_html_document(id) {
            self.parse_fragment(context, html)
        } else {
            self.parse_xml_fragment(context, html)?
        };
        self.replace_unchecked(id, fragment, parent);
        Ok(())
    }

    /// `insertAdjacentHTML(position, html)`; `position` is one of
    /// `beforebegin`, `afterbegin`, `beforeend`, `afterend` (any case).
    pub fn insert_adjacent_html(
        &mut self,
        id: NodeId,
        position: &str,
        html: &str,
    ) -> Result<(), DomError> {
        self.insert_adjacent_html_input(id, position, StrTendril::from_slice(html))
    }

    /// [`Dom::insert_adjacent_html`] of a source already in a tendril.
    pub fn insert_adjacent_html_input(
        &mut self,
        id: NodeId,
        position: &str,
        html: StrTendril,
    ) -> Result<(), DomError> {
        // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-insertadjacenthtml
        let position = position.to_ascii_lowercase();
        let outside = match position.as_str() {
            "beforebegin" | "afterend" => true,
            "afterbegin" | "beforeend" => false,
            _ => {
                return Err(DomError::Syntax(format!(
                    "Failed to execute 'insertAdjacentHTML' on 'Element': The value provided ('{position}') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'."
                )));
            }
        };
        // Steps 2-3. The context is the parent for the outside positions.
        let mut context = id;
        if outside {
            match self.parent(id) {
                Some(parent) if !self.is_document(parent) => context = parent,
                _ => {
                    return Err(DomError::NoModificationAllowed(
                        "Failed to execute 'insertAdjacentHTML' on 'Element': The element has no parent."
                            .to_owned(),
                    ));
                }
            }
        }
        // Step 4. A non-element or `html` context parses as if in body.
        if !self.is_element(context) || self.is_html_element(context, "html") {
            context = self.create_element_with_name(id, html_name("body"));
        }
        let fragment = self.parse_fragment_input(context, html);
        let (parent, reference) = match position.as_str() {
            "beforebegin" => (self.parent(id), Some(id)),
            "afterbegin" => (Some(id), self.first_child(id)),
            "beforeend" => (Some(id), None),
            _ => (self.parent(id), self.next_sibling(id)),
        };
        if let Some(parent) = parent {
            self.insert_node(fragment, parent, reference);
        }
        Ok(())
    }
}
