//! Operations: the Rust functions the bindings call as `ops.name(...)`.
//!
//! Each is `fn(&mut OpCx) -> OpResult`: plain data in (numbers, strings,
//! node ids), plain data out; errors become a TypeError or a DOMException in
//! the calling realm. The calling frame is the context's frame (V8 runs an
//! API function in its own context). After every op, the DOM's mutation
//! records are acted on (iframes become frames, inserted scripts run).

mod agents;
mod core;
mod dom;
mod window;

use std::rc::Rc;

use dom_lite::{DomError, NodeId};

use super::agent::AgentState;
use super::exception::{DomExceptionName, Exception};
use crate::runtime::report::{FrameId, IsolateKind};
use crate::v8::{self, FunctionArgs, HandleScope, Local, PropertyAttribute};

/// Why an op failed.
pub(crate) enum OpError {
    /// Throw this in the calling realm.
    Throw(Exception),
    /// An exception is already pending.
    Thrown,
}

impl OpError {
    pub fn type_error(message: impl Into<String>) -> OpError {
        OpError::Throw(Exception::TypeError(message.into()))
    }

    pub fn range_error(message: impl Into<String>) -> OpError {
        OpError::Throw(Exception::RangeError(message.into()))
    }

    pub fn dom(name: DomExceptionName, message: impl Into<String>) -> OpError {
        OpError::Throw(Exception::dom(name, message))
    }
}

impl From<Exception> for OpError {
    fn from(e: Exception) -> Self {
        OpError::Throw(e)
    }
}

impl From<DomError> for OpError {
    fn from(e: DomError) -> Self {
        OpError::Throw(e.into())
    }
}

pub(crate) type OpResult<'s> = Result<Local<'s, v8::Value>, OpError>;

/// One op call: its arguments, realm and agent.
pub(crate) struct OpCx<'s> {
    pub scope: &'s HandleScope<'s>,
    pub args: FunctionArgs<'s>,
    pub ctx: Local<'s, v8::Context>,
    pub state: Rc<AgentState>,
    pub frame: FrameId,
}

impl<'s> OpCx<'s> {
    pub fn arg(&self, i: usize) -> Local<'s, v8::Value> {
        self.args.get(i)
    }

    pub fn f64(&self, i: usize) -> Result<f64, OpError> {
        self.arg(i).number_value(self.ctx).ok_or(OpError::Thrown)
    }

    pub fn u32(&self, i: usize) -> Result<u32, OpError> {
        let n = self.f64(i)?;
        if n.is_finite() && n >= 0.0 && n <= f64::from(u32::MAX) {
            Ok(n as u32)
        } else {
            Err(OpError::type_error(format!(
                "argument {i} is not an unsigned integer"
            )))
        }
    }

    /// The items of the array in argument `i` (the bindings pass arrays
    /// they made; a read that throws leaves its exception pending).
    pub fn array(&self, i: usize) -> Result<Vec<Local<'s, v8::Value>>, OpError> {
        let array = self
            .arg(i)
            .to_array()
            .ok_or_else(|| OpError::type_error(format!("argument {i} is not an array")))?;
        (0..array.length())
            .map(|k| {
                array
                    .object()
                    .get_index(self.scope, self.ctx, k)
                    .ok_or(OpError::Thrown)
            })
            .collect()
    }

    pub fn node(&self, i: usize) -> Result<NodeId, OpError> {
        let id = self.u32(i).map_err(|e| match e {
            OpError::Thrown => OpError::Thrown,
            _ => OpError::type_error("not a node"),
        })?;
        let node = NodeId(id);
        if (id as usize) < self.state.dom.borrow().len() {
            Ok(node)
        } else {
            Err(OpError::type_error("not a node"))
        }
    }

    /// A node id, or `None` for -1/null/undefined.
    pub fn opt_node(&self, i: usize) -> Result<Option<NodeId>, OpError> {
        let v = self.arg(i);
        if v.is_null_or_undefined() || self.f64(i)? < 0.0 {
            return Ok(None);
        }
        self.node(i).map(Some)
    }

    pub fn str(&self, i: usize) -> Result<String, OpError> {
        self.arg(i)
            .to_rust_string(self.scope, self.ctx)
            .ok_or(OpError::Thrown)
    }

    pub fn opt_str(&self, i: usize) -> Result<Option<String>, OpError> {
        if self.arg(i).is_null_or_undefined() {
            Ok(None)
        } else {
            self.str(i).map(Some)
        }
    }

    pub fn bool(&self, i: usize) -> bool {
        self.arg(i).boolean_value(self.scope)
    }

    pub fn undefined(&self) -> OpResult<'s> {
        Ok(v8::value::undefined(self.scope))
    }

    pub fn null(&self) -> OpResult<'s> {
        Ok(v8::value::null(self.scope))
    }

    /// The value, or null for none (a window or object that may be missing).
    pub fn or_null<T>(&self, v: Option<Local<'s, T>>) -> OpResult<'s>
    where
        Local<'s, T>: Into<Local<'s, v8::Value>>,
    {
        match v {
            Some(v) => Ok(v.into()),
            None => self.null(),
        }
    }

    pub fn num(&self, n: f64) -> OpResult<'s> {
        Ok(v8::value::number(self.scope, n))
    }

    pub fn boolean(&self, b: bool) -> OpResult<'s> {
        Ok(v8::value::boolean(self.scope, b))
    }

    pub fn string(&self, s: &str) -> OpResult<'s> {
        Ok(v8::String::new(self.scope, s).into())
    }

    pub fn opt_string(&self, s: Option<&str>) -> OpResult<'s> {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    /// A node id for JS: its number, or -1 for none.
    pub fn node_id(&self, n: Option<NodeId>) -> OpResult<'s> {
        self.num(n.map_or(-1.0, |n| f64::from(n.0)))
    }

    pub fn node_ids(&self, ids: &[NodeId]) -> OpResult<'s> {
        let values: Vec<Local<v8::Value>> = ids
            .iter()
            .map(|n| v8::value::number(self.scope, f64::from(n.0)))
            .collect();
        Ok(v8::Array::new(self.scope, &values).into())
    }

    pub fn strings(&self, items: &[String]) -> OpResult<'s> {
        let values: Vec<Local<v8::Value>> = items
            .iter()
            .map(|s| v8::String::new(self.scope, s).into())
            .collect();
        Ok(v8::Array::new(self.scope, &values).into())
    }

    pub fn values(&self, items: &[Local<'s, v8::Value>]) -> OpResult<'s> {
        Ok(v8::Array::new(self.scope, items).into())
    }
}

type OpFn = for<'s> fn(&mut OpCx<'s>) -> OpResult<'s>;

