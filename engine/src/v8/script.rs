//! Scripts: compile and run source text, with its URL for error places.

use std::ffi::c_void;

use super::isolate::RawIsolate;
use super::local::{Context, Local, Script, String, UnboundScript, Value};
use super::scope::HandleScope;

unsafe extern "C" {
    fn v8__Script__Compile(
        c: *const Context,
        source: *const String,
        name: *const Value,
        line: i32,
        column: i32,
    ) -> *const Script;
    fn v8__Script__Run(s: *const Script, c: *const Context) -> *const Value;
    fn v8__ScriptCompiler__CompileUnboundScript(
        isolate: *mut RawIsolate,
        source: *const String,
        name: *const Value,
        cache: *const u8,
        cache_length: i32,
        cache_rejected: *mut i32,
    ) -> *const UnboundScript;
    fn v8__UnboundScript__BindToCurrentContext(s: *const UnboundScript) -> *const Script;
    fn v8__UnboundScript__CreateCodeCache(s: *const UnboundScript, length: *mut i32) -> *mut u8;
    fn v8__free(p: *mut c_void);
}

/// V8 code cache bytes for a script: later isolates skip parsing it.
#[derive(Clone, Default)]
pub struct CodeCache(pub Vec<u8>);

impl Script {
    /// Compiles `source` in `context`; `name` is its URL, `line`/`column` the
    /// 0-based place of its first character in that resource (inline scripts).
    /// `None` on a syntax error (pending in the scope's TryCatch).
    pub fn compile<'s>(
        scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        source: &str,
        name: &str,
        line: u32,
        column: u32,
    ) -> Option<Local<'s, Script>> {
        let source = String::new(scope, source);
        let name = String::new(scope, name);
        // SAFETY: live handles.
        Local::from_raw(unsafe {
            v8__Script__Compile(
                context.as_ptr(),
                source.as_ptr(),
                name.as_ptr().cast(),
                line as i32,
                column as i32,
            )
        })
    }

    /// Compiles `source` once for the isolate, to be bound to many contexts.
    /// With `cache`, V8 reuses that code cache if it fits (the bool says
    /// whether V8 rejected it).
    pub fn compile_unbound<'s>(
        scope: &'s HandleScope<'_>,
        source: &str,
        name: &str,
        cache: Option<&CodeCache>,
    ) -> (Option<Local<'s, UnboundScript>>, bool) {
        Self::compile_unbound_string(scope, String::new(scope, source), name, cache)
    }

    /// As [`Self::compile_unbound`], for text that lives for the whole
    /// process: the script's source is not copied into the isolate's heap
    /// (nor into a snapshot made with it) but shared by every isolate
    /// ([`String::new_static`]).
    pub fn compile_unbound_static<'s>(
        scope: &'s HandleScope<'_>,
        source: &'static str,
        name: &str,
        cache: Option<&CodeCache>,
    ) -> (Option<Local<'s, UnboundScript>>, bool) {
        Self::compile_unbound_string(scope, String::new_static(scope, source), name, cache)
    }

    fn compile_unbound_string<'s>(
        scope: &'s HandleScope<'_>,
        source: Local<'_, String>,
        name: &str,
        cache: Option<&CodeCache>,
    ) -> (Option<Local<'s, UnboundScript>>, bool) {
        let name = String::new(scope, name);
        let (ptr, len) = cache.map_or((std::ptr::null(), 0), |c| (c.0.as_ptr(), c.0.len() as i32));
        let mut rejected = 0;
        // SAFETY: live handles; `cache` bytes outlive the call (V8 copies
        // what it keeps: CachedData here does not own the buffer).
        let script = Local::from_raw(unsafe {
            v8__ScriptCompiler__CompileUnboundScript(
                scope.isolate_ptr(),
                source.as_ptr(),
                name.as_ptr().cast(),
                ptr,
                len,
                &mut rejected,
            )
        });
        (script, rejected != 0)
    }
}

impl<'s> Local<'s, Script> {
    /// Runs the script; `None` if it threw or was terminated.
    pub fn run(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Value>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Script__Run(self.as_ptr(), context.as_ptr()) })
    }
}

impl<'s> Local<'s, UnboundScript> {
    /// This script, bound to the context entered now.
    pub fn bind_to_current_context(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Script>> {
        // SAFETY: a live handle, with a context entered (caller's duty; V8
        // checks and aborts otherwise).
        Local::from_raw(unsafe { v8__UnboundScript__BindToCurrentContext(self.as_ptr()) })
    }

    /// V8's code cache for this script (after it ran, lazily compiled
    /// functions are included too).
    pub fn code_cache(self) -> Option<CodeCache> {
        let mut len = 0;
        // SAFETY: a live handle; the bytes are malloc'ed and freed below.
        let ptr = unsafe { v8__UnboundScript__CreateCodeCache(self.as_ptr(), &mut len) };
        if ptr.is_null() {
            return None;
        }
        // SAFETY: `ptr` holds `len` initialised bytes.
        let bytes = unsafe { std::slice::from_raw_parts(ptr, len.max(0) as usize) }.to_vec();
        // SAFETY: allocated with malloc by the glue, freed once.
        unsafe { v8__free(ptr.cast()) };
        Some(CodeCache(bytes))
    }
}
