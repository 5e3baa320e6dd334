//! Ops of the bindings' WebIDL layer: interface objects exposed lazily, as
//! V8 lazy data properties of the global.
//!
//! <https://webidl.spec.whatwg.org/#es-interfaces> ("Interfaces")

use super::OpList;
use crate::v8::{self, FunctionArgs, HandleScope, Local, PropertyAttribute};

/// Defines each name in the array (argument 0) on the realm's global as a
/// lazy data property: the bindings make the interface on first read.
/// Non-enumerable, as interface objects and namespaces are, unless argument
/// 1 is true (an attribute of the global such as `navigator`).
///
/// Called at the end of the bindings' set-up, so while the start-up
/// snapshot is made too (with no agent: not through `run_op`): the
/// properties are then in the snapshot, and their V8 accessor records
/// (one per name) in its isolate part, which every realm of an isolate
/// shares instead of making its own at each realm's start.
fn define_lazy_globals<'s>(
    scope: &'s HandleScope<'s>,
    args: &FunctionArgs<'s>,
) -> Option<Local<'s, v8::Value>> {
    let ctx = scope.current_context()?;
    let global = ctx.global(scope);
    let names = args.get(0).to_array()?;
    let attributes = if args.get(1).boolean_value(scope) {
        PropertyAttribute::NONE
    } else {
        PropertyAttribute::DONT_ENUM
    };
    for k in 0..names.length() {
        let name = names
            .object()
            .get_index(scope, ctx, k)?
            .to_string_checked()?;
        global
            .set_lazy_data_property(ctx, name.into(), attributes)
            .ok()?;
    }
    None
}

/// This file's ops (not `op_list!`: its one op runs without an agent).
pub(crate) const OPS: OpList = OpList {
    module: module_path!(),
    names: &["webidlDefineLazyGlobals"],
    makers: &[|scope| {
        let template = v8::FunctionTemplate::new(scope, define_lazy_globals, None, 0, false);
        template.set_class_name(v8::String::internalized(scope, "webidlDefineLazyGlobals"));
        template
    }],
};
