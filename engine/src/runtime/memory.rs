//! Memory outside V8's heap, counted per agent and for the whole host
//! (issue 14): ArrayBuffer backing stores (charged by the process-wide
//! allocator in `v8::allocator` to the agent whose thread allocates, and
//! released when freed, on whatever thread), the DOM arena and its
//! strings, and queued messages with their payloads. V8's own heap has its
//! own limit (`HostOptions::heap_limit_mb`).
//!
//! An account never refuses memory itself (V8 aborts the process on some
//! failed allocations): a charge that takes the agent, or the host, past
//! its cap marks the account *exceeded* and calls its stop hook, and the
//! agent then stops its script, reports "out of memory" where it ran, and
//! closes. Only [`MemoryAccount::may_allocate`] refuses, for a large
//! ArrayBuffer a page asked for after the cap was crossed (or one far past
//! it): V8 answers that with a RangeError, never an abort.
//!
//! Also how many malloc arenas the process keeps ([`limit_malloc_arenas`]):
//! what a tab's thread frees stays in its arena (issue 15).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Below this, an allocation is granted even past the cap (V8 treats a
/// failed small allocation as fatal in places); it is still counted.
const ALWAYS_GRANTED: usize = 64 * 1024;

/// Every agent's external memory, summed, and its cap.
#[derive(Debug)]
pub struct HostMemory {
    used: AtomicUsize,
    cap: usize,
}

impl HostMemory {
    /// A host-wide cap of `cap` bytes.
    pub fn new(cap: usize) -> HostMemory {
        HostMemory {
            used: AtomicUsize::new(0),
            cap,
        }
    }

    /// Bytes charged to every account now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    pub fn cap(&self) -> usize {
        self.cap
    }
}

/// What an agent does when its account is exceeded: stop its script.
pub type StopHook = Box<dyn Fn() + Send + Sync>;

/// One agent's external memory.
pub struct MemoryAccount {
    host: Arc<HostMemory>,
    used: AtomicUsize,
    cap: usize,
    exceeded: AtomicBool,
    /// Which cap was crossed first (true: the host's).
    host_cap: AtomicBool,
    stop: OnceLock<StopHook>,
}

impl std::fmt::Debug for MemoryAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryAccount")
            .field("used", &self.used())
            .field("cap", &self.cap)
            .finish_non_exhaustive()
    }
}

impl MemoryAccount {
    /// An agent's account of at most `cap` bytes, within `host`'s.
    pub fn new(host: Arc<HostMemory>, cap: usize) -> Arc<MemoryAccount> {
        Arc::new(MemoryAccount {
            host,
            used: AtomicUsize::new(0),
            cap,
            exceeded: AtomicBool::new(false),
            host_cap: AtomicBool::new(false),
            stop: OnceLock::new(),
        })
    }

    /// What to call (once) when a charge crosses a cap.
    pub fn on_exceeded(&self, stop: StopHook) {
        let _ = self.stop.set(stop);
    }

    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Whether a new allocation of `bytes` may be made. The one that
    /// crosses the cap is granted (the agent is stopped at its next safe
    /// point, where the page was); refused are large ones after that, and
    /// one that alone would take the agent or host past twice its cap.
    pub fn may_allocate(&self, bytes: usize) -> bool {
        if bytes < ALWAYS_GRANTED {
            return true;
        }
        if self.exceeded.load(Ordering::Relaxed) {
            return false;
        }
        let host_over = self.host.used().saturating_add(bytes) > self.host.cap.saturating_mul(2);
        if host_over || self.used().saturating_add(bytes) > self.cap.saturating_mul(2) {
            self.mark_exceeded(host_over);
            return false;
        }
        true
    }

    /// Counts `bytes` more; false (and the stop hook called, once) when
    /// that crosses the agent's or the host's cap.
    pub fn charge(&self, bytes: usize) -> bool {
        let mine = self.used.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let all = self.host.used.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if mine > self.cap || all > self.host.cap {
            self.mark_exceeded(mine <= self.cap);
            return false;
        }
        true
    }

