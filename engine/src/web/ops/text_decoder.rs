//! Ops of TextDecoder (Encoding Standard), UTF-8 only.
//!
//! <https://encoding.spec.whatwg.org/#interface-textdecoder> ("Interface TextDecoder")

use super::{OpCx, OpError, OpResult};

fn decode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let buffer = cx
        .arg(0)
        .to_array_buffer()
        .ok_or_else(|| OpError::type_error("not an ArrayBuffer"))?;
    let fatal = cx.bool(1);
    let bytes = buffer.backing_store().to_vec();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => cx.string(s),
        Err(_) if fatal => Err(OpError::type_error(
            "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid.",
        )),
        Err(_) => cx.string(&String::from_utf8_lossy(bytes)),
    }
}

op_list! {
    "textDecoderDecode" => decode,
}
