//! Element attributes, by qualified name as `getAttribute` and friends see them.

use std::borrow::Cow;

use crate::custom::CustomElementState;
use crate::dom::{Dom, is_valid_attribute_local_name, plain_attr_name};
use crate::error::DomError;
use crate::mutation::Mutation;
use markup5ever::ns;

use crate::attr_store::placeholder;
use crate::node::{Attr, ElementData, NodeId, is_html_ns};

impl Dom {
    /// The name to look up: ASCII-lowercased for an HTML element in an HTML
    /// document.
    fn attr_lookup_name<'n>(&self, id: NodeId, name: &'n str) -> Cow<'n, str> {
        match self.element(id) {
            Some(e)
                if is_html_ns(&e.name.ns)
                    && name.bytes().any(|b| b.is_ascii_uppercase())
                    && self.is_html_document(id) =>
            {
                Cow::Owned(name.to_ascii_lowercase())
            }
            _ => Cow::Borrowed(name),
        }
    }

    /// `element.getAttribute(name)`.
    pub fn get_attribute(&self, id: NodeId, name: &str) -> Option<&str> {
        let name = self.attr_lookup_name(id, name);
        self.attributes(id)
            .iter()
            .find(|a| a.has_qualified_name(&name))
            .map(|a| a.value.as_str())
    }

    /// The value of the first attribute of element `id` with no namespace
    /// whose local name is `local` (as is: no lowercasing).
    pub fn attribute(&self, id: NodeId, local: &str) -> Option<&str> {
        self.element_attr(self.element(id)?, local)
    }

    /// [`Dom::attribute`] of an element's data.
    pub(crate) fn element_attr(&self, e: &ElementData, local: &str) -> Option<&str> {
        self.attrs_of(e)
            .iter()
            .find(|a| a.name.ns == ns!() && &*a.name.local == local)
            .map(|a| a.value.as_str())
    }

    /// The attributes of an element's data, from the store.
    #[inline]
    pub(crate) fn attrs_of(&self, e: &ElementData) -> &[Attr] {
        self.attr_store.get(&e.attrs)
    }

    /// `element.hasAttribute(name)`.
    pub fn has_attribute(&self, id: NodeId, name: &str) -> bool {
        self.get_attribute(id, name).is_some()
    }

    /// `element.getAttributeNames()`: qualified names in order.
    pub fn attribute_names(&self, id: NodeId) -> Vec<String> {
        self.attributes(id)
            .iter()
            .map(Attr::qualified_name)
            .collect()
    }

    /// The attributes of an element, in order (empty for other nodes).
    pub fn attributes(&self, id: NodeId) -> &[Attr] {
        self.element(id).map(|e| self.attrs_of(e)).unwrap_or(&[])
    }

    /// `element.setAttribute(name, value)`. Does nothing on non-elements.
    pub fn set_attribute(&mut self, id: NodeId, name: &str, value: &str) -> Result<(), DomError> {
        self.note_attribute_changed(id, name);
        // https://dom.spec.whatwg.org/#dom-element-setattribute
        // Step 1. If qualifiedName is not a valid attribute local name, throw.
        if !is_valid_attribute_local_name(name) {
            return Err(DomError::InvalidCharacter(format!(
                "Failed to execute 'setAttribute' on 'Element': '{name}' is not a valid attribute name."
            )));
        }
        // Step 2. Lowercase it for an HTML element in an HTML document.
        let name = self.attr_lookup_name(id, name).into_owned();
        let observed = self.observed;
        let Some(element) = self.element(id) else {
            return Ok(());
        };
        // Steps 3-5. Change the first attribute with that qualified name, or append one.
        let custom = element.custom_element_state == CustomElementState::Custom;
        let list = element.attrs.clone();
        let found = self
            .attr_store
            .get(&list)
            .iter()
            .position(|a| a.has_qualified_name(&name));
        let (had_it, removed, record, reaction) = match found {
            Some(index) => {
                let attr = &mut self.attr_store.get_mut(&list)[index];
                let old = std::mem::replace(&mut attr.value, value.into());
                let before = old.len();
                let reaction = custom.then(|| custom_attr(attr, Some(old.to_string())));
                (
                    true,
                    before,
                    observed_attr(observed, attr, Some(old.into_string())),
                    reaction,
                )
            }
            None => {
                let attr = Attr {
                    name: plain_attr_name(&name),
                    value: value.into(),
                };
                let record = observed_attr(observed, &attr, None);
                let reaction = custom.then(|| custom_attr(&attr, None));
                self.push_attr(id, attr);
                (false, 0, record, reaction)
            }
        };
        self.text_changed(removed, value.len());
        if let Some((local, ns, old)) = record {
            self.queue_attribute_record(id, &local, ns.as_deref(), old.as_deref());
        }
        if let Some((local, ns, old)) = reaction {
            self.record_custom_attribute(id, &local, ns.as_deref(), old, Some(value.to_owned()));
        }
        self.attribute_changed(id, &name, had_it, true);
        Ok(())
    }

    /// `element.removeAttribute(name)`.
    pub fn remove_attribute(&mut self, id: NodeId, name: &str) {
        self.note_attribute_changed(id, name);
        let name = self.attr_lookup_name(id, name).into_owned();
        let Some(element) = self.element(id) else {
            return;
        };
        let Some(index) = self
            .attrs_of(element)
            .iter()
            .position(|a| a.has_qualified_name(&name))
        else {
            return;
        };
        let element_is_custom = element.custom_element_state == CustomElementState::Custom;
        let attr = self.remove_attr(id, index);
        self.text_changed(attr.value.len(), 0);
        if let Some((local, ns, old)) =
            observed_attr(self.observed, &attr, Some(attr.value.to_string()))
        {
            self.queue_attribute_record(id, &local, ns.as_deref(), old.as_deref());
        }
        if element_is_custom {
            let (local, ns, old) = custom_attr(&attr, Some(attr.value.to_string()));
            self.record_custom_attribute(id, &local, ns.as_deref(), old, None);
        }
        self.attribute_changed(id, &name, true, false);
    }

    /// Records what an attribute change means for frames and scripts.
    fn attribute_changed(&mut self, id: NodeId, name: &str, had_it: bool, has_it: bool) {
        let Some(element) = self.element(id) else {
            return;
        };
        let watched = (element.is_iframe() && (name == "src" || name == "srcdoc"))
            || (element.is_script()
                && element.is_script_source_attribute(name)
                && !had_it
                && has_it);
        if !watched || !self.is_connected(id) {
            return;
        }
        if element.is_iframe() {
            // https://html.spec.whatwg.org/multipage/iframe-embed-object.html#the-iframe-element
            // Setting or removing src/srcdoc on a connected iframe navigates it.
            self.mutations.push(Mutation::FrameSrcChanged(id));
        } else if !element.parser_inserted && !element.script_already_started {
            // https://html.spec.whatwg.org/multipage/scripting.html#script-processing-model
            // A connected script that gains a src attribute is prepared.
            self.mutations.push(Mutation::ScriptConnected(id));
        }
    }

    /// The `id` attribute, or `""`.
    pub fn id_attr(&self, id: NodeId) -> &str {
        self.attribute(id, "id").unwrap_or("")
    }

    /// The `class` attribute, or `""`.
    pub fn class_name(&self, id: NodeId) -> &str {
        self.attribute(id, "class").unwrap_or("")
    }

    /// Whether an element is an HTML `<iframe>`.
    pub fn is_iframe(&self, id: NodeId) -> bool {
        self.element(id).is_some_and(ElementData::is_iframe)
    }
}

