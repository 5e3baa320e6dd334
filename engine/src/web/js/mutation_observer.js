// MutationObserver and MutationRecord (DOM): observers registered on
// nodes, the records the DOM queues for them (web/mutation_observers.rs
// hands them over after every change), and their delivery in a microtask.
// https://dom.spec.whatwg.org/#mutation-observers ("Mutation observers")
//
// Registrations live in `shared`: one origin's realms see one set, as
// one agent's do.

// Uses define, lazyFamily, materialize, illegalConstructor, INTERNAL, platformObject, requiredArguments,
//   sharedState, stateAccessor, toCallbackFunction, toDictionary, toDOMString, toSequence,
//   CONSTRUCT, failedTo, notOfType (webidl.js); reportException (runtime_script_errors.js);
//   nodeIds, wrap (node.js); staticNodeList (node_list.js); Event, trustedEvent (event.js); dispatch,
//   IN_SCRIPT (event_target.js).

// node id -> [registered observer]: { observer, options, source } (source:
// for a transient registered observer, the registered observer it came
// from; else null).
let registrations;
// How many registered nodes the map holds before it is first pruned.
const PRUNE_FLOOR = 64;
atRealmStart(() => { registrations = sharedState('mutationRegistrations', () => new MapCtor()); });
// The agent's "mutation observers" that have records waiting, and its
// "mutation observer microtask queued" flag.
let agentObservers;
atRealmStart(() => {
  agentObservers = sharedState('mutationObservers', () => ({ pending: [], queued: false, count: 0, pruneAt: PRUNE_FLOOR, slots: [] }));
});

// The interfaces and their algorithms are made together, on first use of
// either interface or of a hook: the hooks are called only for a realm
// whose document has a registered observer or a changed slot, and most
// realms have neither (~25 functions and two WeakMaps a realm fewer).
let made;
function mutationObservers() {
  if (made === undefined) made = makeMutationObservers();
  return made;
}
lazyFamily(['MutationObserver', 'MutationRecord'], mutationObservers);
hooks.queueMutationRecords = (records) => mutationObservers().queueMutationRecords(records);
hooks.signalSlotChange = (id) => mutationObservers().signalSlotChange(id);

