//! Structured clone's engine half: V8's ValueSerializer and ValueDeserializer,
//! with the host deciding about host objects (ports, DOM nodes) and
//! SharedArrayBuffers through a delegate.

use std::ffi::c_void;
use std::marker::PhantomData;

use super::isolate::RawIsolate;
use super::local::{ArrayBuffer, Context, Local, Object, SharedArrayBuffer, String, Value};
use super::scope::HandleScope;

#[repr(C)]
struct RawSerializer {
    _private: [u8; 0],
}
#[repr(C)]
struct RawDeserializer {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn v8__ValueSerializer__New(isolate: *mut RawIsolate, rust: *mut c_void) -> *mut RawSerializer;
    fn v8__ValueSerializer__Delete(s: *mut RawSerializer);
    fn v8__ValueSerializer__WriteHeader(s: *mut RawSerializer);
    fn v8__ValueSerializer__WriteValue(
        s: *mut RawSerializer,
        c: *const Context,
        v: *const Value,
    ) -> i32;
    fn v8__ValueSerializer__TransferArrayBuffer(
        s: *mut RawSerializer,
        id: u32,
        ab: *const ArrayBuffer,
    );
    fn v8__ValueSerializer__WriteUint32(s: *mut RawSerializer, value: u32);
    fn v8__ValueSerializer__Release(s: *mut RawSerializer, size: *mut usize) -> *mut u8;
    fn v8__ValueDeserializer__New(
        isolate: *mut RawIsolate,
        data: *const u8,
        size: usize,
        rust: *mut c_void,
    ) -> *mut RawDeserializer;
    fn v8__ValueDeserializer__Delete(d: *mut RawDeserializer);
    fn v8__ValueDeserializer__ReadHeader(d: *mut RawDeserializer, c: *const Context) -> i32;
    fn v8__ValueDeserializer__ReadValue(d: *mut RawDeserializer, c: *const Context)
    -> *const Value;
    fn v8__ValueDeserializer__TransferArrayBuffer(
        d: *mut RawDeserializer,
        id: u32,
        ab: *const ArrayBuffer,
    );
    fn v8__ValueDeserializer__ReadUint32(d: *mut RawDeserializer, value: *mut u32) -> i32;
    fn v8__free(p: *mut c_void);
}

/// Lets a host object write its identity into the stream.
pub struct HostObjectWriter {
    raw: *mut RawSerializer,
}

impl HostObjectWriter {
    pub fn write_u32(&mut self, value: u32) {
        // SAFETY: the serializer is alive during the delegate call.
        unsafe { v8__ValueSerializer__WriteUint32(self.raw, value) };
    }
}

/// Reads back what `HostObjectWriter` wrote.
pub struct HostObjectReader {
    raw: *mut RawDeserializer,
}

impl HostObjectReader {
    pub fn read_u32(&mut self) -> Option<u32> {
        let mut value = 0;
        // SAFETY: the deserializer is alive during the delegate call.
        let ok = unsafe { v8__ValueDeserializer__ReadUint32(self.raw, &mut value) };
        (ok != 0).then_some(value)
    }
}

/// The host's side of serialization.
pub trait SerializerDelegate {
    /// V8 met something it cannot clone: throw the host's DataCloneError.
    fn throw_data_clone_error<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        message: Local<'s, String>,
    );
    /// A host object (an object made from an API template with internal
    /// fields): write it, or throw and return false.
    fn write_host_object<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        object: Local<'s, Object>,
        out: &mut HostObjectWriter,
    ) -> bool;
    /// An id for a SharedArrayBuffer, or `None` after throwing.
    fn shared_array_buffer_id<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        sab: Local<'s, SharedArrayBuffer>,
    ) -> Option<u32>;
}

/// The host's side of deserialization.
pub trait DeserializerDelegate {
    fn read_host_object<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        input: &mut HostObjectReader,
    ) -> Option<Local<'s, Object>>;
    fn shared_array_buffer<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        id: u32,
    ) -> Option<Local<'s, SharedArrayBuffer>>;
}

struct SerializerInner<'d> {
    delegate: &'d mut dyn SerializerDelegate,
    raw: *mut RawSerializer,
}

