//! Start-up snapshots (`v8::SnapshotCreator`): a heap with contexts already
//! set up, written once and deserialized by every isolate made from it, so
//! that a new context costs little more than `Context::New`.
//!
//! The native callbacks that templates and functions made during
//! [`SnapshotBuilder::make`] hold are recorded by the glue as the
//! snapshot's external references; isolates made from the snapshot get the
//! same table. A snapshot lives for the rest of the process.

use std::ptr::NonNull;

use super::isolate::RawIsolate;
use super::local::{Context, Data, Local, UnboundScript, Value};
use super::scope::HandleScope;

#[repr(C)]
struct RawCreator {
    _private: [u8; 0],
}

/// The glue's `HostSnapshot`: the blob and its external references.
#[repr(C)]
pub(super) struct RawSnapshot {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn v8__SnapshotCreator__New() -> *mut RawCreator;
    fn v8__SnapshotCreator__GetIsolate(c: *mut RawCreator) -> *mut RawIsolate;
    fn v8__SnapshotCreator__SetDefaultContext(c: *mut RawCreator, ctx: *const Context);
    fn v8__SnapshotCreator__AddContext(c: *mut RawCreator, ctx: *const Context) -> usize;
    fn v8__SnapshotCreator__AddContextData(
        c: *mut RawCreator,
        ctx: *const Context,
        data: *const Data,
    ) -> usize;
    fn v8__SnapshotCreator__AddIsolateData(c: *mut RawCreator, data: *const Data) -> usize;
    fn v8__SnapshotCreator__CreateBlob(c: *mut RawCreator, write: i32) -> *mut RawSnapshot;
    fn v8__HostSnapshot__Size(s: *const RawSnapshot) -> usize;
    fn v8__SnapshotCreator__AddIsolateScript(
        c: *mut RawCreator,
        script: *const UnboundScript,
    ) -> usize;
    fn v8__Isolate__GetScriptFromSnapshotOnce(
        isolate: *mut RawIsolate,
        index: usize,
    ) -> *const UnboundScript;
    fn v8__Context__FromSnapshot(
        isolate: *mut RawIsolate,
        index: usize,
        global_object: *const Value,
    ) -> *const Context;
    fn v8__Context__GetDataFromSnapshotOnce(c: *const Context, index: usize) -> *const Data;
    fn v8__Isolate__GetDataFromSnapshotOnce(isolate: *mut RawIsolate, index: usize) -> *const Data;
}

/// A start-up snapshot made in this process, kept until it ends.
pub struct StartupSnapshot {
    raw: NonNull<RawSnapshot>,
}

// SAFETY: the blob and its reference table are immutable once made and
// never freed; V8 only reads them, from any thread making an isolate.
unsafe impl Send for StartupSnapshot {}
// SAFETY: as above.
unsafe impl Sync for StartupSnapshot {}

impl StartupSnapshot {
    pub(super) fn as_raw(&self) -> *const RawSnapshot {
        self.raw.as_ptr()
    }

    /// The blob's size in bytes.
    pub fn size(&self) -> usize {
        // SAFETY: a snapshot the glue made, never freed.
        unsafe { v8__HostSnapshot__Size(self.raw.as_ptr()) }
    }
}

/// What a snapshot is being made of: its contexts and data.
pub struct SnapshotBuilder {
    raw: NonNull<RawCreator>,
}

impl SnapshotBuilder {
    /// Makes a snapshot: `f` sets up contexts in the creator's isolate (no
    /// embedder state there) with the scope it is given, and adds them and
    /// their data; it must keep no [`Global`](super::Global) (V8 refuses to
    /// write a heap that has one) and returns whether the snapshot is good.
    /// `None` if `f` said no or V8 made no blob.
    pub fn make(
        f: impl FnOnce(&HandleScope<'_>, &SnapshotBuilder) -> bool,
    ) -> Option<StartupSnapshot> {
        super::platform::assert_initialized();
        // SAFETY: the platform is initialised; the creator makes and enters
        // an isolate of its own on this thread.
        let raw = NonNull::new(unsafe { v8__SnapshotCreator__New() })?;
        let builder = SnapshotBuilder { raw };
        // SAFETY: the creator's isolate lives until CreateBlob below.
        let isolate = unsafe { v8__SnapshotCreator__GetIsolate(raw.as_ptr()) };
        let good = {
            let scope = HandleScope::open(isolate);
            f(&scope, &builder)
        };
        // SAFETY: every handle scope on the creator's isolate is closed; the
        // creator is freed here, once.
        let snapshot = unsafe { v8__SnapshotCreator__CreateBlob(raw.as_ptr(), i32::from(good)) };
        NonNull::new(snapshot).map(|raw| StartupSnapshot { raw })
    }

    /// The context isolates made from the snapshot get from `Context::New`.
    pub fn set_default_context(&self, ctx: Local<'_, Context>) {
        // SAFETY: a live context of the creator's isolate.
        unsafe { v8__SnapshotCreator__SetDefaultContext(self.raw.as_ptr(), ctx.as_ptr()) };
    }

    /// Adds `ctx`; returns its index for [`Context::from_snapshot`].
    pub fn add_context(&self, ctx: Local<'_, Context>) -> usize {
        // SAFETY: a live context of the creator's isolate.
        unsafe { v8__SnapshotCreator__AddContext(self.raw.as_ptr(), ctx.as_ptr()) }
    }

    /// Keeps `data` with `ctx`; returns its index for
    /// [`Local::<Context>::data_from_snapshot`].
    pub fn add_context_data<'s>(
        &self,
        ctx: Local<'s, Context>,
        data: impl Into<Local<'s, Data>>,
    ) -> usize {
        let data = data.into();
        // SAFETY: live handles of the creator's isolate.
        unsafe {
            v8__SnapshotCreator__AddContextData(self.raw.as_ptr(), ctx.as_ptr(), data.as_ptr())
        }
    }