/// The attribute store (`attr_store.rs`) as elements use it.
impl Dom {
    /// Appends `attr` to element `id`'s attributes.
    pub(crate) fn push_attr(&mut self, id: NodeId, attr: Attr) {
        let Some(element) = self.nodes[id.index()].element_mut() else {
            return;
        };
        self.attr_store.push(&mut element.attrs, attr);
        self.compact_attrs_if_sparse();
    }

    /// Takes attribute `index` (which it has) out of element `id`'s.
    fn remove_attr(&mut self, id: NodeId, index: usize) -> Attr {
        let Some(element) = self.nodes[id.index()].element_mut() else {
            return placeholder();
        };
        let attr = self.attr_store.remove(&mut element.attrs, index);
        self.compact_attrs_if_sparse();
        attr
    }

    /// Moves every live block to a new store, in arena order, once more
    /// than half of the store's slots are dead (`AttrStore::is_sparse`): a
    /// page that let documents go, or added and removed attributes in a
    /// loop, returns to its size. Amortized: the slots that died since the
    /// last compaction outnumber those moved, and a quarter of the nodes
    /// walked.
    pub(crate) fn compact_attrs_if_sparse(&mut self) {
        if !self.attr_store.is_sparse(self.nodes.len()) {
            return;
        }
        let mut old = std::mem::take(&mut self.attr_store);
        self.attr_store.growth = old.growth;
        for node in &mut self.nodes {
            let Some(element) = node.element_mut() else {
                continue;
            };
            if element.attrs.len == 0 {
                continue;
            }
            let moved = old
                .get_mut(&element.attrs)
                .iter_mut()
                .map(|a| std::mem::replace(a, placeholder()));
            element.attrs = self.attr_store.new_list(moved);
        }
    }
}

/// An attribute change as a record tells it: the attribute's local name,
/// namespace and old value.
fn custom_attr(attr: &Attr, old: Option<String>) -> (String, Option<String>, Option<String>) {
    let ns = (!attr.name.ns.is_empty()).then(|| attr.name.ns.to_string());
    (attr.name.local.to_string(), ns, old)
}

/// What a MutationObserver record says of an attribute change: its local
/// name, namespace and old value; `None` while nobody observes.
fn observed_attr(
    observed: bool,
    attr: &Attr,
    old: Option<String>,
) -> Option<(String, Option<String>, Option<String>)> {
    observed.then(|| custom_attr(attr, old))
}
