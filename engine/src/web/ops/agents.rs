//! Operations for what crosses agents: workers, Web Storage,
//! BroadcastChannel.

use url::Url;

use super::{OpCx, OpError, OpResult};
use crate::runtime::broadcast::Subscriber;
use crate::runtime::envelope::{Envelope, StorageChange};
use crate::runtime::storage::StorageKind;
use crate::web::agent::LocalChannel;
use crate::web::clone::serialize;
use crate::web::exception::DomExceptionName;

// --- workers ---------------------------------------------------------------

/// new Worker(url, {name}) → [worker id, port id].
pub(super) fn worker_start<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let input = cx.str(0)?;
    let name = cx.str(1)?;
    let kind = cx.str(2)?;
    if kind != "module" && kind != "classic" {
        return Err(OpError::type_error(format!(
            "Failed to construct 'Worker': The provided value '{kind}' is not a valid enum value of type WorkerType."
        )));
    }
    let url = crate::web::worker::resolve(&cx.state, cx.frame, &input)?;
    let (worker, port) =
        crate::web::worker::start(&cx.state, cx.frame, url, name, kind == "module")
            .map_err(|e| OpError::dom(DomExceptionName::InvalidStateError, e.to_string()))?;
    let values = [cx.num(f64::from(worker))?, cx.num(f64::from(port))?];
    cx.values(&values)
}

pub(super) fn worker_terminate<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let worker = cx.u32(0)?;
    crate::web::worker::terminate(&cx.state, worker);
    cx.undefined()
}

/// Inside a worker: its implicit port.
pub(super) fn worker_port<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    match cx.state.worker {
        Some(link) => cx.num(f64::from(link.port)),
        None => cx.num(-1.0),
    }
}

/// Inside a worker: self.close().
pub(super) fn worker_close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    cx.state.closing.set(true);
    if let Some(link) = cx.state.worker {
        cx.state.host.ports.close(link.port);
    }
    cx.undefined()
}

/// The realm's name: window.name, or a worker's name.
pub(super) fn realm_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx
        .state
        .frames
        .borrow()
        .get(&cx.frame)
        .map(|f| f.name.clone())
        .unwrap_or_default();
    cx.string(&name)
}

/// The realm's URL (a worker's script URL).
pub(super) fn realm_url<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let url = cx.state.frame_url(cx.frame).map(String::from);
    cx.string(url.as_deref().unwrap_or(""))
}

pub(super) fn import_scripts<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

// --- Web Storage -------------------------------------------------------------

fn storage_kind(cx: &OpCx<'_>) -> StorageKind {
    if cx.bool(0) {
        StorageKind::Local
    } else {
        StorageKind::Session(cx.state.id)
    }
}

fn storage_origin(cx: &OpCx<'_>) -> Result<String, OpError> {
    let origin = cx.state.frame_origin(cx.frame).ok_or(OpError::Thrown)?;
    if origin.is_opaque() {
        let which = if cx.bool(0) {
            "localStorage"
        } else {
            "sessionStorage"
        };
        return Err(OpError::dom(
            DomExceptionName::SecurityError,
            format!(
                "Failed to read the '{which}' property from 'Window': The document is sandboxed and lacks the 'allow-same-origin' flag."
            ),
        ));
    }
    Ok(origin.serialize())
}

/// Whether this realm may use storage at all (opaque origins may not).
pub(super) fn storage_check<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    storage_origin(cx)?;
    cx.undefined()
}

pub(super) fn storage_length<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let n = cx
        .state
        .host
        .storage
        .read(storage_kind(cx), &origin, |a| a.len());
    cx.num(n as f64)
}

pub(super) fn storage_key<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let index = cx.f64(1)?;
    let key = if index >= 0.0 && index.is_finite() {
        cx.state.host.storage.read(storage_kind(cx), &origin, |a| {
            a.key(index as usize).map(str::to_string)
        })
    } else {
        None
    };
    cx.opt_string(key.as_deref())
}

pub(super) fn storage_keys<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let keys = cx
        .state
        .host
        .storage
        .read(storage_kind(cx), &origin, |a| a.keys());
    cx.strings(&keys)
}

