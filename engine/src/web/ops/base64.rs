//! Ops of btoa() and atob() (HTML): forgiving-base64 over Latin-1 strings.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#atob> ("Base64 utility methods")

use base64::Engine;

use super::{OpCx, OpResult};

fn encode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    cx.string(&base64::engine::general_purpose::STANDARD.encode(bytes))
}

fn decode<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    match data_url::forgiving_base64::decode_to_vec(s.as_bytes()) {
        Ok(bytes) => cx.string(&bytes.iter().map(|b| *b as char).collect::<String>()),
        Err(_) => cx.null(),
    }
}

op_list! {
    "base64Encode" => encode,
    "base64Decode" => decode,
}
