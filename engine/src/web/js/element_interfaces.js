// The HTML element interfaces that add little or nothing to HTMLElement
// (HTMLDivElement, HTMLAnchorElement...), one family, each made on first use;
// and which interface a node's wrapper is.
// https://html.spec.whatwg.org/multipage/indices.html#element-interfaces ("Element interfaces")
//
// An element interface with members of its own that need ops has a file
// of its own (html_iframe_element.js...), which gives its members here.

// Uses define, keepFast, lazyInterface, materialize, lazyState, INTERNAL, toDOMString (webidl.js); getHandler,
//   setHandler (event_handlers.js); WINDOW_REFLECTING (global_event_handlers.js); domOps, idOf,
//   nodeHooks, nodeIds, wrap, Node (node.js); DocumentFragment (document_fragment.js);
//   Element (element.js); HTMLElement, reflect, defineActivationBehavior (html_element.js); Document
//   (document.js).

// https://html.spec.whatwg.org/multipage/indices.html#element-interfaces ("Element interfaces"):
// the interface of an HTML element by its local name, or undefined for an
// unknown one. Code, not a Map: a Map of ~150 tags cost every realm 3.6 KiB.
// The most common tags first (each case is one comparison).
function htmlInterfaceOf(localName) {
  switch (localName) {
    case 'html': return 'HTMLHtmlElement';
    case 'head': return 'HTMLHeadElement';
    case 'title': return 'HTMLTitleElement';
    case 'body': return 'HTMLBodyElement';
    case 'div': return 'HTMLDivElement';
    case 'span': return 'HTMLSpanElement';
    case 'p': return 'HTMLParagraphElement';
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'HTMLHeadingElement';
    case 'pre': case 'listing': case 'xmp': return 'HTMLPreElement';
    case 'br': return 'HTMLBRElement';
    case 'hr': return 'HTMLHRElement';
    case 'ul': return 'HTMLUListElement';
    case 'ol': return 'HTMLOListElement';
    case 'li': return 'HTMLLIElement';
    case 'table': return 'HTMLTableElement';
    case 'tr': return 'HTMLTableRowElement';
    case 'td': case 'th': return 'HTMLTableCellElement';
    case 'thead': case 'tbody': case 'tfoot': return 'HTMLTableSectionElement';
    case 'form': return 'HTMLFormElement';
    case 'input': return 'HTMLInputElement';
    case 'button': return 'HTMLButtonElement';
    case 'select': return 'HTMLSelectElement';
    case 'option': return 'HTMLOptionElement';
    case 'textarea': return 'HTMLTextAreaElement';
    case 'label': return 'HTMLLabelElement';
    case 'img': return 'HTMLImageElement';
    case 'link': return 'HTMLLinkElement';
    case 'meta': return 'HTMLMetaElement';
    case 'style': return 'HTMLStyleElement';
    case 'script': return 'HTMLScriptElement';
    case 'iframe': return 'HTMLIFrameElement';
    case 'a': return 'HTMLAnchorElement';
    case 'template': return 'HTMLTemplateElement';
    case 'canvas': return 'HTMLCanvasElement';
    case 'slot': return 'HTMLSlotElement';
    case 'dl': return 'HTMLDListElement';
    case 'blockquote': case 'q': return 'HTMLQuoteElement';
    case 'base': return 'HTMLBaseElement';
    case 'object': return 'HTMLObjectElement';
    case 'embed': return 'HTMLEmbedElement';
    case 'video': return 'HTMLVideoElement';
    case 'audio': return 'HTMLAudioElement';
    case 'details': return 'HTMLDetailsElement';
    case 'dialog': return 'HTMLDialogElement';
    case 'frameset': return 'HTMLFrameSetElement';
    case 'frame': return 'HTMLFrameElement';
    case 'data': return 'HTMLDataElement';
    case 'time': return 'HTMLTimeElement';
    case 'output': return 'HTMLOutputElement';
    case 'progress': return 'HTMLProgressElement';
    case 'meter': return 'HTMLMeterElement';
    case 'fieldset': return 'HTMLFieldSetElement';
    case 'legend': return 'HTMLLegendElement';
    case 'map': return 'HTMLMapElement';
    case 'area': return 'HTMLAreaElement';
    case 'source': return 'HTMLSourceElement';
    case 'track': return 'HTMLTrackElement';
    case 'picture': return 'HTMLPictureElement';
    case 'ins': case 'del': return 'HTMLModElement';
    case 'caption': return 'HTMLTableCaptionElement';
    case 'col': case 'colgroup': return 'HTMLTableColElement';
    case 'optgroup': return 'HTMLOptGroupElement';
    case 'datalist': return 'HTMLDataListElement';
    case 'menu': return 'HTMLMenuElement';
    case 'abbr': case 'address': case 'article': case 'aside': case 'b': case 'bdi': case 'bdo': case 'cite':
    case 'code': case 'dd': case 'dfn': case 'dt': case 'em': case 'figcaption': case 'figure':
    case 'footer': case 'header': case 'hgroup': case 'i': case 'kbd': case 'main': case 'mark': case 'nav':
    case 'noscript': case 'rp': case 'rt': case 'ruby': case 's': case 'samp': case 'search': case 'section':
    case 'small': case 'strong': case 'sub': case 'summary': case 'sup': case 'u': case 'var': case 'wbr':
    case 'center': case 'nobr': case 'noframes': case 'plaintext': case 'acronym': case 'big': case 'tt':
    case 'strike':
      return 'HTMLElement';
    default: return undefined;
  }
}

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
    // https://html.spec.whatwg.org/multipage/form-elements.html#the-fieldset-element
    case 'HTMLFieldSetElement': reflect(p, { disabled: ['disabled', 'bool'], name: ['name'] }); return true;
    case 'HTMLSelectElement': reflect(p, { disabled: ['disabled', 'bool'], name: ['name'] }); return true;
    case 'HTMLBaseElement': reflect(p, { href: ['href', 'url'], target: ['target'] }); return true;
    case 'HTMLTextAreaElement':
      reflect(p, { disabled: ['disabled', 'bool'], name: ['name'] });
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
const laterMembers = keepFast({ __proto__: null });
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

