//! Handle scopes, context scopes and try/catch.

use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;

use super::isolate::{
    OwnedIsolate, RawIsolate, STATE_SLOT, v8__Isolate__CancelTerminateExecution,
    v8__Isolate__GetData, v8__Isolate__PerformMicrotaskCheckpoint, v8__Isolate__TerminateExecution,
};
use super::local::{Context, Local, Message, Object, Value};

#[repr(C)]
struct RawHandleScope {
    _private: [u8; 0],
}
#[repr(C)]
struct RawTryCatch {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn v8__HandleScope__New(isolate: *mut RawIsolate) -> *mut RawHandleScope;
    fn v8__HandleScope__Delete(scope: *mut RawHandleScope);
    fn v8__Isolate__GetCurrentContext(isolate: *mut RawIsolate) -> *const Context;
    fn v8__Isolate__GetEnteredOrMicrotaskContext(isolate: *mut RawIsolate) -> *const Context;
    fn v8__Isolate__GetIncumbentContext(isolate: *mut RawIsolate) -> *const Context;
    fn v8__StackTrace__CurrentTop(
        isolate: *mut RawIsolate,
        name: *mut *const super::local::String,
        line: *mut i32,
        column: *mut i32,
    ) -> i32;
    fn v8__Isolate__CollectGarbageNow(isolate: *mut RawIsolate);
    fn v8__Isolate__ThrowException(
        isolate: *mut RawIsolate,
        exception: *const Value,
    ) -> *const Value;
    fn v8__Object__GetIsolate(object: *const Object) -> *mut RawIsolate;
    fn v8__Context__Enter(context: *const Context);
    fn v8__Context__Exit(context: *const Context);
    fn v8__TryCatch__New(isolate: *mut RawIsolate) -> *mut RawTryCatch;
    fn v8__TryCatch__Delete(tc: *mut RawTryCatch);
    fn v8__TryCatch__HasCaught(tc: *mut RawTryCatch) -> i32;
    fn v8__TryCatch__HasTerminated(tc: *mut RawTryCatch) -> i32;
    fn v8__TryCatch__Exception(tc: *mut RawTryCatch) -> *const Value;
    fn v8__TryCatch__Message(tc: *mut RawTryCatch) -> *const Message;
    fn v8__TryCatch__Reset(tc: *mut RawTryCatch);
    fn v8__TryCatch__ReThrow(tc: *mut RawTryCatch);
    fn v8__TryCatch__SetVerbose(tc: *mut RawTryCatch, verbose: i32);
}

/// A V8 handle scope: every [`Local`] made while it lives is freed with it.
///
/// A root scope borrows the isolate mutably, so there is one at a time;
/// callbacks from V8 get a scope of their own (see the module invariants).
pub struct HandleScope<'i> {
    isolate: *mut RawIsolate,
    raw: *mut RawHandleScope,
    _isolate: PhantomData<&'i mut OwnedIsolate>,
}

impl<'i> HandleScope<'i> {
    /// The root scope of one piece of work on `isolate`.
    pub fn new(isolate: &'i mut OwnedIsolate) -> HandleScope<'i> {
        Self::open(isolate.as_raw())
    }

    /// A fresh scope inside a callback V8 made on `isolate`.
    pub(crate) fn open(isolate: *mut RawIsolate) -> HandleScope<'i> {
        // SAFETY: `isolate` is alive and entered on this thread (it comes from
        // an OwnedIsolate or from V8 calling us on that thread).
        let raw = unsafe { v8__HandleScope__New(isolate) };
        HandleScope {
            isolate,
            raw,
            _isolate: PhantomData,
        }
    }

