//! Objects, arrays, externals and private symbols.

use std::ffi::c_void;

use super::isolate::RawIsolate;
use super::local::{
    Array, Context, External, Function, Local, Name, Object, Private, String, Value,
};
use super::scope::HandleScope;
use super::template::PropertyAttribute;

unsafe extern "C" {
    fn v8__Object__New(isolate: *mut RawIsolate) -> *const Object;
    fn v8__Object__Get(o: *const Object, c: *const Context, key: *const Value) -> *const Value;
    fn v8__Object__GetIndex(o: *const Object, c: *const Context, index: u32) -> *const Value;
    fn v8__Object__Set(
        o: *const Object,
        c: *const Context,
        key: *const Value,
        value: *const Value,
    ) -> i32;
    fn v8__Object__SetIndex(
        o: *const Object,
        c: *const Context,
        index: u32,
        value: *const Value,
    ) -> i32;
    fn v8__Object__DefineOwnProperty(
        o: *const Object,
        c: *const Context,
        key: *const Name,
        value: *const Value,
        attributes: i32,
    ) -> i32;
    fn v8__Object__SetAccessorProperty(
        o: *const Object,
        key: *const Name,
        getter: *const Function,
        setter: *const Function,
        attributes: i32,
    );
    fn v8__Object__Has(o: *const Object, c: *const Context, key: *const Value) -> i32;
    fn v8__Object__SetLazyDataProperty(
        o: *const Object,
        c: *const Context,
        key: *const Name,
        data: *const Value,
        attributes: i32,
    ) -> i32;
    fn v8__Object__Delete(o: *const Object, c: *const Context, key: *const Value) -> i32;
    fn v8__Object__GetOwnPropertyNames(o: *const Object, c: *const Context) -> *const Array;
    fn v8__Object__GetPrototype(o: *const Object) -> *const Value;
    fn v8__Object__SetPrototype(o: *const Object, c: *const Context, proto: *const Value) -> i32;
    fn v8__Object__GetCreationContext(o: *const Object) -> *const Context;
    fn v8__Object__InternalFieldCount(o: *const Object) -> i32;
    fn v8__Object__GetInternalField(o: *const Object, index: i32) -> *const Value;
    fn v8__Object__SetInternalField(o: *const Object, index: i32, value: *const Value);
    fn v8__Object__GetConstructorName(o: *const Object) -> *const String;
    fn v8__Object__GetIdentityHash(o: *const Object) -> i32;
    fn v8__Object__GetPrivate(
        o: *const Object,
        c: *const Context,
        key: *const Private,
    ) -> *const Value;
    fn v8__Object__SetPrivate(
        o: *const Object,
        c: *const Context,
        key: *const Private,
        value: *const Value,
    ) -> i32;
    fn v8__Array__New(
        isolate: *mut RawIsolate,
        elements: *const *const Value,
        length: usize,
    ) -> *const Array;
    fn v8__Array__Length(a: *const Array) -> u32;
    fn v8__External__New(isolate: *mut RawIsolate, value: *mut c_void) -> *const External;
    fn v8__External__Value(e: *const External) -> *mut c_void;
    fn v8__Private__ForApi(isolate: *mut RawIsolate, name: *const String) -> *const Private;
}

/// A JavaScript exception is pending (in the enclosing TryCatch, or on its
/// way to the caller of a callback).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thrown;

/// Outcome of a property write: `Err(Thrown)` means an exception is pending.
pub type SetResult = Result<bool, Thrown>;

fn set_result(code: i32) -> SetResult {
    match code {
        -1 => Err(Thrown),
        0 => Ok(false),
        _ => Ok(true),
    }
}

impl Object {
    /// `{}` in the current context.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s>(scope: &'s HandleScope<'_>) -> Local<'s, Object> {
        // SAFETY: the isolate is alive and in a context.
        Local::from_raw(unsafe { v8__Object__New(scope.isolate_ptr()) }).expect("Object::New")
    }
}

