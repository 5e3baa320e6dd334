//! Operations every realm has, windows and workers alike: time, timers,
//! console, error reporting, URL parsing, text encoding, structured clone,
//! postMessage and MessagePorts.

use base64::Engine;

use super::{OpCx, OpError, OpResult};
use crate::runtime::envelope::{Envelope, SerializedValue, WindowMessage};
use crate::runtime::report::{ConsoleMessage, Level};
use crate::v8::{self, Local};
use crate::web::agent::LocalPort;
use crate::web::clone::{deserialize, post_to_port, serialize};
use crate::web::exception::DomExceptionName;

fn time_origin_of(cx: &OpCx<'_>) -> f64 {
    cx.state
        .frames
        .borrow()
        .get(&cx.frame)
        .map_or(0.0, |f| f.time_origin)
}

/// performance.now(): ms since the realm was made, on the group clock.
pub(super) fn now<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let t = cx.state.now() - time_origin_of(cx);
    // Coarsened to 5 µs, as browsers do.
    cx.num((t * 200.0).floor() / 200.0)
}

pub(super) fn time_origin<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let wall = cx.state.clock.wall_ms();
    let since = cx.state.now() - time_origin_of(cx);
    cx.num(wall - since)
}

pub(super) fn set_timer<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    let delay = cx.f64(1)?;
    let repeat = cx.bool(2);
    let now = cx.state.now();
    let nesting = cx.state.timer_nesting.get();
    cx.state
        .timers
        .borrow_mut()
        .set(cx.frame, id, delay, repeat, now, nesting);
    cx.undefined()
}

pub(super) fn clear_timer<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    cx.state.timers.borrow_mut().clear(cx.frame, id);
    cx.undefined()
}

pub(super) fn console<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let level = Level::parse(&cx.str(0)?);
    let text = cx.str(1)?;
    cx.state.host.console(ConsoleMessage {
        frame: cx.frame,
        level,
        text,
    });
    cx.undefined()
}

/// [message, url, line, column] of a thrown value.
pub(super) fn exception_place<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let (message, url, line, column) =
        crate::web::realm::exception_place(cx.scope, cx.ctx, cx.arg(0));
    let values = [
        cx.string(&message)?,
        cx.string(&url)?,
        cx.num(f64::from(line))?,
        cx.num(f64::from(column))?,
    ];
    cx.values(&values)
}

/// An exception nobody canceled: into errors[].
pub(super) fn record_error<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let message = cx.str(0)?;
    let url = cx.str(1)?;
    let line = cx.f64(2)? as u32;
    let column = cx.f64(3)? as u32;
    if cx.state.worker.is_some() {
        // A worker's uncaught error goes to its owner's Worker object first.
        crate::web::worker::forward_error(&cx.state, cx.frame, message, url, line, column);
    } else {
        cx.state.report_error(cx.frame, message, url, line, column);
    }
    cx.undefined()
}

fn url_parts<'s>(cx: &OpCx<'s>, url: &url::Url) -> OpResult<'s> {
    use url::quirks;
    let parts = [
        quirks::href(url).to_string(),
        quirks::origin(url),
        quirks::protocol(url).to_string(),
        quirks::username(url).to_string(),
        quirks::password(url).to_string(),
        quirks::host(url).to_string(),
        quirks::hostname(url).to_string(),
        quirks::port(url).to_string(),
        quirks::pathname(url).to_string(),
        quirks::search(url).to_string(),
        quirks::hash(url).to_string(),
    ];
    cx.strings(&parts)
}

/// WHATWG URL parsing: the URL's parts, or null if it does not parse.
pub(super) fn parse_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let input = cx.str(0)?;
    let base = cx.opt_str(1)?;
    let parsed = match base {
        Some(b) => url::Url::parse(&b).ok().and_then(|b| b.join(&input).ok()),
        None => url::Url::parse(&input).ok(),
    };
    match parsed {
        Some(u) => url_parts(cx, &u),
        None => cx.null(),
    }
}

