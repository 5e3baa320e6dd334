//! Ops of Event (DOM).
//!
//! <https://dom.spec.whatwg.org/#interface-event> ("Interface Event")

use super::{OpCx, OpError, OpResult};
use crate::v8;

/// Defines `isTrusted` on a new event: `[LegacyUnforgeable]`, so an own
/// accessor of each instance (enumerable, not configurable, no setter),
/// whose getter is the realm's one function. Done through the API
/// (`Object::SetAccessorProperty`), not `Object.defineProperty`: V8 then
/// reads no descriptor object (a null-prototype one is off its fast path,
/// which alone cost ~1.6k instructions per event) and defines it at once.
fn define_is_trusted<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    // The key comes from the bindings' literal, internalized already.
    let (Some(event), Some(key), Some(getter)) = (
        cx.arg(0).to_object_checked(),
        cx.arg(1).to_string_checked(),
        cx.arg(2).to_function(),
    ) else {
        return Err(OpError::type_error("not an event, a key and a getter"));
    };
    event.set_accessor_property(
        key.into(),
        Some(getter),
        None,
        v8::PropertyAttribute::DONT_DELETE,
    );
    cx.undefined()
}

op_list! {
    "eventDefineIsTrusted" => define_is_trusted,
}
