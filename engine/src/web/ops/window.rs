//! Ops of Window (HTML): the frame tree, names, opening and closing
//! windows, and the window post message steps.
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-window-object> ("The Window object")

use super::{OpCx, OpError, OpResult};
use crate::runtime::envelope::{Envelope, WindowMessage};
use crate::runtime::report::{ConsoleMessage, Level};
use crate::runtime::sandbox::SandboxFlags;
use crate::runtime::window_features::WindowFeatures;
use crate::web::browsing_context::open_auxiliary;
use crate::web::document_policies::same_origin_domain;
use crate::web::exception::DomExceptionName;
use crate::web::navigation::{NavigateParams, choose_existing, navigate};
use crate::web::realm::proxy_of;
use crate::web::remote::window_for;
use crate::web::task_queues::TaskSource;
use crate::web::window_proxy::{child_frames, is_closed, opener_of, top_of};

/// window.name.
fn name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.string(&cx.realm_name())
}

/// The calling realm's document.
fn document<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.node_id(cx.frame_record(cx.frame, |f| f.document).flatten())
}

/// The `name` attribute of the calling realm's document's body: undefined
/// without a body, null without the attribute. Each event dispatched at a
/// window asks whether a `<body onmessage>`-like content attribute gives it
/// a handler (js/event_handler_content_attributes.js): one crossing, not
/// three (document, body, attribute).
fn body_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    let Some(doc) = cx.frame_record(cx.frame, |f| f.document).flatten() else {
        return cx.undefined();
    };
    let value = {
        let dom = cx.state.dom.borrow();
        let Some(body) = dom.body(doc) else {
            return cx.undefined();
        };
        dom.get_attribute(body, &name).map(str::to_string)
    };
    cx.opt_string(value.as_deref())
}

/// window.parent: the parent's WindowProxy, or this window's at the top.
fn parent<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let parent = cx.frame_record(cx.frame, |f| f.parent).flatten();
    let target = parent.unwrap_or(cx.frame);
    cx.or_null(window_for(cx.scope, &cx.state, target))
}

fn top<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let top = top_of(&cx.state, cx.frame);
    cx.or_null(proxy_of(cx.scope, &cx.state, top))
}

fn opener<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    Ok(opener_of(cx.scope, &cx.state, cx.frame))
}

fn clear_opener<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    if let Some(f) = cx.state.frames.borrow_mut().get_mut(&cx.frame) {
        f.opener = None;
    }
    cx.undefined()
}

fn length<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let n = child_frames(&cx.state, cx.frame).len();
    cx.num(n as f64)
}

fn closed<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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
fn close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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
/// is same origin-domain with the caller.
fn frame_element<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (parent, element) = match cx.state.frames.borrow().get(&cx.frame) {
        Some(f) => (f.parent, f.element),
        None => (None, None),
    };
    let visible = parent.is_some_and(|p| same_origin_domain(&cx.state, cx.frame, p));
    // The element's wrapper is its document's realm's.
    match parent.filter(|_| visible && element.is_some()) {
        Some(parent) => {
            crate::web::loading::ensure_context(cx.scope, &cx.state, parent);
            cx.node_in(parent, element)
        }
        None => cx.null(),
    }
}

