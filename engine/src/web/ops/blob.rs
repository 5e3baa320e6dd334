//! Ops of Blob (File API): a blob's bytes live in the host's blob store
//! (`runtime/blob_store.rs`), shared by every agent; script holds an id.
//!
//! <https://w3c.github.io/FileAPI/#blob-section> ("The Blob Interface and Binary Data")
//!
//! Every id an op takes is checked against the calling agent's holds: an
//! id this agent never got (a guess, another agent's) is "not a Blob".

use super::{OpCx, OpError, OpResult};
use crate::runtime::blob_store::{BlobError, BlobId, normalize_type};
use crate::v8::{self, Local};
use crate::web::exception::DomExceptionName;

/// A blob store refusal as the page sees it: a RangeError for one blob
/// over the cap, a QuotaExceededError when the host's blobs are full.
pub(crate) fn blob_error(operation: &str, e: &BlobError) -> OpError {
    match e {
        BlobError::TooLarge { .. } => OpError::range_error(format!("{operation}: {e}.")),
        BlobError::QuotaExceeded { .. } => OpError::dom(
            DomExceptionName::QuotaExceededError,
            format!("{operation}: {e}."),
        ),
    }
}

fn blob_id(cx: &OpCx<'_>, i: usize) -> Result<BlobId, OpError> {
    let n = cx.f64(i)?;
    if n.is_finite() && n >= 1.0 && n.fract() == 0.0 {
        Ok(n as BlobId)
    } else {
        Err(OpError::type_error("not a Blob"))
    }
}

fn not_held() -> OpError {
    OpError::type_error("The Blob is not readable here.")
}

/// <https://w3c.github.io/FileAPI/#convert-line-endings-to-native> ("convert line endings to native"):
/// every CR LF, CR and LF become the native ending, LF here.
fn native_endings(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// <https://w3c.github.io/FileAPI/#process-blob-parts> ("process blob parts"):
/// the parts in argument 0 (strings, already converted; ArrayBuffers;
/// views; numbers: blob ids), concatenated as a new blob of type argument 1
/// (normalized here), strings' line endings made native if argument 2.
/// Answers [id, size]. The size is checked against the caps before the
/// bytes are gathered.
fn create<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    const WHAT: &str = "Failed to construct 'Blob'";
    let parts = cx.array(0)?;
    let mime = normalize_type(&cx.str(1)?);
    let native = cx.bool(2);
    let agent = cx.state.id;
    let store = &cx.state.host.blobs;
    enum Part<'s> {
        Text(String),
        Buffer(Local<'s, v8::ArrayBuffer>),
        View(Local<'s, v8::ArrayBufferView>),
        Blob(bytes::Bytes),
    }
    let mut gathered = Vec::with_capacity(parts.len());
    let mut size: usize = 0;
    for part in parts {
        let part = if let Some(s) = part.to_string_checked() {
            let text = s.to_rust(cx.scope);
            Part::Text(if native { native_endings(&text) } else { text })
        } else if let Some(b) = part.to_array_buffer() {
            Part::Buffer(b)
        } else if let Some(v) = part.to_array_buffer_view() {
            Part::View(v)
        } else if part.is_number() {
            let n = part.number_value(cx.ctx).ok_or(OpError::Thrown)?;
            let data = store
                .read(agent, n as BlobId)
                .filter(|_| n >= 1.0)
                .ok_or_else(not_held)?;
            Part::Blob(data.bytes)
        } else {
            return Err(OpError::type_error(
                "a blob part is not a string, buffer or Blob",
            ));
        };
        size = size.saturating_add(match &part {
            Part::Text(t) => t.len(),
            Part::Buffer(b) => b.byte_length(),
            Part::View(v) => v.byte_length(),
            Part::Blob(b) => b.len(),
        });
        gathered.push(part);
    }
    store.check_size(size).map_err(|e| blob_error(WHAT, &e))?;
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(size)
        .map_err(|_| OpError::range_error(format!("{WHAT}: out of memory for {size} bytes.")))?;
    for part in gathered {
        match part {
            Part::Text(t) => bytes.extend_from_slice(t.as_bytes()),
            Part::Buffer(b) => {
                let len = b.byte_length();
                b.backing_store().append_range(0, len, &mut bytes);
            }
            Part::View(v) => {
                let (offset, len) = (v.byte_offset(), v.byte_length());
                if let Some(buffer) = v.buffer(cx.scope) {
                    buffer.backing_store().append_range(offset, len, &mut bytes);
                }
            }
            Part::Blob(b) => bytes.extend_from_slice(&b),
        }
    }
    let size = bytes.len();
    let id = store
        .create(agent, bytes, &mime)
        .map_err(|e| blob_error(WHAT, &e))?;
    id_and_size(cx, id, size)
}

fn id_and_size<'s>(cx: &OpCx<'s>, id: BlobId, size: usize) -> OpResult<'s> {
    cx.values(&[
        v8::value::number(cx.scope, id as f64),
        v8::value::number(cx.scope, size as f64),
    ])
}

