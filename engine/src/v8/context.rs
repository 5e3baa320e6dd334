//! Contexts: one per frame (a realm with its own global object).

use super::isolate::RawIsolate;
use super::local::{Context, Local, Object, ObjectTemplate, Value};
use super::scope::HandleScope;

unsafe extern "C" {
    fn v8__Context__New(
        isolate: *mut RawIsolate,
        global_template: *const ObjectTemplate,
        global_object: *const Value,
    ) -> *const Context;
    fn v8__Context__NewRemoteContext(
        isolate: *mut RawIsolate,
        global_template: *const ObjectTemplate,
    ) -> *const Object;
    pub(super) fn v8__Context__Global(c: *const Context) -> *const Object;
    fn v8__Context__DetachGlobal(c: *const Context);
    fn v8__Context__SetSecurityToken(c: *const Context, token: *const Value);
    fn v8__Context__UseDefaultSecurityToken(c: *const Context);
    fn v8__Context__GetSecurityToken(c: *const Context) -> *const Value;
    fn v8__Context__SetEmbedderData(c: *const Context, index: i32, value: *const Value);
    fn v8__Context__GetEmbedderData(c: *const Context, index: i32) -> *const Value;
}

/// Embedder data slots below this are V8's or the debugger's.
const FIRST_EMBEDDER_SLOT: i32 = 2;

impl Context {
    /// A new context whose global proxy comes from `global_template` (its
    /// constructor's prototype template, if any, makes the global object).
    /// `reuse_global` is a global proxy detached from an earlier context of
    /// the same frame: a navigation keeps the WindowProxy's identity.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s>(
        scope: &'s HandleScope<'_>,
        global_template: Option<Local<'_, ObjectTemplate>>,
        reuse_global: Option<Local<'_, Object>>,
    ) -> Option<Local<'s, Context>> {
        let t = global_template.map_or(std::ptr::null(), |t| t.as_ptr());
        let g = reuse_global.map_or(std::ptr::null(), |g| g.as_ptr().cast::<Value>());
        // SAFETY: the isolate is alive; handles are live or null.
        Local::from_raw(unsafe { v8__Context__New(scope.isolate_ptr(), t, g) })
    }

    /// A global proxy with no context behind it: stands for a window that
    /// lives in another isolate. Every access fails the access check, so only
    /// the interceptors serve it.
    pub fn new_remote<'s>(
        scope: &'s HandleScope<'_>,
        global_template: Local<'_, ObjectTemplate>,
    ) -> Option<Local<'s, Object>> {
        // SAFETY: the isolate is alive; the template is live.
        Local::from_raw(unsafe {
            v8__Context__NewRemoteContext(scope.isolate_ptr(), global_template.as_ptr())
        })
    }
}

impl<'s> Local<'s, Context> {
    /// The global proxy (the WindowProxy).
    pub fn global(self, _scope: &'s HandleScope<'_>) -> Local<'s, Object> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__Context__Global(self.as_ptr()) }).expect("Context::Global")
    }

    /// Cuts the global proxy loose from this context (frame removed or
    /// navigated away).
    pub fn detach_global(self) {
        // SAFETY: a live handle.
        unsafe { v8__Context__DetachGlobal(self.as_ptr()) };
    }

    /// Contexts whose tokens are the same object reach each other freely.
    pub fn set_security_token(self, token: Local<'_, Value>) {
        // SAFETY: live handles.
        unsafe { v8__Context__SetSecurityToken(self.as_ptr(), token.as_ptr()) };
    }

    /// A token no other context has (opaque origins).
    pub fn use_default_security_token(self) {
        // SAFETY: a live handle.
        unsafe { v8__Context__UseDefaultSecurityToken(self.as_ptr()) };
    }

    pub fn security_token(self, _scope: &'s HandleScope<'_>) -> Local<'s, Value> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__Context__GetSecurityToken(self.as_ptr()) })
            .expect("security token")
    }

    /// Stores `value` in the embedder's slot `index` (0-based, ours).
    pub fn set_slot(self, index: usize, value: Local<'_, Value>) {
        // SAFETY: live handles; the slot is past V8's reserved ones.
        unsafe {
            v8__Context__SetEmbedderData(
                self.as_ptr(),
                FIRST_EMBEDDER_SLOT + index as i32,
                value.as_ptr(),
            )
        };
    }

    /// The value in the embedder's slot `index`, if one was set.
    pub fn slot(self, _scope: &'s HandleScope<'_>, index: usize) -> Option<Local<'s, Value>> {
        // SAFETY: a live handle; V8 returns undefined for unset slots.
        Local::from_raw(unsafe {
            v8__Context__GetEmbedderData(self.as_ptr(), FIRST_EMBEDDER_SLOT + index as i32)
        })
    }
}
