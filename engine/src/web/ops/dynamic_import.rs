//! Ops of `import()` (HTML module scripts): the module graph fetched,
//! linked and evaluated by `web/modules.rs`.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#hostloadimportedmodule> ("HostLoadImportedModule")

use super::{OpCx, OpError, OpResult};

/// import(): [namespace, evaluation promise] of the module `specifier`
/// (argument 0) resolved against the URL in argument 1.
fn load<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let specifier = cx.str(0)?;
    let referrer = cx.str(1)?;
    let (namespace, evaluation) =
        crate::web::modules::import(cx.scope, &cx.state, cx.frame, cx.ctx, &specifier, &referrer)
            .ok_or(OpError::Thrown)?;
    cx.values(&[namespace, evaluation])
}

op_list! {
    "dynamicImportLoad" => load,
}
