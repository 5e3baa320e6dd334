// DOMImplementation (DOM): documents and doctypes made by script.
// https://dom.spec.whatwg.org/#interface-domimplementation ("Interface DOMImplementation")
//
// Not modelled: DOMImplementation as an interface object (document.
// implementation is a plain object).

// Uses keepFast, toDOMString, requiredArguments, materialize, INTERNAL (webidl.js); wrap, adopt, domOps, nodeIds
//   (node.js).

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

const domImplementation = {
  // https://dom.spec.whatwg.org/#dom-domimplementation-createhtmldocument ("createHTMLDocument(title)")
  createHTMLDocument(title = undefined) {
    return wrap(domOps.domImplementationCreateHTMLDocument(title === undefined ? null : toDOMString(title)));
  },
  // https://dom.spec.whatwg.org/#dom-domimplementation-createdocument ("createDocument(namespace, qualifiedName, doctype)"):
  // an XML document, its content type by the namespace, with a document
  // element of that name (none for "") after the doctype, if one is given.
  createDocument(namespace, qualifiedName, doctype = null) {
    requiredArguments(arguments.length, 2, 'createDocument', 'DOMImplementation');
    const ns = namespace === null || namespace === undefined ? '' : toDOMString(namespace);
    const name = qualifiedName === null ? '' : toDOMString(qualifiedName);
    const doctypeId = doctype === null || doctype === undefined ? undefined : WeakMapPrototypeGet(nodeIds, doctype);
    if ((doctype !== null && doctype !== undefined) && (doctypeId === undefined || domOps.nodeType(doctypeId) !== 10)) {
      throw new TypeErrorCtor("Failed to execute 'createDocument' on 'DOMImplementation': parameter 3 is not of type 'DocumentType'.");
    }
    // 1, 7. The document, and its content type.
    const contentType = ns === HTML_NAMESPACE ? 'application/xhtml+xml' : ns === SVG_NAMESPACE ? 'image/svg+xml' : 'application/xml';
    const doc = domOps.domImplementationCreateDocument(contentType);
    // 3. The element (createElementNS's checks and errors).
    const element = name === '' ? undefined : domOps.documentCreateElementNS(doc, ns, name);
    // 4-5.
    if (doctypeId !== undefined) domOps.nodeAppendChild(doc, doctypeId);
    if (element !== undefined) domOps.nodeAppendChild(doc, element);
    // 1. An XMLDocument (wrap() would make a Document).
    const document = new (materialize('XMLDocument'))(INTERNAL);
    adopt(document, doc);
    return document;
  },
  createDocumentType(name, publicId, systemId) {
    return wrap(domOps.domImplementationCreateDocumentType(domOps.windowDocument(), toDOMString(name), toDOMString(publicId), toDOMString(systemId)));
  },
  hasFeature() { return true; },
};

keepFast(domImplementation);

return [domImplementation];
