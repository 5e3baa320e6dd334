//! Structured clone on V8's serializer, and the message delivery built on
//! it: window.postMessage and MessagePorts.
//!
//! <https://html.spec.whatwg.org/multipage/structured-data.html#safe-passing-of-structured-data> ("Safe passing of structured data")
//! <https://html.spec.whatwg.org/multipage/web-messaging.html> ("Cross-document messaging", "Channel messaging")
//!
//! A message is always serialized in the sender's realm and deserialized in
//! the receiver's: even between same-origin frames, the receiver gets a copy.
//! Transferred ArrayBuffers travel as their backing store and are detached in
//! the sender; SharedArrayBuffers travel as a backing store shared by both;
//! MessagePorts are host objects written by their index in the transfer list;
//! Blobs and Files travel as handles on the host's bytes (shared, never
//! copied), each arriving as a new object of the receiving realm; an
//! ImageData's pixels travel as a copy (`SerializedValue::raw`).

use super::agent::{Agent, AgentState, LocalPort, PortKind};
use super::exception::{DomExceptionName, Exception};
use super::realm::{call_hook, context_of, handle_failure};
use super::task_queues::TaskSource;
use crate::runtime::blob_store::{BlobHandle, BlobId};
use crate::runtime::envelope::{
    AgentCluster, Envelope, PortId, SerializedBlob, SerializedValue, WindowMessage,
};
use crate::runtime::memory::Charge;
use crate::runtime::report::{FrameId, FrameKind};
use crate::v8::serializer::{HostObjectReader, HostObjectWriter};
use crate::v8::{self, BackingStore, Global, HandleScope, Local};

/// Host objects in a serialized value: a tag, then their data.
const HOST_PORT: u32 = 1;
const HOST_DOM_EXCEPTION: u32 = 2;
const HOST_BLOB: u32 = 3;
const HOST_IMAGE_DATA: u32 = 4;
const HOST_FILE_LIST: u32 = 5;

/// The private key under which an ImageData keeps [data, width, height,
/// colour space] for the serializer (HTML: ImageData is [Serializable]).
const IMAGE_DATA_KEY: &str = "isohost:ImageData";

/// An ImageData's dimensions and colour space (0 sRGB, 1 Display P3).
#[derive(Clone, Copy)]
pub(crate) struct ImageDataFields {
    pub width: u32,
    pub height: u32,
    pub color_space: u32,
}

/// Marks `object` as an ImageData over `data` (its Uint8ClampedArray).
pub(crate) fn mark_image_data(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    object: Local<'_, v8::Object>,
    data: Local<'_, v8::Value>,
    fields: ImageDataFields,
) {
    let key = v8::Private::for_api(scope, IMAGE_DATA_KEY);
    let array = v8::Array::new(
        scope,
        &[
            data,
            v8::value::number(scope, f64::from(fields.width)),
            v8::value::number(scope, f64::from(fields.height)),
            v8::value::number(scope, f64::from(fields.color_space)),
        ],
    );
    let _ = object.set_private(ctx, key, array.into());
}

/// The ImageData `object` is marked as: a copy of its pixels as they are
/// now (none if its buffer was detached), and its fields; `None` if it is
/// no ImageData.
fn image_data_fields(
    scope: &HandleScope<'_>,
    object: Local<'_, v8::Object>,
) -> Option<(Vec<u8>, ImageDataFields)> {
    let ctx = scope.current_context()?;
    let key = v8::Private::for_api(scope, IMAGE_DATA_KEY);
    let fields = object.get_private(scope, ctx, key)?.to_array()?;
    let get = |i| fields.object().get_index(scope, ctx, i);
    let view = get(0)?.to_array_buffer_view()?;
    let mut pixels = Vec::new();
    if let Some(buffer) = view.buffer(scope) {
        let (offset, len) = (view.byte_offset(), view.byte_length());
        buffer
            .backing_store()
            .append_range(offset, len, &mut pixels);
    }
    let number = |i| -> Option<u32> { Some(get(i)?.number_value(ctx)? as u32) };
    Some((
        pixels,
        ImageDataFields {
            width: number(1)?,
            height: number(2)?,
            color_space: number(3)?,
        },
    ))
}

/// The private key under which a FileList keeps its Files (an array no
/// page can reach) for the serializer (File API: FileList is
/// [Serializable]).
const FILE_LIST_KEY: &str = "isohost:FileList";

/// Marks `object` as a FileList of `files`.
pub(crate) fn mark_file_list(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    object: Local<'_, v8::Object>,
    files: Local<'_, v8::Array>,
) {
    let key = v8::Private::for_api(scope, FILE_LIST_KEY);
    let _ = object.set_private(ctx, key, files.into());
}

