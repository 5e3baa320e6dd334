// EventTarget (DOM): listeners, and event dispatch.
// https://dom.spec.whatwg.org/#interface-eventtarget ("Interface EventTarget")
//
// EventTarget itself is a host constructor (templates.rs), so that every
// platform object is a host object; this file gives it its methods.
// Listener lists live in `shared`, so that same-origin realms see one list
// per object. Activation behaviour comes from the DOM files (domHooks).
// Not modelled: touch target lists.

// Uses define, exposeInterface, keepFast, sharedState, requiredArguments, failedTo, notOfType, toDOMString
//   (webidl.js); DOMException (dom_exception.js); eventStates, ev, AT_TARGET, BUBBLING_PHASE,
//   CAPTURING_PHASE, NONE (event.js); reportException (runtime_script_errors.js, after this
//   file); isAbortSignal, isAborted, addAbortAlgorithm (abort_signal.js, after this file).

// What the DOM files fill in (window realms only): a node's parent in the
// event path, whether a target is the document, its root or body, the
// compiling of content attribute handlers (onclick="..."), an element's
// activation behaviour for one dispatch (null if it has none: else
// { preActivation, canceledActivation, run }, the first two possibly
// null), whether a value is an HTMLElement, and following a hyperlink
// (links.js's activation behaviour, and isohostTest, exposed on every global);
// and what dispatch asks of shadow trees (shadow_root.js).
const domHooks = keepFast({
  getTheParent: null, isDocumentRootOrBody: null, compileAttributeHandler: null, activationBehavior: null,
  isHTMLElement: null, followHyperlink: null, shadowTrees: null,
});

// The ops a dispatch from a task calls for every listener, held as
// constants from start-up: a call through `ops.name` reads the ops object,
// whose interceptor keeps optimized code from knowing the function, and
// goes through V8's generic API call; a constant's call goes straight to
// the op (about 270 instructions fewer a call: callgrind of `compare-isohost
// iframe-same`). Reading an op makes its function in the realm at start-up
// (and its template part of the start-up snapshot), so only ops nearly
// every realm calls are held this way (event.js and
// event_handler_content_attributes.js hold theirs so too): these cost an
// extra frame 0.2 KiB of heap (329.8 -> 330.0 KiB, `frames-script 20`) and
// `Isolate::New` ≈26 k instructions; windowPostMessage held so saved 0.4 %
// of a round trip for 0.13 KiB more per frame, and is not.
const opMicrotaskCheckpoint = ops.eventTargetMicrotaskCheckpoint;
const opCallStoppable = ops.eventTargetCallStoppable;

// target -> Map(type -> [listener record]).
let listeners;
atRealmStart(() => {
  listeners = sharedState('listeners', () => new WeakMapCtor());
  // A navigation keeps the WindowProxy (the key) but makes a new Window,
  // which starts with no listeners.
  if (info.replacesWindow) WeakMapPrototypeDelete(listeners, global);
});
function listenersOf(target, create) {
  let map = WeakMapPrototypeGet(listeners, target);
  if (map === undefined && create) {
    map = new MapCtor();
    WeakMapPrototypeSet(listeners, target, map);
  }
  return map;
}
// Whether `target` has ever had a listener of `type` (removed ones may
// leave an empty list): false means a dispatch would call none there.
function mayHaveListeners(target, type) {
  const map = WeakMapPrototypeGet(listeners, target);
  return map !== undefined && MapPrototypeGet(map, type) !== undefined;
}

// https://dom.spec.whatwg.org/#event-flatten-more ("flatten more"):
// capture, once, passive, signal (in that order).
function flattenOptions(options, withMore) {
  if (options === undefined || options === null) return { capture: false, once: false, passive: null, signal: null };
  if (typeof options !== 'object' && typeof options !== 'function') {
    return { capture: !!options, once: false, passive: null, signal: null };
  }
  const capture = !!options.capture;
  if (!withMore) return { capture, once: false, passive: null, signal: null };
  const once = !!options.once;
  const passive = options.passive === undefined ? null : !!options.passive;
  let signal = options.signal;
  if (signal === undefined) signal = null;
  else if (!isAbortSignal(signal)) {
    throw new TypeErrorCtor(`${failedTo('addEventListener', 'EventTarget')}: Failed to read the 'signal' property from 'AddEventListenerOptions': Failed to convert value to 'AbortSignal'.`);
  }
  return { capture, once, passive, signal };
}

// https://dom.spec.whatwg.org/#default-passive-value ("default passive
// value"): touch and wheel listeners on the window, the document and its
// root and body are passive unless they say otherwise.
const PASSIVE_BY_DEFAULT = ['touchstart', 'touchmove', 'wheel', 'mousewheel'];
function defaultPassive(type, target) {
  if (!ArrayPrototypeIncludes(PASSIVE_BY_DEFAULT, type)) return false;
  return target === global || (domHooks.isDocumentRootOrBody !== null && domHooks.isDocumentRootOrBody(target));
}

