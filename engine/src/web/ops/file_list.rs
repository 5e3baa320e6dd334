//! Ops of FileList (File API): marking a FileList for structured clone.
//!
//! <https://w3c.github.io/FileAPI/#filelist-section> ("The FileList Interface")

use super::{OpCx, OpError, OpResult};

/// Marks argument 0 as a FileList of the Files in array argument 1 (an
/// array no page can reach): what `web/clone.rs` serializes.
fn mark<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let object = cx
        .arg(0)
        .to_object_checked()
        .ok_or_else(|| OpError::type_error("not an object"))?;
    let files = cx
        .arg(1)
        .to_array()
        .ok_or_else(|| OpError::type_error("not an array"))?;
    crate::web::clone::mark_file_list(cx.scope, cx.ctx, object, files);
    cx.undefined()
}

op_list! {
    "fileListMark" => mark,
}
