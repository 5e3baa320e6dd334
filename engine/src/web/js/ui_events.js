// UI Events: UIEvent, FocusEvent, MouseEvent and KeyboardEvent, which the
// UI Events spec defines together; each made on first use.
// https://w3c.github.io/uievents/#events-uievents ("User Interface Events")
//
// Exposed on workers too (the spec says Window only), as isohost always
// did; not modelled: the init...Event() methods, getModifierState(), and
// any input (there is no user).

// Uses lazyInterface, materialize (webidl.js); Event, eventClass (event.js).

// https://w3c.github.io/uievents/#interface-uievent ("Interface UIEvent")
lazyInterface('UIEvent', () => eventClass('UIEvent', Event, { view: null, detail: 0 }));
// https://w3c.github.io/uievents/#interface-focusevent ("Interface FocusEvent")
lazyInterface('FocusEvent', () => eventClass('FocusEvent', materialize('UIEvent'), { relatedTarget: null }));
// https://w3c.github.io/uievents/#interface-mouseevent ("Interface MouseEvent")
lazyInterface('MouseEvent', () => eventClass('MouseEvent', materialize('UIEvent'), { screenX: 0, screenY: 0, clientX: 0, clientY: 0, button: 0, buttons: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, relatedTarget: null }));
// https://w3c.github.io/uievents/#interface-keyboardevent ("Interface KeyboardEvent")
lazyInterface('KeyboardEvent', () => eventClass('KeyboardEvent', materialize('UIEvent'), { key: '', code: '', location: 0, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, repeat: false }));
