//! Per-isolate templates: the window's global (access-checked), Location,
//! the EventTarget host constructor, the ops object; the bindings script;
//! and the start-up snapshot of each agent kind, which holds the templates
//! and a realm with the bindings set up. Without the snapshot the script
//! is compiled once per isolate, with a code cache shared by later ones.
//!
//! The snapshot is made in memory on first use of each kind in a process
//! (compiling and running the bindings once more, then writing the heap:
//! roughly 20 ms of CPU for a tab's, paid back after a few realms), not
//! cached on disk: a blob V8 reads without a checksum (isohost turns its
//! verification off) must not come from a file others can write. Once a
//! second tab has loaded its page, the next tab makes the warm tab
//! snapshot (see [`harvest`]), used from then on. Blobs are marked not
//! rehashable (the glue's `MarkNotRehashable`): isolates take the hash
//! seed of the process (`v8_hooks.rs`) instead of rehashing every table.

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
/// The ops object of a tab's, a dedicated worker's and a shared worker's
/// realm (`ops::serve_op`).
pub(crate) const OPS_TAB: i32 = 16;
pub(crate) const OPS_WORKER: i32 = 17;
pub(crate) const OPS_SHARED_WORKER: i32 = 18;

pub(crate) struct Templates {
    /// The global proxy template: access-checked, with the frame id in
    /// internal field 0; its constructor's prototype template makes the
    /// global object, which serves `window[i]` through the indexed handler.
    pub global: Global<v8::ObjectTemplate>,
    pub location: Global<v8::ObjectTemplate>,
    pub event_target: Global<v8::FunctionTemplate>,
    /// The WindowProperties object (named access: window.frameName).
    pub window_properties: Global<v8::ObjectTemplate>,
    /// How a realm gets its bindings.
    pub bindings: Bindings,
    /// A tab's first realm, deserialized when its isolate was made (see
    /// [`Templates::make_first_context`]).
    first_context: std::cell::RefCell<Option<Global<v8::Context>>>,
    /// Each op's function template, by op index, made on the op's first
    /// use in the isolate (`ops::call::serve_op`).
    op_templates: std::cell::RefCell<Vec<Option<Global<v8::FunctionTemplate>>>>,
}

/// Where a new realm's bindings come from.
pub(crate) enum Bindings {
    /// Compiled here (from the code cache of earlier isolates), run in
    /// each realm with a new ops object.
    Script {
        ops: Global<v8::ObjectTemplate>,
        script: Global<v8::UnboundScript>,
    },
    /// Already set up in the start-up snapshot the isolate was made from:
    /// context `context`, whose data `start_realm` is its `startRealm`;
    /// isolate data `script` the bindings script (see [`harvest`]), unless
    /// the snapshot is a warm one already.
    Snapshot {
        context: usize,
        start_realm: usize,
        script: Option<usize>,
    },
}