fn set_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    if let Some(f) = cx.state.frames.borrow_mut().get_mut(&cx.frame) {
        f.name = name.clone();
    }
    // Where window.open(url, name) and link targets look for it.
    cx.state.host.with_frame(cx.frame, |i| i.name = name);
    cx.undefined()
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#window-open-steps> ("window open steps"):
/// arguments (url resolved by the bindings, "" for none; target; features).
/// An existing browsing context of that name (or `_self`, `_parent`,
/// `_top`) is navigated (unless the URL is empty) and returned; else a
/// popup is made where its agent cluster lives (`browsing_context.rs`),
/// with the features asked for (`runtime::window_features`).
/// `null` for `noopener`/`noreferrer`, or when the sandbox blocks popups.
fn open<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let href = cx.str(0)?;
    let target = cx.str(1)?;
    let features = cx.str(2)?;
    let noopener = WindowFeatures::noopener(&features);
    let target = if target.is_empty() {
        "_blank".to_string()
    } else {
        target
    };
    let source = super::location::running_frame(cx);
    let url = if href.is_empty() {
        None
    } else {
        Some(super::location::absolute_url(&href)?)
    };
    if let Some(existing) = choose_existing(&cx.state, source, &target) {
        if let Some(url) = url {
            let params = NavigateParams {
                source: Some(source),
                ..Default::default()
            };
            navigate(&cx.state, existing, url, params)
                .map_err(|refused| OpError::dom(DomExceptionName::SecurityError, refused.0))?;
        }
        if noopener {
            return cx.null();
        }
        return cx.or_null(window_for(cx.scope, &cx.state, existing));
    }
    let url = match url {
        Some(u) => u,
        None => super::location::absolute_url("about:blank")?,
    };
    let name = if target.eq_ignore_ascii_case("_blank") {
        String::new()
    } else {
        target
    };
    // A new window starts with its initial about:blank (its opener's
    // origin), then is navigated to the URL: a `javascript:` URL runs in
    // that blank document (window open steps 12.5–6, "navigate to a
    // javascript: URL"). With noopener the blank is of a new opaque origin,
    // which the script may not reach, so nothing runs.
    let (url, javascript) = if url.scheme() == "javascript" {
        (super::location::absolute_url("about:blank")?, Some(url))
    } else {
        (url, None)
    };
    match open_auxiliary(cx.scope, &cx.state, source, url, name, noopener) {
        Some(frame) => {
            // What the new window sees of the features (geometry, BarProp):
            // recorded before this task ends, so before its document runs.
            cx.state
                .host
                .window_features
                .record(frame, WindowFeatures::parse(&features));
            // Its WindowProxy first: that makes the initial about:blank
            // document, whose origin the javascript: URL is checked against.
            let window = window_for(cx.scope, &cx.state, frame);
            if let Some(script) = javascript {
                let params = NavigateParams {
                    source: Some(source),
                    ..Default::default()
                };
                if let Err(refused) = navigate(&cx.state, frame, script, params) {
                    crate::web::navigation::report_refusal(&cx.state, source, &refused);
                }
            }
            cx.or_null(window)
        }
        None => cx.null(),
    }
}

/// <https://html.spec.whatwg.org/multipage/timers-and-user-prompts.html#simple-dialogs> ("Simple dialogs"),
/// and print(): `arg0` is the dialog ("alert", "confirm", "prompt",
/// "print"), `arg1` its message. A document sandboxed without
/// allow-modals gets none (false, logged as Chromium does); else there is
/// no user to answer, so the dialog is a console line and the caller
/// returns the spec's default for a dismissed one.
fn modal<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let kind = cx.str(0)?;
    let message = cx.str(1)?;
    let sandboxed = cx
        .frame_record(cx.frame, |f| {
            f.active_sandbox.contains(SandboxFlags::MODALS)
        })
        .unwrap_or(false);
    if sandboxed {
        cx.state.host.console(ConsoleMessage {
            frame: cx.frame,
            level: Level::Error,
            text: format!(
                "Ignored call to '{kind}()'. The document is sandboxed, and the 'allow-modals' keyword is not set."
            ),
        });
        return cx.boolean(false);
    }
    let text = if kind == "print" {
        "[print]".to_string()
    } else {
        format!("[{kind}] {message}")
    };
    cx.state.host.console(ConsoleMessage {
        frame: cx.frame,
        level: Level::Info,
        text,
    });
    cx.boolean(true)
}

/// window.originAgentCluster: is the document's agent cluster keyed by
/// origin?
fn origin_agent_cluster<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let keyed = cx
        .frame_record(cx.frame, |f| f.origin_keyed)
        .unwrap_or(false);
    cx.boolean(keyed)
}

