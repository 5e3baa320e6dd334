//! Ops of History (HTML): the session history's length, traversal, and
//! pushState/replaceState.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-history-interface> ("The History interface")

use std::rc::Rc;

use super::{OpCx, OpError, OpResult};
use crate::web::clone::{deserialize, serialize};
use crate::web::exception::DomExceptionName;
use crate::web::session_history::{self, HistoryEntry, HistoryHandling};

/// history.length.
fn length<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.num(session_history::length(&cx.state, cx.frame) as f64)
}

/// history.go(delta), back(), forward(): queued.
fn go<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let delta = cx.f64(0)? as i64;
    if cx.frame_record(cx.frame, |f| f.closed || f.document.is_none()) != Some(false) {
        return Err(not_fully_active("go"));
    }
    session_history::traverse_by_delta(&cx.state, cx.frame, delta);
    cx.undefined()
}

fn not_fully_active(operation: &str) -> OpError {
    OpError::dom(
        DomExceptionName::SecurityError,
        format!("Failed to execute '{operation}' on 'History': The document is not fully active."),
    )
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#shared-history-push/replace-state-steps> ("shared history push/replace state steps"):
/// arguments (data, url or null, replace, operation name). Returns the
/// state's deserialized copy, the document's new `history.state`.
fn push_state<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let operation = cx.str(3)?;
    let replace = cx.arg(2).boolean_value(cx.scope);
    // 1. The document must be fully active.
    let Some((document, document_url)) = cx
        .frame_record(cx.frame, |f| {
            (!f.closed).then(|| f.document.map(|d| (d.0, f.url.clone())))
        })
        .flatten()
        .flatten()
    else {
        return Err(not_fully_active(&operation));
    };
    // 2. StructuredSerializeForStorage(data).
    let data =
        serialize(cx.scope, &cx.state, cx.ctx, cx.arg(0), &[], &[], &[]).ok_or(OpError::Thrown)?;
    // 3. The new URL, parsed against the document's, must be one the
    //    document may take.
    let url = if cx.arg(1).is_null() {
        document_url.clone()
    } else {
        let given = cx.str(1)?;
        let refused = |why: &str| {
            OpError::dom(
                DomExceptionName::SecurityError,
                format!(
                    "Failed to execute '{operation}' on 'History': A history state object with URL '{given}' cannot be created in a document with origin '{}' and URL '{document_url}'.{why}",
                    cx.state.origin_string(cx.frame)
                ),
            )
        };
        let url = document_url.join(&given).map_err(|_| refused(""))?;
        if !session_history::can_rewrite(&document_url, &url) {
            return Err(refused(""));
        }
        url
    };
    // 4. URL and history update steps.
    if let Some(f) = cx.state.frames.borrow_mut().get_mut(&cx.frame) {
        f.set_url(url.clone());
    }
    cx.state
        .host
        .with_frame(cx.frame, |i| i.url = url.to_string());
    let copy = deserialize(cx.scope, &cx.state, cx.ctx, cx.frame, &data).map(|(v, _)| v);
    let entry = HistoryEntry {
        url,
        document,
        state: Some(Rc::new(data)),
    };
    let handling = if replace {
        HistoryHandling::Replace
    } else {
        HistoryHandling::Push
    };
    session_history::commit(&cx.state, cx.frame, entry, handling);
    match copy {
        Some(v) => Ok(v),
        None => cx.null(),
    }
}

op_list! {
    "historyLength" => length,
    "historyGo" => go,
    "historyPushState" => push_state,
}
