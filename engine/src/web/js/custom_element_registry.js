// CustomElementRegistry (HTML): window.customElements, the definitions of
// custom elements, their construction and upgrades, and the custom element
// reactions (connected, disconnected, adopted, attribute changed).
// https://html.spec.whatwg.org/multipage/custom-elements.html#custom-elements ("Custom elements")
//
// The tree keeps each element's custom element state (dom-lite, which
// `:defined` reads) and, once the agent has a definition, records the
// changes that enqueue reactions; the host hands them to
// `hooks.customElementReactions` at the end of the op (or parse step) that
// made them, which is the [CEReactions] boundary: a DOM method that makes
// several ops runs reactions after each. Each entry (an op's records,
// define(), upgrade(), createElement()) has an element queue of its own,
// so the custom element reactions stack is the JS call stack. An
// element's is value is its `is` attribute (the parser's), or, for
// createElement(name, { is }), kept here.
//
// Not modelled: synchronous construction by createElementNS (its element
// is upgraded at once instead) and by the document parser (an element the
// parser makes is upgraded once inserted, at the end of the parse step
// that made it, which runs to the next script: its constructor and
// connectedCallback see its attributes and the children parsed so far);
// fragment parsing's elements upgrade when connected (as the spec's
// fragment document has no definitions) or by upgrade(); form-associated
// custom elements (formAssociated and the form callbacks are read, never
// called), ElementInternals, the is value in serializations, scoped
// registries.

// Uses lazyInterface, lazyGlobal, materialize, INTERNAL, illegalConstructor, platformObject, sharedState, stateAccessor,
//   requiredArguments, toDOMString, toDictionary, toSequence, failedTo (webidl.js); DOMException
//   (dom_exception.js); reportException (runtime_script_errors.js); domOps, idOf, nodeIds, wrap, adopt, nodeHooks
//   (node.js); HTMLElement (html_element.js); htmlInterfaceOf (element_interfaces.js).

// The algorithms, made on first use (one function until then: a realm
// pays for each function its set-up makes, and most define no custom
// element); the host's records go to them once the origin has a registry.
let library;
nodeHooks.customElements = customElements;
hooks.customElementReactions = (records) => {
  if (shared.customElementRegistries !== undefined) customElements().reactToRecords(records);
};
// CustomElementRegistry and window.customElements, made on first use.
function madeOnFirstUse(name) {
  const lib = customElements();
  return name === 'customElements' ? lib.registryFor(info.documentId) : lib.CustomElementRegistry;
}
lazyInterface('CustomElementRegistry', madeOnFirstUse);
lazyGlobal('customElements', madeOnFirstUse, true);

