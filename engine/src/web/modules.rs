//! Module scripts: `<script type=module>`, static imports,
//! `import()` and `import.meta`, with one module map per realm.
//!
//! Fixtures are local files, so a module graph is fetched synchronously,
//! all of it before V8 links it (the resolve hook then only looks modules
//! up); a failure is reported as HTML says for where the graph runs: a
//! script element, a module worker or `import()`. Specifiers are URLs or
//! relative references (no import maps, no bare specifiers, as browsers
//! without an import map).
//!
//! <https://html.spec.whatwg.org/multipage/webappapis.html#module-script> ("module script")
//! <https://html.spec.whatwg.org/multipage/webappapis.html#hostloadimportedmodule> ("HostLoadImportedModule")

use url::Url;

use super::agent::AgentState;
use super::realm::{call_hook, context_of, handle_failure, report_exception};
use crate::runtime::loader::Resource;
use crate::runtime::report::FrameId;
use crate::v8::{self, Global, HandleScope, Local};

/// A module in a realm's module map.
pub(crate) struct ModuleRecord {
    /// The URL it was fetched from (None: an inline module script).
    pub url: Option<String>,
    /// What its imports resolve against.
    pub base: Url,
    pub hash: i32,
    pub module: Global<v8::Module>,
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#resolve-a-module-specifier> ("resolve a module specifier"),
/// without import maps.
fn resolve_specifier(specifier: &str, base: &Url) -> Result<Url, String> {
    if specifier.starts_with('/') || specifier.starts_with("./") || specifier.starts_with("../") {
        return base
            .join(specifier)
            .map_err(|e| format!("Failed to resolve module specifier \"{specifier}\": {e}"));
    }
    Url::parse(specifier).map_err(|_| {
        format!(
            "Failed to resolve module specifier \"{specifier}\". Relative references must start with either \"/\", \"./\", or \"../\"."
        )
    })
}

/// The record of `module` in `frame`'s module map.
fn record_base(
    state: &AgentState,
    frame: FrameId,
    module: Local<'_, v8::Module>,
    scope: &HandleScope<'_>,
) -> Option<Url> {
    let hash = module.identity_hash();
    let frames = state.frames.borrow();
    let records = &frames.get(&frame)?.modules;
    records
        .iter()
        .filter(|r| r.hash == hash)
        .find(|r| r.module.open(scope).same(module))
        .map(|r| r.base.clone())
}

fn throw_type_error(scope: &HandleScope<'_>, message: &str) {
    scope.throw_exception(v8::exception::type_error(scope, message));
}

/// The module at `key` in `frame`'s module map.
fn known<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    key: &str,
) -> Option<Local<'s, v8::Module>> {
    state
        .frames
        .borrow()
        .get(&frame)?
        .modules
        .iter()
        .find(|r| r.url.as_deref() == Some(key))
        .map(|r| r.module.open(scope))
}

/// Why a module could not be had.
enum Failure<'s> {
    /// A network error: fetching it failed (missing, refused, not OK).
    Fetch(String),
    /// It does not parse: the SyntaxError.
    Parse(Local<'s, v8::Value>),
    /// The watchdog stopped script meanwhile (rethrown to the caller).
    Stopped,
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-single-module-script> ("fetch a single module script"):
/// the module at `url`, compiled into `frame`'s module map (or found there).
fn fetch_module<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    url: &Url,
) -> Result<Local<'s, v8::Module>, Failure<'s>> {
    if let Some(module) = known(scope, state, frame, url.as_str()) {
        return Ok(module);
    }
    let requester = state
        .frame_origin(frame)
        .unwrap_or_else(crate::runtime::origin::Origin::new_opaque);
    let resource = state
        .host
        .fetch(url, &requester)
        .map_err(|e| Failure::Fetch(format!("Failed to fetch module {url}: {e}")))?;
    compile_fetched(scope, state, frame, url.as_str(), resource)
}

