// DeviceOrientationEvent and DeviceMotionEvent (DeviceOrientation Event
// spec), with DeviceMotionEvent's acceleration and rotation rate objects;
// made on first use (with what they share), for script and
// document.createEvent().
// https://w3c.github.io/deviceorientation/#deviceorientation ("deviceorientation Event")
// https://w3c.github.io/deviceorientation/#devicemotion ("devicemotion Event")
//
// Not modelled: sensors (there are none: no event is ever fired), and
// requestPermission() beyond answering "denied".

// Uses lazyInterface, materialize, define, INTERNAL, illegalConstructor, platformObject, stateAccessor, toDouble,
//   failedTo, CONSTRUCT, toDictionary (webidl.js); Event, eventClass (event.js).

// The interfaces' makers and what they share, made on first use of one.
let made;
function deviceEvents() {
  if (made === undefined) made = makeDeviceEvents();
  return made;
}
function makeInterface(name) {
  return deviceEvents()[name]();
}
lazyInterface('DeviceOrientationEvent', makeInterface);
lazyInterface('DeviceMotionEventAcceleration', makeInterface);
lazyInterface('DeviceMotionEventRotationRate', makeInterface);
lazyInterface('DeviceMotionEvent', makeInterface);

function makeDeviceEvents() {
  const makers = { __proto__: null };

  // double? members: null stays null.
  function nullableDouble(value, iface) {
    return value === null ? null : toDouble(value, failedTo(CONSTRUCT, iface));
  }
  function denied() { return PromiseResolve('denied'); }

  // https://w3c.github.io/deviceorientation/#deviceorientationevent ("The DeviceOrientationEvent interface")
  makers.DeviceOrientationEvent = () => {
    const DeviceOrientationEvent = eventClass('DeviceOrientationEvent', Event,
      { absolute: false, alpha: null, beta: null, gamma: null }, null,
      { __proto__: null, absolute: (v) => !!v, alpha: nullableDouble, beta: nullableDouble, gamma: nullableDouble });
    define(DeviceOrientationEvent, { requestPermission: denied }, false);
    return DeviceOrientationEvent;
  };

  // The acceleration and rotation rate objects: platform objects with
  // nullable double attributes, read from a dictionary.
  const motionParts = new WeakMapCtor();
  const motionPart = stateAccessor(motionParts);
  function motionClass(name, members) {
    const C = { [name]: class {
      constructor(key) { if (key !== INTERNAL) throw illegalConstructor(); return platformObject(new.target); }
    } }[name];
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      ObjectDefineProperty(C.prototype, m, { __proto__: null, get() { return motionPart(this)[m]; }, enumerable: true, configurable: true });
    }
    return C;
  }
  makers.DeviceMotionEventAcceleration = () => motionClass('DeviceMotionEventAcceleration', ['x', 'y', 'z']);
  makers.DeviceMotionEventRotationRate = () => motionClass('DeviceMotionEventRotationRate', ['alpha', 'beta', 'gamma']);
  function motionObject(iface, members) {
    return (value, eventIface) => {
      if (value === null) return null;
      const dict = toDictionary(value, `${iface}Init`, CONSTRUCT, eventIface);
      const C = materialize(iface);
      const o = new C(INTERNAL);
      const state = { __proto__: null };
      for (let i = 0; i < members.length; i++) {
        const v = dict[members[i]];
        state[members[i]] = v === undefined ? null : nullableDouble(v, eventIface);
      }
      WeakMapPrototypeSet(motionParts, o, state);
      return o;
    };
  }

  // https://w3c.github.io/deviceorientation/#devicemotionevent ("The DeviceMotionEvent interface")
  makers.DeviceMotionEvent = () => {
    const ACCELERATION = motionObject('DeviceMotionEventAcceleration', ['x', 'y', 'z']);
    const DeviceMotionEvent = eventClass('DeviceMotionEvent', Event,
      { acceleration: null, accelerationIncludingGravity: null, interval: 0, rotationRate: null }, null, {
        __proto__: null,
        acceleration: ACCELERATION,
        accelerationIncludingGravity: ACCELERATION,
        interval: (v, iface) => toDouble(v, failedTo(CONSTRUCT, iface)),
        rotationRate: motionObject('DeviceMotionEventRotationRate', ['alpha', 'beta', 'gamma']),
      });
    define(DeviceMotionEvent, { requestPermission: denied }, false);
    return DeviceMotionEvent;
  };

  return makers;
}