/// A URL setter (href, protocol, host…): the new parts, or null if refused.
pub(super) fn set_url_part<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    use url::quirks;
    let href = cx.str(0)?;
    let part = cx.str(1)?;
    let value = cx.str(2)?;
    let Ok(mut u) = url::Url::parse(&href) else {
        return cx.null();
    };
    let ok = match part.as_str() {
        "href" => quirks::set_href(&mut u, &value).is_ok(),
        "protocol" => quirks::set_protocol(&mut u, &value).is_ok(),
        "username" => quirks::set_username(&mut u, &value).is_ok(),
        "password" => quirks::set_password(&mut u, &value).is_ok(),
        "host" => quirks::set_host(&mut u, &value).is_ok(),
        "hostname" => quirks::set_hostname(&mut u, &value).is_ok(),
        "port" => quirks::set_port(&mut u, &value).is_ok(),
        "pathname" => {
            quirks::set_pathname(&mut u, &value);
            true
        }
        "search" => {
            quirks::set_search(&mut u, &value);
            true
        }
        "hash" => {
            quirks::set_hash(&mut u, &value);
            true
        }
        _ => false,
    };
    // A refused href is an error (TypeError in the bindings); other
    // setters that refuse leave the URL as it was.
    if !ok && part == "href" {
        cx.null()
    } else {
        url_parts(cx, &u)
    }
}

pub(super) fn encode_utf8<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    let buffer = v8::ArrayBuffer::from_bytes(cx.scope, s.as_bytes())
        .ok_or_else(|| OpError::range_error("Array buffer allocation failed"))?;
    Ok(buffer.into())
}

pub(super) fn decode_utf8<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let buffer = cx
        .arg(0)
        .to_array_buffer()
        .ok_or_else(|| OpError::type_error("not an ArrayBuffer"))?;
    let fatal = cx.bool(1);
    let bytes = buffer.backing_store().to_vec();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => cx.string(s),
        Err(_) if fatal => Err(OpError::type_error(
            "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid.",
        )),
        Err(_) => cx.string(&String::from_utf8_lossy(bytes)),
    }
}

pub(super) fn btoa<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    cx.string(&base64::engine::general_purpose::STANDARD.encode(bytes))
}

pub(super) fn atob<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let s = cx.str(0)?;
    match data_url::forgiving_base64::decode_to_vec(s.as_bytes()) {
        Ok(bytes) => cx.string(&bytes.iter().map(|b| *b as char).collect::<String>()),
        Err(_) => cx.null(),
    }
}

/// (buffers, port ids, port objects) from arguments i, i+1, i+2.
#[allow(clippy::type_complexity)]
fn transfer<'s>(
    cx: &OpCx<'s>,
    i: usize,
) -> Result<
    (
        Vec<Local<'s, v8::ArrayBuffer>>,
        Vec<u32>,
        Vec<Local<'s, v8::Value>>,
    ),
    OpError,
> {
    let buffers = cx
        .array(i)?
        .into_iter()
        .filter_map(|b| b.to_array_buffer())
        .collect();
    let ids = cx
        .array(i + 1)?
        .into_iter()
        .map(|v| {
            v.number_value(cx.ctx)
                .map(|n| n as u32)
                .ok_or(OpError::Thrown)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let objects = cx.array(i + 2)?;
    Ok((buffers, ids, objects))
}

/// Serializes argument `value` in this realm with the transfer list in the
/// arguments from `transfer` on (buffers, port ids, port objects).
fn serialize_argument(
    cx: &OpCx<'_>,
    value: usize,
    transfer_at: usize,
) -> Result<SerializedValue, OpError> {
    let (buffers, ids, objects) = transfer(cx, transfer_at)?;
    serialize(
        cx.scope,
        &cx.state,
        cx.ctx,
        cx.arg(value),
        &buffers,
        &ids,
        &objects,
    )
    .ok_or(OpError::Thrown)
}

/// structuredClone(value, {transfer}): serialize here, deserialize here.
pub(super) fn structured_clone<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let value = serialize_argument(cx, 0, 1)?;
    match deserialize(cx.scope, &cx.state, cx.ctx, cx.frame, &value) {
        Some((v, _)) => Ok(v),
        None => Err(OpError::dom(
            DomExceptionName::DataCloneError,
            "The value could not be deserialized.",
        )),
    }
}

/// window.postMessage to frame `arg0` (here or in another isolate).
pub(super) fn post_message<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let target = cx.u32(0)?;
    let target_origin = cx.str(2)?;
    // The sender is the incumbent realm: the script that called postMessage.
    // V8's incumbent is the realm of the topmost JS frame, which is the
    // bindings' own: right for a cross-origin postMessage (a function made in
    // the caller's realm), but for a window's own postMessage (reached by
    // same-origin script, or by the window itself) it is the target. Then the
    // entry realm stands in for the caller.
    let frame_of = |c| crate::web::frame_of_context(cx.scope, c);
    let sender = match cx.scope.incumbent_context().and_then(frame_of) {
        Some(f) if f != target => f,
        _ => cx
            .scope
            .entered_context()
            .and_then(frame_of)
            .unwrap_or(cx.frame),
    };
    let sender_origin = cx.state.origin_string(sender);
    let target_origin = match target_origin.as_str() {
        "*" => None,
        "/" => Some(sender_origin.clone()),
        other => match url::Url::parse(other) {
            Ok(u) => Some(u.origin().ascii_serialization()),
            Err(_) => {
                return Err(OpError::dom(
                    DomExceptionName::SyntaxError,
                    format!(
                        "Failed to execute 'postMessage' on 'Window': Invalid target origin '{other}' in a call to 'postMessage'."
                    ),
                ));
            }
        },
    };
    let data = serialize_argument(cx, 1, 3)?;
    let message = WindowMessage {
        target,
        source: sender,
        origin: sender_origin,
        target_origin,
        data,
    };
    if cx.state.frames.borrow().contains_key(&target) {
        cx.state
            .queue(move |agent| crate::web::clone::deliver_window_message(agent, message));
    } else {
        cx.state
            .host
            .post_to_frame(target, Envelope::WindowMessage(message));
    }
    cx.undefined()
}

