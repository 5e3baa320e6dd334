//! Session history: each tab's (top-level browsing context's) joint session
//! history, `history.pushState`/`replaceState`, and traversal (`back`,
//! `forward`, `go`) with `popstate` and `hashchange`.
//!
//! <https://html.spec.whatwg.org/multipage/browsing-the-web.html#session-history> ("Session history")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-history-interface> ("The History interface")
//!
//! The top-level frame keeps the steps: each step is the entry one frame
//! (the top or a descendant) moved to; the state at a step is, for each
//! frame, its latest entry at or before it. A traversal moves the current
//! step and brings each frame whose entry differs to it: within the same
//! document by updating the URL and state (`popstate`, then `hashchange`
//! if the fragment changed), else by loading the entry's URL again (no
//! back/forward cache: the document is new, and gets the entry's state).
//!
//! Not modelled: scroll restoration, the navigation API, traversals across
//! tabs, and entries of frames that went away (skipped).

use std::collections::HashMap;
use std::rc::Rc;

use url::Url;

use super::agent::{Agent, AgentState};
use super::realm::{call_hook, context_of, handle_failure};
use crate::runtime::envelope::SerializedValue;
use crate::runtime::report::FrameId;
use crate::v8::{self, HandleScope, Local};

/// A session history entry of one frame.
#[derive(Clone)]
pub(crate) struct HistoryEntry {
    pub url: Url,
    /// The document it belongs to (its node id, unique in the agent).
    pub document: u32,
    /// Its serialized state (pushState's data), `None` for null.
    pub state: Option<Rc<SerializedValue>>,
}

/// How a navigation updates the session history.
#[derive(Clone, Default)]
pub(crate) enum HistoryHandling {
    /// Push, unless the frame has no entry yet (its first document
    /// replaces the initial about:blank).
    #[default]
    Auto,
    Push,
    Replace,
    /// A traversal brings the entry back: its state, and the document it
    /// stood for (now replaced by the new one).
    Traverse {
        state: Option<Rc<SerializedValue>>,
        old_document: u32,
    },
}

/// A top-level frame's joint session history.
#[derive(Default)]
pub(crate) struct SessionHistory {
    steps: Vec<(FrameId, HistoryEntry)>,
    current: usize,
    /// A descendant's entry before its first step: where going back past
    /// that step returns it.
    base: HashMap<FrameId, HistoryEntry>,
}

impl SessionHistory {
    /// `history.length`: the number of steps.
    pub fn len(&self) -> usize {
        self.steps.len().max(1)
    }

    /// `frame`'s entry at step `step`.
    fn entry_at(&self, frame: FrameId, step: usize) -> Option<&HistoryEntry> {
        self.steps[..=step.min(self.steps.len().saturating_sub(1))]
            .iter()
            .rev()
            .find(|(f, _)| *f == frame)
            .map(|(_, e)| e)
            .or_else(|| self.base.get(&frame))
    }

    fn push(&mut self, frame: FrameId, entry: HistoryEntry, previous: Option<HistoryEntry>) {
        if !self.steps.is_empty() {
            self.steps.truncate(self.current + 1);
            if !self.steps.iter().any(|(f, _)| *f == frame)
                && let Some(previous) = previous
            {
                self.base.entry(frame).or_insert(previous);
            }
        }
        self.steps.push((frame, entry));
        self.current = self.steps.len() - 1;
    }

    fn replace(&mut self, frame: FrameId, entry: HistoryEntry) {
        let upto = self.current.min(self.steps.len().saturating_sub(1));
        if let Some(slot) = self
            .steps
            .iter_mut()
            .take(upto + 1)
            .rev()
            .find(|(f, _)| *f == frame)
        {
            slot.1 = entry;
        } else if self.steps.is_empty() {
            self.steps.push((frame, entry));
            self.current = 0;
        } else {
            self.base.insert(frame, entry);
        }
    }

    /// A traversed-to entry's document was loaded again as `new`.
    fn renumber(&mut self, frame: FrameId, old: u32, new: u32) {
        for (f, e) in self.steps.iter_mut() {
            if *f == frame && e.document == old {
                e.document = new;
            }
        }
        if let Some(e) = self.base.get_mut(&frame)
            && e.document == old
        {
            e.document = new;
        }
    }
}

fn top_of(state: &AgentState, frame: FrameId) -> FrameId {
    super::window_proxy::top_of(state, frame)
}

/// Records `frame`'s new entry in its tab's session history as `handling`
/// says (a navigation that loaded a document, a fragment navigation,
/// pushState/replaceState).
pub(crate) fn commit(
    state: &AgentState,
    frame: FrameId,
    entry: HistoryEntry,
    handling: HistoryHandling,
) {
    let top = top_of(state, frame);
    let mut frames = state.frames.borrow_mut();
    let Some(previous) = frames
        .get_mut(&frame)
        .map(|f| f.entry.replace(entry.clone()))
    else {
        return;
    };
    let Some(history) = frames.get_mut(&top).map(|t| &mut t.history) else {
        return;
    };
    match handling {
        HistoryHandling::Auto if previous.is_none() => history.replace(frame, entry),
        HistoryHandling::Auto | HistoryHandling::Push => history.push(frame, entry, previous),
        HistoryHandling::Replace => history.replace(frame, entry),
        HistoryHandling::Traverse { old_document, .. } => {
            history.renumber(frame, old_document, entry.document);
        }
    }
}

