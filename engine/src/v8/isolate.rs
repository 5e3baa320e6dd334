//! `OwnedIsolate`: one V8 heap, used by the one thread that made it.

use std::any::Any;
use std::ffi::c_void;
use std::ptr::NonNull;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// V8's `v8::Isolate`.
#[repr(C)]
pub struct RawIsolate {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn v8__Isolate__New(
        max_old_generation_mb: usize,
        allow_atomics_wait: i32,
        snapshot: *const super::snapshot::RawSnapshot,
    ) -> *mut RawIsolate;
    fn v8__Isolate__Dispose(isolate: *mut RawIsolate);
    fn v8__AddressSpace__Available(bytes: usize) -> i32;
    fn v8__Isolate__Enter(isolate: *mut RawIsolate);
    fn v8__Isolate__Exit(isolate: *mut RawIsolate);
    fn v8__Isolate__SetData(isolate: *mut RawIsolate, slot: u32, data: *mut c_void);
    pub(super) fn v8__Isolate__GetData(isolate: *mut RawIsolate, slot: u32) -> *mut c_void;
    pub(super) fn v8__Isolate__TerminateExecution(isolate: *mut RawIsolate);
    pub(super) fn v8__Isolate__CancelTerminateExecution(isolate: *mut RawIsolate);
    fn v8__Isolate__IsExecutionTerminating(isolate: *mut RawIsolate) -> i32;
    pub(super) fn v8__Isolate__PerformMicrotaskCheckpoint(isolate: *mut RawIsolate);
    fn v8__Isolate__LowMemoryNotification(isolate: *mut RawIsolate);
    fn v8__Isolate__GetHeapStatistics(
        isolate: *mut RawIsolate,
        used: *mut usize,
        total: *mut usize,
        limit: *mut usize,
    );
    fn v8__Isolate__WriteHeapSnapshot(
        isolate: *mut RawIsolate,
        path: *const std::ffi::c_char,
    ) -> i32;
    fn v8__Isolate__AddNearHeapLimitCallback(isolate: *mut RawIsolate, data: *mut c_void);
    fn v8__Platform__PumpMessageLoop(isolate: *mut RawIsolate);
    fn v8__Isolate__RequestInterrupt(isolate: *mut RawIsolate, data: *mut c_void);
    fn v8__Thread__ReleaseUnusedStack() -> usize;
}

pub(super) const STATE_SLOT: u32 = 0;

static ADDRESS_SPACE: Mutex<()> = Mutex::new(());

/// Whether another isolate, with a thread of its own, fits in the process's
/// address space with room to spare (`setrlimit(RLIMIT_AS)`): checked
/// before a worker starts, so that a page starting workers in a loop is
/// refused before the process runs out (where C++ allocations abort).
pub fn room_for_another_isolate() -> bool {
    // The glue's isolate reservation (256 MiB), a thread's stack (16 MiB),
    // and as much again for everything else.
    const ROOM: usize = 544 << 20;
    // SAFETY: maps and unmaps a fresh PROT_NONE region; no memory is used.
    reserving_address_space(|| unsafe { v8__AddressSpace__Available(ROOM) != 0 })
}

/// Runs `f` while no isolate is being made: the glue checks that the
/// address space an isolate reserves is free, then V8 reserves it, and V8
/// ends the process if it finds it gone in between. Whatever else maps
/// much address space at once (a thread's stack) goes through here too.
pub fn reserving_address_space<R>(f: impl FnOnce() -> R) -> R {
    let _guard = ADDRESS_SPACE.lock().unwrap_or_else(|p| p.into_inner());
    f()
}

/// Runs `f` when the process exits (`atexit`): for waiting on threads
/// still disposing of isolates, which must not be inside V8 while its
/// static destructors run. Registered once V8 is in use, so after the
/// destructors of its statics, which therefore run after `f`.
pub fn at_exit(f: extern "C" fn()) -> bool {
    // SAFETY: `atexit` only stores the pointer, called at most once at exit.
    unsafe { libc::atexit(f) == 0 }
}

/// Gives the pages of the calling thread's stack below the running frame
/// (less a margin) back to the system, and returns how many bytes that was:
/// a thread going idle keeps resident only the frames it waits in, not all
/// that isolate creation, page load or deep recursion once touched. The
/// pages come back, zeroed, when the stack grows again.
pub fn release_unused_thread_stack() -> usize {
    // SAFETY: only pages below the caller's frame and a 16 KiB margin are
    // released; nothing lives there (signal handlers run within the margin).
    unsafe { v8__Thread__ReleaseUnusedStack() }
}

