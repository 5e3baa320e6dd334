// The HTML element interfaces that add little or nothing to HTMLElement
// (HTMLDivElement, HTMLAnchorElement...), one family, each made on first use;
// and which interface a node's wrapper is.
// https://html.spec.whatwg.org/multipage/indices.html#element-interfaces ("Element interfaces")
//
// An element interface with members of its own that need ops has a file
// of its own (html_iframe_element.js...), which gives its members here.

// Uses define, lazyInterface, materialize, lazyState, toDOMString (webidl.js); getHandler,
//   setHandler (event_handlers.js); WINDOW_REFLECTING (global_event_handlers.js); domOps, idOf,
//   nodeHooks, nodeIds, wrap, Node (node.js); Text (text.js); DocumentFragment (document_fragment.js);
//   Element (element.js); HTMLElement, reflect, defineActivationBehavior (html_element.js); Document
//   (document.js).

// Interface name -> the tags it is for.
const HTML_INTERFACES = {
  HTMLHtmlElement: ['html'], HTMLHeadElement: ['head'], HTMLTitleElement: ['title'],
  HTMLBodyElement: ['body'], HTMLDivElement: ['div'], HTMLSpanElement: ['span'],
  HTMLParagraphElement: ['p'], HTMLHeadingElement: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  HTMLPreElement: ['pre', 'listing', 'xmp'], HTMLBRElement: ['br'], HTMLHRElement: ['hr'],
  HTMLUListElement: ['ul'], HTMLOListElement: ['ol'], HTMLLIElement: ['li'],
  HTMLTableElement: ['table'], HTMLTableRowElement: ['tr'], HTMLTableCellElement: ['td', 'th'],
  HTMLTableSectionElement: ['thead', 'tbody', 'tfoot'], HTMLFormElement: ['form'],
  HTMLInputElement: ['input'], HTMLButtonElement: ['button'], HTMLSelectElement: ['select'],
  HTMLOptionElement: ['option'], HTMLTextAreaElement: ['textarea'], HTMLLabelElement: ['label'],
  HTMLImageElement: ['img'], HTMLLinkElement: ['link'], HTMLMetaElement: ['meta'],
  HTMLStyleElement: ['style'], HTMLScriptElement: ['script'], HTMLIFrameElement: ['iframe'],
  HTMLAnchorElement: ['a'], HTMLTemplateElement: ['template'], HTMLCanvasElement: ['canvas'],
  HTMLSlotElement: ['slot'], HTMLDListElement: ['dl'], HTMLQuoteElement: ['blockquote', 'q'],
  HTMLBaseElement: ['base'], HTMLObjectElement: ['object'], HTMLEmbedElement: ['embed'],
  HTMLVideoElement: ['video'], HTMLAudioElement: ['audio'], HTMLDetailsElement: ['details'],
  HTMLDialogElement: ['dialog'], HTMLFrameSetElement: ['frameset'], HTMLFrameElement: ['frame'],
  HTMLDataElement: ['data'], HTMLTimeElement: ['time'], HTMLOutputElement: ['output'],
  HTMLProgressElement: ['progress'], HTMLMeterElement: ['meter'], HTMLFieldSetElement: ['fieldset'],
  HTMLLegendElement: ['legend'], HTMLMapElement: ['map'], HTMLAreaElement: ['area'],
  HTMLSourceElement: ['source'], HTMLTrackElement: ['track'], HTMLPictureElement: ['picture'],
  HTMLModElement: ['ins', 'del'], HTMLTableCaptionElement: ['caption'], HTMLTableColElement: ['col', 'colgroup'],
  HTMLOptGroupElement: ['optgroup'], HTMLDataListElement: ['datalist'], HTMLMenuElement: ['menu'],
};
// Elements HTML defines that are plain HTMLElements.
const HTML_KNOWN_PLAIN = ['abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'cite', 'code', 'dd', 'dfn', 'dt', 'em', 'figcaption', 'figure', 'footer', 'header', 'hgroup', 'i', 'kbd', 'main', 'mark', 'nav', 'noscript', 'rp', 'rt', 'ruby', 's', 'samp', 'search', 'section', 'small', 'strong', 'sub', 'summary', 'sup', 'u', 'var', 'wbr', 'center', 'nobr', 'noframes', 'plaintext', 'acronym', 'big', 'tt', 'strike'];

// The value a form control shows, apart from its content attribute
// (html_input_element.js keeps an input's value, checkedness and
// indeterminate state here).
const controlStates = new WeakMapCtor();
function controlState(element) {
  return lazyState(controlStates, element, () => ({ __proto__: null }));
}
const NodePrototypeGetTextContent = ObjectGetOwnPropertyDescriptor(Node.prototype, 'textContent').get;
const NodePrototypeSetTextContent = ObjectGetOwnPropertyDescriptor(Node.prototype, 'textContent').set;

// What some interfaces add to their prototype, run when the interface is
// made: code, not a table of functions (which every realm would hold); a
// later file's additions (defineElementMembers) are in `laterMembers`.
function ownMembers(name, p) {
  switch (name) {
    case 'HTMLAnchorElement': reflect(p, { href: ['href', 'url'], target: ['target'], rel: ['rel'], download: ['download'] }); return true;
    case 'HTMLImageElement': reflect(p, { src: ['src', 'url'], alt: ['alt'], width: ['width', 'long'], height: ['height', 'long'] }); return true;
    case 'HTMLLinkElement': reflect(p, { href: ['href', 'url'], rel: ['rel'], type: ['type'] }); return true;
    case 'HTMLMetaElement': reflect(p, { name: ['name'], content: ['content'], httpEquiv: ['http-equiv'] }); return true;
    case 'HTMLOptionElement': reflect(p, { value: ['value'], disabled: ['disabled', 'bool'] }); return true;
    case 'HTMLBaseElement': reflect(p, { href: ['href', 'url'], target: ['target'] }); return true;
    case 'HTMLTextAreaElement':
      ObjectDefineProperty(p, 'value', { __proto__: null,
        get() { const s = WeakMapPrototypeGet(controlStates, this); return s !== undefined && 'value' in s ? s.value : ReflectApply(NodePrototypeGetTextContent, this, []); },
        set(v) { controlState(this).value = toDOMString(v); },
        enumerable: true, configurable: true,
      });
      return true;
    case 'HTMLScriptElement':
      reflect(p, { src: ['src', 'url'], type: ['type'], charset: ['charset'], defer: ['defer', 'bool'], crossOrigin: ['crossorigin'], noModule: ['nomodule', 'bool'] });
      define(p, {
        get text() { return ReflectApply(NodePrototypeGetTextContent, this, []); },
        set text(v) { ReflectApply(NodePrototypeSetTextContent, this, [v]); },
        get async() { return domOps.elementHasAttribute(idOf(this), 'async'); },
        set async(v) { if (v) domOps.elementSetAttribute(idOf(this), 'async', ''); else domOps.elementRemoveAttribute(idOf(this), 'async'); },
      });
      return true;
    case 'HTMLBodyElement': reflectWindowHandlers(p); return true;
    case 'HTMLDetailsElement': reflect(p, { open: ['open', 'bool'], name: ['name'] }); return true;
    case 'HTMLLabelElement':
      reflect(p, { htmlFor: ['for'] });
      define(p, { get control() { return wrap(labeledControl(idOf(this))); } });
      return true;
    case 'HTMLFrameSetElement': reflectWindowHandlers(p); return true;
    default: return false;
  }
}
const laterMembers = { __proto__: null };
// Members a later file gives interface `name` (before it is made).
function defineElementMembers(name, members) {
  laterMembers[name] = members;
}

// <body>/<frameset>: the window's event handlers, reflected.
function reflectWindowHandlers(proto) {
  const descriptors = { __proto__: null };
  for (let i = 0; i < WINDOW_REFLECTING.length; i++) {
    const name = WINDOW_REFLECTING[i];
    const type = StringPrototypeSlice(name, 2);
    // Named "get onload"/"set onload" as WebIDL says (computed accessor
    // names of an object literal).
    const made = ObjectGetOwnPropertyDescriptor({
      __proto__: null,
      get [name]() { return getHandler(global, type); },
      set [name](v) { setHandler(global, type, v); },
    }, name);
    descriptors[name] = { __proto__: null, get: made.get, set: made.set, enumerable: true, configurable: true };
  }
  ObjectDefineProperties(proto, descriptors);
}

// Tag -> interface name; the classes themselves are made on first use.
const TAG_CLASSES = new MapCtor();
for (let i = 0; i < HTML_KNOWN_PLAIN.length; i++) MapPrototypeSet(TAG_CLASSES, HTML_KNOWN_PLAIN[i], 'HTMLElement');
function makeHTMLInterface(name) {
  const C = { [name]: class extends HTMLElement { constructor(key) { super(key); } } }[name];
  if (!ownMembers(name, C.prototype)) {
    const members = laterMembers[name];
    if (members !== undefined) members(C.prototype);
  }
  return C;
}
const names = ObjectKeys(HTML_INTERFACES);
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  lazyInterface(name, makeHTMLInterface);
  const tags = HTML_INTERFACES[name];
  for (let j = 0; j < tags.length; j++) MapPrototypeSet(TAG_CLASSES, tags[j], name);
}

