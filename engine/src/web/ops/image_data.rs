//! Ops of ImageData (HTML): marking an ImageData for structured clone.
//!
//! <https://html.spec.whatwg.org/multipage/canvas.html#imagedata> ("ImageData")

use super::{OpCx, OpError, OpResult};

/// Marks argument 0 as an ImageData over the Uint8ClampedArray argument 1,
/// argument 2 wide, argument 3 high, in colour space argument 4 (0 sRGB,
/// 1 Display P3): what `web/clone.rs` serializes.
fn mark<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let object = cx
        .arg(0)
        .to_object_checked()
        .ok_or_else(|| OpError::type_error("not an object"))?;
    let data = cx
        .arg(1)
        .to_array_buffer_view()
        .ok_or_else(|| OpError::type_error("not an ArrayBufferView"))?;
    let fields = crate::web::clone::ImageDataFields {
        width: cx.u32(2)?,
        height: cx.u32(3)?,
        color_space: cx.u32(4)?,
    };
    crate::web::clone::mark_image_data(cx.scope, cx.ctx, object, data.into(), fields);
    cx.undefined()
}

op_list! {
    "imageDataMark" => mark,
}
