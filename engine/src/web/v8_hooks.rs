//! What V8 calls into the web layer, set once per process: the
//! cross-origin interceptor and failed-access-check hook
//! (`window_proxy.rs`), promise rejections and the clock (`agent.rs`), the
//! heap limit and the watchdog's interrupts, module loading (`modules.rs`),
//! and `Atomics.wait` (the agent gives its clock group's turn up while it
//! waits).

use std::sync::Once;

use super::{agent, modules, window_proxy};
use crate::runtime::host::{INTERRUPT_TIMEOUT, lock};
use crate::runtime::scheduler::{INTERRUPT_WAITING, INTERRUPT_YIELD};
use crate::v8::{self, HandleScope};

/// Initialises V8 for the process (once).
pub(crate) fn init_v8() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // ISOHOST_V8_FLAGS adds V8 flags, for profiling and debugging
        // (e.g. "--prof --logfile=v8.log").
        let extra = std::env::var("ISOHOST_V8_FLAGS").unwrap_or_default();
        v8::initialize(
            &format!("--stack-size=900 --hash-seed={} {extra}", hash_seed()),
            v8::HostHooks {
                interceptor: window_proxy::intercept,
                failed_access_check: window_proxy::failed_access_check,
                promise_reject: agent::promise_rejected,
                clock_millis: agent::wall_clock_ms,
                near_heap_limit: agent::near_heap_limit,
                interrupt,
                resolve_module: modules::resolve,
                dynamic_import: modules::dynamic_import,
                import_meta: modules::import_meta,
                atomics_wait: agent::atomics_wait,
                access_check: window_proxy::may_access,
            },
        );
    });
}

/// V8's hash seed for this process: random, the same for every isolate.
///
/// The start-up snapshots isohost makes are marked not rehashable (see the
/// glue's `MarkNotRehashable`): isolates made from one keep the seed its
/// tables were hashed with, which lives in the read-only heap all the
/// isolates alive in a process share. When they have all gone, the next
/// isolate makes that heap again, from libnode's snapshot (rehashed with a
/// seed from this flag) or from one of isohost's (with the seed it stores):
/// one seed for the process keeps every blob made in it right whichever
/// made the heap. Without the flag V8 would pick a new one each time.
fn hash_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // RandomState's keys come from the OS's randomness, once per process.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x15_0405);
    // Non-zero (0 means "random per heap" to V8), below 2^63.
    (hasher.finish() >> 1) | 1
}

/// The interrupts script runs on its own thread:
/// - the watchdog's (or the heap limit's) timeout: note where script runs,
///   then stop it; the agent reports it (`AgentState::report_stop`);
/// - inside `Atomics.wait`, once V8 has queued the agent as a waiter: give
///   the clock group's turn up;
/// - the watchdog's time slice: a task that has used one lets the rest of
///   its clock group run.
fn interrupt<'s>(scope: &'s HandleScope<'s>, tag: usize) {
    let Some(state) = scope.state::<agent::AgentState>() else {
        if tag == INTERRUPT_TIMEOUT {
            scope.terminate_execution();
        }
        return;
    };
    match tag {
        INTERRUPT_TIMEOUT => {
            *lock(&state.monitor.stopped_at) = scope.current_position();
            scope.terminate_execution();
        }
        INTERRUPT_WAITING => state.host.scheduler.atomics_waiting(state.id),
        INTERRUPT_YIELD if agent::slice_used() => {
            state.host.scheduler.yield_turn(state.id);
            agent::start_slice();
            agent::slice_used();
        }
        _ => {}
    }
}
