//! Function and object templates: blueprints instantiated once per context.

use super::function::{Callback, FunctionCallback, to_raw};
use super::isolate::RawIsolate;
use super::local::{
    Context, Data, Function, FunctionTemplate, Local, Name, Object, ObjectTemplate, String,
    Template, Value,
};
use super::scope::HandleScope;

unsafe extern "C" {
    fn v8__FunctionTemplate__New(
        isolate: *mut RawIsolate,
        callback: Option<FunctionCallback>,
        data: *const Value,
        length: i32,
        constructor: i32,
    ) -> *const FunctionTemplate;
    fn v8__FunctionTemplate__InstanceTemplate(t: *const FunctionTemplate) -> *const ObjectTemplate;
    fn v8__FunctionTemplate__PrototypeTemplate(t: *const FunctionTemplate)
    -> *const ObjectTemplate;
    fn v8__FunctionTemplate__SetClassName(t: *const FunctionTemplate, name: *const String);
    fn v8__FunctionTemplate__GetFunction(
        t: *const FunctionTemplate,
        c: *const Context,
    ) -> *const Function;
    fn v8__FunctionTemplate__Inherit(t: *const FunctionTemplate, parent: *const FunctionTemplate);
    fn v8__FunctionTemplate__HasInstance(t: *const FunctionTemplate, v: *const Value) -> i32;
    fn v8__ObjectTemplate__New(
        isolate: *mut RawIsolate,
        constructor: *const FunctionTemplate,
    ) -> *const ObjectTemplate;
    fn v8__ObjectTemplate__SetInternalFieldCount(t: *const ObjectTemplate, count: i32);
    fn v8__ObjectTemplate__SetAccessCheckCallbackAndHandler(
        t: *const ObjectTemplate,
        data: *const Value,
    );
    fn v8__ObjectTemplate__SetIndexedPropertyHandler(t: *const ObjectTemplate, data: *const Value);
    fn v8__ObjectTemplate__SetImmutableProto(t: *const ObjectTemplate);
    fn v8__ObjectTemplate__SetLazyDataProperty(
        t: *const ObjectTemplate,
        key: *const Name,
        data: *const Value,
        attributes: i32,
    );
    fn v8__ObjectTemplate__SetNamedPropertyHandler(t: *const ObjectTemplate, data: *const Value);
    fn v8__ObjectTemplate__NewInstance(
        t: *const ObjectTemplate,
        c: *const Context,
    ) -> *const Object;
    fn v8__Template__Set(
        t: *const Template,
        name: *const Name,
        value: *const Data,
        attributes: i32,
    );
}

/// V8's `PropertyAttribute` bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PropertyAttribute(i32);

impl PropertyAttribute {
    pub const NONE: Self = Self(0);
    pub const READ_ONLY: Self = Self(1);
    pub const DONT_ENUM: Self = Self(2);
    pub const DONT_DELETE: Self = Self(4);

    pub fn bits(self) -> i32 {
        self.0
    }
}

impl std::ops::BitOr for PropertyAttribute {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl FunctionTemplate {
    /// A template for functions calling `callback` (or doing nothing, for
    /// `None`-like constructors: pass [`FunctionTemplate::empty`]).
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s, F: Callback>(
        scope: &'s HandleScope<'_>,
        callback: F,
        data: Option<Local<'_, Value>>,
        length: i32,
        constructor: bool,
    ) -> Local<'s, FunctionTemplate> {
        Self::make(scope, Some(to_raw(callback)), data, length, constructor)
    }

    /// A constructor template with no callback: `new` makes a plain instance
    /// of its instance template (for JS classes to extend).
    pub fn empty<'s>(scope: &'s HandleScope<'_>) -> Local<'s, FunctionTemplate> {
        Self::make(scope, None, None, 0, true)
    }

    fn make<'s>(
        scope: &'s HandleScope<'_>,
        callback: Option<FunctionCallback>,
        data: Option<Local<'_, Value>>,
        length: i32,
        constructor: bool,
    ) -> Local<'s, FunctionTemplate> {
        let data = data.map_or(std::ptr::null(), |d| d.as_ptr());
        // SAFETY: the isolate is alive; callback is a valid trampoline or null.
        Local::from_raw(unsafe {
            v8__FunctionTemplate__New(
                scope.isolate_ptr(),
                callback,
                data,
                length,
                i32::from(constructor),
            )
        })
        .expect("FunctionTemplate::New")
    }
}

