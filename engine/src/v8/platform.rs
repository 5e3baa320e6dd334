//! Process-wide V8 start-up and the callbacks V8 makes into the host.

use std::ffi::{CString, c_void};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use super::isolate::RawIsolate;
use super::local::{
    Context, Local, Module, Name, Object, Promise, SharedArrayBuffer, String, Value,
};
use super::scope::HandleScope;

/// Mirrors `InterceptorCall` in the glue.
#[repr(C)]
pub(crate) struct RawInterceptorCall {
    kind: i32,
    indexed: i32,
    name: *const Name,
    index: u32,
    value: *const Value,
    holder: *const Object,
    isolate: *mut RawIsolate,
    data: *const Value,
    intercepted: i32,
    result: *const Value,
}

/// Mirrors `HostCallbacks` in the glue.
#[repr(C)]
pub(crate) struct RawHostCallbacks {
    interceptor: extern "C" fn(*mut RawInterceptorCall),
    failed_access_check: extern "C" fn(*const Object, i32, *const Value),
    promise_reject: extern "C" fn(i32, *const Promise, *const Value),
    clock_millis: extern "C" fn(*mut i32) -> f64,
    pub(crate) ser_throw_data_clone_error:
        extern "C" fn(*mut c_void, *mut RawIsolate, *const String),
    pub(crate) ser_write_host_object:
        extern "C" fn(*mut c_void, *mut RawIsolate, *const Object) -> i32,
    pub(crate) ser_get_shared_array_buffer_id:
        extern "C" fn(*mut c_void, *mut RawIsolate, *const SharedArrayBuffer, *mut u32) -> i32,
    pub(crate) de_read_host_object: extern "C" fn(*mut c_void, *mut RawIsolate) -> *const Object,
    pub(crate) de_get_shared_array_buffer_from_id:
        extern "C" fn(*mut c_void, *mut RawIsolate, u32) -> *const SharedArrayBuffer,
    near_heap_limit: extern "C" fn(*mut c_void, usize, usize) -> usize,
    interrupt: extern "C" fn(*mut RawIsolate, *mut c_void),
    resolve_module: extern "C" fn(*const Context, *const String, *const Module) -> *const Module,
    dynamic_import: extern "C" fn(*const Context, *const Value, *const String) -> *const Promise,
    import_meta: extern "C" fn(*const Context, *const Module, *const Object),
    atomics_wait: extern "C" fn(i32),
    memory_charge: extern "C" fn(usize, *mut *const c_void) -> i32,
    memory_release: extern "C" fn(*mut c_void, usize),
    access_check: extern "C" fn(*const Context, *const Object, *const Context) -> i32,
}

unsafe extern "C" {
    fn v8__Platform__Initialize(flags: *const std::ffi::c_char);
    fn v8__HostCallbacks__Set(callbacks: *const RawHostCallbacks);
    fn v8__V8__GetVersion() -> *const std::ffi::c_char;
}

/// V8's version, e.g. `10.2.154.26-node.28`. Needs no [`initialize`].
pub fn version() -> &'static str {
    // SAFETY: V8 returns a pointer to a static, NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(v8__V8__GetVersion()) };
    text.to_str().unwrap_or("(not UTF-8)")
}

/// Which interceptor V8 called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterceptorKind {
    Get,
    Set,
    Query,
    Delete,
    Enumerate,
    Define,
    Descriptor,
    /// The first read of a lazy data property: make its value.
    Lazy,
}

/// The property an interceptor was called for.
#[derive(Debug, Clone)]
pub enum PropertyKey<'s> {
    Named(Local<'s, Name>),
    Indexed(u32),
    /// Enumeration by a named handler: no single property.
    AllNames,
    /// Enumeration by an indexed handler.
    AllIndices,
}

/// One interceptor call: what V8 asks, and what the host answers.
pub struct Interception<'s> {
    pub kind: InterceptorKind,
    pub key: PropertyKey<'s>,
    /// The value being stored (`Set`).
    pub value: Option<Local<'s, Value>>,
    /// The object the property was looked up on (a global proxy, a Location…).
    pub holder: Local<'s, Object>,
    /// The data given when the template's handler was installed.
    pub data: Option<Local<'s, Value>>,
    /// The host's answer: `Some` means intercepted. For `Get`/`Descriptor`
    /// the value; for `Query` an Integer of attribute bits; for `Enumerate` an
    /// Array of names; for `Set`/`Delete`/`Define` anything (not read).
    pub result: Option<Local<'s, Value>>,
}

