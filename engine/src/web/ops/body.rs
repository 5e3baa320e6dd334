//! Ops of the Body mixin (Fetch): UTF-8 encode and decode of whole bodies.
//!
//! <https://fetch.spec.whatwg.org/#body-mixin> ("Body mixin")

use super::{OpCx, OpError, OpResult};
use crate::v8;

/// <https://encoding.spec.whatwg.org/#utf-8-decode> ("UTF-8 decode"): a
/// BOM dropped, invalid bytes replaced.
fn decode_utf8<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let view = cx
        .arg(0)
        .to_array_buffer_view()
        .ok_or_else(|| OpError::type_error("not an ArrayBufferView"))?;
    let buffer = view
        .buffer(cx.scope)
        .ok_or_else(|| OpError::type_error("the view has no buffer"))?;
    let all = buffer.backing_store().to_vec();
    let start = view.byte_offset().min(all.len());
    let end = (start + view.byte_length()).min(all.len());
    let bytes = &all[start..end];
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    cx.string(&String::from_utf8_lossy(bytes))
}

/// <https://encoding.spec.whatwg.org/#utf-8-encode> ("UTF-8 encode") of a
/// USVString (lone surrogates already replaced by V8's conversion).
fn encode_utf8<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    let buffer = v8::ArrayBuffer::from_bytes(cx.scope, s.as_bytes())
        .ok_or_else(|| OpError::range_error("Array buffer allocation failed"))?;
    Ok(buffer.into())
}

op_list! {
    "bodyDecodeUtf8" => decode_utf8,
    "bodyEncodeUtf8" => encode_utf8,
}
