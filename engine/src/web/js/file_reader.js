// FileReader (File API): a Blob's bytes read, asynchronously with progress
// events, as an ArrayBuffer, a binary string, text (by any encoding) or a
// data: URL.
// https://w3c.github.io/FileAPI/#APIASynch ("The FileReader API")
//
// For FileReaderSync: packageData, blobArgument.
//
// The bytes are read whole (the host holds them; a Blob never changes), so
// one progress event comes between loadstart and load. Aborting a read
// drops its queued tasks (a generation number each task checks).

// Uses defineConstants, lazyInterface, materialize, requiredArguments, stateAccessor, toDOMString
//   (webidl.js); DOMException (dom_exception.js); trustedEvent (event.js); dispatch, FROM_TASK (event_target.js);
//   defineEventHandlers (event_handlers.js); queueGlobalTask (task_queuing.js); isBlob, blobLib,
//   blobState (blob.js).

const EMPTY = 0;
const LOADING = 1;
const DONE = 2;

// object -> { state, result, error, generation }
// Made with the interface (no reader exists before it).
let readerStates, readerState;

// The blob argument of a read method (a TypeError for anything else).
function blobArgument(blob, operation, iface, count) {
  requiredArguments(count, 1, operation, iface);
  if (!isBlob(blob)) {
    throw new TypeErrorCtor(`Failed to execute '${operation}' on '${iface}': parameter 1 is not of type 'Blob'.`);
  }
  return blob;
}

// https://w3c.github.io/FileAPI/#blob-package-data ("package data")
function packageData(blob, type, encodingName) {
  const id = blobLib().blobId(blob);
  switch (type) {
    case 'DataURL': return ops.fileReaderDataUrl(id, blobState(blob).type);
    case 'Text': return ops.fileReaderText(id, encodingName, blobState(blob).type);
    case 'ArrayBuffer': return ops.blobRead(id);
    default: return ops.fileReaderBinaryString(id);
  }
}

lazyInterface('FileReader', () => {
  // https://w3c.github.io/FileAPI/#fire-a-progress-event ("fire a progress event")
  function fireProgress(reader, type, loaded, total) {
    const ProgressEvent = materialize('ProgressEvent');
    dispatch(reader, trustedEvent(ProgressEvent, type, { __proto__: null, lengthComputable: true, loaded, total }), FROM_TASK);
  }
  // https://w3c.github.io/FileAPI/#readOperation ("read operation")
  function readOperation(reader, blob, type, encodingName) {
    const s = readerState(reader);
    // 1.
    if (s.state === LOADING) {
      throw new DOMException("Failed to execute 'read' on 'FileReader': The object is already busy reading Blobs.", 'InvalidStateError');
    }
    // 2-4.
    s.state = LOADING;
    s.result = null;
    s.error = null;
    const generation = ++s.generation;
    const size = blobState(blob).size;
    const current = (f) => () => { if (s.generation === generation) f(); };
    // 11: the first chunk (loadstart), the bytes (progress), the end.
    queueGlobalTask('file reading', current(() => fireProgress(reader, 'loadstart', 0, size)));
    if (size > 0) queueGlobalTask('file reading', current(() => fireProgress(reader, 'progress', size, size)));
    queueGlobalTask('file reading', current(() => {
      s.state = DONE;
      let failed = false;
      try {
        s.result = packageData(blob, type, encodingName);
      } catch (e) {
        failed = true;
        s.error = new DOMException(`The file could not be read: ${e && e.message}`, 'NotReadableError');
      }
      fireProgress(reader, failed ? 'error' : 'load', size, size);
      // An error or load handler may have started another read: its loadend
      // is its own.
      if (s.state !== LOADING) fireProgress(reader, 'loadend', size, size);
    }));
  }
  readerStates = new WeakMapCtor();
  readerState = stateAccessor(readerStates);
  class FileReader extends EventTarget {
    // https://w3c.github.io/FileAPI/#filereaderConstrctr ("new FileReader()")
    constructor() {
      super();
      WeakMapPrototypeSet(readerStates, this, { state: EMPTY, result: null, error: null, generation: 0 });
    }
    get readyState() { return readerState(this).state; }
    get result() { return readerState(this).result; }
    get error() { return readerState(this).error; }
    readAsArrayBuffer(blob) {
      readOperation(this, blobArgument(blob, 'readAsArrayBuffer', 'FileReader', arguments.length), 'ArrayBuffer');
    }
    readAsBinaryString(blob) {
      readOperation(this, blobArgument(blob, 'readAsBinaryString', 'FileReader', arguments.length), 'BinaryString');
    }
    readAsText(blob, encoding = undefined) {
      const b = blobArgument(blob, 'readAsText', 'FileReader', arguments.length);
      readOperation(this, b, 'Text', encoding === undefined ? null : toDOMString(encoding));
    }
    readAsDataURL(blob) {
      readOperation(this, blobArgument(blob, 'readAsDataURL', 'FileReader', arguments.length), 'DataURL');
    }
    // https://w3c.github.io/FileAPI/#dfn-abort ("abort()")
    abort() {
      const s = readerState(this);
      // 1.
      if (s.state === EMPTY || s.state === DONE) {
        s.result = null;
        return;
      }
      // 2-4: the read's queued tasks will not run.
      s.state = DONE;
      s.result = null;
      s.generation++;
      // 5-6.
      fireProgress(this, 'abort', 0, 0);
      if (s.state !== LOADING) fireProgress(this, 'loadend', 0, 0);
    }
  }
  defineConstants(FileReader, { EMPTY, LOADING, DONE });
  defineEventHandlers(FileReader.prototype, ['onloadstart', 'onprogress', 'onload', 'onabort', 'onerror', 'onloadend']);
  return FileReader;
});

return [packageData, blobArgument];
