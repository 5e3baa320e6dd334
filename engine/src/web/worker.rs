//! Dedicated workers, nested ones too: each an isolate on its own thread
//! with the same event loop, talking to its owner (a document, or the
//! worker that made it) only through an entangled pair of implicit ports
//! (the spec's outside and inside ports). What dedicated and shared workers
//! share is here too: fetching and running the script, cross-origin
//! isolation, importScripts(), muted errors, owners going away.
//!
//! <https://html.spec.whatwg.org/multipage/workers.html> ("Web workers")
//!
//! Lifetime: a worker's owner set is the document or worker whose Worker
//! object made it. When that document goes away (navigated, removed, its
//! tab closed) or that worker ends, the worker is closed, and so, in turn,
//! are its own workers.
//!
//! Not modelled: a worker's own fetch of its script with CSP and
//! credentials (the fixture is read), suspending workers of inactive
//! documents.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use url::Url;

use super::agent::{Agent, AgentState, LocalPort, PortKind, WorkerLink};
use super::exception::{DomExceptionName, Exception};
use super::realm::{Frame, call_hook, create_context, handle_failure};
use crate::error::Result;
use crate::runtime::blob_store::UrlRecord;
use crate::runtime::charset;
use crate::runtime::envelope::{Envelope, PortId, WorkerReport};
use crate::runtime::host::{HostShared, MAX_LIVE_WORKERS, lock};
use crate::runtime::loader::Resource;
use crate::runtime::origin::Origin;
use crate::runtime::report::{FrameId, FrameInfo, FrameKind, IsolateKind, ScriptError};
use crate::runtime::scheduler::AgentId;
use crate::v8::{self, HandleScope};

/// <https://html.spec.whatwg.org/multipage/workers.html#dom-worker> ("new Worker(scriptURL, options)"),
/// after the URL was checked (`resolve`): the ports are entangled, then
/// the worker's thread runs it ("run a worker"). `owner_frame` is the
/// document's frame, or the worker's own global for a nested worker.
/// Returns the worker's id and the owner's (outside) port.
pub(crate) fn start(
    state: &AgentState,
    owner_frame: FrameId,
    url: Url,
    name: String,
    module: bool,
) -> Result<(FrameId, PortId)> {
    let host = Arc::clone(&state.host);
    // A blob: URL is resolved now, by the owner: revoking it after `new
    // Worker()` does not stop the worker's fetch.
    let requester = state
        .frame_origin(owner_frame)
        .unwrap_or_else(Origin::new_opaque);
    let record = UrlRecord::resolve(&host.blobs, url.clone(), &requester);
    let worker_agent = host.new_agent_id();
    let worker_frame = host.new_frame_id();
    let outside = host.new_port_id();
    let inside = host.new_port_id();
    host.ports.entangle(outside, inside, state.id);
    host.ports.detach(inside);
    state.ports.borrow_mut().insert(
        outside,
        LocalPort {
            frame: owner_frame,
            started: true,
            kind: PortKind::WorkerOutside(worker_frame),
        },
    );
    host.scheduler.register(worker_agent, state.group);
    host.update_frame(FrameInfo {
        id: worker_frame,
        url: url.to_string(),
        origin: Origin::of_url(&url).serialize(),
        parent: Some(owner_frame),
        isolate: worker_agent,
        context: 0,
        kind: FrameKind::Worker,
        opener: None,
        closed: false,
        ..Default::default()
    });
    let link = WorkerLink {
        owner_agent: state.id,
        frame: worker_frame,
        port: inside,
        owner_isolated: state
            .frames
            .borrow()
            .get(&owner_frame)
            .is_some_and(|f| f.cross_origin_isolated),
    };
    let live = host.live_workers.fetch_add(1, Ordering::Relaxed) + 1;
    let started = if live > MAX_LIVE_WORKERS {
        Err(format!(
            "refused: {MAX_LIVE_WORKERS} workers are running, the most a host runs at once; end some first"
        ))
    } else if !super::spare::room_for_another_isolate() {
        Err(super::agent::NO_ISOLATE.to_string())
    } else {
        let thread_host = Arc::clone(&host);
        host.spawn(format!("isohost-worker-{worker_agent}"), move || {
            run_worker(thread_host, worker_agent, link, record, name, module);
        })
        .map_err(|e| format!("refused: {e} (too many workers at once; end some first)"))
    };
    if let Err(reason) = started {
        // Over a limit: the Worker object is made all the same, and gets
        // an error event, as a worker whose script fails to load would
        // (browsers do not throw from the constructor for this either).
        host.live_workers.fetch_sub(1, Ordering::Relaxed);
        host.scheduler.unregister(worker_agent);
        host.with_frame(worker_frame, |f| f.closed = true);
        state.queue_on(super::task_queues::TaskSource::Networking, move |agent| {
            owner_report(agent, worker_frame, WorkerReport::LoadFailed { reason });
        });
    }
    Ok((worker_frame, outside))
}

