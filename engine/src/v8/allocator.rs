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

/// Asks the kernel to back `len` bytes at `addr` with transparent huge
/// pages (`madvise(MADV_HUGEPAGE)`) when they span two at least: memory a
/// parse writes in one sweep (`Dom::on_arena_growth`, and the attribute
/// store's big segments, `Dom::on_attr_store_growth`) then takes one page
/// fault per 2 MiB, not one per 4 KiB, and fewer TLB misses (issue 15).
/// The range is widened to whole pages, so that a block malloc mapped on
/// its own keeps one set of flags: a mapping split in two cannot be
/// `mremap`ped, and realloc would copy the block instead. Where huge
/// pages are off, or elsewhere than Linux, nothing changes.
pub fn advise_huge_pages(addr: usize, len: usize) {
    const PAGE: usize = 4096;
    const HUGE: usize = 2 << 20;
    let start = addr & !(PAGE - 1);
    let end = addr.saturating_add(len).next_multiple_of(PAGE);
    if end - start < 2 * HUGE {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: MADV_HUGEPAGE changes how the kernel backs the range's
    // pages, never their contents; the pages are mapped (they hold the
    // caller's block) and the call fails harmlessly if they are not.
    unsafe {
        libc::madvise(start as *mut c_void, end - start, libc::MADV_HUGEPAGE);
    }
}

/// [`advise_huge_pages`] for a block malloc has just mapped for it, of
/// which malloc alone has written anything (its header, just before
/// `addr`): the huge page holding that header is made one at once
/// (`MADV_COLLAPSE`, Linux 6.1 on). Written before the advice, the header
/// took a 4 KiB page, and every later fault in its 2 MiB then took one
/// too: 511 page faults for the first 2 MiB of each of the attribute
/// store's 6 MiB segments (`Dom::on_attr_store_growth`), which the
/// kernel aligns on a huge page. Where that fails (a kernel before 6.1,
/// a block not at the start of a huge page), nothing changes.
pub fn advise_huge_pages_fresh(addr: usize, len: usize) {
    const PAGE: usize = 4096;
    const HUGE: usize = 2 << 20;
    advise_huge_pages(addr, len);
    // Only a block that starts a huge page (malloc mapped it on its own,
    // aligned): one carved out of malloc's heap shares its first huge
    // page with other blocks, which a collapse would copy.
    let first = addr & !(HUGE - 1);
    if addr - first >= PAGE || first + HUGE > addr.saturating_add(len) {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: MADV_COLLAPSE changes how the kernel backs the range's
    // pages, never their contents; it fails harmlessly where the range is
    // not one anonymous mapping.
    unsafe {
        libc::madvise(first as *mut c_void, HUGE, libc::MADV_COLLAPSE);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The `VmFlags` of the mapping holding `addr` (`proc(5)`).
    fn flags_at(addr: usize) -> String {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((lo, hi)) = range.split_once('-')
                && let (Ok(lo), Ok(hi)) =
                    (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
            {
                inside = (lo..hi).contains(&addr);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return flags.to_string();
            }
        }
        panic!("{addr:#x} is not mapped")
    }

    #[test]
    fn a_big_block_is_advised_whole_and_a_small_one_not_at_all() {
        // A kernel built without transparent huge pages refuses the advice.
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            return;
        }
        let big: Vec<u64> = Vec::with_capacity(1 << 20);
        let small: Vec<u64> = Vec::with_capacity(1 << 20);
        super::advise_huge_pages(big.as_ptr() as usize, 8 << 20);
        super::advise_huge_pages(small.as_ptr() as usize, 3 << 20);
        for offset in [0, 4 << 20, (8 << 20) - 8] {
            let flags = flags_at(big.as_ptr() as usize + offset);
            assert!(flags.split_whitespace().any(|f| f == "hg"), "{flags}");
        }
        let flags = flags_at(small.as_ptr() as usize + (1 << 20));
        assert!(!flags.split_whitespace().any(|f| f == "hg"), "{flags}");
    }
}
