//! Operations: the Rust functions the bindings call as `ops.<name>(...)`,
//! one file per interface (named as its JS file), each ending with its op
//! list (`op_list!`); the interface registry (`web/interfaces.rs`) says
//! which globals get which lists.
//!
//! Each op is `fn(&mut OpCx) -> OpResult` (`call.rs`): plain data in
//! (numbers, strings, node ids), plain data out; an [`OpError`] becomes a
//! TypeError, RangeError or DOMException in the calling realm. The calling
//! frame is the context's frame (V8 runs an API function in its own
//! context). After every op of a tab, the DOM's mutation records are acted
//! on (iframes become frames, inserted scripts run).

#[macro_use]
mod call;

pub(super) mod base64;
pub(super) mod blob;
pub(super) mod body;
pub(super) mod broadcast_channel;
pub(super) mod character_data;
pub(super) mod child_node;
pub(super) mod console;
pub(super) mod crypto;
pub(super) mod custom_element_registry;
pub(super) mod dedicated_worker_global_scope;
pub(super) mod document;
pub(super) mod document_type;
pub(super) mod dom_exception;
pub(super) mod dom_implementation;
pub(super) mod dom_parser;
pub(super) mod dynamic_import;
pub(super) mod element;
pub(super) mod event;
pub(super) mod event_target;
pub(super) mod fetch;
pub(super) mod file_list;
pub(super) mod file_reader;
pub(super) mod following_hyperlinks;
pub(super) mod history;
pub(super) mod html_form_element;
pub(super) mod html_iframe_element;
pub(super) mod html_template_element;
pub(super) mod image_data;
pub(super) mod isohost_test;
pub(super) mod isohost_test_report;
pub(super) mod location;
pub(super) mod message_channel;
pub(super) mod message_port;
pub(super) mod mutation_observer;
pub(super) mod navigator;
pub(super) mod node;
pub(super) mod parent_node;
pub(super) mod performance;
pub(super) mod runtime_script_errors;
pub(super) mod shadow_root;
pub(super) mod shared_worker;
pub(super) mod shared_worker_global_scope;
pub(super) mod storage;
pub(super) mod structured_clone;
pub(super) mod subtle_crypto;
pub(super) mod task_queuing;
pub(super) mod text_decoder;
pub(super) mod text_encoder;
pub(super) mod timers;
pub(super) mod ui_events;
pub(super) mod url;
pub(super) mod webidl;
pub(super) mod window;
pub(super) mod window_or_worker_global_scope;
pub(super) mod worker;
pub(super) mod worker_global_scope;
pub(super) mod worker_location;
pub(super) mod xml_serializer;

#[cfg(test)]
pub(crate) use call::WRAPPED_OPS;
pub(crate) use call::{
    OpCx, OpError, OpList, OpMaker, OpResult, node_number, ops_data, ops_kind, serve_op,
};