/// Whether the owner terminated the worker (or it never started).
fn terminated(host: &HostShared, worker: FrameId) -> bool {
    host.frame(worker).is_none_or(|f| f.closed)
}

fn report_to_owner(host: &HostShared, link: WorkerLink, report: WorkerReport) {
    host.scheduler.post(
        link.owner_agent,
        Envelope::Worker {
            worker: link.frame,
            report,
        },
    );
}

/// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker> ("run a worker"):
/// the worker's thread fetches and runs its script, then its event loop. A
/// panic becomes an error event at the Worker; the host goes on.
fn run_worker(
    host: Arc<HostShared>,
    id: AgentId,
    link: WorkerLink,
    record: UrlRecord,
    name: String,
    module: bool,
) {
    let frame = link.frame;
    let thread_host = Arc::clone(&host);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        if terminated(&thread_host, frame) {
            // Terminated before its thread ran: no isolate to make.
            return;
        }
        let Some(mut agent) = Agent::new(
            Arc::clone(&thread_host),
            id,
            IsolateKind::Worker,
            Some(link),
            None,
        ) else {
            report_to_owner(
                &thread_host,
                link,
                WorkerReport::LoadFailed {
                    reason: super::agent::NO_ISOLATE.into(),
                },
            );
            return;
        };
        // Fetched in the worker's first turn, so that a failure reaches the
        // owner at the same point on every run.
        agent.queue_startup(move |agent| start_worker(agent, link, record, name, module));
        agent.run();
        agent_ended(&agent.state);
    }));
    if let Err(panic) = result {
        let what = crate::v8::platform::panic_message(panic.as_ref());
        report_to_owner(
            &host,
            link,
            WorkerReport::Error {
                source: frame,
                message: format!("the worker crashed (isohost bug): {what}"),
                filename: host.frame(frame).map(|f| f.url).unwrap_or_default(),
                lineno: 0,
                colno: 0,
            },
        );
        agent_crashed(&host, id);
    }
    host.with_frame(frame, |f| f.closed = true);
    host.unregister_agent(id);
    host.live_workers.fetch_sub(1, Ordering::Relaxed);
}

/// Whether a worker whose script is `resource` is cross-origin isolated
/// (HTML "run a worker", the steps on the worker global scope's embedder
/// policy and "cross-origin isolated capability"): a shared worker by its
/// own response's COEP (isohost's agent clusters are "concrete": every
/// worker has an isolate of its own); a dedicated one only if its owner is
/// too, and never for a data: URL. `HostOptions::cross_origin_isolated`
/// isolates every one.
pub(crate) fn script_isolated(
    host: &HostShared,
    owner_isolated: bool,
    resource: &Resource,
    shared: bool,
) -> bool {
    if host.options.cross_origin_isolated {
        return true;
    }
    let coep = resource.isolation_policy().coep_require_corp;
    if shared {
        coep
    } else {
        // A blob: script has no headers: it takes its creator's policy,
        // the owner's.
        owner_isolated
            && (coep || resource.url.scheme() == "blob")
            && resource.url.scheme() != "data"
    }
}