pub(super) fn create_channel<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let a = cx.state.host.new_port_id();
    let b = cx.state.host.new_port_id();
    cx.state.host.ports.entangle(a, b, cx.state.id);
    {
        let mut ports = cx.state.ports.borrow_mut();
        ports.insert(a, LocalPort::new(cx.frame));
        ports.insert(b, LocalPort::new(cx.frame));
    }
    let values = [cx.num(f64::from(a))?, cx.num(f64::from(b))?];
    cx.values(&values)
}

pub(super) fn port_post<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let port = cx.u32(0)?;
    let value = serialize_argument(cx, 1, 2)?;
    post_to_port(&cx.state, port, value);
    cx.undefined()
}

pub(super) fn port_start<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let port = cx.u32(0)?;
    if let Some(p) = cx.state.ports.borrow_mut().get_mut(&port) {
        p.started = true;
    }
    crate::web::clone::port_ready(&cx.state, port);
    cx.undefined()
}

pub(super) fn port_close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let port = cx.u32(0)?;
    cx.state.host.ports.close(port);
    cx.undefined()
}

pub(super) fn origin<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = cx.state.origin_string(cx.frame);
    cx.string(&origin)
}

/// crossOriginIsolated (issue 10).
pub(super) fn cross_origin_isolated<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let isolated = cx
        .state
        .frames
        .borrow()
        .get(&cx.frame)
        .is_some_and(|f| f.cross_origin_isolated);
    cx.boolean(isolated)
}

pub(super) fn hardware_concurrency<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let n = std::thread::available_parallelism().map_or(1, |n| n.get());
    cx.num(n as f64)
}

/// Marks a new DOMException (argument 0) with its name and message, for
/// structured clone.
pub(super) fn serializable_dom_exception<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let object = cx
        .arg(0)
        .to_object_checked()
        .ok_or_else(|| OpError::type_error("not an object"))?;
    let (name, message) = (cx.str(1)?, cx.str(2)?);
    crate::web::clone::mark_dom_exception(cx.scope, cx.ctx, object, &name, &message);
    cx.undefined()
}

/// The legacy code of DOMException name `arg0` (0 for names without one).
pub(super) fn dom_exception_code<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    let code = DomExceptionName::from_name(&name).map_or(0, DomExceptionName::legacy_code);
    cx.num(f64::from(code))
}

/// [name, message] of a DOMException made by the host (a clone), or null.
pub(super) fn dom_exception_fields<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    match cx.arg(0).to_object_checked() {
        Some(object) => Ok(crate::web::clone::dom_exception_fields_value(
            cx.scope, object,
        )),
        None => cx.null(),
    }
}

/// Defines each name in the array (argument 0) on the realm's global as a
/// lazy data property: the bindings make the interface on first read.
pub(super) fn define_lazy_globals<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let global = cx.ctx.global(cx.scope);
    for name in cx.array(0)? {
        let name = name
            .to_string_checked()
            .ok_or_else(|| OpError::type_error("a global's name is not a string"))?;
        global
            .set_lazy_data_property(cx.ctx, name.into(), crate::v8::PropertyAttribute::DONT_ENUM)
            .map_err(|_| OpError::Thrown)?;
    }
    cx.undefined()
}

/// import(): [namespace, evaluation promise] of the module `specifier`
/// (argument 0) resolved against the URL in argument 1.
pub(super) fn import_module<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let specifier = cx.str(0)?;
    let referrer = cx.str(1)?;
    let (namespace, evaluation) =
        crate::web::modules::import(cx.scope, &cx.state, cx.frame, cx.ctx, &specifier, &referrer)
            .ok_or(OpError::Thrown)?;
    cx.values(&[namespace, evaluation])
}
