// isohost's evaluate wrapper (engine/src/host/page.rs): a function the
// engine calls with the completion value of the script `evaluate` ran (in
// the frame's global scope, `realm::evaluate`), describing it as JSON for
// Rust:
//   {k: "undefined"} | {k: "json", s: <JSON text>} | {k: "node", v}
//   | {k: "function", v} | {k: "error", name, message} | {k: "other", v}
// A thenable is awaited: the wrapper answers {k: "pending", id} and settles
// into globalThis[Symbol.for("isohost.evaluate")].get(id) as
// {k: "fulfilled", v: <description>} or {k: "rejected", v: <description>}.
((value) => {
  const tag = (v) => Object.prototype.toString.call(v);
  const isNode = (v) => {
    try {
      return typeof v.nodeType === 'number' && typeof v.nodeName === 'string';
    } catch (e) {
      return false;
    }
  };
  const nodeText = (n) => {
    if (n.nodeType === 1) {
      const html = n.outerHTML;
      return typeof html === 'string' ? html.slice(0, html.indexOf('>') + 1) : '<' + n.localName + '>';
    }
    if (n.nodeType === 3) return '#text ' + JSON.stringify(n.data);
    if (n.nodeType === 8) return '<!--' + n.data + '-->';
    if (n.nodeType === 9) return '#document ' + n.URL;
    return n.nodeName;
  };
  const isError = (v) => {
    const t = tag(v);
    return (t === '[object Error]' || t === '[object DOMException]') && typeof v.message === 'string';
  };
  const describe = (v) => {
    try {
      if (v === undefined) return { k: 'undefined' };
      if (typeof v === 'function') return { k: 'function', v: 'function ' + (v.name || '(anonymous)') + '()' };
      if (typeof v === 'symbol') return { k: 'other', v: String(v) };
      if (typeof v === 'bigint') return { k: 'other', v: String(v) + 'n' };
      if (typeof v === 'number' && !Number.isFinite(v)) return { k: 'other', v: String(v) };
      if (v === null || typeof v !== 'object') return { k: 'json', s: JSON.stringify(v) };
      if (isNode(v)) return { k: 'node', v: nodeText(v) };
      if (isError(v)) return { k: 'error', name: String(v.name), message: v.message };
      if (v.window === v) return { k: 'other', v: '[object Window]' };
      const s = JSON.stringify(v, (key, x) => {
        if (typeof x === 'function') return 'function ' + (x.name || '(anonymous)') + '()';
        if (x !== null && typeof x === 'object' && key !== '') {
          if (isNode(x)) return nodeText(x);
          if (isError(x)) return x.name + ': ' + x.message;
        }
        return x;
      });
      return s === undefined ? { k: 'other', v: tag(v) } : { k: 'json', s };
    } catch (e) {
      try {
        return { k: 'other', v: tag(v) };
      } catch (e2) {
        return { k: 'other', v: '[object]' };
      }
    }
  };
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    let then;
    try {
      then = value.then;
    } catch (e) {
      then = undefined;
    }
    if (typeof then === 'function') {
      const key = Symbol.for('isohost.evaluate');
      if (!Object.prototype.hasOwnProperty.call(globalThis, key)) {
        Object.defineProperty(globalThis, key, { value: { next: 1, settled: new Map() } });
      }
      const slot = globalThis[key];
      const id = slot.next++;
      Promise.resolve(value).then(
        (v) => slot.settled.set(id, { k: 'fulfilled', v: describe(v) }),
        (e) => slot.settled.set(id, { k: 'rejected', v: describe(e) }),
      );
      return { k: 'pending', id };
    }
  }
  return describe(value);
})
