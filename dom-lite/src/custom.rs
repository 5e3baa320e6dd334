//! Custom elements, as far as the tree knows them: each element's custom
//! element state (which `:defined` reads), and, once the engine has a
//! definition (`set_custom_elements_defined`), the changes that enqueue
//! custom element reactions (an element connected, disconnected, adopted,
//! cloned, or an attribute of it changed), queued for the engine, which
//! holds the definitions and runs the callbacks
//! (`take_custom_element_records`).
//!
//! <https://html.spec.whatwg.org/multipage/custom-elements.html#custom-element-reactions> ("Custom element reactions")

use std::sync::LazyLock;

use markup5ever::{LocalName, ns};

use crate::dom::Dom;
use crate::node::{Attr, ElementData, NodeId};

/// An element's custom element state.
/// <https://dom.spec.whatwg.org/#concept-element-custom-element-state>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomElementState {
    /// Not a custom element, nor one that could become one.
    #[default]
    Uncustomized,
    /// A custom element name (or an `is` value) without a definition yet:
    /// it upgrades when one comes.
    Undefined,
    /// Made by its definition's constructor, or upgraded.
    Custom,
    /// Its constructor or upgrade threw.
    Failed,
    /// Being constructed for a customized built-in element.
    Precustomized,
}

impl CustomElementState {
    /// The state as the engine names it.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomElementState::Uncustomized => "uncustomized",
            CustomElementState::Undefined => "undefined",
            CustomElementState::Custom => "custom",
            CustomElementState::Failed => "failed",
            CustomElementState::Precustomized => "precustomized",
        }
    }

    /// The state named `name` (as [`CustomElementState::as_str`] names it).
    pub fn from_name(name: &str) -> Option<CustomElementState> {
        Some(match name {
            "uncustomized" => CustomElementState::Uncustomized,
            "undefined" => CustomElementState::Undefined,
            "custom" => CustomElementState::Custom,
            "failed" => CustomElementState::Failed,
            "precustomized" => CustomElementState::Precustomized,
            _ => return None,
        })
    }

    /// <https://dom.spec.whatwg.org/#concept-element-defined> ("defined"):
    /// what `:defined` matches.
    pub fn is_defined(self) -> bool {
        matches!(
            self,
            CustomElementState::Uncustomized | CustomElementState::Custom
        )
    }
}

/// A change that may enqueue a custom element reaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomElementRecord {
    /// A custom element, or one awaiting its definition (an upgrade
    /// candidate), became connected.
    Connected(NodeId),
    /// A custom element became disconnected.
    Disconnected(NodeId),
    /// A clone of a custom element (or of a candidate) was made: it is
    /// upgraded if its node document has its definition, connected or not
    /// (<https://dom.spec.whatwg.org/#concept-node-clone>'s "create an
    /// element" without the synchronous custom elements flag).
    Cloned(NodeId),
    /// A custom element moved from the first document to the second.
    Adopted(NodeId, NodeId, NodeId),
    /// An attribute of a custom element was set, changed or removed.
    AttributeChanged {
        /// The element.
        element: NodeId,
        /// The attribute's local name.
        local_name: String,
        /// Its namespace, `None` for none.
        namespace: Option<String>,
        /// The value before, `None` if it did not exist.
        old_value: Option<String>,
        /// The value after, `None` if it was removed.
        new_value: Option<String>,
    },
}

/// <https://html.spec.whatwg.org/multipage/custom-elements.html#valid-custom-element-name> ("valid custom element name")
pub fn is_valid_custom_element_name(name: &str) -> bool {
    let mut chars = name.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) || !name.contains('-') {
        return false;
    }
    // PotentialCustomElementName's PCENChar.
    let pcen = |c: char| {
        matches!(c, '-' | '.' | '_' | '0'..='9' | 'a'..='z' | '\u{B7}'
            | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{37D}'
            | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{203F}'..='\u{2040}'
            | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
            | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
    };
    if !chars.all(pcen) {
        return false;
    }
    !matches!(
        name,
        "annotation-xml"
            | "color-profile"
            | "font-face"
            | "font-face-src"
            | "font-face-uri"
            | "font-face-format"
            | "font-face-name"
            | "missing-glyph"
    )
}

impl ElementData {
    /// Its custom element state: as the engine set it, else the state it
    /// was made with, before any definition was looked up: "undefined" for
    /// an HTML element whose name is a valid custom element name or that
    /// has an `is` attribute, else "uncustomized". `attrs` are its
    /// attributes (`Dom::attrs_of`).
    pub(crate) fn custom_state(&self, attrs: &[Attr]) -> CustomElementState {
        if self.custom_element_state != CustomElementState::Uncustomized {
            return self.custom_element_state;
        }
        if self.name.ns != ns!(html) {
            return CustomElementState::Uncustomized;
        }
        let local: &str = &self.name.local;
        let custom_name = local.as_bytes().contains(&b'-') && is_valid_custom_element_name(local);
        if custom_name || (!attrs.is_empty() && has_is_attribute(attrs)) {
            CustomElementState::Undefined
        } else {
            CustomElementState::Uncustomized
        }
    }
}

