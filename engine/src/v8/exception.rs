//! Exceptions and the messages (place, text) V8 attaches to them.

use super::isolate::RawIsolate;
use super::local::{Context, Local, Message, String, Value};
use super::scope::HandleScope;

unsafe extern "C" {
    fn v8__Exception__Error(message: *const String) -> *const Value;
    fn v8__Exception__TypeError(message: *const String) -> *const Value;
    fn v8__Exception__RangeError(message: *const String) -> *const Value;
    fn v8__Exception__SyntaxError(message: *const String) -> *const Value;
    fn v8__Exception__CreateMessage(
        isolate: *mut RawIsolate,
        exception: *const Value,
    ) -> *const Message;
    fn v8__Message__Get(m: *const Message) -> *const String;
    fn v8__Message__GetScriptResourceName(m: *const Message) -> *const Value;
    fn v8__Message__GetLineNumber(m: *const Message, c: *const Context) -> i32;
    fn v8__Message__GetStartColumn(m: *const Message) -> i32;
}

/// `new Error(message)` in the current context.
pub fn error<'s>(_scope: &'s HandleScope<'_>, message: Local<'_, String>) -> Local<'s, Value> {
    // SAFETY: a live handle in an entered context.
    Local::from_raw(unsafe { v8__Exception__Error(message.as_ptr()) }).expect("Exception::Error")
}

/// `new TypeError(message)` in the current context.
pub fn type_error<'s>(scope: &'s HandleScope<'_>, message: &str) -> Local<'s, Value> {
    let message = String::new(scope, message);
    // SAFETY: as for `error`.
    Local::from_raw(unsafe { v8__Exception__TypeError(message.as_ptr()) })
        .expect("Exception::TypeError")
}

/// `new RangeError(message)` in the current context.
pub fn range_error<'s>(scope: &'s HandleScope<'_>, message: &str) -> Local<'s, Value> {
    let message = String::new(scope, message);
    // SAFETY: as for `error`.
    Local::from_raw(unsafe { v8__Exception__RangeError(message.as_ptr()) })
        .expect("Exception::RangeError")
}

/// `new SyntaxError(message)` in the current context.
pub fn syntax_error<'s>(scope: &'s HandleScope<'_>, message: &str) -> Local<'s, Value> {
    let message = String::new(scope, message);
    // SAFETY: as for `error`.
    Local::from_raw(unsafe { v8__Exception__SyntaxError(message.as_ptr()) })
        .expect("Exception::SyntaxError")
}

impl Message {
    /// The message V8 would report for `exception` thrown here (with the place
    /// of its creation, for Error objects).
    pub fn of<'s>(
        scope: &'s HandleScope<'_>,
        exception: Local<'_, Value>,
    ) -> Option<Local<'s, Message>> {
        // SAFETY: a live handle on a live isolate.
        Local::from_raw(unsafe {
            v8__Exception__CreateMessage(scope.isolate_ptr(), exception.as_ptr())
        })
    }
}

impl<'s> Local<'s, Message> {
    /// "Uncaught TypeError: …".
    pub fn text(self, scope: &HandleScope<'_>) -> std::string::String {
        // SAFETY: a live handle.
        Local::<String>::from_raw(unsafe { v8__Message__Get(self.as_ptr()) })
            .map(|s| s.to_rust(scope))
            .unwrap_or_default()
    }

    /// The script's name (its URL) as given when it was compiled.
    pub fn resource_name(self, scope: &HandleScope<'_>) -> std::string::String {
        // SAFETY: a live handle.
        let v: Option<Local<'s, Value>> =
            Local::from_raw(unsafe { v8__Message__GetScriptResourceName(self.as_ptr()) });
        v.and_then(|v| v.to_string_checked())
            .map(|s| s.to_rust(scope))
            .unwrap_or_default()
    }

    /// 1-based line (0: unknown).
    pub fn line(self, context: Local<'_, Context>) -> u32 {
        // SAFETY: live handles.
        unsafe { v8__Message__GetLineNumber(self.as_ptr(), context.as_ptr()) }.max(0) as u32
    }

    /// 1-based column (V8 counts from 0).
    pub fn column(self) -> u32 {
        // SAFETY: a live handle.
        (unsafe { v8__Message__GetStartColumn(self.as_ptr()) }.max(-1) + 1) as u32
    }
}
