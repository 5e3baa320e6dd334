//! Blobs' bytes, held once by the host for every agent, and the blob URL
//! store.
//!
//! <https://w3c.github.io/FileAPI/#blob-section> ("The Blob Interface and Binary Data")
//! <https://w3c.github.io/FileAPI/#BlobURLStore> ("The Blob URL Store")
//!
//! A Blob is immutable bytes with a type. The host keeps each blob's bytes
//! here under a [`BlobId`]; a JS Blob object holds an id, and so does every
//! structured clone of it, in any agent: clones share the bytes, never copy
//! them. A slice is a new id over the same buffer.
//!
//! Who keeps a blob alive:
//! - an agent, once per JS object it has over the id (its *holds*; the
//!   bindings release one when the object is collected, and an agent's
//!   thread ending releases all of its own, [`BlobStore::drop_agent`]);
//! - a [`BlobHandle`] (a message in flight, a fetch body): `Send`, counted
//!   while it lives;
//! - a blob URL entry.
//!
//! Caps (a page cannot make the host allocate without bound): one blob is
//! at most [`MAX_BLOB_BYTES`] (512 MiB; more is a RangeError in the page),
//! and all blobs of a host together at most [`MAX_TOTAL_BYTES`] (2 GiB;
//! more is a QuotaExceededError). Buffers shared by slices count once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::host::lock;
use super::origin::Origin;
use super::report::FrameId;
use super::scheduler::AgentId;

/// A blob's host id (never reused within a host).
pub type BlobId = u64;

/// The largest blob: 512 MiB (a RangeError past it).
pub const MAX_BLOB_BYTES: usize = 512 << 20;

/// All blobs of a host together: 2 GiB (a QuotaExceededError past it).
pub const MAX_TOTAL_BYTES: usize = 2 << 30;

/// Why a blob cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    #[error("a Blob of {size} bytes is larger than the {} MiB a Blob may have", limit >> 20)]
    TooLarge { size: u64, limit: u64 },
    #[error("a Blob of {size} bytes does not fit: the host holds {held} bytes of Blobs, of at most {} MiB", limit >> 20)]
    QuotaExceeded { size: u64, held: u64, limit: u64 },
}

/// One blob: its bytes (a range of a shared buffer) and its type.
struct Entry {
    bytes: Bytes,
    buffer: u64,
    /// The normalized type ("" or lowercase printable ASCII).
    mime: String,
    /// Holds, handles and URL entries on this id.
    refs: u64,
}

struct Buffer {
    len: usize,
    /// Entries over this buffer.
    entries: u64,
}

/// A blob URL entry: the blob it maps to and where it was made.
/// <https://w3c.github.io/FileAPI/#blob-url-entry> ("blob URL entry")
struct UrlEntry {
    blob: BlobId,
    origin: Origin,
    agent: AgentId,
    frame: FrameId,
}

struct Inner {
    max_blob: usize,
    max_total: usize,
    next_id: BlobId,
    next_buffer: u64,
    blobs: HashMap<BlobId, Entry>,
    buffers: HashMap<u64, Buffer>,
    /// Bytes of all live buffers.
    total: usize,
    /// agent -> id -> JS objects of that agent over the id.
    holds: HashMap<AgentId, HashMap<BlobId, u64>>,
    /// "blob:origin/uuid" (no fragment) -> entry.
    urls: HashMap<String, UrlEntry>,
}

impl Inner {
    fn check(&self, size: usize) -> Result<(), BlobError> {
        if size > self.max_blob {
            return Err(BlobError::TooLarge {
                size: size as u64,
                limit: self.max_blob as u64,
            });
        }
        if self.total.saturating_add(size) > self.max_total {
            return Err(BlobError::QuotaExceeded {
                size: size as u64,
                held: self.total as u64,
                limit: self.max_total as u64,
            });
        }
        Ok(())
    }

