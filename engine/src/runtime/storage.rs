//! Web Storage areas (HTML §12): localStorage per origin for the whole host,
//! sessionStorage per top-level browsing context and origin, each with a
//! quota.
//!
//! Keys and values are DOMStrings kept as their UTF-16 code units
//! ([`Text`]): a lone surrogate a page stores comes back as it was.

use std::collections::HashMap;
use std::sync::Mutex;

use super::host::lock;
use super::report::FrameId;

/// Bytes an origin may store (keys and values, as UTF-16), like browsers' 5 MiB.
pub const QUOTA_BYTES: usize = 5 * 1024 * 1024;

/// Which storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StorageKind {
    Local,
    /// Session storage of one top-level browsing context (its frame id):
    /// a popup has its own, even in its opener's isolate.
    Session(FrameId),
}

/// A DOMString: UTF-16 code units, not necessarily well-formed.
pub type Text = Vec<u16>;

/// One area: keys in insertion order, and its size.
#[derive(Debug, Default, Clone)]
pub struct StorageArea {
    items: Vec<(Text, Text)>,
    bytes: usize,
}

fn cost(s: &[u16]) -> usize {
    s.len() * 2
}

impl StorageArea {
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn key(&self, index: usize) -> Option<&[u16]> {
        self.items.get(index).map(|(k, _)| k.as_slice())
    }
    pub fn get(&self, key: &[u16]) -> Option<&[u16]> {
        self.items
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_slice())
    }
    pub fn keys(&self) -> Vec<Text> {
        self.items.iter().map(|(k, _)| k.clone()).collect()
    }
}

/// What a write changed (for the storage event): (old value, new value),
/// or `None` when nothing changed.
pub type Change = Option<(Option<Text>, Option<Text>)>;

#[derive(Default)]
pub struct StorageRegistry {
    areas: Mutex<HashMap<(StorageKind, String), StorageArea>>,
}

/// The write would exceed the origin's quota.
#[derive(Debug)]
pub struct QuotaExceeded;

impl StorageRegistry {
    pub fn read<R>(&self, kind: StorageKind, origin: &str, f: impl FnOnce(&StorageArea) -> R) -> R {
        let areas = lock(&self.areas);
        match areas.get(&(kind, origin.to_string())) {
            Some(a) => f(a),
            None => f(&StorageArea::default()),
        }
    }

    /// Sets `key`; returns (old, new) when it changed anything.
    pub fn set(
        &self,
        kind: StorageKind,
        origin: &str,
        key: &[u16],
        value: &[u16],
    ) -> Result<Change, QuotaExceeded> {
        let mut areas = lock(&self.areas);
        let area = areas.entry((kind, origin.to_string())).or_default();
        let index = area.items.iter().position(|(k, _)| k == key);
        let old = index.map(|i| area.items[i].1.clone());
        if old.as_deref() == Some(value) {
            return Ok(None);
        }
        let added = cost(value) + if old.is_none() { cost(key) } else { 0 };
        let removed = old.as_deref().map_or(0, cost);
        let bytes = area.bytes + added - removed;
        if bytes > QUOTA_BYTES {
            return Err(QuotaExceeded);
        }
        area.bytes = bytes;
        match index {
            Some(i) => area.items[i].1 = value.to_vec(),
            None => area.items.push((key.to_vec(), value.to_vec())),
        }
        Ok(Some((old, Some(value.to_vec()))))
    }

    pub fn remove(&self, kind: StorageKind, origin: &str, key: &[u16]) -> Change {
        let mut areas = lock(&self.areas);
        let area = areas.get_mut(&(kind, origin.to_string()))?;
        let index = area.items.iter().position(|(k, _)| k == key)?;
        let (k, v) = area.items.remove(index);
        area.bytes -= cost(&k) + cost(&v);
        Some((Some(v), None))
    }

    /// Empties the area; true if it held anything.
    pub fn clear(&self, kind: StorageKind, origin: &str) -> bool {
        let mut areas = lock(&self.areas);
        match areas.get_mut(&(kind, origin.to_string())) {
            Some(a) if !a.is_empty() => {
                *a = StorageArea::default();
                true
            }
            _ => false,
        }
    }

    /// A top-level browsing context opened from the top-level `from` starts
    /// with a copy of its session storage (HTML "copy session storage").
    pub fn copy_session(&self, from: FrameId, to: FrameId) {
        let mut areas = lock(&self.areas);
        let copies: Vec<_> = areas
            .iter()
            .filter(|((k, _), _)| *k == StorageKind::Session(from))
            .map(|((_, o), a)| ((StorageKind::Session(to), o.clone()), a.clone()))
            .collect();
        areas.extend(copies);
    }
}
