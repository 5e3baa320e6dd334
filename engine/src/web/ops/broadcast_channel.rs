//! Ops of BroadcastChannel (HTML): subscriptions in the host's registry,
//! messages to every other subscriber of the name and origin.
//!
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts> ("Broadcasting to other browsing contexts")

use super::{OpCx, OpError, OpResult};
use crate::runtime::broadcast::Subscriber;
use crate::runtime::envelope::Envelope;
use crate::web::agent::LocalChannel;
use crate::web::clone::serialize;

/// The key that groups channels: the serialized origin; each opaque origin
/// is its own group.
fn channel_origin(cx: &OpCx<'_>) -> Result<(String, String), OpError> {
    let origin = cx.state.frame_origin(cx.frame).ok_or(OpError::Thrown)?;
    let shown = origin.serialize();
    let key = if origin.is_opaque() {
        format!("opaque:{}:{}", cx.state.id, cx.frame)
    } else {
        shown.clone()
    };
    Ok((key, shown))
}

fn open<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    let (key, _) = channel_origin(cx)?;
    let id = cx.state.host.new_port_id();
    cx.state
        .channels
        .borrow_mut()
        .insert(id, LocalChannel { frame: cx.frame });
    cx.state.host.broadcast.subscribe(
        &key,
        &name,
        Subscriber {
            agent: cx.state.id,
            frame: cx.frame,
            channel: id,
        },
    );
    cx.num(f64::from(id))
}

fn post_message<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    let name = cx.str(1)?;
    let (key, shown) = channel_origin(cx)?;
    let value =
        serialize(cx.scope, &cx.state, cx.ctx, cx.arg(2), &[], &[], &[]).ok_or(OpError::Thrown)?;
    for target in cx
        .state
        .host
        .broadcast
        .targets(&key, &name, (cx.state.id, id))
    {
        cx.state.host.scheduler.post(
            target.agent,
            Envelope::Broadcast {
                channel: target.channel,
                origin: shown.clone(),
                data: value.duplicate(),
            },
        );
    }
    cx.undefined()
}

fn close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    cx.state.channels.borrow_mut().remove(&id);
    cx.state.host.broadcast.unsubscribe(cx.state.id, id);
    cx.undefined()
}

op_list! {
    "broadcastChannelOpen" => open,
    "broadcastChannelPostMessage" => post_message,
    "broadcastChannelClose" => close,
}