/// Compiles a fetched module and records it in the frame's module map
/// under `key` (the URL it was asked for).
fn compile_fetched<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    key: &str,
    resource: Resource,
) -> Result<Local<'s, v8::Module>, Failure<'s>> {
    let tc = v8::TryCatch::new(scope);
    // https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-single-module-script:
    // "UTF-8 decode".
    let text = crate::runtime::charset::utf8_decode(&resource.body);
    let Some(module) = v8::Module::compile(scope, &text, resource.url.as_str(), 0) else {
        if tc.has_terminated() {
            tc.rethrow();
            return Err(Failure::Stopped);
        }
        let error = tc.exception();
        tc.reset();
        return Err(error.map_or(Failure::Stopped, Failure::Parse));
    };
    register(
        scope,
        state,
        frame,
        module,
        Some(key.to_string()),
        resource.url,
    );
    Ok(module)
}

fn register(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    module: Local<'_, v8::Module>,
    url: Option<String>,
    base: Url,
) {
    if let Some(f) = state.frames.borrow_mut().get_mut(&frame) {
        f.modules.push(ModuleRecord {
            url,
            base,
            hash: module.identity_hash(),
            module: Global::new(scope, module),
        });
    }
}

/// Where an import statement (or a module script) stands.
struct Place {
    url: String,
    line: u32,
    column: u32,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.url, self.line, self.column)
    }
}

/// Why a module graph cannot run, in HTML's two kinds.
enum GraphError<'s> {
    /// "fetch a module script graph" gave null: a module of it could not be
    /// fetched (a script element gets `error`, import() rejects with a
    /// TypeError, a worker gets `error`). `place`: the import asking for it.
    Fetch {
        message: String,
        place: Option<Place>,
    },
    /// The graph's "error to rethrow": a parse error, an import specifier
    /// that does not resolve (a TypeError), or a link error (an export that
    /// is not there); reported as an exception where it stands.
    Rethrow {
        exception: Local<'s, v8::Value>,
        message: String,
        place: Place,
    },
    /// The watchdog stopped script meanwhile (the caller's TryCatch has it).
    Stopped,
}

impl GraphError<'_> {
    /// One line: what failed and where.
    fn describe(&self) -> String {
        match self {
            GraphError::Fetch {
                message,
                place: Some(place),
            } => format!("{message} (imported at {place})"),
            GraphError::Fetch { message, .. } => message.clone(),
            GraphError::Rethrow { message, place, .. } => format!("{message} ({place})"),
            GraphError::Stopped => "script was stopped".to_string(),
        }
    }
}

fn rethrow<'s>(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    exception: Local<'s, v8::Value>,
    place: Option<Place>,
) -> GraphError<'s> {
    let (message, url, line, column) = super::realm::exception_place(scope, ctx, exception);
    let place = match place {
        Some(p) if url.is_empty() => p,
        _ => Place { url, line, column },
    };
    GraphError::Rethrow {
        exception,
        message,
        place,
    }
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-the-descendants-of-a-module-script> ("fetch the descendants of a module script"),
/// then "find the first parse error":
/// every module `root` imports, directly or not, fetched (synchronously:
/// fixtures are local files) and compiled into `frame`'s module map before
/// V8 links the graph, so that linking only looks modules up. A fetch
/// failure anywhere wins over a parse error; the first parse error in
/// depth-first order is the one reported. Iterative: a deep graph costs
/// no stack.
fn fetch_descendants<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    ctx: Local<'_, v8::Context>,
    root: Local<'s, v8::Module>,
) -> Result<(), GraphError<'s>> {
    let mut walked = std::collections::HashSet::new();
    let mut parse_error = None;
    let mut stack = vec![root];
    while let Some(module) = stack.pop() {
        let Some(base) = record_base(state, frame, module, scope) else {
            continue;
        };
        let mut children = Vec::new();
        for request in module.requests(scope, ctx) {
            let place = Place {
                url: base.to_string(),
                line: request.line,
                column: request.column,
            };
            let url = match resolve_specifier(&request.specifier, &base) {
                Ok(url) => url,
                Err(message) => {
                    if parse_error.is_none() {
                        let error = v8::exception::type_error(scope, &message);
                        parse_error = Some(GraphError::Rethrow {
                            exception: error,
                            message: format!("Uncaught TypeError: {message}"),
                            place,
                        });
                    }
                    continue;
                }
            };
            if !walked.insert(url.to_string()) {
                continue;
            }
            match fetch_module(scope, state, frame, &url) {
                Ok(child) => children.push(child),
                Err(Failure::Fetch(message)) => {
                    return Err(GraphError::Fetch {
                        message,
                        place: Some(place),
                    });
                }
                Err(Failure::Parse(error)) => {
                    if parse_error.is_none() {
                        parse_error = Some(rethrow(scope, ctx, error, None));
                    }
                }
                Err(Failure::Stopped) => return Err(GraphError::Stopped),
            }
        }
        stack.extend(children.into_iter().rev());
    }
    parse_error.map_or(Ok(()), Err)
}