/// What an access attempt that failed the access check was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessType {
    Get,
    Set,
    Has,
    Delete,
    Keys,
}

/// V8's `PromiseRejectEvent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseRejectEvent {
    RejectWithNoHandler,
    HandlerAddedAfterReject,
    RejectAfterResolved,
    ResolveAfterResolved,
}

/// Resolves `import … from specifier` in `referrer` (module): the module,
/// or `None` after throwing.
pub type ResolveModuleHook = for<'s> fn(
    &'s HandleScope<'s>,
    Local<'s, Context>,
    Local<'s, String>,
    Local<'s, Module>,
) -> Option<Local<'s, Module>>;

/// `import(specifier)` in the script named `resource_name`: a promise for
/// the module namespace.
pub type DynamicImportHook = for<'s> fn(
    &'s HandleScope<'s>,
    Local<'s, Context>,
    Option<Local<'s, Value>>,
    Local<'s, String>,
) -> Option<Local<'s, Promise>>;

/// The host's answers to V8's questions; plain functions, set once.
#[derive(Clone, Copy)]
pub struct HostHooks {
    /// Serves a property on an object whose template has interceptors (a
    /// global proxy failing its access check, a frame's indexed children).
    pub interceptor: for<'s> fn(&'s HandleScope<'s>, &mut Interception<'s>),
    /// An access the security check refused and no interceptor served: throw.
    pub failed_access_check: for<'s> fn(&'s HandleScope<'s>, Local<'s, Object>, AccessType),
    /// A promise was rejected with no handler, or got one late.
    pub promise_reject: for<'s> fn(
        &'s HandleScope<'s>,
        PromiseRejectEvent,
        Local<'s, Promise>,
        Option<Local<'s, Value>>,
    ),
    /// The wall clock Date uses on this thread, in ms since the epoch; `None`
    /// for the real clock.
    pub clock_millis: fn() -> Option<f64>,
    /// The heap of the isolate watched with `tag` nears `current` bytes:
    /// return the new limit (the host should terminate the script).
    pub near_heap_limit: fn(tag: usize, current: usize, initial: usize) -> usize,
    /// Runs on the isolate's thread, inside running script, after
    /// [`IsolateHandle::request_interrupt`](super::IsolateHandle::request_interrupt).
    pub interrupt: for<'s> fn(&'s HandleScope<'s>, usize),
    /// Resolves `import … from specifier` in `referrer`: the module, or
    /// `None` after throwing.
    pub resolve_module: ResolveModuleHook,
    /// `import(specifier)` in script named `resource_name`: a promise for
    /// the module namespace.
    pub dynamic_import: DynamicImportHook,
    /// Fills `import.meta` for `module`.
    pub import_meta:
        for<'s> fn(&'s HandleScope<'s>, Local<'s, Context>, Local<'s, Module>, Local<'s, Object>),
    /// `Atomics.wait` starts (`true`) or ends (`false`, however it ended)
    /// on this thread; called outside script, which must not run here.
    pub atomics_wait: fn(started: bool),
    /// May script running in the native context `accessing` reach
    /// `accessed`, an access-checked object (a global proxy, a Location)
    /// made by the native context `owner`? Asked when V8 cannot decide: for
    /// a global proxy only when the two security tokens differ. Must not
    /// run script.
    pub access_check: for<'s> fn(
        &'s HandleScope<'s>,
        Local<'s, Context>,
        Local<'s, Object>,
        Local<'s, Context>,
    ) -> bool,
}

static HOOKS: OnceLock<HostHooks> = OnceLock::new();

pub(crate) fn assert_initialized() {
    assert!(
        HOOKS.get().is_some(),
        "v8::initialize must run before isolates are made"
    );
}

/// Initialises V8 once for the process, with `flags` (V8 command-line flags)
/// and the host's hooks. Later calls do nothing; a call made while another
/// thread's first call is still setting V8 up returns once V8 is ready.
pub fn initialize(flags: &str, hooks: HostHooks) {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| initialize_once(flags, hooks));
}

