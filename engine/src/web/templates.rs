//! Per-isolate templates: the window's global (access-checked), Location,
//! the EventTarget host constructor, the ops object, and the bindings script
//! (compiled once per isolate, with a code cache shared by later isolates).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::interfaces::JsFile;
use crate::runtime::host::lock;
use crate::runtime::report::IsolateKind;
use crate::v8::{self, CodeCache, FunctionArgs, Global, HandleScope, Local};

/// Interceptor data: which kind of object an interception is about.
pub(crate) const WINDOW_PROXY: i32 = 0;
pub(crate) const LOCATION: i32 = 1;
pub(crate) const WINDOW_INDEXED: i32 = 2;
pub(crate) const WINDOW_NAMED: i32 = 3;

pub(crate) struct Templates {
    /// The global proxy template: access-checked, with the frame id in
    /// internal field 0; its constructor's prototype template makes the
    /// global object, which serves `window[i]` through the indexed handler.
    pub global: Global<v8::ObjectTemplate>,
    pub location: Global<v8::ObjectTemplate>,
    pub event_target: Global<v8::FunctionTemplate>,
    pub ops: Global<v8::ObjectTemplate>,
    /// The WindowProperties object (named access: window.frameName).
    pub window_properties: Global<v8::ObjectTemplate>,
    pub bootstrap: Global<v8::UnboundScript>,
}

/// The bindings of an agent of `kind`: one script, whose one function is
/// called once per realm with the ops, the EventTarget host constructor,
/// the origin's shared state and the realm's info, and returns the hooks
/// Rust calls. It opens with the primordials (`js/primordials.js`), then
/// runs each exposed interface's file, in registry order, as a function of
/// its own: what a file declares is its own, except what it exports (its
/// last statement, `return [name, ...];`), which becomes a name of the
/// bindings' scope that every file can use. Made once per process and
/// kind, so that V8's code cache fits every isolate.
pub(crate) fn bindings_source(kind: IsolateKind) -> &'static str {
    static SOURCES: [OnceLock<String>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    SOURCES[cache_slot(kind)].get_or_init(|| {
        let files: Vec<&JsFile> = super::interfaces::exposed_on(kind).map(|i| &i.js).collect();
        let exported: Vec<&str> = files.iter().flat_map(|f| exports(f.source)).collect();
        let mut source = String::from(
            "(function isohostBindings(ops, EventTarget, shared, info) {\n'use strict';\n",
        );
        push_code(&mut source, include_str!("js/primordials.js"));
        source.push_str("const global = globalThis;\nconst hooks = { __proto__: null };\n");
        source.push_str(&format!("let {};\n", exported.join(", ")));
        for file in files {
            let names = exports(file.source);
            let mut run = format!("(function {}_js() {{\n", file.name);
            push_code(&mut run, file.source);
            run.push_str("})()");
            if names.is_empty() {
                source.push_str(&format!("{run};\n"));
            } else {
                // By index: destructuring would walk the array's iterator.
                source.push_str(&format!("{{\nconst exported = {run};\n"));
                for (i, name) in names.iter().enumerate() {
                    source.push_str(&format!("{name} = exported[{i}];\n"));
                }
                source.push_str("}\n");
            }
        }
        source.push_str("exposeLazyInterfaces();\nreturn hooks;\n})");
        source
    })
}