/// The worker's start-up task: fetch its script, then run it (in a task of
/// its own), then start its inside port: messages sent before the script
/// ran are delivered after it.
fn start_worker(
    agent: &mut Agent,
    link: WorkerLink,
    record: UrlRecord,
    name: String,
    module: bool,
) {
    let host = Arc::clone(&agent.state.host);
    let frame = link.frame;
    if terminated(&host, frame) {
        // terminate() came first (it ran in the owner's turn, before this).
        agent.state.closing.set(true);
        return;
    }
    let resource = match host.fetch_record(record) {
        Ok(r) => r,
        Err(e) => {
            report_to_owner(
                &host,
                link,
                WorkerReport::LoadFailed {
                    reason: e.to_string(),
                },
            );
            agent.state.closing.set(true);
            return;
        }
    };
    let mut record = Frame::new(
        frame,
        FrameKind::Worker,
        resource.url.clone(),
        Origin::of_url(&resource.url),
    );
    record.name = name;
    record.cross_origin_isolated = script_isolated(&host, link.owner_isolated, &resource, false);
    agent.state.frames.borrow_mut().insert(frame, record);
    agent.state.ports.borrow_mut().insert(
        link.port,
        LocalPort {
            frame,
            started: false,
            kind: PortKind::WorkerInside,
        },
    );
    host.ports.attach(link.port, agent.state.id);
    agent.state.queue(move |agent| {
        if terminated(&agent.state.host, frame) {
            agent.state.closing.set(true);
            return;
        }
        if let Err(reason) = run_worker_script(agent, frame, resource, module) {
            report_to_owner(&agent.state.host, link, WorkerReport::LoadFailed { reason });
            agent.state.closing.set(true);
        }
    });
    agent.state.queue(move |agent| {
        if let Some(p) = agent.state.ports.borrow_mut().get_mut(&link.port) {
            p.started = true;
        }
        super::clone::port_ready(&agent.state, link.port);
    });
}

/// Makes the worker's realm and runs its script (a dedicated or shared
/// worker's). `Err` with the reason when there is no script to run: a
/// classic script that does not parse, or a module graph that fails to
/// load, link or parse ("run a worker", onComplete: "if script is null or
/// if script's error to rethrow is non-null", an `error` event at the
/// Worker or SharedWorker). What the script throws when it runs is
/// reported in the worker as any exception.
pub(crate) fn run_worker_script(
    agent: &mut Agent,
    frame: FrameId,
    resource: Resource,
    module: bool,
) -> std::result::Result<(), String> {
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    let Some(ctx) = create_context(&scope, &state, frame) else {
        return Ok(());
    };
    // Its bootstrap did not finish (stopped, out of memory): nothing to
    // run the script with; the failure was reported.
    if state
        .frames
        .borrow()
        .get(&frame)
        .is_none_or(|f| f.hooks.is_none())
    {
        return Ok(());
    }
    if module {
        return super::modules::run_worker_module(&scope, &state, frame, resource);
    }
    let _cs = v8::ContextScope::new(&scope, ctx);
    let tc = v8::TryCatch::new(&scope);
    // https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-worker-script:
    // "UTF-8 decode".
    let text = charset::utf8_decode(&resource.body);
    let Some(script) = v8::Script::compile(&scope, ctx, &text, resource.url.as_str(), 0, 0) else {
        if tc.has_terminated() {
            handle_failure(&scope, &state, frame, &tc);
            return Ok(());
        }
        let reason = tc
            .exception()
            .map(|e| super::realm::exception_place(&scope, ctx, e).0)
            .unwrap_or_else(|| "the script does not parse".into());
        tc.reset();
        return Err(reason);
    };
    if script.run(&scope, ctx).is_none() {
        handle_failure(&scope, &state, frame, &tc);
    }
    Ok(())
}

