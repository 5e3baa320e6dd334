//! Values: type tests, conversions, primitives and strings.

use std::ffi::c_char;

use super::isolate::RawIsolate;
use super::local::{
    Array, ArrayBuffer, ArrayBufferView, Boolean, Context, Function, Integer, Local, Number,
    Object, Primitive, Promise, SharedArrayBuffer, String, Value,
};
use super::scope::HandleScope;

unsafe extern "C" {
    fn v8__Undefined(isolate: *mut RawIsolate) -> *const Primitive;
    fn v8__Null(isolate: *mut RawIsolate) -> *const Primitive;
    fn v8__Boolean__New(isolate: *mut RawIsolate, value: i32) -> *const Boolean;
    fn v8__Number__New(isolate: *mut RawIsolate, value: f64) -> *const Number;
    fn v8__Integer__New(isolate: *mut RawIsolate, value: i32) -> *const Integer;
    fn v8__String__New(
        isolate: *mut RawIsolate,
        data: *const c_char,
        length: i32,
        internalized: i32,
    ) -> *const String;
    fn v8__String__Length(s: *const String) -> i32;
    fn v8__String__Utf8Length(s: *const String, isolate: *mut RawIsolate) -> i32;
    fn v8__String__WriteOneByte(
        s: *const String,
        isolate: *mut RawIsolate,
        buffer: *mut u8,
        capacity: i32,
    ) -> i32;
    fn v8__String__WriteUtf8(
        s: *const String,
        isolate: *mut RawIsolate,
        buffer: *mut c_char,
        capacity: i32,
    ) -> i32;
    fn v8__String__Write(
        s: *const String,
        isolate: *mut RawIsolate,
        buffer: *mut u16,
        capacity: i32,
    ) -> i32;
    fn v8__String__NewFromTwoByte(
        isolate: *mut RawIsolate,
        data: *const u16,
        length: i32,
    ) -> *const String;
    fn v8__Symbol__GetWellKnown(isolate: *mut RawIsolate, which: i32) -> *const Value;
    fn v8__String__NewStaticOneByte(
        isolate: *mut RawIsolate,
        data: *const c_char,
        length: usize,
    ) -> *const String;

    fn v8__Value__IsUndefined(v: *const Value) -> i32;
    fn v8__Value__IsNull(v: *const Value) -> i32;
    fn v8__Value__IsNullOrUndefined(v: *const Value) -> i32;
    fn v8__Value__IsTrue(v: *const Value) -> i32;
    fn v8__Value__IsBoolean(v: *const Value) -> i32;
    fn v8__Value__IsNumber(v: *const Value) -> i32;
    fn v8__Value__IsInt32(v: *const Value) -> i32;
    fn v8__Value__IsUint32(v: *const Value) -> i32;
    fn v8__Value__IsString(v: *const Value) -> i32;
    fn v8__Value__IsSymbol(v: *const Value) -> i32;
    fn v8__Value__IsObject(v: *const Value) -> i32;
    fn v8__Value__IsFunction(v: *const Value) -> i32;
    fn v8__Value__IsArray(v: *const Value) -> i32;
    fn v8__Value__IsArrayBuffer(v: *const Value) -> i32;
    fn v8__Value__IsArrayBufferView(v: *const Value) -> i32;
    fn v8__Value__IsSharedArrayBuffer(v: *const Value) -> i32;
    fn v8__Value__IsNativeError(v: *const Value) -> i32;
    fn v8__Value__IsPromise(v: *const Value) -> i32;
    fn v8__Value__IsBigInt(v: *const Value) -> i32;
    fn v8__Value__IsDate(v: *const Value) -> i32;
    fn v8__Value__IsRegExp(v: *const Value) -> i32;
    fn v8__Value__IsMap(v: *const Value) -> i32;
    fn v8__Value__IsSet(v: *const Value) -> i32;
    fn v8__Value__IsProxy(v: *const Value) -> i32;
    fn v8__Value__BooleanValue(v: *const Value, isolate: *mut RawIsolate) -> i32;
    fn v8__Value__NumberValue(v: *const Value, context: *const Context, out: *mut f64) -> i32;
    fn v8__Value__ToString(v: *const Value, context: *const Context) -> *const String;
    fn v8__Value__ToDetailString(v: *const Value, context: *const Context) -> *const String;
    fn v8__Value__ToObject(v: *const Value, context: *const Context) -> *const Object;
    fn v8__Value__StrictEquals(a: *const Value, b: *const Value) -> i32;
    fn v8__Value__SameValue(a: *const Value, b: *const Value) -> i32;
    fn v8__Value__TypeOf(v: *const Value, isolate: *mut RawIsolate) -> *const String;
    fn v8__JSON__Stringify(c: *const Context, v: *const Value) -> *const String;
    fn v8__JSON__Parse(c: *const Context, text: *const String) -> *const Value;
}