/// The Files of the FileList `object` is marked as; `None` if it is no
/// FileList.
fn file_list_files<'s>(
    scope: &'s HandleScope<'_>,
    object: Local<'s, v8::Object>,
) -> Option<Vec<Local<'s, v8::Object>>> {
    let ctx = scope.current_context()?;
    let key = v8::Private::for_api(scope, FILE_LIST_KEY);
    let files = object.get_private(scope, ctx, key)?.to_array()?;
    (0..files.length())
        .map(|i| files.object().get_index(scope, ctx, i)?.to_object_checked())
        .collect()
}

/// The private key under which a Blob keeps what structured clone needs
/// (File API: Blob and File are [Serializable]): [id] for a Blob, [id,
/// name, lastModified] for a File.
const BLOB_KEY: &str = "isohost:Blob";

/// Marks `object` as the Blob over host id `id` (a File with `file`'s name
/// and lastModified).
pub(crate) fn mark_blob(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    object: Local<'_, v8::Object>,
    id: BlobId,
    file: Option<&(String, f64)>,
) {
    let mut fields = vec![v8::value::number(scope, id as f64)];
    if let Some((name, last_modified)) = file {
        fields.push(v8::String::new(scope, name).into());
        fields.push(v8::value::number(scope, *last_modified));
    }
    let key = v8::Private::for_api(scope, BLOB_KEY);
    let array = v8::Array::new(scope, &fields);
    let _ = object.set_private(ctx, key, array.into());
}

/// The Blob `object` is marked as: its id and a File's (name,
/// lastModified); `None` if it is no Blob.
fn blob_fields(
    scope: &HandleScope<'_>,
    object: Local<'_, v8::Object>,
) -> Option<(BlobId, Option<(String, f64)>)> {
    let ctx = scope.current_context()?;
    let key = v8::Private::for_api(scope, BLOB_KEY);
    let fields = object.get_private(scope, ctx, key)?.to_array()?;
    let get = |i| fields.object().get_index(scope, ctx, i);
    let id = get(0)?.number_value(ctx)? as BlobId;
    let file = if fields.length() >= 3 {
        Some((
            get(1)?.to_rust_string(scope, ctx)?,
            get(2)?.number_value(ctx)?,
        ))
    } else {
        None
    };
    Some((id, file))
}

/// A host object of this realm with `interface`'s prototype (the hooks
/// hold the bindings' constructors): what the deserializer may make, since
/// no script may run while it reads.
fn host_object_of<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    interface: &str,
) -> Option<Local<'s, v8::Object>> {
    let ctx = context_of(scope, state, frame)?;
    let hooks = super::realm::hooks_of(scope, state, frame)?;
    let ctor = hooks.get_str(scope, ctx, interface)?.to_object_checked()?;
    let prototype = ctor.get_str(scope, ctx, "prototype")?;
    let templates = state.templates.get()?;
    let object = templates
        .event_target
        .open(scope)
        .instance_template(scope)
        .new_instance(scope, ctx)?;
    object.set_prototype(ctx, prototype).ok()?;
    Some(object)
}

/// The private key under which a DOMException keeps [name, message] for
/// the serializer: DOMException is [Serializable]
/// (https://webidl.spec.whatwg.org/#idl-DOMException, its "serialization
/// steps" and "deserialization steps").
const DOM_EXCEPTION_KEY: &str = "isohost:DOMException";

/// Marks `object` as a DOMException with `name` and `message`.
pub(crate) fn mark_dom_exception(
    scope: &HandleScope<'_>,
    ctx: Local<'_, v8::Context>,
    object: Local<'_, v8::Object>,
    name: &str,
    message: &str,
) {
    let key = v8::Private::for_api(scope, DOM_EXCEPTION_KEY);
    let fields = v8::Array::new(
        scope,
        &[
            v8::String::new(scope, name).into(),
            v8::String::new(scope, message).into(),
        ],
    );
    let _ = object.set_private(ctx, key, fields.into());
}

pub(crate) fn dom_exception_fields(
    scope: &HandleScope<'_>,
    object: Local<'_, v8::Object>,
) -> Option<(String, String)> {
    let ctx = scope.current_context()?;
    let key = v8::Private::for_api(scope, DOM_EXCEPTION_KEY);
    let fields = object.get_private(scope, ctx, key)?.to_array()?;
    let name = fields
        .object()
        .get_index(scope, ctx, 0)?
        .to_rust_string(scope, ctx)?;
    let message = fields
        .object()
        .get_index(scope, ctx, 1)?
        .to_rust_string(scope, ctx)?;
    Some((name, message))
}

