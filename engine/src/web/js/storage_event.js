// StorageEvent (HTML Web Storage), made on first use.
// https://html.spec.whatwg.org/multipage/webstorage.html#the-storageevent-interface ("The StorageEvent interface")

// Uses CONSTRUCT, define, failedTo, lazyInterface, notOfType, requiredArguments, toDOMString,
//   toUSVString (webidl.js); Event, ev, eventClass, initialize (event.js); isStorage (storage.js,
//   after this file).

lazyInterface('StorageEvent', () => {
  // DOMString?: null and undefined (a missing optional argument) are null.
  function toNullableDOMString(value) {
    return value === null || value === undefined ? null : toDOMString(value);
  }
  const StorageEvent = eventClass('StorageEvent', Event, { key: null, oldValue: null, newValue: null, url: '', storageArea: null }, (s) => {
    s.key = toNullableDOMString(s.key);
    s.oldValue = toNullableDOMString(s.oldValue);
    s.newValue = toNullableDOMString(s.newValue);
    s.url = toUSVString(s.url);
    if (s.storageArea !== null && !isStorage(s.storageArea)) {
      throw new TypeErrorCtor(`${failedTo(CONSTRUCT, 'StorageEvent')}: Failed to read the 'storageArea' property from 'StorageEventInit': Failed to convert value to 'Storage'.`);
    }
  });
  define(StorageEvent.prototype, {
    // https://html.spec.whatwg.org/multipage/webstorage.html#dom-storageevent-initstorageevent ("initStorageEvent(...)"),
    // "in a manner analogous to the similarly-named initEvent()".
    initStorageEvent(type, bubbles = false, cancelable = false, key = null, oldValue = null, newValue = null, url = '', storageArea = null) {
      const s = ev(this);
      requiredArguments(arguments.length, 1, 'initStorageEvent', 'StorageEvent');
      const t = toDOMString(type);
      const b = !!bubbles;
      const c = !!cancelable;
      const k = toNullableDOMString(key);
      const o = toNullableDOMString(oldValue);
      const n = toNullableDOMString(newValue);
      const u = toUSVString(url);
      if (storageArea !== null && storageArea !== undefined && !isStorage(storageArea)) {
        throw notOfType(8, 'Storage', 'initStorageEvent', 'StorageEvent');
      }
      if (s.dispatching) return;
      initialize(s, t, b, c);
      s.key = k;
      s.oldValue = o;
      s.newValue = n;
      s.url = u;
      s.storageArea = storageArea === undefined ? null : storageArea;
    },
  });
  return StorageEvent;
});
