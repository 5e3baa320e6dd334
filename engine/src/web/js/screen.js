// Screen (CSSOM View): the output device, headless: a 1024×768 screen of
// 24-bit colour.
// https://drafts.csswg.org/cssom-view/#the-screen-interface ("The Screen Interface")
//
// Not modelled: screen.orientation, change events.

// Uses define, exposeInterface, illegalConstructor, INTERNAL, platformObject (webidl.js).

class Screen {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    return platformObject(new.target);
  }
}
const screens = new WeakMapCtor();
function screenOf(self) {
  if (!WeakMapPrototypeHas(screens, self)) throw new TypeErrorCtor('Illegal invocation');
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
exposeInterface('Screen', Screen);
const screenObject = new Screen(INTERNAL);
WeakMapPrototypeSet(screens, screenObject, true);

return [screenObject];
