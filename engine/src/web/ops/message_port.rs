//! Ops of MessagePort (HTML): posting to the entangled port, wherever it is
//! held, starting and closing. Delivery is `web/clone.rs`.
//!
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#message-ports> ("Message ports")

use super::{OpCx, OpResult};
use crate::web::clone::post_to_port;

fn post_message<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let port = cx.u32(0)?;
    let value = super::structured_clone::serialize_argument(cx, 1, 2)?;
    post_to_port(&cx.state, port, value);
    cx.undefined()
}

fn start<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let port = cx.u32(0)?;
    if let Some(p) = cx.state.ports.borrow_mut().get_mut(&port) {
        p.started = true;
    }
    crate::web::clone::port_ready(&cx.state, port);
    cx.undefined()
}

/// close(): disentangled, and no longer held here (detached: it cannot be
/// transferred any more, and nothing more is delivered to it).
fn close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let port = cx.u32(0)?;
    cx.state.ports.borrow_mut().remove(&port);
    cx.state.host.ports.close(port);
    cx.undefined()
}

op_list! {
    "messagePortPostMessage" => post_message,
    "messagePortStart" => start,
    "messagePortClose" => close,
}