    /// A view of the scope V8 already has open around a callback whose
    /// results are read after the callback returns (interceptors, the
    /// deserializer's host objects): handles made here outlive the call.
    pub(crate) fn borrowed(isolate: *mut RawIsolate) -> HandleScope<'i> {
        HandleScope {
            isolate,
            raw: std::ptr::null_mut(),
            _isolate: PhantomData,
        }
    }

    /// A borrowed view (see [`Self::borrowed`]) of the isolate `object` lives in.
    pub(crate) fn current_of(object: Local<'_, Object>) -> HandleScope<'i> {
        // SAFETY: a live handle's object belongs to a live isolate.
        let isolate = unsafe { v8__Object__GetIsolate(object.as_ptr()) };
        Self::borrowed(isolate)
    }

    pub(crate) fn isolate_ptr(&self) -> *mut RawIsolate {
        self.isolate
    }

    /// The embedder state installed with [`OwnedIsolate::set_state`], if it is a `T`.
    pub fn state<T: Any>(&self) -> Option<Rc<T>> {
        // SAFETY: slot 0 holds null or a `Box<Rc<dyn Any>>` (see isolate.rs).
        let ptr = unsafe { v8__Isolate__GetData(self.isolate, STATE_SLOT) };
        if ptr.is_null() {
            return None;
        }
        // SAFETY: as above; we only borrow the box, never free it here.
        let state: &Rc<dyn Any> = unsafe { &*(ptr as *const Rc<dyn Any>) };
        Rc::clone(state).downcast::<T>().ok()
    }

    /// The context of the running function (V8's current context), if any.
    pub fn current_context<'s>(&'s self) -> Option<Local<'s, Context>> {
        // SAFETY: the isolate is alive on this thread.
        Local::from_raw(unsafe { v8__Isolate__GetCurrentContext(self.isolate) })
    }

    /// The context of the outermost script entered (the "entry" realm).
    pub fn entered_context<'s>(&'s self) -> Option<Local<'s, Context>> {
        // SAFETY: the isolate is alive on this thread.
        Local::from_raw(unsafe { v8__Isolate__GetEnteredOrMicrotaskContext(self.isolate) })
    }

    /// The context of the script that called into the running function
    /// (the HTML spec's incumbent realm: postMessage's source).
    pub fn incumbent_context<'s>(&'s self) -> Option<Local<'s, Context>> {
        // SAFETY: the isolate is alive on this thread.
        Local::from_raw(unsafe { v8__Isolate__GetIncumbentContext(self.isolate) })
    }

    /// Where script is running now: (script URL, 1-based line, 1-based column).
    pub fn current_position(&self) -> Option<(std::string::String, u32, u32)> {
        let mut name = std::ptr::null();
        let (mut line, mut column) = (0, 0);
        // SAFETY: out-pointers are valid; the isolate is alive on this thread.
        let ok =
            unsafe { v8__StackTrace__CurrentTop(self.isolate, &mut name, &mut line, &mut column) };
        if ok == 0 {
            return None;
        }
        let url = Local::<super::local::String>::from_raw(name)
            .map(|s| s.to_rust(self))
            .unwrap_or_default();
        Some((url, line.max(0) as u32, column.max(0) as u32))
    }

    /// Runs the microtask queue to empty. Call only with no script on the
    /// stack (between tasks), as the HTML spec's microtask checkpoint.
    pub fn perform_microtask_checkpoint(&self) {
        // SAFETY: the isolate is alive and entered on this thread.
        unsafe { v8__Isolate__PerformMicrotaskCheckpoint(self.isolate) };
    }

    /// Collects garbage now (one full collection, as under critical memory
    /// pressure), also with script on the stack: what only weak handles
    /// named is let go, and those handles are empty when it returns; but a
    /// marking cycle under way is finished, not begun again, so what it had
    /// marked before it was let go may live until the next collection.
    pub fn collect_garbage(&self) {
        // SAFETY: the isolate is alive and entered on this thread; V8 may
        // collect at any allocation, so callers hold no raw heap pointers.
        unsafe { v8__Isolate__CollectGarbageNow(self.isolate) };
    }

    /// Throws `exception` in the running script.
    pub fn throw_exception(&self, exception: Local<'_, Value>) {
        // SAFETY: a live handle; the isolate is alive on this thread.
        unsafe { v8__Isolate__ThrowException(self.isolate, exception.as_ptr()) };
    }

    /// Lets script run again after a termination (call with no script on
    /// the stack above the caller's TryCatch).
    pub fn cancel_terminate_execution(&self) {
        // SAFETY: the isolate is alive on this thread.
        unsafe { v8__Isolate__CancelTerminateExecution(self.isolate) };
    }

    /// Stops all script on this isolate (uncatchable), as on a timeout.
    pub fn terminate_execution(&self) {
        // SAFETY: the isolate is alive.
        unsafe { v8__Isolate__TerminateExecution(self.isolate) };
    }
}