    fn insert(&mut self, bytes: Bytes, buffer: u64, mime: String) -> BlobId {
        self.next_id += 1;
        let id = self.next_id;
        if let Some(b) = self.buffers.get_mut(&buffer) {
            b.entries += 1;
        }
        self.blobs.insert(
            id,
            Entry {
                bytes,
                buffer,
                mime,
                refs: 0,
            },
        );
        id
    }

    fn retain(&mut self, id: BlobId) -> bool {
        match self.blobs.get_mut(&id) {
            Some(e) => {
                e.refs += 1;
                true
            }
            None => false,
        }
    }

    fn release(&mut self, id: BlobId) {
        let Some(e) = self.blobs.get_mut(&id) else {
            return;
        };
        e.refs = e.refs.saturating_sub(1);
        if e.refs > 0 {
            return;
        }
        let buffer = e.buffer;
        self.blobs.remove(&id);
        let gone = match self.buffers.get_mut(&buffer) {
            Some(b) => {
                b.entries = b.entries.saturating_sub(1);
                (b.entries == 0).then_some(b.len)
            }
            None => None,
        };
        if let Some(len) = gone {
            self.buffers.remove(&buffer);
            self.total = self.total.saturating_sub(len);
        }
    }

    fn hold(&mut self, agent: AgentId, id: BlobId) -> bool {
        if !self.retain(id) {
            return false;
        }
        *self.holds.entry(agent).or_default().entry(id).or_insert(0) += 1;
        true
    }

    fn holds(&self, agent: AgentId, id: BlobId) -> bool {
        self.holds.get(&agent).is_some_and(|h| h.contains_key(&id))
    }
}

/// Every blob of a host, and its blob URL store.
#[derive(Clone)]
pub struct BlobStore {
    inner: Arc<Mutex<Inner>>,
}

impl Default for BlobStore {
    fn default() -> BlobStore {
        BlobStore::with_limits(MAX_BLOB_BYTES, MAX_TOTAL_BYTES)
    }
}

/// What a blob is, for a reader: its bytes (shared, not copied) and type.
#[derive(Debug, Clone)]
pub struct BlobData {
    pub bytes: Bytes,
    pub mime: String,
}

impl BlobStore {
    /// A store whose blobs are at most `max_blob` bytes each and
    /// `max_total` together.
    pub fn with_limits(max_blob: usize, max_total: usize) -> BlobStore {
        BlobStore {
            inner: Arc::new(Mutex::new(Inner {
                max_blob,
                max_total,
                next_id: 0,
                next_buffer: 0,
                blobs: HashMap::new(),
                buffers: HashMap::new(),
                total: 0,
                holds: HashMap::new(),
                urls: HashMap::new(),
            })),
        }
    }

    /// Whether a blob of `size` bytes may be made now.
    pub fn check_size(&self, size: usize) -> Result<(), BlobError> {
        lock(&self.inner).check(size)
    }

    /// A new blob of `bytes` with (normalized) type `mime`, held once by
    /// `agent`.
    pub fn create(&self, agent: AgentId, bytes: Vec<u8>, mime: &str) -> Result<BlobId, BlobError> {
        let mut inner = lock(&self.inner);
        inner.check(bytes.len())?;
        inner.next_buffer += 1;
        let buffer = inner.next_buffer;
        inner.buffers.insert(
            buffer,
            Buffer {
                len: bytes.len(),
                entries: 0,
            },
        );
        inner.total += bytes.len();
        let id = inner.insert(Bytes::from(bytes), buffer, mime.to_string());
        inner.hold(agent, id);
        Ok(id)
    }

    /// Bytes `start..end` of blob `id` (held by `agent`) as a new blob of
    /// type `mime`, over the same buffer, held once by `agent`.
    pub fn slice(
        &self,
        agent: AgentId,
        id: BlobId,
        start: usize,
        end: usize,
        mime: &str,
    ) -> Option<BlobId> {
        let mut inner = lock(&self.inner);
        if !inner.holds(agent, id) {
            return None;
        }
        let entry = inner.blobs.get(&id)?;
        let end = end.min(entry.bytes.len());
        let start = start.min(end);
        let (bytes, buffer) = (entry.bytes.slice(start..end), entry.buffer);
        let slice = inner.insert(bytes, buffer, mime.to_string());
        inner.hold(agent, slice);
        Some(slice)
    }

