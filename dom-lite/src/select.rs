//! CSS selectors (`querySelector`, `matches`, `closest`) through the `selectors`
//! crate, whose `Element` trait is implemented over `(&Dom, NodeId)`.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;

use cssparser::{ParseError, Parser as CssParser, ToCss, serialize_identifier};
use markup5ever::{LocalName, Namespace, local_name, ns};
use precomputed_hash::PrecomputedHash;
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::context::{
    MatchingContext, MatchingForInvalidation, MatchingMode, NeedsSelectorFlags,
    QuirksMode as SelectorQuirksMode, SelectorCaches,
};
use selectors::matching::{ElementSelectorFlags, matches_selector_list};
use selectors::parser::{ParseRelative, SelectorParseErrorKind};
use selectors::{Element, OpaqueElement, SelectorImpl, SelectorList};

use crate::dom::Dom;
use crate::error::DomError;
use crate::node::{ElementData, NodeData, NodeId, QuirksMode};

/// The `selectors` crate's view of our types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomSelectors;

/// A string from a selector: identifiers, attribute values, namespace prefixes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CssString(String);

impl From<&str> for CssString {
    fn from(s: &str) -> CssString {
        CssString(s.to_owned())
    }
}

impl AsRef<str> for CssString {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl ToCss for CssString {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        serialize_identifier(&self.0, dest)
    }
}

impl PrecomputedHash for CssString {
    fn precomputed_hash(&self) -> u32 {
        // FNV-1a: only has to agree with equality.
        self.0.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        })
    }
}

/// An element or attribute local name from a selector, as an atom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CssLocalName(LocalName);

impl From<&str> for CssLocalName {
    fn from(s: &str) -> CssLocalName {
        CssLocalName(LocalName::from(s))
    }
}

impl ToCss for CssLocalName {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        serialize_identifier(&self.0, dest)
    }
}

impl PrecomputedHash for CssLocalName {
    fn precomputed_hash(&self) -> u32 {
        self.0.precomputed_hash()
    }
}

impl Borrow<LocalName> for CssLocalName {
    fn borrow(&self) -> &LocalName {
        &self.0
    }
}

/// The non-tree-structural pseudo-classes we parse. User-action ones never match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PseudoClass {
    /// `:checked`: checked checkbox/radio inputs and selected options (by attribute).
    Checked,
    /// `:disabled`: form controls with a `disabled` attribute.
    Disabled,
    /// `:enabled`: form controls without one.
    Enabled,
    /// `:link` / `:any-link`: `a`, `area` and `link` elements with `href`.
    AnyLink,
    /// `:visited`: never matches.
    Visited,
    /// `:hover`: never matches headless.
    Hover,
    /// `:active`: never matches headless.
    Active,
    /// `:focus`, `:focus-within`, `:focus-visible`: never match.
    Focus,
    /// `:defined`: elements whose custom element state is "uncustomized"
    /// or "custom".
    Defined,
}

impl ToCss for PseudoClass {
    fn to_css<W: fmt::Write>(&self, dest: &mut W) -> fmt::Result {
        dest.write_str(match self {
            PseudoClass::Checked => ":checked",
            PseudoClass::Disabled => ":disabled",
            PseudoClass::Enabled => ":enabled",
            PseudoClass::AnyLink => ":any-link",
            PseudoClass::Visited => ":visited",
            PseudoClass::Hover => ":hover",
            PseudoClass::Active => ":active",
            PseudoClass::Focus => ":focus",
            PseudoClass::Defined => ":defined",
        })
    }
}

impl selectors::parser::NonTSPseudoClass for PseudoClass {
    fn is_active_or_hover(&self) -> bool {
        matches!(self, PseudoClass::Active | PseudoClass::Hover)
    }

    fn is_user_action_state(&self) -> bool {
        matches!(
            self,
            PseudoClass::Active | PseudoClass::Hover | PseudoClass::Focus
        )
    }
}

/// No pseudo-element is supported: `querySelector` never matches them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PseudoElement {}

impl ToCss for PseudoElement {
    fn to_css<W: fmt::Write>(&self, _dest: &mut W) -> fmt::Result {
        match *self {}
    }
}