function makeHTMLInterface(name) {
  // Page script's `new` (or super() of a customized built-in element):
  // the HTML element constructor steps, with this interface as the one
  // that runs (custom_element_registry.js).
  const C = {
    [name]: class extends HTMLElement {
      constructor(key) {
        if (key !== INTERNAL) return nodeHooks.customElements().htmlConstructor(new.target, C);
        super(key);
      }
    },
  }[name];
  if (!ownMembers(name, C.prototype)) {
    const members = laterMembers[name];
    if (members !== undefined) members(C.prototype);
  }
  return C;
}
// The interfaces htmlInterfaceOf names, made on first use.
const HTML_INTERFACE_NAMES = ['HTMLHtmlElement', 'HTMLHeadElement', 'HTMLTitleElement', 'HTMLBodyElement',
  'HTMLDivElement', 'HTMLSpanElement', 'HTMLParagraphElement', 'HTMLHeadingElement', 'HTMLPreElement',
  'HTMLBRElement', 'HTMLHRElement', 'HTMLUListElement', 'HTMLOListElement', 'HTMLLIElement',
  'HTMLTableElement', 'HTMLTableRowElement', 'HTMLTableCellElement', 'HTMLTableSectionElement',
  'HTMLFormElement', 'HTMLInputElement', 'HTMLButtonElement', 'HTMLSelectElement', 'HTMLOptionElement',
  'HTMLTextAreaElement', 'HTMLLabelElement', 'HTMLImageElement', 'HTMLLinkElement', 'HTMLMetaElement',
  'HTMLStyleElement', 'HTMLScriptElement', 'HTMLIFrameElement', 'HTMLAnchorElement', 'HTMLTemplateElement',
  'HTMLCanvasElement', 'HTMLSlotElement', 'HTMLDListElement', 'HTMLQuoteElement', 'HTMLBaseElement',
  'HTMLObjectElement', 'HTMLEmbedElement', 'HTMLVideoElement', 'HTMLAudioElement', 'HTMLDetailsElement',
  'HTMLDialogElement', 'HTMLFrameSetElement', 'HTMLFrameElement', 'HTMLDataElement', 'HTMLTimeElement',
  'HTMLOutputElement', 'HTMLProgressElement', 'HTMLMeterElement', 'HTMLFieldSetElement', 'HTMLLegendElement',
  'HTMLMapElement', 'HTMLAreaElement', 'HTMLSourceElement', 'HTMLTrackElement', 'HTMLPictureElement',
  'HTMLModElement', 'HTMLTableCaptionElement', 'HTMLTableColElement', 'HTMLOptGroupElement',
  'HTMLDataListElement', 'HTMLMenuElement'];
for (let i = 0; i < HTML_INTERFACE_NAMES.length; i++) lazyInterface(HTML_INTERFACE_NAMES[i], makeHTMLInterface);

// https://html.spec.whatwg.org/multipage/dom.html#element-interface ("element interface"),
// and the interface of every other kind of node.
nodeHooks.wrapperClass = (nodeType, localName, isHTML, id) => {
  switch (nodeType) {
    case 1: {
      if (!isHTML) return domOps.elementNamespaceURI(id) === 'http://www.w3.org/2000/svg' ? materialize('SVGElement') : Element;
      const name = htmlInterfaceOf(localName);
      if (name !== undefined) return name === 'HTMLElement' ? HTMLElement : materialize(name);
      return StringPrototypeIncludes(localName, '-') ? HTMLElement : materialize('HTMLUnknownElement');
    }
    case 3: return materialize('Text');
    case 4: return materialize('CDATASection');
    case 7: return materialize('ProcessingInstruction');
    case 8: return materialize('Comment');
    case 9: return Document;
    case 10: return materialize('DocumentType');
    case 11: return domOps.shadowRootInfo(id) === null ? DocumentFragment : materialize('ShadowRoot');
    default: return Node;
  }
};

// https://html.spec.whatwg.org/multipage/forms.html#labeled-control ("labeled control"):
// the labelable element its for attribute names, else its first labelable
// descendant; -1 for none.
function labelable(localName) {
  switch (localName) {
    case 'button': case 'input': case 'meter': case 'output': case 'progress': case 'select': case 'textarea': return true;
    default: return false;
  }
}
function isLabelable(id) {
  if (domOps.nodeType(id) !== 1 || domOps.elementNamespaceURI(id) !== 'http://www.w3.org/1999/xhtml') return false;
  const name = domOps.nodeKind(id)[1];
  return labelable(name) && !(name === 'input' && StringPrototypeToLowerCase(domOps.elementGetAttribute(id, 'type') || '') === 'hidden');
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

return [defineElementMembers, controlState, controlStates, htmlInterfaceOf];