    /// Blob `id`'s bytes and type, if `agent` holds it.
    pub fn read(&self, agent: AgentId, id: BlobId) -> Option<BlobData> {
        let inner = lock(&self.inner);
        if !inner.holds(agent, id) {
            return None;
        }
        inner.blobs.get(&id).map(|e| BlobData {
            bytes: e.bytes.clone(),
            mime: e.mime.clone(),
        })
    }

    /// One more JS object of `agent` over `id` (a same-agent clone); false
    /// if `agent` holds no such blob.
    pub fn hold_again(&self, agent: AgentId, id: BlobId) -> bool {
        let mut inner = lock(&self.inner);
        inner.holds(agent, id) && inner.hold(agent, id)
    }

    /// One JS object of `agent` over `id` is gone (collected).
    pub fn release(&self, agent: AgentId, id: BlobId) {
        let mut inner = lock(&self.inner);
        let Some(holds) = inner.holds.get_mut(&agent) else {
            return;
        };
        let Some(count) = holds.get_mut(&id) else {
            return;
        };
        *count -= 1;
        if *count == 0 {
            holds.remove(&id);
        }
        inner.release(id);
    }

    /// A handle on blob `id` (held by `agent`) that may leave the agent: a
    /// message carrying the blob, a request body.
    pub fn handle(&self, agent: AgentId, id: BlobId) -> Option<BlobHandle> {
        let mut inner = lock(&self.inner);
        if !inner.holds(agent, id) || !inner.retain(id) {
            return None;
        }
        Some(BlobHandle {
            store: self.clone(),
            id,
        })
    }

    /// `agent` makes a JS object over the blob `handle` names (a message
    /// arrived): it holds the id from now on.
    pub fn adopt(&self, agent: AgentId, handle: &BlobHandle) -> BlobId {
        lock(&self.inner).hold(agent, handle.id);
        handle.id
    }

    /// An agent's thread ended: what it held and the blob URLs it made are
    /// gone.
    pub fn drop_agent(&self, agent: AgentId) {
        let mut inner = lock(&self.inner);
        let holds = inner.holds.remove(&agent).unwrap_or_default();
        for (id, count) in holds {
            for _ in 0..count {
                inner.release(id);
            }
        }
        let urls: Vec<String> = inner
            .urls
            .iter()
            .filter(|(_, e)| e.agent == agent)
            .map(|(u, _)| u.clone())
            .collect();
        for url in urls {
            if let Some(e) = inner.urls.remove(&url) {
                inner.release(e.blob);
            }
        }
    }

    /// How many bytes the host's blobs take (shared buffers once).
    pub fn total_bytes(&self) -> usize {
        lock(&self.inner).total
    }

    /// How many blobs (ids) are alive.
    pub fn live_blobs(&self) -> usize {
        lock(&self.inner).blobs.len()
    }

    // --- The blob URL store ----------------------------------------------

    /// <https://w3c.github.io/FileAPI/#add-an-entry> ("add an entry"):
    /// `url` (made by the caller: "blob:" origin "/" UUID) maps to blob `id`
    /// of `agent`, made in `frame` of `origin`. False if `agent` holds no
    /// such blob.
    pub fn add_url(
        &self,
        url: &str,
        agent: AgentId,
        frame: FrameId,
        id: BlobId,
        origin: &Origin,
    ) -> bool {
        let mut inner = lock(&self.inner);
        if !inner.holds(agent, id) || !inner.retain(id) {
            return false;
        }
        let old = inner.urls.insert(
            url.to_string(),
            UrlEntry {
                blob: id,
                origin: origin.clone(),
                agent,
                frame,
            },
        );
        if let Some(old) = old {
            inner.release(old.blob);
        }
        true
    }