/// The headless geometry of the calling window, as
/// [innerWidth, innerHeight, screenX, screenY, outerWidth, outerHeight, isPopup]:
/// a top-level window is 1024×768 at (0, 0), or as its opener's
/// window.open features said (CSSOM View "The features argument to the
/// open() method"); it has no chrome, so its outer size is its viewport's.
/// An iframe's viewport is its element's width and height attributes
/// (300×150 without them, as the iframe's default size); its screen
/// position and outer size are its top-level window's. "Is popup" is the
/// top-level browsing context's (HTML BarProp's `visible`).
fn geometry<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    const WIDTH: i32 = 1024;
    const HEIGHT: i32 = 768;
    let top = top_of(&cx.state, cx.frame);
    let features = cx.state.host.window_features.of(top);
    let outer_width = features.width.unwrap_or(WIDTH);
    let outer_height = features.height.unwrap_or(HEIGHT);
    let element = cx.frame_record(cx.frame, |f| f.element).flatten();
    let (inner_width, inner_height) = match element {
        Some(element) => {
            let dom = cx.state.dom.borrow();
            let dimension = |name: &str, default: i32| {
                dom.get_attribute(element, name)
                    .and_then(|v| {
                        let v = v.trim_start_matches(|c: char| c.is_ascii_whitespace());
                        let end = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
                        v[..end].parse::<i32>().ok()
                    })
                    .unwrap_or(default)
            };
            (dimension("width", 300), dimension("height", 150))
        }
        None => (outer_width, outer_height),
    };
    let values = [
        cx.num(f64::from(inner_width))?,
        cx.num(f64::from(inner_height))?,
        cx.num(f64::from(features.left.unwrap_or(0)))?,
        cx.num(f64::from(features.top.unwrap_or(0)))?,
        cx.num(f64::from(outer_width))?,
        cx.num(f64::from(outer_height))?,
        cx.boolean(features.popup)?,
    ];
    cx.values(&values)
}

/// The realm's WindowProperties object (named access on the window).
fn create_properties<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let templates = cx.state.templates.get().ok_or(super::OpError::Thrown)?;
    let object = templates
        .window_properties
        .open(cx.scope)
        .new_instance(cx.scope, cx.ctx)
        .ok_or(super::OpError::Thrown)?;
    Ok(object.into())
}

/// window.postMessage to frame `arg0` (here or in another isolate).
fn post_message<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let target = cx.u32(0)?;
    let target_origin = cx.str(2)?;
    // The sender is the incumbent realm: the script that called postMessage.
    // V8's incumbent is the realm of the topmost JS frame, which is the
    // bindings' own, the realm of this op (`cx.frame`: each realm's bindings
    // call their own ops, and V8 inlines no function of another realm; no
    // need to walk the stack for it): right for a cross-origin postMessage
    // (a function made in the caller's realm), but for a window's own
    // postMessage (reached by same-origin script, or by the window itself)
    // it is the target. Then the entry realm stands in for the caller.
    let sender = if cx.frame != target {
        cx.frame
    } else {
        cx.scope
            .entered_context()
            .and_then(|c| crate::web::frame_of_context(cx.scope, c))
            .unwrap_or(cx.frame)
    };
    let sender_origin = cx.state.origin_string(sender);
    let target_origin = match target_origin.as_str() {
        "*" => None,
        "/" => Some(sender_origin.clone()),
        other => match cx.state.target_origin(other) {
            Some(origin) => Some(origin),
            None => {
                return Err(OpError::dom(
                    DomExceptionName::SyntaxError,
                    format!(
                        "Failed to execute 'postMessage' on 'Window': Invalid target origin '{other}' in a call to 'postMessage'."
                    ),
                ));
            }
        },
    };
    let data = super::structured_clone::serialize_argument(cx, 1, 3)?;
    let message = WindowMessage {
        target,
        source: sender,
        origin: sender_origin,
        target_origin,
        data,
    };
    if cx.state.frames.borrow().contains_key(&target) {
        cx.state.queue_on(TaskSource::PostedMessage, move |agent| {
            crate::web::clone::deliver_window_message(agent, message)
        });
    } else {
        cx.state
            .host
            .post_to_frame(target, Envelope::WindowMessage(message));
    }
    cx.undefined()
}

op_list! {
    "windowDocument" => document,
    "windowBodyAttribute" => body_attribute,
    "windowParent" => parent,
    "windowTop" => top,
    "windowOpener" => opener,
    "windowClearOpener" => clear_opener,
    "windowLength" => length,
    "windowClosed" => closed,
    "windowClose" => close,
    "windowFrameElement" => frame_element,
    "windowName" => name,
    "windowSetName" => set_name,
    "windowOpen" => open,
    "windowModal" => modal,
    "windowOriginAgentCluster" => origin_agent_cluster,
    "windowCreateProperties" => create_properties,
    "windowPostMessage" => post_message,
    "windowGeometry" => geometry,
}
