//! One op call: its arguments in ([`OpCx`]), its value or exception out
//! ([`OpResult`], [`OpError`]), and how an op file's list becomes functions
//! on the ops template ([`OpList`], `op_list!`, [`install`]).

use std::rc::Rc;

use dom_lite::{DomError, NodeId};

use crate::runtime::report::{FrameId, IsolateKind};
use crate::v8::{self, FunctionArgs, HandleScope, Local, PropertyAttribute};
use crate::web::agent::AgentState;
use crate::web::exception::{DomExceptionName, Exception};
use crate::web::realm::Frame;
use crate::web::templates::{OPS_SHARED_WORKER, OPS_TAB, OPS_WORKER};

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

    /// The node a handle argument names (`Dom::handle`: a released node's
    /// handle names nothing, never the next node in its slot).
    pub fn node(&self, i: usize) -> Result<NodeId, OpError> {
        let n = self.f64(i)?;
        // Handles are integers below 2^53 (`Dom::handle`).
        let handle =
            ((0.0..9_007_199_254_740_992.0).contains(&n) && n.fract() == 0.0).then_some(n as u64);
        handle
            .and_then(|h| self.state.dom.borrow().resolve(h))
            .ok_or_else(|| OpError::type_error("not a node"))
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

    /// Argument `i` as a string, in a tendril for the HTML parser (an
    /// ASCII string is written there once, by V8: `Local::to_tendril`).
    pub fn tendril(&self, i: usize) -> Result<tendril::StrTendril, OpError> {
        Ok(self
            .arg(i)
            .to_string(self.scope, self.ctx)
            .ok_or(OpError::Thrown)?
            .to_tendril(self.scope))
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

    /// A node id for JS: its handle, or -1 for none.
    pub fn node_id(&self, n: Option<NodeId>) -> OpResult<'s> {
        let dom = self.state.dom.borrow();
        self.num(n.map_or(-1.0, |n| node_number(&dom, n)))
    }

    /// The wrapper of node `n` that the realm of `frame` (its node
    /// document's) made, or null: one object per node, even for a caller of
    /// another origin made same origin-domain by document.domain, whose
    /// realm keeps wrappers of its own.
    pub fn node_in(&self, frame: FrameId, n: Option<NodeId>) -> OpResult<'s> {
        let Some(n) = n else {
            return self.null();
        };
        let id = v8::value::number(self.scope, node_number(&self.state.dom.borrow(), n));
        let wrapper = crate::web::realm::call_hook(self.scope, &self.state, frame, "wrap", &[id]);
        self.or_null(wrapper)
    }

    pub fn node_ids(&self, ids: &[NodeId]) -> OpResult<'s> {
        let dom = self.state.dom.borrow();
        let values: Vec<Local<v8::Value>> = ids
            .iter()
            .map(|&n| v8::value::number(self.scope, node_number(&dom, n)))
            .collect();
        drop(dom);
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

    /// Reads `frame`'s record; `None` if it is gone.
    pub fn frame_record<R>(&self, frame: FrameId, read: impl FnOnce(&Frame) -> R) -> Option<R> {
        self.state.frames.borrow().get(&frame).map(read)
    }

    /// The calling realm's name: a window's, or a worker's.
    pub fn realm_name(&self) -> String {
        self.frame_record(self.frame, |f| f.name.clone())
            .unwrap_or_default()
    }
}

pub(super) type OpFn = for<'s> fn(&mut OpCx<'s>) -> OpResult<'s>;

