//! ES modules: compile, link (the host resolves each import), evaluate.

use super::isolate::RawIsolate;
use super::local::{Context, Function, Local, Module, Promise, String, Value};
use super::scope::HandleScope;

unsafe extern "C" {
    fn v8__ScriptCompiler__CompileModule(
        isolate: *mut RawIsolate,
        source: *const String,
        name: *const Value,
        line: i32,
    ) -> *const Module;
    fn v8__Module__InstantiateModule(m: *const Module, c: *const Context) -> i32;
    fn v8__Module__Evaluate(m: *const Module, c: *const Context) -> *const Value;
    fn v8__Module__GetStatus(m: *const Module) -> i32;
    fn v8__Module__GetModuleRequestsLength(m: *const Module) -> i32;
    fn v8__Module__GetModuleRequest(
        m: *const Module,
        c: *const Context,
        i: i32,
        line: *mut i32,
        column: *mut i32,
    ) -> *const String;
    fn v8__Module__GetException(m: *const Module) -> *const Value;
    fn v8__Module__GetModuleNamespace(m: *const Module) -> *const Value;
    fn v8__Module__GetIdentityHash(m: *const Module) -> i32;
    fn v8__Module__Same(a: *const Module, b: *const Module) -> i32;
    fn v8__Promise__MarkAsHandled(p: *const Promise);
    fn v8__Promise__Catch(
        p: *const Promise,
        c: *const Context,
        f: *const Function,
    ) -> *const Promise;
    fn v8__Promise__Resolver__New(
        c: *const Context,
        value: *const Value,
        reject: i32,
    ) -> *const Promise;
    fn v8__Promise__State(p: *const Promise) -> i32;
    fn v8__Promise__Result(p: *const Promise) -> *const Value;
}

/// V8's `Module::Status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleStatus {
    Uninstantiated,
    Instantiating,
    Instantiated,
    Evaluating,
    Evaluated,
    Errored,
}

/// One `import` of a module: its specifier and where it stands in the
/// module's source (1-based line and column, as the module was compiled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRequest {
    pub specifier: std::string::String,
    pub line: u32,
    pub column: u32,
}

/// V8's `Promise::PromiseState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseState {
    Pending,
    Fulfilled,
    Rejected,
}

impl Module {
    /// Compiles module source; `name` is its URL, `line` the 0-based line of
    /// its first character there. `None` on a syntax error (pending in the
    /// scope's TryCatch).
    pub fn compile<'s>(
        scope: &'s HandleScope<'_>,
        source: &str,
        name: &str,
        line: u32,
    ) -> Option<Local<'s, Module>> {
        let source = String::new(scope, source);
        let name = String::new(scope, name);
        // SAFETY: live handles on a live isolate.
        Local::from_raw(unsafe {
            v8__ScriptCompiler__CompileModule(
                scope.isolate_ptr(),
                source.as_ptr(),
                name.as_ptr().cast(),
                line as i32,
            )
        })
    }
}

