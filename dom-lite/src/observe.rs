//! Records for MutationObserver: what changed in the tree, attributes and
//! character data, queued while someone observes (the engine turns it on
//! with [`Dom::set_observed`] when a page first calls `observe()`) and
//! drained with [`Dom::take_mutation_records`].
//!
//! <https://dom.spec.whatwg.org/#queueing-a-mutation-record> ("Queuing a mutation record"):
//! the engine matches each record against the registered observers of its
//! target's inclusive ancestors, which the record carries as they were
//! when it was queued (later mutations may have moved the target).

use crate::dom::Dom;
use crate::node::NodeId;

/// Which kind of change a [`MutationRecord`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutationRecordKind {
    /// Children were added or removed.
    ChildList,
    /// An attribute was set, changed or removed.
    Attributes,
    /// A text, comment or processing instruction's data changed.
    CharacterData,
}

impl MutationRecordKind {
    /// The `type` of a MutationRecord: "childList", "attributes" or "characterData".
    pub fn as_str(self) -> &'static str {
        match self {
            MutationRecordKind::ChildList => "childList",
            MutationRecordKind::Attributes => "attributes",
            MutationRecordKind::CharacterData => "characterData",
        }
    }
}

/// One change, as a MutationRecord tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutationRecord {
    /// What changed.
    pub kind: MutationRecordKind,
    /// The node whose children, attribute or data changed.
    pub target: NodeId,
    /// Children added and removed (child lists only), in tree order.
    pub added: Vec<NodeId>,
    /// See `added`.
    pub removed: Vec<NodeId>,
    /// The siblings around the added or removed children.
    pub previous_sibling: Option<NodeId>,
    /// See `previous_sibling`.
    pub next_sibling: Option<NodeId>,
    /// The changed attribute's local name and namespace (attributes only).
    pub attribute_name: Option<String>,
    /// See `attribute_name`; `None` for the null namespace.
    pub attribute_namespace: Option<String>,
    /// The attribute's value or the data before the change (`None` for an
    /// attribute that did not exist, and for child lists).
    pub old_value: Option<String>,
    /// The target's inclusive ancestors when the change happened, the
    /// target first.
    pub ancestors: Vec<NodeId>,
}

impl Dom {
    /// Starts (or stops) queuing records for MutationObserver. Off, changes
    /// cost nothing extra.
    pub fn set_observed(&mut self, observed: bool) {
        self.observed = observed;
        if !observed {
            self.records.clear();
        }
    }

    /// Whether records are being queued.
    pub fn is_observed(&self) -> bool {
        self.observed
    }

    /// Whether records are waiting to be taken.
    pub fn has_mutation_records(&self) -> bool {
        !self.records.is_empty()
    }

    /// The records queued since the last call, in the order of the changes.
    pub fn take_mutation_records(&mut self) -> Vec<MutationRecord> {
        std::mem::take(&mut self.records)
    }

    fn inclusive_ancestors(&self, target: NodeId) -> Vec<NodeId> {
        std::iter::once(target)
            .chain(self.ancestors(target))
            .collect()
    }

    /// <https://dom.spec.whatwg.org/#queue-a-tree-mutation-record> ("queue a tree mutation record")
    pub(crate) fn queue_tree_record(
        &mut self,
        target: NodeId,
        added: Vec<NodeId>,
        removed: Vec<NodeId>,
        previous_sibling: Option<NodeId>,
        next_sibling: Option<NodeId>,
    ) {
        if !self.observed || (added.is_empty() && removed.is_empty()) {
            return;
        }
        let ancestors = self.inclusive_ancestors(target);
        self.records.push(MutationRecord {
            kind: MutationRecordKind::ChildList,
            target,
            added,
            removed,
            previous_sibling,
            next_sibling,
            attribute_name: None,
            attribute_namespace: None,
            old_value: None,
            ancestors,
        });
    }

    /// An attribute of `target` changed: "queue a mutation record of
    /// attributes" with its local name, namespace and old value.
    pub(crate) fn queue_attribute_record(
        &mut self,
        target: NodeId,
        name: &str,
        namespace: Option<&str>,
        old_value: Option<&str>,
    ) {
        if !self.observed {
            return;
        }
        let ancestors = self.inclusive_ancestors(target);
        self.records.push(MutationRecord {
            kind: MutationRecordKind::Attributes,
            target,
            added: Vec::new(),
            removed: Vec::new(),
            previous_sibling: None,
            next_sibling: None,
            attribute_name: Some(name.to_owned()),
            attribute_namespace: namespace.map(str::to_owned),
            old_value: old_value.map(str::to_owned),
            ancestors,
        });
    }

    /// <https://dom.spec.whatwg.org/#concept-cd-replace> ("replace data"), step 4:
    /// "queue a mutation record of characterData".
    pub(crate) fn queue_character_data_record(&mut self, target: NodeId, old_value: &str) {
        if !self.observed {
            return;
        }
        let ancestors = self.inclusive_ancestors(target);
        self.records.push(MutationRecord {
            kind: MutationRecordKind::CharacterData,
            target,
            added: Vec::new(),
            removed: Vec::new(),
            previous_sibling: None,
            next_sibling: None,
            attribute_name: None,
            attribute_namespace: None,
            old_value: Some(old_value.to_owned()),
            ancestors,
        });
    }
}
