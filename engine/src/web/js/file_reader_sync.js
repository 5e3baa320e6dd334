// FileReaderSync (File API): a Blob's bytes read at once, in workers.
// https://w3c.github.io/FileAPI/#FileReaderSync ("The FileReaderSync API")

// Uses lazyInterface, platformObject, toDOMString (webidl.js); DOMException (dom_exception.js);
//   packageData, blobArgument (file_reader.js).

const syncReaders = new WeakMapCtor();
const checkSync = (self) => {
  if (WeakMapPrototypeGet(syncReaders, self) !== true) throw new TypeErrorCtor('Illegal invocation');
};
// https://w3c.github.io/FileAPI/#readAsArrayBufferSyncSection and the
// next sections: package data, at once.
const syncRead = (self, blob, operation, count, type, encodingName) => {
  checkSync(self);
  blobArgument(blob, operation, 'FileReaderSync', count);
  try {
    return packageData(blob, type, encodingName);
  } catch (e) {
    throw new DOMException(`Failed to execute '${operation}' on 'FileReaderSync': The file could not be read: ${e && e.message}`, 'NotReadableError');
  }
};
lazyInterface('FileReaderSync', () => {
  class FileReaderSync {
    // https://w3c.github.io/FileAPI/#filereadersyncConstrctr ("new FileReaderSync()")
    constructor() {
      const self = platformObject(new.target);
      WeakMapPrototypeSet(syncReaders, self, true);
      return self;
    }
    readAsArrayBuffer(blob) { return syncRead(this, blob, 'readAsArrayBuffer', arguments.length, 'ArrayBuffer', null); }
    readAsBinaryString(blob) { return syncRead(this, blob, 'readAsBinaryString', arguments.length, 'BinaryString', null); }
    readAsText(blob, encoding = undefined) {
      return syncRead(this, blob, 'readAsText', arguments.length, 'Text', encoding === undefined ? null : toDOMString(encoding));
    }
    readAsDataURL(blob) { return syncRead(this, blob, 'readAsDataURL', arguments.length, 'DataURL', null); }
  }
  return FileReaderSync;
});