/// An error's `stack` when it is a string: `Some(None)` when it is not,
/// `None` when reading it threw (the exception is pending).
fn error_stack(scope: &HandleScope<'_>, object: Local<'_, v8::Object>) -> Option<Option<String>> {
    let ctx = scope.current_context()?;
    let stack = object.get_str(scope, ctx, "stack")?;
    Some(stack.to_string_checked().map(|s| s.to_rust(scope)))
}

/// Text as its length and UTF-16 code units.
fn write_text(out: &mut HostObjectWriter, text: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    out.write_u32(units.len() as u32);
    for u in units {
        out.write_u32(u32::from(u));
    }
}

fn read_text(input: &mut HostObjectReader) -> Option<String> {
    let len = input.read_u32()? as usize;
    let mut units = Vec::with_capacity(len.min(1 << 20));
    for _ in 0..len {
        units.push(u16::try_from(input.read_u32()?).ok()?);
    }
    Some(String::from_utf16_lossy(&units))
}

/// A DOMException arriving in `frame`'s realm. V8 forbids running script
/// while it deserializes, so this is not `new DOMException(…)`: a host object
/// with DOMException.prototype, marked with its name and message, which the
/// bindings read back on first use.
fn make_dom_exception<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    name: &str,
    message: &str,
) -> Option<Local<'s, v8::Object>> {
    let ctx = context_of(scope, state, frame)?;
    let object = host_object_of(scope, state, frame, "DOMException")?;
    mark_dom_exception(scope, ctx, object, name, message);
    Some(object)
}

/// [name, message] of a DOMException, or null: for the bindings.
pub(crate) fn dom_exception_fields_value<'s>(
    scope: &'s HandleScope<'_>,
    object: Local<'_, v8::Object>,
) -> Local<'s, v8::Value> {
    match dom_exception_fields(scope, object) {
        Some((name, message)) => v8::Array::new(
            scope,
            &[
                v8::String::new(scope, &name).into(),
                v8::String::new(scope, &message).into(),
            ],
        )
        .into(),
        None => v8::value::null(scope),
    }
}

struct Writer<'x, 'a> {
    state: &'a AgentState,
    ports: Vec<Local<'x, v8::Value>>,
    shared: Vec<BackingStore>,
    /// The serializing realm is cross-origin isolated: it may share memory.
    isolated: bool,
    blobs: Vec<SerializedBlob>,
    raw: Vec<Vec<u8>>,
    /// FileLists written (their Files are in `blobs`).
    file_lists: usize,
}

impl Writer<'_, '_> {
    /// https://w3c.github.io/FileAPI/#blob-section (Blob's serialization
    /// steps): the same bytes, by handle; the index of the Blob (or File,
    /// with `file`'s name and lastModified) over host id `id`.
    fn write_blob(
        &mut self,
        scope: &HandleScope<'_>,
        id: BlobId,
        file: Option<(String, f64)>,
        out: &mut HostObjectWriter,
    ) -> bool {
        let Some(handle) = self.state.host.blobs.handle(self.state.id, id) else {
            Exception::dom(
                DomExceptionName::DataCloneError,
                "Failed to execute 'postMessage': A Blob could not be cloned.",
            )
            .throw(scope, self.state);
            return false;
        };
        out.write_u32(self.blobs.len() as u32);
        self.blobs.push(SerializedBlob { handle, file });
        true
    }
}

