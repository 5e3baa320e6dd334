// PointerEvent (Pointer Events): a MouseEvent with a pointer's id, size,
// pressure and orientation; made on first use, with its conversions.
// https://w3c.github.io/pointerevents/#pointerevent-interface ("PointerEvent interface")
//
// Not modelled: any pointer input (there is no user; click() fires one,
// HTML's "fire a synthetic pointer event"), pointer capture.

// Uses lazyInterface, materialize, define, CONSTRUCT, toDOMString, toLong, toDouble, toSequence,
//   failedTo (webidl.js); ev, eventClass (event.js).

// Builtins only this file uses, captured at start-up as the primordials
// are, but here: see primordials.js on the size of the bindings' scope.
const MathAbs = Math.abs;
const MathAtan = Math.atan;
const MathAtan2 = Math.atan2;
const MathCos = Math.cos;
const MathFround = Math.fround;
const MathPI = Math.PI;
const MathRound = Math.round;
const MathSin = Math.sin;
const MathSqrt = Math.sqrt;
const MathTan = Math.tan;

lazyInterface('PointerEvent', () => {
  const DOUBLE = (v, iface) => toDouble(v, failedTo(CONSTRUCT, iface));
  const FLOAT = (v, iface) => MathFround(toDouble(v, failedTo(CONSTRUCT, iface)));
  const LONG = (v) => toLong(v);
  const SEQUENCE = (v, iface) => toSequence(v, CONSTRUCT, iface);

  // https://w3c.github.io/pointerevents/#converting-between-tiltx-tilty-and-altitudeangle-azimuthangle
  // ("Converting between tiltX / tiltY and altitudeAngle / azimuthAngle").
  function tiltToSpherical(tiltX, tiltY) {
    const tiltXrad = tiltX * MathPI / 180;
    const tiltYrad = tiltY * MathPI / 180;
    let azimuthAngle = 0;
    if (tiltX === 0) {
      if (tiltY > 0) azimuthAngle = MathPI / 2;
      else if (tiltY < 0) azimuthAngle = 3 * MathPI / 2;
    } else if (tiltY === 0) {
      if (tiltX < 0) azimuthAngle = MathPI;
    } else if (MathAbs(tiltX) === 90 || MathAbs(tiltY) === 90) {
      azimuthAngle = 0;
    } else {
      azimuthAngle = MathAtan2(MathTan(tiltYrad), MathTan(tiltXrad));
      if (azimuthAngle < 0) azimuthAngle += 2 * MathPI;
    }
    let altitudeAngle;
    if (MathAbs(tiltX) === 90 || MathAbs(tiltY) === 90) altitudeAngle = 0;
    else if (tiltX === 0) altitudeAngle = MathPI / 2 - MathAbs(tiltYrad);
    else if (tiltY === 0) altitudeAngle = MathPI / 2 - MathAbs(tiltXrad);
    else altitudeAngle = MathAtan(1 / MathSqrt(MathTan(tiltXrad) ** 2 + MathTan(tiltYrad) ** 2));
    return [altitudeAngle, azimuthAngle];
  }
  function sphericalToTilt(altitudeAngle, azimuthAngle) {
    let tiltXrad = 0;
    let tiltYrad = 0;
    const half = MathPI / 2;
    if (altitudeAngle === 0) {
      if (azimuthAngle === 0 || azimuthAngle === 2 * MathPI) tiltXrad = half;
      if (azimuthAngle === half) tiltYrad = half;
      if (azimuthAngle === MathPI) tiltXrad = -half;
      if (azimuthAngle === 3 * half) tiltYrad = -half;
      if (azimuthAngle > 0 && azimuthAngle < half) { tiltXrad = half; tiltYrad = half; }
      if (azimuthAngle > half && azimuthAngle < MathPI) { tiltXrad = -half; tiltYrad = half; }
      if (azimuthAngle > MathPI && azimuthAngle < 3 * half) { tiltXrad = -half; tiltYrad = -half; }
      if (azimuthAngle > 3 * half && azimuthAngle < 2 * MathPI) { tiltXrad = half; tiltYrad = -half; }
    } else {
      const tanAlt = MathTan(altitudeAngle);
      tiltXrad = MathAtan(MathCos(azimuthAngle) / tanAlt);
      tiltYrad = MathAtan(MathSin(azimuthAngle) / tanAlt);
    }
    return [MathRound(tiltXrad * 180 / MathPI), MathRound(tiltYrad * 180 / MathPI)];
  }

  // https://w3c.github.io/pointerevents/#dom-pointereventinit ("PointerEventInit"):
  // the tilts and the angles default from each other (undefined: not given).
  function orientation(s) {
    const tilt = s.tiltX !== undefined || s.tiltY !== undefined;
    const angles = s.altitudeAngle !== undefined || s.azimuthAngle !== undefined;
    if (s.tiltX === undefined) s.tiltX = 0;
    if (s.tiltY === undefined) s.tiltY = 0;
    if (!angles && tilt) {
      const a = tiltToSpherical(s.tiltX, s.tiltY);
      s.altitudeAngle = a[0];
      s.azimuthAngle = a[1];
    } else {
      if (s.altitudeAngle === undefined) s.altitudeAngle = MathPI / 2;
      if (s.azimuthAngle === undefined) s.azimuthAngle = 0;
      if (angles && !tilt) {
        const t = sphericalToTilt(s.altitudeAngle, s.azimuthAngle);
        s.tiltX = t[0];
        s.tiltY = t[1];
      }
    }
    s.coalescedEvents = ObjectFreeze(s.coalescedEvents === null ? [] : s.coalescedEvents);
    s.predictedEvents = ObjectFreeze(s.predictedEvents === null ? [] : s.predictedEvents);
  }

  const PointerEvent = eventClass('PointerEvent', materialize('MouseEvent'), {
    altitudeAngle: undefined, azimuthAngle: undefined, coalescedEvents: null, height: 1, isPrimary: false,
    persistentDeviceId: 0, pointerId: 0, pointerType: '', predictedEvents: null, pressure: 0,
    tangentialPressure: 0, tiltX: undefined, tiltY: undefined, twist: 0, width: 1,
  }, orientation, {
    __proto__: null,
    altitudeAngle: DOUBLE, azimuthAngle: DOUBLE, coalescedEvents: SEQUENCE, height: DOUBLE, isPrimary: (v) => !!v,
    persistentDeviceId: LONG, pointerId: LONG, pointerType: (v) => toDOMString(v), predictedEvents: SEQUENCE,
    pressure: FLOAT, tangentialPressure: FLOAT, tiltX: LONG, tiltY: LONG, twist: LONG, width: DOUBLE,
  }, ['coalescedEvents', 'predictedEvents']);
  define(PointerEvent.prototype, {
    // https://w3c.github.io/pointerevents/#dom-pointerevent-getcoalescedevents ("getCoalescedEvents()")
    getCoalescedEvents() { return ArraySlice(ev(this).coalescedEvents); },
    // https://w3c.github.io/pointerevents/#dom-pointerevent-getpredictedevents ("getPredictedEvents()")
    getPredictedEvents() { return ArraySlice(ev(this).predictedEvents); },
  }, false);
  return PointerEvent;
});

// https://html.spec.whatwg.org/multipage/webappapis.html#fire-a-synthetic-pointer-event ("fire a synthetic pointer event"),
// steps 1-8: the event (the caller dispatches it). Its pointerId is -1, as
// Pointer Events says of events no pointer device made.
function syntheticPointerEvent(type, view) {
  const PointerEvent = materialize('PointerEvent');
  return new PointerEvent(type, { __proto__: null, bubbles: true, cancelable: true, composed: true, view, pointerId: -1 });
}

return [syntheticPointerEvent];