/// The embedder's state for one isolate, reachable from every callback.
type State = Rc<dyn Any>;

/// Heap figures of one isolate, in bytes.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct HeapStats {
    pub used: usize,
    pub total: usize,
    pub limit: usize,
}

/// An isolate owned by the current thread, entered for its whole life.
///
/// Teardown order, in `Drop`: the embedder state (and with it every `Global`
/// it holds) is released, the isolate is made unreachable to
/// [`IsolateHandle`]s, then it is exited and disposed.
pub struct OwnedIsolate {
    raw: NonNull<RawIsolate>,
    handle: IsolateHandle,
}

impl OwnedIsolate {
    /// A new isolate entered on this thread. `max_old_generation_mb` caps the
    /// heap (0: V8's default); `allow_atomics_wait` is false for a window's
    /// thread, which must not block (as in browsers).
    ///
    /// Panics (on this thread, which the host catches) when the process has
    /// no address space left for another isolate; [`Self::try_new`] says so
    /// instead.
    pub fn new(max_old_generation_mb: usize, allow_atomics_wait: bool) -> OwnedIsolate {
        match Self::try_new(max_old_generation_mb, allow_atomics_wait) {
            Some(isolate) => isolate,
            None => panic!(
                "cannot make another V8 isolate: the process is out of address space (each reserves about 256 MiB)"
            ),
        }
    }

    /// As [`Self::new`]; `None` when the address space an isolate reserves
    /// cannot be had (V8 itself would end the process).
    pub fn try_new(max_old_generation_mb: usize, allow_atomics_wait: bool) -> Option<OwnedIsolate> {
        Self::try_new_from(max_old_generation_mb, allow_atomics_wait, None)
    }

    /// As [`Self::try_new`], the heap deserialized from `snapshot` if given
    /// (its contexts then come from [`Context::from_snapshot`](super::Context::from_snapshot)).
    pub fn try_new_from(
        max_old_generation_mb: usize,
        allow_atomics_wait: bool,
        snapshot: Option<&'static super::snapshot::StartupSnapshot>,
    ) -> Option<OwnedIsolate> {
        super::platform::assert_initialized();
        let snapshot = snapshot.map_or(std::ptr::null(), |s| s.as_raw());
        // SAFETY: the platform is initialised (checked above); a snapshot is
        // never freed; the glue returns a valid isolate, or null when it
        // could not reserve one.
        let raw = reserving_address_space(|| unsafe {
            v8__Isolate__New(
                max_old_generation_mb,
                i32::from(allow_atomics_wait),
                snapshot,
            )
        });
        let raw = NonNull::new(raw)?;
        // SAFETY: a fresh isolate, entered once here and exited once in Drop.
        unsafe { v8__Isolate__Enter(raw.as_ptr()) };
        Some(OwnedIsolate {
            raw,
            handle: IsolateHandle {
                inner: Arc::new(Mutex::new(Some(IsolatePtr(raw.as_ptr())))),
            },
        })
    }

    pub(crate) fn as_raw(&self) -> *mut RawIsolate {
        self.raw.as_ptr()
    }

    /// A handle other threads may use to stop this isolate's script.
    pub fn thread_safe_handle(&self) -> IsolateHandle {
        self.handle.clone()
    }

    /// Installs the embedder's state, reachable from callbacks through
    /// [`HandleScope::state`](super::HandleScope::state).
    pub fn set_state(&mut self, state: Rc<dyn Any>) {
        self.take_state();
        let boxed: Box<State> = Box::new(state);
        // SAFETY: the slot holds either null or a `Box<State>` leaked here;
        // it is reclaimed in `take_state`.
        unsafe { v8__Isolate__SetData(self.as_raw(), STATE_SLOT, Box::into_raw(boxed).cast()) };
    }

    /// Removes and returns the embedder's state.
    pub fn take_state(&mut self) -> Option<Rc<dyn Any>> {
        // SAFETY: see `set_state`.
        let ptr = unsafe { v8__Isolate__GetData(self.as_raw(), STATE_SLOT) };
        if ptr.is_null() {
            return None;
        }
        // SAFETY: see `set_state`.
        unsafe { v8__Isolate__SetData(self.as_raw(), STATE_SLOT, std::ptr::null_mut()) };
        // SAFETY: a pointer made by `Box::into_raw` in `set_state`, taken once.
        let boxed: Box<State> = unsafe { Box::from_raw(ptr.cast()) };
        Some(*boxed)
    }

    /// Runs the microtask queue (Promise jobs, queueMicrotask) to empty.
    pub fn perform_microtask_checkpoint(&mut self) {
        // SAFETY: the isolate is alive and entered on this thread.
        unsafe { v8__Isolate__PerformMicrotaskCheckpoint(self.as_raw()) };
    }