/// An uncaught exception in a dedicated worker that its global did not
/// cancel: the owner gets an ErrorEvent at the Worker object
/// (<https://html.spec.whatwg.org/multipage/workers.html#runtime-script-errors-2>,
/// "Runtime script errors" of workers). `source` is the worker where it was
/// thrown: this one, or a nested worker of it whose error came up here.
pub(crate) fn forward_error(
    state: &AgentState,
    source: FrameId,
    message: String,
    url: String,
    line: u32,
    column: u32,
) {
    let Some(link) = state.worker else {
        return;
    };
    report_to_owner(
        &state.host,
        link,
        WorkerReport::Error {
            source,
            message,
            filename: url,
            lineno: line,
            colno: column,
        },
    );
}

/// The owner side of a worker's report: an ErrorEvent (or a simple `error`
/// event for a script that could not be loaded) at the Worker. An error
/// nobody canceled there is reported "one level up", as if it had occurred
/// in the global the Worker object is in (its `error` event, then, for a
/// worker, its own owner), and recorded (errors[], attributed to the
/// worker that threw it) when it reaches the top uncanceled.
pub(crate) fn owner_report(agent: &mut Agent, worker: FrameId, report: WorkerReport) {
    let state = agent.state.clone();
    // After terminate() the owner hears nothing more of the worker
    // (terminate removed its outside port).
    let live = state
        .ports
        .borrow()
        .values()
        .any(|p| p.kind == PortKind::WorkerOutside(worker));
    if !live {
        return;
    }
    let owner = state.host.frame(worker).and_then(|f| f.parent);
    let Some(owner) = owner.filter(|o| state.frames.borrow().contains_key(o)) else {
        return;
    };
    let scope = HandleScope::new(&mut agent.isolate);
    let tc = v8::TryCatch::new(&scope);
    let id = v8::value::number(&scope, f64::from(worker));
    match report {
        WorkerReport::LoadFailed { reason } => {
            if call_hook(&scope, &state, owner, "workerLoadFailed", &[id]).is_none() {
                handle_failure(&scope, &state, owner, &tc);
            }
            state.host.error(ScriptError {
                frame: worker,
                message: format!("Failed to load worker script: {reason}"),
                url: state.host.frame(worker).map(|f| f.url).unwrap_or_default(),
                line: 0,
                column: 0,
            });
        }
        WorkerReport::Error {
            source,
            message,
            filename,
            lineno,
            colno,
        } => {
            let m = v8::String::new(&scope, &message);
            let f = v8::String::new(&scope, &filename);
            let l = v8::value::number(&scope, f64::from(lineno));
            let c = v8::value::number(&scope, f64::from(colno));
            let args = [id, m.into(), f.into(), l, c];
            let not_canceled = match call_hook(&scope, &state, owner, "workerError", &args) {
                Some(r) => r.boolean_value(&scope),
                None => {
                    handle_failure(&scope, &state, owner, &tc);
                    true
                }
            };
            if !not_canceled {
                return;
            }
            if state.worker.is_some() {
                // The owner is a dedicated worker: on up to its own owner.
                forward_error(&state, source, message, filename, lineno, colno);
            } else {
                state.host.error(ScriptError {
                    frame: source,
                    message,
                    url: filename,
                    line: lineno,
                    column: colno,
                });
            }
        }
    }
}

/// <https://html.spec.whatwg.org/multipage/workers.html#terminate-a-worker> ("terminate a worker"):
/// stop its script at once and end its thread; no message from it is
/// delivered after this.
pub(crate) fn terminate(state: &AgentState, worker: FrameId) {
    forget_worker_object(state, worker);
    let Some(info) = state.host.frame(worker) else {
        return;
    };
    if let Some(record) = lock(&state.host.agents).get(&info.isolate) {
        record.handle.terminate_execution();
    }
    close_worker(&state.host, info.isolate, worker);
}

