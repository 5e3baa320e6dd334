//! Ops of Storage (HTML Web Storage): localStorage (per origin, the whole
//! host) and sessionStorage (per top-level browsing context and origin)
//! over the host's storage
//! registry (`runtime/storage.rs`); a change is announced to the origin's
//! other documents, which fire the storage event (`web/storage.rs`).
//!
//! <https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface> ("The Storage interface")

use super::{OpCx, OpError, OpResult};
use crate::runtime::envelope::StorageChange;
use crate::runtime::storage::{StorageArea, StorageKind, Text};
use crate::v8::{self, Local};
use crate::web::exception::DomExceptionName;

/// Argument `i` (a string the bindings converted) as its UTF-16 code units,
/// exactly: storage keeps lone surrogates.
fn text(cx: &OpCx<'_>, i: usize) -> Result<Text, OpError> {
    cx.arg(i)
        .to_string_checked()
        .map(|s| s.to_utf16(cx.scope))
        .ok_or_else(|| OpError::type_error(format!("argument {i} is not a string")))
}

fn js_text<'s>(cx: &OpCx<'s>, units: &[u16]) -> Local<'s, v8::Value> {
    v8::String::from_utf16(cx.scope, units).into()
}

fn opt_text<'s>(cx: &OpCx<'s>, units: Option<&[u16]>) -> OpResult<'s> {
    match units {
        Some(u) => Ok(js_text(cx, u)),
        None => cx.null(),
    }
}

fn storage_kind(cx: &OpCx<'_>) -> StorageKind {
    if cx.bool(0) {
        StorageKind::Local
    } else {
        StorageKind::Session(cx.state.host.top_level(cx.frame))
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

/// Reads the calling realm's storage area for `origin`.
fn read<R>(cx: &OpCx<'_>, origin: &str, f: impl FnOnce(&StorageArea) -> R) -> R {
    cx.state.host.storage.read(storage_kind(cx), origin, f)
}

fn announce(
    cx: &OpCx<'_>,
    origin: &str,
    key: Option<Text>,
    old_value: Option<Text>,
    new_value: Option<Text>,
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
    crate::web::storage::announce(&cx.state.host, cx.frame, origin, change);
}

/// Whether this realm may use storage at all (opaque origins may not).
fn check_access<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    storage_origin(cx)?;
    cx.undefined()
}

fn length<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let n = read(cx, &origin, |a| a.len());
    cx.num(n as f64)
}

/// key(index): the bindings converted the index (WebIDL unsigned long).
fn key<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let index = cx.u32(1)? as usize;
    let key = read(cx, &origin, |a| a.key(index).map(<[u16]>::to_vec));
    opt_text(cx, key.as_deref())
}

fn keys<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let keys = read(cx, &origin, |a| a.keys());
    let values: Vec<Local<v8::Value>> = keys.iter().map(|k| js_text(cx, k)).collect();
    cx.values(&values)
}

fn get_item<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = text(cx, 1)?;
    let v = read(cx, &origin, |a| a.get(&key).map(<[u16]>::to_vec));
    opt_text(cx, v.as_deref())
}

fn set_item<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = text(cx, 1)?;
    let value = text(cx, 2)?;
    match cx
        .state
        .host
        .storage
        .set(storage_kind(cx), &origin, &key, &value)
    {
        Ok(Some((old, new))) => announce(cx, &origin, Some(key), old, new),
        Ok(None) => {}
        Err(_) => {
            let key = String::from_utf16_lossy(&key);
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

fn remove_item<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = text(cx, 1)?;
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

fn clear<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    if cx.state.host.storage.clear(storage_kind(cx), &origin) {
        announce(cx, &origin, None, None, None);
    }
    cx.undefined()
}

op_list! {
    "storageCheckAccess" => check_access,
    "storageLength" => length,
    "storageKey" => key,
    "storageKeys" => keys,
    "storageGetItem" => get_item,
    "storageSetItem" => set_item,
    "storageRemoveItem" => remove_item,
    "storageClear" => clear,
}
