//! html5ever's tree builder writing into a shared [`Dom`]: whole documents,
//! documents parsed step by step around their scripts, and fragments (`innerHTML`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::num::NonZeroU32;
use std::rc::Rc;

use html5ever::buffer_queue::BufferQueue;
use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, Namespace, QualName, TokenizerResult, ns};

use crate::dom::Dom;
use crate::error::DomError;
use crate::mutation::Mutation;
use crate::node::{Attr, NodeData, NodeId, html_name};

/// An element name handed to the tree builder. Owned, because a borrow of the
/// `RefCell<Dom>` must not outlive the sink callback that took it.
#[derive(Debug)]
pub(crate) struct OwnedElemName(QualName);

impl ElemName for OwnedElemName {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }

    fn local_name(&self) -> &LocalName {
        &self.0.local
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
        }
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

    /// Moves or inserts `node` with `op`, recording iframes in its subtree whose
    /// connectedness changed (document parsing only).
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
        let frames = if self.document_parse {
            dom.iframes_in(node)
        } else {
            Vec::new()
        };
        if frames.is_empty() {
            op(dom);
            return;
        }
        let was_connected = dom.is_connected(node);
        op(dom);
        if dom.is_connected(node) == was_connected {
            return;
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
                    if let Some(old) = old {
                        dom.queue_character_data_record(b, &old);
                    }
                    return;
                }
                dom.push_node(Some(self.owner), NodeData::Text(text.to_string()))
            }
            NodeOrText::AppendNode(node) => node,
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

    fn parse_error(&self, _msg: Cow<'static, str>) {
        // Browsers recover from parse errors; so do we, silently.
    }

    fn get_document(&self) -> NodeId {
        self.document
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> OwnedElemName {
        let dom = self.dom.borrow();
        let name = dom
            .element(*target)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| QualName::new(None, ns!(), LocalName::from("")));
        OwnedElemName(name)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let mut dom = self.dom.borrow_mut();
        let attrs = attrs
            .into_iter()
            .map(|a| Attr {
                name: a.name,
                value: a.value.to_string(),
            })
            .collect();
        let id = dom.create_element_with_name(self.owner, name);
        if let Some(e) = dom.node_mut(id).element_mut() {
            e.attrs = attrs;
            e.source_line = self.source_line();
            e.mathml_annotation_xml_integration_point =
                flags.mathml_annotation_xml_integration_point;
            if e.is_script() {
                if self.document_parse {
                    e.parser_inserted = true;
                } else {
                    // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-innerhtml
                    // Scripts from fragment parsing never run.
                    e.script_already_started = true;
                }
            }
        }
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.new_node(NodeData::Comment(text.to_string()))
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        // The HTML parser never makes processing instructions; keep the text.
        self.new_node(NodeData::Comment(format!("?{target} {data}")))
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(*parent, None, child);
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
        let doctype = self.new_node(NodeData::Doctype {
            name: name.to_string(),
            public_id: public_id.to_string(),
            system_id: system_id.to_string(),
        });
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
        if let Some(e) = dom.node_mut(*target).element_mut() {
            e.template_contents = Some(contents);
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
        let Some(e) = dom.node_mut(*target).element_mut() else {
            return;
        };
        for attr in attrs {
            if !e.attrs.iter().any(|a| a.name == attr.name) {
                e.attrs.push(Attr {
                    name: attr.name,
                    value: attr.value.to_string(),
                });
            }
        }
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

/// What [`DocumentParser::step`] stopped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseStep {
    /// The end tag of this parser-inserted script was just parsed: the engine
    /// prepares and runs it now (calling [`Dom::set_script_already_started`]),
    /// seeing only the DOM parsed so far, then calls `step` again.
    Script(NodeId),
    /// The whole input was parsed and the parser has stopped.
    Done,
}

/// A document parser that stops after each `</script>`, as browsers do, so
/// the engine can run the script against the DOM built so far.
///
/// Between steps the engine may mutate the shared [`Dom`] freely; it must not
/// hold a borrow of it while calling [`step`](DocumentParser::step).
pub struct DocumentParser {
    tokenizer: Tokenizer<TreeBuilder<NodeId, DomSink>>,
    input: BufferQueue,
    /// `document.write` text waiting to be parsed before the rest of the input.
    written: String,
    /// `document.write` text being tokenized, fed before `input`. A queue of
    /// its own, so the parser knows when all of it has been read (for source
    /// lines); the tokenizer keeps any partial token across the two queues,
    /// as it does across network chunks.
    written_input: BufferQueue,
    done: bool,
}

impl DocumentParser {
    /// A parser that will fill `document` (a document node of `dom`) from `html`.
    pub fn new(dom: Rc<RefCell<Dom>>, document: NodeId, html: &str) -> DocumentParser {
        let sink = DomSink::new(dom, document, document, true);
        let tree_builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
        let tokenizer = Tokenizer::new(tree_builder, TokenizerOpts::default());
        let input = BufferQueue::default();
        if !html.is_empty() {
            input.push_back(StrTendril::from_slice(html));
        }
        DocumentParser {
            tokenizer,
            input,
            written: String::new(),
            written_input: BufferQueue::default(),
            done: false,
        }
    }

    /// The document being parsed.
    pub fn document(&self) -> NodeId {
        self.tokenizer.sink.sink.document
    }

    /// The shared DOM.
    pub fn dom(&self) -> &Rc<RefCell<Dom>> {
        &self.tokenizer.sink.sink.dom
    }

    fn sink(&self) -> &DomSink {
        &self.tokenizer.sink.sink
    }

    /// Whether the parser has reached the end of its input and stopped.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Parses until just after the next parser-inserted `</script>`, or to the end.
    pub fn step(&mut self) -> ParseStep {
        if self.done {
            return ParseStep::Done;
        }
        if !self.written.is_empty() {
            let written = std::mem::take(&mut self.written);
            self.sink().begin_written(count_newlines(&written));
            self.written_input.push_front(StrTendril::from(written));
        }
        loop {
            let from_written = !self.written_input.is_empty();
            let input = if from_written {
                &self.written_input
            } else {
                self.sink().end_written();
                &self.input
            };
            match self.tokenizer.feed(input) {
                // The written text has run out (the tokenizer only stops
                // early at scripts): go on with the rest of the input.
                TokenizerResult::Done if from_written => {}
                TokenizerResult::Done => break,
                TokenizerResult::Script(script) => {
                    // https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element
                    let mut dom = self.dom().borrow_mut();
                    // Step 3. Preparing clears the parser document: from now on the
                    // script is an ordinary one (it runs once, when the engine marks it).
                    if let Some(e) = dom.node_mut(script).element_mut() {
                        e.parser_inserted = false;
                    }
                    // Step 6. A script that is not connected (in template contents, or
                    // removed by an earlier script) does not run.
                    if dom.is_connected(script) {
                        return ParseStep::Script(script);
                    }
                }
                TokenizerResult::EncodingIndicator(_) => {}
            }
        }
        self.tokenizer.end();
        self.done = true;
        ParseStep::Done
    }

    /// `document.write(html)` while a script is paused: `html` is parsed next,
    /// before the rest of the input (several writes keep their order). It is
    /// parsed when [`step`](DocumentParser::step) is next called, so a written
    /// `<script>` runs after the writing script returns, not inside `write`.
    /// Ignored once the parser is done.
    pub fn insert_at_cursor(&mut self, html: &str) {
        if !self.done {
            self.written.push_str(html);
        }
    }
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
        let doc = self.create_document();
        self.with_shared(|dom| {
            let mut parser = DocumentParser::new(dom.clone(), doc, html);
            while let ParseStep::Script(script) = parser.step() {
                dom.borrow_mut().set_script_already_started(script);
            }
        });
        doc
    }

    /// The HTML fragment parsing algorithm with `context` as the context
    /// element: a new fragment owned by `context`'s document holding the result.
    /// Scripts in it are marked already started.
    pub fn parse_fragment(&mut self, context: NodeId, html: &str) -> NodeId {
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
            let tokenizer = Tokenizer::new(tree_builder, tokenizer_opts);
            let input = BufferQueue::default();
            if !html.is_empty() {
                input.push_back(StrTendril::from_slice(html));
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
        let fragment = self.parse_fragment(context, html);
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
        let fragment = self.parse_fragment(context, html);
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
        let fragment = self.parse_fragment(context, html);
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
