//! Ops of `console` (Console Standard): its "Printer", into the host's
//! console lines.
//!
//! <https://console.spec.whatwg.org/#printer> ("Printer")

use super::{OpCx, OpError, OpResult};
use crate::runtime::report::{ConsoleMessage, Level};

fn print<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let level = Level::parse(&cx.str(0)?);
    // A line the bounded log would drop anyway is not copied out of V8 (a
    // page logging megabyte strings in a loop): its UTF-8 is at least as
    // long as its UTF-16.
    let text = cx
        .arg(1)
        .to_string(cx.scope, cx.ctx)
        .ok_or(OpError::Thrown)?;
    if cx.state.host.console_drops(text.length()) {
        return cx.undefined();
    }
    let text = text.to_rust(cx.scope);
    cx.state.host.console(ConsoleMessage {
        frame: cx.frame,
        level,
        text,
    });
    cx.undefined()
}

op_list! {
    "consolePrint" => print,
}
