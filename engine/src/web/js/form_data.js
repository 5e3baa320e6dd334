// FormData (XMLHttpRequest): an entry list of names and values, sent as
// multipart/form-data.
// https://xhr.spec.whatwg.org/#interface-formdata ("Interface FormData")
// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data
//
// Not modelled: constructing from a <form> (its form data set), and Blob
// or File values (they wait for the Blob interface).

// Uses exposeInterface, failedTo, platformObject, requiredArguments, stateAccessor,
//   toUSVString (webidl.js); DOMException (dom_exception.js); encodeUtf8 (body.js).

const formDataStates = new WeakMapCtor();
const formDataState = stateAccessor(formDataStates);

// https://xhr.spec.whatwg.org/#create-an-entry ("create an entry"), for
// string values.
function formEntry(name, value, argc, operation) {
  if (argc > 2) throw new TypeErrorCtor(`${failedTo(operation, 'FormData')}: parameter 2 is not of type 'Blob'.`);
  return [toUSVString(name), toUSVString(value)];
}

class FormData {
  // https://xhr.spec.whatwg.org/#dom-formdata ("new FormData(form, submitter)")
  constructor(form = undefined, submitter = undefined) {
    const self = platformObject(new.target);
    if (form !== undefined) {
      throw new DOMException("Failed to construct 'FormData': constructing from a form element is not supported", 'NotSupportedError');
    }
    void submitter;
    WeakMapPrototypeSet(formDataStates, self, { __proto__: null, list: [] });
    return self;
  }
  append(name, value, filename = undefined) {
    const s = formDataState(this);
    requiredArguments(arguments.length, 2, 'append', 'FormData');
    void filename;
    ArrayPrototypePush(s.list, formEntry(name, value, arguments.length, 'append'));
  }
  delete(name) {
    const s = formDataState(this);
    requiredArguments(arguments.length, 1, 'delete', 'FormData');
    name = toUSVString(name);
    s.list = ArrayPrototypeFilter(s.list, (e) => e[0] !== name);
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
    for (let i = 0; i < s.list.length; i++) if (s.list[i][0] === name) ArrayPrototypePush(out, s.list[i][1]);
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
    void filename;
    const entry = formEntry(name, value, arguments.length, 'set');
    const i = ArrayPrototypeFindIndex(s.list, (x) => x[0] === entry[0]);
    if (i < 0) {
      ArrayPrototypePush(s.list, entry);
    } else {
      s.list[i] = entry;
      s.list = ArrayPrototypeFilter(s.list, (x, j) => j <= i || x[0] !== entry[0]);
    }
  }
  forEach(callback, thisArg = undefined) {
    const s = formDataState(this);
    requiredArguments(arguments.length, 1, 'forEach', 'FormData');
    if (typeof callback !== 'function') throw new TypeErrorCtor(`${failedTo('forEach', 'FormData')}: The callback provided as parameter 1 is not a function.`);
    for (let i = 0; i < s.list.length; i++) ReflectApply(callback, thisArg, [s.list[i][1], s.list[i][0], this]);
  }
  keys() { return ArrayPrototypeValues(ArrayPrototypeMap(formDataState(this).list, (e) => e[0])); }
  values() { return ArrayPrototypeValues(ArrayPrototypeMap(formDataState(this).list, (e) => e[1])); }
  entries() { return ArrayPrototypeValues(ArrayPrototypeMap(formDataState(this).list, (e) => [e[0], e[1]])); }
}
ObjectDefineProperty(FormData.prototype, SymbolIterator, {
  __proto__: null, value: FormData.prototype.entries, writable: true, configurable: true, enumerable: false,
});
exposeInterface('FormData', FormData);

function isFormData(value) {
  return WeakMapPrototypeHas(formDataStates, value);
}
function formDataEntries(fd) {
  return formDataState(fd).list;
}
// A FormData of `list` (formData() of a body).
function makeFormData(list) {
  const fd = platformObject(FormData);
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
  let text = '';
  for (let i = 0; i < list.length; i++) {
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeMultipartName(normalizeNewlines(list[i][0]))}"\r\n\r\n${normalizeNewlines(list[i][1])}\r\n`;
  }
  text += `--${boundary}--\r\n`;
  return { __proto__: null, boundary, bytes: encodeUtf8(text) };
}

return [isFormData, formDataEntries, makeFormData, serializeMultipart];
