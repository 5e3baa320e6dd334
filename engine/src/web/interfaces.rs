//! The registry of web interfaces: each listed once, with its ops and the
//! globals it is exposed on (WebIDL `[Exposed]`). Templates and op
//! installation read this table; nothing else decides what a global gets.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::ops::{self, OpList, OpMaker};
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
            IsolateKind::SharedWorker => Exposure::SHARED_WORKER,
        }
    }

    /// Whether `global` (one global, from [`Exposure::of`]) is in this set.
    pub fn includes(self, global: Exposure) -> bool {
        self.0 & global.0 == global.0
    }
}

/// One web interface, or a family the spec defines together, a mixin, a
/// namespace, or a part of the bindings named after its spec section.
pub(crate) struct Interface {
    /// As the spec names it.
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "checked by the registry's tests")
    )]
    pub name: &'static str,
    /// Its bindings: `web/js/<file>.js`.
    pub js: JsFile,
    /// Its ops (`web/ops/<file>.rs`), if it has any.
    pub ops: Option<&'static OpList>,
    /// The globals it is exposed on.
    pub exposed: Exposure,
}

/// A file of the bindings, run as a function of its own (see
/// `templates::bindings_source`).
pub(crate) struct JsFile {
    /// Its stem, which is also the name later files import it by
    /// (`lib.event_target`).
    pub name: &'static str,
    pub source: &'static str,
}

const WINDOW: Exposure = Exposure::WINDOW;
const WORKER: Exposure = Exposure::WORKER;
const DEDICATED_WORKER: Exposure = Exposure::DEDICATED_WORKER;
const SHARED_WORKER: Exposure = Exposure::SHARED_WORKER;
const ALL: Exposure = Exposure::WINDOW_AND_WORKER;

/// `interface!("Storage", storage, ops, WINDOW)`: the interface named
/// "Storage", its bindings `js/storage.js`, its ops `ops/storage.rs`,
/// exposed on Window. Without `ops`, bindings only; `ops = navigator`
/// shares another file's ops.
macro_rules! interface {
    ($name:literal, $file:ident, $exposed:expr) => {
        interface!(@make $name, $file, None, $exposed)
    };
    ($name:literal, $file:ident, ops, $exposed:expr) => {
        interface!(@make $name, $file, Some(&ops::$file::OPS), $exposed)
    };
    ($name:literal, $file:ident, ops = $ops:ident, $exposed:expr) => {
        interface!(@make $name, $file, Some(&ops::$ops::OPS), $exposed)
    };
    (@make $name:literal, $file:ident, $ops:expr, $exposed:expr) => {
        Interface {
            name: $name,
            js: JsFile {
                name: stringify!($file),
                source: include_str!(concat!("js/", stringify!($file), ".js")),
            },
            ops: $ops,
            exposed: $exposed,
        }
    };
}

