//! Ops of MessageChannel (HTML): a new pair of entangled ports.
//!
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#message-channels> ("Message channels")

use super::{OpCx, OpResult};
use crate::web::agent::LocalPort;

fn create<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let a = cx.state.host.new_port_id();
    let b = cx.state.host.new_port_id();
    cx.state.host.ports.entangle(a, b, cx.state.id);
    {
        let mut ports = cx.state.ports.borrow_mut();
        ports.insert(a, LocalPort::new(cx.frame));
        ports.insert(b, LocalPort::new(cx.frame));
    }
    let values = [cx.num(f64::from(a))?, cx.num(f64::from(b))?];
    cx.values(&values)
}

op_list! {
    "messageChannelCreate" => create,
}
