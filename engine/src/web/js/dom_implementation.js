// DOMImplementation (DOM): documents and doctypes made by script.
// https://dom.spec.whatwg.org/#interface-domimplementation ("Interface DOMImplementation")
//
// Not modelled: an XML document from createDocument() (it is an empty
// HTML document), and DOMImplementation as an interface object (document.
// implementation is a plain object).

// Uses toDOMString (webidl.js); wrap, domOps (node.js).

const domImplementation = {
  // https://dom.spec.whatwg.org/#dom-domimplementation-createhtmldocument ("createHTMLDocument(title)")
  createHTMLDocument(title = undefined) {
    return wrap(domOps.domImplementationCreateHTMLDocument(title === undefined ? null : toDOMString(title)));
  },
  createDocument() { return wrap(domOps.documentCreate()); },
  createDocumentType(name, publicId, systemId) {
    return wrap(domOps.domImplementationCreateDocumentType(domOps.windowDocument(), toDOMString(name), toDOMString(publicId), toDOMString(systemId)));
  },
  hasFeature() { return true; },
};

return [domImplementation];