    /// Runs V8's own pending foreground tasks (GC finalisation and the like).
    pub fn pump_platform_tasks(&mut self) {
        // SAFETY: the isolate is alive and entered on this thread.
        unsafe { v8__Platform__PumpMessageLoop(self.as_raw()) };
    }

    /// Stops a termination requested earlier so that script can run again.
    pub fn cancel_terminate_execution(&mut self) {
        // SAFETY: the isolate is alive.
        unsafe { v8__Isolate__CancelTerminateExecution(self.as_raw()) };
    }

    pub fn is_execution_terminating(&self) -> bool {
        // SAFETY: the isolate is alive.
        unsafe { v8__Isolate__IsExecutionTerminating(self.as_raw()) != 0 }
    }

    /// Heap figures; `collect_first` runs a full GC before measuring.
    pub fn heap_stats(&mut self, collect_first: bool) -> HeapStats {
        let mut stats = HeapStats::default();
        // SAFETY: the isolate is alive and entered; out-pointers are valid.
        unsafe {
            if collect_first {
                v8__Isolate__LowMemoryNotification(self.as_raw());
            }
            v8__Isolate__GetHeapStatistics(
                self.as_raw(),
                &mut stats.used,
                &mut stats.total,
                &mut stats.limit,
            );
        }
        stats
    }

    /// Writes a heap snapshot of this isolate (DevTools' `.heapsnapshot`
    /// JSON) to `path`, for profiling what the heap holds; false if the
    /// file could not be written.
    pub fn write_heap_snapshot(&mut self, path: &std::path::Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let Ok(path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: the isolate is alive and entered on this thread; `path`
        // is a NUL-terminated string that outlives the call.
        unsafe { v8__Isolate__WriteHeapSnapshot(self.as_raw(), path.as_ptr()) != 0 }
    }

    /// Asks V8 to call [`HostHooks::near_heap_limit`](super::HostHooks) when the
    /// heap nears its cap, with `tag` passed back.
    pub fn watch_heap_limit(&mut self, tag: usize) {
        // SAFETY: the isolate is alive; `tag` is an opaque integer, never
        // dereferenced.
        unsafe { v8__Isolate__AddNearHeapLimitCallback(self.as_raw(), tag as *mut c_void) };
    }
}

impl Drop for OwnedIsolate {
    fn drop(&mut self) {
        drop(self.take_state());
        if let Ok(mut guard) = self.handle.inner.lock() {
            *guard = None;
        }
        // SAFETY: entered once in `new`; no handle scope is open because every
        // `HandleScope` borrows this isolate.
        unsafe {
            v8__Isolate__Exit(self.as_raw());
            v8__Isolate__Dispose(self.as_raw());
        }
    }
}

struct IsolatePtr(*mut RawIsolate);
// SAFETY: only used for `TerminateExecution`, which V8 documents as callable
// from any thread, and only while the isolate is alive (guarded by the mutex,
// cleared before disposal).
unsafe impl Send for IsolatePtr {}

/// A thread-safe handle to stop an isolate's running script.
#[derive(Clone)]
pub struct IsolateHandle {
    inner: Arc<Mutex<Option<IsolatePtr>>>,
}

impl IsolateHandle {
    /// Asks the isolate's thread to run [`HostHooks::interrupt`](super::HostHooks)
    /// with `tag` at the next safe point of running script (no effect when no
    /// script runs). Returns false if the isolate is gone.
    pub fn request_interrupt(&self, tag: usize) -> bool {
        match self.inner.lock() {
            Ok(guard) => match guard.as_ref() {
                Some(ptr) => {
                    // SAFETY: alive while in the mutex; RequestInterrupt is
                    // thread-safe; `tag` is an integer, never dereferenced.
                    unsafe { v8__Isolate__RequestInterrupt(ptr.0, tag as *mut c_void) };
                    true
                }
                None => false,
            },
            Err(_) => false,
        }
    }

    /// Stops the script running in the isolate (for example an endless loop),
    /// from any thread. Returns false if the isolate is gone.
    pub fn terminate_execution(&self) -> bool {
        match self.inner.lock() {
            Ok(guard) => match guard.as_ref() {
                Some(ptr) => {
                    // SAFETY: the isolate is alive while the pointer is in the
                    // mutex (see Drop); TerminateExecution is thread-safe.
                    unsafe { v8__Isolate__TerminateExecution(ptr.0) };
                    true
                }
                None => false,
            },
            Err(_) => false,
        }
    }
}
