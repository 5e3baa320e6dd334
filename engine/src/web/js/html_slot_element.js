// HTMLSlotElement (HTML), and the Slottable mixin (DOM): slots of shadow
// trees and the nodes assigned to them.
// https://html.spec.whatwg.org/multipage/scripting.html#the-slot-element ("The slot element")
// https://dom.spec.whatwg.org/#mixin-slotable ("Mixin Slottable")
//
// Assignment is worked out when asked (dom-lite's `find_slot`), so it is
// always current. Not modelled: slotchange events.

// Uses define, toDOMString, toDictionary (webidl.js); idOf, nodeIds, wrap, domOps (node.js); Element (element.js);
//   defineElementMembers (element_interfaces.js).

// https://dom.spec.whatwg.org/#dom-slotable-assignedslot ("assignedSlot"):
// "find a slot" with open set, so a slot in a closed tree stays hidden.
const assignedSlot = ObjectGetOwnPropertyDescriptor({
  get assignedSlot() {
    const slot = domOps.shadowRootFindSlot(idOf(this));
    if (slot < 0) return null;
    const info = domOps.shadowRootInfo(domOps.shadowRootGetRootNode(slot, false));
    return info !== null && info[1] ? null : wrap(slot);
  },
}, 'assignedSlot').get;
ObjectDefineProperty(Element.prototype, 'assignedSlot', { __proto__: null, get: assignedSlot, enumerable: true, configurable: true });
// Text is made on first use: its factory (text.js) calls this.
function defineTextAssignedSlot(prototype) {
  ObjectDefineProperty(prototype, 'assignedSlot', { __proto__: null, get: assignedSlot, enumerable: true, configurable: true });
}

defineElementMembers('HTMLSlotElement', (p) => {
  // The nodes assigned to `slot`, flattened if its options say so;
  // elements only if `elementsOnly`.
  const assigned = (slot, options, operation, elementsOnly) => {
    const dict = toDictionary(options, 'AssignedNodesOptions', operation, 'HTMLSlotElement');
    const ids = domOps.shadowRootAssignedNodes(idOf(slot), !!dict.flatten);
    const out = [];
    for (let i = 0; i < ids.length; i++) {
      if (elementsOnly && domOps.nodeType(ids[i]) !== 1) continue;
      ArrayAppend(out, wrap(ids[i]));
    }
    return out;
  };
  define(p, {
    __proto__: null,
    get name() { return domOps.elementGetAttribute(idOf(this), 'name') || ''; },
    set name(v) { domOps.elementSetAttribute(idOf(this), 'name', toDOMString(v)); },
    // https://html.spec.whatwg.org/multipage/scripting.html#dom-slot-assignednodes ("assignedNodes(options)")
    assignedNodes(options = undefined) { return assigned(this, options, 'assignedNodes', false); },
    // https://html.spec.whatwg.org/multipage/scripting.html#dom-slot-assignedelements ("assignedElements(options)")
    assignedElements(options = undefined) { return assigned(this, options, 'assignedElements', true); },
    // https://html.spec.whatwg.org/multipage/scripting.html#dom-slot-assign ("assign(...nodes)")
    assign(...nodes) {
      const ids = [];
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i];
        const id = n === null || n === undefined ? undefined : WeakMapPrototypeGet(nodeIds, n);
        const t = id === undefined ? 0 : domOps.nodeType(id);
        if (t !== 1 && t !== 3) {
          throw new TypeErrorCtor(`Failed to execute 'assign' on 'HTMLSlotElement': Failed to convert value to 'Element or Text'.`);
        }
        ArrayAppend(ids, id);
      }
      domOps.shadowRootAssign(idOf(this), ids);
    },
  });
});

return [defineTextAssignedSlot];