pub(super) fn run_op<'s>(
    scope: &'s HandleScope<'s>,
    args: &FunctionArgs<'s>,
    op: OpFn,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let Some(state) = scope.state::<AgentState>() else {
        if crate::web::templates::making_snapshot() {
            // A bindings file called an op outside its `atRealmStart`
            // steps: the snapshot is not made (see templates.rs).
            let e =
                v8::exception::type_error(scope, "an op was called while the snapshot was made");
            scope.throw_exception(e);
        }
        return None;
    };
    let frame = crate::web::frame_of_context(scope, ctx)?;
    let mut cx = OpCx {
        scope,
        args: *args,
        ctx,
        state: state.clone(),
        frame,
    };
    let result = op(&mut cx);
    if state.kind == IsolateKind::Tab {
        super::node::move_adopted_wrappers(scope, &state, frame);
        crate::web::loading::process_mutations(scope, &state);
        // The DOM's growth counts toward the tab's memory cap.
        state.charge_dom();
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

/// Makes one op's function template (once per isolate: see [`serve_op`]).
pub(crate) type OpMaker = for<'s> fn(&'s HandleScope<'s>) -> Local<'s, v8::FunctionTemplate>;

/// The interceptor data of the ops template of an agent of `kind` (beside
/// `templates.rs`'s window and location kinds).
pub(crate) fn ops_data(kind: IsolateKind) -> i32 {
    match kind {
        IsolateKind::Tab => OPS_TAB,
        IsolateKind::Worker => OPS_WORKER,
        IsolateKind::SharedWorker => OPS_SHARED_WORKER,
    }
}

/// The agent kind whose ops object has interceptor data `data`, if any.
pub(crate) fn ops_kind(data: i32) -> Option<IsolateKind> {
    match data {
        OPS_TAB => Some(IsolateKind::Tab),
        OPS_WORKER => Some(IsolateKind::Worker),
        OPS_SHARED_WORKER => Some(IsolateKind::SharedWorker),
        _ => None,
    }
}

/// The prefix of an op's other name (see [`serve_op`]).
const UNWRAPPED: &str = "unwrapped:";

/// The ops `js/node.js` wraps (its `MUTATING_OPS`, the same list): the
/// ops object serves each only as `unwrapped:` + name, the name being its
/// wrapper's. Defining a property the interceptor serves makes V8 read it
/// first (an op made for nothing); read only when wanted, an op pages
/// seldom call is no longer made at start-up, which put its template,
/// call handler, two foreigns and function info in the start-up
/// snapshot's isolate part (every `Isolate::New` reads them) and a
/// function in every realm.
pub(crate) const WRAPPED_OPS: &[&str] = &[
    "nodeSetTextContent",
    "elementSetAttribute",
    "nodeAppendChild",
    "nodeInsertBefore",
    "nodeRemoveChild",
    "elementSetInnerHTML",
    "documentSetTitle",
    "characterDataSetData",
    "elementRemoveAttribute",
    "nodeReplaceChild",
    "childNodeRemove",
    "documentAdoptNode",
    "elementSetOuterHTML",
    "elementInsertAdjacentHTML",
    "documentWrite",
];

/// A read of a name an ops object (null-prototype) lacks: if it is an op
/// of `kind`, its function, made in the ops object's realm (an op acts on
/// the realm it was made in) and kept there as a data property, so that a
/// realm holds only the ops it read (an empty frame a dozen of ~185),
/// each made outside V8's per-context template caches. As lazy data
/// properties of the template, every realm's ops object was a dictionary
/// of all of them (12 KiB). Runs without an agent too, while the start-up
/// snapshot is made. Writable: `js/node.js` puts the DOM-changing ops'
/// wrappers in their place (pages never see the ops object).
pub(crate) fn serve_op<'s>(
    scope: &'s HandleScope<'s>,
    call: &mut v8::Interception<'s>,
    kind: IsolateKind,
) {
    thread_local! {
        /// Defining an op on its ops object: V8 asks the interceptor
        /// about the name again, which must then find nothing.
        static DEFINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DEFINING.get() {
        return;
    }
    let v8::PropertyKey::Named(name) = call.key else {
        return;
    };
    let key: Local<v8::Value> = name.into();
    if key.is_symbol() {
        return;
    }
    let Some(text) = key.to_string_checked() else {
        return;
    };
    let text = text.to_rust(scope);
    // The DOM-changing ops `js/node.js` wraps are served only under their
    // other name, so that defining the wrapper makes no op.
    let (op_name, wrapped) = match text.strip_prefix(UNWRAPPED) {
        Some(name) if WRAPPED_OPS.contains(&name) => (name, true),
        _ if WRAPPED_OPS.contains(&text.as_str()) => return,
        _ => (text.as_str(), false),
    };
    let Some(index) = crate::web::interfaces::op_index(kind, op_name) else {
        return;
    };
    let attributes = PropertyAttribute::DONT_ENUM | PropertyAttribute::DONT_DELETE;
    match call.kind {
        v8::InterceptorKind::Query => {
            call.result = Some(v8::value::integer(scope, attributes.bits()).into());
        }
        v8::InterceptorKind::Get => {
            let Some(ctx) = call.holder.creation_context(scope) else {
                return;
            };
            let Some(make) = crate::web::interfaces::op_maker(index) else {
                return;
            };
            // The isolate's template of the op: a realm then pays a
            // function (and a slot of its template cache) per op it uses,
            // not a template, a SharedFunctionInfo and a function
            // (`Function::New`). Without an agent (the snapshot being
            // made) a template of its own.
            let state = scope.state::<AgentState>();
            let template = match state.as_ref().and_then(|s| s.templates.get()) {
                Some(templates) => templates.op_template(scope, index, make),
                None => {
                    let template = make(scope);
                    template.set_class_name(v8::String::internalized(scope, op_name));
                    template
                }
            };
            let Some(f) = template.get_function(scope, ctx) else {
                return;
            };
            // A wrapped op is read once per realm (its wrapper keeps it):
            // kept on the ops object too, it made that dictionary larger
            // (0.4 KiB a realm).
            if !wrapped {
                DEFINING.set(true);
                // A failure leaves the op to be made again on the next read.
                let _ = call
                    .holder
                    .define_own_property(ctx, name, f.into(), attributes);
                DEFINING.set(false);
            }
            call.result = Some(f.into());
        }
        _ => {}
    }
}

/// An op file's list: the JS names of its ops, and how to put them on an
/// ops template. Made by `op_list!` at the end of each op file.
pub(crate) struct OpList {
    /// The op file's module path (`engine::web::ops::storage`).
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "checked by the registry's tests")
    )]
    pub module: &'static str,
    pub names: &'static [&'static str],
    /// How to make each op's function, in the order of `names`.
    pub makers: &'static [OpMaker],
}