// https://dom.spec.whatwg.org/#add-an-event-listener ("add an event listener"),
// from step 2 (step 1 is for service workers).
function addListener(target, type, callback, opts) {
  // 2. If listener's signal is not null and is aborted, then return.
  if (opts.signal !== null && isAborted(opts.signal)) return;
  // 3. If listener's callback is null, then return.
  if (callback === null) return;
  // 4. If listener's passive is null, set it to the default passive value.
  const passive = opts.passive === null ? defaultPassive(type, target) : opts.passive;
  // 5. If target's event listener list does not contain an event listener
  //    whose type, callback and capture are listener's, append listener.
  const map = listenersOf(target, true);
  let list = MapPrototypeGet(map, type);
  if (list === undefined) {
    list = [];
    MapPrototypeSet(map, type, list);
  }
  for (let i = 0; i < list.length; i++) {
    if (list[i].callback === callback && list[i].capture === opts.capture) return;
  }
  const record = { callback, capture: opts.capture, once: opts.once, passive, removed: false };
  ArrayAppend(list, record);
  // 6. If listener's signal is not null, add an abort algorithm that
  //    removes this registration (even if the callback is added again).
  if (opts.signal !== null) {
    addAbortAlgorithm(opts.signal, () => removeRecord(target, type, record));
  }
}

// https://dom.spec.whatwg.org/#remove-an-event-listener ("remove an event
// listener"), found by (callback, capture).
function removeListener(target, type, callback, capture) {
  const map = listenersOf(target, false);
  const list = map === undefined ? undefined : MapPrototypeGet(map, type);
  if (list === undefined) return;
  for (let i = 0; i < list.length; i++) {
    if (list[i].callback === callback && list[i].capture === capture) {
      removeRecord(target, type, list[i]);
      return;
    }
  }
}

function removeRecord(target, type, record) {
  if (record.removed) return;
  // A dispatch in progress may be going through the list; the flag tells it.
  record.removed = true;
  // Lists change in place only by appends (a dispatch reads as far as the
  // length it started with: the spec's clone, without a copy per target);
  // anything else makes a new list.
  const map = listenersOf(target, false);
  const list = MapPrototypeGet(map, type);
  MapPrototypeSet(map, type, ArrayFilter(list, (r) => r !== record));
}

function thisTarget(self) {
  // Unqualified calls (addEventListener(...) at the top level) mean the window.
  const target = self === undefined || self === null ? global : self;
  if (typeof target !== 'object' && typeof target !== 'function') throw new TypeErrorCtor('Illegal invocation');
  return target;
}

define(EventTarget.prototype, {
  // https://dom.spec.whatwg.org/#dom-eventtarget-addeventlistener ("addEventListener(type, callback, options)")
  addEventListener(type, callback, options = undefined) {
    const target = thisTarget(this);
    requiredArguments(arguments.length, 2, 'addEventListener', 'EventTarget');
    if (callback !== null && typeof callback !== 'function' && typeof callback !== 'object') {
      throw notOfType(2, 'Object', 'addEventListener', 'EventTarget');
    }
    addListener(target, toDOMString(type), callback, flattenOptions(options, true));
  },
  // https://dom.spec.whatwg.org/#dom-eventtarget-removeeventlistener ("removeEventListener(type, callback, options)")
  removeEventListener(type, callback, options = undefined) {
    const target = thisTarget(this);
    requiredArguments(arguments.length, 2, 'removeEventListener', 'EventTarget');
    removeListener(target, toDOMString(type), callback, flattenOptions(options, false).capture);
  },
  // https://dom.spec.whatwg.org/#dom-eventtarget-dispatchevent ("dispatchEvent(event)")
  dispatchEvent(event) {
    const target = thisTarget(this);
    const s = eventStates.stateOf(event);
    if (s === undefined) throw notOfType(1, 'Event', 'dispatchEvent', 'EventTarget');
    // 1. If event's dispatch flag is set, or if its initialized flag is
    //    not set, then throw an "InvalidStateError" DOMException.
    if (s.dispatching || !s.initialized) throw new DOMException(`${failedTo('dispatchEvent', 'EventTarget')}: The event is already being dispatched.`, 'InvalidStateError');
    // 2. Initialize event's isTrusted attribute to false.
    s.isTrusted = false;
    // 3. Return the result of dispatching event to this.
    return dispatch(target, event, IN_SCRIPT);
  },
});
exposeInterface('EventTarget', EventTarget);