impl<'s> Local<'s, Object> {
    /// `o[key]`; `None` if it threw.
    pub fn get(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        key: Local<'_, Value>,
    ) -> Option<Local<'s, Value>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Object__Get(self.as_ptr(), context.as_ptr(), key.as_ptr()) })
    }

    /// `o[name]` with a Rust string key.
    pub fn get_str(
        self,
        scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        key: &str,
    ) -> Option<Local<'s, Value>> {
        let key = String::new(scope, key);
        self.get(scope, context, key.into())
    }

    /// `o[index]`.
    pub fn get_index(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        index: u32,
    ) -> Option<Local<'s, Value>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Object__GetIndex(self.as_ptr(), context.as_ptr(), index) })
    }

    /// `o[key] = value`.
    pub fn set(
        self,
        context: Local<'_, Context>,
        key: Local<'_, Value>,
        value: Local<'_, Value>,
    ) -> SetResult {
        // SAFETY: live handles.
        set_result(unsafe {
            v8__Object__Set(
                self.as_ptr(),
                context.as_ptr(),
                key.as_ptr(),
                value.as_ptr(),
            )
        })
    }

    /// `o[name] = value` with a Rust string key.
    pub fn set_str(
        self,
        scope: &HandleScope<'_>,
        context: Local<'_, Context>,
        key: &str,
        value: Local<'_, Value>,
    ) -> SetResult {
        let key = String::new(scope, key);
        self.set(context, key.into(), value)
    }

    /// `o[index] = value`.
    pub fn set_index(
        self,
        context: Local<'_, Context>,
        index: u32,
        value: Local<'_, Value>,
    ) -> SetResult {
        // SAFETY: live handles.
        set_result(unsafe {
            v8__Object__SetIndex(self.as_ptr(), context.as_ptr(), index, value.as_ptr())
        })
    }

    /// `Object.defineProperty(o, key, {value, ...attributes})`.
    pub fn define_own_property(
        self,
        context: Local<'_, Context>,
        key: Local<'_, Name>,
        value: Local<'_, Value>,
        attributes: PropertyAttribute,
    ) -> SetResult {
        // SAFETY: live handles.
        set_result(unsafe {
            v8__Object__DefineOwnProperty(
                self.as_ptr(),
                context.as_ptr(),
                key.as_ptr(),
                value.as_ptr(),
                attributes.bits(),
            )
        })
    }

    /// Defines an accessor property with the given getter and setter.
    pub fn set_accessor_property(
        self,
        key: Local<'_, Name>,
        getter: Option<Local<'_, Function>>,
        setter: Option<Local<'_, Function>>,
        attributes: PropertyAttribute,
    ) {
        let g = getter.map_or(std::ptr::null(), |f| f.as_ptr());
        let s = setter.map_or(std::ptr::null(), |f| f.as_ptr());
        // SAFETY: live handles or nulls, which the glue maps to empty handles.
        unsafe {
            v8__Object__SetAccessorProperty(self.as_ptr(), key.as_ptr(), g, s, attributes.bits())
        };
    }

    /// A data property whose value the host's interceptor hook makes on
    /// first read ([`InterceptorKind::Lazy`](super::InterceptorKind::Lazy));
    /// script sees an ordinary data property.
    pub fn set_lazy_data_property(
        self,
        context: Local<'_, Context>,
        key: Local<'_, Name>,
        attributes: PropertyAttribute,
    ) -> SetResult {
        // SAFETY: live handles; null data is allowed.
        set_result(unsafe {
            v8__Object__SetLazyDataProperty(
                self.as_ptr(),
                context.as_ptr(),
                key.as_ptr(),
                std::ptr::null(),
                attributes.bits(),
            )
        })
    }

    /// `key in o`; `None` if it threw.
    pub fn has(self, context: Local<'_, Context>, key: Local<'_, Value>) -> Option<bool> {
        // SAFETY: live handles.
        set_result(unsafe { v8__Object__Has(self.as_ptr(), context.as_ptr(), key.as_ptr()) }).ok()
    }

    /// `delete o[key]`.
    pub fn delete(self, context: Local<'_, Context>, key: Local<'_, Value>) -> SetResult {
        // SAFETY: live handles.
        set_result(unsafe { v8__Object__Delete(self.as_ptr(), context.as_ptr(), key.as_ptr()) })
    }

    /// Own enumerable string keys (`Object.keys`-like, with indices).
    pub fn own_property_names(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Array>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Object__GetOwnPropertyNames(self.as_ptr(), context.as_ptr()) })
    }

    pub fn prototype(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Value>> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__Object__GetPrototype(self.as_ptr()) })
    }

    pub fn set_prototype(self, context: Local<'_, Context>, proto: Local<'_, Value>) -> SetResult {
        // SAFETY: live handles.
        set_result(unsafe {
            v8__Object__SetPrototype(self.as_ptr(), context.as_ptr(), proto.as_ptr())
        })
    }

    /// The context (realm) the object was made in.
    pub fn creation_context(self, _scope: &'s HandleScope<'_>) -> Option<Local<'s, Context>> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__Object__GetCreationContext(self.as_ptr()) })
    }

    pub fn internal_field_count(self) -> usize {
        // SAFETY: a live handle.
        unsafe { v8__Object__InternalFieldCount(self.as_ptr()) }.max(0) as usize
    }

    /// The embedder field `index`, if the object has that many.
    pub fn internal_field(
        self,
        _scope: &'s HandleScope<'_>,
        index: usize,
    ) -> Option<Local<'s, Value>> {
        if index >= self.internal_field_count() {
            return None;
        }
        // SAFETY: a live handle; index checked above.
        Local::from_raw(unsafe { v8__Object__GetInternalField(self.as_ptr(), index as i32) })
    }

    /// Sets the embedder field `index`; ignored if the object has fewer fields.
    pub fn set_internal_field(self, index: usize, value: Local<'_, Value>) {
        if index < self.internal_field_count() {
            // SAFETY: live handles; index checked above.
            unsafe { v8__Object__SetInternalField(self.as_ptr(), index as i32, value.as_ptr()) };
        }
    }

    pub fn constructor_name(self, scope: &HandleScope<'_>) -> std::string::String {
        // SAFETY: a live handle.
        let s = unsafe { v8__Object__GetConstructorName(self.as_ptr()) };
        Local::<String>::from_raw(s)
            .map(|s| s.to_rust(scope))
            .unwrap_or_default()
    }

    /// A per-object hash, stable for the object's life (not unique).
    pub fn identity_hash(self) -> i32 {
        // SAFETY: a live handle.
        unsafe { v8__Object__GetIdentityHash(self.as_ptr()) }
    }

    /// A private (script-invisible) property.
    pub fn get_private(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
        key: Local<'_, Private>,
    ) -> Option<Local<'s, Value>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe {
            v8__Object__GetPrivate(self.as_ptr(), context.as_ptr(), key.as_ptr())
        })
    }

    pub fn set_private(
        self,
        context: Local<'_, Context>,
        key: Local<'_, Private>,
        value: Local<'_, Value>,
    ) -> SetResult {
        // SAFETY: live handles.
        set_result(unsafe {
            v8__Object__SetPrivate(
                self.as_ptr(),
                context.as_ptr(),
                key.as_ptr(),
                value.as_ptr(),
            )
        })
    }
}