impl v8::SerializerDelegate for Writer<'_, '_> {
    fn throw_data_clone_error<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        message: Local<'s, v8::String>,
    ) {
        let text = message.to_rust(scope);
        Exception::dom(
            DomExceptionName::DataCloneError,
            format!("Failed to execute 'postMessage': {text}"),
        )
        .throw(scope, self.state);
    }

    fn write_host_object<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        object: Local<'s, v8::Object>,
        out: &mut HostObjectWriter,
    ) -> bool {
        let value: Local<v8::Value> = object.into();
        if let Some(i) = self.ports.iter().position(|p| p.strict_equals(value)) {
            out.write_u32(HOST_PORT);
            out.write_u32(i as u32);
            return true;
        }
        if let Some((id, file)) = blob_fields(scope, object) {
            out.write_u32(HOST_BLOB);
            return self.write_blob(scope, id, file, out);
        }
        if let Some(files) = file_list_files(scope, object) {
            // https://w3c.github.io/FileAPI/#filelist-section (FileList's
            // serialization steps): each File, sub-serialized.
            out.write_u32(HOST_FILE_LIST);
            out.write_u32(files.len() as u32);
            for file in files {
                let Some((id, fields @ Some(_))) = blob_fields(scope, file) else {
                    Exception::dom(
                        DomExceptionName::DataCloneError,
                        "Failed to execute 'postMessage': A FileList could not be cloned.",
                    )
                    .throw(scope, self.state);
                    return false;
                };
                if !self.write_blob(scope, id, fields, out) {
                    return false;
                }
            }
            self.file_lists += 1;
            return true;
        }
        if let Some((pixels, fields)) = image_data_fields(scope, object) {
            // https://html.spec.whatwg.org/multipage/canvas.html#imagedata
            // (ImageData's serialization steps): the data (a copy of the
            // pixels, as sub-serializing a Uint8ClampedArray copies them),
            // width, height and colour space.
            out.write_u32(HOST_IMAGE_DATA);
            out.write_u32(self.raw.len() as u32);
            out.write_u32(fields.width);
            out.write_u32(fields.height);
            out.write_u32(fields.color_space);
            self.raw.push(pixels);
            return true;
        }
        if let Some((name, message)) = dom_exception_fields(scope, object) {
            // The serialization steps carry the name and message, and
            // "should attach ... notably the stack property"
            // (https://webidl.spec.whatwg.org/#idl-DOMException).
            let Some(stack) = error_stack(scope, object) else {
                return false;
            };
            out.write_u32(HOST_DOM_EXCEPTION);
            write_text(out, &name);
            write_text(out, &message);
            out.write_u32(u32::from(stack.is_some()));
            if let Some(stack) = stack {
                write_text(out, &stack);
            }
            return true;
        }
        let name = object.constructor_name(scope);
        let what = if name.is_empty() {
            "platform object".to_string()
        } else {
            format!("{name} object")
        };
        Exception::dom(
            DomExceptionName::DataCloneError,
            format!("Failed to execute 'postMessage': {what} could not be cloned."),
        )
        .throw(scope, self.state);
        false
    }

    /// <https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializeinternal> ("StructuredSerializeInternal"),
    /// the SharedArrayBuffer step: "If the current settings object's
    /// cross-origin isolated capability is false, then throw a
    /// DataCloneError".
    fn shared_array_buffer_id<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        sab: Local<'s, v8::SharedArrayBuffer>,
    ) -> Option<u32> {
        if !self.isolated {
            Exception::dom(
                DomExceptionName::DataCloneError,
                "Failed to execute 'postMessage': SharedArrayBuffer transfer requires self.crossOriginIsolated.",
            )
            .throw(scope, self.state);
            return None;
        }
        self.shared.push(sab.backing_store());
        Some(self.shared.len() as u32 - 1)
    }
}

