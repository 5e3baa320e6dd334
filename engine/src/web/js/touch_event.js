// TouchEvent and TouchList (Touch Events): made together on first use of
// either, for script and document.createEvent("TouchEvent").
// https://w3c.github.io/touch-events/#touchevent-interface ("TouchEvent Interface")
//
// Not modelled: Touch objects and touch input (there is no user): the
// lists are empty, and an init dictionary's non-empty list is refused.

// Uses lazyFamily, materialize, define, INTERNAL, illegalConstructor, platformObject, stateAccessor,
//   toLong, failedTo, CONSTRUCT, toSequence (webidl.js); eventClass (event.js); uiEvents (ui_events.js).

lazyFamily(['TouchList', 'TouchEvent'], () => {
  const touchListStates = new WeakMapCtor();
  const touchList = stateAccessor(touchListStates);
  // https://w3c.github.io/touch-events/#touchlist-interface ("TouchList Interface")
  class TouchList {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      const self = platformObject(new.target);
      WeakMapPrototypeSet(touchListStates, self, { items: [] });
      return self;
    }
    get length() { return touchList(this).items.length; }
    item(index) { const v = touchList(this).items[toLong(index)]; return v === undefined ? null : v; }
  }
  function emptyTouchList(value, iface) {
    if (value !== null && toSequence(value, CONSTRUCT, iface).length !== 0) {
      throw new TypeErrorCtor(`${failedTo(CONSTRUCT, iface)}: Failed to read a 'Touch' from the list: Touch is not supported by isohost.`);
    }
    return new TouchList(INTERNAL);
  }
  function defaultTouchLists(s) {
    if (s.changedTouches === null) s.changedTouches = emptyTouchList(null, 'TouchEvent');
    if (s.targetTouches === null) s.targetTouches = emptyTouchList(null, 'TouchEvent');
    if (s.touches === null) s.touches = emptyTouchList(null, 'TouchEvent');
  }
  const ui = uiEvents();
  const TouchEvent = eventClass('TouchEvent', materialize('UIEvent'),
    ui.withModifiers({ changedTouches: null, targetTouches: null, touches: null }), defaultTouchLists,
    ui.withModifierTypes({ changedTouches: emptyTouchList, targetTouches: emptyTouchList, touches: emptyTouchList }),
    ui.HIDDEN_MODIFIERS);
  define(TouchEvent.prototype, { getModifierState: ui.getModifierState }, false);
  return { __proto__: null, TouchList, TouchEvent };
});