/// <https://w3c.github.io/FileAPI/#slice-blob> ("slice blob"): bytes
/// [argument 1, argument 2) of blob argument 0 (the bindings clamped them)
/// as a new blob of type argument 3, sharing the bytes. Answers [id, size].
fn slice<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = blob_id(cx, 0)?;
    let start = cx.f64(1)?.max(0.0) as usize;
    let end = cx.f64(2)?.max(0.0) as usize;
    let mime = normalize_type(&cx.str(3)?);
    let store = &cx.state.host.blobs;
    let slice = store
        .slice(cx.state.id, id, start, end, &mime)
        .ok_or_else(not_held)?;
    let size = store.read(cx.state.id, slice).map_or(0, |d| d.bytes.len());
    id_and_size(cx, slice, size)
}

/// A blob's bytes, if this agent holds it.
pub(crate) fn bytes_of(cx: &OpCx<'_>, i: usize) -> Result<bytes::Bytes, OpError> {
    let id = blob_id(cx, i)?;
    cx.state
        .host
        .blobs
        .read(cx.state.id, id)
        .map(|d| d.bytes)
        .ok_or_else(not_held)
}

/// A new ArrayBuffer with a copy of `bytes`; a RangeError if V8 cannot
/// allocate it.
pub(crate) fn array_buffer<'s>(cx: &OpCx<'s>, bytes: &[u8]) -> OpResult<'s> {
    v8::ArrayBuffer::from_bytes(cx.scope, bytes)
        .map(Into::into)
        .ok_or_else(|| OpError::range_error("Array buffer allocation failed"))
}

/// A new string of `text`; a RangeError (as V8's own) past V8's longest
/// string.
pub(crate) fn long_string<'s>(cx: &OpCx<'s>, text: &str) -> OpResult<'s> {
    v8::String::try_new(cx.scope, text)
        .map(Into::into)
        .ok_or_else(|| OpError::range_error("Invalid string length"))
}

/// Blob argument 0's bytes in a new ArrayBuffer (arrayBuffer(), bytes()).
fn read<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let bytes = bytes_of(cx, 0)?;
    array_buffer(cx, &bytes)
}

/// Blob argument 0's bytes, UTF-8 decoded (text()): a BOM dropped,
/// invalid sequences replaced
/// (<https://encoding.spec.whatwg.org/#utf-8-decode>, "UTF-8 decode").
fn text<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let bytes = bytes_of(cx, 0)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    long_string(cx, &String::from_utf8_lossy(bytes))
}

/// A Blob object of this agent was collected: its hold on id argument 0
/// goes (from the bindings' FinalizationRegistry).
fn release<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = blob_id(cx, 0)?;
    cx.state.host.blobs.release(cx.state.id, id);
    cx.undefined()
}

/// Marks a new Blob (argument 0) as blob id argument 1 for structured
/// clone; a File (when argument 2 is a string) with its name and
/// lastModified (argument 3).
fn mark<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let object = cx
        .arg(0)
        .to_object_checked()
        .ok_or_else(|| OpError::type_error("not an object"))?;
    let id = blob_id(cx, 1)?;
    let file = if cx.arg(2).is_string() {
        Some((cx.str(2)?, cx.f64(3)?))
    } else {
        None
    };
    crate::web::clone::mark_blob(cx.scope, cx.ctx, object, id, file.as_ref());
    cx.undefined()
}

/// <https://w3c.github.io/FileAPI/#unicodeBlobURL> ("generate a new blob
/// URL") and "add an entry": `URL.createObjectURL(blob)` for blob argument
/// 0, in this realm's origin.
fn create_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = blob_id(cx, 0)?;
    let origin = cx
        .state
        .frame_origin(cx.frame)
        .ok_or_else(|| OpError::type_error("no origin"))?;
    let mut random = [0u8; 16];
    crate::web::random::random_bytes(&cx.state, &mut random);
    let url = format!(
        "blob:{}/{}",
        origin.serialize(),
        crate::web::random::uuid_v4(random)
    );
    if !cx
        .state
        .host
        .blobs
        .add_url(&url, cx.state.id, cx.frame, id, &origin)
    {
        return Err(not_held());
    }
    cx.string(&url)
}

/// <https://w3c.github.io/FileAPI/#dfn-revokeObjectURL> ("revokeObjectURL(url)"):
/// argument 0, already parsed by the bindings as a blob: URL.
fn revoke_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let url = cx.str(0)?;
    if let Some(origin) = cx.state.frame_origin(cx.frame) {
        cx.state.host.blobs.revoke_url(&url, &origin);
    }
    cx.undefined()
}

op_list! {
    "blobCreate" => create,
    "blobSlice" => slice,
    "blobRead" => read,
    "blobText" => text,
    "blobRelease" => release,
    "blobMark" => mark,
    "blobCreateUrl" => create_url,
    "blobRevokeUrl" => revoke_url,
}

#[cfg(test)]
mod tests {
    use super::native_endings;

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(native_endings("a\r\nb\rc\nd\r\r\n"), "a\nb\nc\nd\n\n");
    }
}