/// <https://html.spec.whatwg.org/multipage/structured-data.html#structuredserializewithtransfer> ("StructuredSerializeWithTransfer"):
/// `value` in the current realm with `buffers` (ArrayBuffers) and ports
/// transferred. The bindings did steps 1-2 (each item transferable, none
/// twice; js/message_port.js); this is steps 3-5: serialize, then refuse
/// an item detached by then (serializing may run script that detaches
/// one, or it was detached before: a port id the bindings mark detached is
/// held by no agent), then detach what is transferred. `None` means an
/// exception (DataCloneError…) is pending.
pub(crate) fn serialize(
    scope: &HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'_, v8::Context>,
    value: Local<'_, v8::Value>,
    buffers: &[Local<'_, v8::ArrayBuffer>],
    port_ids: &[PortId],
    port_objects: &[Local<'_, v8::Value>],
) -> Option<SerializedValue> {
    let frame = super::frame_of_context(scope, ctx);
    let mut writer = Writer {
        state,
        ports: port_objects.to_vec(),
        shared: Vec::new(),
        isolated: frame.is_some_and(|f| state.cross_origin_isolated(f)),
        blobs: Vec::new(),
        raw: Vec::new(),
        file_lists: 0,
    };
    let bytes = {
        let mut ser = v8::ValueSerializer::new(scope, &mut writer);
        for (i, b) in buffers.iter().enumerate() {
            ser.transfer_array_buffer(i as u32, *b);
        }
        if !ser.write_value(ctx, value) {
            return None;
        }
        ser.release()
    };
    // Step 5.1-5.2: nothing transferred may be detached now.
    let detached_port = port_ids
        .iter()
        .any(|id| !state.ports.borrow().contains_key(id));
    let refusal = if buffers.iter().any(|b| b.was_detached()) {
        Some("An ArrayBuffer is detached and could not be cloned.")
    } else if buffers.iter().any(|b| !b.is_detachable()) {
        Some("An ArrayBuffer is not detachable and could not be transferred.")
    } else if detached_port {
        Some("A MessagePort could not be cloned because it was detached.")
    } else {
        None
    };
    if let Some(text) = refusal {
        Exception::dom(
            DomExceptionName::DataCloneError,
            format!("Failed to execute 'postMessage': {text}"),
        )
        .throw(scope, state);
        return None;
    }
    let stores = buffers
        .iter()
        .map(|b| {
            let store = b.backing_store();
            b.detach();
            store
        })
        .collect();
    for id in port_ids {
        state.host.ports.detach(*id);
        state.ports.borrow_mut().remove(id);
    }
    // Queued messages count toward the sender's memory cap until they are
    // delivered or dropped; crossing it stops the sender (not this message).
    // Blobs travel by handle (their bytes are shared), host objects' raw
    // bytes are copies.
    let raw_len: usize = writer.raw.iter().map(Vec::len).sum();
    let (charge, _) = Charge::new(&state.memory, bytes.len() + raw_len);
    let cluster = match frame {
        Some(f) if !writer.shared.is_empty() => agent_cluster(state, f),
        _ => None,
    };
    Some(SerializedValue {
        bytes,
        buffers: stores,
        shared: writer.shared,
        ports: port_ids.to_vec(),
        charge: Some(charge),
        cluster,
        blobs: writer.blobs,
        raw: writer.raw,
        file_lists: writer.file_lists,
    })
}

/// The agent cluster of `frame`'s realm (see [`AgentCluster`]): a window's
/// is its origin in its clock group; a dedicated worker's, its owner's; a
/// shared worker's, its own.
fn agent_cluster(state: &AgentState, frame: FrameId) -> Option<AgentCluster> {
    let mut at = state.host.frame(frame)?;
    // A dedicated worker's owner chain ends at a window or a shared worker.
    for _ in 0..64 {
        match at.kind {
            FrameKind::Window => {
                return Some(AgentCluster::Windows {
                    group: state.group,
                    origin: at.origin,
                });
            }
            FrameKind::SharedWorker => return Some(AgentCluster::SharedWorker(at.id)),
            FrameKind::Worker => at = state.host.frame(at.parent?)?,
        }
    }
    None
}

struct Reader<'x> {
    ports: Vec<Global<v8::Value>>,
    shared: &'x [BackingStore],
    /// The shared memory is of this realm's agent cluster.
    same_cluster: bool,
    blobs: &'x [SerializedBlob],
    state: &'x AgentState,
    frame: FrameId,
    /// Blobs made meanwhile, set up once the read is over (script may run
    /// then): the object and its index in `blobs`.
    arrived: Vec<(Global<v8::Object>, usize)>,
    /// ImageData made meanwhile, set up once the read is over: the
    /// object, its index in `raw` and its fields.
    images: Vec<(Global<v8::Object>, usize, ImageDataFields)>,
    raw: &'x [Vec<u8>],
    /// FileLists made meanwhile, set up once the read is over (after
    /// their Files): the object and its Files.
    file_lists: Vec<(Global<v8::Object>, Vec<Global<v8::Object>>)>,
}

impl Reader<'_> {
    /// A new Blob or File object for `blobs[index]`, set up once the read
    /// is over.
    fn read_blob<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        index: usize,
    ) -> Option<Local<'s, v8::Object>> {
        let blob = self.blobs.get(index)?;
        let interface = if blob.file.is_some() { "File" } else { "Blob" };
        let object = host_object_of(scope, self.state, self.frame, interface)?;
        let ctx = context_of(scope, self.state, self.frame)?;
        mark_blob(scope, ctx, object, blob.handle.id(), blob.file.as_ref());
        self.arrived.push((Global::new(scope, object), index));
        Some(object)
    }
}

