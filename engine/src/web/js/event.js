// Event (DOM), and the helper every Event subclass is made with.
// https://dom.spec.whatwg.org/#interface-event ("Interface Event")
//
// Event state lives in `shared`, so that an event made in one realm can be
// dispatched through a same-origin frame's nodes (one origin, one heap).

// Uses defineConstants, exposeInterface, platformObject, requiredArguments, sharedState,
//   toDictionary, toDOMString, CONSTRUCT (webidl.js).

let eventStates, ev;
atRealmStart(() => {
  eventStates = sharedState('eventSlots', eventSlots);
  ev = (self) => {
    const s = eventStates.stateOf(self);
    if (s === undefined) throw new TypeErrorCtor('Illegal invocation');
    return s;
  };
});
// Each event's state is a private field stamped on it (a class whose base
// constructor returns the event, so that the field initializer adds the
// field to it), not a WeakMap entry: an ephemeron per event made every
// scavenge of a message-heavy page walk them. Private names are invisible
// to script (no property, no symbol, no Proxy trap), as a WeakMap was.
// One pair per origin, as the WeakMap was: same-origin realms share events.
function eventSlots() {
  class Stamp { constructor(object) { return object; } }
  class Slot extends Stamp {
    #state;
    constructor(object, state) { super(object); this.#state = state; }
    static stateOf(object) { return typeof object === 'object' && object !== null && #state in object ? object.#state : undefined; }
  }
  return { __proto__: null, stamp: (object, state) => { new Slot(object, state); }, stateOf: Slot.stateOf };
}
const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;

class Event {
  // https://dom.spec.whatwg.org/#dom-event-event ("new Event(type, eventInitDict)")
  constructor(type, init = undefined) {
    requiredArguments(arguments.length, 1, CONSTRUCT, 'Event');
    const self = platformObject(new.target);
    type = toDOMString(type);
    const dict = toDictionary(init, 'EventInit', CONSTRUCT, 'Event');
    // Dictionary members are read in lexicographic order (WebIDL "dictionary").
    const bubbles = !!dict.bubbles;
    const cancelable = !!dict.cancelable;
    const composed = !!dict.composed;
    setUpEvent(self, type, bubbles, cancelable, composed, false);
    return self;
  }
  get type() { return ev(this).type; }
  get target() { return ev(this).target; }
  get srcElement() { return ev(this).target; }
  get currentTarget() { return ev(this).currentTarget; }
  get eventPhase() { return ev(this).eventPhase; }
  get bubbles() { return ev(this).bubbles; }
  get cancelable() { return ev(this).cancelable; }
  get composed() { return ev(this).composed; }
  get defaultPrevented() { return ev(this).canceled; }
  get returnValue() { return !ev(this).canceled; }
  set returnValue(v) { if (!v) cancel(ev(this)); }
  get cancelBubble() { return ev(this).stopPropagation; }
  set cancelBubble(v) { if (v) ev(this).stopPropagation = true; }
  get timeStamp() { return ev(this).timeStamp; }
  // https://dom.spec.whatwg.org/#dom-event-composedpath ("composedPath()"):
  // with shadow trees, without what the closed ones hide (shadow_root.js).
  composedPath() {
    const s = ev(this);
    if (!s.path) return [];
    return s.pathInfo === null ? ArrayCopy(s.path) : s.pathInfo.composedPath(s);
  }
  stopPropagation() { ev(this).stopPropagation = true; }
  stopImmediatePropagation() { const s = ev(this); s.stopPropagation = true; s.stopImmediate = true; }
  preventDefault() { cancel(ev(this)); }
  // https://dom.spec.whatwg.org/#dom-event-initevent ("initEvent(type, bubbles, cancelable)")
  initEvent(type, bubbles = false, cancelable = false) {
    requiredArguments(arguments.length, 1, 'initEvent', 'Event');
    const s = ev(this);
    // 1. If this's dispatch flag is set, then return.
    if (s.dispatching) return;
    // 2. Initialize this with type, bubbles, and cancelable.
    initialize(s, toDOMString(type), !!bubbles, !!cancelable);
  }
}
// https://dom.spec.whatwg.org/#concept-event-initialize ("initialize")
function initialize(s, type, bubbles, cancelable) {
  s.initialized = true;
  s.stopPropagation = s.stopImmediate = s.canceled = false;
  s.isTrusted = false;
  s.target = null;
  s.type = type; s.bubbles = bubbles; s.cancelable = cancelable;
}
// https://dom.spec.whatwg.org/#set-the-canceled-flag ("set the canceled
// flag"): not for uncancelable events, nor from a passive listener.
function cancel(s) {
  if (s.cancelable && !s.inPassive) s.canceled = true;
}
// Called for every event made: constants (see event_target.js's opCallStoppable).
const opPerformanceNow = ops.performanceNow;
const opEventDefineIsTrusted = ops.eventDefineIsTrusted;
// Named "get isTrusted", as an attribute's getter is (WebIDL).
const isTrustedGetter = ObjectGetOwnPropertyDescriptor({ get isTrusted() { return ev(this).isTrusted; } }, 'isTrusted').get;
// The state of a new event `self` (the constructor's steps after its
// argument conversions), returned for the subclass's own fields.
function setUpEvent(self, type, bubbles, cancelable, composed, isTrusted) {
  const s = {
    type, bubbles, cancelable, composed,
    target: null,
    currentTarget: null,
    eventPhase: NONE,
    path: null,
    stopPropagation: false,
    stopImmediate: false,
    canceled: false,
    inPassive: false,
    dispatching: false,
    initialized: true,
    isTrusted,
    timeStamp: opPerformanceNow(),
    // What dispatch and the shadow-tree path read or set on any event: own
    // fields, so that a getter or setter a page put on Object.prototype is
    // not reached (a null prototype doubled a message's instructions).
    relatedTarget: undefined,
    mouseEvent: false,
    pathInfo: null,
    pathIndex: 0,
  };
  eventStates.stamp(self, s);
  // [LegacyUnforgeable]: an own, non-configurable accessor on each event.
  opEventDefineIsTrusted(self, 'isTrusted', isTrustedGetter);
  return s;
}
defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
exposeInterface('Event', Event);

// An Event subclass whose extra attributes come from its init dictionary
// (an undefined member takes the default); `types` may give a member the
// conversion of its IDL type (`types.detail(value, name)`), `convert`
// adjusts them all, and the members in `hidden` get no attribute. Members are read in the order `fields` lists them
// (WebIDL reads a dictionary's members in lexicographic order). The
// subclasses made this way are one file each (or one per family), named
// after the spec's interface.
function eventClass(name, Base, fields, convert = null, types = null, hidden = null) {
  const names = ObjectKeys(fields);
  const C = class extends Base {
    constructor(type, init = undefined) {
      requiredArguments(arguments.length, 1, CONSTRUCT, name);
      super(type, init);
      const dict = toDictionary(init, `${name}Init`, CONSTRUCT, name);
      const s = ev(this);
      for (let i = 0; i < names.length; i++) {
        const v = dict[names[i]];
        if (v === undefined) s[names[i]] = fields[names[i]];
        else if (types !== null && types[names[i]] !== undefined) s[names[i]] = types[names[i]](v, name);
        else s[names[i]] = v;
      }
      if (convert !== null) convert(s);
    }
  };
  for (let i = 0; i < names.length; i++) {
    const field = names[i];
    // `hidden` members are state only (EventModifierInit's modifierAltGraph...).
    if (hidden !== null && ArrayPrototypeIncludes(hidden, field)) continue;
    ObjectDefineProperty(C.prototype, field, { __proto__: null, get() { return ev(this)[field]; }, configurable: true, enumerable: true });
  }
  ObjectDefineProperty(C, 'name', { __proto__: null, value: name });
  return C;
}

// An event the user agent fires (isTrusted), not one made by script.
function trustedEvent(Ctor, type, init) {
  const e = new Ctor(type, init);
  ev(e).isTrusted = true;
  return e;
}

// The same for an event whose init dictionary would be all defaults and
// whose type is a string, made without running the constructors (their
// conversions would change nothing); the caller sets the subclass's own
// fields in its state (`ev(event)`) as its constructor would.
function newTrustedEvent(Ctor, type) {
  // platformObject(Ctor), made with Ctor's prototype at once (V8 keeps the
  // map for it) rather than given it afterwards: one per message.
  const e = ReflectConstruct(EventTarget, [], Ctor);
  setUpEvent(e, type, false, false, false, true);
  return e;
}

return [
  Event, eventStates, ev, cancel, initialize, eventClass, trustedEvent, NONE, CAPTURING_PHASE, AT_TARGET,
  BUBBLING_PHASE, newTrustedEvent,
];