fn initialize_once(flags: &str, hooks: HostHooks) {
    if HOOKS.set(hooks).is_err() {
        return;
    }
    let callbacks = RawHostCallbacks {
        interceptor: interceptor_trampoline,
        failed_access_check: failed_access_check_trampoline,
        promise_reject: promise_reject_trampoline,
        clock_millis: clock_millis_trampoline,
        ser_throw_data_clone_error: super::serializer::ser_throw_data_clone_error,
        ser_write_host_object: super::serializer::ser_write_host_object,
        ser_get_shared_array_buffer_id: super::serializer::ser_get_shared_array_buffer_id,
        de_read_host_object: super::serializer::de_read_host_object,
        de_get_shared_array_buffer_from_id: super::serializer::de_get_shared_array_buffer_from_id,
        near_heap_limit: near_heap_limit_trampoline,
        interrupt: interrupt_trampoline,
        resolve_module: resolve_module_trampoline,
        dynamic_import: dynamic_import_trampoline,
        import_meta: import_meta_trampoline,
        atomics_wait: atomics_wait_trampoline,
        memory_charge: super::allocator::memory_charge,
        memory_release: super::allocator::memory_release,
        access_check: access_check_trampoline,
    };
    let flags = CString::new(flags.replace('\0', "")).unwrap_or_default();
    // SAFETY: called once (guarded by `INIT` and the OnceLock); the glue
    // copies the table.
    unsafe {
        v8__HostCallbacks__Set(&callbacks);
        v8__Platform__Initialize(flags.as_ptr());
    }
}

fn hooks() -> &'static HostHooks {
    HOOKS.get().expect("V8 callbacks before initialisation")
}

/// The text a panic carries (its payload, when it is a string).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> std::string::String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<std::string::String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `f`, turning a panic into a pending JS error instead of unwinding
/// into C++.
pub(crate) fn guard<R>(scope: &HandleScope<'_>, fallback: R, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(panic) => {
            let what = panic_message(panic.as_ref());
            let message = String::new(scope, &format!("internal error: {what}"));
            let error = super::exception::error(scope, message);
            scope.throw_exception(error);
            fallback
        }
    }
}

extern "C" fn interceptor_trampoline(call: *mut RawInterceptorCall) {
    // SAFETY: the glue passes a valid, exclusive pointer for the call's
    // duration; the handles in it live in V8's own scope around the call, and
    // the result is read after we return, so no new scope is opened here.
    let call = unsafe { &mut *call };
    let scope = HandleScope::borrowed(call.isolate);
    let kind = match call.kind {
        0 => InterceptorKind::Get,
        1 => InterceptorKind::Set,
        2 => InterceptorKind::Query,
        3 => InterceptorKind::Delete,
        4 => InterceptorKind::Enumerate,
        5 => InterceptorKind::Define,
        7 => InterceptorKind::Lazy,
        _ => InterceptorKind::Descriptor,
    };
    let key = if kind == InterceptorKind::Enumerate {
        if call.indexed != 0 {
            PropertyKey::AllIndices
        } else {
            PropertyKey::AllNames
        }
    } else if call.indexed != 0 {
        PropertyKey::Indexed(call.index)
    } else {
        match Local::from_raw(call.name) {
            Some(name) => PropertyKey::Named(name),
            None => return,
        }
    };
    let Some(holder) = Local::from_raw(call.holder) else {
        return;
    };
    let mut interception = Interception {
        kind,
        key,
        value: Local::from_raw(call.value),
        holder,
        data: Local::from_raw(call.data),
        result: None,
    };
    guard(&scope, (), || {
        (hooks().interceptor)(&scope, &mut interception)
    });
    if let Some(result) = interception.result {
        call.intercepted = 1;
        call.result = result.as_ptr();
    }
}

extern "C" fn failed_access_check_trampoline(
    target: *const Object,
    access: i32,
    _data: *const Value,
) {
    let Some(target) = Local::<Object>::from_raw(target) else {
        return;
    };
    let scope = HandleScope::current_of(target);
    let access = match access {
        0 => AccessType::Get,
        1 => AccessType::Set,
        2 => AccessType::Has,
        3 => AccessType::Delete,
        _ => AccessType::Keys,
    };
    guard(&scope, (), || {
        (hooks().failed_access_check)(&scope, target, access)
    });
}