impl v8::DeserializerDelegate for Reader<'_> {
    fn read_host_object<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        input: &mut HostObjectReader,
    ) -> Option<Local<'s, v8::Object>> {
        match input.read_u32()? {
            HOST_PORT => {
                let index = input.read_u32()? as usize;
                self.ports
                    .get(index)
                    .and_then(|p| p.open(scope).to_object_checked())
            }
            HOST_DOM_EXCEPTION => {
                let name = read_text(input)?;
                let message = read_text(input)?;
                let stack = match input.read_u32()? {
                    0 => None,
                    _ => Some(read_text(input)?),
                };
                let e = make_dom_exception(scope, self.state, self.frame, &name, &message)?;
                if let Some(stack) = stack {
                    // A data property, as V8 gives errors: defining it runs
                    // no script (a setter on the prototype is not called).
                    let ctx = scope.current_context()?;
                    let key = v8::String::new(scope, "stack");
                    let value = v8::String::new(scope, &stack);
                    e.define_own_property(
                        ctx,
                        key.into(),
                        value.into(),
                        v8::PropertyAttribute::DONT_ENUM,
                    )
                    .ok()?;
                }
                Some(e)
            }
            HOST_BLOB => {
                let index = input.read_u32()? as usize;
                self.read_blob(scope, index)
            }
            HOST_FILE_LIST => {
                let count = input.read_u32()? as usize;
                let mut files = Vec::with_capacity(count.min(self.blobs.len()));
                for _ in 0..count {
                    let index = input.read_u32()? as usize;
                    self.blobs.get(index)?.file.as_ref()?;
                    files.push(Global::new(scope, self.read_blob(scope, index)?));
                }
                let object = host_object_of(scope, self.state, self.frame, "FileList")?;
                self.file_lists.push((Global::new(scope, object), files));
                Some(object)
            }
            HOST_IMAGE_DATA => {
                let index = input.read_u32()? as usize;
                let fields = ImageDataFields {
                    width: input.read_u32()?,
                    height: input.read_u32()?,
                    color_space: input.read_u32()?,
                };
                self.raw.get(index)?;
                let object = host_object_of(scope, self.state, self.frame, "ImageData")?;
                self.images
                    .push((Global::new(scope, object), index, fields));
                Some(object)
            }
            _ => None,
        }
    }

    fn shared_array_buffer<'s>(
        &mut self,
        scope: &'s HandleScope<'s>,
        id: u32,
    ) -> Option<Local<'s, v8::SharedArrayBuffer>> {
        // A SharedArrayBuffer cannot leave its agent cluster: the message
        // fails to deserialize (a messageerror), as HTML's
        // StructuredDeserialize says for a "SharedArrayBuffer" record of
        // another agent cluster.
        if !self.same_cluster {
            return None;
        }
        let store = self.shared.get(id as usize)?;
        Some(v8::SharedArrayBuffer::with_backing_store(scope, store))
    }
}

/// <https://html.spec.whatwg.org/multipage/structured-data.html#structureddeserializewithtransfer> ("StructuredDeserializeWithTransfer"):
/// a message in `frame`'s realm (entered by the caller): the value and the
/// MessagePort wrappers that came with it (an array, or null for none). `None`: the bytes could not be
/// read (the receiver gets a messageerror).
pub(crate) fn deserialize<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'s, v8::Context>,
    frame: FrameId,
    value: &SerializedValue,
) -> Option<(Local<'s, v8::Value>, Local<'s, v8::Value>)> {
    let ports = adopt_ports(scope, state, frame, &value.ports)?;
    // Blob, File and ImageData are made on first use (`js/blob.js`): the
    // deserializer must find them made (hooks.Blob...), since no script
    // may run while it reads, so a message that holds one makes it now.
    let needed = [
        ("Blob", value.blobs.iter().any(|b| b.file.is_none())),
        ("File", value.blobs.iter().any(|b| b.file.is_some())),
        ("ImageData", !value.raw.is_empty()),
        ("FileList", value.file_lists > 0),
    ];
    for (interface, _) in needed.iter().filter(|(_, needed)| *needed) {
        let name = v8::String::new(scope, interface);
        call_hook(scope, state, frame, "lazyInterface", &[name.into()])?;
    }
    let port_list: Vec<Global<v8::Value>> = match ports.to_array() {
        Some(a) => (0..a.length())
            .filter_map(|i| a.object().get_index(scope, ctx, i))
            .map(|p| Global::new(scope, p))
            .collect(),
        None => Vec::new(),
    };
    let mut reader = Reader {
        ports: port_list,
        shared: &value.shared,
        same_cluster: value.shared.is_empty()
            || (value.cluster.is_some() && agent_cluster(state, frame) == value.cluster),
        blobs: &value.blobs,
        state,
        frame,
        arrived: Vec::new(),
        images: Vec::new(),
        raw: &value.raw,
        file_lists: Vec::new(),
    };
    let data = {
        let mut de = v8::ValueDeserializer::new(scope, &value.bytes, &mut reader);
        for (i, store) in value.buffers.iter().enumerate() {
            let ab = v8::ArrayBuffer::with_backing_store(scope, store);
            de.transfer_array_buffer(i as u32, ab);
        }
        de.read(scope, ctx)?
    };
    for (object, index) in reader.arrived {
        adopt_blob(scope, state, frame, object.open(scope), &value.blobs[index]);
    }
    for (list, files) in reader.file_lists {
        // https://w3c.github.io/FileAPI/#filelist-section (FileList's
        // deserialization steps): its Files, deserialized above.
        let files: Vec<Local<v8::Value>> = files.iter().map(|f| f.open(scope).into()).collect();
        let args = [
            list.open(scope).into(),
            v8::Array::new(scope, &files).into(),
        ];
        call_hook(scope, state, frame, "adoptFileList", &args)?;
    }
    for (object, index, fields) in reader.images {
        // https://html.spec.whatwg.org/multipage/canvas.html#imagedata
        // (ImageData's deserialization steps): a new Uint8ClampedArray of
        // the pixels (made by the bindings, now that script may run).
        let buffer = v8::ArrayBuffer::from_bytes(scope, &value.raw[index])?;
        let args = [
            object.open(scope).into(),
            buffer.into(),
            v8::value::number(scope, f64::from(fields.width)),
            v8::value::number(scope, f64::from(fields.height)),
            v8::value::number(scope, f64::from(fields.color_space)),
        ];
        call_hook(scope, state, frame, "adoptImageData", &args)?;
    }
    Some((data, ports))
}

