// File (File API): a Blob with a name and a last modification time.
// https://w3c.github.io/FileAPI/#file-section ("The File Interface")
//
// A File made by script has no file behind it: its bytes are its parts'.
// lastModified defaults to the page's clock (Date.now(), virtual time by
// default).

// Uses CONSTRUCT, lazyGlobal, materialize, platformObject, requiredArguments, toUSVString
//   (webidl.js); blobLib, blobState (blob.js).

// Made on first use (lazyGlobal), at its place among the globals. V8's
// deserializer reads hooks.File while no script may run: web/clone.rs makes
// it before it reads a message that holds one.
lazyGlobal('File', () => {
  // The File state of `self` (a TypeError for a Blob that is no File).
  function fileState(self) {
    const s = blobState(self);
    if (s.name === undefined) throw new TypeErrorCtor('Illegal invocation');
    return s;
  }
  const Blob = materialize('Blob');
  class File extends Blob {
    // https://w3c.github.io/FileAPI/#file-constructor ("new File(fileBits, fileName, options)")
    constructor(fileBits, fileName, options = undefined) {
      requiredArguments(arguments.length, 2, CONSTRUCT, 'File');
      const parts = blobLib().blobPartsOf(fileBits, CONSTRUCT, 'File');
      const name = toUSVString(fileName);
      const bag = blobLib().blobPropertyBag(options, 'File', true);
      const lastModified = bag.lastModified === undefined ? MathTrunc(DateNow()) : bag.lastModified;
      const self = platformObject(new.target);
      const made = ops.blobCreate(parts, bag.type, bag.native);
      return blobLib().initBlob(self, made[0], made[1], bag.type, name, lastModified, true);
    }
    get name() { return fileState(this).name; }
    get lastModified() { return fileState(this).lastModified; }
    // https://w3c.github.io/FileAPI/#dfn-webkitRelativePath: "" for a File
    // not from a directory selection.
    get webkitRelativePath() { fileState(this); return ''; }
  }
  hooks.File = File;
  return File;
}, false);