extern "C" fn promise_reject_trampoline(event: i32, promise: *const Promise, value: *const Value) {
    let Some(promise) = Local::<Promise>::from_raw(promise) else {
        return;
    };
    let scope = HandleScope::current_of(promise.into());
    let event = match event {
        0 => PromiseRejectEvent::RejectWithNoHandler,
        1 => PromiseRejectEvent::HandlerAddedAfterReject,
        2 => PromiseRejectEvent::RejectAfterResolved,
        _ => PromiseRejectEvent::ResolveAfterResolved,
    };
    guard(&scope, (), || {
        (hooks().promise_reject)(&scope, event, promise, Local::from_raw(value))
    });
}

extern "C" fn clock_millis_trampoline(has_value: *mut i32) -> f64 {
    let now = catch_unwind(|| HOOKS.get().and_then(|h| (h.clock_millis)()))
        .ok()
        .flatten();
    // SAFETY: the glue passes a valid out-pointer.
    unsafe { *has_value = i32::from(now.is_some()) };
    now.unwrap_or(0.0)
}

extern "C" fn atomics_wait_trampoline(event: i32) {
    // V8's AtomicsWaitEvent: 0 is kStartWait; every other is an end.
    let _ = catch_unwind(|| (hooks().atomics_wait)(event == 0));
}

extern "C" fn near_heap_limit_trampoline(
    data: *mut c_void,
    current: usize,
    initial: usize,
) -> usize {
    let tag = data as usize;
    catch_unwind(|| (hooks().near_heap_limit)(tag, current, initial)).unwrap_or(current * 2)
}

extern "C" fn interrupt_trampoline(isolate: *mut RawIsolate, data: *mut c_void) {
    let scope = HandleScope::open(isolate);
    guard(&scope, (), || (hooks().interrupt)(&scope, data as usize));
}

/// The isolate a context belongs to, as a borrowed scope (results of module
/// callbacks are read after they return).
fn scope_of_context<'i>(context: Local<'_, Context>) -> Option<HandleScope<'i>> {
    // SAFETY: a live context handle.
    let global: Local<'_, Object> =
        Local::from_raw(unsafe { super::context::v8__Context__Global(context.as_ptr()) })?;
    Some(HandleScope::current_of(global))
}

extern "C" fn resolve_module_trampoline(
    context: *const Context,
    specifier: *const String,
    referrer: *const Module,
) -> *const Module {
    let (Some(context), Some(specifier), Some(referrer)) = (
        Local::from_raw(context),
        Local::from_raw(specifier),
        Local::from_raw(referrer),
    ) else {
        return std::ptr::null();
    };
    let Some(scope) = scope_of_context(context) else {
        return std::ptr::null();
    };
    guard(&scope, None, || {
        (hooks().resolve_module)(&scope, context, specifier, referrer)
    })
    .map_or(std::ptr::null(), |m| m.as_ptr())
}

extern "C" fn dynamic_import_trampoline(
    context: *const Context,
    resource_name: *const Value,
    specifier: *const String,
) -> *const Promise {
    let (Some(context), Some(specifier)) = (Local::from_raw(context), Local::from_raw(specifier))
    else {
        return std::ptr::null();
    };
    let Some(scope) = scope_of_context(context) else {
        return std::ptr::null();
    };
    let resource_name = Local::from_raw(resource_name);
    guard(&scope, None, || {
        (hooks().dynamic_import)(&scope, context, resource_name, specifier)
    })
    .map_or(std::ptr::null(), |p| p.as_ptr())
}

extern "C" fn import_meta_trampoline(
    context: *const Context,
    module: *const Module,
    meta: *const Object,
) {
    let (Some(context), Some(module), Some(meta)) = (
        Local::from_raw(context),
        Local::from_raw(module),
        Local::from_raw(meta),
    ) else {
        return;
    };
    let Some(scope) = scope_of_context(context) else {
        return;
    };
    guard(&scope, (), || {
        (hooks().import_meta)(&scope, context, module, meta)
    });
}

extern "C" fn access_check_trampoline(
    accessing: *const Context,
    accessed: *const Object,
    owner: *const Context,
) -> i32 {
    let (Some(accessing), Some(accessed), Some(owner)) = (
        Local::from_raw(accessing),
        Local::from_raw(accessed),
        Local::from_raw(owner),
    ) else {
        return 0;
    };
    let scope = HandleScope::current_of(accessed);
    let allowed = catch_unwind(AssertUnwindSafe(|| {
        (hooks().access_check)(&scope, accessing, accessed, owner)
    }))
    .unwrap_or(false);
    i32::from(allowed)
}
