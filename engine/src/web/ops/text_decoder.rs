//! Ops of TextDecoder (Encoding Standard): every encoding of the standard,
//! by `encoding_rs`.
//!
//! <https://encoding.spec.whatwg.org/#interface-textdecoder> ("Interface TextDecoder")

use encoding_rs::{CoderResult, Decoder, DecoderResult, Encoding, REPLACEMENT};

use super::{OpCx, OpError, OpResult};

/// The decoders of an agent's TextDecoders in the middle of a stream, by
/// the number `open` gave them.
#[derive(Default)]
pub(crate) struct StreamingDecoders {
    next: u32,
    decoders: std::collections::HashMap<u32, Decoder>,
}

/// <https://encoding.spec.whatwg.org/#concept-encoding-get> ("get an
/// encoding") of label argument 0: the encoding's name, lowercased, or null
/// for failure and for replacement.
fn encoding<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let label = cx.str(0)?;
    match Encoding::for_label(label.as_bytes()) {
        Some(e) if e != REPLACEMENT => cx.string(&e.name().to_ascii_lowercase()),
        _ => cx.null(),
    }
}

/// A number for a new stream's decoder.
fn open<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let mut d = cx.state.text_decoders.borrow_mut();
    d.next = d.next.checked_add(1).unwrap_or(1);
    let id = d.next;
    drop(d);
    cx.num(f64::from(id))
}

/// A TextDecoder was collected: its stream's decoder goes.
fn release<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    cx.state.text_decoders.borrow_mut().decoders.remove(&id);
    cx.undefined()
}

/// <https://encoding.spec.whatwg.org/#dom-textdecoder-decode> ("decode(input, options)"):
/// arguments (stream number or 0, encoding name, ArrayBuffer, fatal,
/// ignoreBOM, stream). The stream's decoder is made on its first call and
/// dropped by the call that flushes (stream false) or fails.
fn decode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    let name = cx.str(1)?;
    let buffer = cx
        .arg(2)
        .to_array_buffer()
        .ok_or_else(|| OpError::type_error("not an ArrayBuffer"))?;
    let fatal = cx.bool(3);
    let ignore_bom = cx.bool(4);
    let stream = cx.bool(5);
    let bytes = buffer.backing_store().to_vec();
    let encoding = Encoding::for_label(name.as_bytes())
        .ok_or_else(|| OpError::type_error(format!("no encoding '{name}'")))?;
    let new_decoder = || {
        if ignore_bom {
            encoding.new_decoder_without_bom_handling()
        } else {
            // Strips the BOM of UTF-8, UTF-16LE and UTF-16BE only, each its
            // own, as "decode(input, options)" step 4 does.
            encoding.new_decoder_with_bom_removal()
        }
    };
    let mut decoder = match id {
        0 => new_decoder(),
        id => cx
            .state
            .text_decoders
            .borrow_mut()
            .decoders
            .remove(&id)
            .unwrap_or_else(new_decoder),
    };
    let text = decode_with(&mut decoder, &bytes, fatal, !stream);
    if stream && id != 0 && text.is_ok() {
        cx.state
            .text_decoders
            .borrow_mut()
            .decoders
            .insert(id, decoder);
    }
    match text {
        Ok(text) => super::blob::long_string(cx, &text),
        Err(e) => Err(e),
    }
}

/// Runs `decoder` over `bytes` (`last`: flush what is left); with `fatal`
/// a malformed sequence is a TypeError.
fn decode_with(
    decoder: &mut Decoder,
    mut bytes: &[u8],
    fatal: bool,
    last: bool,
) -> Result<String, OpError> {
    let too_long = || OpError::range_error("Invalid string length");
    let mut out = String::new();
    loop {
        let room = if fatal {
            decoder.max_utf8_buffer_length_without_replacement(bytes.len())
        } else {
            decoder.max_utf8_buffer_length(bytes.len())
        };
        out.try_reserve(room.ok_or_else(too_long)?)
            .map_err(|_| too_long())?;
        let (done, read) = if fatal {
            let (result, read) =
                decoder.decode_to_string_without_replacement(bytes, &mut out, last);
            match result {
                DecoderResult::InputEmpty => (true, read),
                DecoderResult::OutputFull => (false, read),
                DecoderResult::Malformed(..) => {
                    return Err(OpError::type_error(
                        "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid.",
                    ));
                }
            }
        } else {
            let (result, read, _) = decoder.decode_to_string(bytes, &mut out, last);
            (result == CoderResult::InputEmpty, read)
        };
        if done {
            return Ok(out);
        }
        bytes = &bytes[read..];
    }
}

op_list! {
    "textDecoderEncoding" => encoding,
    "textDecoderOpen" => open,
    "textDecoderRelease" => release,
    "textDecoderDecode" => decode,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(d: &mut Decoder, bytes: &[u8], fatal: bool, last: bool) -> Option<String> {
        decode_with(d, bytes, fatal, last).ok()
    }

    #[test]
    fn a_stream_keeps_what_an_incomplete_sequence_left() {
        let mut d = encoding_rs::UTF_8.new_decoder_with_bom_removal();
        let a = run(&mut d, b"\xEF\xBB\xBFh\xE2\x82", false, false).expect("a");
        let b = run(&mut d, b"\xAC!", false, true).expect("b");
        assert_eq!((a.as_str(), b.as_str()), ("h", "\u{20AC}!"));
        let mut d = encoding_rs::SHIFT_JIS.new_decoder_with_bom_removal();
        assert_eq!(run(&mut d, b"\x82", false, false).expect("lead"), "");
        assert_eq!(
            run(&mut d, b"\xA0", false, true).expect("trail"),
            "\u{3042}"
        );
    }

    #[test]
    fn fatal_fails_where_replacement_would_be_inserted() {
        let mut d = encoding_rs::UTF_8.new_decoder_with_bom_removal();
        assert!(run(&mut d, b"a\xFFb", true, true).is_none());
        let mut d = encoding_rs::UTF_8.new_decoder_with_bom_removal();
        assert_eq!(
            run(&mut d, b"a\xFFb", false, true).expect("lossy"),
            "a\u{FFFD}b"
        );
        let mut d = encoding_rs::UTF_8.new_decoder_with_bom_removal();
        assert!(
            run(&mut d, b"\xE2\x82", true, true).is_none(),
            "truncated at the end"
        );
    }
}