impl<'s> Local<'s, Module> {
    /// The module's static imports, in source order.
    pub fn requests(
        self,
        scope: &HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Vec<ModuleRequest> {
        // SAFETY: a live handle.
        let count = unsafe { v8__Module__GetModuleRequestsLength(self.as_ptr()) }.max(0);
        let mut out = Vec::with_capacity(count as usize);
        for i in 0..count {
            let (mut line, mut column) = (0, 0);
            // SAFETY: live handles; `i` is in range; valid out-pointers.
            let specifier: Option<Local<'_, String>> = Local::from_raw(unsafe {
                v8__Module__GetModuleRequest(
                    self.as_ptr(),
                    context.as_ptr(),
                    i,
                    &mut line,
                    &mut column,
                )
            });
            if let Some(specifier) = specifier {
                out.push(ModuleRequest {
                    specifier: specifier.to_rust(scope),
                    line: line.max(0) as u32 + 1,
                    column: column.max(0) as u32 + 1,
                });
            }
        }
        out
    }

    /// Links the module graph; each import is resolved by the host's
    /// [`HostHooks::resolve_module`](super::HostHooks). False if that failed
    /// (an exception is pending: the glue makes sure of it, see `FromHost`).
    pub fn instantiate(self, scope: &HandleScope<'_>, context: Local<'_, Context>) -> bool {
        match self.status() {
            ModuleStatus::Uninstantiated => {}
            ModuleStatus::Instantiating => {
                // Only reachable if linking re-entered itself; V8 would not
                // expect it.
                return throw(scope, "the module is being linked already");
            }
            _ => return true,
        }
        // SAFETY: live handles; resolution calls back into Rust.
        unsafe { v8__Module__InstantiateModule(self.as_ptr(), context.as_ptr()) != 0 }
    }

    /// Runs the module; with top-level await this is a promise. `None` with
    /// an exception pending, also when the module is not linked yet or is
    /// being evaluated right now (V8 CHECKs both: callers must wait for the
    /// running evaluation to finish, as HTML's import() does by fetching in
    /// a later task).
    pub fn evaluate(
        self,
        scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Value>> {
        match self.status() {
            ModuleStatus::Instantiated | ModuleStatus::Evaluated | ModuleStatus::Errored => {}
            ModuleStatus::Evaluating => {
                throw(scope, "the module is being evaluated");
                return None;
            }
            ModuleStatus::Uninstantiated | ModuleStatus::Instantiating => {
                throw(scope, "the module is not linked");
                return None;
            }
        }
        // SAFETY: live handles; the module's status is one V8 accepts.
        Local::from_raw(unsafe { v8__Module__Evaluate(self.as_ptr(), context.as_ptr()) })
    }

    pub fn status(self) -> ModuleStatus {
        // SAFETY: a live handle.
        match unsafe { v8__Module__GetStatus(self.as_ptr()) } {
            0 => ModuleStatus::Uninstantiated,
            1 => ModuleStatus::Instantiating,
            2 => ModuleStatus::Instantiated,
            3 => ModuleStatus::Evaluating,
            4 => ModuleStatus::Evaluated,
            _ => ModuleStatus::Errored,
        }
    }

    /// What the module threw (`None` unless its status is Errored: V8
    /// CHECKs that).
    pub fn exception(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Value>> {
        if self.status() != ModuleStatus::Errored {
            return None;
        }
        // SAFETY: a live handle of an errored module.
        Local::from_raw(unsafe { v8__Module__GetException(self.as_ptr()) })
    }

    /// The module namespace object; `None` with an exception pending before
    /// the module is linked (V8 CHECKs that).
    pub fn namespace(self, scope: &'s HandleScope<'_>) -> Option<Local<'s, Value>> {
        if matches!(
            self.status(),
            ModuleStatus::Uninstantiated | ModuleStatus::Instantiating
        ) {
            throw(scope, "the module is not linked");
            return None;
        }
        // SAFETY: a live handle of a linked module.
        Local::from_raw(unsafe { v8__Module__GetModuleNamespace(self.as_ptr()) })
    }

    pub fn identity_hash(self) -> i32 {
        // SAFETY: a live handle.
        unsafe { v8__Module__GetIdentityHash(self.as_ptr()) }
    }

    /// The same module record.
    pub fn same(self, other: Local<'_, Module>) -> bool {
        // SAFETY: live handles.
        unsafe { v8__Module__Same(self.as_ptr(), other.as_ptr()) != 0 }
    }
}

impl Promise {
    /// A promise already fulfilled (or rejected) with `value`.
    pub fn settled<'s>(
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        value: Local<'_, Value>,
        rejected: bool,
    ) -> Option<Local<'s, Promise>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe {
            v8__Promise__Resolver__New(context.as_ptr(), value.as_ptr(), i32::from(rejected))
        })
    }
}

impl<'s> Local<'s, Promise> {
    pub fn state(self) -> PromiseState {
        // SAFETY: a live handle.
        match unsafe { v8__Promise__State(self.as_ptr()) } {
            0 => PromiseState::Pending,
            1 => PromiseState::Fulfilled,
            _ => PromiseState::Rejected,
        }
    }

    /// The fulfilment value or rejection reason (not pending).
    pub fn result(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Value>> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__Promise__Result(self.as_ptr()) })
    }

    /// `promise.catch(handler)`: the derived promise, `None` if that threw.
    pub fn catch(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        handler: Local<'_, Function>,
    ) -> Option<Local<'s, Promise>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe {
            v8__Promise__Catch(self.as_ptr(), context.as_ptr(), handler.as_ptr())
        })
    }

    /// Tells V8's rejection tracker the rejection is handled.
    pub fn mark_as_handled(self) {
        // SAFETY: a live handle.
        unsafe { v8__Promise__MarkAsHandled(self.as_ptr()) };
    }
}

/// Throws an `Error(message)`; false, for returning.
fn throw(scope: &HandleScope<'_>, message: &str) -> bool {
    let message = String::new(scope, message);
    scope.throw_exception(super::exception::error(scope, message));
    false
}