macro_rules! is {
    ($($method:ident => $ffi:ident),* $(,)?) => {$(
        pub fn $method(self) -> bool {
            // SAFETY: a live handle.
            unsafe { $ffi(self.as_ptr()) != 0 }
        }
    )*};
}

macro_rules! downcast {
    ($($method:ident -> $ty:ident if $test:ident),* $(,)?) => {$(
        #[doc = concat!("This value as a `", stringify!($ty), "`, if it is one.")]
        pub fn $method(self) -> Option<Local<'s, $ty>> {
            if self.$test() { Some(self.cast_unchecked()) } else { None }
        }
    )*};
}

impl<'s> Local<'s, Value> {
    is!(
        is_undefined => v8__Value__IsUndefined,
        is_null => v8__Value__IsNull,
        is_null_or_undefined => v8__Value__IsNullOrUndefined,
        is_true => v8__Value__IsTrue,
        is_boolean => v8__Value__IsBoolean,
        is_number => v8__Value__IsNumber,
        is_int32 => v8__Value__IsInt32,
        is_uint32 => v8__Value__IsUint32,
        is_string => v8__Value__IsString,
        is_symbol => v8__Value__IsSymbol,
        is_object => v8__Value__IsObject,
        is_function => v8__Value__IsFunction,
        is_array => v8__Value__IsArray,
        is_array_buffer => v8__Value__IsArrayBuffer,
        is_array_buffer_view => v8__Value__IsArrayBufferView,
        is_shared_array_buffer => v8__Value__IsSharedArrayBuffer,
        is_native_error => v8__Value__IsNativeError,
        is_promise => v8__Value__IsPromise,
        is_big_int => v8__Value__IsBigInt,
        is_date => v8__Value__IsDate,
        is_reg_exp => v8__Value__IsRegExp,
        is_map => v8__Value__IsMap,
        is_set => v8__Value__IsSet,
        is_proxy => v8__Value__IsProxy,
    );

    downcast!(
        to_object_checked -> Object if is_object,
        to_string_checked -> String if is_string,
        to_function -> Function if is_function,
        to_array -> Array if is_array,
        to_array_buffer -> ArrayBuffer if is_array_buffer,
        to_array_buffer_view -> ArrayBufferView if is_array_buffer_view,
        to_shared_array_buffer -> SharedArrayBuffer if is_shared_array_buffer,
        to_promise -> Promise if is_promise,
    );

    /// JavaScript truthiness.
    pub fn boolean_value(self, scope: &HandleScope<'_>) -> bool {
        // SAFETY: a live handle on a live isolate.
        unsafe { v8__Value__BooleanValue(self.as_ptr(), scope.isolate_ptr()) != 0 }
    }

    /// `Number(value)`; `None` if that threw.
    pub fn number_value(self, context: Local<'_, Context>) -> Option<f64> {
        let mut out = 0.0;
        // SAFETY: live handles; `out` is a valid out-pointer.
        let ok = unsafe { v8__Value__NumberValue(self.as_ptr(), context.as_ptr(), &mut out) };
        (ok != 0).then_some(out)
    }

