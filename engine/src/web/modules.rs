//! Module scripts (HTML §8.1.3): `<script type=module>`, static imports,
//! `import()` and `import.meta`, with one module map per realm.
//!
//! Fixtures are local files, so a module graph is fetched synchronously as
//! V8 links it: the resolve hook fetches and compiles each import on demand.
//! Specifiers are URLs or relative references (no import maps, no bare
//! specifiers, as browsers without an import map).

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

/// HTML "resolve a module specifier", without import maps.
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

/// Fetches and compiles the module at `url` into `frame`'s module map (or
/// finds it there). `None` with an exception pending on failure.
fn fetch_module<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    url: &Url,
) -> Option<Local<'s, v8::Module>> {
    let key = url.as_str();
    let known = state
        .frames
        .borrow()
        .get(&frame)?
        .modules
        .iter()
        .find(|r| r.url.as_deref() == Some(key))
        .map(|r| r.module.open(scope));
    if known.is_some() {
        return known;
    }
    let resource = match state.host.loader.fetch(url) {
        Ok(r) => r,
        Err(e) => {
            throw_type_error(scope, &format!("Failed to fetch module {url}: {e}"));
            return None;
        }
    };
    compile_fetched(scope, state, frame, key, resource)
}

/// Compiles a fetched module and records it in the frame's module map
/// under `key` (the URL it was asked for).
fn compile_fetched<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    key: &str,
    resource: Resource,
) -> Option<Local<'s, v8::Module>> {
    let module = v8::Module::compile(scope, &resource.body, resource.url.as_str(), 0)?;
    register(
        scope,
        state,
        frame,
        module,
        Some(key.to_string()),
        resource.url,
    );
    Some(module)
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

/// V8 links an import: resolve it against its importer and fetch it.
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
    match resolve_specifier(&text, &base) {
        Ok(url) => fetch_module(scope, &state, frame, &url),
        Err(message) => {
            throw_type_error(scope, &message);
            None
        }
    }
}

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
/// reactions run in the page's realm) and load through `ops.importModule`.
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

/// `ops.importModule(specifier, referrerURL)`: fetch, link and run a module
/// graph; [namespace, evaluation promise]. `Err` leaves an exception pending.
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
    let module = fetch_module(scope, state, frame, &url)?;
    if !module.instantiate(context) {
        return None;
    }
    let evaluation = module.evaluate(scope, context)?;
    Some((module.namespace(scope)?, evaluation))
}

/// Runs a module script of `frame` (inline `source`, or the module at
/// `url`): link, evaluate, and report what it throws, as for a classic
/// script. False if it could not run (the element then gets `error`).
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
    let module = match source {
        ModuleSource::Inline {
            text,
            document,
            line,
        } => {
            let module = v8::Module::compile(scope, &text, document.as_str(), line);
            if let Some(m) = module {
                register(scope, state, frame, m, None, document);
            }
            module
        }
        ModuleSource::Fetched(url) => fetch_module(scope, state, frame, &url),
        ModuleSource::Loaded(resource) => {
            let key = resource.url.to_string();
            compile_fetched(scope, state, frame, &key, resource)
        }
    };
    let Some(module) = module else {
        handle_failure(scope, state, frame, &tc);
        return false;
    };
    if !module.instantiate(ctx) {
        handle_failure(scope, state, frame, &tc);
        return true;
    }
    let Some(result) = module.evaluate(scope, ctx) else {
        handle_failure(scope, state, frame, &tc);
        return true;
    };
    // With top-level await, evaluation is a promise: a module that threw
    // synchronously has rejected it already; report that like a script's
    // uncaught exception (a later rejection is an unhandled rejection).
    if let Some(promise) = result.to_promise()
        && promise.state() == v8::PromiseState::Rejected
    {
        promise.mark_as_handled();
        state.forget_rejection(scope, promise);
        if let Some(error) = promise.result(scope) {
            let (message, url, line, column) = super::realm::exception_place(scope, ctx, error);
            report_exception(scope, state, frame, error, message, url, line, column);
        }
    }
    true
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
