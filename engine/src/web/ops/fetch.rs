//! Ops of the fetch() method (Fetch): a request goes to the host's
//! `runtime::fetch` as a task of the requester's event loop, whose result
//! the bindings receive through `hooks.fetchDone`; XMLHttpRequest's
//! synchronous flag runs the same fetch inside the op.
//!
//! <https://fetch.spec.whatwg.org/#fetch-method> ("Fetch method")

use super::{OpCx, OpError, OpResult};
use crate::runtime::fetch::{
    self, CredentialsMode, FetchRequest, FetchResponse, NetworkError, RedirectMode, RequestMode,
};
use crate::runtime::report::FrameId;
use crate::v8::{self, HandleScope, Local};
use crate::web::agent::Agent;
use crate::web::task_queues::TaskSource;

/// The request in arguments `at`.. (method, url, headers as a flat array of
/// names and values, body ArrayBuffer or null, mode, credentials, redirect,
/// use-CORS-preflight), from the calling realm's origin.
pub(super) fn request_from(cx: &OpCx<'_>, at: usize) -> Result<FetchRequest, OpError> {
    let method = cx.str(at)?;
    let url_text = cx.str(at + 1)?;
    let url = url::Url::parse(&url_text)
        .map_err(|_| OpError::type_error(format!("Failed to fetch: invalid URL '{url_text}'")))?;
    let flat = cx.array(at + 2)?;
    let mut headers = Vec::with_capacity(flat.len() / 2);
    for pair in flat.chunks(2) {
        if let [name, value] = pair {
            let name = name
                .to_rust_string(cx.scope, cx.ctx)
                .ok_or(OpError::Thrown)?;
            let value = value
                .to_rust_string(cx.scope, cx.ctx)
                .ok_or(OpError::Thrown)?;
            headers.push((name, value));
        }
    }
    let body = cx
        .arg(at + 3)
        .to_array_buffer()
        .map(|buffer| buffer.backing_store().to_vec());
    let mode = match cx.str(at + 4)?.as_str() {
        "same-origin" => RequestMode::SameOrigin,
        "no-cors" => RequestMode::NoCors,
        "navigate" => RequestMode::Navigate,
        _ => RequestMode::Cors,
    };
    let credentials = match cx.str(at + 5)?.as_str() {
        "omit" => CredentialsMode::Omit,
        "include" => CredentialsMode::Include,
        _ => CredentialsMode::SameOrigin,
    };
    let redirect = match cx.str(at + 6)?.as_str() {
        "error" => RedirectMode::Error,
        "manual" => RedirectMode::Manual,
        _ => RedirectMode::Follow,
    };
    let origin = cx
        .state
        .frame_origin(cx.frame)
        .ok_or_else(|| OpError::type_error("Failed to fetch: the realm is gone"))?;
    // A blob: URL's entry, now: revoking it after the request started does
    // not stop it.
    let blob_entry =
        crate::runtime::blob_store::UrlRecord::resolve(&cx.state.host.blobs, url.clone(), &origin)
            .blob_entry;
    Ok(FetchRequest {
        method,
        url,
        headers,
        body,
        origin,
        mode,
        credentials,
        redirect,
        use_cors_preflight: cx.bool(at + 7),
        blob_entry,
    })
}

/// The result the bindings read: `[type, urlList, status, statusText,
/// headers (flat), body ArrayBuffer]`, or the network error's message.
pub(super) fn result_value<'s>(
    scope: &'s HandleScope<'_>,
    result: &Result<FetchResponse, NetworkError>,
) -> Option<Local<'s, v8::Value>> {
    let r = match result {
        Ok(r) => r,
        Err(NetworkError(message)) => return Some(v8::String::new(scope, message).into()),
    };
    let urls: Vec<Local<v8::Value>> = r
        .url_list
        .iter()
        .map(|u| v8::String::new(scope, u.as_str()).into())
        .collect();
    let mut headers: Vec<Local<v8::Value>> = Vec::with_capacity(r.headers.len() * 2);
    for (name, value) in &r.headers {
        headers.push(v8::String::new(scope, name).into());
        headers.push(v8::String::new(scope, value).into());
    }
    let body = v8::ArrayBuffer::from_bytes(scope, &r.body)?;
    let items = [
        v8::String::new(scope, r.kind.as_str()).into(),
        v8::Array::new(scope, &urls).into(),
        v8::value::number(scope, f64::from(r.status)),
        v8::String::new(scope, &r.status_text).into(),
        v8::Array::new(scope, &headers).into(),
        body.into(),
    ];
    Some(v8::Array::new(scope, &items).into())
}

/// `fetchStart(id, ...request)`: the fetch runs as a task of this agent
/// (requests complete in the order they were made, on the agent's clock),
/// then `hooks.fetchDone(id, result)` runs in the requesting realm.
fn start<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.f64(0)?;
    let request = request_from(cx, 1)?;
    let frame = cx.frame;
    // https://fetch.spec.whatwg.org/#fetch-method: the response is
    // processed "from the networking task source".
    cx.state.queue_on(TaskSource::Networking, move |agent| {
        complete(agent, frame, id, request)
    });
    cx.undefined()
}

fn complete(agent: &mut Agent, frame: FrameId, id: f64, request: FetchRequest) {
    let state = agent.state.clone();
    let result = fetch::fetch(&state.host.loader, request);
    let scope = HandleScope::new(&mut agent.isolate);
    let Some(ctx) = crate::web::realm::context_of(&scope, &state, frame) else {
        return;
    };
    let _cs = v8::ContextScope::new(&scope, ctx);
    let tc = v8::TryCatch::new(&scope);
    let Some(value) = result_value(&scope, &result) else {
        return;
    };
    let args = [v8::value::number(&scope, id), value];
    if crate::web::realm::call_hook(&scope, &state, frame, "fetchDone", &args).is_none() {
        crate::web::realm::handle_failure(&scope, &state, frame, &tc);
    }
}

/// `fetchSync(...request)`: the result at once (XMLHttpRequest's
/// synchronous flag; nothing else of the agent runs meanwhile).
fn sync<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let request = request_from(cx, 0)?;
    let result = fetch::fetch(&cx.state.host.loader, request);
    result_value(cx.scope, &result)
        .ok_or_else(|| OpError::range_error("Array buffer allocation failed"))
}

/// The realm's API base URL (its document's or worker's URL).
fn base_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let url = cx.state.frame_url(cx.frame);
    cx.opt_string(url.as_ref().map(url::Url::as_str))
}

op_list! {
    "fetchStart" => start,
    "fetchSync" => sync,
    "fetchBaseUrl" => base_url,
}
