//! `dom-lite`: an arena DOM filled by html5ever, with no V8 in sight. The
//! engine backs its JS DOM wrappers by [`NodeId`].
//!
//! One [`Dom`] per tab holds many documents, so nodes can move between a
//! tab's same-origin documents. Invariants:
//!
//! 1. A [`NodeId`] indexes the arena's `Vec`. Removed nodes stay, detached;
//!    a node is freed only with its whole document, by
//!    [`Dom::release_document`], when the engine knows nothing names it any
//!    more (no wrapper can reach it, no id of it is kept). Its slot is then
//!    reused, under a new generation: outside the crate a node is named by
//!    a [`Dom::handle`], which after the release resolves to nothing, never
//!    to the slot's next node.
//! 2. Parent, child and sibling links always agree (checked with `debug_assert!`).
//! 3. Every node knows its node document; a document is its own.
//! 4. Nothing walks the tree recursively: deep trees build, serialize, clone
//!    and drop without growing the native stack.
//! 5. The parser's sink borrows the shared `RefCell<Dom>` only inside each
//!    callback, so scripts mutate the DOM between [`DocumentParser::step`]s.
//!
//! Key files: `node.rs` (what a node holds), `dom.rs` (creation, reading),
//! `tree.rs` (raw links, walks), `mutation.rs` (DOM insertion/removal checks,
//! [`Mutation`] records), `observe.rs` (MutationObserver's
//! [`MutationRecord`]s), `custom.rs` (custom element states and the
//! changes that enqueue their reactions), `release.rs` (freeing documents, handles), `attrs.rs`,
//! `attr_store.rs` (every element's attributes, in one store per [`Dom`]), `document.rs`, `parser.rs` (html5ever
//! sink, [`DocumentParser`], fragments; XML documents too, through
//! xml5ever), `serialize.rs`, `xml_serialize.rs`, `select.rs`, `dump.rs`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod attr_store;
mod attrs;
mod custom;
mod document;
mod dom;
mod dump;
mod error;
mod mutation;
mod node;
mod observe;
mod parser;
mod release;
mod select;
mod serialize;
mod shadow;
mod tree;
mod xml_serialize;

pub use custom::{CustomElementRecord, CustomElementState, is_valid_custom_element_name};
pub use dom::{ArenaGrowth, Dom, is_valid_element_local_name};
pub use error::DomError;
pub use mutation::Mutation;
pub use node::{Attr, DoctypeData, ElementData, NodeData, NodeId, QuirksMode, html_name};
pub use observe::{MutationRecord, MutationRecordKind};
pub use parser::{
    DocumentParser, LIMITED_BEFORE_NARROWING, MAX_OPEN_ELEMENTS, NARROWED_OPEN_ELEMENTS, ParseStep,
};
pub use select::{CssLocalName, CssString, DomSelectors, PseudoClass, PseudoElement};
pub use shadow::{ShadowRootData, ShadowRootInit};
pub use tree::Descendants;

/// The string type of character data and attribute values.
pub use compact_str::CompactString;
/// Re-exported so callers can build names without depending on markup5ever.
pub use markup5ever::{LocalName, Namespace, Prefix, QualName};
