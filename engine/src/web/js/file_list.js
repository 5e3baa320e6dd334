// FileList (File API): the Files an <input type=file> has selected, which
// structured clone carries as it carries Files.
// https://w3c.github.io/FileAPI/#filelist-section ("The FileList Interface")
//
// A list never changes once made (an input element gets a new one when its
// selection changes), so its indexed properties are own data properties,
// defined when it is made, rather than a legacy platform object's exotic
// ones: a page may redefine them, where a browser refuses.
//
// Serialization: makeFileList marks the list (ops.fileListMark) with its
// Files; web/clone.rs writes each as it writes a File and hands the
// receiving realm a new list through hooks.adoptFileList.
//
// Not modelled: selecting files (nothing but structured clone puts Files in
// a list; an input's list is empty until script sets another).

// Uses illegalConstructor, lazyGlobal, platformObject, requiredArguments, stateAccessor,
//   toUnsignedLong (webidl.js).

// %Array.prototype.values%, taken before page script runs: FileList has an
// indexed getter and a length, so its @@iterator is that function
// (https://webidl.spec.whatwg.org/#es-iterator).
const arrayValuesFunction = ArrayPrototype.values;

// The rest is made on first use (fileListLib()): most realms never need it.
let made;
function fileListLib() {
  if (made === undefined) made = makeFileListLib();
  return made;
}
// Made on first use (lazyGlobal), at its place among the globals. V8's
// deserializer reads hooks.FileList while no script may run: web/clone.rs
// makes it before it reads a message that holds one.
lazyGlobal('FileList', () => fileListLib().FileList, false);

function makeFileListLib() {
  // list -> its Files (an array no page can reach)
  const fileListStates = new WeakMapCtor();
  const fileListState = stateAccessor(fileListStates);
  class FileList {
    constructor() { throw illegalConstructor(); }
    // https://w3c.github.io/FileAPI/#dfn-item ("item(index)")
    item(index) {
      const files = fileListState(this);
      requiredArguments(arguments.length, 1, 'item', 'FileList');
      const i = toUnsignedLong(index);
      return i < files.length ? files[i] : null;
    }
    // https://w3c.github.io/FileAPI/#dfn-length ("length")
    get length() { return fileListState(this).length; }
  }
  ObjectDefineProperty(FileList.prototype, SymbolIterator, { __proto__: null, value: arrayValuesFunction, writable: true, configurable: true });
  hooks.FileList = FileList;

  // A list of `files` (Files of this realm) in `list`, a FileList object
  // made by platformObject or by web/clone.rs.
  function initFileList(list, files) {
    const own = ArrayCopy(files);
    WeakMapPrototypeSet(fileListStates, list, own);
    for (let i = 0; i < own.length; i++) {
      ObjectDefineProperty(list, i, { __proto__: null, value: own[i], writable: false, enumerable: true, configurable: true });
    }
    ops.fileListMark(list, own);
    return list;
  }
  // A new FileList of `files`.
  function makeFileList(files) {
    return initFileList(platformObject(FileList), files);
  }
  function isFileList(value) {
    return WeakMapPrototypeHas(fileListStates, value);
  }
  // A FileList arriving by structured clone: `files` were made and set up
  // (hooks.adoptBlob) first.
  hooks.adoptFileList = (list, files) => { initFileList(list, files); };
  return { __proto__: null, FileList, makeFileList, isFileList };
}

return [fileListLib];