    /// `String(value)`; `None` if that threw.
    pub fn to_string(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, String>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Value__ToString(self.as_ptr(), context.as_ptr()) })
    }

    /// A description that never runs script (for diagnostics).
    pub fn to_detail_string(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, String>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Value__ToDetailString(self.as_ptr(), context.as_ptr()) })
    }

    /// `Object(value)`; `None` for null/undefined (a TypeError is pending).
    pub fn to_object(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Object>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Value__ToObject(self.as_ptr(), context.as_ptr()) })
    }

    /// `String(value)` as Rust text, or `fallback` if that threw.
    pub fn to_rust_string(
        self,
        scope: &HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<std::string::String> {
        self.to_string(scope, context).map(|s| s.to_rust(scope))
    }

    /// `a === b`.
    pub fn strict_equals(self, other: Local<'_, Value>) -> bool {
        // SAFETY: live handles.
        unsafe { v8__Value__StrictEquals(self.as_ptr(), other.as_ptr()) != 0 }
    }

    /// `Object.is(a, b)`.
    pub fn same_value(self, other: Local<'_, Value>) -> bool {
        // SAFETY: live handles.
        unsafe { v8__Value__SameValue(self.as_ptr(), other.as_ptr()) != 0 }
    }

    /// `JSON.stringify(value)`; `None` if it threw. (V8 returns the string
    /// "undefined" for values JSON has no text for.)
    pub fn json_stringify(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, String>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__JSON__Stringify(context.as_ptr(), self.as_ptr()) })
    }

    /// `typeof value`.
    pub fn type_of(self, scope: &HandleScope<'_>) -> std::string::String {
        // SAFETY: a live handle on a live isolate.
        let s = unsafe { v8__Value__TypeOf(self.as_ptr(), scope.isolate_ptr()) };
        Local::from_raw(s)
            .map(|s| s.to_rust(scope))
            .unwrap_or_default()
    }
}

/// `undefined`.
pub fn undefined<'s>(scope: &'s HandleScope<'_>) -> Local<'s, Value> {
    // SAFETY: the isolate is alive on this thread; undefined always exists.
    let p = unsafe { v8__Undefined(scope.isolate_ptr()) };
    Local::<Primitive>::from_raw(p).expect("undefined").into()
}

/// `null`.
pub fn null<'s>(scope: &'s HandleScope<'_>) -> Local<'s, Value> {
    // SAFETY: as for `undefined`.
    let p = unsafe { v8__Null(scope.isolate_ptr()) };
    Local::<Primitive>::from_raw(p).expect("null").into()
}

/// A boolean.
pub fn boolean<'s>(scope: &'s HandleScope<'_>, value: bool) -> Local<'s, Value> {
    // SAFETY: as for `undefined`.
    let p = unsafe { v8__Boolean__New(scope.isolate_ptr(), i32::from(value)) };
    Local::<Boolean>::from_raw(p).expect("boolean").into()
}

/// A number.
pub fn number<'s>(scope: &'s HandleScope<'_>, value: f64) -> Local<'s, Value> {
    // SAFETY: the isolate is alive; allocation failure aborts in V8.
    let p = unsafe { v8__Number__New(scope.isolate_ptr(), value) };
    Local::<Number>::from_raw(p).expect("number").into()
}

/// The well-known symbols that cross-origin objects expose
/// (<https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginpropertyfallback-(-p-)>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WellKnownSymbol {
    ToStringTag,
    HasInstance,
    IsConcatSpreadable,
}

impl WellKnownSymbol {
    pub const ALL: [WellKnownSymbol; 3] = [
        WellKnownSymbol::ToStringTag,
        WellKnownSymbol::HasInstance,
        WellKnownSymbol::IsConcatSpreadable,
    ];

    /// The symbol (`Symbol.toStringTag`…) of this isolate.
    pub fn get<'s>(self, scope: &'s HandleScope<'_>) -> Local<'s, Value> {
        // SAFETY: the isolate is alive; V8 returns a symbol of its roots.
        let p = unsafe { v8__Symbol__GetWellKnown(scope.isolate_ptr(), self as i32) };
        Local::from_raw(p).expect("well-known symbol")
    }
}

/// An integer.
pub fn integer<'s>(scope: &'s HandleScope<'_>, value: i32) -> Local<'s, Integer> {
    // SAFETY: as for `number`.
    let p = unsafe { v8__Integer__New(scope.isolate_ptr(), value) };
    Local::from_raw(p).expect("integer")
}

