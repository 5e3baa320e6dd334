// HTMLIFrameElement (HTML): its reflected attributes, and its child
// navigable's window and document (the frame is made by the host when the
// element is connected: web/loading.rs).
// https://html.spec.whatwg.org/multipage/iframe-embed-object.html#the-iframe-element ("The iframe element")

// Uses define, lazyState, toDOMString (webidl.js); domOps, idOf (node.js); makeTokenList
//   (dom_token_list.js); reflect (html_element.js); defineElementMembers (element_interfaces.js).

defineElementMembers('HTMLIFrameElement', (p) => {
  const sandboxLists = new WeakMapCtor();
  reflect(p, { src: ['src', 'url'], srcdoc: ['srcdoc'], name: ['name'], allow: ['allow'], width: ['width'], height: ['height'], referrerPolicy: ['referrerpolicy'], loading: ['loading'] });
  define(p, {
    // https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-contentwindow ("contentWindow")
    get contentWindow() { return domOps.htmlIFrameElementContentWindow(idOf(this)); },
    // https://html.spec.whatwg.org/multipage/iframe-embed-object.html#dom-iframe-contentdocument ("contentDocument"):
    // null unless same origin.
    get contentDocument() { return domOps.htmlIFrameElementContentDocument(idOf(this)); },
    get sandbox() { return lazyState(sandboxLists, this, (element) => makeTokenList(element, 'sandbox')); },
    set sandbox(v) { domOps.elementSetAttribute(idOf(this), 'sandbox', toDOMString(v)); },
    getSVGDocument() { return null; },
  });
});
