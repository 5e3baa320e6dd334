//! Dedicated workers: each an isolate on its own thread with the same event
//! loop, talking to its owner only through an entangled pair of implicit
//! ports (the spec's outside and inside ports).
//!
//! <https://html.spec.whatwg.org/multipage/workers.html> ("Web workers")
//!
//! Not modelled: shared workers, nested workers, a worker's own fetch of
//! its script with CSP and credentials (the fixture is read).

use std::sync::Arc;

use url::Url;

use super::agent::{Agent, AgentState, LocalPort, PortKind, WorkerLink};
use super::exception::{DomExceptionName, Exception};
use super::realm::{Frame, call_hook, create_context, handle_failure, run_script};
use crate::error::Result;
use crate::runtime::envelope::{Envelope, PortId, WorkerReport};
use crate::runtime::host::{HostShared, lock};
use crate::runtime::origin::Origin;
use crate::runtime::report::{FrameId, FrameInfo, FrameKind, IsolateKind, ScriptError};
use crate::runtime::scheduler::AgentId;
use crate::v8::{self, HandleScope};

/// <https://html.spec.whatwg.org/multipage/workers.html#dom-worker> ("new Worker(scriptURL, options)"),
/// after the URL was checked (`resolve`): the ports are entangled, then
/// the worker's thread runs it ("run a worker"). Returns the worker's id
/// and the owner's (outside) port.
pub(crate) fn start(
    state: &AgentState,
    owner_frame: FrameId,
    url: Url,
    name: String,
    module: bool,
) -> Result<(FrameId, PortId)> {
    let host = Arc::clone(&state.host);
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
        port: inside,
        // crossOriginIsolated (issue 10)
        owner_isolated: state
            .frames
            .borrow()
            .get(&owner_frame)
            .is_some_and(|f| f.cross_origin_isolated),
    };
    let thread_host = Arc::clone(&host);
    let started = host.spawn(format!("isohost-worker-{worker_agent}"), move || {
        run_worker(
            thread_host,
            worker_agent,
            worker_frame,
            link,
            url,
            name,
            module,
        );
    });
    if let Err(e) = started {
        host.scheduler.unregister(worker_agent);
        return Err(e);
    }
    Ok((worker_frame, outside))
}

fn report_to_owner(host: &HostShared, link: WorkerLink, worker: FrameId, report: WorkerReport) {
    host.scheduler
        .post(link.owner_agent, Envelope::Worker { worker, report });
}

/// <https://html.spec.whatwg.org/multipage/workers.html#run-a-worker> ("run a worker"):
/// the worker's thread fetches and runs its script, then its event loop. A
/// panic becomes an error event at the Worker; the host goes on.
fn run_worker(
    host: Arc<HostShared>,
    id: AgentId,
    frame: FrameId,
    link: WorkerLink,
    url: Url,
    name: String,
    module: bool,
) {
    let thread_host = Arc::clone(&host);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut agent = Agent::new(
            Arc::clone(&thread_host),
            id,
            IsolateKind::Worker,
            Some(link),
        );
        // Fetched in the worker's first turn, so that a failure reaches the
        // owner at the same point on every run.
        agent.queue_startup(move |agent| start_worker(agent, frame, link, url, name, module));
        agent.run();
    }));
    if let Err(panic) = result {
        let what = crate::v8::platform::panic_message(panic.as_ref());
        report_to_owner(
            &host,
            link,
            frame,
            WorkerReport::Error {
                message: format!("the worker crashed (isohost bug): {what}"),
                filename: host.frame(frame).map(|f| f.url).unwrap_or_default(),
                lineno: 0,
                colno: 0,
            },
        );
    }
    host.with_frame(frame, |f| f.closed = true);
    host.unregister_agent(id);
}

/// The worker's start-up task: fetch its script, then run it (in a task of
/// its own), then start its inside port: messages sent before the script
/// ran are delivered after it.
fn start_worker(
    agent: &mut Agent,
    frame: FrameId,
    link: WorkerLink,
    url: Url,
    name: String,
    module: bool,
) {
    let host = Arc::clone(&agent.state.host);
    let resource = match host.loader.fetch(&url) {
        Ok(r) => r,
        Err(e) => {
            report_to_owner(
                &host,
                link,
                frame,
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
    // crossOriginIsolated (issue 10): the owner's, if the worker's
    // script also sends COEP.
    record.cross_origin_isolated =
        link.owner_isolated && resource.isolation_policy().coep_require_corp;
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
        let state = agent.state.clone();
        let scope = HandleScope::new(&mut agent.isolate);
        if create_context(&scope, &state, frame).is_some() {
            if module {
                let ran = super::modules::run_worker_module(&scope, &state, frame, resource);
                if let Err(reason) = ran {
                    report_to_owner(
                        &state.host,
                        link,
                        frame,
                        WorkerReport::LoadFailed { reason },
                    );
                }
            } else {
                run_script(
                    &scope,
                    &state,
                    frame,
                    &resource.body,
                    resource.url.as_str(),
                    0,
                );
            }
        }
    });
    agent.state.queue(move |agent| {
        if let Some(p) = agent.state.ports.borrow_mut().get_mut(&link.port) {
            p.started = true;
        }
        super::clone::port_ready(&agent.state, link.port);
    });
}

/// An uncaught exception in a worker that its global did not cancel: the
/// owner gets an ErrorEvent at the Worker object
/// (https://html.spec.whatwg.org/multipage/workers.html#runtime-script-errors-2,
/// "Runtime script errors" of workers).
pub(crate) fn forward_error(
    state: &AgentState,
    frame: FrameId,
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
        frame,
        WorkerReport::Error {
            message,
            filename: url,
            lineno: line,
            colno: column,
        },
    );
}

