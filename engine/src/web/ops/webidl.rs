//! Ops of the bindings' WebIDL layer: interface objects exposed lazily, as
//! V8 lazy data properties of the global.
//!
//! <https://webidl.spec.whatwg.org/#es-interfaces> ("Interfaces")

use super::{OpCx, OpError, OpResult};

/// Defines each name in the array (argument 0) on the realm's global as a
/// lazy data property: the bindings make the interface on first read.
fn define_lazy_globals<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let global = cx.ctx.global(cx.scope);
    for name in cx.array(0)? {
        let name = name
            .to_string_checked()
            .ok_or_else(|| OpError::type_error("a global's name is not a string"))?;
        global
            .set_lazy_data_property(cx.ctx, name.into(), crate::v8::PropertyAttribute::DONT_ENUM)
            .map_err(|_| OpError::Thrown)?;
    }
    cx.undefined()
}

op_list! {
    "webidlDefineLazyGlobals" => define_lazy_globals,
}
