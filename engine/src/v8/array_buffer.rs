//! ArrayBuffers and their backing stores, which may move between isolates.

use std::ffi::c_void;
use std::ptr::NonNull;

use super::isolate::RawIsolate;
use super::local::{ArrayBuffer, ArrayBufferView, Local, SharedArrayBuffer};
use super::scope::HandleScope;

#[repr(C)]
struct RawBackingStore {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn v8__ArrayBuffer__New(isolate: *mut RawIsolate, length: usize) -> *const ArrayBuffer;
    fn v8__ArrayBuffer__ByteLength(ab: *const ArrayBuffer) -> usize;
    fn v8__ArrayBuffer__IsDetachable(ab: *const ArrayBuffer) -> i32;
    fn v8__ArrayBuffer__Detach(ab: *const ArrayBuffer);
    fn v8__ArrayBuffer__WasDetached(ab: *const ArrayBuffer) -> i32;
    fn v8__ArrayBuffer__GetBackingStore(ab: *const ArrayBuffer) -> *mut RawBackingStore;
    fn v8__ArrayBuffer__NewWithBackingStore(
        isolate: *mut RawIsolate,
        store: *mut RawBackingStore,
    ) -> *const ArrayBuffer;
    fn v8__SharedArrayBuffer__GetBackingStore(
        sab: *const SharedArrayBuffer,
    ) -> *mut RawBackingStore;
    fn v8__SharedArrayBuffer__NewWithBackingStore(
        isolate: *mut RawIsolate,
        store: *mut RawBackingStore,
    ) -> *const SharedArrayBuffer;
    fn v8__BackingStore__Data(store: *mut RawBackingStore) -> *mut c_void;
    fn v8__BackingStore__ByteLength(store: *mut RawBackingStore) -> usize;
    fn v8__BackingStore__Delete(store: *mut RawBackingStore);
    fn v8__BackingStore__Clone(store: *mut RawBackingStore) -> *mut RawBackingStore;
    fn v8__ArrayBufferView__Buffer(view: *const ArrayBufferView) -> *const ArrayBuffer;
    fn v8__ArrayBufferView__ByteOffset(view: *const ArrayBufferView) -> usize;
    fn v8__ArrayBufferView__ByteLength(view: *const ArrayBufferView) -> usize;
}

/// A share of an ArrayBuffer's memory (`std::shared_ptr<v8::BackingStore>`).
/// It can cross threads: every isolate uses one process-wide allocator.
pub struct BackingStore {
    raw: NonNull<RawBackingStore>,
}

// SAFETY: a BackingStore is a reference-counted buffer V8 documents as usable
// from any thread (that is how SharedArrayBuffers are shared between workers);
// the shared_ptr's count is atomic.
unsafe impl Send for BackingStore {}
// SAFETY: as above; `&BackingStore` only reads the length or copies bytes.
unsafe impl Sync for BackingStore {}

impl BackingStore {
    fn from_raw(raw: *mut RawBackingStore) -> BackingStore {
        BackingStore {
            raw: NonNull::new(raw).expect("backing store"),
        }
    }

    pub fn byte_length(&self) -> usize {
        // SAFETY: the store is alive while self is.
        unsafe { v8__BackingStore__ByteLength(self.raw.as_ptr()) }
    }

    /// A copy of the bytes (racy for a SharedArrayBuffer, like any read).
    pub fn to_vec(&self) -> Vec<u8> {
        let len = self.byte_length();
        if len == 0 {
            return Vec::new();
        }
        // SAFETY: `len` bytes live at Data() while the store is alive.
        unsafe {
            let data = v8__BackingStore__Data(self.raw.as_ptr()) as *const u8;
            std::slice::from_raw_parts(data, len).to_vec()
        }
    }
}

impl BackingStore {
    /// Appends bytes `offset..offset + len` to `out` (`false`, and nothing
    /// appended, if the range is not inside the store).
    pub fn append_range(&self, offset: usize, len: usize, out: &mut Vec<u8>) -> bool {
        let total = self.byte_length();
        if offset.checked_add(len).is_none_or(|end| end > total) {
            return false;
        }
        if len == 0 {
            return true;
        }
        // SAFETY: the range was checked to lie inside the store's
        // `total` bytes at Data(), alive while self is.
        unsafe {
            let data = v8__BackingStore__Data(self.raw.as_ptr()) as *const u8;
            out.extend_from_slice(std::slice::from_raw_parts(data.add(offset), len));
        }
        true
    }
}

