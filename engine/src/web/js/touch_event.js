// TouchEvent and TouchList (Touch Events): made on first use, for script
// and document.createEvent("TouchEvent").
// https://w3c.github.io/touch-events/#touchevent-interface ("TouchEvent Interface")
//
// Not modelled: Touch objects and touch input (there is no user): the
// lists are empty, and an init dictionary's non-empty list is refused.

// Uses lazyInterface, materialize, define, INTERNAL, illegalConstructor, platformObject, stateAccessor,
//   toLong, failedTo, CONSTRUCT, toSequence (webidl.js); eventClass (event.js); withModifiers,
//   withModifierTypes, HIDDEN_MODIFIERS, getModifierState (ui_events.js).

const touchListStates = new WeakMapCtor();
const touchList = stateAccessor(touchListStates);
// https://w3c.github.io/touch-events/#touchlist-interface ("TouchList Interface")
lazyInterface('TouchList', () => class TouchList {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    const self = platformObject(new.target);
    WeakMapPrototypeSet(touchListStates, self, { items: [] });
    return self;
  }
  get length() { return touchList(this).items.length; }
  item(index) { const v = touchList(this).items[toLong(index)]; return v === undefined ? null : v; }
});
function emptyTouchList(value, iface) {
  if (value !== null && toSequence(value, CONSTRUCT, iface).length !== 0) {
    throw new TypeErrorCtor(`${failedTo(CONSTRUCT, iface)}: Failed to read a 'Touch' from the list: Touch is not supported by isohost.`);
  }
  const TouchList = materialize('TouchList');
  return new TouchList(INTERNAL);
}
function defaultTouchLists(s) {
  if (s.changedTouches === null) s.changedTouches = emptyTouchList(null, 'TouchEvent');
  if (s.targetTouches === null) s.targetTouches = emptyTouchList(null, 'TouchEvent');
  if (s.touches === null) s.touches = emptyTouchList(null, 'TouchEvent');
}

lazyInterface('TouchEvent', () => {
  const TouchEvent = eventClass('TouchEvent', materialize('UIEvent'),
    withModifiers({ changedTouches: null, targetTouches: null, touches: null }), defaultTouchLists,
    withModifierTypes({ changedTouches: emptyTouchList, targetTouches: emptyTouchList, touches: emptyTouchList }),
    HIDDEN_MODIFIERS);
  define(TouchEvent.prototype, { getModifierState }, false);
  return TouchEvent;
});