// https://dom.spec.whatwg.org/#get-the-parent ("get the parent"): nodes
// and windows fill this in (domHooks); other targets have none.
function getTheParent(target, event) {
  return domHooks.getTheParent === null ? null : domHooks.getTheParent(target, event);
}

// HTML "perform a microtask checkpoint", as "clean up after running script"
// does after each listener of an event the user agent dispatches from a task
// (the author's stack is empty between two listeners). Script-dispatched
// events get none: their caller is still on the stack.
function microtaskCheckpoint() {
  opMicrotaskCheckpoint();
}

// How an event is dispatched; every dispatch says which (there is no
// default, so that a new host entry cannot leave it out by accident):
// IN_SCRIPT while script is on the stack (dispatchEvent(), click(), an
// error being reported...), with no checkpoints; FROM_TASK by a host entry
// that runs as a task of its own (a message, a storage event, a worker's
// error...), with a microtask checkpoint after each listener; and for the
// window's load event, from a task with the document as target (HTML's
// "legacy target override").
const IN_SCRIPT = { checkpoints: false, targetOverride: null };
const FROM_TASK = { checkpoints: true, targetOverride: null };
function fromTaskWithTarget(targetOverride) { return { checkpoints: true, targetOverride }; }

// https://dom.spec.whatwg.org/#concept-event-dispatch ("dispatch"), without
// touch targets. `how`: one of the above. Until a page attaches a shadow
// root (`shared.shadowTrees`) no path crosses a shadow tree: the path is its
// targets alone, and the target and relatedTarget stay as they are; after,
// shadow_root.js's `path` works out each item's targets.
function dispatch(target, event, how) {
  const afterListener = how.checkpoints ? microtaskCheckpoint : null;
  const s = ev(event);
  // 1. Set event's dispatch flag.
  s.dispatching = true;
  const shadow = shared.shadowTrees === true && domHooks.shadowTrees !== null ? domHooks.shadowTrees() : null;
  // 2. The target listeners see (the document, for the window's load
  // event); with shadow trees, each listener's (set at each item).
  const targetOverride = how.targetOverride ? how.targetOverride : target;
  if (shadow === null) s.target = targetOverride;
  // 3, 6.3-6.9. The event path, and the activation target: the target, or
  // (for a bubbling event) the first ancestor with activation behaviour.
  const isActivationEvent = s.mouseEvent === true && s.type === 'click' && domHooks.activationBehavior !== null;
  let activation = isActivationEvent ? domHooks.activationBehavior(target) : null;
  const path = [target];
  let info = null;
  if (shadow === null) {
    for (let t = getTheParent(target, event); t; t = getTheParent(t, event)) {
      if (isActivationEvent && s.bubbles && activation === null) activation = domHooks.activationBehavior(t);
      ArrayAppend(path, t);
    }
  } else {
    // Null when the target is its own retargeted relatedTarget (step 6
    // not taken): no listener runs.
    info = shadow.path(target, targetOverride, event, s, path, isActivationEvent, activation);
    if (info !== null) activation = info.activation;
  }
  if (shadow !== null) s.pathInfo = info;
  if (shadow === null || info !== null) {
    s.path = path;
    try {
      // 6.12. The activation target's legacy-pre-activation behavior.
      if (activation !== null && activation.preActivation !== null) activation.preActivation();
      // 6.13-6.14. Capturing, then bubbling.
      for (let i = path.length - 1; i >= 0; i--) {
        const atTarget = info === null ? i === 0 : info.targets[i] !== null;
        s.eventPhase = atTarget ? AT_TARGET : CAPTURING_PHASE;
        if (info !== null) info.adjust(s, info, i);
        invoke(path[i], s, event, true, afterListener);
      }
      for (let i = 0; i < path.length; i++) {
        const atTarget = info === null ? i === 0 : info.targets[i] !== null;
        if (!atTarget && !s.bubbles) continue;
        s.eventPhase = atTarget ? AT_TARGET : BUBBLING_PHASE;
        if (info !== null) info.adjust(s, info, i);
        invoke(path[i], s, event, false, afterListener);
      }
    } finally {
      // 7-10.
      s.eventPhase = NONE;
      s.currentTarget = null;
      s.path = null;
      if (shadow !== null) s.pathInfo = null;
      s.dispatching = false;
      s.stopPropagation = false;
      s.stopImmediate = false;
    }
  } else {
    s.dispatching = false;
  }
  // 11. A target or relatedTarget left in a shadow tree is cleared.
  if (info !== null && info.clearTargets) {
    s.target = null;
    if (s.relatedTarget !== undefined) s.relatedTarget = null;
  }
  // 12. Activation behavior, or legacy-canceled-activation behavior.
  if (activation !== null) {
    if (!s.canceled) activation.run(event);
    else if (activation.canceledActivation !== null) activation.canceledActivation();
  }
  // 13.
  return !s.canceled;
}

