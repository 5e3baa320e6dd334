//! Ops of `console` (Console Standard): its "Printer", into the host's
//! console lines.
//!
//! <https://console.spec.whatwg.org/#printer> ("Printer")

use super::{OpCx, OpResult};
use crate::runtime::report::{ConsoleMessage, Level};

fn print<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let level = Level::parse(&cx.str(0)?);
    let text = cx.str(1)?;
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
