//! Window operations: the frame tree, names, navigation, location, opening
//! and closing windows (HTML §7.2).

use url::Url;

use super::{OpCx, OpResult};
use crate::runtime::envelope::Envelope;
use crate::runtime::report::{ConsoleMessage, Level};
use crate::v8;
use crate::web::exception::DomExceptionName;
use crate::web::realm::proxy_of;
use crate::web::remote::window_for;
use crate::web::window_proxy::{child_frames, is_closed, opener_of, top_of};

/// window.parent: the parent's WindowProxy, or this window's at the top.
pub(super) fn parent<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let parent = cx
        .state
        .frames
        .borrow()
        .get(&cx.frame)
        .and_then(|f| f.parent);
    let target = parent.unwrap_or(cx.frame);
    cx.or_null(window_for(cx.scope, &cx.state, target))
}

pub(super) fn top<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let top = top_of(&cx.state, cx.frame);
    cx.or_null(proxy_of(cx.scope, &cx.state, top))
}

pub(super) fn opener<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    Ok(opener_of(cx.scope, &cx.state, cx.frame))
}

pub(super) fn clear_opener<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    if let Some(f) = cx.state.frames.borrow_mut().get_mut(&cx.frame) {
        f.opener = None;
    }
    cx.undefined()
}

pub(super) fn frame_count<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let n = child_frames(&cx.state, cx.frame).len();
    cx.num(n as f64)
}

pub(super) fn closed<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let frame = cx.u32(0)?;
    let local = cx.state.frames.borrow().contains_key(&frame);
    let closed = if local {
        is_closed(&cx.state, frame)
    } else {
        cx.state.host.frame(frame).is_none_or(|f| f.closed)
    };
    cx.boolean(closed)
}

/// window.close(): only a top-level window opened by script closes.
pub(super) fn close_window<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let frame = cx.u32(0)?;
    let info = cx.state.host.frame(frame);
    let closable = info
        .as_ref()
        .is_some_and(|i| i.parent.is_none() && i.opener.is_some() && !i.closed);
    if !closable {
        cx.state.host.console(ConsoleMessage {
            frame: cx.frame,
            level: Level::Warn,
            text: "Scripts may close only the windows that were opened by them.".into(),
        });
        return cx.undefined();
    }
    // `closed` is true at once; the tab goes away in a task.
    cx.state.host.with_frame(frame, |i| i.closed = true);
    if let Some(f) = cx.state.frames.borrow_mut().get_mut(&frame) {
        f.closed = true;
    }
    cx.state
        .host
        .post_to_frame(frame, Envelope::CloseTab { frame });
    cx.undefined()
}

/// window.frameElement: the iframe in the parent's document, if the parent
/// is same origin with the caller.
pub(super) fn frame_element<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, element) = match cx.state.frames.borrow().get(&cx.frame) {
        Some(f) => (f.parent, f.element),
        None => (None, None),
    };
    let visible = parent.is_some_and(|p| super::dom::same_origin_frame(cx, p));
    cx.node_id(element.filter(|_| visible))
}

pub(super) fn set_window_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    if let Some(f) = cx.state.frames.borrow_mut().get_mut(&cx.frame) {
        f.name = name;
    }
    cx.undefined()
}

/// An absolute URL the bindings resolved, or a SyntaxError.
fn parse_url(href: &str) -> Result<Url, super::OpError> {
    Url::parse(href).map_err(|e| {
        super::OpError::dom(
            DomExceptionName::SyntaxError,
            format!("'{href}' is not a valid URL: {e}"),
        )
    })
}

/// Navigates frame `arg0` to the (already resolved) URL `arg1`.
pub(super) fn navigate<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let frame = cx.u32(0)?;
    let url = parse_url(&cx.str(1)?)?;
    crate::web::loading::navigate(&cx.state, frame, url);
    cx.undefined()
}

/// window.open(url): a new tab (another isolate, in this clock group), whose
/// opener is this window. Returns its remote WindowProxy.
pub(super) fn open_window<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let href = cx.str(0)?;
    let url = parse_url(&href)?;
    let resource = match cx.state.host.loader.fetch(&url) {
        Ok(r) => r,
        Err(e) => {
            cx.state
                .report_error(cx.frame, format!("window.open: {e}"), href, 0, 0);
            return cx.null();
        }
    };
    match crate::web::tab::open(&cx.state.host, resource, cx.state.group, Some(cx.frame)) {
        Ok((_, frame)) => cx.or_null(window_for(cx.scope, &cx.state, frame)),
        Err(e) => {
            cx.state
                .report_error(cx.frame, format!("window.open: {e}"), href, 0, 0);
            cx.null()
        }
    }
}

/// The window's Location: from the access-checked template, tagged with the
/// frame id for the cross-origin interceptor.
pub(super) fn create_location<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let templates = cx.state.templates.get().ok_or(super::OpError::Thrown)?;
    let location = templates
        .location
        .open(cx.scope)
        .new_instance(cx.scope, cx.ctx)
        .ok_or(super::OpError::Thrown)?;
    location.set_internal_field(0, v8::value::integer(cx.scope, cx.frame as i32).into());
    Ok(location.into())
}

/// The realm's WindowProperties object (named access on the window).
pub(super) fn create_window_properties<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let templates = cx.state.templates.get().ok_or(super::OpError::Thrown)?;
    let object = templates
        .window_properties
        .open(cx.scope)
        .new_instance(cx.scope, cx.ctx)
        .ok_or(super::OpError::Thrown)?;
    Ok(object.into())
}

/// location.ancestorOrigins: the origins of the frame's ancestors, nearest first.
pub(super) fn ancestor_origins<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

/// HTML "perform a microtask checkpoint", for the bindings' dispatch of an
/// event from a task: "clean up after running script" runs one after each
/// listener, since the author's stack is empty between two of them (only
/// the bindings' frames are below). Node's `runMicrotasks()` binding does the
/// same from script. The bindings call it only from host entries that are
/// tasks, never from an op nested in author script.
pub(super) fn microtask_checkpoint<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.scope.perform_microtask_checkpoint();
    cx.undefined()
}