/// A document was loaded into `frame` at `url`: its entry, as the
/// navigation under way says (read and cleared here).
pub(crate) fn commit_document(state: &AgentState, frame: FrameId, url: &Url, document: u32) {
    let handling = state
        .frames
        .borrow_mut()
        .get_mut(&frame)
        .map(|f| std::mem::take(&mut f.pending_history))
        .unwrap_or_default();
    let restored = match &handling {
        HistoryHandling::Traverse { state, .. } => state.clone(),
        _ => None,
    };
    let entry = HistoryEntry {
        url: url.clone(),
        document,
        state: restored,
    };
    commit(state, frame, entry, handling);
}

/// After the new document's realm is made: a traversed-to entry's state
/// becomes its `history.state`.
pub(crate) fn restore_state(scope: &HandleScope<'_>, state: &AgentState, frame: FrameId) {
    let saved = state
        .frames
        .borrow()
        .get(&frame)
        .and_then(|f| f.entry.as_ref().and_then(|e| e.state.clone()));
    if let Some(saved) = saved {
        set_state_in_realm(scope, state, frame, Some(&saved));
    }
}

/// Sets `history.state` of `frame`'s realm to the deserialized `saved`
/// (null for `None`); the value, for a popstate event.
fn set_state_in_realm<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    saved: Option<&SerializedValue>,
) -> Option<Local<'s, v8::Value>> {
    let ctx = context_of(scope, state, frame)?;
    let _cs = v8::ContextScope::new(scope, ctx);
    let value = match saved {
        Some(s) => super::clone::deserialize(scope, state, ctx, frame, s)
            .map(|(v, _)| v)
            .unwrap_or_else(|| v8::value::null(scope)),
        None => v8::value::null(scope),
    };
    let tc = v8::TryCatch::new(scope);
    if call_hook(scope, state, frame, "setHistoryState", &[value]).is_none() {
        handle_failure(scope, state, frame, &tc);
    }
    Some(value)
}

/// `history.length` for `frame`.
pub(crate) fn length(state: &AgentState, frame: FrameId) -> usize {
    let top = top_of(state, frame);
    state
        .frames
        .borrow()
        .get(&top)
        .map_or(1, |t| t.history.len())
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#traverse-the-history-by-a-delta> ("traverse the history by a delta"):
/// queued as a task; a delta out of range does nothing, and 0 reloads.
pub(crate) fn traverse_by_delta(state: &AgentState, frame: FrameId, delta: i64) {
    if delta == 0 {
        let url = state.frame_url(frame);
        if let Some(url) = url {
            let params = super::navigation::NavigateParams {
                source: Some(frame),
                replace: true,
                ..Default::default()
            };
            let _ = super::navigation::navigate(state, frame, url, params);
        }
        return;
    }
    state.queue_on(super::task_queues::TaskSource::Networking, move |agent| {
        traverse(agent, frame, delta);
    });
}

/// The traversal's task: move the current step, and bring every frame
/// whose entry differs to its entry there.
fn traverse(agent: &mut Agent, frame: FrameId, delta: i64) {
    let state = agent.state.clone();
    let top = top_of(&state, frame);
    // (frame, its entry at the target step), in the order the steps name them.
    let (target, changed) = {
        let frames = state.frames.borrow();
        let Some(history) = frames.get(&top).map(|t| &t.history) else {
            return;
        };
        let target = history.current as i64 + delta;
        if target < 0 || target >= history.steps.len() as i64 {
            return;
        }
        let target = target as usize;
        let (low, high) = (history.current.min(target), history.current.max(target));
        let mut changed: Vec<FrameId> = Vec::new();
        for (f, _) in &history.steps[low + 1..=high] {
            if !changed.contains(f) {
                changed.push(*f);
            }
        }
        (target, changed)
    };
    // https://html.spec.whatwg.org/multipage/browsing-the-web.html#apply-the-history-step ("apply the history step"):
    // the initiator (the History's document) must be allowed by sandboxing
    // to navigate every frame whose entry changes, or nothing moves.
    if changed
        .iter()
        .any(|&f| super::navigation::allowed_by_sandboxing(&state, frame, f, false).is_err())
    {
        return;
    }
    let changes: Vec<(FrameId, HistoryEntry)> = {
        let mut frames = state.frames.borrow_mut();
        let Some(history) = frames.get_mut(&top).map(|t| &mut t.history) else {
            return;
        };
        history.current = target;
        changed
            .into_iter()
            .filter_map(|f| history.entry_at(f, target).map(|e| (f, e.clone())))
            .collect()
    };
    for (f, entry) in changes {
        apply_entry(agent, f, entry);
    }
}

/// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#apply-the-history-step> ("apply the history step"),
/// for one frame.
fn apply_entry(agent: &mut Agent, frame: FrameId, entry: HistoryEntry) {
    let state = agent.state.clone();
    let current = state
        .frames
        .borrow()
        .get(&frame)
        .map(|f| (f.document.map(|d| d.0), f.url.clone()));
    let Some((document, old_url)) = current else {
        return;
    };
    if document == Some(entry.document) {
        // The same document: update its URL and state, then popstate and
        // (for another fragment) hashchange.
        // https://html.spec.whatwg.org/multipage/browsing-the-web.html#update-document-for-history-step-application ("update document for history step application")
        let url = entry.url.clone();
        let saved = entry.state.clone();
        if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
            f.set_url(url.clone());
            f.entry = Some(entry);
        }
        state.host.with_frame(frame, |i| i.url = url.to_string());
        let scope = HandleScope::new(&mut agent.isolate);
        let value = set_state_in_realm(&scope, &state, frame, saved.as_deref())
            .unwrap_or_else(|| v8::value::null(&scope));
        fire_popstate(&scope, &state, frame, value);
        if old_url.fragment() != url.fragment() {
            drop(scope);
            let (old, new) = (old_url, url);
            state.queue(move |agent| super::loading::fire_hashchange(agent, frame, old, new));
        }
        return;
    }
    let old_document = entry.document;
    let seq = {
        let mut frames = state.frames.borrow_mut();
        let Some(f) = frames.get_mut(&frame) else {
            return;
        };
        f.pending_history = HistoryHandling::Traverse {
            state: entry.state.clone(),
            old_document,
        };
        f.navigation += 1;
        f.navigation
    };
    super::navigation::fetch_and_load(&state, frame, entry.url, seq);
}

