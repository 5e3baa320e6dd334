//! Ops of the timers (HTML): a frame's timer ids on the agent's timer heap
//! (`web/timers.rs`), which fires them as tasks.
//!
//! <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#timers> ("Timers")

use super::{OpCx, OpResult};

fn set<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    let delay = cx.f64(1)?;
    let repeat = cx.bool(2);
    cx.state.set_timer(cx.frame, id, delay, repeat);
    cx.undefined()
}

fn clear<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    cx.state.timers.borrow_mut().clear(cx.frame, id);
    cx.undefined()
}

op_list! {
    "timersSet" => set,
    "timersClear" => clear,
}
