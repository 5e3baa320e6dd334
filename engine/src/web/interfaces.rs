//! The registry of web interfaces: each listed once, with its ops and the
//! globals it is exposed on (WebIDL `[Exposed]`). Templates and op
//! installation read this table; nothing else decides what a global gets.

use super::ops::{self, OpList};
use crate::runtime::report::IsolateKind;
use crate::v8::{HandleScope, Local, ObjectTemplate};

/// A set of globals, as WebIDL's `[Exposed]` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exposure(u8);

impl Exposure {
    pub const WINDOW: Exposure = Exposure(1);
    pub const DEDICATED_WORKER: Exposure = Exposure(2);
    pub const SHARED_WORKER: Exposure = Exposure(4);
    /// `[Exposed=Worker]`: every worker global.
    pub const WORKER: Exposure = Exposure(Self::DEDICATED_WORKER.0 | Self::SHARED_WORKER.0);
    /// `[Exposed=(Window,Worker)]`.
    pub const WINDOW_AND_WORKER: Exposure = Exposure(Self::WINDOW.0 | Self::WORKER.0);

    /// The global of an agent of `kind`.
    pub fn of(kind: IsolateKind) -> Exposure {
        match kind {
            IsolateKind::Tab => Exposure::WINDOW,
            IsolateKind::Worker => Exposure::DEDICATED_WORKER,
        }
    }

    /// Whether `global` (one global, from [`Exposure::of`]) is in this set.
    pub fn includes(self, global: Exposure) -> bool {
        self.0 & global.0 == global.0
    }
}

/// One web interface (or a mixin, a namespace, or a part of the bindings
/// named after its spec section).
pub(crate) struct Interface {
    /// As the spec names it.
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "checked by the registry's tests")
    )]
    pub name: &'static str,
    /// Its ops (`web/ops/<file>.rs`), if it has any.
    pub ops: Option<&'static OpList>,
    /// The globals it is exposed on.
    pub exposed: Exposure,
}

const WINDOW: Exposure = Exposure::WINDOW;
const WORKER: Exposure = Exposure::WORKER;
const DEDICATED_WORKER: Exposure = Exposure::DEDICATED_WORKER;
const ALL: Exposure = Exposure::WINDOW_AND_WORKER;

const fn iface(name: &'static str, ops: &'static OpList, exposed: Exposure) -> Interface {
    Interface {
        name,
        ops: Some(ops),
        exposed,
    }
}

/// Every interface, in the order the bindings set them up.
pub(crate) static INTERFACES: &[Interface] = &[
    iface("WebIDL", &ops::webidl::OPS, ALL),
    iface("DOMException", &ops::dom_exception::OPS, ALL),
    iface("EventTarget", &ops::event_target::OPS, ALL),
    iface(
        "Runtime script errors",
        &ops::runtime_script_errors::OPS,
        ALL,
    ),
    iface("Timers", &ops::timers::OPS, ALL),
    iface("console", &ops::console::OPS, ALL),
    iface("Performance", &ops::performance::OPS, ALL),
    iface("URL", &ops::url::OPS, ALL),
    iface("MessagePort", &ops::message_port::OPS, ALL),
    iface("MessageChannel", &ops::message_channel::OPS, ALL),
    iface("structuredClone()", &ops::structured_clone::OPS, ALL),
    iface(
        "WindowOrWorkerGlobalScope",
        &ops::window_or_worker_global_scope::OPS,
        ALL,
    ),
    iface("TextEncoder", &ops::text_encoder::OPS, ALL),
    iface("TextDecoder", &ops::text_decoder::OPS, ALL),
    iface("Base64 utility methods", &ops::base64::OPS, ALL),
    iface("BroadcastChannel", &ops::broadcast_channel::OPS, ALL),
    iface("import()", &ops::dynamic_import::OPS, ALL),
    iface("Node", &ops::node::OPS, WINDOW),
    iface("CharacterData", &ops::character_data::OPS, WINDOW),
    iface("ParentNode", &ops::parent_node::OPS, WINDOW),
    iface("ChildNode", &ops::child_node::OPS, WINDOW),
    iface("DocumentType", &ops::document_type::OPS, WINDOW),
    iface("Element", &ops::element::OPS, WINDOW),
    iface(
        "HTMLTemplateElement",
        &ops::html_template_element::OPS,
        WINDOW,
    ),
    iface("HTMLIFrameElement", &ops::html_iframe_element::OPS, WINDOW),
    iface("DOMImplementation", &ops::dom_implementation::OPS, WINDOW),
    iface("Document", &ops::document::OPS, WINDOW),
    iface("DOMParser", &ops::dom_parser::OPS, WINDOW),
    iface("Window", &ops::window::OPS, WINDOW),
    iface("Location", &ops::location::OPS, WINDOW),
    iface("Navigator", &ops::navigator::OPS, WINDOW),
    iface("Storage", &ops::storage::OPS, WINDOW),
    iface("Worker", &ops::worker::OPS, WINDOW),
    iface("WorkerGlobalScope", &ops::worker_global_scope::OPS, WORKER),
    iface(
        "DedicatedWorkerGlobalScope",
        &ops::dedicated_worker_global_scope::OPS,
        DEDICATED_WORKER,
    ),
    iface("WorkerLocation", &ops::worker_location::OPS, WORKER),
    // WorkerNavigator shares Navigator's op (NavigatorConcurrentHardware).
    iface("WorkerNavigator", &ops::navigator::OPS, WORKER),
    iface("isohostTest", &ops::isohost_test::OPS, ALL),
];

/// The interfaces exposed on the global of an agent of `kind`.
pub(crate) fn exposed_on(kind: IsolateKind) -> impl Iterator<Item = &'static Interface> {
    let global = Exposure::of(kind);
    INTERFACES
        .iter()
        .filter(move |i| i.exposed.includes(global))
}

/// Puts the ops of every interface exposed to `kind` on `template` (an op
/// list two interfaces share, once).
pub(crate) fn install_ops(
    scope: &HandleScope<'_>,
    template: Local<'_, ObjectTemplate>,
    kind: IsolateKind,
) {
    let mut installed: Vec<&'static OpList> = Vec::new();
    for list in exposed_on(kind).filter_map(|i| i.ops) {
        if !installed.iter().any(|l| std::ptr::eq(*l, list)) {
            (list.install)(scope, template);
            installed.push(list);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `storage.rs`'s ops are `storage…`: an op's JS name starts with its
    /// file's name (compared without case or underscores).
    #[test]
    fn every_op_is_named_after_its_interface_file_and_named_once() {
        let mut seen = std::collections::HashSet::new();
        let mut lists: Vec<&OpList> = Vec::new();
        for list in INTERFACES.iter().filter_map(|i| i.ops) {
            if lists.iter().any(|l| std::ptr::eq(*l, list)) {
                continue;
            }
            lists.push(list);
            let file = list.module.rsplit("::").next().unwrap_or_default();
            let prefix = file.replace('_', "");
            for name in list.names {
                assert!(
                    name.to_lowercase().starts_with(&prefix),
                    "op {name} of ops/{file}.rs is not named {prefix}…"
                );
                assert!(seen.insert(*name), "op {name} is listed twice");
            }
        }
        assert!(seen.len() > 100, "{} ops", seen.len());
    }

    #[test]
    fn every_interface_is_listed_once() {
        let mut names = std::collections::HashSet::new();
        for i in INTERFACES {
            assert!(names.insert(i.name), "{} is listed twice", i.name);
        }
    }
}
