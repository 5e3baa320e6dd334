// FormData (XMLHttpRequest): an entry list of names and values, sent as
// multipart/form-data.
// https://xhr.spec.whatwg.org/#interface-formdata ("Interface FormData")
// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data
//
// An entry's value is a string or a File (a Blob appended becomes a File
// named "blob" over the same bytes). A FormData made from a <form> takes
// the entry list form submission makes (html_form_element.js).
//
// Not modelled: the formdata event (so the entry list is never null).

// Uses lazyInterface, failedTo, materialize, pairIterators, platformObject, requiredArguments,
//   stateAccessor, toUSVString (webidl.js); encodeUtf8 (body.js); isBlob,
//   blobLib, blobState (blob.js).

// What windows add (html_form_element.js): entryListFor(form, submitter),
// the entry list of a <form>, or a thrown TypeError or NotFoundError.
const formDataHooks = { __proto__: null, entryListFor: null };

// The rest is made on first use (formDataLib()): most realms never need it.
let made;
function formDataLib() {
  if (made === undefined) made = makeFormDataLib();
  return made;
}
lazyInterface('FormData', () => formDataLib().FormData);

function makeFormDataLib() {
  const formDataStates = new WeakMapCtor();
  const formDataState = stateAccessor(formDataStates);

  // A new File named `name` over the same bytes as Blob `blob` (its type;
  // a File's lastModified, else now).
  function fileOfBlob(blob, name) {
    const s = blobState(blob);
    const made = ops.blobSlice(s.id, 0, s.size, s.type);
    const lastModified = s.name !== undefined ? s.lastModified : MathTrunc(DateNow());
    return blobLib().initBlob(platformObject(materialize('File')), made[0], made[1], s.type, name, lastModified, true);
  }

  // https://xhr.spec.whatwg.org/#create-an-entry ("create an entry"), after
  // WebIDL's overload resolution of (name, value) and (name, blobValue,
  // filename): a Blob value takes the second, as do three arguments.
  function formEntry(name, value, filename, argc, operation) {
    if (argc > 2 && !isBlob(value)) throw new TypeErrorCtor(`${failedTo(operation, 'FormData')}: parameter 2 is not of type 'Blob'.`);
    // 1. The name as a scalar value string.
    name = toUSVString(name);
    // 2. A string value likewise.
    if (!isBlob(value)) return [name, toUSVString(value)];
    // 3.1-3.2. A File, named "blob" for a Blob that is no File, or
    // `filename` if given.
    const file = argc > 2 && filename !== undefined;
    const fileName = file ? toUSVString(filename) : undefined;
    if (blobState(value).name === undefined) return [name, fileOfBlob(value, file ? fileName : 'blob')];
    return [name, file ? fileOfBlob(value, fileName) : value];
  }

  class FormData {
    // https://xhr.spec.whatwg.org/#dom-formdata ("new FormData(form, submitter)")
    constructor(form = undefined, submitter = undefined) {
      let list = [];
      if (form !== undefined) {
        // WebIDL: an HTMLFormElement, of which workers have none.
        if (formDataHooks.entryListFor === null) {
          throw new TypeErrorCtor("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
        }
        list = formDataHooks.entryListFor(form, submitter);
      }
      const self = platformObject(new.target);
      WeakMapPrototypeSet(formDataStates, self, { __proto__: null, list });
      return self;
    }
    append(name, value, filename = undefined) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 2, 'append', 'FormData');
      ArrayAppend(s.list, formEntry(name, value, filename, arguments.length, 'append'));
    }
    delete(name) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 1, 'delete', 'FormData');
      name = toUSVString(name);
      s.list = ArrayFilter(s.list, (e) => e[0] !== name);
    }
    get(name) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 1, 'get', 'FormData');
      name = toUSVString(name);
      const e = ArrayPrototypeFind(s.list, (x) => x[0] === name);
      return e === undefined ? null : e[1];
    }
    getAll(name) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 1, 'getAll', 'FormData');
      name = toUSVString(name);
      const out = [];
      for (let i = 0; i < s.list.length; i++) if (s.list[i][0] === name) ArrayAppend(out, s.list[i][1]);
      return out;
    }
    has(name) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 1, 'has', 'FormData');
      name = toUSVString(name);
      return ArrayPrototypeSome(s.list, (x) => x[0] === name);
    }
    // https://xhr.spec.whatwg.org/#dom-formdata-set
    set(name, value, filename = undefined) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 2, 'set', 'FormData');
      const entry = formEntry(name, value, filename, arguments.length, 'set');
      const i = ArrayPrototypeFindIndex(s.list, (x) => x[0] === entry[0]);
      if (i < 0) {
        ArrayAppend(s.list, entry);
      } else {
        s.list[i] = entry;
        s.list = ArrayFilter(s.list, (x, j) => j <= i || x[0] !== entry[0]);
      }
    }
    forEach(callback, thisArg = undefined) {
      const s = formDataState(this);
      requiredArguments(arguments.length, 1, 'forEach', 'FormData');
      if (typeof callback !== 'function') throw new TypeErrorCtor(`${failedTo('forEach', 'FormData')}: The callback provided as parameter 1 is not a function.`);
      for (let i = 0; i < s.list.length; i++) ReflectApply(callback, thisArg, [s.list[i][1], s.list[i][0], this]);
    }
    keys() { return formDataIterator(this, 'key'); }
    values() { return formDataIterator(this, 'value'); }
    entries() { return formDataIterator(this, 'key+value'); }
  }
  const formDataIterator = pairIterators('FormData', (target) => formDataState(target).list);
  ObjectDefineProperty(FormData.prototype, SymbolIterator, {
    __proto__: null, value: FormData.prototype.entries, writable: true, configurable: true, enumerable: false,
  });

  function isFormData(value) {
    return WeakMapPrototypeHas(formDataStates, value);
  }
  function formDataEntries(fd) {
    return formDataState(fd).list;
  }
  // A FormData of `list` (formData() of a body).
  function makeFormData(list) {
    const fd = platformObject(materialize('FormData'));
    WeakMapPrototypeSet(formDataStates, fd, { __proto__: null, list });
    return fd;
  }

  // https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart/form-data-encoding-algorithm
  // ("multipart/form-data encoding algorithm"), UTF-8; the boundary is
  // deterministic (a counter), so that runs repeat.
  let boundaryCounter = 0;
  function escapeMultipartName(name) {
    let out = '';
    for (let i = 0; i < name.length; i++) {
      const c = name[i];
      out += c === '\n' ? '%0A' : c === '\r' ? '%0D' : c === '"' ? '%22' : c;
    }
    return out;
  }
  // Line breaks as CRLF (https://html.spec.whatwg.org/#converting-an-entry-list-to-a-list-of-name-value-pairs).
  function normalizeNewlines(s) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\r') {
        out += '\r\n';
        if (s[i + 1] === '\n') i++;
      } else if (c === '\n') {
        out += '\r\n';
      } else {
        out += c;
      }
    }
    return out;
  }
  function serializeMultipart(fd) {
    boundaryCounter++;
    const boundary = `----isohostFormBoundary${StringPrototypeSlice(`0000000000000000${NumberPrototypeToString(boundaryCounter, 16)}`, -16)}`;
    const list = formDataState(fd).list;
    // The body as chunks: text (UTF-8 encoded at the end) and files' bytes.
    const chunks = [];
    let text = '';
    for (let i = 0; i < list.length; i++) {
      const value = list[i][1];
      text += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeMultipartName(normalizeNewlines(list[i][0]))}"`;
      if (typeof value === 'string') {
        text += `\r\n\r\n${normalizeNewlines(value)}\r\n`;
        continue;
      }
      // A File: its name (escaped, line breaks kept), its type
      // (application/octet-stream if it has none), its bytes.
      const s = blobState(value);
      const type = s.type === '' ? 'application/octet-stream' : s.type;
      text += `; filename="${escapeMultipartName(s.name)}"\r\nContent-Type: ${type}\r\n\r\n`;
      ArrayAppend(chunks, encodeUtf8(text));
      ArrayAppend(chunks, blobLib().blobBytes(value));
      text = '\r\n';
    }
    text += `--${boundary}--\r\n`;
    ArrayAppend(chunks, encodeUtf8(text));
    let length = 0;
    for (let i = 0; i < chunks.length; i++) length += TypedArrayPrototypeGetByteLength(chunks[i]);
    const bytes = new Uint8ArrayCtor(length);
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      TypedArrayPrototypeSet(bytes, chunks[i], at);
      at += TypedArrayPrototypeGetByteLength(chunks[i]);
    }
    return { __proto__: null, boundary, bytes };
  }

  return { __proto__: null, FormData, isFormData, formDataEntries, makeFormData, serializeMultipart };
}

return [formDataHooks, formDataLib];
