//! Ops of Location (HTML): the access-checked object, navigating, and
//! ancestorOrigins.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface> ("The Location interface")

use url::Url;

use super::{OpCx, OpError, OpResult};
use crate::v8;
use crate::web::exception::DomExceptionName;

/// An absolute URL the bindings resolved, or a SyntaxError.
pub(super) fn absolute_url(href: &str) -> Result<Url, super::OpError> {
    Url::parse(href).map_err(|e| {
        super::OpError::dom(
            DomExceptionName::SyntaxError,
            format!("'{href}' is not a valid URL: {e}"),
        )
    })
}

/// The frame whose script is running: the realm the host entered (an op
/// called through a same-origin object runs in the object's realm, which
/// is not who asked).
pub(super) fn running_frame(cx: &OpCx<'_>) -> crate::runtime::report::FrameId {
    cx.scope
        .entered_context()
        .and_then(|c| crate::web::frame_of_context(cx.scope, c))
        .unwrap_or(cx.frame)
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#location-object-navigate> ("Location-object navigate"):
/// frame `arg0` (here or in another isolate) to the (already resolved) URL
/// `arg1`, replacing the entry if `arg2`. The navigation's source is the
/// realm whose script is running (a sandboxed frame setting
/// `top.location` through a same-origin Location is still the sandboxed
/// frame): a navigation its sandbox forbids is a SecurityError.
fn navigate<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let frame = cx.u32(0)?;
    let url = super::location::absolute_url(&cx.str(1)?)?;
    let replace = cx.arg(2).boolean_value(cx.scope);
    let source = running_frame(cx);
    let params = crate::web::navigation::NavigateParams {
        source: Some(source),
        replace,
        location_object: true,
        user_activation: false,
    };
    crate::web::navigation::navigate(&cx.state, frame, url, params)
        .map_err(|refused| OpError::dom(DomExceptionName::SecurityError, refused.0))?;
    cx.undefined()
}

/// The window's Location: from the access-checked template, tagged with the
/// frame id for the cross-origin interceptor.
fn create<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let templates = cx.state.templates.get().ok_or(super::OpError::Thrown)?;
    let location = templates
        .location
        .open(cx.scope)
        .new_instance(cx.scope, cx.ctx)
        .ok_or(super::OpError::Thrown)?;
    location.set_internal_field(0, v8::value::integer(cx.scope, cx.frame as i32).into());
    Ok(location.into())
}

/// location.ancestorOrigins: the origins of the frame's ancestors, nearest first.
fn ancestor_origins<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let mut origins = Vec::new();
    {
        let frames = cx.state.frames.borrow();
        let mut f = frames.get(&cx.frame).and_then(|f| f.parent);
        while let Some(id) = f {
            let Some(frame) = frames.get(&id) else { break };
            origins.push(frame.origin.serialize());
            f = frame.parent;
        }
    }
    cx.strings(&origins)
}

/// The base URL a Location parses a URL against: the entry settings
/// object's API base URL (the realm whose script is running: a script
/// setting another same-origin window's `location` parses against its own
/// document, as Chromium does with its entered window), its document's
/// base URL (`<base href>`, else an about:blank or srcdoc document's
/// creator's). Null without one.
fn entry_base_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let frame = running_frame(cx);
    let base = cx
        .frame_record(frame, |f| f.document)
        .flatten()
        .map(|doc| crate::web::loading::document_base_url(&cx.state, doc).to_string());
    cx.opt_string(base.as_deref())
}

op_list! {
    "locationEntryBaseUrl" => entry_base_url,
    "locationNavigate" => navigate,
    "locationCreate" => create,
    "locationAncestorOrigins" => ancestor_origins,
}
