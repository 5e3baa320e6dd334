//! Shared workers: one isolate on its own thread per (constructor origin,
//! script URL, name), host-wide (`runtime/shared_workers.rs`), reached by
//! same-origin documents of any tab through a fresh MessageChannel each
//! `new SharedWorker()` makes, whose inside end arrives in the worker's
//! `connect` event.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface> ("Shared workers and the SharedWorker interface")
//!
//! Clock: a shared worker joins the clock group of the document that
//! started it, as a dedicated worker does. Documents of that group (the tab,
//! the tabs it opened, their frames: the usual sharers) reach it in the
//! group's one deterministic order. A document of another group (another
//! page given to the same `isohost open`) posts from outside the group's
//! turn: its messages and connections are keyed when they arrive, at the
//! worker's group time, as BroadcastChannel messages between groups are.
//! The worker cannot belong to two groups (one clock each), and merging
//! groups would make two independent pages' runs depend on each other.
//!
//! Not modelled: the secure-context check between a worker and a connecting
//! document, and the `SharedWorker` port being started for the first
//! connection by "run a worker" (as in every browser, `worker.port` is
//! started by `start()` or setting `onmessage`).

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use url::Url;

use super::agent::{Agent, AgentState, LocalPort, SharedWorkerGlobal};
use super::realm::{Frame, call_hook, handle_failure};
use crate::runtime::envelope::{Envelope, PortId};
use crate::runtime::host::{HostShared, MAX_LIVE_WORKERS};
use crate::runtime::origin::Origin;
use crate::runtime::report::{FrameId, FrameInfo, FrameKind, IsolateKind, ScriptError};
use crate::runtime::scheduler::AgentId;
use crate::runtime::shared_workers::{Connected, Connection, ScriptOptions, SharedWorkerKey};
use crate::v8::{self, HandleScope};

/// What the SharedWorker constructor asks for.
pub(crate) struct Request {
    pub url: Url,
    pub name: String,
    pub module: bool,
    pub credentials: String,
}

/// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker> ("new SharedWorker(scriptURL, options)"),
/// after the URL was checked (`worker::resolve`), in `frame`: a new
/// MessageChannel, whose outside end is the SharedWorker's `port` (returned)
/// and whose inside end goes to the worker for `(origin, url, name)`, started
/// now if there is none. A worker running another type of script, or one
/// that cannot be started, fires `error` at the SharedWorker, in a task.
pub(crate) fn connect(state: &AgentState, frame: FrameId, request: Request) -> PortId {
    let host = Arc::clone(&state.host);
    let outside = host.new_port_id();
    let inside = host.new_port_id();
    host.ports.entangle(outside, inside, state.id);
    host.ports.detach(inside);
    state
        .ports
        .borrow_mut()
        .insert(outside, LocalPort::new(frame));
    let origin = state.frame_origin(frame).unwrap_or_else(Origin::new_opaque);
    let key = SharedWorkerKey {
        origin,
        url: request.url.to_string(),
        name: request.name.clone(),
    };
    let options = ScriptOptions {
        module: request.module,
        credentials: request.credentials.clone(),
    };
    let connection = Connection {
        agent: state.id,
        frame,
        port: outside,
    };
    let group = state.group;
    let connected = host.shared_workers.connect(
        key,
        options,
        connection,
        || start(&host, group, request, inside),
        |agent, _| {
            host.scheduler
                .post(agent, Envelope::SharedWorkerConnect { port: inside })
        },
    );
    if matches!(connected, Connected::Mismatch | Connected::Failed) {
        host.ports.close(outside);
        state.queue(move |agent| fire_error(agent, frame, outside));
    }
    outside
}

/// Reserves a new shared worker's agent (in clock group `group`) and
/// global, and starts its thread ("run a worker" with "is shared" true),
/// with `first` as its first connection. Called under the registry's lock.
fn start(
    host: &Arc<HostShared>,
    group: crate::runtime::scheduler::GroupId,
    request: Request,
    first: PortId,
) -> Option<(AgentId, FrameId)> {
    // Shared workers count toward the host's live-worker cap and need
    // address space for an isolate as dedicated ones do (issue 14); a
    // refused one fails its connection (an error event at the SharedWorker).
    let live = host.live_workers.fetch_add(1, Ordering::Relaxed) + 1;
    if live > MAX_LIVE_WORKERS || !super::spare::room_for_another_isolate() {
        host.live_workers.fetch_sub(1, Ordering::Relaxed);
        return None;
    }
    let agent = host.new_agent_id();
    let frame = host.new_frame_id();
    host.scheduler.register(agent, group);
    host.update_frame(FrameInfo {
        id: frame,
        url: request.url.to_string(),
        origin: Origin::of_url(&request.url).serialize(),
        parent: None,
        isolate: agent,
        context: 0,
        kind: FrameKind::SharedWorker,
        opener: None,
        closed: false,
        ..Default::default()
    });
    let thread_host = Arc::clone(host);
    let started = host.spawn(format!("isohost-shared-worker-{agent}"), move || {
        run(thread_host, agent, frame, request, first);
    });
    match started {
        Ok(()) => Some((agent, frame)),
        Err(_) => {
            host.live_workers.fetch_sub(1, Ordering::Relaxed);
            host.scheduler.unregister(agent);
            host.with_frame(frame, |f| f.closed = true);
            None
        }
    }
}

