//! Ops of HTMLFormElement (HTML): whether its document may submit forms.
//!
//! <https://html.spec.whatwg.org/multipage/forms.html#the-form-element> ("The form element")

use super::{OpCx, OpResult};
use crate::runtime::report::{ConsoleMessage, Level};
use crate::runtime::sandbox::SandboxFlags;

/// <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-form-submit> ("submit"),
/// step 4: false if the form's document (`arg0`) is sandboxed without
/// allow-forms (its "sandboxed forms browsing context flag"), which is
/// logged as Chromium logs it; `arg1` is the action URL for that line.
fn submission_allowed<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let document = cx.node(0)?;
    let sandboxed = cx
        .state
        .frames
        .borrow()
        .iter()
        .find(|(_, f)| f.document == Some(document))
        .map(|(id, f)| (*id, f.active_sandbox.contains(SandboxFlags::FORMS)));
    let Some((frame, true)) = sandboxed else {
        return cx.boolean(true);
    };
    let action = cx.str(1)?;
    cx.state.host.console(ConsoleMessage {
        frame,
        level: Level::Error,
        text: format!(
            "Blocked form submission to '{action}' because the form's frame is sandboxed and the 'allow-forms' permission is not set."
        ),
    });
    cx.boolean(false)
}

op_list! {
    "htmlFormElementSubmissionAllowed" => submission_allowed,
}