/// A module script's graph, fetched, compiled and linked: ready to run.
fn prepare<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    ctx: Local<'_, v8::Context>,
    source: ModuleSource,
) -> Result<Local<'s, v8::Module>, GraphError<'s>> {
    let root = match source {
        ModuleSource::Inline {
            text,
            document,
            line,
        } => {
            let tc = v8::TryCatch::new(scope);
            match v8::Module::compile(scope, &text, document.as_str(), line) {
                Some(m) => {
                    register(scope, state, frame, m, None, document);
                    Ok(m)
                }
                None if tc.has_terminated() => {
                    tc.rethrow();
                    Err(Failure::Stopped)
                }
                None => {
                    let error = tc.exception();
                    tc.reset();
                    Err(error.map_or(Failure::Stopped, Failure::Parse))
                }
            }
        }
        ModuleSource::Fetched(url) => fetch_module(scope, state, frame, &url),
        ModuleSource::Loaded(resource) => {
            let key = resource.url.to_string();
            compile_fetched(scope, state, frame, &key, resource)
        }
    };
    let root = match root {
        Ok(m) => m,
        Err(Failure::Fetch(message)) => {
            return Err(GraphError::Fetch {
                message,
                place: None,
            });
        }
        Err(Failure::Parse(error)) => return Err(rethrow(scope, ctx, error, None)),
        Err(Failure::Stopped) => return Err(GraphError::Stopped),
    };
    fetch_descendants(scope, state, frame, ctx, root)?;
    let tc = v8::TryCatch::new(scope);
    if !root.instantiate(scope, ctx) {
        if tc.has_terminated() {
            tc.rethrow();
            return Err(GraphError::Stopped);
        }
        let Some(error) = tc.exception() else {
            return Err(GraphError::Stopped);
        };
        tc.reset();
        return Err(rethrow(scope, ctx, error, None));
    }
    Ok(root)
}

/// V8 links an import: resolve it against its importer and find it in the
/// module map ([`fetch_descendants`] put it there; fetched now otherwise).
pub(crate) fn resolve<'s>(
    scope: &'s HandleScope<'s>,
    context: Local<'s, v8::Context>,
    specifier: Local<'s, v8::String>,
    referrer: Local<'s, v8::Module>,
) -> Option<Local<'s, v8::Module>> {
    let state = scope.state::<AgentState>()?;
    let frame = super::frame_of_context(scope, context)?;
    let base = record_base(&state, frame, referrer, scope)?;
    let text = specifier.to_rust(scope);
    let url = match resolve_specifier(&text, &base) {
        Ok(url) => url,
        Err(message) => {
            throw_type_error(scope, &message);
            return None;
        }
    };
    match fetch_module(scope, &state, frame, &url) {
        Ok(module) => Some(module),
        Err(Failure::Fetch(message)) => {
            throw_type_error(scope, &message);
            None
        }
        Err(Failure::Parse(error)) => {
            scope.throw_exception(error);
            None
        }
        Err(Failure::Stopped) => None,
    }
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#hostgetimportmetaproperties> ("HostGetImportMetaProperties"):
/// `import.meta.url` is the module's URL (or its document's, inline).
pub(crate) fn import_meta<'s>(
    scope: &'s HandleScope<'s>,
    context: Local<'s, v8::Context>,
    module: Local<'s, v8::Module>,
    meta: Local<'s, v8::Object>,
) {
    let Some(state) = scope.state::<AgentState>() else {
        return;
    };
    let Some(frame) = super::frame_of_context(scope, context) else {
        return;
    };
    if let Some(base) = record_base(&state, frame, module, scope) {
        let url = v8::String::new(scope, base.as_str());
        let _ = meta.set_str(scope, context, "url", url.into());
    }
}

