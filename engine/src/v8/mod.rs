//! The V8 binding: the only `unsafe` Rust in isohost.
//!
//! Shaped after rusty_v8 so that a later move to the `v8` crate changes this
//! module only: one file per V8 concept, each opening with its `extern "C"`
//! block (implemented in `engine/glue/v8_glue.cc`), then the safe wrapper.
//!
//! Reading order: [`platform`] (initialise once per process) → [`isolate`]
//! (one per tab or worker, on its own thread) → [`scope`] (handle scope,
//! context scope, try/catch) → [`context`] → values ([`local`], [`object`],
//! [`function`], [`template`]) → [`script`] → [`serializer`].
//!
//! Invariants:
//! 1. A [`Local`] is valid only while the [`HandleScope`] it borrows lives; it is
//!    never stored in a struct that outlives the scope. Use [`Global`] for that.
//! 2. No V8 handle crosses a thread: `Local`, `Global` and `OwnedIsolate` are
//!    neither `Send` nor `Sync`. Only [`IsolateHandle`] (terminate) is.
//! 3. No panic unwinds into C++: every callback V8 makes into Rust runs under
//!    `catch_unwind`; a panic becomes a JS `Error("internal error: …")`.
//! 4. At most one owned `HandleScope` is reachable from Rust code at a time: a
//!    root scope borrows the isolate mutably, and a callback gets a fresh scope
//!    of its own while the outer one is out of its reach.
//! 5. Teardown: embedder state (which owns `Global`s) is dropped before the
//!    isolate is disposed; see [`OwnedIsolate`].

pub mod allocator;
pub mod array_buffer;
pub mod context;
pub mod exception;
pub mod function;
pub mod global;
pub mod isolate;
pub mod local;
pub mod module;
pub mod object;
pub mod platform;
pub mod scope;
pub mod script;
pub mod serializer;
pub mod snapshot;
pub mod template;
pub mod value;

pub use array_buffer::BackingStore;
pub use function::{FunctionArgs, FunctionCallback};
pub use global::{Global, Weak};
pub use isolate::{
    HeapStats, IsolateHandle, OwnedIsolate, reserving_address_space, room_for_another_isolate,
};
pub use local::{
    Array, ArrayBuffer, ArrayBufferView, Boolean, Context, Data, External, Function,
    FunctionTemplate, Integer, Local, Message, Module, Name, Number, Object, ObjectTemplate,
    Primitive, Private, Promise, Script, SharedArrayBuffer, String, Template, UnboundScript, Value,
};
pub use module::{ModuleRequest, ModuleStatus, PromiseState};
pub use object::Thrown;
pub use platform::{
    AccessType, HostHooks, Interception, InterceptorKind, PromiseRejectEvent, PropertyKey,
    initialize,
};
pub use scope::{ContextScope, HandleScope, TryCatch};
pub use script::CodeCache;
pub use serializer::{
    DeserializerDelegate, SerializerDelegate, ValueDeserializer, ValueSerializer,
};
pub use snapshot::{SnapshotBuilder, StartupSnapshot};
pub use template::PropertyAttribute;