fn run_op<'s>(
    scope: &'s HandleScope<'s>,
    args: &FunctionArgs<'s>,
    op: OpFn,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let state = scope.state::<AgentState>()?;
    let frame = super::frame_of_context(scope, ctx)?;
    let mut cx = OpCx {
        scope,
        args: *args,
        ctx,
        state: state.clone(),
        frame,
    };
    let result = op(&mut cx);
    if state.kind == IsolateKind::Tab {
        super::loading::process_mutations(scope, &state);
    }
    match result {
        Ok(v) => Some(v),
        Err(OpError::Throw(e)) => {
            e.throw(scope, &state);
            None
        }
        Err(OpError::Thrown) => None,
    }
}

fn register<F: v8::function::Callback>(
    scope: &HandleScope<'_>,
    template: Local<'_, v8::ObjectTemplate>,
    name: &str,
    f: F,
) {
    let t = v8::FunctionTemplate::new(scope, f, None, 0, false);
    let key = v8::String::internalized(scope, name);
    template.set(
        key.into(),
        t.into(),
        PropertyAttribute::READ_ONLY
            | PropertyAttribute::DONT_ENUM
            | PropertyAttribute::DONT_DELETE,
    );
}

macro_rules! ops_table {
    ($scope:ident, $template:ident, $( $js:literal => $f:path ),* $(,)?) => {
        $( register($scope, $template, $js, |s, a| run_op(s, a, $f)); )*
    };
}

