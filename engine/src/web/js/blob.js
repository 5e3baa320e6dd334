// Blob (File API): immutable bytes with a type; and the URL interface's
// createObjectURL()/revokeObjectURL() (File API, "A URL for Blob").
// https://w3c.github.io/FileAPI/#blob-section ("The Blob Interface and Binary Data")
// https://w3c.github.io/FileAPI/#url ("A URL for Blob and MediaSource reference")
//
// The bytes are the host's (runtime/blob_store.rs), held once for every
// agent: an object keeps the host's id, its size and type. Slices and
// structured clones share the bytes. An object that is collected releases
// its hold (a FinalizationRegistry). State is in `shared`: a Blob made in
// a same-origin frame works here. Blob and File are [Serializable]:
// web/clone.rs writes the id the object is marked with (ops.blobMark) and
// hands the receiving realm a new object through hooks.adoptBlob.
//
// For other interfaces (fetch bodies, FileReader): isBlob, and blobLib()'s
// blobId, blobFromBytes, blobBytes, sliceBlob, makeBlob...
//
// Not modelled: blob URLs for MediaSource.

// Uses CONSTRUCT, define, lazyGlobal, materialize, bufferSourceOrNull, platformObject,
//   requiredArguments, sharedState, stateAccessor, toDictionary, toDOMString, toEnum, toLongLong,
//   toSequence (webidl.js); queueGlobalTask (task_queuing.js); parsedURL (url.js); streams
//   (streams.js).

// object -> { id, size, type, name, lastModified } (name undefined for a
// Blob that is no File).
let blobStates, blobState;
atRealmStart(() => {
  blobStates = sharedState('blobs', () => new WeakMapCtor());
  blobState = stateAccessor(blobStates);
});
// Whether `value` is a Blob (or File) of any same-origin realm.
function isBlob(value) {
  return WeakMapPrototypeHas(blobStates, value);
}

