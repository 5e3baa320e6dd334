//! Ops of FileReader and FileReaderSync (File API): "package data" of a
//! Blob's bytes as text, a binary string or a data: URL (ArrayBuffers are
//! Blob's own `blobRead`).
//!
//! <https://w3c.github.io/FileAPI/#blob-package-data> ("package data")

use base64::Engine;

use super::blob::{bytes_of, long_string};
use super::{OpCx, OpResult};
use crate::runtime::charset;

/// Blob argument 0 as text: decoded by encoding label argument 1 (if it
/// names one), else by the charset of type argument 2, else UTF-8; a BOM
/// over all of them ("decode").
fn text<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let bytes = bytes_of(cx, 0)?;
    let label = cx.opt_str(1)?;
    let mime = cx.str(2)?;
    let encoding = label
        .as_deref()
        .and_then(charset::encoding_for_label)
        .or_else(|| charset::charset_of_content_type(&mime))
        .unwrap_or(encoding_rs::UTF_8);
    long_string(cx, &charset::decode(&bytes, encoding))
}

/// Blob argument 0 as a binary string: each byte one code unit.
fn binary_string<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let bytes = bytes_of(cx, 0)?;
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    long_string(cx, &text)
}

/// Blob argument 0 as a data: URL with type argument 1 as its media type
/// ("If mimeType is not available return a Data URL without a
/// media-type"), base64.
fn data_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let bytes = bytes_of(cx, 0)?;
    let mime = cx.str(1)?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
    long_string(cx, &format!("data:{mime};base64,{encoded}"))
}

op_list! {
    "fileReaderText" => text,
    "fileReaderBinaryString" => binary_string,
    "fileReaderDataUrl" => data_url,
}