/// Appends `code` without its comment lines (each left empty, so that line
/// numbers hold): V8 compiles the bindings from source once per process
/// and kind, and a third of the text is comments.
fn push_code(out: &mut String, code: &str) {
    for line in code.lines() {
        if !line.trim_start().starts_with("//") {
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// The names a bindings file exports: those of its last statement,
/// `return [name, ...];` (none without one).
pub(crate) fn exports(source: &str) -> Vec<&str> {
    let Some(start) = source.rfind("\nreturn [") else {
        return Vec::new();
    };
    let list = &source[start + "\nreturn [".len()..];
    let Some(list) = list.trim_end().strip_suffix("];") else {
        return Vec::new();
    };
    list.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Code caches of the bindings, per kind, made by the first isolate.
static CODE_CACHE: Mutex<[Option<Arc<CodeCache>>; 3]> = Mutex::new([None, None, None]);

fn cache_slot(kind: IsolateKind) -> usize {
    match kind {
        IsolateKind::Tab => 0,
        IsolateKind::Worker => 1,
        IsolateKind::SharedWorker => 2,
    }
}

fn event_target_constructor<'s>(
    scope: &'s HandleScope<'s>,
    args: &FunctionArgs<'s>,
) -> Option<Local<'s, v8::Value>> {
    if !args.is_construct_call() {
        let e = v8::exception::type_error(
            scope,
            "Failed to construct 'EventTarget': Please use the 'new' operator, this DOM object constructor cannot be called as a function.",
        );
        scope.throw_exception(e);
    }
    None
}

/// After the bindings first ran in this process (so that the functions they
/// call at start-up are compiled), keep V8's code cache of them for later
/// isolates.
pub(crate) fn remember_code_cache(
    scope: &HandleScope<'_>,
    templates: &Templates,
    kind: IsolateKind,
) {
    if lock(&CODE_CACHE)[cache_slot(kind)].is_some() {
        return;
    }
    if let Some(cache) = templates.bootstrap.open(scope).code_cache() {
        lock(&CODE_CACHE)[cache_slot(kind)] = Some(Arc::new(cache));
    }
}

/// Whether the code cache of each kind was made again at the end of an agent.
static CODE_CACHE_REFRESHED: [AtomicBool; 3] = [
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(false),
];

/// When the first agent of `kind` in this process ends, make the code cache
/// again: it now also holds the functions the bindings compiled lazily while
/// the agent lived (the load sequence, events, timers), which later isolates
/// would otherwise parse and compile each on first call.
pub(crate) fn refresh_code_cache(
    scope: &HandleScope<'_>,
    templates: &Templates,
    kind: IsolateKind,
) {
    if CODE_CACHE_REFRESHED[cache_slot(kind)].swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(cache) = templates.bootstrap.open(scope).code_cache() {
        lock(&CODE_CACHE)[cache_slot(kind)] = Some(Arc::new(cache));
    }
}

impl Templates {
    pub fn new(scope: &HandleScope<'_>, kind: IsolateKind) -> Templates {
        let event_target =
            v8::FunctionTemplate::new(scope, event_target_constructor, None, 0, true);
        event_target
            .instance_template(scope)
            .set_internal_field_count(1);
        event_target.set_class_name(v8::String::new(scope, "EventTarget"));

        let global = match kind {
            IsolateKind::Tab => {
                let window = v8::FunctionTemplate::empty(scope);
                window.set_class_name(v8::String::new(scope, "Window"));
                let global = window.instance_template(scope);
                global.set_internal_field_count(1);
                global.set_access_check(v8::value::integer(scope, WINDOW_PROXY).into());
                window
                    .prototype_template(scope)
                    .set_indexed_handler(v8::value::integer(scope, WINDOW_INDEXED).into());
                global
            }
            IsolateKind::Worker | IsolateKind::SharedWorker => {
                // A worker's global is reachable only from its own realm.
                let worker = v8::FunctionTemplate::empty(scope);
                let class = if kind == IsolateKind::Worker {
                    "DedicatedWorkerGlobalScope"
                } else {
                    "SharedWorkerGlobalScope"
                };
                worker.set_class_name(v8::String::new(scope, class));
                let global = worker.instance_template(scope);
                global.set_internal_field_count(1);
                global
            }
        };

        let location = v8::ObjectTemplate::new(scope, None);
        location.set_internal_field_count(1);
        location.set_access_check(v8::value::integer(scope, LOCATION).into());

        let window_properties = v8::ObjectTemplate::new(scope, None);
        window_properties.set_named_handler(v8::value::integer(scope, WINDOW_NAMED).into());

        let ops = v8::ObjectTemplate::new(scope, None);
        super::interfaces::install_ops(scope, ops, kind);

        let source = bindings_source(kind);
        let name = match kind {
            IsolateKind::Tab => "isohost:window-bindings.js",
            IsolateKind::Worker => "isohost:worker-bindings.js",
            IsolateKind::SharedWorker => "isohost:shared-worker-bindings.js",
        };
        let cached = lock(&CODE_CACHE)[cache_slot(kind)].clone();
        let (script, rejected) =
            v8::Script::compile_unbound(scope, source, name, cached.as_deref());
        let script = script.expect("the bindings compile");
        if rejected {
            lock(&CODE_CACHE)[cache_slot(kind)] = None;
        }
        Templates {
            global: Global::new(scope, global),
            location: Global::new(scope, location),
            event_target: Global::new(scope, event_target),
            ops: Global::new(scope, ops),
            window_properties: Global::new(scope, window_properties),
            bootstrap: Global::new(scope, script),
        }
    }
}
