//! Ops of WorkerLocation (HTML): the worker's script URL.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#worker-locations> ("Worker locations")

use super::{OpCx, OpResult};

/// The realm's URL (a worker's script URL).
fn href<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let url = cx.state.frame_url(cx.frame).map(String::from);
    cx.string(url.as_deref().unwrap_or(""))
}

op_list! {
    "workerLocationHref" => href,
}
