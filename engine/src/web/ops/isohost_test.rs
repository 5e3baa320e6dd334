//! Ops of `isohostTest` (not a web interface): fault injection, for tests
//! of crash containment only (`HostOptions::fault_injection`).

use super::{OpCx, OpError, OpResult};

/// isohostTest.panic(): a Rust panic on this agent's thread, outside any
/// V8 callback (in a task), to test crash containment. Only with
/// `HostOptions::fault_injection`.
fn panic<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    if !cx.state.host.options.fault_injection {
        return Err(OpError::type_error("fault injection is off"));
    }
    cx.state
        .queue(|_| panic!("fault injected by isohostTest.panic()"));
    cx.undefined()
}

op_list! {
    "isohostTestPanic" => panic,
}