fn fire_popstate(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    value: Local<'_, v8::Value>,
) {
    let Some(ctx) = context_of(scope, state, frame) else {
        return;
    };
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    if call_hook(scope, state, frame, "firePopState", &[value]).is_none() {
        handle_failure(scope, state, frame, &tc);
    }
}

/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#can-have-its-url-rewritten> ("can have its URL rewritten")
pub(crate) fn can_rewrite(document: &Url, target: &Url) -> bool {
    if document.scheme() != target.scheme()
        || document.username() != target.username()
        || document.password() != target.password()
        || document.host() != target.host()
        || document.port_or_known_default() != target.port_or_known_default()
    {
        return false;
    }
    if matches!(target.scheme(), "http" | "https") {
        return true;
    }
    if target.scheme() == "file" && document.path() != target.path() {
        return false;
    }
    let (mut a, mut b) = (document.clone(), target.clone());
    a.set_fragment(None);
    b.set_fragment(None);
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str, document: u32) -> HistoryEntry {
        HistoryEntry {
            url: Url::parse(url).expect("test URL"),
            document,
            state: None,
        }
    }

    #[test]
    fn pushing_after_going_back_drops_the_forward_steps() {
        let mut h = SessionHistory::default();
        h.replace(1, entry("http://a.test/", 10));
        h.push(1, entry("http://a.test/#x", 10), None);
        h.push(1, entry("http://a.test/#y", 10), None);
        assert_eq!(h.len(), 3);
        h.current = 1;
        h.push(1, entry("http://a.test/#z", 10), None);
        assert_eq!(h.len(), 3);
        assert_eq!(
            h.entry_at(1, 2).map(|e| e.url.as_str()),
            Some("http://a.test/#z")
        );
    }

    #[test]
    fn a_frames_entry_before_its_first_step_is_its_base() {
        let mut h = SessionHistory::default();
        h.replace(1, entry("http://a.test/", 10));
        h.push(
            2,
            entry("http://a.test/two", 12),
            Some(entry("http://a.test/one", 11)),
        );
        assert_eq!(
            h.entry_at(2, 0).map(|e| e.url.as_str()),
            Some("http://a.test/one")
        );
        assert_eq!(
            h.entry_at(2, 1).map(|e| e.url.as_str()),
            Some("http://a.test/two")
        );
        assert_eq!(
            h.entry_at(1, 1).map(|e| e.url.as_str()),
            Some("http://a.test/")
        );
    }

    #[test]
    fn urls_may_be_rewritten_within_the_origin_only() {
        let u = |s: &str| Url::parse(s).expect("test URL");
        assert!(can_rewrite(
            &u("http://a.test/x"),
            &u("http://a.test/y?z#w")
        ));
        assert!(!can_rewrite(&u("http://a.test/x"), &u("http://b.test/x")));
        assert!(!can_rewrite(&u("http://a.test/x"), &u("https://a.test/x")));
        assert!(!can_rewrite(
            &u("http://a.test/x"),
            &u("http://a.test:81/x")
        ));
        assert!(can_rewrite(&u("about:blank"), &u("about:blank#x")));
        assert!(!can_rewrite(&u("about:blank"), &u("about:srcdoc")));
    }
}