pub(super) fn storage_get<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = cx.str(1)?;
    let v = cx.state.host.storage.read(storage_kind(cx), &origin, |a| {
        a.get(&key).map(str::to_string)
    });
    cx.opt_string(v.as_deref())
}

fn announce(
    cx: &OpCx<'_>,
    origin: &str,
    key: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
) {
    let url = cx
        .state
        .frame_url(cx.frame)
        .map(String::from)
        .unwrap_or_default();
    let change = StorageChange {
        target: 0,
        local: cx.bool(0),
        key,
        old_value,
        new_value,
        url,
    };
    crate::web::storage::announce(&cx.state.host, cx.frame, cx.state.id, origin, change);
}

pub(super) fn storage_set<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = cx.str(1)?;
    let value = cx.str(2)?;
    match cx
        .state
        .host
        .storage
        .set(storage_kind(cx), &origin, &key, &value)
    {
        Ok(Some((old, new))) => announce(cx, &origin, Some(key), old, new),
        Ok(None) => {}
        Err(_) => {
            return Err(OpError::dom(
                DomExceptionName::QuotaExceededError,
                format!(
                    "Failed to execute 'setItem' on 'Storage': Setting the value of '{key}' exceeded the quota."
                ),
            ));
        }
    }
    cx.undefined()
}

pub(super) fn storage_remove<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = cx.str(1)?;
    if let Some((old, _)) = cx
        .state
        .host
        .storage
        .remove(storage_kind(cx), &origin, &key)
    {
        announce(cx, &origin, Some(key), old, None);
    }
    cx.undefined()
}

pub(super) fn storage_clear<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    if cx.state.host.storage.clear(storage_kind(cx), &origin) {
        announce(cx, &origin, None, None, None);
    }
    cx.undefined()
}

// --- BroadcastChannel ----------------------------------------------------------

/// The key that groups channels: the serialized origin; each opaque origin
/// is its own group.
fn channel_origin(cx: &OpCx<'_>) -> Result<(String, String), OpError> {
    let origin = cx.state.frame_origin(cx.frame).ok_or(OpError::Thrown)?;
    let shown = origin.serialize();
    let key = if origin.is_opaque() {
        format!("opaque:{}:{}", cx.state.id, cx.frame)
    } else {
        shown.clone()
    };
    Ok((key, shown))
}

pub(super) fn channel_open<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let name = cx.str(0)?;
    let (key, _) = channel_origin(cx)?;
    let id = cx.state.host.new_port_id();
    cx.state
        .channels
        .borrow_mut()
        .insert(id, LocalChannel { frame: cx.frame });
    cx.state.host.broadcast.subscribe(
        &key,
        &name,
        Subscriber {
            agent: cx.state.id,
            frame: cx.frame,
            channel: id,
        },
    );
    cx.num(f64::from(id))
}

pub(super) fn channel_post<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    let name = cx.str(1)?;
    let (key, shown) = channel_origin(cx)?;
    let value =
        serialize(cx.scope, &cx.state, cx.ctx, cx.arg(2), &[], &[], &[]).ok_or(OpError::Thrown)?;
    for target in cx
        .state
        .host
        .broadcast
        .targets(&key, &name, (cx.state.id, id))
    {
        cx.state.host.scheduler.post(
            target.agent,
            Envelope::Broadcast {
                channel: target.channel,
                origin: shown.clone(),
                data: value.duplicate(),
            },
        );
    }
    cx.undefined()
}

pub(super) fn channel_close<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.u32(0)?;
    cx.state.channels.borrow_mut().remove(&id);
    cx.state.host.broadcast.unsubscribe(cx.state.id, id);
    cx.undefined()
}

/// isohostTest.panic(): a Rust panic on this agent's thread, outside any
/// V8 callback (in a task), to test crash containment. Only with
/// `HostOptions::fault_injection`.
pub(super) fn test_panic<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    if !cx.state.host.options.fault_injection {
        return Err(OpError::type_error("fault injection is off"));
    }
    cx.state
        .queue(|_| panic!("fault injected by isohostTest.panic()"));
    cx.undefined()
}