/// Whether `attrs` have one named `is` (no namespace): an atom comparison
/// per attribute ("is" is an inline atom, made once).
fn has_is_attribute(attrs: &[Attr]) -> bool {
    static IS: LazyLock<LocalName> = LazyLock::new(|| LocalName::from("is"));
    let is = &*IS;
    attrs
        .iter()
        .any(|a| a.name.local == *is && a.name.ns == ns!() && a.name.prefix.is_none())
}

impl Dom {
    /// The custom element state of element `id` (uncustomized for any
    /// other node).
    pub fn custom_element_state(&self, id: NodeId) -> CustomElementState {
        self.element(id)
            .map_or(CustomElementState::Uncustomized, |e| {
                e.custom_state(self.attrs_of(e))
            })
    }

    /// Sets the custom element state of element `id`.
    pub fn set_custom_element_state(&mut self, id: NodeId, state: CustomElementState) {
        if let Some(e) = self.node_mut(id).element_mut() {
            e.custom_element_state = state;
        }
    }

    /// The engine has a first custom element definition: from now on the
    /// changes that enqueue reactions are recorded (until then making,
    /// inserting and removing elements costs nothing more).
    pub fn set_custom_elements_defined(&mut self) {
        if !self.custom_elements_defined {
            self.custom_elements_defined = true;
            // Insertions and removals look for watched elements again.
            self.watched_elements += 1;
        }
    }

    /// Whether custom element records wait to be taken.
    pub fn has_custom_element_records(&self) -> bool {
        !self.custom_element_records.is_empty()
    }

    /// The custom element records queued since the last call, in order.
    pub fn take_custom_element_records(&mut self) -> Vec<CustomElementRecord> {
        std::mem::take(&mut self.custom_element_records)
    }

    /// Records the custom elements (and upgrade candidates) in `root`'s
    /// shadow-including inclusive subtree, in shadow-including tree order,
    /// that became connected (`connected`) or disconnected: insert step 7.7
    /// and remove step 15 walk the shadow trees too
    /// (<https://dom.spec.whatwg.org/#concept-node-insert>).
    pub(crate) fn record_custom_connected(&mut self, root: NodeId, connected: bool) {
        if !self.custom_elements_defined {
            return;
        }
        let mut found = Vec::new();
        self.for_each_shadow_including(root, |dom, n| {
            let Some(state) = dom.element(n).map(|e| e.custom_state(dom.attrs_of(e))) else {
                return;
            };
            match (connected, state) {
                (true, CustomElementState::Custom | CustomElementState::Undefined) => {
                    found.push(CustomElementRecord::Connected(n));
                }
                (false, CustomElementState::Custom) => {
                    found.push(CustomElementRecord::Disconnected(n));
                }
                _ => {}
            }
        });
        self.custom_element_records.extend(found);
    }

    /// The HTML elements in `root`'s shadow-including inclusive subtree, in
    /// shadow-including tree order, whose state is "undefined" and (unless
    /// `local_name` is None) whose local name is `local_name`: define()'s
    /// upgrade candidates and upgrade()'s elements
    /// (<https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-define>
    /// step 15, <https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-upgrade>).
    pub fn custom_element_candidates(&self, root: NodeId, local_name: Option<&str>) -> Vec<NodeId> {
        let mut found = Vec::new();
        self.for_each_shadow_including(root, |dom, n| {
            let Some(e) = dom.element(n) else {
                return;
            };
            if e.custom_state(dom.attrs_of(e)) == CustomElementState::Undefined
                && e.name.ns == ns!(html)
                && local_name.is_none_or(|l| *e.name.local == *l)
            {
                found.push(n);
            }
        });
        found
    }

    /// Records an attribute change of a custom element.
    pub(crate) fn record_custom_attribute(
        &mut self,
        id: NodeId,
        local_name: &str,
        namespace: Option<&str>,
        old_value: Option<String>,
        new_value: Option<String>,
    ) {
        if self
            .element(id)
            .is_none_or(|e| e.custom_element_state != CustomElementState::Custom)
        {
            return;
        }
        self.custom_element_records
            .push(CustomElementRecord::AttributeChanged {
                element: id,
                local_name: local_name.to_owned(),
                namespace: namespace.map(str::to_owned),
                old_value,
                new_value,
            });
    }
}
