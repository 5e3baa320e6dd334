// What one heap holds more than another, per unit: two DevTools heap
// snapshots (`ISOHOST_HEAP_SNAPSHOT_DIR`, see engine/src/web/agent.rs)
// compared by object type and name, and the functions of each script by
// position. How engine/src/web/realm.rs's figures of a realm were found:
//
//   ISOHOST_HEAP_SNAPSHOT_DIR=/tmp/s0 isohost inspect --format json \
//     'http://bench.test/frames.html?n=0&child=script.html' >/dev/null
//   ISOHOST_HEAP_SNAPSHOT_DIR=/tmp/s20 isohost inspect --format json \
//     'http://bench.test/frames.html?n=20&child=script.html' >/dev/null
//   node benches/compare/heap-diff.mjs /tmp/s0/isolate-1-0.heapsnapshot \
//     /tmp/s20/isolate-1-0.heapsnapshot 20
//
// Functions are listed by script id, line (0-based, of the bindings script
// for the bindings: its files follow each other in registry order, see
// templates::bindings_source) and name.
import { readFileSync } from 'node:fs';

const [before, after, units = '1', shown = '40'] = process.argv.slice(2);
if (after === undefined) {
  console.error('usage: heap-diff.mjs BEFORE.heapsnapshot AFTER.heapsnapshot [UNITS] [ROWS]');
  process.exit(2);
}

function load(path) {
  const d = JSON.parse(readFileSync(path, 'utf8'));
  const meta = d.snapshot.meta;
  const width = meta.node_fields.length;
  const at = (field) => meta.node_fields.indexOf(field);
  const [type, name, size] = [at('type'), at('name'), at('self_size')];
  const types = meta.node_types[0];
  const { nodes, strings, locations } = d;
  const byKind = new Map();
  const add = (map, key, bytes) => {
    const had = map.get(key) ?? [0, 0];
    map.set(key, [had[0] + 1, had[1] + bytes]);
  };
  for (let i = 0; i < nodes.length; i += width) {
    const t = types[nodes[i + type]];
    const n = /string/.test(t) ? '<string>' : /number/.test(t) ? '<number>' : strings[nodes[i + name]].slice(0, 60);
    add(byKind, `${t}\t${n}`, nodes[i + size]);
  }
  const functions = new Map();
  const fields = meta.location_fields.length;
  for (let i = 0; i < locations.length; i += fields) {
    const [object, script, line, column] = locations.slice(i, i + 4);
    if (types[nodes[object + type]] !== 'closure') continue;
    add(functions, `${script}:${line}:${column}\t${strings[nodes[object + name]]}`, nodes[object + size]);
  }
  return { byKind, functions };
}

const a = load(before);
const b = load(after);
const n = Number(units);
function diff(x, y) {
  const rows = [];
  for (const key of new Set([...x.keys(), ...y.keys()])) {
    const [c0, s0] = x.get(key) ?? [0, 0];
    const [c1, s1] = y.get(key) ?? [0, 0];
    if (c1 !== c0 || s1 !== s0) rows.push({ key, count: (c1 - c0) / n, kib: (s1 - s0) / n / 1024 });
  }
  return rows.sort((p, q) => q.kib - p.kib);
}
const kinds = diff(a.byKind, b.byKind);
const total = kinds.reduce((t, r) => t + r.kib, 0);
console.log(`${total.toFixed(1)} KiB more per unit (${n} units)\n\nby type:`);
const byType = new Map();
for (const r of kinds) {
  const t = r.key.split('\t')[0];
  const had = byType.get(t) ?? [0, 0];
  byType.set(t, [had[0] + r.count, had[1] + r.kib]);
}
for (const [t, [count, kib]] of [...byType].sort((p, q) => q[1][1] - p[1][1])) {
  console.log(`${kib.toFixed(2).padStart(9)} KiB ${count.toFixed(1).padStart(8)}  ${t}`);
}
console.log('\nby type and name:');
for (const r of kinds.slice(0, Number(shown))) {
  console.log(`${r.kib.toFixed(2).padStart(9)} KiB ${r.count.toFixed(1).padStart(8)}  ${r.key}`);
}
const functions = diff(a.functions, b.functions).sort((p, q) => q.count - p.count);
const perScript = new Map();
for (const r of functions) {
  const script = r.key.split(':')[0];
  perScript.set(script, (perScript.get(script) ?? 0) + r.count);
}
console.log('\nfunctions per script:', Object.fromEntries(perScript));
console.log('functions by script:line:column and name:');
for (const r of functions.slice(0, Number(shown))) {
  console.log(`${r.count.toFixed(1).padStart(8)}  ${r.key}`);
}
