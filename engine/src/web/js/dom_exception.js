// DOMException (WebIDL): a [Serializable] exception with a name and a
// message; its legacy code comes from the host's table of names
// (web/exception.rs).
// https://webidl.spec.whatwg.org/#idl-DOMException ("DOMException")

// Uses defineConstants, exposeInterface, toDOMString (webidl.js).

// https://webidl.spec.whatwg.org/#dfn-error-names-table: the legacy code
// constants, including those no name has any more.
const DOM_EXCEPTION_CONSTANTS = {
  INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3,
  WRONG_DOCUMENT_ERR: 4, INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6,
  NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8, NOT_SUPPORTED_ERR: 9,
  INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15,
  VALIDATION_ERR: 16, TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19,
  ABORT_ERR: 20, URL_MISMATCH_ERR: 21, QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23,
  INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
};

const domExceptionData = new WeakMapCtor();
class DOMException extends ErrorCtor {
  // https://webidl.spec.whatwg.org/#dom-domexception-domexception ("new DOMException(message, name)")
  constructor(message = '', name = 'Error') {
    // A host object (see platformObject in webidl.js), so that structured
    // clone hands it to the host, which serializes its name and message;
    // its prototype chain still runs through Error.
    const self = ReflectConstruct(EventTarget, [], new.target);
    const data = { message: toDOMString(message), name: toDOMString(name) };
    WeakMapPrototypeSet(domExceptionData, self, data);
    ErrorCaptureStackTrace(self, new.target);
    ops.domExceptionMarkSerializable(self, data.name, data.message);
    return self;
  }
  get name() { return fieldsOf(this).name; }
  get message() { return fieldsOf(this).message; }
  get code() { return ops.domExceptionCode(fieldsOf(this).name); }
}
function fieldsOf(e) {
  let d = WeakMapPrototypeGet(domExceptionData, e);
  if (d === undefined) {
    // A DOMException that arrived by structured clone carries its fields
    // for the host (no script may run while a message is deserialized).
    const fields = typeof e === 'object' && e !== null ? ops.domExceptionFields(e) : null;
    if (fields === null) throw new TypeErrorCtor('Illegal invocation');
    d = { name: fields[0], message: fields[1] };
    WeakMapPrototypeSet(domExceptionData, e, d);
  }
  return d;
}
defineConstants(DOMException, DOM_EXCEPTION_CONSTANTS);
exposeInterface('DOMException', DOMException);
hooks.DOMException = DOMException;

// The name and message of a DOMException this realm made, else undefined
// (reading them runs no script).
function domExceptionFields(e) {
  return WeakMapPrototypeGet(domExceptionData, e);
}

return [DOMException, domExceptionFields];
