// CustomEvent (DOM): an event carrying `detail`.
// https://dom.spec.whatwg.org/#interface-customevent ("Interface CustomEvent")

// Uses define, lazyInterface, requiredArguments, toDOMString (webidl.js); Event, ev, eventClass, initialize
//   (event.js).

lazyInterface('CustomEvent', () => {
  const CustomEvent = eventClass('CustomEvent', Event, { detail: null });
  define(CustomEvent.prototype, {
    // https://dom.spec.whatwg.org/#dom-customevent-initcustomevent ("initCustomEvent(type, bubbles, cancelable, detail)")
    initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
      requiredArguments(arguments.length, 1, 'initCustomEvent', 'CustomEvent');
      const s = ev(this);
      // 1. If this's dispatch flag is set, then return.
      if (s.dispatching) return;
      // 2. Initialize this with type, bubbles, and cancelable.
      initialize(s, toDOMString(type), !!bubbles, !!cancelable);
      // 3. Set this's detail attribute to detail.
      s.detail = detail;
    },
  }, false);
  return CustomEvent;
});