/// The owner side of a worker's report: an ErrorEvent (or a simple `error`
/// event for a failed load) at the Worker; errors[] if nobody canceled it.
pub(crate) fn owner_report(agent: &mut Agent, worker: FrameId, report: WorkerReport) {
    let state = agent.state.clone();
    let owner = state.host.frame(worker).and_then(|f| f.parent);
    let Some(owner) = owner.filter(|o| state.frames.borrow().contains_key(o)) else {
        return;
    };
    let scope = HandleScope::new(&mut agent.isolate);
    let tc = v8::TryCatch::new(&scope);
    let id = v8::value::number(&scope, f64::from(worker));
    let (message, filename, lineno, colno, load_failed) = match report {
        WorkerReport::Error {
            message,
            filename,
            lineno,
            colno,
        } => (message, filename, lineno, colno, false),
        WorkerReport::LoadFailed { reason } => (
            reason,
            state.host.frame(worker).map(|f| f.url).unwrap_or_default(),
            0,
            0,
            true,
        ),
    };
    let m = v8::String::new(&scope, &message);
    let f = v8::String::new(&scope, &filename);
    let l = v8::value::number(&scope, f64::from(lineno));
    let c = v8::value::number(&scope, f64::from(colno));
    let hook = if load_failed {
        "workerLoadFailed"
    } else {
        "workerError"
    };
    let not_canceled = match call_hook(&scope, &state, owner, hook, &[id, m.into(), f.into(), l, c])
    {
        Some(r) => r.boolean_value(&scope),
        None => {
            handle_failure(&scope, &state, owner, &tc);
            true
        }
    };
    if not_canceled || load_failed {
        state.host.error(ScriptError {
            frame: worker,
            message: if load_failed {
                format!("Failed to load worker script: {message}")
            } else {
                message
            },
            url: filename,
            line: lineno,
            column: colno,
        });
    }
}

/// <https://html.spec.whatwg.org/multipage/workers.html#terminate-a-worker> ("terminate a worker"):
/// stop its script at once and end its thread; no message from it is
/// delivered after this.
pub(crate) fn terminate(state: &AgentState, worker: FrameId) {
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
    let Some(info) = state.host.frame(worker) else {
        return;
    };
    if let Some(record) = lock(&state.host.agents).get(&info.isolate) {
        record.handle.terminate_execution();
    }
    state.host.scheduler.post(info.isolate, Envelope::Shutdown);
    state.host.with_frame(worker, |f| f.closed = true);
}

/// <https://html.spec.whatwg.org/multipage/workers.html#import-scripts-into-worker-global-scope> ("import scripts into worker global scope"):
/// fetch every URL first, then run each, in order.
/// `Err(None)`: a script threw, and its exception is pending.
pub(crate) fn import_scripts(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    urls: &[Url],
) -> std::result::Result<(), Option<Exception>> {
    let mut sources = Vec::new();
    for url in urls {
        match state.host.loader.fetch(url) {
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
        // Errors propagate to the caller of importScripts, as in browsers.
        let compiled = v8::Script::compile(scope, ctx, &r.body, r.url.as_str(), 0, 0);
        compiled.and_then(|s| s.run(scope, ctx)).ok_or(None)?;
    }
    Ok(())
}

/// `new Worker(url)`'s URL, parsed against the owner's document and
/// checked: same origin, or data: (https://html.spec.whatwg.org/multipage/workers.html#dom-worker,
/// its steps 3-4, and "fetch a classic worker script"'s same-origin rule).
pub(crate) fn resolve(
    state: &AgentState,
    frame: FrameId,
    input: &str,
) -> std::result::Result<Url, Exception> {
    let (base, origin) = state.frame_info(frame).ok_or(Exception::dom(
        DomExceptionName::InvalidStateError,
        "no document",
    ))?;
    let url = base.join(input).map_err(|_| {
        Exception::dom(
            DomExceptionName::SyntaxError,
            format!("Failed to construct 'Worker': The URL '{input}' is invalid."),
        )
    })?;
    if url.scheme() != "data" && !Origin::of_url(&url).same_origin(&origin) {
        return Err(Exception::dom(
            DomExceptionName::SecurityError,
            format!(
                "Failed to construct 'Worker': Script at '{url}' cannot be accessed from origin '{}'.",
                origin.serialize()
            ),
        ));
    }
    Ok(url)
}