/// A Blob that arrived in `frame`: this agent holds its bytes for the new
/// object, which the bindings set up (hooks.adoptBlob).
fn adopt_blob(
    scope: &HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    object: Local<'_, v8::Object>,
    blob: &SerializedBlob,
) {
    let Some(data) = blob.handle.data() else {
        return;
    };
    let id = state.host.blobs.adopt(state.id, &blob.handle);
    let (name, last_modified) = match &blob.file {
        Some((name, t)) => (
            v8::String::new(scope, name).into(),
            v8::value::number(scope, *t),
        ),
        None => (v8::value::null(scope), v8::value::undefined(scope)),
    };
    let args = [
        object.into(),
        v8::value::number(scope, id as f64),
        v8::value::number(scope, data.bytes.len() as f64),
        v8::String::new(scope, &data.mime).into(),
        name,
        last_modified,
    ];
    if call_hook(scope, state, frame, "adoptBlob", &args).is_none() {
        // The hold stays until the agent ends; the object works without
        // its state only as far as structured clone goes.
        let _ = BlobHandle::id(&blob.handle);
    }
}

/// What a message event carries: the data and ports (null for none), and
/// `true` (as a JS boolean) when the message could not be deserialized (a
/// messageerror then, with null data).
pub(crate) fn receive<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    ctx: Local<'s, v8::Context>,
    frame: FrameId,
    message: &SerializedValue,
    tc: &v8::TryCatch<'_>,
) -> (
    Local<'s, v8::Value>,
    Local<'s, v8::Value>,
    Local<'s, v8::Value>,
) {
    match deserialize(scope, state, ctx, frame, message) {
        Some((data, ports)) => (data, ports, v8::value::boolean(scope, false)),
        None => {
            tc.reset();
            (
                v8::value::null(scope),
                v8::value::null(scope),
                v8::value::boolean(scope, true),
            )
        }
    }
}

/// Ports arriving in `frame`: held by this agent now, with wrappers.
fn adopt_ports<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    frame: FrameId,
    ids: &[PortId],
) -> Option<Local<'s, v8::Value>> {
    // Most messages carry no port: null, for which the bindings make the
    // event's empty array themselves (cheaper in script than through the
    // API), without calling into the bindings here.
    if ids.is_empty() {
        return Some(v8::value::null(scope));
    }
    // Messages waiting for an arriving port are delivered once it is
    // started (a transferred port starts out not started).
    for id in ids {
        state.ports.borrow_mut().insert(*id, LocalPort::new(frame));
        state.host.ports.attach(*id, state.id);
    }
    let values: Vec<Local<v8::Value>> = ids
        .iter()
        .map(|id| v8::value::number(scope, f64::from(*id)))
        .collect();
    let array = v8::Array::new(scope, &values);
    call_hook(scope, state, frame, "portsFor", &[array.into()])
}

/// The task the window post message steps queue at the target frame
/// (https://html.spec.whatwg.org/multipage/web-messaging.html#window-post-message-steps,
/// "window post message steps", from step 8): the target origin is checked
/// against the target as it is now.
pub(crate) fn deliver_window_message(agent: &mut Agent, message: WindowMessage) {
    let state = agent.state.clone();
    let frame = message.target;
    let alive_origin = state
        .frames
        .borrow()
        .get(&frame)
        .filter(|f| !f.closed && (f.context.is_some() || f.late_realm.is_some()))
        .map(|f| state.serialize_origin(&f.origin));
    let Some(origin) = alive_origin else {
        return;
    };
    // targetOrigin is checked against the target's origin at delivery time.
    if message.target_origin.as_ref().is_some_and(|t| *t != origin) {
        return;
    }
    {
        // Sent through a WindowProxy another isolate stands for.
        let scope = HandleScope::new(&mut agent.isolate);
        super::loading::ensure_context(&scope, &state, frame);
    }
    deliver_to_hook(
        agent,
        frame,
        &message.data,
        "deliverMessage",
        |scope, state, [data, ports, error]| {
            let source = super::remote::window_for(scope, state, message.source)
                .unwrap_or_else(|| v8::value::null(scope));
            let origin = message_origin(scope, state, &message.origin);
            vec![data, origin.into(), source, ports, error]
        },
    );
}

