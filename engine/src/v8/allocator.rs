//! ArrayBuffer memory, counted per agent: the glue's process-wide
//! allocator asks here before each backing store is allocated, charges it
//! to the account of the thread that allocates (set with
//! [`set_thread_account`]), and gives it back when the store is freed, on
//! whatever thread that happens (a transferred buffer, a SharedArrayBuffer
//! whose last user is another agent: each is charged once, to the agent
//! that made it).

use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// What the allocator charges.
pub trait ExternalMemory: Send + Sync {
    /// Whether `bytes` more may be allocated now (false: V8 throws a
    /// RangeError where the page asked for them).
    fn may_allocate(&self, bytes: usize) -> bool;
    /// Counts `bytes` more (allocated).
    fn charge(&self, bytes: usize) -> bool;
    /// Counts `bytes` fewer (freed).
    fn release(&self, bytes: usize);
}

/// A thin pointer's worth of account, for the glue's block header.
struct AccountRef(Arc<dyn ExternalMemory>);

thread_local! {
    static ACCOUNT: RefCell<Option<Arc<AccountRef>>> = const { RefCell::new(None) };
}

/// The account this thread's ArrayBuffer allocations are charged to (none:
/// not counted).
pub fn set_thread_account(account: Option<Arc<dyn ExternalMemory>>) {
    let _ = ACCOUNT.try_with(|a| *a.borrow_mut() = account.map(|a| Arc::new(AccountRef(a))));
}

pub(super) extern "C" fn memory_charge(length: usize, account: *mut *const c_void) -> i32 {
    let granted = catch_unwind(AssertUnwindSafe(|| {
        ACCOUNT
            .try_with(|a| match a.borrow().as_ref() {
                None => Some(std::ptr::null()),
                Some(mine) => {
                    if !mine.0.may_allocate(length) {
                        return None;
                    }
                    mine.0.charge(length);
                    Some(Arc::into_raw(Arc::clone(mine)).cast::<c_void>())
                }
            })
            .unwrap_or(Some(std::ptr::null()))
    }));
    match granted {
        Ok(Some(ptr)) => {
            // SAFETY: the glue passes a valid out-pointer.
            unsafe { *account = ptr };
            1
        }
        Ok(None) => 0,
        Err(_) => {
            // SAFETY: as above.
            unsafe { *account = std::ptr::null() };
            1
        }
    }
}

pub(super) extern "C" fn memory_release(account: *mut c_void, length: usize) {
    if account.is_null() {
        return;
    }
    // SAFETY: a pointer made by `Arc::into_raw` in `memory_charge` for this
    // block, which the glue hands back once, when the block is freed.
    let account = unsafe { Arc::from_raw(account.cast_const().cast::<AccountRef>()) };
    let _ = catch_unwind(AssertUnwindSafe(|| account.0.release(length)));
}

/// Caps glibc's malloc arenas of the process at `arenas` (`mallopt`'s
/// `M_ARENA_MAX`); elsewhere it does nothing. The policy (when, and
/// whether the environment has its say) is `runtime::memory`'s.
pub fn set_malloc_arena_max(arenas: i32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt changes a malloc parameter under malloc's own lock;
    // glibc applies the cap when a thread next needs an arena.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = arenas;
}