function makeMutationObservers() {
  const observerStates = new WeakMapCtor();
  const observerState = stateAccessor(observerStates);

  // https://dom.spec.whatwg.org/#interface-mutationobserver ("Interface MutationObserver")
  class MutationObserver {
    // https://dom.spec.whatwg.org/#dom-mutationobserver-mutationobserver ("new MutationObserver(callback)")
    constructor(callback) {
      requiredArguments(arguments.length, 1, CONSTRUCT, 'MutationObserver');
      toCallbackFunction(callback, 1, CONSTRUCT, 'MutationObserver');
      const self = platformObject(new.target);
      // The order observers are notified in is the order they were made.
      WeakMapPrototypeSet(observerStates, self, { callback, queue: [], nodes: [], order: agentObservers.count++ });
      return self;
    }

    // https://dom.spec.whatwg.org/#dom-mutationobserver-observe ("observe(target, options)")
    observe(target, options = undefined) {
      const s = observerState(this);
      requiredArguments(arguments.length, 1, 'observe', 'MutationObserver');
      const id = target === null || target === undefined ? undefined : WeakMapPrototypeGet(nodeIds, target);
      if (id === undefined) throw notOfType(1, 'Node', 'observe', 'MutationObserver');
      const o = readOptions(options);
      // 1-2. Old values and filters imply what they are about.
      if ((o.attributeOldValue !== undefined || o.attributeFilter !== undefined) && o.attributes === undefined) o.attributes = true;
      if (o.characterDataOldValue !== undefined && o.characterData === undefined) o.characterData = true;
      // 3-6.
      const what = `${failedTo('observe', 'MutationObserver')}: The options object`;
      if (!o.childList && !o.attributes && !o.characterData) {
        throw new TypeErrorCtor(`${what} must set at least one of 'attributes', 'characterData', or 'childList' to true.`);
      }
      if (o.attributeOldValue && !o.attributes) throw new TypeErrorCtor(`${what} may only set 'attributeOldValue' to true when 'attributes' is true or not present.`);
      if (o.attributeFilter !== undefined && !o.attributes) throw new TypeErrorCtor(`${what} may only set 'attributeFilter' when 'attributes' is true or not present.`);
      if (o.characterDataOldValue && !o.characterData) throw new TypeErrorCtor(`${what} may only set 'characterDataOldValue' to true when 'characterData' is true or not present.`);
      const opts = {
        __proto__: null,
        childList: o.childList, attributes: !!o.attributes, characterData: !!o.characterData, subtree: o.subtree,
        attributeOldValue: !!o.attributeOldValue, characterDataOldValue: !!o.characterDataOldValue,
        attributeFilter: o.attributeFilter === undefined ? null : o.attributeFilter,
      };
      ops.mutationObserverObserve();
      const list = registeredOn(id, true);
      // 7. Already registered: new options, and its transients go.
      for (let i = 0; i < list.length; i++) {
        const registered = list[i];
        if (registered.observer !== this || registered.source !== null) continue;
        for (let j = 0; j < s.nodes.length; j++) removeTransients(s.nodes[j], (r) => r.source === registered);
        registered.options = opts;
        return;
      }
      // 8. Otherwise a new registration.
      ArrayAppend(list, { observer: this, options: opts, source: null });
      ArrayAppend(s.nodes, id);
    }

    // https://dom.spec.whatwg.org/#dom-mutationobserver-disconnect ("disconnect()")
    disconnect() {
      const s = observerState(this);
      for (let i = 0; i < s.nodes.length; i++) removeTransients(s.nodes[i], (r) => r.observer === this);
      s.nodes = [];
      s.queue = [];
    }

    // https://dom.spec.whatwg.org/#dom-mutationobserver-takerecords ("takeRecords()")
    takeRecords() {
      const s = observerState(this);
      const records = s.queue;
      s.queue = [];
      return records;
    }
  }

  // https://dom.spec.whatwg.org/#dictdef-mutationobserverinit ("MutationObserverInit"),
  // members read in lexicographic order; those not given stay undefined
  // ("exists" in the observe() steps).
  function readOptions(options) {
    const dict = toDictionary(options, 'MutationObserverInit', 'observe', 'MutationObserver');
    const o = { __proto__: null };
    const filter = dict.attributeFilter;
    if (filter !== undefined) {
      const items = toSequence(filter, 'observe', 'MutationObserver');
      const names = [];
      for (let i = 0; i < items.length; i++) ArrayAppend(names, toDOMString(items[i]));
      o.attributeFilter = names;
    }
    const bool = (name) => { const v = dict[name]; if (v !== undefined) o[name] = !!v; };
    bool('attributeOldValue');
    bool('attributes');
    bool('characterData');
    bool('characterDataOldValue');
    o.childList = !!dict.childList;
    o.subtree = !!dict.subtree;
    return o;
  }

  function registeredOn(id, create) {
    let list = MapPrototypeGet(registrations, id);
    if (list === undefined && create) {
      pruneFreed();
      list = [];
      MapPrototypeSet(registrations, id, list);
    }
    return list;
  }
  // Registrations on nodes the DOM has freed (their document was collected:
  // "Lifetimes" in node.js) name nothing any more, but would keep their
  // observers, and the map would grow with every document a page observes
  // and drops. They go once the map has doubled since it was last pruned.
  function pruneFreed() {
    if (MapPrototypeGetSize(registrations) < agentObservers.pruneAt) return;
    const freed = [];
    MapPrototypeForEach(registrations, (list, id) => { if (!ops.nodeIsLive(id)) ArrayAppend(freed, id); });
    for (let i = 0; i < freed.length; i++) MapPrototypeDelete(registrations, freed[i]);
    agentObservers.pruneAt = 2 * MapPrototypeGetSize(registrations) + PRUNE_FLOOR;
  }
  function removeTransients(id, matches) {
    const list = registeredOn(id, false);
    if (list === undefined) return;
    const kept = ArrayFilter(list, (r) => !matches(r));
    if (kept.length === 0) MapPrototypeDelete(registrations, id);
    else MapPrototypeSet(registrations, id, kept);
  }

  // https://dom.spec.whatwg.org/#interface-mutationrecord ("Interface MutationRecord")
  const recordStates = new WeakMapCtor();
  const recordState = stateAccessor(recordStates);
  class MutationRecord {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      return platformObject(new.target);
    }
  }
  define(MutationRecord.prototype, {
    get type() { return recordState(this).type; },
    get target() { return recordState(this).target; },
    get addedNodes() { return recordState(this).addedNodes; },
    get removedNodes() { return recordState(this).removedNodes; },
    get previousSibling() { return recordState(this).previousSibling; },
    get nextSibling() { return recordState(this).nextSibling; },
    get attributeName() { return recordState(this).attributeName; },
    get attributeNamespace() { return recordState(this).attributeNamespace; },
    get oldValue() { return recordState(this).oldValue; },
  });

  // https://dom.spec.whatwg.org/#queue-a-mutation-record ("queue a mutation record"),
  // for each record the DOM queued: [type, target, added, removed, previous,
  // next, attributeName, attributeNamespace, oldValue, inclusive ancestors].
  const queueMutationRecords = (records) => {
    for (let i = 0; i < records.length; i++) queueRecord(records[i]);
  };
  function queueRecord(r) {
    const type = r[0];
    const target = r[1];
    const name = r[6];
    const namespace = r[7];
    const ancestors = r[9];
    // 1-3. The interested observers, each with the old value it asked for.
    const interested = new MapCtor();
    for (let i = 0; i < ancestors.length; i++) {
      const node = ancestors[i];
      const list = registeredOn(node, false);
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const o = list[j].options;
        if (node !== target && !o.subtree) continue;
        if (type === 'attributes' && !o.attributes) continue;
        if (type === 'attributes' && o.attributeFilter !== null && (namespace !== null || !ArrayPrototypeIncludes(o.attributeFilter, name))) continue;
        if (type === 'characterData' && !o.characterData) continue;
        if (type === 'childList' && !o.childList) continue;
        const mo = list[j].observer;
        if (!MapPrototypeHas(interested, mo)) MapPrototypeSet(interested, mo, null);
        if ((type === 'attributes' && o.attributeOldValue) || (type === 'characterData' && o.characterDataOldValue)) MapPrototypeSet(interested, mo, r[8]);
      }
    }
    // 4. A record for each.
    MapPrototypeForEach(interested, (oldValue, mo) => {
      const record = new (materialize('MutationRecord'))(INTERNAL);
      WeakMapPrototypeSet(recordStates, record, {
        type,
        target: wrap(target),
        addedNodes: staticNodeList(r[2]),
        removedNodes: staticNodeList(r[3]),
        previousSibling: wrap(r[4]),
        nextSibling: wrap(r[5]),
        attributeName: name,
        attributeNamespace: namespace,
        oldValue,
      });
      const s = observerState(mo);
      ArrayAppend(s.queue, record);
      if (!ArrayPrototypeIncludes(agentObservers.pending, mo)) ArrayAppend(agentObservers.pending, mo);
    });
    // https://dom.spec.whatwg.org/#concept-node-remove ("remove"), step 14:
    // removed nodes get transient registered observers for the subtree
    // observers of their old parent's inclusive ancestors.
    if (type === 'childList' && r[3].length > 0) addTransients(r[3], ancestors);
    // 5.
    if (MapPrototypeGetSize(interested) !== 0) queueMutationObserverMicrotask();
  }
  function addTransients(removed, ancestors) {
    for (let i = 0; i < ancestors.length; i++) {
      const list = registeredOn(ancestors[i], false);
      if (list === undefined) continue;
      for (let j = 0; j < list.length; j++) {
        const registered = list[j];
        if (!registered.options.subtree) continue;
        const s = observerState(registered.observer);
        for (let k = 0; k < removed.length; k++) {
          ArrayAppend(registeredOn(removed[k], true), { observer: registered.observer, options: registered.options, source: registered });
          ArrayAppend(s.nodes, removed[k]);
        }
      }
    }
  }

  // https://dom.spec.whatwg.org/#signal-a-slot-change ("signal a slot
  // change"), steps 1-2, for the host (web/mutation_observers.rs).
  const signalSlotChange = (id) => {
    const slot = wrap(id);
    if (!ArrayPrototypeIncludes(agentObservers.slots, slot)) ArrayAppend(agentObservers.slots, slot);
    queueMutationObserverMicrotask();
  };

  // https://dom.spec.whatwg.org/#queue-a-mutation-observer-compound-microtask ("queue a mutation observer microtask")
  function queueMutationObserverMicrotask() {
    if (agentObservers.queued) return;
    agentObservers.queued = true;
    // Without reading what a page can make throw (and so leave `queued`
    // set: no record or slotchange again).
    QueueMicrotask(notifyMutationObservers);
  }

  // https://dom.spec.whatwg.org/#notify-mutation-observers ("notify mutation observers")
  function notifyMutationObservers() {
    // 1. Unset the flag.
    agentObservers.queued = false;
    // 2. The observers, in the order they were made.
    const notifySet = ArrayPrototypeSort(agentObservers.pending, (a, b) => observerState(a).order - observerState(b).order);
    agentObservers.pending = [];
    // 3-4. The agent's signal slots (shadow_root.js).
    const signalSet = agentObservers.slots;
    agentObservers.slots = [];
    // 5. Each observer: its records, its transients gone, its callback.
    for (let i = 0; i < notifySet.length; i++) {
      const mo = notifySet[i];
      const s = observerState(mo);
      const records = s.queue;
      s.queue = [];
      const nodes = s.nodes;
      for (let j = 0; j < nodes.length; j++) removeTransients(nodes[j], (r) => r.observer === mo && r.source !== null);
      // The node list keeps only the nodes still observed.
      s.nodes = ArrayFilter(nodes, (id, k) => ArrayPrototypeIndexOf(nodes, id) === k && ArrayPrototypeSome(registeredOn(id, false) || [], (r) => r.observer === mo));
      if (records.length === 0) continue;
      try {
        ReflectApply(s.callback, mo, [records, mo]);
      } catch (e) {
        reportException(e);
      }
    }
    // 6. A slotchange event at each signaled slot.
    for (let i = 0; i < signalSet.length; i++) {
      dispatch(signalSet[i], trustedEvent(Event, 'slotchange', { __proto__: null, bubbles: true }), IN_SCRIPT);
    }
  }

  return { __proto__: null, MutationObserver, MutationRecord, queueMutationRecords, signalSlotChange };
}