    /// Counts `bytes` fewer (freed memory).
    pub fn release(&self, bytes: usize) {
        let _ = self
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |u| {
                Some(u.saturating_sub(bytes))
            });
        let _ = self
            .host
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |u| {
                Some(u.saturating_sub(bytes))
            });
    }

    fn mark_exceeded(&self, host_cap: bool) {
        if !self.exceeded.swap(true, Ordering::Relaxed) {
            self.host_cap.store(host_cap, Ordering::Relaxed);
            if let Some(stop) = self.stop.get() {
                stop();
            }
        }
    }

    /// Whether a cap was crossed: `Some(true)` the host's, `Some(false)`
    /// the agent's.
    pub fn exceeded(&self) -> Option<bool> {
        self.exceeded
            .load(Ordering::Relaxed)
            .then(|| self.host_cap.load(Ordering::Relaxed))
    }
}

impl crate::v8::allocator::ExternalMemory for MemoryAccount {
    fn may_allocate(&self, bytes: usize) -> bool {
        MemoryAccount::may_allocate(self, bytes)
    }
    fn charge(&self, bytes: usize) -> bool {
        MemoryAccount::charge(self, bytes)
    }
    fn release(&self, bytes: usize) {
        MemoryAccount::release(self, bytes);
    }
}

/// Bytes charged to an account until dropped (a queued message's payload,
/// say): dropping it, wherever that happens, releases them.
pub struct Charge {
    account: Arc<MemoryAccount>,
    bytes: usize,
}

impl Charge {
    /// Charges `bytes` to `account`; the bool is false when that crossed a
    /// cap (the charge is held all the same: its owner is being stopped).
    pub fn new(account: &Arc<MemoryAccount>, bytes: usize) -> (Charge, bool) {
        let ok = account.charge(bytes);
        (
            Charge {
                account: Arc::clone(account),
                bytes,
            },
            ok,
        )
    }
}

impl Drop for Charge {
    fn drop(&mut self) {
        self.account.release(self.bytes);
    }
}

impl std::fmt::Debug for Charge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Charge({} bytes)", self.bytes)
    }
}

/// Caps the malloc arenas of the process at `arenas`
/// (`HostOptions::malloc_arenas`), once, unless the process's environment
/// set them; 0 leaves malloc alone. Only glibc has arenas to cap.
pub fn limit_malloc_arenas(arenas: usize) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let tunables = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        let Some(arenas) = arena_cap(
            arenas,
            std::env::var_os("MALLOC_ARENA_MAX").is_some(),
            &tunables,
        ) else {
            return;
        };
        crate::v8::allocator::set_malloc_arena_max(arenas);
    });
}

/// The arena cap to set: none when the option is 0 or the environment
/// set one (`MALLOC_ARENA_MAX`, or `glibc.malloc.arena_max` in
/// `GLIBC_TUNABLES`).
fn arena_cap(arenas: usize, env_arena_max: bool, tunables: &str) -> Option<i32> {
    let tuned = tunables
        .split(':')
        .any(|t| t.starts_with("glibc.malloc.arena_max="));
    if arenas == 0 || env_arena_max || tuned {
        return None;
    }
    Some(i32::try_from(arenas).unwrap_or(i32::MAX))
}

/// The most console lines a host keeps; later ones are dropped, and
/// counted (a page logging in a loop must not fill the machine's memory).
pub const CONSOLE_MAX_LINES: usize = 100_000;
/// The most console text a host keeps, in bytes.
pub const CONSOLE_MAX_BYTES: usize = 64 << 20;
/// The most script errors a host keeps.
pub const ERRORS_MAX: usize = 10_000;
/// The most error text a host keeps, in bytes.
pub const ERRORS_MAX_BYTES: usize = 16 << 20;

/// A bounded record of lines (console lines, errors): each with the clock
/// group it came from, and a count of those dropped once it was full.
#[derive(Debug)]
pub struct BoundedLog<T> {
    items: Vec<(u32, T)>,
    bytes: usize,
    dropped: usize,
    max_items: usize,
    max_bytes: usize,
}