impl<'s> Local<'s, FunctionTemplate> {
    pub fn instance_template(self, _scope: &'s HandleScope<'_>) -> Local<'s, ObjectTemplate> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__FunctionTemplate__InstanceTemplate(self.as_ptr()) })
            .expect("InstanceTemplate")
    }

    pub fn prototype_template(self, _scope: &'s HandleScope<'_>) -> Local<'s, ObjectTemplate> {
        // SAFETY: a live handle.
        Local::from_raw(unsafe { v8__FunctionTemplate__PrototypeTemplate(self.as_ptr()) })
            .expect("PrototypeTemplate")
    }

    pub fn set_class_name(self, name: Local<'_, String>) {
        // SAFETY: live handles.
        unsafe { v8__FunctionTemplate__SetClassName(self.as_ptr(), name.as_ptr()) };
    }

    /// The function for `context` (one per template per context).
    pub fn get_function(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Function>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe {
            v8__FunctionTemplate__GetFunction(self.as_ptr(), context.as_ptr())
        })
    }

    pub fn inherit(self, parent: Local<'_, FunctionTemplate>) {
        // SAFETY: live handles.
        unsafe { v8__FunctionTemplate__Inherit(self.as_ptr(), parent.as_ptr()) };
    }

    /// True if `value` was made from this template (in any context).
    pub fn has_instance(self, value: Local<'_, Value>) -> bool {
        // SAFETY: live handles.
        unsafe { v8__FunctionTemplate__HasInstance(self.as_ptr(), value.as_ptr()) != 0 }
    }
}

impl ObjectTemplate {
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'s>(
        scope: &'s HandleScope<'_>,
        constructor: Option<Local<'_, FunctionTemplate>>,
    ) -> Local<'s, ObjectTemplate> {
        let c = constructor.map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: the isolate is alive; `c` is a live handle or null.
        Local::from_raw(unsafe { v8__ObjectTemplate__New(scope.isolate_ptr(), c) })
            .expect("ObjectTemplate::New")
    }
}

impl<'s> Local<'s, ObjectTemplate> {
    pub fn set_internal_field_count(self, count: usize) {
        // SAFETY: a live handle.
        unsafe { v8__ObjectTemplate__SetInternalFieldCount(self.as_ptr(), count as i32) };
    }

    /// Instances are guarded by security token: a context with another token
    /// reaches only what the host's interceptor serves (with `data`), and
    /// gets the host's failed-access-check error for the rest.
    pub fn set_access_check(self, data: Local<'_, Value>) {
        // SAFETY: live handles.
        unsafe {
            v8__ObjectTemplate__SetAccessCheckCallbackAndHandler(self.as_ptr(), data.as_ptr())
        };
    }

    /// Indexed properties of instances are served by the host's interceptor
    /// (get, query, enumerate, descriptor), with `data`.
    pub fn set_indexed_handler(self, data: Local<'_, Value>) {
        // SAFETY: live handles.
        unsafe { v8__ObjectTemplate__SetIndexedPropertyHandler(self.as_ptr(), data.as_ptr()) };
    }

    /// String-named properties that instances (and what is before them on a
    /// prototype chain) lack are served by the host's interceptor (get,
    /// query), with `data`.
    pub fn set_named_handler(self, data: Local<'_, Value>) {
        // SAFETY: live handles.
        unsafe { v8__ObjectTemplate__SetNamedPropertyHandler(self.as_ptr(), data.as_ptr()) };
    }

    /// A data property of every instance whose value the host's
    /// interceptor hook makes on its first read there
    /// ([`InterceptorKind::Lazy`](super::InterceptorKind::Lazy), with
    /// `data`); script sees an ordinary data property.
    pub fn set_lazy_data_property(
        self,
        key: Local<'_, Name>,
        data: Local<'_, Value>,
        attributes: PropertyAttribute,
    ) {
        // SAFETY: live handles.
        unsafe {
            v8__ObjectTemplate__SetLazyDataProperty(
                self.as_ptr(),
                key.as_ptr(),
                data.as_ptr(),
                attributes.bits(),
            )
        };
    }

    pub fn set_immutable_proto(self) {
        // SAFETY: a live handle.
        unsafe { v8__ObjectTemplate__SetImmutableProto(self.as_ptr()) };
    }

    pub fn new_instance(
        self,
        _scope: &'s HandleScope<'_>,
        context: Local<'_, Context>,
    ) -> Option<Local<'s, Object>> {
        // SAFETY: live handles.
        Local::from_raw(unsafe { v8__ObjectTemplate__NewInstance(self.as_ptr(), context.as_ptr()) })
    }
}

impl<'s, T> Local<'s, T>
where
    Local<'s, T>: Into<Local<'s, Template>>,
{
    /// Adds a property (a value or another template) to every instance.
    pub fn set(self, name: Local<'_, Name>, value: Local<'_, Data>, attributes: PropertyAttribute) {
        let t: Local<'s, Template> = self.into();
        // SAFETY: live handles.
        unsafe { v8__Template__Set(t.as_ptr(), name.as_ptr(), value.as_ptr(), attributes.bits()) };
    }
}
