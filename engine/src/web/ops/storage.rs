//! Ops of Storage (HTML Web Storage): localStorage (per origin, the whole
//! host) and sessionStorage (per tab and origin) over the host's storage
//! registry (`runtime/storage.rs`); a change is announced to the origin's
//! other documents, which fire the storage event (`web/storage.rs`).
//!
//! <https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface> ("The Storage interface")

use super::{OpCx, OpError, OpResult};
use crate::runtime::envelope::StorageChange;
use crate::runtime::storage::{StorageArea, StorageKind};
use crate::web::exception::DomExceptionName;

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

/// Reads the calling realm's storage area for `origin`.
fn read<R>(cx: &OpCx<'_>, origin: &str, f: impl FnOnce(&StorageArea) -> R) -> R {
    cx.state.host.storage.read(storage_kind(cx), origin, f)
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

fn key<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let index = cx.f64(1)?;
    let key = if index >= 0.0 && index.is_finite() {
        read(cx, &origin, |a| a.key(index as usize).map(str::to_string))
    } else {
        None
    };
    cx.opt_string(key.as_deref())
}

fn keys<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let keys = read(cx, &origin, |a| a.keys());
    cx.strings(&keys)
}

fn get_item<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let origin = storage_origin(cx)?;
    let key = cx.str(1)?;
    let v = read(cx, &origin, |a| a.get(&key).map(str::to_string));
    cx.opt_string(v.as_deref())
}

fn set_item<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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

fn remove_item<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
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
