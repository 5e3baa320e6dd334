// UI Events: UIEvent, FocusEvent, MouseEvent, WheelEvent, InputEvent,
// KeyboardEvent, CompositionEvent and TextEvent, which the UI Events spec
// defines together, with their init dictionaries (EventModifierInit...) and
// legacy init...Event() methods; each made on first use, and what they
// share made with the first of them (a realm that makes no UI event pays for
// none of it: ~16 functions and five tables).
// https://w3c.github.io/uievents/#events-uievents ("User Interface Events")
// https://w3c.github.io/uievents/#legacy-event-initializers ("Legacy Event Initializers")
//
// Exposed on workers too (the spec says Window only), as isohost always
// did. Not modelled: any input (there is no user: every event here is made
// by script or by the host's click()), DataTransfer and StaticRange (a
// non-null dataTransfer is refused, targetRanges are dropped), and layout
// (offsetX/offsetY are clientX/clientY, pageX/pageY add a scroll of 0).

// Uses lazyInterface, materialize, defineConstants, define, CONSTRUCT, INTERNAL, illegalConstructor,
//   failedTo, toDOMString, toLong, toUnsignedLong, toShort, toUnsignedShort, toDouble,
//   requiredArguments (webidl.js);
//   Event, ev, eventClass, initialize (event.js).

let made;
// The interfaces' makers and what other files use of them, made on first use.
function uiEvents() {
  if (made === undefined) made = makeUIEvents();
  return made;
}
function makeInterface(name) {
  return uiEvents().makers[name]();
}
lazyInterface('UIEvent', makeInterface);
lazyInterface('FocusEvent', makeInterface);
lazyInterface('MouseEvent', makeInterface);
lazyInterface('WheelEvent', makeInterface);
lazyInterface('InputEvent', makeInterface);
lazyInterface('KeyboardEvent', makeInterface);
lazyInterface('CompositionEvent', makeInterface);
lazyInterface('TextEvent', makeInterface);