/// Every interface, in the order the bindings set them up: a file may use
/// what the files above it export.
#[rustfmt::skip]
pub(crate) static INTERFACES: &[Interface] = &[
    // After the primordials (templates.rs): WebIDL, exceptions.
    interface!("WebIDL", webidl, ops, ALL),
    interface!("DOMException", dom_exception, ops, ALL),
    // Events.
    interface!("Event", event, ops, ALL),
    interface!("CustomEvent", custom_event, ALL),
    interface!("EventTarget", event_target, ops, ALL),
    interface!("Runtime script errors", runtime_script_errors, ops, ALL),
    interface!("PromiseRejectionEvent", promise_rejection_event, ALL),
    interface!("MessageEvent", message_event, ALL),
    interface!("Event handlers", event_handlers, ALL),
    interface!("Timers", timers, ops, ALL),
    interface!("AbortSignal", abort_signal, ALL),
    interface!("AbortController", abort_controller, ALL),
    interface!("Microtask queuing", microtask_queuing, ALL),
    interface!("Queuing tasks", task_queuing, ops, ALL),
    // What every global has.
    interface!("console", console, ops, ALL),
    interface!("Performance", performance, ops, ALL),
    interface!("URLSearchParams", url_search_params, ALL),
    interface!("URL", url, ops, ALL),
    interface!("MessagePort", message_port, ops, ALL),
    interface!("MessageChannel", message_channel, ops, ALL),
    interface!("structuredClone()", structured_clone, ops, ALL),
    interface!("TextEncoder", text_encoder, ops, ALL),
    interface!("TextDecoder", text_decoder, ops, ALL),
    interface!("Base64 utility methods", base64, ops, ALL),
    interface!("Crypto", crypto, ops, ALL),
    // Streams.
    interface!("Streams", streams, ALL),
    interface!("ReadableStream", readable_stream, ALL),
    interface!("ReadableStreamDefaultReader", readable_stream_default_reader, ALL),
    interface!("ReadableStreamBYOBReader", readable_stream_byob_reader, ALL),
    interface!("ReadableStreamDefaultController", readable_stream_default_controller, ALL),
    interface!("ReadableByteStreamController", readable_byte_stream_controller, ALL),
    interface!("ReadableStreamBYOBRequest", readable_stream_byob_request, ALL),
    interface!("WritableStream", writable_stream, ALL),
    interface!("WritableStreamDefaultWriter", writable_stream_default_writer, ALL),
    interface!("WritableStreamDefaultController", writable_stream_default_controller, ALL),
    interface!("TransformStream", transform_stream, ALL),
    interface!("TransformStreamDefaultController", transform_stream_default_controller, ALL),
    interface!("ByteLengthQueuingStrategy", byte_length_queuing_strategy, ALL),
    interface!("CountQueuingStrategy", count_queuing_strategy, ALL),
    interface!("TextEncoderStream", text_encoder_stream, ALL),
    interface!("TextDecoderStream", text_decoder_stream, ALL),
    // File API.
    interface!("Blob", blob, ops, ALL),
    interface!("File", file, ALL),
    interface!("FileList", file_list, ops, ALL),
    interface!("FileReader", file_reader, ops, ALL),
    interface!("FileReaderSync", file_reader_sync, WORKER),
    // HTML's canvas section, without a canvas.
    interface!("ImageData", image_data, ops, ALL),
    // Fetch.
    interface!("Headers", headers, ALL),
    interface!("Body", body, ops, ALL),
    interface!("FormData", form_data, ALL),
    interface!("Request", request, ALL),
    interface!("Response", response, ALL),
    interface!("fetch()", fetch, ops, ALL),
    interface!("XMLHttpRequest", xml_http_request, ALL),
    // Web Cryptography (after Crypto and Body).
    interface!("SubtleCrypto", subtle_crypto, ops, ALL),
    interface!("WindowOrWorkerGlobalScope", window_or_worker_global_scope, ops, ALL),
    interface!("BroadcastChannel", broadcast_channel, ops, ALL),
    interface!("import()", dynamic_import, ops, ALL),
    // Events made on first use.
    interface!("StorageEvent", storage_event, WINDOW),
    interface!("HashChangeEvent", hash_change_event, WINDOW),
    interface!("PageTransitionEvent", page_transition_event, WINDOW),
    interface!("UI Events", ui_events, ops, WINDOW),
    interface!("PointerEvent", pointer_event, WINDOW),
    interface!("DragEvent", drag_event, WINDOW),
    interface!("Touch Events", touch_event, WINDOW),
    interface!("DeviceOrientation events", device_orientation_events, WINDOW),
    interface!("PopStateEvent", pop_state_event, WINDOW),
    interface!("BeforeUnloadEvent", before_unload_event, WINDOW),
    interface!("SubmitEvent", submit_event, WINDOW),
    interface!("ProgressEvent", progress_event, ALL),
    // The DOM.
    interface!("GlobalEventHandlers", global_event_handlers, WINDOW),
    interface!("Node", node, ops, WINDOW),
    interface!("NodeList", node_list, WINDOW),
    interface!("HTMLCollection", html_collection, WINDOW),
    interface!("MutationObserver", mutation_observer, ops, WINDOW),
    interface!("ParentNode", parent_node, ops, WINDOW),
    interface!("ChildNode", child_node, ops, WINDOW),
    interface!("CharacterData", character_data, ops, WINDOW),
    interface!("Text", text, WINDOW),
    interface!("Comment", comment, WINDOW),
    interface!("CDATASection", cdata_section, WINDOW),
    interface!("ProcessingInstruction", processing_instruction, WINDOW),
    interface!("DocumentType", document_type, ops, WINDOW),
    interface!("DocumentFragment", document_fragment, WINDOW),
    interface!("DOMTokenList", dom_token_list, WINDOW),
    interface!("Event handler content attributes", event_handler_content_attributes, WINDOW),
    interface!("Element", element, ops, WINDOW),
    interface!("SVGElement", svg_element, WINDOW),
    interface!("HTMLElement", html_element, WINDOW),
    interface!("DOMImplementation", dom_implementation, ops, WINDOW),
    interface!("Document", document, ops, WINDOW),
    interface!("DOMParser", dom_parser, ops, WINDOW),
    interface!("Following hyperlinks", following_hyperlinks, ops, WINDOW),
    interface!("XMLSerializer", xml_serializer, ops, WINDOW),
    interface!("Element interfaces", element_interfaces, WINDOW),
    interface!("CustomElementRegistry", custom_element_registry, ops, WINDOW),
    interface!("HTMLIFrameElement", html_iframe_element, ops, WINDOW),
    interface!("HTMLTemplateElement", html_template_element, ops, WINDOW),
    interface!("Links", links, WINDOW),
    interface!("HTMLFormElement", html_form_element, ops, WINDOW),
    interface!("HTMLInputElement", html_input_element, WINDOW),
    interface!("ShadowRoot", shadow_root, ops, WINDOW),
    interface!("HTMLSlotElement", html_slot_element, WINDOW),
    // The window.
    interface!("Location", location, ops, WINDOW),
    interface!("BarProp", bar_prop, WINDOW),
    interface!("Screen", screen, WINDOW),
    interface!("External", external, WINDOW),
    interface!("Window", window, ops, WINDOW),
    interface!("Navigator", navigator, ops, WINDOW),
    interface!("History", history, ops, WINDOW),
    interface!("Storage", storage, ops, WINDOW),
    // Workers, and workers' globals.
    interface!("Worker", worker, ops, ALL),
    interface!("SharedWorker", shared_worker, ops, WINDOW),
    interface!("WorkerLocation", worker_location, ops, WORKER),
    interface!("WorkerNavigator", worker_navigator, ops = navigator, WORKER),
    interface!("WorkerGlobalScope", worker_global_scope, ops, WORKER),
    interface!("DedicatedWorkerGlobalScope", dedicated_worker_global_scope, ops, DEDICATED_WORKER),
    interface!("SharedWorkerGlobalScope", shared_worker_global_scope, ops, SHARED_WORKER),
    // Not a web interface: fault injection for tests.
    interface!("isohostTest", isohost_test, ops, ALL),
    // Not a web interface: the trusted channel for test results.
    interface!("isohostClaimTestReport", isohost_test_report, ops, WINDOW),
];