// https://html.spec.whatwg.org/multipage/dom.html#element-interface ("element interface"),
// and the interface of every other kind of node.
nodeHooks.wrapperClass = (nodeType, localName, isHTML, id) => {
  switch (nodeType) {
    case 1: {
      if (!isHTML) return domOps.elementNamespaceURI(id) === 'http://www.w3.org/2000/svg' ? materialize('SVGElement') : Element;
      const name = MapPrototypeGet(TAG_CLASSES, localName);
      if (name !== undefined) return name === 'HTMLElement' ? HTMLElement : materialize(name);
      return StringPrototypeIncludes(localName, '-') ? HTMLElement : materialize('HTMLUnknownElement');
    }
    case 3: return Text;
    case 4: return materialize('CDATASection');
    case 7: return materialize('ProcessingInstruction');
    case 8: return materialize('Comment');
    case 9: return Document;
    case 10: return materialize('DocumentType');
    case 11: return DocumentFragment;
    default: return Node;
  }
};

// https://html.spec.whatwg.org/multipage/forms.html#labeled-control ("labeled control"):
// the labelable element its for attribute names, else its first labelable
// descendant; -1 for none.
const LABELABLE = SetOf(['button', 'input', 'meter', 'output', 'progress', 'select', 'textarea']);
function isLabelable(id) {
  if (domOps.nodeType(id) !== 1 || domOps.elementNamespaceURI(id) !== 'http://www.w3.org/1999/xhtml') return false;
  const name = domOps.nodeKind(id)[1];
  return SetPrototypeHas(LABELABLE, name) && !(name === 'input' && StringPrototypeToLowerCase(domOps.elementGetAttribute(id, 'type') || '') === 'hidden');
}
function labeledControl(id) {
  const forId = domOps.elementGetAttribute(id, 'for');
  if (forId !== null) {
    const root = domOps.nodeGetRootNode(id);
    const target = domOps.nodeType(root) === 9 ? domOps.documentGetElementById(root, forId) : -1;
    return target >= 0 && isLabelable(target) ? target : -1;
  }
  const all = domOps.elementGetElementsByTagName(id, '*');
  for (let i = 0; i < all.length; i++) if (isLabelable(all[i])) return all[i];
  return -1;
}
// The label's activation behaviour: a click on the label (not on its
// control) clicks its labeled control.
// https://html.spec.whatwg.org/multipage/forms.html#the-label-element ("The label element")
const HTMLElementPrototypeClick = HTMLElement.prototype.click;
defineActivationBehavior('label', (label, id) => ({
  preActivation: null,
  canceledActivation: null,
  run(event) {
    const control = labeledControl(id);
    const target = WeakMapPrototypeGet(nodeIds, event.target);
    if (control < 0 || (target !== undefined && domOps.nodeContains(control, target))) return;
    ReflectApply(HTMLElementPrototypeClick, wrap(control), []);
  },
}));
// https://html.spec.whatwg.org/multipage/interactive-elements.html#the-summary-element ("The summary element"):
// the summary of a details element opens or closes it.
defineActivationBehavior('summary', (summary, id) => {
  const details = domOps.nodeParentNode(id);
  if (details < 0 || domOps.nodeType(details) !== 1 || domOps.nodeKind(details)[1] !== 'details') return null;
  return {
    preActivation: null,
    canceledActivation: null,
    run() {
      // Only the parent's first summary child is its summary.
      let first = domOps.nodeFirstChild(details);
      while (first >= 0 && !(domOps.nodeType(first) === 1 && domOps.nodeKind(first)[1] === 'summary')) first = domOps.nodeNextSibling(first);
      if (first !== id) return;
      if (domOps.elementHasAttribute(details, 'open')) domOps.elementRemoveAttribute(details, 'open');
      else domOps.elementSetAttribute(details, 'open', '');
    },
  };
});

return [defineElementMembers, controlState, controlStates];
