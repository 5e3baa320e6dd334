//! Ops of structuredClone() (HTML), and the serialization with a transfer
//! list that every postMessage shares.
//!
//! <https://html.spec.whatwg.org/multipage/structured-data.html#structured-cloning> ("structuredClone()")

use super::{OpCx, OpError, OpResult};
use crate::runtime::envelope::SerializedValue;
use crate::v8::{self, Local};
use crate::web::clone::{deserialize, serialize};
use crate::web::exception::DomExceptionName;

/// (buffers, port ids, port objects) from arguments i, i+1, i+2.
#[allow(clippy::type_complexity)]
fn transfer<'s>(
    cx: &OpCx<'s>,
    i: usize,
) -> Result<
    (
        Vec<Local<'s, v8::ArrayBuffer>>,
        Vec<u32>,
        Vec<Local<'s, v8::Value>>,
    ),
    OpError,
> {
    let buffers = cx
        .array(i)?
        .into_iter()
        .filter_map(|b| b.to_array_buffer())
        .collect();
    let ids = cx
        .array(i + 1)?
        .into_iter()
        .map(|v| {
            v.number_value(cx.ctx)
                .map(|n| n as u32)
                .ok_or(OpError::Thrown)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let objects = cx.array(i + 2)?;
    Ok((buffers, ids, objects))
}

/// Serializes argument `value` in this realm with the transfer list in the
/// arguments from `transfer` on (buffers, port ids, port objects).
pub(super) fn serialize_argument(
    cx: &OpCx<'_>,
    value: usize,
    transfer_at: usize,
) -> Result<SerializedValue, OpError> {
    let (buffers, ids, objects) = transfer(cx, transfer_at)?;
    serialize(
        cx.scope,
        &cx.state,
        cx.ctx,
        cx.arg(value),
        &buffers,
        &ids,
        &objects,
    )
    .ok_or(OpError::Thrown)
}

/// structuredClone(value, {transfer}): serialize here, deserialize here.
fn round_trip<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let value = serialize_argument(cx, 0, 1)?;
    match deserialize(cx.scope, &cx.state, cx.ctx, cx.frame, &value) {
        Some((v, _)) => Ok(v),
        None => Err(OpError::dom(
            DomExceptionName::DataCloneError,
            "The value could not be deserialized.",
        )),
    }
}

/// Serializes with the transfer list and drops the result: a port that is
/// no longer entangled posts nothing, but the "message port post message
/// steps" still serialize (detaching what is transferred, throwing what
/// serializing throws).
fn serialize_only<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    serialize_argument(cx, 0, 1)?;
    cx.undefined()
}

op_list! {
    "structuredCloneRoundTrip" => round_trip,
    "structuredCloneSerialize" => serialize_only,
}
