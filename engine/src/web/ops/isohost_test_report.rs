//! Ops of `isohostClaimTestReport` (not a web interface): the trusted
//! channel for test results (`HostOptions::test_results`, issue 14).

use super::{OpCx, OpError, OpResult};

/// Takes the channel: true once, and only while the host's own
/// testharnessreport.js runs in the top-level test document after
/// testharness.js ran there (`web/loading.rs` marks both). The bindings
/// hand the reporter to nothing else.
fn claim<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let mut granted = false;
    if cx.state.is_test_document(cx.frame) {
        cx.state.update_test_channel(|c| {
            granted = c.report_running && c.harness_ran && !c.claimed;
            c.claimed |= granted;
        });
    }
    cx.boolean(granted)
}

/// Hands testharness.js's results (JSON made by the bindings) to the host:
/// once, after the channel was claimed.
fn results<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let Some(sink) = cx.state.host.options.test_results.clone() else {
        return Err(OpError::type_error("the host runs no tests"));
    };
    let mut allowed = false;
    if cx.state.is_test_document(cx.frame) {
        cx.state.update_test_channel(|c| {
            allowed = c.claimed && !c.reported;
            c.reported |= allowed;
        });
    }
    if !allowed {
        return Err(OpError::type_error(
            "results go to the host once, from the test document's harness",
        ));
    }
    let json = cx.str(0)?;
    sink(&json);
    cx.undefined()
}

op_list! {
    "isohostTestReportClaim" => claim,
    "isohostTestReportResults" => results,
}