impl<T> BoundedLog<T> {
    pub const fn new(max_items: usize, max_bytes: usize) -> BoundedLog<T> {
        BoundedLog {
            items: Vec::new(),
            bytes: 0,
            dropped: 0,
            max_items,
            max_bytes,
        }
    }

    /// Whether an item of `bytes` fits; if not, it is counted as dropped.
    pub fn admit(&mut self, bytes: usize) -> bool {
        let fits =
            self.items.len() < self.max_items && self.bytes.saturating_add(bytes) <= self.max_bytes;
        if !fits {
            self.dropped += 1;
        }
        fits
    }

    /// Keeps `item` (after [`Self::admit`] said it fits).
    pub fn push(&mut self, group: u32, item: T, bytes: usize) {
        self.bytes = self.bytes.saturating_add(bytes);
        self.items.push((group, item));
    }

    pub fn items(&self) -> &[(u32, T)] {
        &self.items
    }

    /// How many items were dropped.
    pub fn dropped(&self) -> usize {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_the_agent_cap_stops_once_and_frees_are_counted() {
        let host = Arc::new(HostMemory::new(1 << 30));
        let account = MemoryAccount::new(Arc::clone(&host), 1000);
        let stops = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&stops);
        account.on_exceeded(Box::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        }));
        assert!(account.charge(600));
        assert!(!account.charge(600));
        assert!(!account.charge(1));
        assert_eq!(stops.load(Ordering::Relaxed), 1);
        assert_eq!(account.exceeded(), Some(false));
        account.release(1201);
        assert_eq!((account.used(), host.used()), (0, 0));
    }

    #[test]
    fn the_host_cap_holds_across_accounts_and_charges_release_on_drop() {
        let host = Arc::new(HostMemory::new(1500));
        let a = MemoryAccount::new(Arc::clone(&host), 1000);
        let b = MemoryAccount::new(Arc::clone(&host), 1000);
        let (held, ok) = Charge::new(&a, 900);
        assert!(ok);
        assert!(!b.charge(900), "the host's cap");
        assert_eq!(b.exceeded(), Some(true));
        assert_eq!(a.exceeded(), None);
        drop(held);
        assert_eq!((a.used(), host.used()), (0, 900));
    }

    #[test]
    fn a_full_log_drops_and_counts() {
        let mut log = BoundedLog::new(2, 10);
        for (i, text) in ["abcd", "efgh", "ij", "k"].into_iter().enumerate() {
            if log.admit(text.len()) {
                log.push(0, (i, text), text.len());
            }
        }
        assert_eq!(log.items().len(), 2);
        assert_eq!(log.dropped(), 2);
        let mut by_bytes = BoundedLog::new(10, 6);
        assert!(by_bytes.admit(4));
        by_bytes.push(0, (), 4);
        assert!(!by_bytes.admit(3), "over the byte cap");
        assert!(by_bytes.admit(2));
    }

    #[test]
    fn the_arena_cap_gives_way_to_the_environment() {
        assert_eq!(arena_cap(2, false, ""), Some(2));
        assert_eq!(arena_cap(0, false, ""), None, "0 leaves malloc alone");
        assert_eq!(arena_cap(2, true, ""), None, "MALLOC_ARENA_MAX");
        assert_eq!(
            arena_cap(
                2,
                false,
                "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=4"
            ),
            None
        );
        assert_eq!(arena_cap(2, false, "glibc.malloc.tcache_count=0"), Some(2));
        assert_eq!(arena_cap(usize::MAX, false, ""), Some(i32::MAX));
    }

    #[test]
    fn large_allocations_are_refused_past_the_cap_small_ones_never() {
        let host = Arc::new(HostMemory::new(1 << 30));
        let account = MemoryAccount::new(host, 1 << 20);
        assert!(account.may_allocate(1 << 20));
        assert!(account.may_allocate(3 << 19), "the crossing one is granted");
        assert!(
            !account.may_allocate(3 << 20),
            "one far past the cap is not"
        );
        assert!(account.may_allocate(100), "small ones are always granted");
        assert!(
            !account.may_allocate(1 << 19),
            "once exceeded, no large one"
        );
    }
}