/// `import(specifier)`: the bindings make the promise (so that its
/// reactions run in the page's realm) and load through
/// `ops.dynamicImportLoad` (js/dynamic_import.js).
pub(crate) fn dynamic_import<'s>(
    scope: &'s HandleScope<'s>,
    context: Local<'s, v8::Context>,
    resource_name: Option<Local<'s, v8::Value>>,
    specifier: Local<'s, v8::String>,
) -> Option<Local<'s, v8::Promise>> {
    let state = scope.state::<AgentState>()?;
    let frame = super::frame_of_context(scope, context)?;
    let document_url = state.frame_url(frame)?;
    let base = resource_name
        .and_then(|n| n.to_rust_string(scope, context))
        .and_then(|n| Url::parse(&n).ok())
        .filter(|u| u.scheme() != "isohost")
        .unwrap_or(document_url);
    let referrer = v8::String::new(scope, base.as_str());
    call_hook(
        scope,
        &state,
        frame,
        "dynamicImport",
        &[specifier.into(), referrer.into()],
    )?
    .to_promise()
}

/// `ops.dynamicImportLoad(specifier, referrerURL)`: fetch, link and run a module
/// graph; [namespace, evaluation promise]. `None` leaves an exception
/// pending: a TypeError for a fetch failure, else the graph's error to
/// rethrow (HTML "ContinueDynamicImport").
pub(crate) fn import<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    context: Local<'s, v8::Context>,
    specifier: &str,
    referrer: &str,
) -> Option<(Local<'s, v8::Value>, Local<'s, v8::Value>)> {
    let base = Url::parse(referrer)
        .or_else(|_| state.frame_url(frame).ok_or(()))
        .ok()?;
    let url = match resolve_specifier(specifier, &base) {
        Ok(u) => u,
        Err(message) => {
            throw_type_error(scope, &message);
            return None;
        }
    };
    let module = match prepare(scope, state, frame, context, ModuleSource::Fetched(url)) {
        Ok(module) => module,
        Err(GraphError::Fetch { message, place }) => {
            let message = match place {
                Some(place) => format!("{message} (imported at {place})"),
                None => message,
            };
            throw_type_error(scope, &message);
            return None;
        }
        Err(GraphError::Rethrow { exception, .. }) => {
            scope.throw_exception(exception);
            return None;
        }
        Err(GraphError::Stopped) => return None,
    };
    let namespace = module.namespace(scope)?;
    if module.status() == v8::ModuleStatus::Evaluating {
        // Imported while it runs (itself, or a module it imports, calling
        // import() on it): in a browser the fetch takes a task, by which
        // time its evaluation is over; here the namespace is handed over
        // once the running evaluation returns (the promise reactions run
        // after it). V8 must not be asked to evaluate it again meanwhile.
        let undefined = v8::value::undefined(scope);
        let done = v8::Promise::settled(scope, context, undefined, false)?;
        return Some((namespace, done.into()));
    }
    let evaluation = module.evaluate(scope, context)?;
    Some((namespace, evaluation))
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#run-a-module-script> ("run a module script")
/// of `frame` (inline `source`, or the module at `url`): fetch its graph,
/// link, evaluate, and report what it throws, as for a classic script.
/// False if it could not be fetched (the element then gets `error`;
/// errors[] says what failed and where); a parse or link error is reported
/// as an exception, and the script counts as run (HTML "execute the script
/// element").
pub(crate) fn run_module_script(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    source: ModuleSource,
) -> bool {
    let Some(ctx) = context_of(scope, state, frame) else {
        return false;
    };
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    let fallback = match &source {
        ModuleSource::Inline { document, .. } => document.to_string(),
        ModuleSource::Fetched(url) => url.to_string(),
        ModuleSource::Loaded(resource) => resource.url.to_string(),
    };
    match prepare(scope, state, frame, ctx, source) {
        Ok(module) => evaluate_and_report(scope, state, frame, ctx, module, &tc),
        Err(GraphError::Fetch { message, place }) => {
            let place = place.unwrap_or(Place {
                url: fallback,
                line: 0,
                column: 0,
            });
            state.report_error(
                frame,
                format!("Failed to load module script: {message}"),
                place.url,
                place.line,
                place.column,
            );
            return false;
        }
        Err(GraphError::Rethrow {
            exception,
            message,
            place,
        }) => report_exception(
            scope,
            state,
            frame,
            exception,
            message,
            place.url,
            place.line,
            place.column,
        ),
        Err(GraphError::Stopped) => handle_failure(scope, state, frame, &tc),
    }
    true
}

/// A module worker's script (HTML "run a worker"): if its graph cannot be
/// fetched, or has an error to rethrow (parse, resolution or link error),
/// the worker does not run and its owner gets a simple `error` event at the
/// Worker: `Err` says what failed and where. Otherwise it runs, and what it
/// throws is reported in the worker as for any script.
pub(crate) fn run_worker_module(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    resource: Resource,
) -> Result<(), String> {
    let Some(ctx) = context_of(scope, state, frame) else {
        return Ok(());
    };
    let _cs = v8::ContextScope::new(scope, ctx);
    let tc = v8::TryCatch::new(scope);
    match prepare(scope, state, frame, ctx, ModuleSource::Loaded(resource)) {
        Ok(module) => evaluate_and_report(scope, state, frame, ctx, module, &tc),
        Err(GraphError::Stopped) => handle_failure(scope, state, frame, &tc),
        Err(e) => return Err(e.describe()),
    }
    Ok(())
}

/// Evaluates a linked module script and reports what it throws, now or
/// (top-level await) when its evaluation promise rejects: HTML "run a
/// module script" reports the rejection reason as an exception, not as an
/// unhandled rejection.
fn evaluate_and_report(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    ctx: Local<'_, v8::Context>,
    module: Local<'_, v8::Module>,
    tc: &v8::TryCatch<'_>,
) {
    let Some(result) = module.evaluate(scope, ctx) else {
        handle_failure(scope, state, frame, tc);
        return;
    };
    let Some(promise) = result.to_promise() else {
        return;
    };
    match promise.state() {
        v8::PromiseState::Fulfilled => {}
        v8::PromiseState::Rejected => {
            promise.mark_as_handled();
            state.forget_rejection(scope, promise);
            if let Some(error) = promise.result(scope) {
                report_evaluation_error(scope, state, frame, ctx, error);
            }
        }
        v8::PromiseState::Pending => {
            let id = v8::value::number(scope, f64::from(frame));
            let reported = v8::Function::new(scope, ctx, on_evaluation_rejected, Some(id), 1)
                .and_then(|handler| promise.catch(scope, ctx, handler));
            if reported.is_none() {
                tc.reset();
            }
        }
    }
}

/// The rejection handler of a module script's evaluation promise (its data:
/// the frame id).
fn on_evaluation_rejected<'s>(
    scope: &'s HandleScope<'s>,
    args: &v8::FunctionArgs<'s>,
) -> Option<Local<'s, v8::Value>> {
    let state = scope.state::<AgentState>()?;
    let ctx = scope.current_context()?;
    let frame = args.data()?.number_value(ctx)? as FrameId;
    let ctx = context_of(scope, &state, frame)?;
    report_evaluation_error(scope, &state, frame, ctx, args.get(0));
    None
}

fn report_evaluation_error(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    ctx: Local<'_, v8::Context>,
    error: Local<'_, v8::Value>,
) {
    let (message, url, line, column) = super::realm::exception_place(scope, ctx, error);
    report_exception(scope, state, frame, error, message, url, line, column);
}

/// Where a module script's code comes from.
pub(crate) enum ModuleSource {
    /// Script text from the document, starting on 0-based `line` of it.
    Inline {
        text: String,
        document: Url,
        line: u32,
    },
    Fetched(Url),
    /// A module script already fetched (a module worker's main script).
    Loaded(Resource),
}
