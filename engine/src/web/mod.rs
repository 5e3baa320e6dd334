//! The web layer: agents (a tab's or a worker's thread and event loop),
//! frames and their realms, and the web interfaces pages see.
//!
//! # Map
//!
//! - `agent.rs` an agent's isolate, state and event loop; `tab.rs` opens a
//!   tab, in a spare isolate made ahead if one waits (`spare.rs`),
//!   `worker.rs` starts a dedicated worker (nested ones too) and holds
//!   what all workers share, `shared_worker.rs` starts or connects to a
//!   shared worker (ids and the shared-worker registry from `runtime`).
//! - `realm.rs` frames and their V8 contexts: making one, running script,
//!   reporting what it throws.
//! - `loading.rs`, `modules.rs` navigation, parsing with scripts in
//!   document order, iframes, the load sequence; module scripts.
//! - `window_proxy.rs`, `remote.rs` the cross-origin WindowProxy and
//!   Location; windows of other tabs.
//! - `clone.rs`, `storage.rs` structured clone and message delivery;
//!   storage events and broadcasts (tasks of the receiving agent).
//! - `mutation_observers.rs` MutationObserver records, from the DOM to the
//!   realms that observe them; `custom_elements.rs` likewise the changes
//!   that enqueue custom element reactions.
//! - `task_queues.rs`, `timers.rs` the agent's task queues (one per task
//!   source) and timer heap, keyed on the group clock: the scheduler runs
//!   the smallest key of the clock group (see `runtime/scheduler.rs`).
//! - `random.rs` each realm's seeded `Math.random`, and `random_bytes`
//!   (crypto, blob URLs);
//!   `atomics.rs` the `Atomics.notify` that lets the woken take their turn.
//! - `exception.rs` the exceptions Rust throws into script, by name.
//! - `interfaces.rs` the registry: each interface's JS file, ops and globals.
//! - `templates.rs` per-isolate templates, and the one bindings script per
//!   agent kind, built from the registry.
//! - `js/` the bindings: `primordials.js` (captured builtins), `webidl.js`
//!   (interface objects, platform objects, conversions), then one file per
//!   interface, named as the spec names it (`message_port.js`).
//! - `ops/` the Rust the bindings call, one file per interface, named as
//!   its JS file (`ops/message_port.rs`); `ops/call.rs` is how an op is
//!   called.
//! - `v8_hooks.rs` what V8 calls into this layer.
//!
//! # Invariants
//!
//! 1. No `RefCell` borrow of agent state is held across a call into V8 that
//!    may run script (ops re-enter the state).
//! 2. Every `Global` lives in `AgentState`, dropped before the isolate.
//! 3. Page script never sees `ops`, `shared`, `hooks` or anything a
//!    bindings file does not put on a page-visible object.
//! 4. No script runs while V8 deserializes a message (V8 would abort the
//!    process): the deserializer's host-object hook only builds objects.
//! 5. The bindings call no method through a lookup a page can reach:
//!    builtins come from the primordials, captured before page script runs;
//!    Proxy handlers, and descriptors made after start-up, have no
//!    prototype.
//! 6. A bindings file shares only what it exports; what it uses of other
//!    files its `Uses` comment says, and every op it calls exists on every
//!    global it is exposed on (checked by `interfaces.rs`'s tests).
//! 7. Errors thrown from Rust are typed (`exception::Exception`); argument
//!    errors come from `js/webidl.js`, worded as Chromium words them.
//!
//! # How a realm is made
//!
//! A frame gets a V8 context whose global proxy carries the frame id in an
//! internal field and is access-checked by security token: one value per
//! origin per isolate (`AgentState::token_for`). The bindings come in two
//! parts (`templates.rs`): a set-up, the same in every realm (interfaces,
//! prototypes, functions), run once per process and agent kind in a V8
//! start-up snapshot, from which isolates and then each realm's context
//! are made (`Context::FromSnapshot`; a spare tab's isolate, made ahead
//! of its tab, may hold its first realm's context already: `spare.rs`,
//! `Templates::make_first_context`); and `startRealm`, run in each new
//! realm with the origin's shared state and the realm's info, which runs
//! the files' `atRealmStart` steps and returns the `hooks` Rust calls back
//! into (`realm::call_hook`). Once a process makes more than one tab, one
//! keeps a code cache of the bindings when its page has loaded
//! (`templates::harvest`); the next makes the warm tab snapshot from it,
//! which also holds the bytecode of the bindings functions a page load
//! calls, so that later tabs do not compile them again. With `ISOHOST_NO_SNAPSHOT=1` (or if the
//! snapshot could not be made) each realm comes from the isolate's global
//! template (`templates.rs`) and runs the set-up itself (the script is
//! compiled once per isolate, its code cache shared by later isolates):
//! what pages see is the same either way (`tests/snapshot.rs`). Either
//! way the bindings' source text is one external string that every isolate
//! and the snapshot share (`v8::String::new_static`), not a copy per heap.
//!
//! An iframe's first realm is made when something needs it (as Blink's
//! `WindowProxy::InitializeIfNeeded`): its document reserves the realm's
//! context id, `Math.random` stream and time origin where the realm would
//! have been made (`realm::reserve_context`), and `loading::ensure_context`
//! makes it, with the document's readyState and history state, when the
//! parser meets a script it will run, when the document has an `on*`
//! attribute, or when anything hands out the frame's WindowProxy or nodes
//! or runs script there (the bindings' ops, `Host::evaluate`, the
//! inspector, messages). A hook called in a frame without a realm does
//! nothing: it has no listener. `realm::proxy_of` makes the realm before
//! it hands out a WindowProxy; anything else new that reaches a frame's
//! realm from outside it (its nodes, script run there) calls
//! `ensure_context` first.
//!
//! # How a wrapper is made
//!
//! Interfaces are JS classes (a custom element's wrapper is an instance
//! of its author class: `js/custom_element_registry.js`). Every platform
//! object is made by the host `EventTarget` constructor (EventTargets
//! through `super()`, others through `platformObject(new.target)`), so V8
//! sees a host object and structured clone hands it to the host, which
//! refuses it, except ports and DOMExceptions (`clone.rs`). An object's internal state is in a
//! WeakMap read through `stateAccessor` (a TypeError for any other `this`);
//! constructors pages may not call take the `INTERNAL` token. DOM nodes are
//! wrappers over dom-lite node handles (an id with its slot's generation),
//! cached per origin and made in their node document's realm
//! (`js/node.js`). A frame's document keeps its wrappers as long as the
//! tab; any other document's wrappers keep each other (a group per
//! document, held by the host through a weak handle: `DocumentGroups` in
//! `ops/node.rs`), and when the group is collected the DOM frees the
//! document's nodes (see "Lifetimes" in `js/node.js`), after the task or
//! within it. The agent itself runs a full collection once the live DOM
//! has grown by 64 MiB and doubled, after a task or before a DOMParser
//! parse (`DocumentGroups::collect_if_grown`): V8 alone would not collect
//! them in time. Interfaces most pages never touch
//! (HTMLDivElement, MouseEvent, the streams, Request, XMLHttpRequest…) are
//! made on first use, behind V8 lazy data properties (`lazyInterface`,
//! `lazyFamily` in `js/webidl.js`), defined at the end of the set-up (in
//! the snapshot, so an isolate's realms share their accessor records);
//! globals that are not interfaces too, each defined at its place so that
//! the globals' order holds (`lazyGlobal`: `navigator`, `performance`,
//! `crypto`, and interfaces that kept their eager place, `TextDecoder`,
//! `Blob`, `NodeList`, `Text`...; `lazyNamespace`: the console, where V8 had put its own). Every realm pays for each
//! function a set-up makes (~80 bytes), and most never call it: lookup
//! tables of names are code (`switch`) rather than Maps or Sets, and
//! closures that must differ per interface share what they capture
//! (`makeEventHandlers`). The bindings reach them through `materialize(name)`, and
//! a family's shared algorithms through a function made on first use
//! (`streams()` in `js/streams.js`, `headersLib()` in `js/headers.js`,
//! `uiEvents()` in `js/ui_events.js`, `blobLib()` in `js/blob.js`...; the
//! mutation observers' hooks make theirs, `mutationObservers()`, on first
//! call). A lazy factory may run after page script: it reads builtins only
//! through the primordials (or what its file captured at its top, at
//! start-up too: see `js/primordials.js` on why), and what it
//! needs of a prototype a page can reach is captured at start-up. V8's
//! deserializer may run no script: the interfaces it makes objects of
//! (`hooks.Blob`, `hooks.File`, `hooks.FileList`, `hooks.ImageData`, set by their factories)
//! are made by `clone.rs` before it reads a message that holds one, and
//! MessagePorts before, by `hooks.portsFor`. The ops object is
//! lazy too: a null-prototype object whose template's named interceptor
//! makes an op's function on its first read in a realm (`ops::serve_op`,
//! `Function::New`, outside V8's per-context template caches) and keeps
//! it there as a data property; a frame holds the dozen it calls, not all
//! ~185.
//!
//! Shadow trees are dom-lite's (`dom-lite/src/shadow.rs`): a shadow root is
//! a fragment node reached from its host, not its child, so a document's
//! walks and selectors never enter it; slot assignment is worked out when
//! asked, and after a change dom-lite names the slots whose assignment
//! changed (`mutation_observers.rs` signals them). Event dispatch takes
//! its plain path until a page of the origin attaches a shadow root
//! (`shared.shadowTrees`); the retargeting path, and the algorithms it
//! needs, are made then (`domHooks.shadowTrees` in `js/shadow_root.js`).
//!
//! # Cross-origin access
//!
//! V8 refuses it; the interceptor (`window_proxy.rs`) serves the HTML
//! spec's cross-origin members, and the failed-access-check hook throws a
//! SecurityError DOMException made in the accessing realm. The same
//! interceptor serves `window[i]` and named access (`window.frameName`) for
//! same-origin script, and lazy interfaces.
//!
//! # Shared registries: plain `Mutex`es
//!
//! What agents share (`runtime::host::HostShared`: frames, ports, storage,
//! broadcast subscriptions, blob URLs, shared workers) sits behind plain
//! `std::sync::Mutex`es, each held for one lookup or update. Not `dashmap`:
//! under virtual time a clock group runs one agent at a time, and `isohost
//! test` gives every file a host of its own, so two agents rarely want the
//! same registry at once. No measurement has shown contention on them
//! (none was made under `--real-time`, where agents do run in parallel):
//! measure there before reaching for a concurrent map.
//!
//! # Adding a web interface
//!
//! Blob (File API), say, exposed on windows and workers:
//!
//! 1. `js/blob.js`: a header with the interface, its spec, the URL of its
//!    section (with the anchor) and what is not modelled; a `Uses` line for
//!    what it takes from other files; the class, each algorithm headed by
//!    its URL and quoted name (numbered steps only where the code follows
//!    them in order); and, last, `return [name, ...];` if other files need
//!    something of it.
//!
//!    ```js
//!    // Blob (File API): immutable bytes with a type.
//!    // https://w3c.github.io/FileAPI/#blob-section ("The Blob Interface and Binary Data")
//!    //
//!    // Not modelled: streams, blob: URLs.
//!
//!    // Uses exposeInterface, platformObject, stateAccessor, toDOMString (webidl.js).
//!
//!    const blobStates = new WeakMapCtor();
//!    const blobState = stateAccessor(blobStates);
//!    class Blob {
//!      // https://w3c.github.io/FileAPI/#dom-blob-blob ("new Blob(blobParts, options)")
//!      constructor(blobParts = undefined, options = undefined) { /* ... */ }
//!      get size() { return blobState(this).size; }
//!      // https://w3c.github.io/FileAPI/#dfn-slice ("slice blob")
//!      slice(start = undefined, end = undefined, contentType = undefined) {
//!        const s = blobState(this);
//!        // ... toLongLong (add it to webidl.js), ops.blobSlice(s.id, from, to) ...
//!      }
//!    }
//!    exposeInterface('Blob', Blob);
//!    ```
//!
//!    A file's top level runs once, in the snapshot: what depends on the
//!    realm (the origin's `sharedState(...)`, `info`, an op's result, the
//!    host objects of one realm) goes in `atRealmStart(() => { ... })`,
//!    run in each realm before page script (`let blobStates;
//!    atRealmStart(() => { blobStates = sharedState('blobs', ...); });`);
//!    an op called outside a step fails the snapshot (checked by
//!    `templates.rs`'s tests).
//!
//!    Only primordials (`WeakMapCtor`, `ArrayAppend(list, x)`…, add
//!    a missing one to `js/primordials.js`), no method calls on what a page
//!    can reach, no `for…of` or spread; arguments through the `webidl.js`
//!    conversions; `new DOMException(message, 'NotFoundError')` by name.
//! 2. `ops/blob.rs`: what JS cannot do (bytes, state shared with other
//!    agents), each op `fn(&mut OpCx) -> OpResult` with plain data in and
//!    out, named `blob::slice` in Rust and `blobSlice` in JS, ids checked
//!    against the calling agent, errors as `Exception`s; the file ends
//!    with `op_list! { "blobSlice" => slice, ... }`. An interface with no
//!    Rust has no ops file.
//! 3. One line in `interfaces.rs`, after the files it uses:
//!    `interface!("Blob", blob, ops, ALL)` (`WINDOW`, `WORKER`,
//!    `DEDICATED_WORKER`, `SHARED_WORKER`: WebIDL's `[Exposed]`).
//! 4. `runtime/blob_store.rs` only if state crosses agents (`blob:` URLs),
//!    registered in `HostShared`.
//! 5. Tests: `pages/a.test/tests/blob-*.html` (testharness.js), each
//!    listed in `tests/testharness_pages.rs`; `cargo test -p engine` checks
//!    the registry, the `Uses` line, the ops and the primordials' rules.
//!
//! One file per interface, named as the spec names it. A family the spec
//! defines together whose members add little may share a file named after
//! its spec section: the HTML element interfaces that add nothing or a few
//! reflected attributes (`js/element_interfaces.js`), the UI Events
//! interfaces (`js/ui_events.js`); so may a spec section that is not an
//! interface (`js/runtime_script_errors.js`, `js/timers.js`).

pub(crate) mod agent;
pub(crate) mod atomics;
pub(crate) mod browsing_context;
pub(crate) mod clone;
pub(crate) mod custom_elements;
pub(crate) mod document_policies;
pub(crate) mod exception;
pub(crate) mod interfaces;
pub(crate) mod loading;
pub(crate) mod modules;
pub(crate) mod mutation_observers;
pub(crate) mod navigation;
pub(crate) mod ops;
pub(crate) mod random;
pub(crate) mod realm;
pub(crate) mod remote;
pub(crate) mod session_history;
pub(crate) mod shared_worker;
pub(crate) mod spare;
pub(crate) mod storage;
pub(crate) mod tab;
pub(crate) mod task_queues;
pub(crate) mod templates;
pub(crate) mod timers;
pub(crate) mod v8_hooks;
pub(crate) mod window_proxy;
pub(crate) mod worker;

pub(crate) use realm::frame_of_context;
pub(crate) use v8_hooks::init_v8;
