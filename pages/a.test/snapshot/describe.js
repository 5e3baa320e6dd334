// What a realm's global looks like: every own property of each object on
// its prototype chain, with its kind of descriptor, and each interface
// object's prototype's own. Shared by globals.html and its workers.
function describeGlobal(global) {
  const lines = [];
  const seen = new Set();
  // Own properties in the order script sees them; the whole prototype
  // chain for the global, one level for interface prototypes.
  const describeObject = (label, object, levels) => {
    let depth = 0;
    for (let o = object; o !== null && depth < levels; o = Object.getPrototypeOf(o), depth++) {
      if (seen.has(o)) { lines.push(`${label}^${depth} (seen)`); break; }
      seen.add(o);
      const parts = Reflect.ownKeys(o).map((k) => {
        let d;
        try { d = Object.getOwnPropertyDescriptor(o, k); } catch (e) { return `${String(k)}!`; }
        if (d === undefined) return `${String(k)}?`;
        const kind = 'value' in d ? typeof d.value : `${d.get ? 'g' : ''}${d.set ? 's' : ''}`;
        return `${String(k)}:${kind}${d.enumerable ? 'e' : ''}${d.configurable ? 'c' : ''}${d.writable ? 'w' : ''}`;
      });
      lines.push(`${label}^${depth} ${Object.prototype.toString.call(o)} ${parts.join(' ')}`);
    }
  };
  describeObject('global', global, Infinity);
  for (const name of Object.getOwnPropertyNames(global).sort()) {
    if (!/^[A-Z]/.test(name)) continue;
    const value = global[name];
    if (typeof value === 'function' && value.prototype) describeObject(name, value.prototype, 1);
  }
  return lines.join('\n');
}