impl selectors::parser::PseudoElement for PseudoElement {}

impl SelectorImpl for DomSelectors {
    type ExtraMatchingData<'a> = ();
    type AttrValue = CssString;
    type Identifier = CssString;
    type LocalName = CssLocalName;
    type NamespaceUrl = Namespace;
    type NamespacePrefix = CssString;
    type BorrowedNamespaceUrl = Namespace;
    type BorrowedLocalName = LocalName;
    type NonTSPseudoClass = PseudoClass;
    type PseudoElement = PseudoElement;
}

struct SelectorParser;

impl<'i> selectors::Parser<'i> for SelectorParser {
    type Impl = DomSelectors;
    type Error = SelectorParseErrorKind;

    fn parse_is_and_where(&self) -> bool {
        true
    }

    fn parse_nth_child_of(&self) -> bool {
        true
    }

    fn parse_non_ts_pseudo_class(
        &self,
        name: &str,
    ) -> Result<PseudoClass, ParseError<Self::Error>> {
        let class = match name.to_ascii_lowercase().as_str() {
            "checked" => PseudoClass::Checked,
            "disabled" => PseudoClass::Disabled,
            "enabled" => PseudoClass::Enabled,
            "link" | "any-link" => PseudoClass::AnyLink,
            "visited" => PseudoClass::Visited,
            "hover" => PseudoClass::Hover,
            "active" => PseudoClass::Active,
            "focus" | "focus-within" | "focus-visible" => PseudoClass::Focus,
            "defined" => PseudoClass::Defined,
            _ => {
                return Err(ParseError::custom(
                    SelectorParseErrorKind::UnsupportedPseudoClassOrElement,
                ));
            }
        };
        Ok(class)
    }
}

/// An element as the `selectors` crate sees it.
#[derive(Clone, Copy)]
struct ElementRef<'a> {
    dom: &'a Dom,
    id: NodeId,
}

impl fmt::Debug for ElementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}> {:?}", self.dom.node_name(self.id), self.id)
    }
}

impl<'a> ElementRef<'a> {
    fn data(&self) -> &'a ElementData {
        match &self.dom.node(self.id).data {
            NodeData::Element(e) => e,
            // Only elements are wrapped; see `ElementRef::new`.
            _ => unreachable!("ElementRef wraps an element"),
        }
    }

    fn new(dom: &'a Dom, id: NodeId) -> Option<ElementRef<'a>> {
        dom.is_element(id).then_some(ElementRef { dom, id })
    }

    fn sibling_element(&self, step: impl Fn(NodeId) -> Option<NodeId>) -> Option<Self> {
        std::iter::successors(step(self.id), |&n| step(n))
            .find_map(|n| ElementRef::new(self.dom, n))
    }

    fn is_form_control(&self) -> bool {
        let e = self.data();
        e.name.ns == ns!(html)
            && matches!(
                &*e.name.local,
                "button" | "input" | "select" | "textarea" | "optgroup" | "option" | "fieldset"
            )
    }
}

