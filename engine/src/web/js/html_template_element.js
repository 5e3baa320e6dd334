// HTMLTemplateElement (HTML): its template contents, a fragment of the
// template's own inert document.
// https://html.spec.whatwg.org/multipage/scripting.html#the-template-element ("The template element")

// Uses idOf, wrap, domOps (node.js); defineElementMembers (element_interfaces.js).

defineElementMembers('HTMLTemplateElement', (p) => {
  ObjectDefineProperty(p, 'content', { __proto__: null,
    get() { return wrap(domOps.htmlTemplateElementContent(idOf(this))); }, enumerable: true, configurable: true,
  });
});