/// The Worker object's side of the implicit ports goes (no message from
/// the worker is delivered after this).
fn forget_worker_object(state: &AgentState, worker: FrameId) {
    let outside: Vec<PortId> = state
        .ports
        .borrow()
        .iter()
        .filter(|(_, p)| p.kind == PortKind::WorkerOutside(worker))
        .map(|(id, _)| *id)
        .collect();
    for port in outside {
        state.ports.borrow_mut().remove(&port);
        state.host.ports.close(port);
    }
}

/// Sets a worker's closing flag from outside (its owner set became empty,
/// or it was terminated): its event loop ends after the task it runs, in
/// its clock group's order.
pub(crate) fn close_worker(host: &HostShared, agent: AgentId, worker: FrameId) {
    host.scheduler.post(agent, Envelope::Shutdown);
    host.with_frame(worker, |f| f.closed = true);
}

/// <https://html.spec.whatwg.org/multipage/workers.html#the-worker's-lifetime> ("The worker's lifetime"):
/// the document (or worker global) of `owner` goes away, and so it leaves
/// the owner set of every worker it made and of every shared worker it
/// connected to. A worker left with none is closed.
pub(crate) fn owner_gone(state: &AgentState, owner: FrameId) {
    let workers: Vec<FrameId> = state
        .ports
        .borrow()
        .values()
        .filter(|p| p.frame == owner)
        .filter_map(|p| match p.kind {
            PortKind::WorkerOutside(w) => Some(w),
            _ => None,
        })
        .collect();
    for worker in workers {
        forget_worker_object(state, worker);
        if let Some(info) = state.host.frame(worker) {
            close_worker(&state.host, info.isolate, worker);
        }
    }
    for (agent, worker) in state.host.shared_workers.owner_gone(owner) {
        close_worker(&state.host, agent, worker);
    }
}

/// An agent's event loop ended (a tab closed, a worker closed or was
/// terminated): each of its realms leaves the owner sets it was in.
pub(crate) fn agent_ended(state: &AgentState) {
    let frames: Vec<FrameId> = state.frames.borrow().keys().copied().collect();
    for frame in frames {
        owner_gone(state, frame);
    }
}

/// An agent's thread panicked and its state is lost: its realms leave the
/// owner sets they were in all the same (the host's frame records say
/// which realms were its), so that the workers they kept alive close.
pub(crate) fn agent_crashed(host: &HostShared, agent: AgentId) {
    let realms: Vec<FrameId> = lock(&host.frames)
        .values()
        .filter(|f| f.isolate == agent)
        .map(|f| f.id)
        .collect();
    let dedicated: Vec<(AgentId, FrameId)> = lock(&host.frames)
        .values()
        .filter(|f| f.kind == FrameKind::Worker && !f.closed)
        .filter(|f| f.parent.is_some_and(|p| realms.contains(&p)))
        .map(|f| (f.isolate, f.id))
        .collect();
    for (agent, worker) in dedicated {
        close_worker(host, agent, worker);
    }
    for realm in realms {
        for (agent, worker) in host.shared_workers.owner_gone(realm) {
            close_worker(host, agent, worker);
        }
    }
}

/// Whether an exception thrown in `url`'s script is muted in `frame`'s
/// realm: a worker's script fetched from another origin, as
/// importScripts() fetches them ("fetch a classic worker-imported script"
/// uses no-cors, so another origin's response is opaque and its script's
/// "muted errors" is true). Only fetched (http, https) scripts are: data:
/// URLs are not (their response is CORS-same-origin), nor the bindings
/// (`isohost:` URLs, where errors the platform throws have their place),
/// and a data: URL worker's own script is its realm's.
pub(crate) fn muted(state: &AgentState, frame: FrameId, url: &str) -> bool {
    let frames = state.frames.borrow();
    let Some(f) = frames.get(&frame).filter(|f| f.kind.is_worker()) else {
        return false;
    };
    let Ok(script) = Url::parse(url) else {
        return false;
    };
    matches!(script.scheme(), "http" | "https")
        && script != f.url
        && !Origin::of_url(&script).same_origin(&f.origin)
}