impl Array {
    /// An array of `elements`, in the current context.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s>(scope: &'s HandleScope<'_>, elements: &[Local<'_, Value>]) -> Local<'s, Array> {
        // SAFETY: live handles, laid out as V8's Local<Value> array.
        Local::from_raw(unsafe {
            v8__Array__New(
                scope.isolate_ptr(),
                super::local::raw_array(elements),
                elements.len(),
            )
        })
        .expect("Array::New")
    }
}

impl Local<'_, Array> {
    pub fn length(self) -> u32 {
        // SAFETY: a live handle.
        unsafe { v8__Array__Length(self.as_ptr()) }
    }
}

impl External {
    /// Wraps a plain integer tag (never a pointer, so nothing dangles).
    pub fn new_tag<'s>(scope: &'s HandleScope<'_>, tag: usize) -> Local<'s, External> {
        // SAFETY: the value is stored, never dereferenced by V8.
        Local::from_raw(unsafe { v8__External__New(scope.isolate_ptr(), tag as *mut c_void) })
            .expect("External::New")
    }
}

impl Local<'_, External> {
    pub fn tag(self) -> usize {
        // SAFETY: a live handle.
        unsafe { v8__External__Value(self.as_ptr()) as usize }
    }
}

impl Private {
    /// The isolate-wide private symbol named `name` (same name, same key).
    pub fn for_api<'s>(scope: &'s HandleScope<'_>, name: &str) -> Local<'s, Private> {
        let name = String::new(scope, name);
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__Private__ForApi(scope.isolate_ptr(), name.as_ptr()) })
            .expect("Private::ForApi")
    }
}