/// The bindings of an agent of `kind`: one script, whose one function is
/// called once per isolate (or once when the start-up snapshot is made)
/// with the ops, the EventTarget host constructor and the global's kind
/// (`window`, `worker`, `sharedworker`), and returns `startRealm`, called
/// once per realm with the origin's shared state and the realm's info
/// (frame id, document id, whether it replaces a Window, fault injection,
/// test report: the fields of `info`), which returns the hooks Rust calls. It opens with the primordials
/// (`js/primordials.js`), then runs each exposed interface's file, in
/// registry order, as a function of its own: what a file declares is its
/// own, except what it exports (its last statement, `return [name, ...];`),
/// which becomes a name of the bindings' scope that every file can use.
///
/// The split: a file's top level sets up what is the same in every realm
/// (interfaces, prototypes, functions), which a snapshot can hold; what
/// depends on the realm (the origin's `shared` state, `info`, objects only
/// the host makes for a realm) goes in `atRealmStart(() => ...)` steps,
/// which `startRealm` runs in file order. A file with such steps exports
/// again after them, so that others see what they set.
/// Made once per process and kind, so that V8's code cache fits every
/// isolate.
pub(crate) fn bindings_source(kind: IsolateKind) -> &'static str {
    static SOURCES: [OnceLock<String>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    SOURCES[cache_slot(kind)].get_or_init(|| {
        let files: Vec<&JsFile> = super::interfaces::exposed_on(kind).map(|i| &i.js).collect();
        let exported: Vec<&str> = files.iter().flat_map(|f| exports(f.source)).collect();
        let mut source = String::from(
            "(function isohostBindings(ops, EventTarget, kind) {\n'use strict';\n\
             let shared; const info = { __proto__: null, frameId: -1, documentId: -1, replacesWindow: false, \
             faultInjection: false, testReport: false };\n\
             const realmSteps = [];\n\
             function atRealmStart(step) { realmSteps[realmSteps.length] = step; }\n",
        );
        push_code(&mut source, include_str!("js/primordials.js"));
        source.push_str("const global = globalThis;\nconst hooks = { __proto__: null };\n");
        source.push_str(&format!("let {};\n", exported.join(", ")));
        for file in files {
            let names = exports(file.source);
            let mut run = format!("(function {}_js() {{\n", file.name);
            let per_realm = !names.is_empty() && file.source.contains("atRealmStart(");
            if per_realm {
                // Its exports as a function, read again after its steps.
                push_code(&mut run, &re_exporting(file.source));
            } else {
                push_code(&mut run, file.source);
            }
            run.push_str("})()");
            if names.is_empty() {
                source.push_str(&format!("{run};\n"));
                continue;
            }
            // By index: destructuring would walk the array's iterator.
            let assign: String = names
                .iter()
                .enumerate()
                .map(|(i, name)| format!("{name} = exported[{i}];\n"))
                .collect();
            if per_realm {
                source.push_str(&format!(
                    "{{\nconst exporting = {run};\nlet exported = exporting();\n{assign}\
                     atRealmStart(() => {{\nexported = exporting();\n{assign}}});\n}}\n"
                ));
            } else {
                source.push_str(&format!("{{\nconst exported = {run};\n{assign}}}\n"));
            }
        }
        // The steps run once per realm: then let go (with the closures
        // they hold, ~3 KiB a realm).
        source.push_str(
            "exposeLazyInterfaces();\n\
             return function startRealm(realmShared, frameId, documentId, replacesWindow, \
             faultInjection, testReport) {\n\
             shared = realmShared;\ninfo.frameId = frameId;\ninfo.documentId = documentId;\n\
             info.replacesWindow = replacesWindow;\ninfo.faultInjection = faultInjection;\n\
             info.testReport = testReport;\n\
             for (let i = 0; i < realmSteps.length; i++) realmSteps[i]();\n\
             realmSteps.length = 0;\nendStartUp();\nreturn hooks;\n};\n})",
        );
        source
    })
}

/// A file's source with its last statement, `return [name, ...];`, made
/// `return () => [name, ...];`.
fn re_exporting(source: &str) -> String {
    match source.rfind("\nreturn [") {
        Some(at) => format!(
            "{}\nreturn () => [{}",
            &source[..at],
            &source[at + "\nreturn [".len()..]
        ),
        None => source.to_string(),
    }
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
    if let Some(cache) = bindings_script(scope, templates).and_then(|s| s.code_cache()) {
        lock(&CODE_CACHE)[cache_slot(kind)] = Some(Arc::new(cache));
    }
}

/// The compiled bindings, unless they come from a snapshot.
fn bindings_script<'s>(
    scope: &'s HandleScope<'_>,
    templates: &Templates,
) -> Option<Local<'s, v8::UnboundScript>> {
    match &templates.bindings {
        Bindings::Script { script, .. } => Some(script.open(scope)),
        Bindings::Snapshot { .. } => None,
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
    if let Some(cache) = bindings_script(scope, templates).and_then(|s| s.code_cache()) {
        lock(&CODE_CACHE)[cache_slot(kind)] = Some(Arc::new(cache));
    }
}

/// The templates of one isolate, as handles.
struct TemplateLocals<'s> {
    global: Local<'s, v8::ObjectTemplate>,
    location: Local<'s, v8::ObjectTemplate>,
    event_target: Local<'s, v8::FunctionTemplate>,
    window_properties: Local<'s, v8::ObjectTemplate>,
    ops: Local<'s, v8::ObjectTemplate>,
}