/// The shared worker's thread: fetch and run its script, then its event
/// loop, until it closes itself or its last owner goes. A panic is
/// reported as the worker crashing; the host goes on.
fn run(host: Arc<HostShared>, id: AgentId, frame: FrameId, request: Request, first: PortId) {
    let thread_host = Arc::clone(&host);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let global = SharedWorkerGlobal {
            waiting: RefCell::new(Some(vec![first])),
        };
        let Some(mut agent) = Agent::new(
            Arc::clone(&thread_host),
            id,
            IsolateKind::SharedWorker,
            None,
            Some(global),
        ) else {
            fail_connections(&thread_host, frame, super::agent::NO_ISOLATE);
            return;
        };
        agent.queue_startup(move |agent| start_worker(agent, frame, request));
        agent.run();
        super::worker::agent_ended(&agent.state);
    }));
    if let Err(panic) = result {
        let what = crate::v8::platform::panic_message(panic.as_ref());
        host.error(ScriptError {
            frame,
            message: format!("the shared worker crashed (isohost bug): {what}"),
            url: host.frame(frame).map(|f| f.url).unwrap_or_default(),
            line: 0,
            column: 0,
        });
        super::worker::agent_crashed(&host, id);
    }
    host.shared_workers.close(frame);
    host.with_frame(frame, |f| f.closed = true);
    host.shared_workers.ended(frame);
    host.unregister_agent(id);
    host.live_workers.fetch_sub(1, Ordering::Relaxed);
}

/// The start-up task: fetch the script, then run it in a task of its own,
/// then fire `connect` for each connection so far, each in a task.
fn start_worker(agent: &mut Agent, frame: FrameId, request: Request) {
    let host = Arc::clone(&agent.state.host);
    let resource = match host.loader.fetch(&request.url) {
        Ok(r) => r,
        Err(e) => return load_failed(agent, frame, e.to_string()),
    };
    let mut record = Frame::new(
        frame,
        FrameKind::SharedWorker,
        resource.url.clone(),
        Origin::of_url(&resource.url),
    );
    record.name = request.name;
    record.cross_origin_isolated = super::worker::script_isolated(&host, false, &resource, true);
    agent.state.frames.borrow_mut().insert(frame, record);
    let module = request.module;
    agent.state.queue(move |agent| {
        if let Err(reason) = super::worker::run_worker_script(agent, frame, resource, module) {
            load_failed(agent, frame, reason);
        }
    });
    agent.state.queue(move |agent| {
        let waiting = agent
            .state
            .shared_worker
            .as_ref()
            .and_then(|g| g.waiting.borrow_mut().take())
            .unwrap_or_default();
        for port in waiting {
            agent
                .state
                .queue(move |agent| fire_connect(agent, frame, port));
        }
    });
}

/// "run a worker", onComplete with no script: an `error` event at every
/// SharedWorker connected so far; the worker closes.
fn load_failed(agent: &mut Agent, frame: FrameId, reason: String) {
    fail_connections(&agent.state.host, frame, &reason);
    agent.state.closing.set(true);
}

/// The error events and the error record of a shared worker that runs no
/// script (see [`load_failed`]); also for one that got no isolate.
fn fail_connections(host: &HostShared, frame: FrameId, reason: &str) {
    for c in host.shared_workers.close(frame) {
        host.scheduler.post(
            c.agent,
            Envelope::SharedWorkerError {
                frame: c.frame,
                port: c.port,
            },
        );
    }
    host.error(ScriptError {
        frame,
        message: format!("Failed to load worker script: {reason}"),
        url: host.frame(frame).map(|f| f.url).unwrap_or_default(),
        line: 0,
        column: 0,
    });
}

/// A new connection arrived (an envelope: a task of its own): its
/// `connect` event, once the script has run.
pub(crate) fn connection_arrived(agent: &mut Agent, port: PortId) {
    let Some(global) = agent.state.shared_worker.as_ref() else {
        return;
    };
    if let Some(waiting) = global.waiting.borrow_mut().as_mut() {
        waiting.push(port);
        return;
    }
    let frame = agent.state.frames.borrow().keys().next().copied();
    if let Some(frame) = frame {
        fire_connect(agent, frame, port);
    }
}

/// Fires `connect` at the worker's global: a MessageEvent whose data is
/// the empty string and whose `ports` and `source` are the inside port,
/// now held here ("run a worker" and the SharedWorker constructor: "fire an
/// event named connect").
fn fire_connect(agent: &mut Agent, frame: FrameId, port: PortId) {
    let state = agent.state.clone();
    state.ports.borrow_mut().insert(port, LocalPort::new(frame));
    state.host.ports.attach(port, state.id);
    let scope = HandleScope::new(&mut agent.isolate);
    let tc = v8::TryCatch::new(&scope);
    let id = v8::value::number(&scope, f64::from(port));
    if call_hook(&scope, &state, frame, "connect", &[id]).is_none() {
        handle_failure(&scope, &state, frame, &tc);
    }
}

/// A simple `error` event at the SharedWorker of `frame` whose port is
/// `port`.
pub(crate) fn fire_error(agent: &mut Agent, frame: FrameId, port: PortId) {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    let tc = v8::TryCatch::new(&scope);
    let id = v8::value::number(&scope, f64::from(port));
    if call_hook(&scope, &state, frame, "sharedWorkerError", &[id]).is_none() {
        handle_failure(&scope, &state, frame, &tc);
    }
}

/// `close()` in a shared worker: its closing flag; later constructors
/// start a new one.
pub(crate) fn close(state: &AgentState) {
    state.closing.set(true);
    let frame = state.frames.borrow().keys().next().copied();
    if let Some(frame) = frame {
        state.host.shared_workers.close(frame);
    }
}
