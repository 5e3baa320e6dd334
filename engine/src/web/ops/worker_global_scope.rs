//! Ops of WorkerGlobalScope (HTML): importScripts().
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#importing-scripts-and-libraries> ("Importing scripts and libraries")

use url::Url;

use super::{OpCx, OpError, OpResult};
use crate::web::exception::DomExceptionName;

fn import_scripts<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let base = cx.state.frame_url(cx.frame).ok_or(OpError::Thrown)?;
    let mut urls = Vec::new();
    for v in cx.array(0)? {
        let text = v.to_rust_string(cx.scope, cx.ctx).ok_or(OpError::Thrown)?;
        let url: Url = base
            .join(&text)
            .map_err(|_| OpError::dom(DomExceptionName::SyntaxError, format!("Failed to execute 'importScripts' on 'WorkerGlobalScope': The URL '{text}' is invalid.")))?;
        urls.push(url);
    }
    crate::web::worker::import_scripts(cx.scope, &cx.state, cx.frame, &urls)
        .map_err(|e| e.map_or(OpError::Thrown, OpError::Throw))?;
    cx.undefined()
}

op_list! {
    "workerGlobalScopeImportScripts" => import_scripts,
}