function customElements() {
  if (library !== undefined) return library;
  // document id -> its window's registry state (`shared.customElementRegistries`,
  // which document.js's createElement reads); element wrapper -> { definition,
  // queue } (its custom element definition and reaction queue); element
  // wrapper -> is value (createElement's).
  const registries = sharedState('customElementRegistries', () => new MapCtor());
  const elementStates = sharedState('customElementStates', () => new WeakMapCtor());
  const isValues = sharedState('customElementIsValues', () => new WeakMapCtor());
  const registryStates = new WeakMapCtor();
  const registryState = stateAccessor(registryStates);
  // The registry state of document `doc`'s window, made on first use.
  function registryOf(doc) {
    let r = MapPrototypeGet(registries, doc);
    if (r === undefined) {
      r = { __proto__: null, doc, definitions: [], whenDefined: new MapCtor(), running: false };
      MapPrototypeSet(registries, doc, r);
    }
    return r;
  }
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const ALREADY_CONSTRUCTED = { __proto__: null };

  function isValueOf(element) {
    const v = WeakMapPrototypeGet(isValues, element);
    return v !== undefined ? v : domOps.elementGetAttribute(idOf(element), 'is');
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#look-up-a-custom-element-definition ("look up a custom element definition")
  function lookUp(doc, namespace, localName, isValue) {
    if (namespace !== HTML_NS) return null;
    const r = MapPrototypeGet(registries, doc);
    if (r === undefined) return null;
    const defs = r.definitions;
    for (let i = 0; i < defs.length; i++) {
      const d = defs[i];
      if (d.name === localName && d.localName === localName) return d;
      if (d.name === isValue && d.localName === localName) return d;
    }
    return null;
  }

  function elementState(element) {
    let s = WeakMapPrototypeGet(elementStates, element);
    if (s === undefined) {
      s = { __proto__: null, definition: null, queue: [] };
      WeakMapPrototypeSet(elementStates, element, s);
    }
    return s;
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#enqueue-an-element-on-the-appropriate-element-queue
  // The element queue is the caller's (see the header).
  function enqueueElement(queue, element) {
    ArrayAppend(queue, element);
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#enqueue-a-custom-element-callback-reaction ("enqueue a custom element callback reaction")
  function enqueueCallback(queue, element, callbackName, args) {
    const s = WeakMapPrototypeGet(elementStates, element);
    if (s === undefined || s.definition === null) return;
    const definition = s.definition;
    // 2-3. Its callback, if the definition has one.
    const callback = definition.callbacks[callbackName];
    if (callback === undefined) return;
    // 4. attributeChangedCallback only for an observed attribute.
    if (callbackName === 'attributeChangedCallback' && !ArrayPrototypeIncludes(definition.observedAttributes, args[0])) return;
    ArrayAppend(s.queue, { __proto__: null, upgrade: null, callback, args });
    enqueueElement(queue, element);
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#enqueue-a-custom-element-upgrade-reaction ("enqueue a custom element upgrade reaction")
  function enqueueUpgrade(queue, element, definition) {
    ArrayAppend(elementState(element).queue, { __proto__: null, upgrade: definition, callback: null, args: null });
    enqueueElement(queue, element);
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#invoke-custom-element-reactions ("invoke custom element reactions")
  function invokeReactions(queue) {
    for (let i = 0; i < queue.length; i++) {
      const element = queue[i];
      const reactions = elementState(element).queue;
      while (reactions.length > 0) {
        const reaction = reactions[0];
        ArrayRemoveAt(reactions, 0);
        try {
          if (reaction.upgrade !== null) upgrade(element, reaction.upgrade);
          else ReflectApply(reaction.callback, element, reaction.args);
        } catch (e) {
          reportException(e);
        }
      }
    }
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#concept-upgrade-an-element ("upgrade an element")
  function upgrade(element, definition) {
    const id = idOf(element);
    // 1. Only an element waiting for its definition upgrades.
    const state = domOps.customElementRegistryState(id);
    if (state !== 'undefined' && state !== 'uncustomized') return;
    // 2-3. Its definition; "failed" until the constructor returns.
    const s = elementState(element);
    s.definition = definition;
    domOps.customElementRegistrySetState(id, 'failed');
    // 4. Its attributes, as if each had just been appended.
    const attrs = domOps.elementGetAttributeList(id);
    for (let i = 0; i < attrs.length; i += 2) enqueueCallback([], element, 'attributeChangedCallback', [attrs[i], null, attrs[i + 1], null]);
    // 5. connectedCallback, if it is connected.
    if (domOps.nodeIsConnected(id)) enqueueCallback([], element, 'connectedCallback', []);
    // 6. The construction stack: HTMLElement's constructor returns element.
    ArrayAppend(definition.constructionStack, element);
    try {
      // 9.1. Not a shadow host if the definition disables shadow.
      if (definition.disableShadow && domOps.shadowRootOf(id) >= 0) {
        throw new DOMException('Failed to upgrade an element: its definition disables shadow, and it has a shadow root.', 'NotSupportedError');
      }
      // 7-9. Construct the definition's constructor; it must return element.
      const result = new definition.constructor();
      if (result !== element) throw new TypeErrorCtor('Failed to construct \'CustomElement\': The result must be the same as the element being upgraded.');
    } catch (e) {
      // 9.1-9.2. No definition; no reactions.
      s.definition = null;
      s.queue.length = 0;
      throw e;
    } finally {
      ArrayPrototypePop(definition.constructionStack);
    }
    // 10. Custom.
    domOps.customElementRegistrySetState(id, 'custom');
  }

  // https://dom.spec.whatwg.org/#concept-attach-a-shadow-root step 3:
  // whether element's definition (looked up whatever its state) has
  // "shadow" in its disabledFeatures.
  function shadowDisabled(element) {
    const id = idOf(element);
    if (domOps.nodeType(id) !== 1) return false;
    const localName = domOps.nodeKind(id)[1];
    const isValue = isValueOf(element);
    if (isValue === null && !domOps.customElementRegistryIsValidName(localName)) return false;
    const definition = lookUp(domOps.nodeOwnerDocument(id), domOps.elementNamespaceURI(id), localName, isValue);
    return definition !== null && definition.disableShadow;
  }

  // https://html.spec.whatwg.org/multipage/custom-elements.html#concept-try-upgrade ("try to upgrade an element")
  function tryToUpgrade(queue, element) {
    const id = idOf(element);
    const definition = lookUp(domOps.nodeOwnerDocument(id), domOps.elementNamespaceURI(id), domOps.nodeKind(id)[1], isValueOf(element));
    if (definition !== null) enqueueUpgrade(queue, element, definition);
  }

  // The records of an op or parse step (web/custom_elements.rs).
  function reactToRecords(records) {
    const queue = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const element = wrap(r[1]);
      if (element === null) continue;
      switch (r[0]) {
        case 'connected':
          // https://dom.spec.whatwg.org/#concept-node-insert step 7.7: a
          // custom element's connectedCallback, else try to upgrade it.
          if (domOps.customElementRegistryState(r[1]) === 'custom') enqueueCallback(queue, element, 'connectedCallback', []);
          else tryToUpgrade(queue, element);
          break;
        case 'cloned':
          // https://dom.spec.whatwg.org/#concept-node-clone: "create an
          // element" enqueues an upgrade if the clone's document has the
          // definition (as it is at the end of the op: importNode adopts).
          if (domOps.customElementRegistryState(r[1]) === 'undefined') tryToUpgrade(queue, element);
          break;
        case 'disconnected':
          enqueueCallback(queue, element, 'disconnectedCallback', []);
          break;
        case 'adopted':
          enqueueCallback(queue, element, 'adoptedCallback', [wrap(r[2]), wrap(r[3])]);
          break;
        case 'attributeChanged':
          enqueueCallback(queue, element, 'attributeChangedCallback', [r[2], r[3], r[4], r[5]]);
          break;
        default:
          break;
      }
    }
    invokeReactions(queue);
  }

  // https://html.spec.whatwg.org/multipage/dom.html#html-element-constructors ("HTML element constructors"):
  // `active` is the interface whose constructor runs (the spec's active
  // function object), which its caller names: NewTarget's prototype chain
  // does not tell it (Reflect.construct(HTMLDivElement, [], C)).
  function htmlConstructor(newTarget, active) {
    // 1. The current global's registry.
    const r = MapPrototypeGet(registries, info.documentId);
    // 2. NewTarget may not be the active function object itself.
    if (r === undefined || newTarget === active) throw illegalConstructor();
    // 3. The definition whose constructor is NewTarget.
    let definition = null;
    for (let i = 0; i < r.definitions.length; i++) {
      if (r.definitions[i].constructor === newTarget) definition = r.definitions[i];
    }
    if (definition === null) throw illegalConstructor();
    // 4-5. An autonomous custom element extends HTMLElement; a customized
    //      built-in, its local name's interface.
    let iface = HTMLElement;
    if (definition.name !== definition.localName) {
      const name = htmlInterfaceOf(definition.localName);
      iface = name === undefined || name === 'HTMLElement' ? HTMLElement : materialize(name);
    }
    if (active !== iface) throw illegalConstructor();
    // 6. The prototype, from NewTarget.
    let prototype = newTarget.prototype;
    if (typeof prototype !== 'object' || prototype === null) prototype = iface.prototype;
    // 7. Not upgrading: a new element of the current global's document.
    const stack = definition.constructionStack;
    if (stack.length === 0) {
      const doc = info.documentId;
      const id = domOps.documentCreateElement(doc, definition.localName);
      domOps.customElementRegistrySetState(id, 'custom');
      const element = new iface(INTERNAL);
      ObjectSetPrototypeOf(element, prototype);
      adopt(element, id, doc);
      elementState(element).definition = definition;
      if (definition.name !== definition.localName) WeakMapPrototypeSet(isValues, element, definition.name);
      return element;
    }
    // 8-13. Upgrading: the element on the construction stack.
    const element = stack[stack.length - 1];
    if (element === ALREADY_CONSTRUCTED) throw new TypeErrorCtor('Failed to construct \'HTMLElement\': This instance is already constructed');
    ObjectSetPrototypeOf(element, prototype);
    stack[stack.length - 1] = ALREADY_CONSTRUCTED;
    return element;
  }

  // https://dom.spec.whatwg.org/#concept-create-element ("create an element"),
  // synchronous custom elements flag set, HTML namespace.
  function createElement(doc, localName, isValue) {
    // 3. The definition, for the name as createElement will make it.
    const name = asciiLowercase(localName);
    const definition = lookUp(doc, HTML_NS, name, isValue);
    // 5. A customized built-in element: made, then upgraded now.
    if (definition !== null && definition.name !== definition.localName) {
      const id = domOps.documentCreateElement(doc, localName);
      domOps.customElementRegistrySetState(id, 'undefined');
      const element = wrap(id);
      WeakMapPrototypeSet(isValues, element, isValue);
      try {
        upgrade(element, definition);
      } catch (e) {
        reportException(e);
      }
      return element;
    }
    // 6. An autonomous custom element: its constructor makes it.
    if (definition !== null) {
      let element;
      try {
        element = new definition.constructor();
        // 6.1.2. What it made must be an HTML element (an object the page
        //        made, or another node, is not).
        const id = element !== null && typeof element === 'object' ? WeakMapPrototypeGet(nodeIds, element) : undefined;
        if (id === undefined || domOps.nodeType(id) !== 1 || domOps.elementNamespaceURI(id) !== HTML_NS) {
          throw new TypeErrorCtor(`${failedTo('createElement', 'Document')}: The result must implement HTMLElement interface`);
        }
        // 6.1.3. What it made must be a new, empty element of doc.
        if (domOps.elementGetAttributeList(id).length !== 0) throw new DOMException(`${failedTo('createElement', 'Document')}: The result must not have attributes`, 'NotSupportedError');
        if (domOps.nodeFirstChild(id) >= 0) throw new DOMException(`${failedTo('createElement', 'Document')}: The result must not have children`, 'NotSupportedError');
        if (domOps.nodeParentNode(id) >= 0) throw new DOMException(`${failedTo('createElement', 'Document')}: The result must not have a parent`, 'NotSupportedError');
        if (domOps.nodeOwnerDocument(id) !== doc) throw new DOMException(`${failedTo('createElement', 'Document')}: The result must be in the same document`, 'NotSupportedError');
        if (domOps.nodeKind(id)[1] !== name) throw new DOMException(`${failedTo('createElement', 'Document')}: The result must have the same localName`, 'NotSupportedError');
      } catch (e) {
        // 6.1.4. Reported; an HTMLUnknownElement in its place, "failed".
        reportException(e);
        const id = domOps.documentCreateElement(doc, localName);
        domOps.customElementRegistrySetState(id, 'failed');
        const failed = new (materialize('HTMLUnknownElement'))(INTERNAL);
        adopt(failed, id, doc);
        return failed;
      }
      return element;
    }
    // 7. No definition: "undefined" for a valid custom element name or an is value.
    const id = domOps.documentCreateElement(doc, localName);
    const element = wrap(id);
    if (isValue !== null) {
      WeakMapPrototypeSet(isValues, element, isValue);
      if (domOps.elementNamespaceURI(id) === HTML_NS) domOps.customElementRegistrySetState(id, 'undefined');
    }
    return element;
  }
  // createElementNS's element `id`, made already: with its definition, an
  // autonomous custom element is upgraded now (its constructor runs with
  // it as `this`, as the synchronous construction would make it).
  function createdElementNS(id) {
    const element = wrap(id);
    const definition = lookUp(domOps.nodeOwnerDocument(id), domOps.elementNamespaceURI(id), domOps.nodeKind(id)[1], null);
    if (definition !== null && domOps.customElementRegistryState(id) === 'undefined') {
      try {
        upgrade(element, definition);
      } catch (e) {
        reportException(e);
      }
    }
    return element;
  }
  function asciiLowercase(s) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = StringPrototypeCharCodeAt(s, i);
      out += c >= 65 && c <= 90 ? StringFromCharCode(c + 32) : s[i];
    }
    return out;
  }

  const CALLBACKS = ['connectedCallback', 'disconnectedCallback', 'adoptedCallback', 'attributeChangedCallback'];
  const FORM_CALLBACKS = ['formAssociatedCallback', 'formResetCallback', 'formDisabledCallback', 'formStateRestoreCallback'];
  // A callback a definition takes from its prototype: a function or undefined.
  function callbackOf(prototype, name) {
    const v = prototype[name];
    if (v !== undefined && typeof v !== 'function') {
      throw new TypeErrorCtor(`${failedTo('define', 'CustomElementRegistry')}: The '${name}' callback is not a function.`);
    }
    return v;
  }
  // Whether `value` has [[Construct]], without reading anything of it.
  function isConstructor(value) {
    if (typeof value !== 'function') return false;
    try {
      // eslint-disable-next-line no-new
      new (new ProxyCtor(value, { __proto__: null, construct() { return {}; } }))();
      return true;
    } catch {
      return false;
    }
  }

  class CustomElementRegistry {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      return platformObject(new.target);
    }
    // https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-define ("define(name, constructor, options)")
    define(name, constructor, options = undefined) {
      const r = registryState(this);
      requiredArguments(arguments.length, 2, 'define', 'CustomElementRegistry');
      name = toDOMString(name);
      if (typeof constructor !== 'function') {
        throw new TypeErrorCtor(`${failedTo('define', 'CustomElementRegistry')}: The callback provided as parameter 2 is not a function.`);
      }
      const opts = toDictionary(options, 'ElementDefinitionOptions', 'define', 'CustomElementRegistry');
      const extendsOption = opts.extends === undefined ? null : toDOMString(opts.extends);
      // 1. A constructor.
      if (!isConstructor(constructor)) {
        throw new TypeErrorCtor(`${failedTo('define', 'CustomElementRegistry')}: The provided callback is not a constructor.`);
      }
      // 2. A valid custom element name.
      if (!domOps.customElementRegistryIsValidName(name)) {
        throw new DOMException(`${failedTo('define', 'CustomElementRegistry')}: "${name}" is not a valid custom element name`, 'SyntaxError');
      }
      // 3-4. Neither the name nor the constructor defined already.
      for (let i = 0; i < r.definitions.length; i++) {
        if (r.definitions[i].name === name) {
          throw new DOMException(`${failedTo('define', 'CustomElementRegistry')}: the name "${name}" has already been used with this registry`, 'NotSupportedError');
        }
        if (r.definitions[i].constructor === constructor) {
          throw new DOMException(`${failedTo('define', 'CustomElementRegistry')}: this constructor has already been used with this registry`, 'NotSupportedError');
        }
      }
      // 5-7. The local name: the name, or the built-in element it extends.
      let localName = name;
      if (extendsOption !== null) {
        if (domOps.customElementRegistryIsValidName(extendsOption)) {
          throw new DOMException(`${failedTo('define', 'CustomElementRegistry')}: "${extendsOption}" is a valid custom element name`, 'NotSupportedError');
        }
        if (htmlInterfaceOf(extendsOption) === undefined) {
          throw new DOMException(`${failedTo('define', 'CustomElementRegistry')}: "${extendsOption}" is an HTMLUnknownElement`, 'NotSupportedError');
        }
        localName = extendsOption;
      }
      // 8-9. The element definition is running flag.
      if (r.running) {
        throw new DOMException(`${failedTo('define', 'CustomElementRegistry')}: this registry is already defining an element`, 'NotSupportedError');
      }
      r.running = true;
      // 10-11. What the definition takes of the constructor, in order.
      let isFormAssociated = false;
      let disableInternals = false;
      let disableShadow = false;
      let observedAttributes = [];
      const callbacks = { __proto__: null };
      try {
        const prototype = constructor.prototype;
        if ((typeof prototype !== 'object' && typeof prototype !== 'function') || prototype === null) {
          throw new TypeErrorCtor(`${failedTo('define', 'CustomElementRegistry')}: The prototype of the constructor is not an object.`);
        }
        for (let i = 0; i < CALLBACKS.length; i++) callbacks[CALLBACKS[i]] = callbackOf(prototype, CALLBACKS[i]);
        if (callbacks.attributeChangedCallback !== undefined) {
          const observed = constructor.observedAttributes;
          if (observed !== undefined) {
            const list = toSequence(observed, 'define', 'CustomElementRegistry');
            for (let i = 0; i < list.length; i++) list[i] = toDOMString(list[i]);
            observedAttributes = list;
          }
        }
        const disabled = constructor.disabledFeatures;
        if (disabled !== undefined) {
          const list = toSequence(disabled, 'define', 'CustomElementRegistry');
          for (let i = 0; i < list.length; i++) {
            const feature = toDOMString(list[i]);
            if (feature === 'internals') disableInternals = true;
            if (feature === 'shadow') disableShadow = true;
          }
        }
        isFormAssociated = !!constructor.formAssociated;
        if (isFormAssociated) {
          for (let i = 0; i < FORM_CALLBACKS.length; i++) callbacks[FORM_CALLBACKS[i]] = callbackOf(prototype, FORM_CALLBACKS[i]);
        }
      } finally {
        r.running = false;
      }
      // 12-13. The definition, in the registry.
      const definition = {
        __proto__: null, name, localName, constructor, observedAttributes, callbacks,
        constructionStack: [], formAssociated: isFormAssociated, disableInternals, disableShadow,
      };
      ArrayAppend(r.definitions, definition);
      domOps.customElementRegistryDefined();
      // 14-16. The document's candidates upgrade, in tree order.
      const queue = [];
      const candidates = domOps.customElementRegistryCandidates(r.doc, localName);
      for (let i = 0; i < candidates.length; i++) {
        const element = wrap(candidates[i]);
        if (extendsOption !== null && isValueOf(element) !== name) continue;
        enqueueUpgrade(queue, element, definition);
      }
      // 17. whenDefined's promise resolves.
      const pending = MapPrototypeGet(r.whenDefined, name);
      if (pending !== undefined) {
        MapPrototypeDelete(r.whenDefined, name);
        pending.resolve(constructor);
      }
      invokeReactions(queue);
    }
    // https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-get ("get(name)")
    get(name) {
      const r = registryState(this);
      requiredArguments(arguments.length, 1, 'get', 'CustomElementRegistry');
      name = toDOMString(name);
      for (let i = 0; i < r.definitions.length; i++) if (r.definitions[i].name === name) return r.definitions[i].constructor;
      return undefined;
    }
    // https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-getname ("getName(constructor)")
    getName(constructor) {
      const r = registryState(this);
      requiredArguments(arguments.length, 1, 'getName', 'CustomElementRegistry');
      if (typeof constructor !== 'function') {
        throw new TypeErrorCtor(`${failedTo('getName', 'CustomElementRegistry')}: parameter 1 is not of type 'CustomElementConstructor'.`);
      }
      for (let i = 0; i < r.definitions.length; i++) if (r.definitions[i].constructor === constructor) return r.definitions[i].name;
      return null;
    }
    // https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-whendefined ("whenDefined(name)")
    whenDefined(name) {
      let r;
      try {
        r = registryState(this);
        requiredArguments(arguments.length, 1, 'whenDefined', 'CustomElementRegistry');
        name = toDOMString(name);
      } catch (e) {
        return PromiseReject(e);
      }
      // 1. Not a valid name: rejected.
      if (!domOps.customElementRegistryIsValidName(name)) {
        return PromiseReject(new DOMException(`${failedTo('whenDefined', 'CustomElementRegistry')}: "${name}" is not a valid custom element name`, 'SyntaxError'));
      }
      // 2. Defined: resolved with the constructor.
      for (let i = 0; i < r.definitions.length; i++) if (r.definitions[i].name === name) return PromiseResolve(r.definitions[i].constructor);
      // 3-5. The same pending promise for every call until then.
      let pending = MapPrototypeGet(r.whenDefined, name);
      if (pending === undefined) {
        pending = { __proto__: null, promise: null, resolve: null };
        pending.promise = new PromiseCtor((resolve) => { pending.resolve = resolve; });
        MapPrototypeSet(r.whenDefined, name, pending);
      }
      return pending.promise;
    }
    // https://html.spec.whatwg.org/multipage/custom-elements.html#dom-customelementregistry-upgrade ("upgrade(root)")
    upgrade(root) {
      registryState(this);
      requiredArguments(arguments.length, 1, 'upgrade', 'CustomElementRegistry');
      const rootId = WeakMapPrototypeGet(nodeIds, root);
      if (rootId === undefined) throw new TypeErrorCtor(`${failedTo('upgrade', 'CustomElementRegistry')}: parameter 1 is not of type 'Node'.`);
      // 1-2. root's inclusive descendants, in tree order: each tries to upgrade.
      const queue = [];
      const candidates = domOps.customElementRegistryCandidates(rootId, null);
      for (let i = 0; i < candidates.length; i++) tryToUpgrade(queue, wrap(candidates[i]));
      invokeReactions(queue);
    }
  }

  // The registry object of document `doc`'s window.
  function registryFor(doc) {
    materialize('CustomElementRegistry');
    const registry = new CustomElementRegistry(INTERNAL);
    WeakMapPrototypeSet(registryStates, registry, registryOf(doc));
    return registry;
  }

  library = { __proto__: null, CustomElementRegistry, registryFor, reactToRecords, htmlConstructor, createElement, createdElementNS, shadowDisabled };
  return library;
}
