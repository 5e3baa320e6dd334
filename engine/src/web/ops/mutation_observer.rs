//! Ops of MutationObserver (DOM): turning on the DOM's records when a page
//! first observes (until then, changes queue nothing).
//!
//! <https://dom.spec.whatwg.org/#interface-mutationobserver> ("Interface MutationObserver")

use super::{OpCx, OpResult};

fn observe<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.state.dom.borrow_mut().set_observed(true);
    cx.undefined()
}

op_list! {
    "mutationObserverObserve" => observe,
}