/// <https://html.spec.whatwg.org/multipage/workers.html#import-scripts-into-worker-global-scope> ("import scripts into worker global scope"):
/// fetch every URL first, then run each, in order.
/// `Err(None)`: a script threw, and its exception is pending. A script of
/// another origin that throws, or does not parse, throws a NetworkError
/// instead ("run a classic script" with rethrow errors, muted errors).
pub(crate) fn import_scripts(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    urls: &[Url],
) -> std::result::Result<(), Option<Exception>> {
    let mut sources = Vec::new();
    let requester = state.frame_origin(frame).unwrap_or_else(Origin::new_opaque);
    for url in urls {
        match state.host.fetch(url, &requester) {
            Ok(r) => sources.push(r),
            Err(e) => {
                return Err(Some(Exception::dom(
                    DomExceptionName::NetworkError,
                    format!(
                        "Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '{url}' failed to load ({e})."
                    ),
                )));
            }
        }
    }
    for r in sources {
        let ctx = super::realm::context_of(scope, state, frame).ok_or(None)?;
        let _cs = v8::ContextScope::new(scope, ctx);
        let muted = muted(state, frame, r.url.as_str());
        let tc = v8::TryCatch::new(scope);
        // "fetch a classic worker-imported script": UTF-8 decode.
        let text = charset::utf8_decode(&r.body);
        let ran = v8::Script::compile(scope, ctx, &text, r.url.as_str(), 0, 0)
            .and_then(|s| s.run(scope, ctx));
        if ran.is_some() {
            continue;
        }
        if muted && !tc.has_terminated() {
            tc.reset();
            return Err(Some(Exception::dom(
                DomExceptionName::NetworkError,
                format!(
                    "Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '{}' failed to load.",
                    r.url
                ),
            )));
        }
        // Errors propagate to the caller of importScripts, as in browsers.
        tc.rethrow();
        return Err(None);
    }
    Ok(())
}

/// A worker's URL (`new Worker(url)`, `new SharedWorker(url)`), parsed
/// against the creator's API base URL (a document's base URL, or a
/// worker's own URL) and checked: same origin, or data:
/// (<https://html.spec.whatwg.org/multipage/workers.html#dom-worker>, its
/// URL steps, and "fetch a classic worker script"'s same-origin rule, which
/// isohost applies before fetching, as Chromium does: a SecurityError).
pub(crate) fn resolve(
    state: &AgentState,
    frame: FrameId,
    input: &str,
    interface: &str,
) -> std::result::Result<Url, Exception> {
    let (fallback, document, origin) = state
        .frames
        .borrow()
        .get(&frame)
        .map(|f| (f.base_url.clone(), f.document, f.origin.clone()))
        .ok_or(Exception::dom(
            DomExceptionName::InvalidStateError,
            "no document",
        ))?;
    let base = match document {
        Some(doc) => super::loading::document_base_url(state, doc),
        None => fallback,
    };
    let url = base.join(input).map_err(|_| {
        Exception::dom(
            DomExceptionName::SyntaxError,
            format!("Failed to construct '{interface}': The URL '{input}' is invalid."),
        )
    })?;
    // https://url.spec.whatwg.org/#concept-url-origin ("origin"): a blob:
    // URL's origin is its blob URL entry's (a blob URL made in an opaque
    // origin, `blob:null/…`, is that origin's); an entry resolves only
    // for the origin that made it.
    let same_origin = match url.scheme() {
        "data" => true,
        "blob" => {
            UrlRecord::resolve(&state.host.blobs, url.clone(), &origin)
                .blob_entry
                .is_some()
                || Origin::of_url(&url).same_origin(&origin)
        }
        _ => Origin::of_url(&url).same_origin(&origin),
    };
    if !same_origin {
        return Err(Exception::dom(
            DomExceptionName::SecurityError,
            format!(
                "Failed to construct '{interface}': Script at '{url}' cannot be accessed from origin '{}'.",
                origin.serialize()
            ),
        ));
    }
    Ok(url)
}