impl Element for ElementRef<'_> {
    type Impl = DomSelectors;

    fn opaque(&self) -> OpaqueElement {
        OpaqueElement::new(self.dom.node(self.id))
    }

    fn parent_element(&self) -> Option<Self> {
        self.dom
            .parent(self.id)
            .and_then(|p| ElementRef::new(self.dom, p))
    }

    fn parent_node_is_shadow_root(&self) -> bool {
        false
    }

    fn containing_shadow_host(&self) -> Option<Self> {
        None
    }

    fn is_pseudo_element(&self) -> bool {
        false
    }

    fn prev_sibling_element(&self) -> Option<Self> {
        self.sibling_element(|n| self.dom.previous_sibling(n))
    }

    fn next_sibling_element(&self) -> Option<Self> {
        self.sibling_element(|n| self.dom.next_sibling(n))
    }

    fn first_element_child(&self) -> Option<Self> {
        self.dom
            .children(self.id)
            .find_map(|c| ElementRef::new(self.dom, c))
    }

    fn is_html_element_in_html_document(&self) -> bool {
        self.data().name.ns == ns!(html)
    }

    fn has_local_name(&self, local_name: &LocalName) -> bool {
        self.data().name.local == *local_name
    }

    fn has_namespace(&self, ns: &Namespace) -> bool {
        self.data().name.ns == *ns
    }

    fn is_same_type(&self, other: &Self) -> bool {
        let (a, b) = (&self.data().name, &other.data().name);
        a.local == b.local && a.ns == b.ns
    }

    fn attr_matches(
        &self,
        ns: &NamespaceConstraint<&Namespace>,
        local_name: &CssLocalName,
        operation: &AttrSelectorOperation<&CssString>,
    ) -> bool {
        self.dom.attrs_of(self.data()).iter().any(|a| {
            a.name.local == local_name.0
                && match ns {
                    NamespaceConstraint::Any => true,
                    NamespaceConstraint::Specific(url) => a.name.ns == **url,
                }
                && operation.eval_str(&a.value)
        })
    }

    fn match_non_ts_pseudo_class(
        &self,
        pc: &PseudoClass,
        _context: &mut MatchingContext<DomSelectors>,
    ) -> bool {
        let e = self.data();
        match pc {
            PseudoClass::Checked => {
                (e.is_html(&local_name!("input"))
                    && self.dom.element_attr(e, "type").is_some_and(|t| {
                        t.eq_ignore_ascii_case("checkbox") || t.eq_ignore_ascii_case("radio")
                    })
                    && self.dom.element_attr(e, "checked").is_some())
                    || (e.is_html(&local_name!("option"))
                        && self.dom.element_attr(e, "selected").is_some())
            }
            PseudoClass::Disabled => {
                self.is_form_control() && self.dom.element_attr(e, "disabled").is_some()
            }
            PseudoClass::Enabled => {
                self.is_form_control() && self.dom.element_attr(e, "disabled").is_none()
            }
            PseudoClass::AnyLink => self.is_link(),
            PseudoClass::Defined => e.custom_state(self.dom.attrs_of(e)).is_defined(),
            PseudoClass::Visited
            | PseudoClass::Hover
            | PseudoClass::Active
            | PseudoClass::Focus => false,
        }
    }

    fn match_pseudo_element(
        &self,
        pe: &PseudoElement,
        _context: &mut MatchingContext<DomSelectors>,
    ) -> bool {
        match *pe {}
    }

    fn apply_selector_flags(&self, _flags: ElementSelectorFlags) {}

    fn is_link(&self) -> bool {
        let e = self.data();
        e.name.ns == ns!(html)
            && matches!(&*e.name.local, "a" | "area" | "link")
            && self.dom.element_attr(e, "href").is_some()
    }

    fn is_html_slot_element(&self) -> bool {
        false
    }

    fn has_id(&self, id: &CssString, case_sensitivity: CaseSensitivity) -> bool {
        self.dom
            .element_attr(self.data(), "id")
            .is_some_and(|v| case_sensitivity.eq(v.as_bytes(), id.0.as_bytes()))
    }

    fn has_class(&self, name: &CssString, case_sensitivity: CaseSensitivity) -> bool {
        self.dom
            .element_attr(self.data(), "class")
            .is_some_and(|classes| {
                classes
                    .split_ascii_whitespace()
                    .any(|c| case_sensitivity.eq(c.as_bytes(), name.0.as_bytes()))
            })
    }

    fn has_custom_state(&self, _name: &CssString) -> bool {
        false
    }

    fn imported_part(&self, _name: &CssString) -> Option<CssString> {
        None
    }

    fn is_part(&self, _name: &CssString) -> bool {
        false
    }

    fn is_empty(&self) -> bool {
        self.dom.children(self.id).all(|c| match self.dom.data(c) {
            NodeData::Element(_) => false,
            NodeData::Text(t) => t.is_empty(),
            _ => true,
        })
    }

    fn is_root(&self) -> bool {
        self.dom
            .parent(self.id)
            .is_some_and(|p| matches!(self.dom.data(p), NodeData::Document { .. }))
    }

    fn add_element_unique_hashes(&self, _filter: &mut BloomFilter) -> bool {
        false
    }
}

