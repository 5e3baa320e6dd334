//! `Global<T>`: a handle that outlives handle scopes (`v8::Global`).

use std::marker::PhantomData;
use std::ptr::NonNull;

use super::isolate::RawIsolate;
use super::local::{Data, Local, Value};
use super::scope::HandleScope;

#[repr(C)]
struct RawGlobal {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn v8__Global__New(isolate: *mut RawIsolate, value: *const Value) -> *mut RawGlobal;
    fn v8__Global__Get(global: *mut RawGlobal, isolate: *mut RawIsolate) -> *const Value;
    fn v8__Global__Delete(global: *mut RawGlobal);
    fn v8__Weak__New(isolate: *mut RawIsolate, value: *const Value) -> *mut RawGlobal;
    fn v8__Weak__Get(weak: *mut RawGlobal, isolate: *mut RawIsolate) -> *const Value;
    fn v8__Weak__IsEmpty(weak: *mut RawGlobal) -> i32;
}

/// A strong reference to a V8 object, owned by Rust. It must be dropped on
/// its isolate's thread before the isolate is disposed (the engine keeps all
/// of them in the isolate's embedder state, released first on teardown).
pub struct Global<T> {
    raw: NonNull<RawGlobal>,
    _type: PhantomData<*const T>,
}

impl<T> Global<T> {
    pub fn new<'s>(scope: &HandleScope<'_>, local: Local<'s, T>) -> Global<T>
    where
        Local<'s, T>: Into<Local<'s, Data>>,
    {
        let value: Local<'s, Value> = local.cast_unchecked();
        // SAFETY: a live handle on a live isolate.
        let raw = unsafe { v8__Global__New(scope.isolate_ptr(), value.as_ptr()) };
        Global {
            raw: NonNull::new(raw).expect("Global::New"),
            _type: PhantomData,
        }
    }

    /// A local handle to the same object, in `scope`.
    pub fn open<'s>(&self, scope: &'s HandleScope<'_>) -> Local<'s, T> {
        // SAFETY: the global is alive (owned by self); the isolate is alive.
        let p = unsafe { v8__Global__Get(self.raw.as_ptr(), scope.isolate_ptr()) };
        Local::<Value>::from_raw(p)
            .expect("Global::Get")
            .cast_unchecked()
    }
}

impl<T> Drop for Global<T> {
    fn drop(&mut self) {
        // SAFETY: made by v8__Global__New, deleted once, on the isolate's
        // thread before disposal (see the type's doc).
        unsafe { v8__Global__Delete(self.raw.as_ptr()) };
    }
}

/// A weak reference to a V8 object, owned by Rust (`v8::Global::SetWeak`):
/// it does not keep the object alive, and is empty once V8 has collected
/// it. Unlike a WeakRef, opening it does not keep its target for the rest
/// of the job, so what it names can be collected (and noticed) within one
/// task. Dropped like a [`Global`]: on its isolate's thread, before the
/// isolate is disposed.
pub struct Weak<T> {
    raw: NonNull<RawGlobal>,
    _type: PhantomData<*const T>,
}

impl<T> Weak<T> {
    pub fn new<'s>(scope: &HandleScope<'_>, local: Local<'s, T>) -> Weak<T>
    where
        Local<'s, T>: Into<Local<'s, Data>>,
    {
        let value: Local<'s, Value> = local.cast_unchecked();
        // SAFETY: a live handle on a live isolate.
        let raw = unsafe { v8__Weak__New(scope.isolate_ptr(), value.as_ptr()) };
        Weak {
            raw: NonNull::new(raw).expect("Weak::New"),
            _type: PhantomData,
        }
    }

    /// A local handle to the object, in `scope`; `None` once collected.
    pub fn open<'s>(&self, scope: &'s HandleScope<'_>) -> Option<Local<'s, T>> {
        // SAFETY: the handle is alive (owned by self); the isolate is alive.
        let p = unsafe { v8__Weak__Get(self.raw.as_ptr(), scope.isolate_ptr()) };
        Local::<Value>::from_raw(p).map(|l| l.cast_unchecked())
    }

    /// Whether V8 has collected the object.
    pub fn is_collected(&self) -> bool {
        // SAFETY: the handle is alive (owned by self); reading whether it
        // is empty touches no heap object.
        unsafe { v8__Weak__IsEmpty(self.raw.as_ptr()) != 0 }
    }
}

impl<T> Drop for Weak<T> {
    fn drop(&mut self) {
        // SAFETY: made by v8__Weak__New, deleted once, on the isolate's
        // thread before disposal (see the type's doc).
        unsafe { v8__Global__Delete(self.raw.as_ptr()) };
    }
}