    /// <https://w3c.github.io/FileAPI/#removeTheEntry> ("remove an entry"),
    /// for `URL.revokeObjectURL(url)` from `origin`: only an entry of the
    /// same origin goes.
    pub fn revoke_url(&self, url: &str, origin: &Origin) {
        let mut inner = lock(&self.inner);
        let key = without_fragment(url);
        if inner
            .urls
            .get(key)
            .is_some_and(|e| e.origin.same_origin(origin))
            && let Some(e) = inner.urls.remove(key)
        {
            inner.release(e.blob);
        }
    }

    /// The entries made in `frame` go with its document (HTML: a blob URL
    /// entry lives as long as its environment).
    pub fn drop_frame_urls(&self, agent: AgentId, frame: FrameId) {
        let mut inner = lock(&self.inner);
        let urls: Vec<String> = inner
            .urls
            .iter()
            .filter(|(_, e)| e.agent == agent && e.frame == frame)
            .map(|(u, _)| u.clone())
            .collect();
        for url in urls {
            if let Some(e) = inner.urls.remove(&url) {
                inner.release(e.blob);
            }
        }
    }

    /// <https://w3c.github.io/FileAPI/#blob-url-resolve> ("resolve a blob
    /// URL"): the blob `url` (its fragment ignored) names, for a request from
    /// `requester`; `None` when there is no entry (never made, revoked, gone
    /// with its document) or it was made by another origin (blob URLs are
    /// partitioned by origin, as browsers partition them by storage key).
    pub fn resolve_url(&self, url: &str, requester: &Origin) -> Option<BlobHandle> {
        let mut inner = lock(&self.inner);
        let entry = inner.urls.get(without_fragment(url))?;
        if !entry.origin.same_origin(requester) {
            return None;
        }
        let id = entry.blob;
        inner.retain(id).then(|| BlobHandle {
            store: self.clone(),
            id,
        })
    }
}

/// A URL as a request holds it: for a blob: URL, with the blob URL entry
/// it resolved to when it was parsed
/// (<https://url.spec.whatwg.org/#concept-url-blob-entry>, "blob URL
/// entry"), so that revoking the URL after the request started does not
/// stop it.
#[derive(Debug, Clone)]
pub struct UrlRecord {
    pub url: url::Url,
    /// `None` for a blob: URL with no entry (revoked, never made, another
    /// origin's): fetching it is a network error.
    pub blob_entry: Option<BlobHandle>,
}

impl UrlRecord {
    /// `url` parsed for a request from `requester`: a blob: URL is resolved
    /// now.
    pub fn resolve(store: &BlobStore, url: url::Url, requester: &Origin) -> UrlRecord {
        let blob_entry = if url.scheme() == "blob" {
            store.resolve_url(url.as_str(), requester)
        } else {
            None
        };
        UrlRecord { url, blob_entry }
    }
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// A counted reference to a blob that can cross threads (a message in
/// flight, a pinned blob URL, a request body): the bytes stay while it
/// lives. Cloning counts once more.
pub struct BlobHandle {
    store: BlobStore,
    id: BlobId,
}

impl BlobHandle {
    pub fn id(&self) -> BlobId {
        self.id
    }

    /// The blob's bytes and type.
    pub fn data(&self) -> Option<BlobData> {
        lock(&self.store.inner)
            .blobs
            .get(&self.id)
            .map(|e| BlobData {
                bytes: e.bytes.clone(),
                mime: e.mime.clone(),
            })
    }
}

impl Clone for BlobHandle {
    fn clone(&self) -> BlobHandle {
        lock(&self.store.inner).retain(self.id);
        BlobHandle {
            store: self.store.clone(),
            id: self.id,
        }
    }
}

impl Drop for BlobHandle {
    fn drop(&mut self) {
        lock(&self.store.inner).release(self.id);
    }
}

impl std::fmt::Debug for BlobHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobHandle").field("id", &self.id).finish()
    }
}