/// `origin` as a JS string: the last one made, if it is that origin's (the
/// same `Arc`), else a new one kept for the next message. A string per
/// message was 0.8 % of a same-origin round trip.
fn message_origin<'s>(
    scope: &'s HandleScope<'_>,
    state: &AgentState,
    origin: &crate::runtime::origin::OriginString,
) -> Local<'s, v8::String> {
    let mut last = state.last_message_origin.borrow_mut();
    if let Some((known, string)) = last.as_ref()
        && std::sync::Arc::ptr_eq(known, origin)
    {
        return string.open(scope);
    }
    let string = v8::String::new(scope, origin);
    *last = Some((origin.clone(), Global::new(scope, string)));
    string
}

/// Deserializes `message` in `frame`'s realm and calls the JS hook `hook`
/// with the arguments `args` makes of (data, ports, deserialization
/// failed); an exception from the hook is reported like any task's. A frame
/// without a context gets nothing.
pub(crate) fn deliver_to_hook<F>(
    agent: &mut Agent,
    frame: FrameId,
    message: &SerializedValue,
    hook: &str,
    args: F,
) where
    F: for<'s> FnOnce(
        &'s HandleScope<'s>,
        &AgentState,
        [Local<'s, v8::Value>; 3],
    ) -> Vec<Local<'s, v8::Value>>,
{
    let state = agent.state.clone();
    let scope = HandleScope::new(&mut agent.isolate);
    let Some(ctx) = context_of(&scope, &state, frame) else {
        return;
    };
    let _cs = v8::ContextScope::new(&scope, ctx);
    let tc = v8::TryCatch::new(&scope);
    let (data, ports, error) = receive(&scope, &state, ctx, frame, message, &tc);
    let args = args(&scope, &state, [data, ports, error]);
    if call_hook(&scope, &state, frame, hook, &args).is_none() {
        handle_failure(&scope, &state, frame, &tc);
    }
}

/// Messages may wait in the port registry for `port`, its "port message
/// queue" (https://html.spec.whatwg.org/multipage/web-messaging.html#port-message-queue):
/// if it is started and they do, deliver the next one in a task (which
/// queues the one after): one task per message, in order, and a port
/// transferred away mid-way takes the rest. (With none waiting, no task: it
/// would take a message posted after it, ahead of tasks queued in between.)
pub(crate) fn port_ready(state: &AgentState, port: PortId) {
    let started = state.ports.borrow().get(&port).is_some_and(|p| p.started);
    if started && state.host.ports.has_waiting(port, state.id) {
        state.queue_on(TaskSource::PostedMessage, move |agent| {
            deliver_next_port_message(agent, port)
        });
    }
}

/// Delivers the port's next waiting message (if it is started), and queues
/// the delivery of the one after.
pub(crate) fn deliver_next_port_message(agent: &mut Agent, port: PortId) {
    let state = agent.state.clone();
    let Some(frame) = state
        .ports
        .borrow()
        .get(&port)
        .filter(|p| p.started)
        .map(|p| (p.frame, p.kind))
    else {
        return;
    };
    let (frame, kind) = frame;
    let Some((message, more)) = state.host.ports.take_one(port, state.id) else {
        return;
    };
    if more {
        state.queue_on(TaskSource::PostedMessage, move |agent| {
            deliver_next_port_message(agent, port)
        });
    }
    let (hook, id) = match kind {
        PortKind::Port => ("deliverPortMessage", port),
        PortKind::WorkerOutside(worker) => ("deliverWorkerMessage", worker),
        PortKind::WorkerInside => ("deliverToGlobal", port),
    };
    deliver_to_hook(
        agent,
        frame,
        &message,
        hook,
        |scope, _, [data, ports, error]| {
            vec![v8::value::number(scope, f64::from(id)), data, ports, error]
        },
    );
}

/// Posts `value` from port `from` to its peer, wherever that is held
/// (https://html.spec.whatwg.org/multipage/web-messaging.html#message-port-post-message-steps,
/// "message port post message steps", the end).
pub(crate) fn post_to_port(state: &AgentState, from: PortId, value: SerializedValue) {
    if let Some((peer, owner)) = state.host.ports.post(from, state.id, value) {
        state.host.scheduler.post(owner, Envelope::PortReady(peer));
    }
}