thread_local! {
    /// The last selector parsed on this thread and its parse: scripts often
    /// query the same selector again and again. Parsing depends on the string
    /// alone (no namespaces, no document state), and a `SelectorList` is an
    /// immutable reference-counted value, so reusing it is safe.
    static LAST_SELECTOR: RefCell<Option<(Box<str>, SelectorList<DomSelectors>)>> =
        const { RefCell::new(None) };
}

fn parse_selector(selector: &str, method: &str) -> Result<SelectorList<DomSelectors>, DomError> {
    let cached = LAST_SELECTOR.with_borrow(|last| {
        last.as_ref()
            .filter(|(text, _)| **text == *selector)
            .map(|(_, list)| list.clone())
    });
    if let Some(list) = cached {
        return Ok(list);
    }
    let mut parser = CssParser::new(selector);
    let list = parser
        .parse_entirely(|p| SelectorList::parse(&SelectorParser, p, ParseRelative::No))
        .map_err(|_| {
            DomError::Syntax(format!(
                "Failed to execute '{method}' on 'Document': '{selector}' is not a valid selector."
            ))
        })?;
    LAST_SELECTOR.set(Some((selector.into(), list.clone())));
    Ok(list)
}

impl Dom {
    /// Runs `find` over a matcher for `list`, sharing one set of caches
    /// (`:nth-child` indices) across all the elements it tests.
    fn with_matcher<R>(
        &self,
        list: &SelectorList<DomSelectors>,
        scope: NodeId,
        find: impl FnOnce(&mut dyn FnMut(NodeId) -> bool) -> R,
    ) -> R {
        let quirks = match self.quirks_mode(scope) {
            QuirksMode::Quirks => SelectorQuirksMode::Quirks,
            QuirksMode::LimitedQuirks => SelectorQuirksMode::LimitedQuirks,
            QuirksMode::NoQuirks => SelectorQuirksMode::NoQuirks,
        };
        let mut caches = SelectorCaches::default();
        let mut context = MatchingContext::new(
            MatchingMode::Normal,
            None,
            &mut caches,
            quirks,
            NeedsSelectorFlags::No,
            MatchingForInvalidation::No,
        );
        // `:scope` is the element queried from (the root element for documents).
        context.scope_element = ElementRef::new(self, scope).map(|s| s.opaque());
        let mut matcher = |n: NodeId| {
            ElementRef::new(self, n).is_some_and(|e| matches_selector_list(list, e, &mut context))
        };
        find(&mut matcher)
    }

    /// `root.querySelector(selector)`: the first matching element descendant in tree order.
    pub fn query_selector(&self, root: NodeId, selector: &str) -> Result<Option<NodeId>, DomError> {
        let list = parse_selector(selector, "querySelector")?;
        Ok(self.with_matcher(&list, root, |matches| {
            self.descendants(root).find(|&n| matches(n))
        }))
    }

    /// `root.querySelectorAll(selector)`: matching element descendants in tree order.
    pub fn query_selector_all(
        &self,
        root: NodeId,
        selector: &str,
    ) -> Result<Vec<NodeId>, DomError> {
        let list = parse_selector(selector, "querySelectorAll")?;
        Ok(self.with_matcher(&list, root, |matches| {
            self.descendants(root).filter(|&n| matches(n)).collect()
        }))
    }

    /// `element.matches(selector)`.
    pub fn matches(&self, element: NodeId, selector: &str) -> Result<bool, DomError> {
        let list = parse_selector(selector, "matches")?;
        Ok(self.with_matcher(&list, element, |matches| matches(element)))
    }

    /// `element.closest(selector)`: the nearest matching inclusive ancestor.
    pub fn closest(&self, element: NodeId, selector: &str) -> Result<Option<NodeId>, DomError> {
        let list = parse_selector(selector, "closest")?;
        Ok(self.with_matcher(&list, element, |matches| {
            std::iter::once(element)
                .chain(self.ancestors(element))
                .find(|&n| matches(n))
        }))
    }
}
