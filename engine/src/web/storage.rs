//! What reaches other agents of an origin: the storage event, and
//! BroadcastChannel messages (each a task of the receiving agent).
//!
//! <https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface> ("The StorageEvent interface")
//! <https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts> ("Broadcasting to other browsing contexts")

use super::agent::Agent;
use super::realm::{call_hook, context_of, handle_failure};
use crate::runtime::envelope::{Envelope, SerializedValue, StorageChange};
use crate::runtime::host::{HostShared, lock, top_level_in};
use crate::runtime::report::{FrameId, FrameKind};
use crate::runtime::scheduler::AgentId;
use crate::v8::{self, HandleScope, Local};

/// <https://html.spec.whatwg.org/multipage/webstorage.html#concept-storage-broadcast> ("broadcast"):
/// a storage change to every other same-origin document: all tabs for
/// localStorage, the same top-level browsing context for sessionStorage;
/// never the writer.
pub(crate) fn announce(
    host: &HostShared,
    writer: FrameId,
    origin: &str,
    mut change: StorageChange,
) {
    let frames = lock(&host.frames);
    let writer_top = top_level_in(&frames, writer);
    let targets: Vec<(FrameId, AgentId)> = frames
        .values()
        .filter(|f| {
            f.kind == FrameKind::Window
                && !f.closed
                && f.id != writer
                && f.origin == origin
                && origin != "null"
        })
        .filter(|f| change.local || top_level_in(&frames, f.id) == writer_top)
        .map(|f| (f.id, f.isolate))
        .collect();
    drop(frames);
    for (frame, agent) in targets {
        change.target = frame;
        host.scheduler
            .post(agent, Envelope::Storage(change.clone()));
    }
}

/// The storage event in one document of the origin (a task there).
pub(crate) fn fire_storage_event(agent: &mut Agent, change: StorageChange) {
    let state = agent.state.clone();
    let frame = change.target;
    let scope = HandleScope::new(&mut agent.isolate);
    if context_of(&scope, &state, frame).is_none() {
        return;
    }
    let tc = v8::TryCatch::new(&scope);
    let text = |s: &Option<Vec<u16>>| -> Local<v8::Value> {
        match s {
            Some(s) => v8::String::from_utf16(&scope, s).into(),
            None => v8::value::null(&scope),
        }
    };
    let args = [
        text(&change.key),
        text(&change.old_value),
        text(&change.new_value),
        v8::String::new(&scope, &change.url).into(),
        v8::value::boolean(&scope, change.local),
    ];
    if call_hook(&scope, &state, frame, "fireStorage", &args).is_none() {
        handle_failure(&scope, &state, frame, &tc);
    }
}

/// A BroadcastChannel message at channel `channel` of this agent (a task),
/// deserialized in its realm
/// (https://html.spec.whatwg.org/multipage/web-messaging.html#dom-broadcastchannel-postmessage,
/// "postMessage(message)", the task of its last step).
pub(crate) fn deliver_broadcast(
    agent: &mut Agent,
    channel: u32,
    origin: String,
    data: SerializedValue,
) {
    let state = agent.state.clone();
    let Some(frame) = state.channels.borrow().get(&channel).map(|c| c.frame) else {
        return;
    };
    super::clone::deliver_to_hook(
        agent,
        frame,
        &data,
        "deliverBroadcast",
        |scope, _, [value, _, error]| {
            let id = v8::value::number(scope, f64::from(channel));
            let origin = v8::String::new(scope, &origin);
            vec![id, value, origin.into(), error]
        },
    );
}