impl<'s> Local<'s, String> {
    /// Number of UTF-16 code units.
    pub fn length(self) -> usize {
        // SAFETY: a live handle.
        unsafe { v8__String__Length(self.as_ptr()) as usize }
    }

    /// The text as UTF-8 (lone surrogates become U+FFFD).
    pub fn to_rust(self, scope: &HandleScope<'_>) -> std::string::String {
        let isolate = scope.isolate_ptr();
        // Most strings are one-byte: their Latin-1 bytes in one pass, which
        // are their UTF-8 when all ASCII (V8's UTF-8 path measures first).
        let units = self.length();
        let mut latin1: Vec<u8> = Vec::with_capacity(units);
        // SAFETY: `latin1` has `units` bytes of capacity; V8 writes at most
        // that many and returns how many it wrote (-1: not one-byte).
        let written = unsafe {
            v8__String__WriteOneByte(self.as_ptr(), isolate, latin1.as_mut_ptr(), units as i32)
        };
        if let Ok(written) = usize::try_from(written) {
            // SAFETY: V8 initialised `written` ≤ units bytes.
            unsafe { latin1.set_len(written.min(units)) };
            if latin1.is_ascii() {
                // SAFETY: ASCII bytes are UTF-8 (validating them again was a
                // second pass over the text: 0.4 M instructions for a 1 MB
                // DOMParser source).
                return unsafe { std::string::String::from_utf8_unchecked(latin1) };
            }
            // Each Latin-1 byte is the code point of its value (bytes that
            // happen to form UTF-8 must not be read as UTF-8).
            return latin1.iter().map(|&b| char::from(b)).collect();
        }
        // SAFETY: a live handle on a live isolate.
        let len = unsafe { v8__String__Utf8Length(self.as_ptr(), isolate) }.max(0) as usize;
        let mut buf: Vec<u8> = Vec::with_capacity(len);
        // SAFETY: `buf` has `len` bytes of capacity; V8 writes at most that
        // many and returns how many it wrote.
        let written = unsafe {
            v8__String__WriteUtf8(self.as_ptr(), isolate, buf.as_mut_ptr().cast(), len as i32)
        }
        .max(0) as usize;
        // SAFETY: V8 initialised `written` ≤ len bytes.
        unsafe { buf.set_len(written.min(len)) };
        std::string::String::from_utf8(buf)
            .unwrap_or_else(|e| std::string::String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

impl<'s> Local<'s, String> {
    /// The text as UTF-8 in a tendril, as [`Local::to_rust`] gives it: an
    /// all-ASCII string is written by V8 straight into the tendril's buffer,
    /// which the HTML parser then reads without copying it again (for a 1 MB
    /// DOMParser source that copy cost 1 M instructions).
    pub fn to_tendril(self, scope: &HandleScope<'_>) -> tendril::StrTendril {
        let units = self.length();
        if let Ok(capacity) = u32::try_from(units) {
            let mut bytes = tendril::ByteTendril::with_capacity(capacity);
            // SAFETY: the tendril now has `units` bytes of room; they are
            // written by V8 below before anything reads them, or the tendril
            // is dropped unread.
            unsafe { bytes.push_uninitialized(capacity) };
            // SAFETY: the buffer holds `units` bytes; V8 writes at most that
            // many and returns how many it wrote (-1: not one-byte).
            let written = unsafe {
                v8__String__WriteOneByte(
                    self.as_ptr(),
                    scope.isolate_ptr(),
                    bytes.as_mut_ptr(),
                    i32::try_from(units).unwrap_or(i32::MAX),
                )
            };
            if usize::try_from(written) == Ok(units) && bytes.is_ascii() {
                // SAFETY: every byte was written and is ASCII, hence UTF-8.
                return unsafe { bytes.reinterpret_without_validating() };
            }
        }
        tendril::StrTendril::from(self.to_rust(scope))
    }

    /// The text as UTF-16 code units, exactly (lone surrogates kept).
    pub fn to_utf16(self, scope: &HandleScope<'_>) -> Vec<u16> {
        let len = self.length();
        let mut buf: Vec<u16> = Vec::with_capacity(len);
        // SAFETY: `buf` has room for `len` code units; V8 writes at most
        // that many and returns how many it wrote.
        let written = unsafe {
            v8__String__Write(
                self.as_ptr(),
                scope.isolate_ptr(),
                buf.as_mut_ptr(),
                i32::try_from(len).unwrap_or(i32::MAX),
            )
        }
        .max(0) as usize;
        // SAFETY: V8 initialised `written` ≤ len code units.
        unsafe { buf.set_len(written.min(len)) };
        buf
    }
}

impl String {
    /// A new string from UTF-16 code units (any, lone surrogates too).
    /// Texts too long for V8 become "".
    pub fn from_utf16<'s>(scope: &'s HandleScope<'_>, units: &[u16]) -> Local<'s, String> {
        let Ok(len) = i32::try_from(units.len()) else {
            return Self::new(scope, "");
        };
        // SAFETY: `units` holds `len` code units; the isolate is alive.
        let p = unsafe { v8__String__NewFromTwoByte(scope.isolate_ptr(), units.as_ptr(), len) };
        Local::from_raw(p).unwrap_or_else(|| Self::new(scope, ""))
    }

    /// A new string from UTF-8 text. Texts too long for V8 become "".
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s>(scope: &'s HandleScope<'_>, text: &str) -> Local<'s, String> {
        Self::make(scope, text, false)
    }

    /// A new string from UTF-8 text, or `None` if it is longer than V8's
    /// longest string (about 2^29 UTF-16 units).
    pub fn try_new<'s>(scope: &'s HandleScope<'_>, text: &str) -> Option<Local<'s, String>> {
        let len = i32::try_from(text.len()).ok()?;
        let data = if len == 0 { "" } else { text };
        // SAFETY: `data` is valid UTF-8 of `len` bytes; the isolate is alive.
        let p = unsafe { v8__String__New(scope.isolate_ptr(), data.as_ptr().cast(), len, 0) };
        Local::from_raw(p)
    }

    /// A string of text that lives for the whole process, read by V8 in
    /// place (an external string) rather than copied into this isolate's
    /// heap: every isolate shares the one text, and a start-up snapshot made
    /// with it refers to the text instead of holding a copy. Only ASCII text
    /// can be shared so; other text is copied as by [`String::new`].
    pub fn new_static<'s>(scope: &'s HandleScope<'_>, text: &'static str) -> Local<'s, String> {
        if !text.is_ascii() || text.is_empty() {
            return Self::new(scope, text);
        }
        // SAFETY: `text` is ASCII (one byte per character, as V8 reads it)
        // and lives for the rest of the process; the glue keeps one resource
        // for it that V8 never frees; the isolate is alive.
        let p = unsafe {
            v8__String__NewStaticOneByte(scope.isolate_ptr(), text.as_ptr().cast(), text.len())
        };
        Local::from_raw(p).unwrap_or_else(|| Self::new(scope, text))
    }