    /// Keeps `data` with the isolate; returns its index for
    /// [`isolate_data_from_snapshot`].
    pub fn add_isolate_data<'s>(&self, data: impl Into<Local<'s, Data>>) -> usize {
        let data = data.into();
        // SAFETY: a live handle of the creator's isolate.
        unsafe { v8__SnapshotCreator__AddIsolateData(self.raw.as_ptr(), data.as_ptr()) }
    }
}

impl SnapshotBuilder {
    /// Keeps `script` with the isolate (for a code cache of it made in an
    /// isolate made from the snapshot, with what that isolate compiled);
    /// returns its index for [`isolate_script_from_snapshot`].
    pub fn add_isolate_script(&self, script: Local<'_, UnboundScript>) -> usize {
        // SAFETY: a live handle of the creator's isolate.
        unsafe { v8__SnapshotCreator__AddIsolateScript(self.raw.as_ptr(), script.as_ptr()) }
    }
}

/// The script [`SnapshotBuilder::add_isolate_script`] kept as number
/// `index`; `None` if already taken or absent. Given once per isolate.
pub fn isolate_script_from_snapshot<'s>(
    scope: &'s HandleScope<'_>,
    index: usize,
) -> Option<Local<'s, UnboundScript>> {
    // SAFETY: the isolate is alive; V8 returns null for a missing index. The
    // caller's contract, as in V8: `index` was added as a script.
    Local::from_raw(unsafe { v8__Isolate__GetScriptFromSnapshotOnce(scope.isolate_ptr(), index) })
}

/// Data of a kind that [`SnapshotBuilder`] keeps and gives back.
pub trait SnapshotData: Sized {}
impl SnapshotData for super::local::FunctionTemplate {}
impl SnapshotData for super::local::ObjectTemplate {}
impl SnapshotData for super::local::Function {}

/// The isolate's data number `index` from its snapshot, as `T` (the type it
/// was added as: the caller's contract, as in V8); `None` if already taken
/// or absent. Given once per isolate.
pub fn isolate_data_from_snapshot<'s, T: SnapshotData>(
    scope: &'s HandleScope<'_>,
    index: usize,
) -> Option<Local<'s, T>> {
    // SAFETY: the isolate is alive; V8 returns null for a missing index.
    let data = unsafe { v8__Isolate__GetDataFromSnapshotOnce(scope.isolate_ptr(), index) };
    Local::from_raw(data).map(Local::cast_unchecked)
}

impl Context {
    /// Context number `index` of the isolate's snapshot, a realm already set
    /// up; `reuse_global` as in [`Context::new`]. `None` if the isolate was
    /// not made from a snapshot with such a context.
    pub fn from_snapshot<'s>(
        scope: &'s HandleScope<'_>,
        index: usize,
        reuse_global: Option<Local<'_, super::local::Object>>,
    ) -> Option<Local<'s, Context>> {
        let g = reuse_global.map_or(std::ptr::null(), |g| g.as_ptr().cast::<Value>());
        // SAFETY: the isolate is alive; the glue checks nothing about the
        // index, V8 returns an empty handle for one out of range.
        Local::from_raw(unsafe { v8__Context__FromSnapshot(scope.isolate_ptr(), index, g) })
    }
}

impl<'s> Local<'s, Context> {
    /// The context's data number `index` from the snapshot, as `T` (as
    /// added); given once per context.
    pub fn data_from_snapshot<T: SnapshotData>(
        self,
        _scope: &'s HandleScope<'_>,
        index: usize,
    ) -> Option<Local<'s, T>> {
        // SAFETY: a live context; V8 returns null for a missing index.
        let data = unsafe { v8__Context__GetDataFromSnapshotOnce(self.as_ptr(), index) };
        Local::from_raw(data).map(Local::cast_unchecked)
    }
}