// The algorithms other interfaces use on Blobs (fetch bodies, File,
// FormData, FileReader, XMLHttpRequest), with the registry of holds, are
// made on first use: most realms make and get no Blob.
let made;
function blobLib() {
  if (made === undefined) made = makeBlobLib();
  return made;
}
function makeBlobLib() {
  // A collected Blob's hold on the host's bytes goes.
  const blobRegistry = new FinalizationRegistryCtor((id) => ops.blobRelease(id));

  // The host's id of a Blob, for ops (a TypeError for anything else).
  function blobId(blob) {
    return blobState(blob).id;
  }

  // Sets `self` up as a Blob over host id `id` (which this agent holds once
  // for it); a File when `name` is a string. `mark`: tell the host, for
  // structured clone (a clone arriving is marked already).
  function initBlob(self, id, size, type, name, lastModified, mark) {
    WeakMapPrototypeSet(blobStates, self, { id, size, type, name, lastModified });
    FinalizationRegistryPrototypeRegister(blobRegistry, self, id);
    if (mark) ops.blobMark(self, id, name, lastModified);
    return self;
  }

  // A new Blob of this realm over host id `id`, which an op just made (this
  // agent holds it once, for the new object).
  function makeBlob(id, size, type) {
    return initBlob(platformObject(materialize('Blob')), id, size, type, undefined, undefined, true);
  }

  // https://w3c.github.io/FileAPI/#dom-blob-type: a type with a character
  // outside U+0020..U+007E is "", otherwise it is lowercased.
  function normalizeType(type) {
    for (let i = 0; i < type.length; i++) {
      const c = StringPrototypeCharCodeAt(type, i);
      if (c < 0x20 || c > 0x7E) return '';
    }
    return StringPrototypeToLowerCase(type);
  }

  // https://webidl.spec.whatwg.org/#es-sequence over BlobPart, (BufferSource
  // or Blob or USVString): what ops.blobCreate takes, each part a buffer or
  // view, a Blob's id (a number), or a string (the host replaces lone
  // surrogates, as USVString does).
  function blobPartsOf(value, operation, iface) {
    const list = toSequence(value, operation, iface);
    const parts = [];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (isBlob(item)) {
        ArrayAppend(parts, blobState(item).id);
        continue;
      }
      const buffer = bufferSourceOrNull(item, operation, iface);
      ArrayAppend(parts, buffer !== null ? buffer : toDOMString(item));
    }
    return parts;
  }

  // https://w3c.github.io/FileAPI/#dfn-BlobPropertyBag ("BlobPropertyBag"),
  // its members read in lexicographic order; FilePropertyBag adds
  // lastModified (read between them).
  function blobPropertyBag(options, iface, file) {
    const dict = toDictionary(options, file ? 'FilePropertyBag' : 'BlobPropertyBag', CONSTRUCT, iface);
    const endings = dict.endings === undefined ? 'transparent' : toEnum(dict.endings, ['transparent', 'native'], 'EndingType', CONSTRUCT, iface);
    const lastModified = file && dict.lastModified !== undefined ? toLongLong(dict.lastModified) : undefined;
    const type = dict.type === undefined ? '' : toDOMString(dict.type);
    return { native: endings === 'native', lastModified, type: normalizeType(type) };
  }

  // A promise settled by `read(id)` in a task of the file reading task
  // source (a wrong `this` rejects it).
  function blobRead(self, read) {
    return new PromiseCtor((resolve, reject) => {
      const id = blobState(self).id;
      queueGlobalTask('file reading', () => {
        try {
          resolve(read(id));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  // https://w3c.github.io/FileAPI/#slice-blob ("slice blob"): `from` and
  // `to` relative (negative from the end), clamped to the blob.
  function sliceBlob(blob, from, to, type) {
    const size = blobState(blob).size;
    const start = from < 0 ? MathMax(size + from, 0) : MathMin(from, size);
    const end = to < 0 ? MathMax(size + to, 0) : MathMin(to, size);
    const made = ops.blobSlice(blobState(blob).id, start, MathMax(end, start), type);
    return makeBlob(made[0], made[1], type);
  }

  // A new Blob of `bytes` (a BufferSource) with (normalized) type `type`.
  function blobFromBytes(bytes, type) {
    const t = normalizeType(toDOMString(type));
    const made = ops.blobCreate([bytes], t, false);
    return makeBlob(made[0], made[1], t);
  }

  // A copy of a Blob's bytes, now (a request body).
  function blobBytes(blob) {
    return new Uint8ArrayCtor(ops.blobRead(blobState(blob).id));
  }

  return {
    __proto__: null, blobId, initBlob, makeBlob, normalizeType, blobPartsOf, blobPropertyBag, blobRead,
    sliceBlob, blobFromBytes, blobBytes,
  };
}

// Made on first use (lazyGlobal), at its place among the globals. V8's
// deserializer reads hooks.Blob while no script may run: web/clone.rs makes
// it before it reads a message that holds one.
lazyGlobal('Blob', () => {
  const { blobPartsOf, blobPropertyBag, blobRead, initBlob, normalizeType, sliceBlob } = blobLib();
  class Blob {
    // https://w3c.github.io/FileAPI/#constructorBlob ("new Blob(blobParts, options)")
    constructor(blobParts = undefined, options = undefined) {
      const parts = blobParts === undefined ? [] : blobPartsOf(blobParts, CONSTRUCT, 'Blob');
      const bag = blobPropertyBag(options, 'Blob', false);
      const self = platformObject(new.target);
      const made = ops.blobCreate(parts, bag.type, bag.native);
      return initBlob(self, made[0], made[1], bag.type, undefined, undefined, true);
    }
    get size() { return blobState(this).size; }
    get type() { return blobState(this).type; }
    // https://w3c.github.io/FileAPI/#dfn-slice ("slice(start, end, contentType)"),
    // "slice blob": negative positions count from the end; the new Blob
    // shares the bytes.
    slice(start = undefined, end = undefined, contentType = undefined) {
      const s = blobState(this);
      const from = start === undefined ? 0 : toLongLong(start);
      const to = end === undefined ? s.size : toLongLong(end);
      const type = contentType === undefined ? '' : normalizeType(toDOMString(contentType));
      return sliceBlob(this, from, to, type);
    }
    // https://w3c.github.io/FileAPI/#dom-blob-text ("text()"): UTF-8 decode.
    text() { return blobRead(this, (id) => ops.blobText(id)); }
    // https://w3c.github.io/FileAPI/#dom-blob-arraybuffer ("arrayBuffer()")
    arrayBuffer() { return blobRead(this, (id) => ops.blobRead(id)); }
    // https://w3c.github.io/FileAPI/#dom-blob-bytes ("bytes()")
    bytes() { return blobRead(this, (id) => new Uint8ArrayCtor(ops.blobRead(id))); }
    // https://w3c.github.io/FileAPI/#dom-blob-stream ("stream()"), "get
    // stream": a byte stream of the bytes, read when it is first pulled.
    stream() {
      // The stream holds the Blob (and so the host's bytes) until it is read.
      const blob = this;
      blobState(blob);
      let read = false;
      const stream = streams().setUpByteStream(() => {
        if (!read) {
          read = true;
          const bytes = new Uint8ArrayCtor(ops.blobRead(blobState(blob).id));
          if (TypedArrayPrototypeGetByteLength(bytes) > 0) streams().readableStreamEnqueueBytes(stream, bytes);
        }
        streams().readableStreamCloseFromSpec(stream);
      });
      return stream.obj;
    }
  }
  hooks.Blob = Blob;
  return Blob;
}, false);

// A Blob or File arriving by structured clone (web/clone.rs made `object`
// with this realm's prototype and marked it; this agent holds `id` for it).
hooks.adoptBlob = (object, id, size, type, name, lastModified) => {
  blobLib().initBlob(object, id, size, type, name === null ? undefined : name, lastModified, false);
};

// https://w3c.github.io/FileAPI/#dfn-createObjectURL ("createObjectURL(obj)")
// https://w3c.github.io/FileAPI/#dfn-revokeObjectURL ("revokeObjectURL(url)"):
// URL's static members, given when URL is made (url.js).
function defineBlobURLMethods(URL) {
  define(URL, {
    createObjectURL(obj) {
      requiredArguments(arguments.length, 1, 'createObjectURL', 'URL');
      if (!isBlob(obj)) throw new TypeErrorCtor("Failed to execute 'createObjectURL' on 'URL': Overload resolution failed.");
      return ops.blobCreateUrl(blobState(obj).id);
    },
    revokeObjectURL(url) {
      requiredArguments(arguments.length, 1, 'revokeObjectURL', 'URL');
      const parsed = parsedURL(url);
      if (parsed === null || parsed.protocol !== 'blob:') return;
      ops.blobRevokeUrl(parsed.href);
    },
  });
}

return [blobState, isBlob, blobLib, defineBlobURLMethods];