    /// An internalized string: one object per distinct text per isolate, so
    /// that identity comparison works (security tokens rely on it).
    pub fn internalized<'s>(scope: &'s HandleScope<'_>, text: &str) -> Local<'s, String> {
        Self::make(scope, text, true)
    }

    fn make<'s>(scope: &'s HandleScope<'_>, text: &str, internalized: bool) -> Local<'s, String> {
        let len = i32::try_from(text.len()).unwrap_or(0);
        let data = if len == 0 { "" } else { text };
        // SAFETY: `data` is valid UTF-8 of `len` bytes; the isolate is alive.
        let p = unsafe {
            v8__String__New(
                scope.isolate_ptr(),
                data.as_ptr().cast(),
                len,
                i32::from(internalized),
            )
        };
        match Local::from_raw(p) {
            Some(s) => s,
            None => Self::make(scope, "", internalized),
        }
    }
}

/// `JSON.parse(text)`; `None` if it threw.
pub fn json_parse<'s>(
    scope: &'s HandleScope<'_>,
    context: Local<'_, Context>,
    text: &str,
) -> Option<Local<'s, Value>> {
    let text = String::new(scope, text);
    // SAFETY: live handles.
    Local::from_raw(unsafe { v8__JSON__Parse(context.as_ptr(), text.as_ptr()) })
}