/// <https://w3c.github.io/FileAPI/#dom-blob-type> (the type's
/// normalization in "new Blob" and "slice"): a type with a character
/// outside U+0020..U+007E is the empty string; otherwise it is lowercased.
pub fn normalize_type(mime: &str) -> String {
    if mime.chars().all(|c| ('\u{20}'..='\u{7e}').contains(&c)) {
        mime.to_ascii_lowercase()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of_url(&url::Url::parse(s).expect("url"))
    }

    #[test]
    fn slices_share_the_buffer_and_the_last_release_frees_it() {
        let store = BlobStore::default();
        let a = store.create(1, b"hello world".to_vec(), "").expect("blob");
        let b = store.slice(1, a, 6, 11, "text/plain").expect("slice");
        assert_eq!(store.total_bytes(), 11, "one buffer");
        assert_eq!(&store.read(1, b).expect("held").bytes[..], b"world");
        assert!(store.read(2, b).is_none(), "another agent holds nothing");
        store.release(1, a);
        assert_eq!(store.total_bytes(), 11, "the slice keeps the buffer");
        store.release(1, b);
        assert_eq!((store.total_bytes(), store.live_blobs()), (0, 0));
    }

    #[test]
    fn a_handle_keeps_a_blob_across_agents_and_its_drop_releases_it() {
        let store = BlobStore::default();
        let a = store.create(1, b"x".to_vec(), "").expect("blob");
        let handle = store.handle(1, a).expect("handle");
        store.drop_agent(1);
        assert_eq!(store.live_blobs(), 1, "in flight");
        let id = store.adopt(2, &handle);
        drop(handle);
        assert_eq!(&store.read(2, id).expect("adopted").bytes[..], b"x");
        store.drop_agent(2);
        assert_eq!((store.total_bytes(), store.live_blobs()), (0, 0));
    }

    #[test]
    fn blob_urls_resolve_for_their_origin_until_revoked() {
        let store = BlobStore::default();
        let a = store.create(1, b"<p>".to_vec(), "text/html").expect("blob");
        let mine = origin("http://a.test/");
        let url = "blob:http://a.test/0b6e6f2c-0000-4000-8000-000000000000";
        assert!(store.add_url(url, 1, 7, a, &mine));
        store.release(1, a);
        let got = store
            .resolve_url(&format!("{url}#frag"), &mine)
            .expect("resolves");
        assert_eq!(got.data().expect("data").mime, "text/html");
        assert!(store.resolve_url(url, &origin("http://b.test/")).is_none());
        store.revoke_url(url, &origin("http://b.test/"));
        assert!(store.resolve_url(url, &mine).is_some(), "not b's to revoke");
        store.revoke_url(url, &mine);
        assert!(store.resolve_url(url, &mine).is_none());
        drop(got);
        assert_eq!(store.live_blobs(), 0);
    }

    #[test]
    fn the_caps_are_checked_before_anything_is_allocated() {
        let store = BlobStore::default();
        let err = store.check_size(MAX_BLOB_BYTES + 1).expect_err("too large");
        assert_eq!(
            err.to_string(),
            "a Blob of 536870913 bytes is larger than the 512 MiB a Blob may have"
        );
        assert!(store.check_size(MAX_BLOB_BYTES).is_ok());
        let small = BlobStore::with_limits(4, 6);
        let a = small.create(1, b"abcd".to_vec(), "").expect("fits");
        let _ = small.slice(1, a, 0, 2, "").expect("a slice costs nothing");
        assert!(matches!(
            small.create(1, b"xyz".to_vec(), ""),
            Err(BlobError::QuotaExceeded { held: 4, .. })
        ));
        assert!(small.create(1, b"xy".to_vec(), "").is_ok());
    }

    #[test]
    fn types_are_lowercased_or_emptied() {
        assert_eq!(
            normalize_type("Text/HTML; Charset=UTF-8"),
            "text/html; charset=utf-8"
        );
        assert_eq!(normalize_type("text/\u{e9}"), "");
        assert_eq!(normalize_type("a\tb"), "");
    }
}