function makeUIEvents() {
  const makers = { __proto__: null };

  // --- Conversions of the init dictionaries' members -------------------------------

  // "Failed to read the 'view' property from 'UIEventInit': ...", as Chromium words it.
  function memberError(iface, member, what) {
    return new TypeErrorCtor(`${failedTo(CONSTRUCT, iface)}: Failed to read the '${member}' property from '${iface}Init': ${what}`);
  }
  // https://webidl.spec.whatwg.org/#es-interface: `Window?` and `EventTarget?`.
  function toWindowOrNull(value, iface, member = 'view') {
    if (value === null || value === undefined) return null;
    if (!ops.uiEventsIsWindow(value)) throw memberError(iface, member, "The provided value is not of type 'Window'.");
    return value;
  }
  function toEventTargetOrNull(value, iface, member = 'relatedTarget') {
    if (value === null || value === undefined) return null;
    if (!ops.uiEventsIsEventTarget(value)) throw memberError(iface, member, "The provided value is not of type 'EventTarget'.");
    return value;
  }
  const LONG = (v) => toLong(v);
  const UNSIGNED_LONG = (v) => toUnsignedLong(v);
  const SHORT = (v) => toShort(v);
  const UNSIGNED_SHORT = (v) => toUnsignedShort(v);
  const BOOLEAN = (v) => !!v;
  const STRING = (v) => toDOMString(v);
  const DOUBLE = (v, iface) => toDouble(v, failedTo(CONSTRUCT, iface));

  // https://w3c.github.io/uievents/#dictdef-eventmodifierinit ("EventModifierInit"):
  // the key modifiers, four of them attributes, the others only read by
  // getModifierState().
  const MODIFIERS = {
    __proto__: null,
    altKey: false, ctrlKey: false, metaKey: false, modifierAltGraph: false, modifierCapsLock: false,
    modifierFn: false, modifierFnLock: false, modifierHyper: false, modifierNumLock: false,
    modifierScrollLock: false, modifierSuper: false, modifierSymbol: false, modifierSymbolLock: false,
    shiftKey: false,
  };
  const MODIFIER_TYPES = {
    __proto__: null,
    altKey: BOOLEAN, ctrlKey: BOOLEAN, metaKey: BOOLEAN, modifierAltGraph: BOOLEAN, modifierCapsLock: BOOLEAN,
    modifierFn: BOOLEAN, modifierFnLock: BOOLEAN, modifierHyper: BOOLEAN, modifierNumLock: BOOLEAN,
    modifierScrollLock: BOOLEAN, modifierSuper: BOOLEAN, modifierSymbol: BOOLEAN, modifierSymbolLock: BOOLEAN,
    shiftKey: BOOLEAN,
  };
  const HIDDEN_MODIFIERS = ['modifierAltGraph', 'modifierCapsLock', 'modifierFn', 'modifierFnLock', 'modifierHyper',
    'modifierNumLock', 'modifierScrollLock', 'modifierSuper', 'modifierSymbol', 'modifierSymbolLock'];
  // getModifierState()'s key names -> the state member.
  const MODIFIER_KEYS = {
    __proto__: null,
    Alt: 'altKey', AltGraph: 'modifierAltGraph', CapsLock: 'modifierCapsLock', Control: 'ctrlKey', Fn: 'modifierFn',
    FnLock: 'modifierFnLock', Hyper: 'modifierHyper', Meta: 'metaKey', NumLock: 'modifierNumLock',
    ScrollLock: 'modifierScrollLock', Shift: 'shiftKey', Super: 'modifierSuper', Symbol: 'modifierSymbol',
    SymbolLock: 'modifierSymbolLock',
  };
  // https://w3c.github.io/uievents/#dom-mouseevent-getmodifierstate ("getModifierState(keyArg)")
  function getModifierState(keyArg) {
    requiredArguments(arguments.length, 1, 'getModifierState', 'MouseEvent');
    const member = MODIFIER_KEYS[toDOMString(keyArg)];
    return member !== undefined && ev(this)[member] === true;
  }
  // Dictionary members, each level's in lexicographic order.
  function withModifiers(own) {
    return ObjectAssign({ __proto__: null }, MODIFIERS, own);
  }
  function withModifierTypes(own) {
    return ObjectAssign({ __proto__: null }, MODIFIER_TYPES, own);
  }

  // The legacy initializers' common part: nothing while dispatching, else
  // "initialize" the event and set view and detail (UIEvent's).
  function legacyInit(self, type, bubbles, cancelable, view, detail) {
    const s = ev(self);
    if (s.dispatching) return null;
    initialize(s, toDOMString(type), !!bubbles, !!cancelable);
    s.view = view === undefined || view === null ? null : toWindowOrNull(view, 'UIEvent');
    s.detail = toLong(detail);
    return s;
  }

  // --- UIEvent ------------------------------------------------------------------------

  // https://w3c.github.io/uievents/#interface-uievent ("Interface UIEvent")
  makers.UIEvent = () => {
    const UIEvent = eventClass('UIEvent', Event, { detail: 0, view: null, which: 0 }, null,
      { __proto__: null, detail: LONG, view: toWindowOrNull, which: UNSIGNED_LONG });
    define(UIEvent.prototype, {
      // https://w3c.github.io/uievents/#dom-uievent-inituievent ("initUIEvent(...)")
      initUIEvent(typeArg, bubblesArg = false, cancelableArg = false, viewArg = null, detailArg = 0) {
        requiredArguments(arguments.length, 1, 'initUIEvent', 'UIEvent');
        legacyInit(this, typeArg, bubblesArg, cancelableArg, viewArg, detailArg);
      },
    }, false);
    return UIEvent;
  };

  // https://w3c.github.io/uievents/#interface-focusevent ("Interface FocusEvent")
  makers.FocusEvent = () => eventClass('FocusEvent', materialize('UIEvent'), { relatedTarget: null }, null,
    { __proto__: null, relatedTarget: toEventTargetOrNull });

  // --- MouseEvent, WheelEvent ------------------------------------------------------------

  // https://w3c.github.io/uievents/#interface-mouseevent ("Interface MouseEvent"),
  // with CSSOM View's double coordinates and pageX..offsetY
  // (https://drafts.csswg.org/cssom-view/#extensions-to-the-mouseevent-interface).
  const MOUSE_FIELDS = withModifiers({
    button: 0, buttons: 0, clientX: 0, clientY: 0, movementX: 0, movementY: 0, relatedTarget: null, screenX: 0, screenY: 0,
  });
  const MOUSE_TYPES = withModifierTypes({
    button: SHORT, buttons: UNSIGNED_SHORT, clientX: DOUBLE, clientY: DOUBLE, movementX: DOUBLE, movementY: DOUBLE,
    relatedTarget: toEventTargetOrNull, screenX: DOUBLE, screenY: DOUBLE,
  });
  // What makes a click an activation event (DOM "dispatch": "event is a MouseEvent object").
  function markMouseEvent(s) { s.mouseEvent = true; }
  makers.MouseEvent = () => {
    const MouseEvent = eventClass('MouseEvent', materialize('UIEvent'), MOUSE_FIELDS, markMouseEvent, MOUSE_TYPES, HIDDEN_MODIFIERS);
    define(MouseEvent.prototype, {
      get pageX() { return ev(this).clientX; },
      get pageY() { return ev(this).clientY; },
      get x() { return ev(this).clientX; },
      get y() { return ev(this).clientY; },
      get offsetX() { return ev(this).clientX; },
      get offsetY() { return ev(this).clientY; },
      get layerX() { return ev(this).clientX; },
      get layerY() { return ev(this).clientY; },
      // Legacy (UI Events "which"): the button, counted from 1.
      get which() { return ev(this).button + 1; },
    });
    define(MouseEvent.prototype, {
      getModifierState,
      // https://w3c.github.io/uievents/#dom-mouseevent-initmouseevent ("initMouseEvent(...)")
      initMouseEvent(typeArg, bubblesArg = false, cancelableArg = false, viewArg = null, detailArg = 0, screenXArg = 0,
        screenYArg = 0, clientXArg = 0, clientYArg = 0, ctrlKeyArg = false, altKeyArg = false, shiftKeyArg = false,
        metaKeyArg = false, buttonArg = 0, relatedTargetArg = null) {
        requiredArguments(arguments.length, 1, 'initMouseEvent', 'MouseEvent');
        const s = legacyInit(this, typeArg, bubblesArg, cancelableArg, viewArg, detailArg);
        if (s === null) return;
        s.screenX = toLong(screenXArg); s.screenY = toLong(screenYArg);
        s.clientX = toLong(clientXArg); s.clientY = toLong(clientYArg);
        s.ctrlKey = !!ctrlKeyArg; s.altKey = !!altKeyArg; s.shiftKey = !!shiftKeyArg; s.metaKey = !!metaKeyArg;
        s.button = toShort(buttonArg);
        s.relatedTarget = toEventTargetOrNull(relatedTargetArg, 'MouseEvent');
      },
    }, false);
    return MouseEvent;
  };

  // https://w3c.github.io/uievents/#interface-wheelevent ("Interface WheelEvent")
  makers.WheelEvent = () => {
    const WheelEvent = eventClass('WheelEvent', materialize('MouseEvent'), { deltaMode: 0, deltaX: 0, deltaY: 0, deltaZ: 0 }, null,
      { __proto__: null, deltaMode: UNSIGNED_LONG, deltaX: DOUBLE, deltaY: DOUBLE, deltaZ: DOUBLE });
    defineConstants(WheelEvent, { DOM_DELTA_PIXEL: 0, DOM_DELTA_LINE: 1, DOM_DELTA_PAGE: 2 });
    return WheelEvent;
  };

  // --- InputEvent --------------------------------------------------------------------------

  function toNoDataTransfer(value, iface) {
    if (value === null || value === undefined) return null;
    throw memberError(iface, 'dataTransfer', "The provided value is not of type 'DataTransfer'.");
  }
  // https://w3c.github.io/uievents/#interface-inputevent ("Interface InputEvent")
  makers.InputEvent = () => {
    const InputEvent = eventClass('InputEvent', materialize('UIEvent'),
      { data: null, dataTransfer: null, inputType: '', isComposing: false }, null,
      { __proto__: null, data: (v) => (v === null ? null : toDOMString(v)), dataTransfer: toNoDataTransfer, inputType: STRING, isComposing: BOOLEAN });
    define(InputEvent.prototype, {
      // https://w3c.github.io/input-events/#dom-inputevent-gettargetranges ("getTargetRanges()")
      getTargetRanges() { ev(this); return []; },
    }, false);
    return InputEvent;
  };

  // --- KeyboardEvent -----------------------------------------------------------------------

  // https://w3c.github.io/uievents/#interface-keyboardevent ("Interface KeyboardEvent"),
  // with the legacy charCode and keyCode
  // (https://w3c.github.io/uievents/#legacy-interface-KeyboardEvent).
  makers.KeyboardEvent = () => {
    const KeyboardEvent = eventClass('KeyboardEvent', materialize('UIEvent'),
      withModifiers({ charCode: 0, code: '', isComposing: false, key: '', keyCode: 0, location: 0, repeat: false }), null,
      withModifierTypes({ charCode: UNSIGNED_LONG, code: STRING, isComposing: BOOLEAN, key: STRING, keyCode: UNSIGNED_LONG, location: UNSIGNED_LONG, repeat: BOOLEAN }),
      HIDDEN_MODIFIERS);
    defineConstants(KeyboardEvent, { DOM_KEY_LOCATION_STANDARD: 0, DOM_KEY_LOCATION_LEFT: 1, DOM_KEY_LOCATION_RIGHT: 2, DOM_KEY_LOCATION_NUMPAD: 3 });
    define(KeyboardEvent.prototype, {
      // Legacy "which", as Chromium answers it: the key code.
      get which() { return ev(this).keyCode; },
    });
    define(KeyboardEvent.prototype, {
      getModifierState,
      // https://w3c.github.io/uievents/#dom-keyboardevent-initkeyboardevent ("initKeyboardEvent(...)")
      initKeyboardEvent(typeArg, bubblesArg = false, cancelableArg = false, viewArg = null, keyArg = '', locationArg = 0,
        ctrlKey = false, altKey = false, shiftKey = false, metaKey = false) {
        requiredArguments(arguments.length, 1, 'initKeyboardEvent', 'KeyboardEvent');
        const s = legacyInit(this, typeArg, bubblesArg, cancelableArg, viewArg, 0);
        if (s === null) return;
        s.key = toDOMString(keyArg);
        s.location = toUnsignedLong(locationArg);
        s.ctrlKey = !!ctrlKey; s.altKey = !!altKey; s.shiftKey = !!shiftKey; s.metaKey = !!metaKey;
      },
    }, false);
    return KeyboardEvent;
  };

  // --- CompositionEvent, TextEvent --------------------------------------------------------

  // https://w3c.github.io/uievents/#interface-compositionevent ("Interface CompositionEvent")
  makers.CompositionEvent = () => {
    const CompositionEvent = eventClass('CompositionEvent', materialize('UIEvent'), { data: '' }, null, { __proto__: null, data: STRING });
    define(CompositionEvent.prototype, {
      // https://w3c.github.io/uievents/#dom-compositionevent-initcompositionevent ("initCompositionEvent(...)")
      initCompositionEvent(typeArg, bubblesArg = false, cancelableArg = false, viewArg = null, dataArg = '') {
        requiredArguments(arguments.length, 1, 'initCompositionEvent', 'CompositionEvent');
        const s = legacyInit(this, typeArg, bubblesArg, cancelableArg, viewArg, 0);
        if (s !== null) s.data = toDOMString(dataArg);
      },
    }, false);
    return CompositionEvent;
  };

  // https://w3c.github.io/uievents/#textevent ("Interface TextEvent"): no
  // constructor; only document.createEvent("TextEvent") makes one.
  makers.TextEvent = () => {
    const UIEvent = materialize('UIEvent');
    class TextEvent extends UIEvent {
      constructor(key) {
        if (key !== INTERNAL) throw illegalConstructor();
        super('');
        ev(this).data = '';
      }
      get data() { return ev(this).data; }
      // https://w3c.github.io/uievents/#dom-textevent-inittextevent ("initTextEvent(...)")
      initTextEvent(typeArg, bubblesArg = false, cancelableArg = false, viewArg = null, dataArg = 'undefined') {
        requiredArguments(arguments.length, 1, 'initTextEvent', 'TextEvent');
        const s = legacyInit(this, typeArg, bubblesArg, cancelableArg, viewArg, 0);
        if (s !== null) s.data = toDOMString(dataArg);
      }
    }
    return TextEvent;
  };

  return { __proto__: null, makers, withModifiers, withModifierTypes, HIDDEN_MODIFIERS, getModifierState };
}

return [uiEvents];
