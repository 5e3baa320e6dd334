// Element (DOM), with the markup members HTML adds (innerHTML...).
// https://dom.spec.whatwg.org/#interface-element ("Interface Element")
//
// Not modelled: namespaced attributes (the *NS methods use the qualified
// name), Attr nodes (`attributes` is a plain list), declarative shadow
// roots, layout (the geometry methods answer zeros).

// Uses define, exposeInterface, lazyState, requiredArguments, toDictionary, toDOMString, toEnum, toSequence (webidl.js);
//   DOMException (dom_exception.js); domOps, idOf, nodeArg, nodeIds, nodeHooks, wrap, Node (node.js); parentNodeMixin
//   (parent_node.js); childNodeMixin, nonDocumentTypeChildNodeMixin (child_node.js); makeTokenList
//   (dom_token_list.js); handlerAttributeChanged (event_handler_content_attributes.js).

const classLists = new WeakMapCtor();
class Element extends Node {
  constructor(key) { super(key); }
  get tagName() { return domOps.nodeName(idOf(this)); }
  get localName() { return domOps.nodeKind(idOf(this))[1]; }
  get namespaceURI() { return domOps.elementNamespaceURI(idOf(this)); }
  get prefix() { return domOps.elementPrefix(idOf(this)); }
  get id() { return domOps.elementGetAttribute(idOf(this), 'id') || ''; }
  set id(v) { domOps.elementSetAttribute(idOf(this), 'id', toDOMString(v)); }
  get className() { return domOps.elementGetAttribute(idOf(this), 'class') || ''; }
  set className(v) { domOps.elementSetAttribute(idOf(this), 'class', toDOMString(v)); }
  get classList() { return lazyState(classLists, this, (element) => makeTokenList(element, 'class')); }
  get attributes() {
    const id = idOf(this);
    const flat = domOps.elementGetAttributeList(id);
    const list = [];
    for (let i = 0; i < flat.length; i += 2) {
      const a = { name: flat[i], localName: flat[i], value: flat[i + 1], namespaceURI: null, prefix: null, specified: true };
      ArrayAppend(list, a);
      ObjectDefineProperty(list, a.name, { __proto__: null, value: a, enumerable: false });
    }
    list.item = (i) => list[i] || null;
    list.getNamedItem = (n) => {
      const name = StringPrototypeToLowerCase(toDOMString(n));
      return ArrayPrototypeFind(list, (a) => a.name === name) || null;
    };
    return list;
  }
  hasAttributes() { return domOps.elementGetAttributeNames(idOf(this)).length > 0; }
  getAttributeNames() { return domOps.elementGetAttributeNames(idOf(this)); }
  getAttribute(name) { return domOps.elementGetAttribute(idOf(this), toDOMString(name)); }
  getAttributeNS(ns, name) { return domOps.elementGetAttribute(idOf(this), toDOMString(name)); }
  // https://dom.spec.whatwg.org/#dom-element-setattribute ("setAttribute(qualifiedName, value)")
  setAttribute(name, value) {
    requiredArguments(arguments.length, 2, 'setAttribute', 'Element');
    name = toDOMString(name);
    domOps.elementSetAttribute(idOf(this), name, toDOMString(value));
    handlerAttributeChanged(this, name);
  }
  setAttributeNS(ns, name, value) {
    name = toDOMString(name);
    domOps.elementSetAttribute(idOf(this), name, toDOMString(value));
    if (ns === null || ns === undefined || ns === '') handlerAttributeChanged(this, name);
  }
  removeAttribute(name) {
    name = toDOMString(name);
    domOps.elementRemoveAttribute(idOf(this), name);
    handlerAttributeChanged(this, name);
  }
  removeAttributeNS(ns, name) {
    name = toDOMString(name);
    domOps.elementRemoveAttribute(idOf(this), name);
    if (ns === null || ns === undefined || ns === '') handlerAttributeChanged(this, name);
  }
  hasAttribute(name) { return domOps.elementHasAttribute(idOf(this), toDOMString(name)); }
  hasAttributeNS(ns, name) { return domOps.elementHasAttribute(idOf(this), toDOMString(name)); }
  // https://dom.spec.whatwg.org/#dom-element-toggleattribute ("toggleAttribute(qualifiedName, force)")
  toggleAttribute(name, force = undefined) {
    const id = idOf(this);
    name = toDOMString(name);
    const has = domOps.elementHasAttribute(id, name);
    if (has && force !== true) { domOps.elementRemoveAttribute(id, name); handlerAttributeChanged(this, name); return false; }
    if (!has && force !== false) { domOps.elementSetAttribute(id, name, ''); handlerAttributeChanged(this, name); return true; }
    return has;
  }
  get innerHTML() { return domOps.elementInnerHTML(idOf(this)); }
  set innerHTML(v) { domOps.elementSetInnerHTML(idOf(this), v === null ? '' : toDOMString(v)); }
  get outerHTML() { return domOps.elementOuterHTML(idOf(this)); }
  set outerHTML(v) { domOps.elementSetOuterHTML(idOf(this), toDOMString(v)); }
  insertAdjacentHTML(position, text) { domOps.elementInsertAdjacentHTML(idOf(this), toDOMString(position), toDOMString(text)); }
  insertAdjacentElement(position, element) {
    insertAdjacent(this, StringPrototypeToLowerCase(toDOMString(position)), nodeArg(element, 'insertAdjacentElement', 'Element', 2));
    return element;
  }
  insertAdjacentText(position, text) {
    insertAdjacent(this, StringPrototypeToLowerCase(toDOMString(position)), domOps.documentCreateTextNode(domOps.nodeOwnerDocument(idOf(this)), toDOMString(text)));
  }
  matches(selectors) { return domOps.elementMatches(idOf(this), toDOMString(selectors)); }
  webkitMatchesSelector(selectors) { return domOps.elementMatches(idOf(this), toDOMString(selectors)); }
  closest(selectors) { return wrap(domOps.elementClosest(idOf(this), toDOMString(selectors))); }
  getBoundingClientRect() { return { x: 0, y: 0, width: 0, height: 0, top: 0, right: 0, bottom: 0, left: 0, toJSON() { return this; } }; }
  getClientRects() { return []; }
  scrollIntoView() {}
  // https://dom.spec.whatwg.org/#dom-element-attachshadow ("attachShadow(init)")
  attachShadow(init) {
    requiredArguments(arguments.length, 1, 'attachShadow', 'Element');
    const dict = toDictionary(init, 'ShadowRootInit', 'attachShadow', 'Element');
    // Dictionary members in lexicographic order (WebIDL "dictionary").
    const clonable = !!dict.clonable;
    const delegatesFocus = !!dict.delegatesFocus;
    if (dict.mode === undefined) throw new TypeErrorCtor("Failed to execute 'attachShadow' on 'Element': Failed to read the 'mode' property from 'ShadowRootInit': Required member is undefined.");
    const mode = toEnum(dict.mode, ['open', 'closed'], 'ShadowRootMode', 'attachShadow', 'Element');
    const serializable = !!dict.serializable;
    const slotAssignment = dict.slotAssignment === undefined ? 'named' : toEnum(dict.slotAssignment, ['manual', 'named'], 'SlotAssignmentMode', 'attachShadow', 'Element');
    // https://dom.spec.whatwg.org/#concept-attach-a-shadow-root step 3: not
    // for a custom element whose definition disables shadow.
    if (shared.customElementRegistries !== undefined && nodeHooks.customElements().shadowDisabled(this)) {
      throw new DOMException("Failed to execute 'attachShadow' on 'Element': attachShadow() is disabled by disabledFeatures static field.", 'NotSupportedError');
    }
    const root = domOps.shadowRootAttach(idOf(this), mode === 'closed', delegatesFocus, slotAssignment === 'manual', clonable, serializable);
    // From now on, dispatch looks for shadow trees in event paths.
    shared.shadowTrees = true;
    return wrap(root);
  }
  // https://dom.spec.whatwg.org/#dom-element-shadowroot ("shadowRoot"): open roots only.
  get shadowRoot() {
    const root = domOps.shadowRootOf(idOf(this));
    if (root < 0) return null;
    return domOps.shadowRootInfo(root)[1] ? null : wrap(root);
  }
  // https://html.spec.whatwg.org/multipage/dynamic-markup-insertion.html#dom-element-gethtml ("getHTML(options)"):
  // this's children, with the shadow roots the options ask for as
  // declarative ones. ShadowRoot's getHTML calls it too.
  getHTML(options = undefined) {
    const id = idOf(this);
    const iface = domOps.nodeType(id) === 1 ? 'Element' : 'ShadowRoot';
    const dict = toDictionary(options, 'GetHTMLOptions', 'getHTML', iface);
    const serializable = !!dict.serializableShadowRoots;
    const roots = dict.shadowRoots === undefined ? [] : toSequence(dict.shadowRoots, 'getHTML', iface);
    const ids = [];
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i] === null || typeof roots[i] !== 'object' ? undefined : WeakMapPrototypeGet(nodeIds, roots[i]);
      if (root === undefined || domOps.shadowRootInfo(root) === null) {
        throw new TypeErrorCtor(`Failed to execute 'getHTML' on '${iface}': Failed to read the 'shadowRoots' property from 'GetHTMLOptions': Failed to convert value to 'ShadowRoot'.`);
      }
      ArrayAppend(ids, root);
    }
    return domOps.shadowRootGetHTML(id, serializable, ids);
  }
  get slot() { return domOps.elementGetAttribute(idOf(this), 'slot') || ''; }
  set slot(v) { domOps.elementSetAttribute(idOf(this), 'slot', toDOMString(v)); }
}
// https://dom.spec.whatwg.org/#insert-adjacent ("insert adjacent")
function insertAdjacent(element, position, nodeId) {
  const id = idOf(element);
  const p = domOps.nodeParentNode(id);
  switch (position) {
    case 'beforebegin': if (p >= 0) domOps.nodeInsertBefore(p, nodeId, id); break;
    case 'afterbegin': domOps.nodeInsertBefore(id, nodeId, domOps.nodeFirstChild(id)); break;
    case 'beforeend': domOps.nodeAppendChild(id, nodeId); break;
    case 'afterend': if (p >= 0) domOps.nodeInsertBefore(p, nodeId, domOps.nodeNextSibling(id)); break;
    default: throw new DOMException(`The value provided ('${position}') is not one of 'beforeBegin', 'afterBegin', 'beforeEnd', or 'afterEnd'.`, 'SyntaxError');
  }
}
define(Element.prototype, parentNodeMixin, false);
define(Element.prototype, childNodeMixin, false);
define(Element.prototype, nonDocumentTypeChildNodeMixin, false);
exposeInterface('Element', Element);

const elementGetHTML = Element.prototype.getHTML;

return [Element, elementGetHTML];