/// Ends an op file: `op_list! { "storageGetItem" => get_item, ... }` makes
/// its `OPS`. Each op gets a V8 function of its own (one trampoline per
/// op, no lookup at call time), made on first use ([`install`]).
macro_rules! op_list {
    ($($js:literal => $f:ident),* $(,)?) => {
        /// This file's ops, by the names the bindings call them.
        pub(crate) const OPS: super::OpList = super::OpList {
            module: module_path!(),
            names: &[$($js),*],
            makers: &[$(|scope| {
                let template = $crate::v8::FunctionTemplate::new(
                    scope,
                    |s, a| super::call::run_op(s, a, $f),
                    None,
                    0,
                    false,
                );
                template.set_class_name($crate::v8::String::internalized(scope, $js));
                template
            }),*],
        };
    };
}

/// An op answering the node id `Dom::$method` gives for the node in
/// argument 0 (or -1 for none).
macro_rules! node_op {
    ($name:ident, $method:ident) => {
        fn $name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
            let id = cx.node(0)?;
            let n = cx.state.dom.borrow().$method(id);
            cx.node_id(n)
        }
    };
}

/// How script names node `id`: its handle (`Dom::handle`, below 2^53, so
/// exact as a number).
pub(crate) fn node_number(dom: &dom_lite::Dom, id: NodeId) -> f64 {
    dom.handle(id) as f64
}