/// Fills the ops template for an agent of `kind`.
pub(crate) fn install(
    scope: &HandleScope<'_>,
    template: Local<'_, v8::ObjectTemplate>,
    kind: IsolateKind,
) {
    ops_table!(scope, template,
        "now" => core::now,
        "timeOrigin" => core::time_origin,
        "setTimer" => core::set_timer,
        "clearTimer" => core::clear_timer,
        "console" => core::console,
        "exceptionPlace" => core::exception_place,
        "recordError" => core::record_error,
        "parseURL" => core::parse_url,
        "setURLPart" => core::set_url_part,
        "encodeUtf8" => core::encode_utf8,
        "decodeUtf8" => core::decode_utf8,
        "btoa" => core::btoa,
        "atob" => core::atob,
        "structuredClone" => core::structured_clone,
        "postMessage" => core::post_message,
        "createChannel" => core::create_channel,
        "portPost" => core::port_post,
        "portStart" => core::port_start,
        "portClose" => core::port_close,
        "origin" => core::origin,
        "crossOriginIsolated" => core::cross_origin_isolated, // issue 10
        "hardwareConcurrency" => core::hardware_concurrency,
        "microtaskCheckpoint" => window::microtask_checkpoint,
        "serializableDOMException" => core::serializable_dom_exception,
        "domExceptionFields" => core::dom_exception_fields,
        "domExceptionCode" => core::dom_exception_code,
        "defineLazyGlobals" => core::define_lazy_globals,
        "importModule" => core::import_module,
        "channelOpen" => agents::channel_open,
        "channelPost" => agents::channel_post,
        "channelClose" => agents::channel_close,
        "realmURL" => agents::realm_url,
        "realmName" => agents::realm_name,
        "testPanic" => agents::test_panic,
    );
    if kind == IsolateKind::Worker {
        ops_table!(scope, template,
            "workerPort" => agents::worker_port,
            "workerClose" => agents::worker_close,
            "importScripts" => agents::import_scripts,
        );
        return;
    }
    ops_table!(scope, template,
        "workerStart" => agents::worker_start,
        "workerTerminate" => agents::worker_terminate,
        "storageCheck" => agents::storage_check,
        "storageLength" => agents::storage_length,
        "storageKey" => agents::storage_key,
        "storageKeys" => agents::storage_keys,
        "storageGet" => agents::storage_get,
        "storageSet" => agents::storage_set,
        "storageRemove" => agents::storage_remove,
        "storageClear" => agents::storage_clear,
    );
    ops_table!(scope, template,
        "nodeKind" => dom::node_kind,
        "nodeType" => dom::node_type,
        "nodeName" => dom::node_name,
        "namespaceURI" => dom::namespace_uri,
        "ownerDocument" => dom::owner_document,
        "root" => dom::root,
        "isConnected" => dom::is_connected,
        "parentNode" => dom::parent_node,
        "firstChild" => dom::first_child,
        "lastChild" => dom::last_child,
        "previousSibling" => dom::previous_sibling,
        "nextSibling" => dom::next_sibling,
        "childNodes" => dom::child_nodes,
        "children" => dom::children,
        "contains" => dom::contains,
        "data" => dom::data,
        "setData" => dom::set_data,
        "textContent" => dom::text_content,
        "setTextContent" => dom::set_text_content,
        "getAttribute" => dom::get_attribute,
        "setAttribute" => dom::set_attribute,
        "removeAttribute" => dom::remove_attribute,
        "hasAttribute" => dom::has_attribute,
        "attributeNames" => dom::attribute_names,
        "appendChild" => dom::append_child,
        "insertBefore" => dom::insert_before,
        "removeChild" => dom::remove_child,
        "replaceChild" => dom::replace_child,
        "remove" => dom::remove,
        "cloneNode" => dom::clone_node,
        "importNode" => dom::import_node,
        "adoptNode" => dom::adopt_node,
        "isEqualNode" => dom::is_equal_node,
        "compareDocumentPosition" => dom::compare_document_position,
        "createElement" => dom::create_element,
        "createElementNS" => dom::create_element_ns,
        "createTextNode" => dom::create_text_node,
        "createComment" => dom::create_comment,
        "createDocumentFragment" => dom::create_document_fragment,
        "createDocument" => dom::create_document,
        "createHTMLDocument" => dom::create_html_document,
        "createDocumentType" => dom::create_document_type,
        "parseHTMLDocument" => dom::parse_html_document,
        "getElementById" => dom::get_element_by_id,
        "querySelector" => dom::query_selector,
        "querySelectorAll" => dom::query_selector_all,
        "matches" => dom::matches,
        "closest" => dom::closest,
        "getElementsByTagName" => dom::get_elements_by_tag_name,
        "getElementsByClassName" => dom::get_elements_by_class_name,
        "innerHTML" => dom::inner_html,
        "setInnerHTML" => dom::set_inner_html,
        "outerHTML" => dom::outer_html,
        "setOuterHTML" => dom::set_outer_html,
        "insertAdjacentHTML" => dom::insert_adjacent_html,
        "documentElement" => dom::document_element,
        "head" => dom::head,
        "body" => dom::body,
        "title" => dom::title,
        "setTitle" => dom::set_title,
        "documentURL" => dom::document_url,
        "documentId" => dom::document_id,
        "documentWindow" => dom::document_window,
        "quirksMode" => dom::quirks_mode,
        "doctypeIds" => dom::doctype_ids,
        "templateContent" => dom::template_content,
        "contentWindow" => dom::content_window,
        "contentDocument" => dom::content_document,
        "documentWrite" => dom::document_write,
        "parent" => window::parent,
        "top" => window::top,
        "opener" => window::opener,
        "clearOpener" => window::clear_opener,
        "frameCount" => window::frame_count,
        "closed" => window::closed,
        "closeWindow" => window::close_window,
        "frameElement" => window::frame_element,
        "setWindowName" => window::set_window_name,
        "navigate" => window::navigate,
        "openWindow" => window::open_window,
        "createLocation" => window::create_location,
        "createWindowProperties" => window::create_window_properties,
        "ancestorOrigins" => window::ancestor_origins,
    );
}