impl Clone for BackingStore {
    /// Another share of the same memory.
    fn clone(&self) -> BackingStore {
        // SAFETY: the store is alive; the glue copies the shared_ptr.
        BackingStore::from_raw(unsafe { v8__BackingStore__Clone(self.raw.as_ptr()) })
    }
}

impl Drop for BackingStore {
    fn drop(&mut self) {
        // SAFETY: made by the glue, deleted once (drops one shared_ptr ref).
        unsafe { v8__BackingStore__Delete(self.raw.as_ptr()) };
    }
}

impl ArrayBuffer {
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s>(scope: &'s HandleScope<'_>, length: usize) -> Option<Local<'s, ArrayBuffer>> {
        // SAFETY: the isolate is alive.
        Local::from_raw(unsafe { v8__ArrayBuffer__New(scope.isolate_ptr(), length) })
    }

    /// A new ArrayBuffer holding a copy of `bytes`.
    pub fn from_bytes<'s>(
        scope: &'s HandleScope<'_>,
        bytes: &[u8],
    ) -> Option<Local<'s, ArrayBuffer>> {
        let buffer = Self::new(scope, bytes.len())?;
        if !bytes.is_empty() {
            let store = buffer.backing_store();
            // SAFETY: the new buffer has exactly `bytes.len()` bytes at
            // Data(), alive while `store` is; nothing else aliases them yet.
            unsafe {
                let data = v8__BackingStore__Data(store.raw.as_ptr()) as *mut u8;
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len());
            }
        }
        Some(buffer)
    }

    /// An ArrayBuffer over `store`'s memory (a transferred buffer arriving).
    pub fn with_backing_store<'s>(
        scope: &'s HandleScope<'_>,
        store: &BackingStore,
    ) -> Local<'s, ArrayBuffer> {
        // SAFETY: the glue copies the shared_ptr; `store` stays valid.
        Local::from_raw(unsafe {
            v8__ArrayBuffer__NewWithBackingStore(scope.isolate_ptr(), store.raw.as_ptr())
        })
        .expect("ArrayBuffer::New")
    }
}

impl<'s> Local<'s, ArrayBuffer> {
    pub fn byte_length(self) -> usize {
        // SAFETY: a live handle.
        unsafe { v8__ArrayBuffer__ByteLength(self.as_ptr()) }
    }

    pub fn is_detachable(self) -> bool {
        // SAFETY: a live handle.
        unsafe { v8__ArrayBuffer__IsDetachable(self.as_ptr()) != 0 }
    }

    pub fn was_detached(self) -> bool {
        // SAFETY: a live handle.
        unsafe { v8__ArrayBuffer__WasDetached(self.as_ptr()) != 0 }
    }

    /// Detaches the buffer: its length becomes 0 here (transfer).
    pub fn detach(self) {
        // SAFETY: a live handle.
        unsafe { v8__ArrayBuffer__Detach(self.as_ptr()) };
    }

    pub fn backing_store(self) -> BackingStore {
        // SAFETY: a live handle.
        BackingStore::from_raw(unsafe { v8__ArrayBuffer__GetBackingStore(self.as_ptr()) })
    }
}

impl SharedArrayBuffer {
    /// A SharedArrayBuffer over `store`'s memory: the same bytes, shared.
    pub fn with_backing_store<'s>(
        scope: &'s HandleScope<'_>,
        store: &BackingStore,
    ) -> Local<'s, SharedArrayBuffer> {
        // SAFETY: the glue copies the shared_ptr; `store` stays valid.
        Local::from_raw(unsafe {
            v8__SharedArrayBuffer__NewWithBackingStore(scope.isolate_ptr(), store.raw.as_ptr())
        })
        .expect("SharedArrayBuffer::New")
    }
}

impl Local<'_, SharedArrayBuffer> {
    pub fn backing_store(self) -> BackingStore {
        // SAFETY: a live handle.
        BackingStore::from_raw(unsafe { v8__SharedArrayBuffer__GetBackingStore(self.as_ptr()) })
    }
}

impl<'s> Local<'s, ArrayBufferView> {
    pub fn buffer(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, ArrayBuffer>> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__ArrayBufferView__Buffer(self.as_ptr()) })
    }

    pub fn byte_offset(self) -> usize {
        // SAFETY: a live handle.
        unsafe { v8__ArrayBufferView__ByteOffset(self.as_ptr()) }
    }

    pub fn byte_length(self) -> usize {
        // SAFETY: a live handle.
        unsafe { v8__ArrayBufferView__ByteLength(self.as_ptr()) }
    }
}
