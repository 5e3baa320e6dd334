//! Ops of the bindings' task queuing (HTML "queue a global task"): a task
//! on the agent's event loop that calls back into the realm that queued it.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#queue-a-global-task> ("queue a global task")

use super::{OpCx, OpResult};
use crate::v8::{self, HandleScope};
use crate::web::realm::{call_hook, handle_failure};

/// Queues task id argument 0 (argument 1 names its task source, for the
/// reader; the agent has one queue) for this realm: the task calls
/// `hooks.runGlobalTask(id)`; a realm gone by then runs nothing.
fn queue<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    let frame = cx.frame;
    // The realm, not just the frame: a navigated frame has a new realm,
    // with ids of its own.
    let realm = cx.frame_record(frame, |f| f.context_id);
    cx.state.queue(move |agent| {
        let state = agent.state.clone();
        if state.frames.borrow().get(&frame).map(|f| f.context_id) != realm {
            return;
        }
        let scope = HandleScope::new(&mut agent.isolate);
        let tc = v8::TryCatch::new(&scope);
        let id = v8::value::number(&scope, f64::from(id));
        if call_hook(&scope, &state, frame, "runGlobalTask", &[id]).is_none() {
            handle_failure(&scope, &state, frame, &tc);
        }
    });
    cx.undefined()
}

op_list! {
    "taskQueuingQueue" => queue,
}
