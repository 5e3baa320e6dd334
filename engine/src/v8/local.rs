//! `Local<'s, T>`: a handle valid while the handle scope `'s` lives.
//!
//! In C++ a `v8::Local<T>` is one pointer (`T*`, really a slot in the handle
//! scope); it crosses the C ABI as that pointer. The types below are opaque
//! markers for what the pointer points at.

use std::marker::PhantomData;
use std::ptr::NonNull;

macro_rules! opaque {
    ($($name:ident),* $(,)?) => {$(
        #[repr(C)]
        #[doc = concat!("V8's `v8::", stringify!($name), "`, only ever behind a handle.")]
        pub struct $name {
            _private: [u8; 0],
            _not_send: PhantomData<*mut u8>,
        }
    )*};
}

opaque!(
    Data,
    Value,
    Primitive,
    Boolean,
    Number,
    Integer,
    Name,
    String,
    Object,
    Array,
    Function,
    Promise,
    External,
    Private,
    ArrayBuffer,
    SharedArrayBuffer,
    ArrayBufferView,
    Template,
    FunctionTemplate,
    ObjectTemplate,
    UnboundScript,
    Context,
    Message,
    Script,
    Module,
);

/// A handle to a V8 heap object, valid for the borrow `'s` of a handle scope.
/// One pointer, as V8's `Local<T>` is (the glue asserts that), so a slice of
/// them is passed to V8 as its `Local<Value>*` arrays without copying.
#[repr(transparent)]
pub struct Local<'s, T> {
    ptr: NonNull<T>,
    _scope: PhantomData<&'s ()>,
}

impl<T> Clone for Local<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Local<'_, T> {}

/// `handles` as the `const Value* const*` the glue reinterprets as
/// `Local<Value>*` (see [`Local`]'s layout).
pub(crate) fn raw_array(handles: &[Local<'_, Value>]) -> *const *const Value {
    handles.as_ptr().cast()
}

impl<'s, T> Local<'s, T> {
    /// Wraps a pointer returned by the glue; `None` when V8 returned an empty
    /// handle (an exception is pending).
    pub(crate) fn from_raw(ptr: *const T) -> Option<Self> {
        NonNull::new(ptr as *mut T).map(|ptr| Local {
            ptr,
            _scope: PhantomData,
        })
    }

    pub(crate) fn as_ptr(self) -> *const T {
        self.ptr.as_ptr()
    }

    /// Reinterprets the handle as a handle to a supertype (or, unchecked, a
    /// subtype: callers in this module check the type first).
    pub(crate) fn cast_unchecked<U>(self) -> Local<'s, U> {
        Local {
            ptr: self.ptr.cast(),
            _scope: PhantomData,
        }
    }
}

macro_rules! upcast {
    ($($sub:ident => $($sup:ident),+);* $(;)?) => {$($(
        impl<'s> From<Local<'s, $sub>> for Local<'s, $sup> {
            fn from(l: Local<'s, $sub>) -> Self {
                l.cast_unchecked()
            }
        }
    )+)*};
}

upcast!(
    Value => Data;
    Primitive => Value, Data;
    Boolean => Primitive, Value, Data;
    Number => Primitive, Value, Data;
    Integer => Number, Primitive, Value, Data;
    Name => Primitive, Value, Data;
    String => Name, Primitive, Value, Data;
    Object => Value, Data;
    Array => Object, Value, Data;
    Function => Object, Value, Data;
    Promise => Object, Value, Data;
    External => Value, Data;
    Private => Data;
    ArrayBuffer => Object, Value, Data;
    SharedArrayBuffer => Object, Value, Data;
    ArrayBufferView => Object, Value, Data;
    Template => Data;
    FunctionTemplate => Template, Data;
    ObjectTemplate => Template, Data;
    Context => Data;
    UnboundScript => Data;
    Script => Data;
    Module => Data;
);

impl<'s, T> Local<'s, T>
where
    Local<'s, T>: Into<Local<'s, Value>>,
{
    /// This handle as a plain `Value`.
    pub fn value(self) -> Local<'s, Value> {
        self.into()
    }
}

impl<'s, T> Local<'s, T>
where
    Local<'s, T>: Into<Local<'s, Object>>,
{
    /// This handle as a plain `Object`.
    pub fn object(self) -> Local<'s, Object> {
        self.into()
    }
}

impl<T> std::fmt::Debug for Local<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Local({:p})", self.ptr)
    }
}
