//! Ops of Location (HTML): the access-checked object, navigating, and
//! ancestorOrigins.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface> ("The Location interface")

use url::Url;

use super::{OpCx, OpResult};
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

/// Navigates frame `arg0` to the (already resolved) URL `arg1`.
fn navigate<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let frame = cx.u32(0)?;
    let url = super::location::absolute_url(&cx.str(1)?)?;
    crate::web::loading::navigate(&cx.state, frame, url);
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

op_list! {
    "locationNavigate" => navigate,
    "locationCreate" => create,
    "locationAncestorOrigins" => ancestor_origins,
}
