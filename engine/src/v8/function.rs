//! Functions: calling them, and making JS functions out of Rust callbacks.
//!
//! A Rust callback is a plain `fn` item (or a closure that captures nothing):
//! a zero-sized type, so one monomorphised `extern "C"` trampoline per callback
//! can conjure it back without any pointer stored in V8. Per-function data
//! (a frame id, say) travels as the function's `data` value.

use std::marker::PhantomData;

use super::isolate::RawIsolate;
use super::local::{Context, Function, Local, Object, String, Value};
use super::scope::HandleScope;

/// V8's `v8::FunctionCallbackInfo<v8::Value>`.
#[repr(C)]
pub struct RawFunctionCallbackInfo {
    _private: [u8; 0],
}

/// What the glue registers with V8: `void (*)(const FunctionCallbackInfo&)`.
pub type FunctionCallback = extern "C" fn(*const RawFunctionCallbackInfo);

unsafe extern "C" {
    fn v8__Function__New(
        context: *const Context,
        callback: FunctionCallback,
        data: *const Value,
        length: i32,
        constructor: i32,
    ) -> *const Function;
    fn v8__Function__Call(
        f: *const Function,
        c: *const Context,
        recv: *const Value,
        argc: i32,
        argv: *const *const Value,
    ) -> *const Value;
    fn v8__Function__NewInstance(
        f: *const Function,
        c: *const Context,
        argc: i32,
        argv: *const *const Value,
    ) -> *const Object;
    fn v8__Function__SetName(f: *const Function, name: *const String);
    fn v8__FunctionCallbackInfo__Length(info: *const RawFunctionCallbackInfo) -> i32;
    fn v8__FunctionCallbackInfo__Get(info: *const RawFunctionCallbackInfo, i: i32) -> *const Value;
    fn v8__FunctionCallbackInfo__This(info: *const RawFunctionCallbackInfo) -> *const Object;
    fn v8__FunctionCallbackInfo__Data(info: *const RawFunctionCallbackInfo) -> *const Value;
    fn v8__FunctionCallbackInfo__NewTarget(info: *const RawFunctionCallbackInfo) -> *const Value;
    fn v8__FunctionCallbackInfo__IsConstructCall(info: *const RawFunctionCallbackInfo) -> i32;
    fn v8__FunctionCallbackInfo__GetIsolate(
        info: *const RawFunctionCallbackInfo,
    ) -> *mut RawIsolate;
    fn v8__FunctionCallbackInfo__SetReturnValue(
        info: *const RawFunctionCallbackInfo,
        value: *const Value,
    );
}

/// The arguments of a call into a Rust callback.
#[derive(Clone, Copy)]
pub struct FunctionArgs<'s> {
    info: *const RawFunctionCallbackInfo,
    _scope: PhantomData<&'s ()>,
}

impl<'s> FunctionArgs<'s> {
    pub fn len(&self) -> usize {
        // SAFETY: `info` is valid for the duration of the callback ('s).
        unsafe { v8__FunctionCallbackInfo__Length(self.info) }.max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Argument `i`, or `undefined` past the end.
    pub fn get(&self, i: usize) -> Local<'s, Value> {
        let i = i32::try_from(i).unwrap_or(i32::MAX);
        // SAFETY: V8 returns undefined for an index past the end.
        Local::from_raw(unsafe { v8__FunctionCallbackInfo__Get(self.info, i) }).expect("argument")
    }

    /// The receiver (`this`).
    pub fn this(&self) -> Local<'s, Object> {
        // SAFETY: `info` is valid during the callback.
        Local::from_raw(unsafe { v8__FunctionCallbackInfo__This(self.info) }).expect("this")
    }

    /// The `data` the function was made with.
    pub fn data(&self) -> Option<Local<'s, Value>> {
        // SAFETY: `info` is valid during the callback.
        Local::from_raw(unsafe { v8__FunctionCallbackInfo__Data(self.info) })
    }

    /// `new.target` (undefined for a plain call).
    pub fn new_target(&self) -> Local<'s, Value> {
        // SAFETY: `info` is valid during the callback.
        Local::from_raw(unsafe { v8__FunctionCallbackInfo__NewTarget(self.info) })
            .expect("new.target")
    }

    pub fn is_construct_call(&self) -> bool {
        // SAFETY: `info` is valid during the callback.
        unsafe { v8__FunctionCallbackInfo__IsConstructCall(self.info) != 0 }
    }
}