impl<'s> TemplateLocals<'s> {
    fn new(scope: &'s HandleScope<'_>, kind: IsolateKind) -> TemplateLocals<'s> {
        // Names internalized here: the strings are then those the
        // bindings' source already has (not one more string each in the
        // start-up snapshot's isolate part).
        let event_target =
            v8::FunctionTemplate::new(scope, event_target_constructor, None, 0, true);
        event_target
            .instance_template(scope)
            .set_internal_field_count(1);
        event_target.set_class_name(v8::String::internalized(scope, "EventTarget"));

        let global = match kind {
            IsolateKind::Tab => {
                let window = v8::FunctionTemplate::empty(scope);
                window.set_class_name(v8::String::internalized(scope, "Window"));
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
                worker.set_class_name(v8::String::internalized(scope, class));
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
        TemplateLocals {
            global,
            location,
            event_target,
            window_properties,
            ops,
        }
    }
}

/// The name the bindings script has in stack traces.
fn script_name(kind: IsolateKind) -> &'static str {
    match kind {
        IsolateKind::Tab => "isohost:window-bindings.js",
        IsolateKind::Worker => "isohost:worker-bindings.js",
        IsolateKind::SharedWorker => "isohost:shared-worker-bindings.js",
    }
}

/// The kind of global the bindings set up, as they name it.
pub(crate) fn global_kind(kind: IsolateKind) -> &'static str {
    match kind {
        IsolateKind::Tab => "window",
        IsolateKind::Worker => "worker",
        IsolateKind::SharedWorker => "sharedworker",
    }
}

/// Runs the bindings' set-up in `ctx` (entered): returns `startRealm`.
pub(crate) fn set_up_bindings<'s>(
    scope: &'s HandleScope<'_>,
    ctx: Local<'s, v8::Context>,
    script: Local<'s, v8::UnboundScript>,
    ops: Local<'s, v8::ObjectTemplate>,
    event_target: Local<'s, v8::FunctionTemplate>,
    kind: IsolateKind,
) -> Option<Local<'s, v8::Function>> {
    let function = script
        .bind_to_current_context(scope)?
        .run(scope, ctx)?
        .to_function()?;
    let ops = ops.new_instance(scope, ctx)?;
    // Every op is served by the template's interceptor (`ops::serve_op`),
    // which a name on Object.prototype would hide.
    ops.set_prototype(ctx, v8::value::null(scope)).ok()?;
    let event_target = event_target.get_function(scope, ctx)?;
    let kind = v8::String::internalized(scope, global_kind(kind));
    let undefined = v8::value::undefined(scope);
    function
        .call(
            scope,
            ctx,
            undefined,
            &[ops.into(), event_target.into(), kind.into()],
        )?
        .to_function()
}

/// A start-up snapshot of one agent kind: a realm with the bindings set up
/// (context 0 of the blob), and the isolate's templates.
pub(crate) struct KindSnapshot {
    pub blob: v8::StartupSnapshot,
    context: usize,
    start_realm: usize,
    /// Isolate data: global, location, event target, window properties.
    templates: [usize; 4],
    /// Isolate data: the bindings script (a cold tab snapshot only: the
    /// warm one, made with the bytecode an earlier tab compiled, has none;
    /// see [`harvest`]).
    script: Option<usize>,
}

/// The environment variable that turns the start-up snapshot off (any
/// value but `0` or empty): every realm then compiles and runs the bindings.
pub const NO_SNAPSHOT_ENV: &str = "ISOHOST_NO_SNAPSHOT";

