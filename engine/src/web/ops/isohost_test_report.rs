//! Ops of `isohostReportResults` (not a web interface): the trusted channel
//! for test results (`HostOptions::test_results`).

use super::{OpCx, OpError, OpResult};
use crate::runtime::report::FrameKind;

/// isohostReportResults(json): hands testharness.js's results to the host.
/// Only the top-level document of a tab the host opened may (the bindings
/// define the function only there; checked again here).
fn results<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let Some(sink) = cx.state.host.options.test_results.clone() else {
        return Err(OpError::type_error("the host runs no tests"));
    };
    let trusted = cx
        .frame_record(cx.frame, |f| {
            f.kind == FrameKind::Window && f.parent.is_none() && f.opener.is_none()
        })
        .unwrap_or(false);
    if !trusted {
        return Err(OpError::type_error(
            "only the top-level test document reports results",
        ));
    }
    let json = cx.str(0)?;
    sink(&json);
    cx.undefined()
}

op_list! {
    "isohostTestReportResults" => results,
}