/// A Rust function V8 can call. It returns the call's result (`None`:
/// undefined, or an exception it threw with `scope.throw_exception`).
pub trait Callback:
    for<'s> Fn(&'s HandleScope<'s>, &FunctionArgs<'s>) -> Option<Local<'s, Value>> + Copy + 'static
{
}

impl<F> Callback for F where
    F: for<'s> Fn(&'s HandleScope<'s>, &FunctionArgs<'s>) -> Option<Local<'s, Value>>
        + Copy
        + 'static
{
}

extern "C" fn trampoline<F: Callback>(info: *const RawFunctionCallbackInfo) {
    // SAFETY: F is zero-sized (checked in `to_raw`), so any bit pattern,
    // including none at all, is a valid F.
    let f: F = unsafe { std::mem::zeroed() };
    // SAFETY: V8 passes a valid info for the duration of this call.
    let isolate = unsafe { v8__FunctionCallbackInfo__GetIsolate(info) };
    // V8 calls every function callback inside a handle scope of its own
    // (`HandleApiCall` opens one, and so does the `CallApiCallback` stub
    // of optimized code), closed once the callback has returned and its
    // return value was copied out: the handles made here live until then,
    // as they would in a scope of ours. Opening one more cost each op call
    // about 200 instructions (a scope from the glue's pool, through a
    // thread-local of a shared library) for nothing.
    let scope = HandleScope::borrowed(isolate);
    let args = FunctionArgs {
        info,
        _scope: PhantomData,
    };
    let result = super::platform::guard(&scope, None, || f(&scope, &args));
    if let Some(value) = result {
        // SAFETY: `value` is live in `scope`, which closes after this.
        unsafe { v8__FunctionCallbackInfo__SetReturnValue(info, value.as_ptr()) };
    }
}

/// The C trampoline for a zero-sized Rust callback.
pub(crate) fn to_raw<F: Callback>(_f: F) -> FunctionCallback {
    const {
        assert!(
            std::mem::size_of::<F>() == 0,
            "V8 callbacks must be fn items or closures that capture nothing"
        )
    };
    trampoline::<F>
}

impl Function {
    /// A JS function in `context` that calls `callback`, with `data` for it.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s, F: Callback>(
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        callback: F,
        data: Option<Local<'_, Value>>,
        length: i32,
    ) -> Option<Local<'s, Function>> {
        let data = data.map_or(std::ptr::null(), |d| d.as_ptr());
        // SAFETY: live handles; the trampoline is a valid callback.
        Local::from_raw(unsafe {
            v8__Function__New(context.as_ptr(), to_raw(callback), data, length, 0)
        })
    }
}

impl<'s> Local<'s, Function> {
    /// `f.call(recv, ...args)`; `None` if it threw (or was terminated).
    pub fn call(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        recv: Local<'_, Value>,
        args: &[Local<'_, Value>],
    ) -> Option<Local<'s, Value>> {
        // SAFETY: live handles, laid out as V8's Local<Value> array.
        Local::from_raw(unsafe {
            v8__Function__Call(
                self.as_ptr(),
                context.as_ptr(),
                recv.as_ptr(),
                args.len() as i32,
                super::local::raw_array(args),
            )
        })
    }

    /// `new f(...args)`; `None` if it threw.
    pub fn new_instance(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        args: &[Local<'_, Value>],
    ) -> Option<Local<'s, Object>> {
        // SAFETY: live handles, laid out as V8's Local<Value> array.
        Local::from_raw(unsafe {
            v8__Function__NewInstance(
                self.as_ptr(),
                context.as_ptr(),
                args.len() as i32,
                super::local::raw_array(args),
            )
        })
    }

    pub fn set_name(self, name: Local<'_, String>) {
        // SAFETY: live handles.
        unsafe { v8__Function__SetName(self.as_ptr(), name.as_ptr()) };
    }
}
