//! What V8 calls into the web layer, set once per process: the
//! cross-origin interceptor and failed-access-check hook
//! (`window_proxy.rs`), promise rejections and the clock (`agent.rs`), the
//! heap limit and the watchdog's interrupt, and module loading
//! (`modules.rs`).

use std::sync::Once;

use super::{agent, modules, window_proxy};
use crate::runtime::host::{INTERRUPT_TIMEOUT, lock};
use crate::v8::{self, HandleScope};

/// Initialises V8 for the process (once).
pub(crate) fn init_v8() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // ISOHOST_V8_FLAGS adds V8 flags, for profiling and debugging
        // (e.g. "--prof --logfile=v8.log").
        let extra = std::env::var("ISOHOST_V8_FLAGS").unwrap_or_default();
        v8::initialize(
            &format!("--stack-size=900 {extra}"),
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
            },
        );
    });
}

/// The watchdog's (or the heap limit's) interrupt: note where script runs,
/// then stop it; the agent reports it (`AgentState::report_stop`).
fn interrupt<'s>(scope: &'s HandleScope<'s>, tag: usize) {
    if tag == INTERRUPT_TIMEOUT {
        if let Some(state) = scope.state::<agent::AgentState>() {
            *lock(&state.monitor.stopped_at) = scope.current_position();
        }
        scope.terminate_execution();
    }
}