// https://dom.spec.whatwg.org/#concept-event-listener-invoke ("invoke"):
// the listeners of one path item for one phase (at the target, capture
// listeners in the capturing pass and the others in the bubbling pass);
// for a trusted event nobody listens to under its name, the legacy
// WebKit-prefixed name's listeners.
const LEGACY_TYPES = { __proto__: null, animationend: 'webkitAnimationEnd', animationiteration: 'webkitAnimationIteration', animationstart: 'webkitAnimationStart', transitionend: 'webkitTransitionEnd' };
function invoke(item, s, event, capturing, afterListener) {
  // 4. If event's stop propagation flag is set, then return.
  if (s.stopPropagation) return;
  // 5. Initialize event's currentTarget attribute to struct's invocation target.
  s.currentTarget = item;
  // A content attribute handler (onclick="...") is compiled before the
  // listeners are listed; its listener is a non-capture one.
  if (!capturing && domHooks.compileAttributeHandler !== null) domHooks.compileAttributeHandler(item, s.type);
  const map = listenersOf(item, false);
  if (map === undefined) return;
  // 6-7. Listeners added from now on wait for the next dispatch.
  const list = MapPrototypeGet(map, s.type);
  const found = list !== undefined && innerInvoke(item, list, list.length, s, event, capturing, afterListener);
  // 8.
  if (found || !s.isTrusted) return;
  const legacyType = LEGACY_TYPES[s.type];
  const legacy = legacyType === undefined ? undefined : MapPrototypeGet(map, legacyType);
  if (legacy === undefined) return;
  const originalType = s.type;
  s.type = legacyType;
  try {
    innerInvoke(item, legacy, legacy.length, s, event, capturing, afterListener);
  } finally {
    s.type = originalType;
  }
}

// A listener's call. In a dispatch from a task the author's stack is empty
// around each listener: one that the script timeout stops is reported and
// the next listeners still run (as the other load listeners after an
// endless `<body onload>`).
function callListener(callback, thisArg, event, fromTask) {
  if (fromTask) opCallStoppable(callback, thisArg, event);
  else ReflectApply(callback, thisArg, [event]);
}

// https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke ("inner invoke"):
// whether a listener of the event's type was found. `listeners` is the
// target's list; its first `count` are the spec's clone of it.
function innerInvoke(item, listeners, count, s, event, capturing, afterListener) {
  let found = false;
  for (let i = 0; i < count; i++) {
    const l = listeners[i];
    if (l.removed) continue;
    found = true;
    if (l.capture !== capturing) continue;
    if (l.once) removeRecord(item, s.type, l);
    // 2.6-2.8. The window of the callback's realm: its current event is
    // this event while the listener runs, unless the invocation target is
    // in a shadow tree.
    const inShadow = s.pathInfo !== null && s.pathInfo.inShadow[s.pathIndex];
    const slot = inShadow ? undefined : currentEventSlot(l.callback);
    let savedEvent;
    if (slot !== undefined) {
      savedEvent = slot.event;
      slot.event = event;
    }
    if (l.passive) s.inPassive = true;
    try {
      const cb = l.callback;
      if (typeof cb === 'function') {
        callListener(cb, item, event, afterListener !== null);
      } else {
        // A callback interface: handleEvent is looked up at each call.
        const handleEvent = cb.handleEvent;
        if (typeof handleEvent !== 'function') throw new TypeErrorCtor("Failed to execute 'handleEvent': The provided callback is not callable.");
        callListener(handleEvent, cb, event, afterListener !== null);
      }
    } catch (e) {
      reportException(e);
    }
    s.inPassive = false;
    if (slot !== undefined) slot.event = savedEvent;
    if (afterListener !== null) afterListener();
    if (s.stopImmediate) break;
  }
  return found;
}

// A window's current event (HTML's `window.event`), kept per window in a
// slot window.js registers for its global: callback -> its realm's global
// (null if none or not a window), global -> { event }.
let callbackGlobals, currentEvents;
atRealmStart(() => {
  callbackGlobals = sharedState('callbackGlobals', () => new WeakMapCtor());
  currentEvents = sharedState('currentEvents', () => new WeakMapCtor());
});
function currentEventSlot(callback) {
  let g = WeakMapPrototypeGet(callbackGlobals, callback);
  if (g === undefined) {
    g = ops.eventTargetCallbackGlobal(callback);
    if (g === undefined) g = null;
    WeakMapPrototypeSet(callbackGlobals, callback, g);
  }
  return g === null ? undefined : WeakMapPrototypeGet(currentEvents, g);
}

return [
  domHooks, listenersOf, addListener, removeListener, dispatch, IN_SCRIPT, FROM_TASK, fromTaskWithTarget,
  currentEvents, mayHaveListeners,
];
