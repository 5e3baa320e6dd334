// Screen (CSSOM View): the output device, headless: a 1024×768 screen of
// 24-bit colour.
// https://drafts.csswg.org/cssom-view/#the-screen-interface ("The Screen Interface")
//
// Not modelled: screen.orientation, change events.

// Uses define, lazyInterface, materialize, illegalConstructor, INTERNAL, platformObject (webidl.js).

// Made with the interface (no Screen exists before it).
let screens;
lazyInterface('Screen', () => {
  function screenOf(self) {
    if (!WeakMapPrototypeHas(screens, self)) throw new TypeErrorCtor('Illegal invocation');
  }
  screens = new WeakMapCtor();
  class Screen {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      return platformObject(new.target);
    }
  }
  define(Screen.prototype, {
    get availWidth() { screenOf(this); return 1024; },
    get availHeight() { screenOf(this); return 768; },
    get width() { screenOf(this); return 1024; },
    get height() { screenOf(this); return 768; },
    get colorDepth() { screenOf(this); return 24; },
    get pixelDepth() { screenOf(this); return 24; },
    // Not in CSSOM View; browsers have them.
    get availLeft() { screenOf(this); return 0; },
    get availTop() { screenOf(this); return 0; },
  });
  return Screen;
});
// The window's screen, made on first read.
let screenObject = null;
function windowScreen() {
  if (screenObject === null) {
    screenObject = new (materialize('Screen'))(INTERNAL);
    WeakMapPrototypeSet(screens, screenObject, true);
  }
  return screenObject;
}

return [windowScreen];