/// `v8::ValueSerializer` with a Rust delegate.
pub struct ValueSerializer<'d> {
    inner: Box<SerializerInner<'d>>,
}

impl<'d> ValueSerializer<'d> {
    pub fn new(
        scope: &HandleScope<'_>,
        delegate: &'d mut dyn SerializerDelegate,
    ) -> ValueSerializer<'d> {
        let mut inner = Box::new(SerializerInner {
            delegate,
            raw: std::ptr::null_mut(),
        });
        let rust: *mut SerializerInner<'d> = &mut *inner;
        // SAFETY: `inner` is boxed (stable address) and outlives the C++
        // serializer, deleted in Drop first.
        inner.raw = unsafe { v8__ValueSerializer__New(scope.isolate_ptr(), rust.cast()) };
        // SAFETY: just made.
        unsafe { v8__ValueSerializer__WriteHeader(inner.raw) };
        ValueSerializer { inner }
    }

    /// Marks `buffer` as transferred under `id` (its bytes do not go into the
    /// stream; the receiver is handed them by the same id).
    pub fn transfer_array_buffer(&mut self, id: u32, buffer: Local<'_, ArrayBuffer>) {
        // SAFETY: the serializer and the handle are alive.
        unsafe { v8__ValueSerializer__TransferArrayBuffer(self.inner.raw, id, buffer.as_ptr()) };
    }

    /// Writes `value`; false if it threw (DataCloneError or a getter's error).
    pub fn write_value(&mut self, context: Local<'_, Context>, value: Local<'_, Value>) -> bool {
        // SAFETY: the serializer and the handles are alive; delegate calls
        // come back to `inner`, which is alive and not otherwise borrowed.
        unsafe {
            v8__ValueSerializer__WriteValue(self.inner.raw, context.as_ptr(), value.as_ptr()) != 0
        }
    }

    /// The bytes written so far.
    pub fn release(self) -> Vec<u8> {
        let mut size = 0;
        // SAFETY: the serializer is alive; the buffer is malloc'ed.
        let ptr = unsafe { v8__ValueSerializer__Release(self.inner.raw, &mut size) };
        if ptr.is_null() {
            return Vec::new();
        }
        // SAFETY: `size` initialised bytes at `ptr`, freed once below.
        let bytes = unsafe { std::slice::from_raw_parts(ptr, size) }.to_vec();
        // SAFETY: allocated by the serializer's realloc (malloc family).
        unsafe { v8__free(ptr.cast()) };
        bytes
    }
}

impl Drop for ValueSerializer<'_> {
    fn drop(&mut self) {
        // SAFETY: made in `new`, deleted once.
        unsafe { v8__ValueSerializer__Delete(self.inner.raw) };
    }
}

struct DeserializerInner<'d> {
    delegate: &'d mut dyn DeserializerDelegate,
    raw: *mut RawDeserializer,
}

/// `v8::ValueDeserializer` with a Rust delegate.
pub struct ValueDeserializer<'d, 'b> {
    inner: Box<DeserializerInner<'d>>,
    _bytes: PhantomData<&'b [u8]>,
}

impl<'d, 'b> ValueDeserializer<'d, 'b> {
    pub fn new(
        scope: &HandleScope<'_>,
        bytes: &'b [u8],
        delegate: &'d mut dyn DeserializerDelegate,
    ) -> ValueDeserializer<'d, 'b> {
        let mut inner = Box::new(DeserializerInner {
            delegate,
            raw: std::ptr::null_mut(),
        });
        let rust: *mut DeserializerInner<'d> = &mut *inner;
        // SAFETY: `bytes` outlive the deserializer ('b); `inner` is boxed
        // and outlives the C++ object, deleted first in Drop.
        inner.raw = unsafe {
            v8__ValueDeserializer__New(
                scope.isolate_ptr(),
                bytes.as_ptr(),
                bytes.len(),
                rust.cast(),
            )
        };
        ValueDeserializer {
            inner,
            _bytes: PhantomData,
        }
    }

    /// Hands over the buffer transferred under `id`.
    pub fn transfer_array_buffer(&mut self, id: u32, buffer: Local<'_, ArrayBuffer>) {
        // SAFETY: the deserializer and the handle are alive.
        unsafe { v8__ValueDeserializer__TransferArrayBuffer(self.inner.raw, id, buffer.as_ptr()) };
    }

