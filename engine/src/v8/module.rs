//! ES modules: compile, link (the host resolves each import), evaluate.

use super::isolate::RawIsolate;
use super::local::{Context, Local, Module, Promise, String, Value};
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
    fn v8__Module__GetException(m: *const Module) -> *const Value;
    fn v8__Module__GetModuleNamespace(m: *const Module) -> *const Value;
    fn v8__Module__GetIdentityHash(m: *const Module) -> i32;
    fn v8__Module__Same(a: *const Module, b: *const Module) -> i32;
    fn v8__Promise__MarkAsHandled(p: *const Promise);
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
    /// Links the module graph; each import is resolved by the host's
    /// [`HostHooks::resolve_module`](super::HostHooks). False if that failed
    /// (an exception is pending).
    pub fn instantiate(self, context: Local<'_, Context>) -> bool {
        // SAFETY: live handles; resolution calls back into Rust.
        unsafe { v8__Module__InstantiateModule(self.as_ptr(), context.as_ptr()) != 0 }
    }

    /// Runs the module; with top-level await this is a promise.
    pub fn evaluate(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Value>> {
        // SAFETY: live handles.
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

    /// What the module threw (status Errored).
    pub fn exception(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Value>> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__Module__GetException(self.as_ptr()) })
    }

    /// The module namespace object (after instantiation).
    pub fn namespace(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Value>> {
        // SAFETY: a live handle.
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

    /// Tells V8's rejection tracker the rejection is handled.
    pub fn mark_as_handled(self) {
        // SAFETY: a live handle.
        unsafe { v8__Promise__MarkAsHandled(self.as_ptr()) };
    }
}