impl Drop for HandleScope<'_> {
    fn drop(&mut self) {
        if !self.raw.is_null() {
            // SAFETY: made by v8__HandleScope__New, deleted once; handle
            // scopes close in LIFO order because callbacks' scopes close
            // before the call that made them returns.
            unsafe { v8__HandleScope__Delete(self.raw) };
        }
    }
}

/// Enters a context for its lifetime (`v8::Context::Scope`).
pub struct ContextScope<'s> {
    context: Local<'s, Context>,
}

impl<'s> ContextScope<'s> {
    pub fn new(_scope: &'s HandleScope<'_>, context: Local<'s, Context>) -> ContextScope<'s> {
        // SAFETY: a live context handle; exited in Drop.
        unsafe { v8__Context__Enter(context.as_ptr()) };
        ContextScope { context }
    }
}

impl Drop for ContextScope<'_> {
    fn drop(&mut self) {
        // SAFETY: entered in `new`.
        unsafe { v8__Context__Exit(self.context.as_ptr()) };
    }
}

/// Catches exceptions thrown while it lives (`v8::TryCatch`).
pub struct TryCatch<'s> {
    raw: *mut RawTryCatch,
    _scope: PhantomData<&'s HandleScope<'s>>,
}

impl<'s> TryCatch<'s> {
    pub fn new(scope: &'s HandleScope<'_>) -> TryCatch<'s> {
        // SAFETY: the isolate is alive on this thread; deleted in Drop.
        let raw = unsafe { v8__TryCatch__New(scope.isolate_ptr()) };
        TryCatch {
            raw,
            _scope: PhantomData,
        }
    }

    pub fn has_caught(&self) -> bool {
        // SAFETY: `raw` is alive until Drop.
        unsafe { v8__TryCatch__HasCaught(self.raw) != 0 }
    }

    /// True when script was stopped by `TerminateExecution`.
    pub fn has_terminated(&self) -> bool {
        // SAFETY: `raw` is alive until Drop.
        unsafe { v8__TryCatch__HasTerminated(self.raw) != 0 }
    }

    pub fn exception(&self) -> Option<Local<'s, Value>> {
        // SAFETY: `raw` is alive; the handle lives in the enclosing scope.
        Local::from_raw(unsafe { v8__TryCatch__Exception(self.raw) })
    }

    pub fn message(&self) -> Option<Local<'s, Message>> {
        // SAFETY: `raw` is alive; the handle lives in the enclosing scope.
        Local::from_raw(unsafe { v8__TryCatch__Message(self.raw) })
    }

    pub fn reset(&self) {
        // SAFETY: `raw` is alive until Drop.
        unsafe { v8__TryCatch__Reset(self.raw) };
    }

    /// Lets the caught exception continue to the next handler.
    pub fn rethrow(&self) {
        // SAFETY: `raw` is alive until Drop.
        unsafe { v8__TryCatch__ReThrow(self.raw) };
    }

    pub fn set_verbose(&self, verbose: bool) {
        // SAFETY: `raw` is alive until Drop.
        unsafe { v8__TryCatch__SetVerbose(self.raw, i32::from(verbose)) };
    }
}

impl Drop for TryCatch<'_> {
    fn drop(&mut self) {
        // SAFETY: made in `new`, deleted once.
        unsafe { v8__TryCatch__Delete(self.raw) };
    }
}
