//! Ops of runtime script errors (HTML): where an exception was thrown, and
//! recording one nobody canceled.
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#runtime-script-errors> ("Runtime script errors")

use super::{OpCx, OpResult};

/// [message, url, line, column, muted] of a thrown value: muted (HTML
/// "muted errors": "Script error." and no place) when a worker's script of
/// another origin threw it.
fn place<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (mut message, mut url, mut line, mut column) =
        crate::web::realm::exception_place(cx.scope, cx.ctx, cx.arg(0));
    let muted = crate::web::worker::muted(&cx.state, cx.frame, &url);
    if muted {
        (message, url, line, column) = ("Script error.".into(), String::new(), 0, 0);
    }
    let values = [
        cx.string(&message)?,
        cx.string(&url)?,
        cx.num(f64::from(line))?,
        cx.num(f64::from(column))?,
        cx.boolean(muted)?,
    ];
    cx.values(&values)
}

/// An exception nobody canceled: into errors[].
fn record<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let message = cx.str(0)?;
    let url = cx.str(1)?;
    let line = cx.f64(2)? as u32;
    let column = cx.f64(3)? as u32;
    if cx.state.worker.is_some() {
        // A worker's uncaught error goes to its owner's Worker object first.
        crate::web::worker::forward_error(&cx.state, cx.frame, message, url, line, column);
    } else {
        cx.state.report_error(cx.frame, message, url, line, column);
    }
    cx.undefined()
}

op_list! {
    "runtimeScriptErrorsPlace" => place,
    "runtimeScriptErrorsRecord" => record,
}