/// The interfaces exposed on the global of an agent of `kind`.
pub(crate) fn exposed_on(kind: IsolateKind) -> impl Iterator<Item = &'static Interface> {
    let global = Exposure::of(kind);
    INTERFACES
        .iter()
        .filter(move |i| i.exposed.includes(global))
}

/// Every op list, once (two interfaces may share one), with the index of
/// its first op among all ops: an op's index is its lazy property's data.
fn op_lists() -> &'static [(&'static OpList, usize)] {
    static LISTS: OnceLock<Vec<(&'static OpList, usize)>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut lists: Vec<(&'static OpList, usize)> = Vec::new();
        let mut next = 0;
        for list in INTERFACES.iter().filter_map(|i| i.ops) {
            if !lists.iter().any(|(l, _)| std::ptr::eq(*l, list)) {
                lists.push((list, next));
                next += list.makers.len();
            }
        }
        lists
    })
}

/// How to make op `index` ([`op_lists`]).
pub(crate) fn op_maker(index: usize) -> Option<OpMaker> {
    let lists = op_lists();
    let at = lists
        .partition_point(|(_, first)| *first <= index)
        .checked_sub(1)?;
    let (list, first) = lists[at];
    list.makers.get(index - first).copied()
}

/// Serves the ops of every interface exposed to `kind` from `template`:
/// its named interceptor makes an op's function on the first read in a
/// realm (see [`ops::serve_op`]).
pub(crate) fn install_ops(
    scope: &HandleScope<'_>,
    template: Local<'_, ObjectTemplate>,
    kind: IsolateKind,
) {
    template.set_named_handler(crate::v8::value::integer(scope, ops::ops_data(kind)).into());
}

/// The index ([`op_lists`]) of op `name` if an interface exposed to `kind`
/// has it (an op list two interfaces share, once).
pub(crate) fn op_index(kind: IsolateKind, name: &str) -> Option<usize> {
    static INDEX: [OnceLock<HashMap<&'static str, usize>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match kind {
        IsolateKind::Tab => 0,
        IsolateKind::Worker => 1,
        IsolateKind::SharedWorker => 2,
    };
    INDEX[slot]
        .get_or_init(|| {
            let mut index = HashMap::new();
            for (list, first) in op_lists() {
                if exposed_on(kind).any(|i| i.ops.is_some_and(|l| std::ptr::eq(l, *list))) {
                    for (i, name) in list.names.iter().enumerate() {
                        index.insert(*name, first + i);
                    }
                }
            }
            index
        })
        .get(name)
        .copied()
}

#[cfg(test)]
mod tests;
