//! Ops of TextEncoder (Encoding Standard): UTF-8 bytes of a string.
//!
//! <https://encoding.spec.whatwg.org/#interface-textencoder> ("Interface TextEncoder")

use super::{OpCx, OpError, OpResult};
use crate::v8;

fn encode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    let buffer = v8::ArrayBuffer::from_bytes(cx.scope, s.as_bytes())
        .ok_or_else(|| OpError::range_error("Array buffer allocation failed"))?;
    Ok(buffer.into())
}

op_list! {
    "textEncoderEncode" => encode,
}