thread_local! {
    /// This thread is making a start-up snapshot (ops have no agent).
    static MAKING_SNAPSHOT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is setting up the bindings for a snapshot: an op
/// called then has no agent, and the bindings must not call one outside
/// their `atRealmStart` steps.
pub(crate) fn making_snapshot() -> bool {
    MAKING_SNAPSHOT.with(std::cell::Cell::get)
}

/// The start-up snapshot of `kind`, made on first use in this process
/// (`None` when turned off, or if it could not be made: agents then work
/// without): the warm one once an agent of the kind has left the bytecode
/// it compiled (see [`harvest`]), made then by the agent that asks next.
pub(crate) fn snapshot(kind: IsolateKind) -> Option<&'static KindSnapshot> {
    static COLD: [OnceLock<Option<KindSnapshot>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    static WARM: [OnceLock<Option<KindSnapshot>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    static DISABLED: OnceLock<bool> = OnceLock::new();
    let disabled = *DISABLED.get_or_init(|| {
        std::env::var_os(NO_SNAPSHOT_ENV).is_some_and(|v| !v.is_empty() && v != "0")
    });
    if disabled {
        return None;
    }
    let slot = cache_slot(kind);
    let harvested = lock(&HARVESTED)[slot].clone();
    if let Some(cache) = harvested
        && let Some(warm) = WARM[slot]
            .get_or_init(|| make_snapshot(kind, Some(&cache)))
            .as_ref()
    {
        return Some(warm);
    }
    if COLD[slot].get().is_some() {
        // A second agent of the kind: more may come, a warm snapshot pays.
        HARVEST_WANTED[slot].store(true, Ordering::Relaxed);
    }
    COLD[slot]
        .get_or_init(|| make_snapshot(kind, None))
        .as_ref()
}

/// The bytecode the first agent of each kind compiled of the bindings while
/// it loaded its page (a code cache of the bindings script), for the warm
/// snapshot.
static HARVESTED: Mutex<[Option<Arc<CodeCache>>; 3]> = Mutex::new([None, None, None]);

/// Whether a second agent of each kind was made from the cold snapshot.
static HARVEST_WANTED: [AtomicBool; 3] = [
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(false),
];

/// Whether an agent of each kind has harvested (or tried to).
static HARVEST_TRIED: [AtomicBool; 3] = [
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(false),
];

/// Once a second agent of `kind` was made (a process that makes one agent
/// of a kind does not pay for this), the first tab made from the cold
/// snapshot to load its page (or to end) keeps a code cache of the bindings script (~5 ms of CPU): the
/// bytecode of every bindings function it called, which V8 compiled on
/// first call (the snapshot holds code only for what the set-up ran). The
/// next agent of the kind then makes the warm snapshot, whose bindings
/// script was compiled from that cache, so that later isolates find that
/// bytecode in the snapshot instead of parsing and compiling the functions
/// again (~20 % of a small page's CPU). Compiling every function at once
/// instead (`kEagerCompile`) costs more to deserialize in every isolate
/// than it saves, and ~550 KiB more per tab; writing the blob without
/// any bytecode (`FunctionCodeHandling::kClear`) makes `Isolate::New` only
/// 1.5 % cheaper (7.45 → 7.34 M instructions) while every page compiles
/// what it calls again (13.5 → 21.4 M instructions per small page, and
/// ~45 KiB more per tab, each isolate holding its own). Only what the code is
/// depends on the page (which functions); it is the bindings' own bytecode,
/// the same whatever the page did, and what pages see is the same
/// (`tests/snapshot.rs`).
pub(crate) fn harvest(scope: &HandleScope<'_>, templates: &Templates, kind: IsolateKind) {
    if kind != IsolateKind::Tab {
        // Not measured for workers, where the second would pay ~25 ms more
        // to make it.
        return;
    }
    let Bindings::Snapshot {
        script: Some(script),
        ..
    } = templates.bindings
    else {
        return;
    };
    if !HARVEST_WANTED[cache_slot(kind)].load(Ordering::Relaxed)
        || HARVEST_TRIED[cache_slot(kind)].swap(true, Ordering::Relaxed)
    {
        return;
    }
    let cache = v8::snapshot::isolate_script_from_snapshot(scope, script)
        .and_then(|script| script.code_cache());
    if let Some(cache) = cache {
        lock(&HARVESTED)[cache_slot(kind)] = Some(Arc::new(cache));
    }
}

fn make_snapshot(kind: IsolateKind, cache: Option<&CodeCache>) -> Option<KindSnapshot> {
    let mut indices = None;
    let blob = v8::SnapshotBuilder::make(|scope, builder| {
        MAKING_SNAPSHOT.with(|m| m.set(true));
        indices = (|| {
            let t = TemplateLocals::new(scope, kind);
            let ctx = v8::Context::new(scope, Some(t.global), None)?;
            let start_realm = {
                let _cs = v8::ContextScope::new(scope, ctx);
                let _tc = v8::TryCatch::new(scope);
                let (script, _) = v8::Script::compile_unbound_static(
                    scope,
                    bindings_source(kind),
                    script_name(kind),
                    cache,
                );
                let script = script?;
                let start_realm = set_up_bindings(scope, ctx, script, t.ops, t.event_target, kind)?;
                // Kept only in the cold snapshot, for `harvest` (~1.3M
                // instructions more to deserialize in every isolate).
                let script = (cache.is_none() && kind == IsolateKind::Tab)
                    .then(|| builder.add_isolate_script(script));
                (start_realm, script)
            };
            let (start_realm, script) = start_realm;
            let start_realm = builder.add_context_data(ctx, start_realm);
            let context = builder.add_context(ctx);
            let templates = [
                builder.add_isolate_data(t.global),
                builder.add_isolate_data(t.location),
                builder.add_isolate_data(t.event_target),
                builder.add_isolate_data(t.window_properties),
            ];
            let default = v8::Context::new(scope, None, None)?;
            builder.set_default_context(default);
            Some((context, start_realm, templates, script))
        })();
        MAKING_SNAPSHOT.with(|m| m.set(false));
        indices.is_some()
    })?;
    let (context, start_realm, templates, script) = indices?;
    Some(KindSnapshot {
        blob,
        context,
        start_realm,
        templates,
        script,
    })
}

impl Templates {
    /// The templates of an isolate of `kind`: from `snapshot`, the one
    /// the isolate was made from, else made here.
    pub fn new(
        scope: &HandleScope<'_>,
        kind: IsolateKind,
        snapshot: Option<&KindSnapshot>,
    ) -> Templates {
        if let Some(snapshot) = snapshot
            && let Some(templates) = Self::from_snapshot(scope, snapshot)
        {
            return templates;
        }
        let t = TemplateLocals::new(scope, kind);
        let cached = lock(&CODE_CACHE)[cache_slot(kind)].clone();
        let (script, rejected) = v8::Script::compile_unbound_static(
            scope,
            bindings_source(kind),
            script_name(kind),
            cached.as_deref(),
        );
        let script = script.expect("the bindings compile");
        if rejected {
            lock(&CODE_CACHE)[cache_slot(kind)] = None;
        }
        Templates {
            global: Global::new(scope, t.global),
            location: Global::new(scope, t.location),
            event_target: Global::new(scope, t.event_target),
            window_properties: Global::new(scope, t.window_properties),
            bindings: Bindings::Script {
                ops: Global::new(scope, t.ops),
                script: Global::new(scope, script),
            },
            first_context: std::cell::RefCell::default(),
            op_templates: std::cell::RefCell::default(),
        }
    }

    /// Deserializes the first realm's context from the snapshot now (a
    /// spare tab waiting for its tab: most of what is left of a small
    /// page's opening). What depends on the frame (its global proxy's frame
    /// id, security token, seeded `Math.random`, the bindings'
    /// `startRealm`) is set when the realm is made, as for any other; the
    /// context is the snapshot's whenever it is read, and nothing runs in
    /// the isolate in between.
    pub fn make_first_context(&self, scope: &HandleScope<'_>) {
        if let Bindings::Snapshot { context, .. } = self.bindings
            && let Some(ctx) = v8::Context::from_snapshot(scope, context, None)
        {
            *self.first_context.borrow_mut() = Some(Global::new(scope, ctx));
        }
    }

    /// The context [`Self::make_first_context`] made, once; `None` after,
    /// or without a snapshot.
    pub fn take_first_context<'s>(
        &self,
        scope: &'s HandleScope<'_>,
    ) -> Option<Local<'s, v8::Context>> {
        let made = self.first_context.borrow_mut().take()?;
        Some(made.open(scope))
    }

    /// Op `index`'s function template in this isolate, made by `make` on
    /// first use.
    pub fn op_template<'s>(
        &self,
        scope: &'s HandleScope<'s>,
        index: usize,
        make: super::ops::OpMaker,
    ) -> Local<'s, v8::FunctionTemplate> {
        if let Some(Some(made)) = self.op_templates.borrow().get(index) {
            return made.open(scope);
        }
        let made = make(scope);
        let mut templates = self.op_templates.borrow_mut();
        if templates.len() <= index {
            templates.resize_with(index + 1, || None);
        }
        templates[index] = Some(Global::new(scope, made));
        made
    }

    fn from_snapshot(scope: &HandleScope<'_>, snapshot: &KindSnapshot) -> Option<Templates> {
        use v8::snapshot::isolate_data_from_snapshot as data;
        let [global, location, event_target, window_properties] = snapshot.templates;
        Some(Templates {
            global: Global::new(scope, data::<v8::ObjectTemplate>(scope, global)?),
            location: Global::new(scope, data::<v8::ObjectTemplate>(scope, location)?),
            event_target: Global::new(scope, data::<v8::FunctionTemplate>(scope, event_target)?),
            window_properties: Global::new(
                scope,
                data::<v8::ObjectTemplate>(scope, window_properties)?,
            ),
            bindings: Bindings::Snapshot {
                context: snapshot.context,
                start_realm: snapshot.start_realm,
                script: snapshot.script,
            },
            first_context: std::cell::RefCell::default(),
            op_templates: std::cell::RefCell::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every agent kind's bindings set up without calling an op outside
    /// their `atRealmStart` steps (an op called then makes the snapshot
    /// fail), and V8 writes the snapshot.
    #[test]
    fn a_snapshot_is_made_for_every_agent_kind() {
        crate::web::init_v8();
        for kind in [
            IsolateKind::Tab,
            IsolateKind::Worker,
            IsolateKind::SharedWorker,
        ] {
            let made = make_snapshot(kind, None);
            let size = made.as_ref().map_or(0, |s| s.blob.size());
            assert!(size > 100_000, "no snapshot of the {kind:?} bindings");
        }
    }

    /// The bindings' source is shared by every isolate only while it is
    /// ASCII (`v8::String::new_static`); otherwise each isolate would hold
    /// a copy again (~450 KiB per tab). Comment lines are dropped, so only
    /// code (strings included) must keep to ASCII: write `\u2192`, not `→`.
    #[test]
    fn the_bindings_source_is_ascii() {
        for kind in [
            IsolateKind::Tab,
            IsolateKind::Worker,
            IsolateKind::SharedWorker,
        ] {
            let source = bindings_source(kind);
            let bad = source.lines().enumerate().find(|(_, l)| !l.is_ascii());
            assert!(bad.is_none(), "{kind:?} bindings, line {bad:?}");
        }
    }

    /// Once a second tab has loaded its page, the tab snapshot is the warm
    /// one:
    /// made from a code cache holding what that tab compiled of the
    /// bindings (functions the set-up does not run), and later tabs load
    /// from it as the first did.
    #[test]
    #[allow(clippy::print_stderr)]
    fn tabs_after_the_first_page_load_come_from_the_warm_snapshot() {
        if std::env::var_os(NO_SNAPSHOT_ENV).is_some_and(|v| !v.is_empty() && v != "0") {
            eprintln!("skipped: {NO_SNAPSHOT_ENV} is set");
            return;
        }
        let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/../pages");
        let host = crate::Host::new(crate::HostOptions::new(pages)).expect("a host");
        for _ in 0..2 {
            host.open("http://a.test/hello.html").expect("opens");
            assert!(host.wait_idle(Some(std::time::Duration::from_secs(60))));
        }
        let tab = snapshot(IsolateKind::Tab).expect("a tab snapshot");
        assert!(
            tab.script.is_none(),
            "the tab snapshot is still the cold one"
        );
        host.open("http://a.test/hello.html").expect("opens");
        assert!(host.wait_idle(Some(std::time::Duration::from_secs(60))));
        let cache = lock(&HARVESTED)[cache_slot(IsolateKind::Tab)]
            .clone()
            .expect("a harvested code cache");
        assert!(!cache.0.is_empty());
        assert!(host.errors().is_empty(), "{:?}", host.errors());
        let said: Vec<String> = host.console().into_iter().map(|m| m.text).collect();
        assert_eq!(said.len() % 3, 0, "{said:?}");
        let third = said.len() / 3;
        assert_eq!(said[..third], said[third..2 * third]);
        assert_eq!(said[..third], said[2 * third..]);
    }

    #[test]
    fn a_file_with_realm_steps_exports_a_function_of_its_names() {
        let source = "const a = 1;\nlet b;\natRealmStart(() => { b = 2; });\nreturn [a, b];\n";
        assert_eq!(
            re_exporting(source),
            "const a = 1;\nlet b;\natRealmStart(() => { b = 2; });\nreturn () => [a, b];\n"
        );
        assert!(bindings_source(IsolateKind::Tab).contains("return () => [location, navigate"));
    }
}