    /// Reads the header and the value; `None` if the bytes are bad or it threw.
    pub fn read<'s>(
        &mut self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Value>> {
        // SAFETY: the deserializer and the handles are alive.
        unsafe {
            if v8__ValueDeserializer__ReadHeader(self.inner.raw, context.as_ptr()) == 0 {
                return None;
            }
            Local::from_raw(v8__ValueDeserializer__ReadValue(
                self.inner.raw,
                context.as_ptr(),
            ))
        }
    }
}

impl Drop for ValueDeserializer<'_, '_> {
    fn drop(&mut self) {
        // SAFETY: made in `new`, deleted once.
        unsafe { v8__ValueDeserializer__Delete(self.inner.raw) };
    }
}

// --- delegate trampolines (registered in platform.rs) -----------------------

fn serializer<'a>(rust: *mut c_void) -> &'a mut SerializerInner<'a> {
    // SAFETY: `rust` is the boxed SerializerInner passed at creation; the
    // serializer only calls back during `write_value`, while the box is alive
    // and no Rust reference to it is held elsewhere.
    unsafe { &mut *(rust as *mut SerializerInner<'a>) }
}

fn deserializer<'a>(rust: *mut c_void) -> &'a mut DeserializerInner<'a> {
    // SAFETY: as for `serializer`, during `read`.
    unsafe { &mut *(rust as *mut DeserializerInner<'a>) }
}

pub(crate) extern "C" fn ser_throw_data_clone_error(
    rust: *mut c_void,
    isolate: *mut RawIsolate,
    message: *const String,
) {
    let inner = serializer(rust);
    let scope = HandleScope::borrowed(isolate);
    if let Some(message) = Local::from_raw(message) {
        super::platform::guard(&scope, (), || {
            inner.delegate.throw_data_clone_error(&scope, message)
        });
    }
}

pub(crate) extern "C" fn ser_write_host_object(
    rust: *mut c_void,
    isolate: *mut RawIsolate,
    object: *const Object,
) -> i32 {
    let inner = serializer(rust);
    let scope = HandleScope::borrowed(isolate);
    let Some(object) = Local::from_raw(object) else {
        return 0;
    };
    let mut out = HostObjectWriter { raw: inner.raw };
    let ok = super::platform::guard(&scope, false, || {
        inner.delegate.write_host_object(&scope, object, &mut out)
    });
    i32::from(ok)
}

pub(crate) extern "C" fn ser_get_shared_array_buffer_id(
    rust: *mut c_void,
    isolate: *mut RawIsolate,
    sab: *const SharedArrayBuffer,
    id: *mut u32,
) -> i32 {
    let inner = serializer(rust);
    let scope = HandleScope::borrowed(isolate);
    let Some(sab) = Local::from_raw(sab) else {
        return 0;
    };
    match super::platform::guard(&scope, None, || {
        inner.delegate.shared_array_buffer_id(&scope, sab)
    }) {
        Some(value) => {
            // SAFETY: the glue passes a valid out-pointer.
            unsafe { *id = value };
            1
        }
        None => 0,
    }
}

pub(crate) extern "C" fn de_read_host_object(
    rust: *mut c_void,
    isolate: *mut RawIsolate,
) -> *const Object {
    let inner = deserializer(rust);
    // Borrowed: the object must outlive this call (V8 reads it after).
    let scope = HandleScope::borrowed(isolate);
    let mut input = HostObjectReader { raw: inner.raw };
    super::platform::guard(&scope, None, || {
        inner.delegate.read_host_object(&scope, &mut input)
    })
    .map_or(std::ptr::null(), |o| o.as_ptr())
}

pub(crate) extern "C" fn de_get_shared_array_buffer_from_id(
    rust: *mut c_void,
    isolate: *mut RawIsolate,
    id: u32,
) -> *const SharedArrayBuffer {
    let inner = deserializer(rust);
    let scope = HandleScope::borrowed(isolate);
    super::platform::guard(&scope, None, || {
        inner.delegate.shared_array_buffer(&scope, id)
    })
    .map_or(std::ptr::null(), |o| o.as_ptr())
}
