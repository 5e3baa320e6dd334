//! Ops of DOMException (WebIDL): marking one serializable, reading back one
//! that arrived by structured clone, and the legacy code of a name.
//!
//! <https://webidl.spec.whatwg.org/#idl-DOMException> ("DOMException")

use super::{OpCx, OpError, OpResult};
use crate::web::exception::DomExceptionName;

/// Marks a new DOMException (argument 0) with its name and message, for
/// structured clone.
fn mark_serializable<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let object = cx
        .arg(0)
        .to_object_checked()
        .ok_or_else(|| OpError::type_error("not an object"))?;
    let (name, message) = (cx.str(1)?, cx.str(2)?);
    crate::web::clone::mark_dom_exception(cx.scope, cx.ctx, object, &name, &message);
    cx.undefined()
}

/// [name, message] of a DOMException made by the host (a clone), or null.
fn fields<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    match cx.arg(0).to_object_checked() {
        Some(object) => Ok(crate::web::clone::dom_exception_fields_value(
            cx.scope, object,
        )),
        None => cx.null(),
    }
}

/// The legacy code of DOMException name `arg0` (0 for names without one).
fn code<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    let code = DomExceptionName::from_name(&name).map_or(0, DomExceptionName::legacy_code);
    cx.num(f64::from(code))
}

op_list! {
    "domExceptionMarkSerializable" => mark_serializable,
    "domExceptionFields" => fields,
    "domExceptionCode" => code,
}
