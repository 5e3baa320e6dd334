// The side-by-side comparison: isohost against happy-dom, jsdom, Chromium
// and Node's worker_threads, on the same fixtures, in interleaved rounds.
// Started by benches/compare/run.sh, which installs the pinned peers and
// builds isohost in release mode; by hand:
//
//   node benches/compare/compare.mjs --modules DIR/node_modules \
//     --isohost target/release/isohost --runner target/release/examples/compare-isohost \
//     [--rounds 3] [--quick] [--only measure,measure] [--json FILE]
//   node benches/compare/compare.mjs --report target/compare/last.json
//     (prints the table of a saved run again)
//
// Each (round, measure, peer) runs in a fresh process (isohost:
// compare-isohost; the others: peers.mjs), so that no measure inherits
// another's heap. Within a round the peers take turns measure by measure,
// in an order rotated every round. The table shows the median over the
// rounds with the spread (min–max), and isohost's ratio to the best peer
// that did the whole work (> 1: isohost better; a figure a peer got by doing
// less, such as happy-dom's frames sharing their parent's interfaces, is shown
// with a footnote but not compared against).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const opts = { rounds: 3, quick: false, only: null, json: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => argv[++i];
  if (a === '--modules') opts.modules = path.resolve(next());
  else if (a === '--isohost') opts.isohost = path.resolve(next());
  else if (a === '--runner') opts.runner = path.resolve(next());
  else if (a === '--rounds') opts.rounds = Number(next());
  else if (a === '--quick') opts.quick = true;
  else if (a === '--only') opts.only = next().split(',');
  else if (a === '--json') opts.json = path.resolve(next());
  else if (a === '--report') opts.report = path.resolve(next());
  else { console.error(`unknown argument ${a}`); process.exit(2); }
}
for (const k of opts.report ? [] : ['modules', 'isohost', 'runner']) {
  if (!opts[k]) { console.error(`--${k} is required (see the header of ${path.relative(repo, fileURLToPath(import.meta.url))})`); process.exit(2); }
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);

const PEERS = ['isohost', 'happy-dom', 'jsdom', 'chromium', 'node'];
const LABEL = {
  isohost: 'isohost', 'happy-dom': 'happy-dom', jsdom: 'jsdom', chromium: 'Chromium', node: 'Node worker_threads',
};

// Every measure of the table: its unit, which way is better, and how much
// work each peer does (sized so that one run takes a few seconds at most;
// rates do not depend on the count). A peer missing from `n` does not have
// the feature and is shown as such.
const SHARED_INTERFACES = 'gives each frame its parent\'s interface objects (HTMLElement, EventTarget.prototype.addEventListener…) instead of a realm of its own: a frame makes none of them';
const MEASURES = [
  {
    id: 'open-idle', what: 'small page, open → idle, in-process', unit: 'ms', better: 'lower',
    n: { isohost: 40, 'happy-dom': 40, jsdom: 40, chromium: 20 },
  },
  {
    id: 'pages-live', what: 'pages/s, 200 sequential, one live host', unit: '/s', better: 'higher',
    n: { isohost: 200, 'happy-dom': 200, jsdom: 200, chromium: 50 },
  },
  {
    id: 'pages-new-host', what: 'pages/s, a new host per page', unit: '/s', better: 'higher',
    n: { isohost: 200, 'happy-dom': 200, jsdom: 200, chromium: 10 },
  },
  {
    id: 'memory', what: 'memory per live window, 50 alive (PSS)', unit: 'MB', better: 'lower', scale: 1 / 1024,
    n: { isohost: 50, 'happy-dom': 50, jsdom: 50, chromium: 50 },
  },
  {
    id: 'frames-script', what: 'each extra same-origin frame running a script (PSS)', unit: 'KiB', better: 'lower',
    unfaithful: SHARED_INTERFACES,
    n: { isohost: 20, 'happy-dom': 20, jsdom: 20, chromium: 20 },
  },
  {
    // Not run: read from the same runs as frames-script (their heapKiB).
    id: 'frames-script-heap', from: 'frames-script', field: 'heapKiB',
    what: 'the same frame, JS heap', unit: 'KiB', better: 'lower', unfaithful: SHARED_INTERFACES,
    n: { isohost: 20, 'happy-dom': 20, jsdom: 20, chromium: 20 },
  },
  {
    id: 'worker', what: 'page ↔ worker round trips', unit: 'k/s', better: 'higher', scale: 1 / 1000,
    n: { isohost: 20000, 'happy-dom': 100, jsdom: 100, chromium: 20000, node: 20000 },
  },
  {
    id: 'iframe-same', what: 'same-origin iframe round trips', unit: 'k/s', better: 'higher', scale: 1 / 1000,
    n: { isohost: 20000, 'happy-dom': 1000, jsdom: 1000, chromium: 10000 },
  },
  {
    id: 'iframe-cross', what: 'cross-origin iframe round trips', unit: 'k/s', better: 'higher', scale: 1 / 1000,
    n: { isohost: 20000, 'happy-dom': 1000, jsdom: 1000, chromium: 2000 },
  },
  {
    id: 'parse', what: 'parse 1 MB HTML (DOMParser)', unit: 'MB/s', better: 'higher',
    n: { isohost: 5, 'happy-dom': 2, jsdom: 2, chromium: 5 },
  },
  {
    id: 'cli', what: 'whole CLI process, one page', unit: 'ms', better: 'lower',
    n: { isohost: 1, 'happy-dom': 1, jsdom: 1, chromium: 1 },
  },
];
const measures = MEASURES.filter((m) => !opts.only || opts.only.includes(m.from || m.id));
if (opts.quick) {
  for (const m of measures) for (const p of Object.keys(m.n)) m.n[p] = Math.max(1, Math.ceil(m.n[p] / 10));
}

const now = () => performance.now();
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * The machine's state, taken before each round: the milliseconds to touch
 * 256 MiB of memory this process never had (every page a fault the kernel,
 * and under a balloon's free page reporting the host, must serve) and to
 * run a fixed loop of arithmetic (CPU taken by others, or a slower core).
 * Parsing and opening tabs write fresh memory: on this project's machine
 * fresh pages have cost 4x their usual price for hours at a time, moving
 * isohost's parse 2-3x from round to round while Chromium's stayed put.
 */
function health() {
  let t = now();
  const fresh = Buffer.allocUnsafeSlow(256 << 20);
  for (let i = 0; i < fresh.length; i += 4096) fresh[i] = 1;
  const touchMs = now() - t;
  t = now();
  let x = 0;
  for (let i = 0; i < 50_000_000; i++) x = (x + i * 7) % 1_000_003;
  const loopMs = now() - t;
  return { touchMs: Math.round(touchMs), loopMs: Math.round(loopMs), x };
}

/** Runs a command; its last stdout line is the JSON result. */
function runJson(cmd, args, timeoutMs = 300_000) {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  const line = (r.stdout || '').trim().split('\n').pop();
  try {
    return JSON.parse(line);
  } catch {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').slice(-1)[0];
    return { value: null, ok: false, error: `no result (exit ${r.status}): ${why}` };
  }
}

function peerCommand(peer, measure, n) {
  if (peer === 'isohost') return [opts.runner, [measure, String(n)]];
  return [process.execPath, ['--expose-gc', path.join(here, 'peers.mjs'), '--modules', opts.modules, peer, measure, String(n)]];
}

/** Wall time of one whole process opening the CLI fixture, checked. */
function cliRun(peer) {
  const t = now();
  let r;
  let ok;
  if (peer === 'isohost') {
    r = spawnSync(opts.isohost, ['open', 'http://bench.test/compare/cli.html', '--root', 'pages'], { cwd: repo, encoding: 'utf8' });
    ok = r.status === 0 && r.stdout.includes('script ran: hi');
  } else if (peer === 'chromium') {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'isohost-compare-chromium-'));
    r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, '--dump-dom', `file://${path.join(repo, 'pages/bench.test/compare/cli.html')}`],
    { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    ok = r.status === 0 && r.stdout.includes('<p id="x">hi</p>');
    fs.rmSync(profile, { recursive: true, force: true });
  } else {
    const [cmd, args] = peerCommand(peer, 'cli', 1);
    r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8' });
    ok = r.status === 0 && r.stdout.includes('"ok":true');
  }
  const ms = now() - t;
  return ok ? { value: ms, ok } : { value: null, ok, error: `did not print the page's result (exit ${r.status})` };
}

function runOne(peer, m) {
  if (peer === 'chromium' && !haveChromium) return { value: null, ok: false, skipped: true, error: `skipped: no Chromium at ${CHROMIUM}` };
  if (m.id === 'cli') return cliRun(peer);
  return runJson(...peerCommand(peer, m.id, m.n[peer]));
}

// --- the rounds ---
/** Runs every round; returns what the table and the JSON file need. */
function runRounds() {
  const run = {
    started: new Date().toISOString(),
    rounds: opts.rounds,
    quick: opts.quick,
    machine: machine(),
    work: Object.fromEntries(measures.map((m) => [m.id, m.n])),
    versions: { node: process.version, 'playwright-core': versionOf('playwright-core') },
    loads: [],
    health: [],
    results: {}, // measure → peer → [result per round]
  };
  if (!haveChromium) run.versions.chromium = 'not found';
  console.error(`isohost comparison: ${opts.rounds} rounds, ${measures.length} measures; load ${loadavg()}`);
  if (measures.some((m) => m.id === 'cli')) {
    // One unrecorded run each, so that no peer pays for a cold page cache.
    for (const p of PEERS) if (MEASURES.find((m) => m.id === 'cli').n[p] && (p !== 'chromium' || haveChromium)) cliRun(p);
  }
  for (let round = 0; round < opts.rounds; round++) {
    run.loads.push(loadavg());
    const { touchMs, loopMs } = health();
    run.health.push({ touchMs, loopMs });
    console.error(`round ${round + 1}/${opts.rounds} (load ${run.loads[round]}; 256 MiB of fresh memory ${touchMs} ms, CPU loop ${loopMs} ms)`);
    for (const m of measures) {
      if (m.from) continue;
      const order = Object.keys(m.n);
      const rotated = order.map((_, k) => order[(k + round) % order.length]);
      for (const peer of rotated) {
        const t = now();
        const r = runOne(peer, m);
        if (r.version) run.versions[peer] = r.version;
        ((run.results[m.id] ??= {})[peer] ??= []).push(r);
        for (const d of measures.filter((d) => d.from === m.id)) {
          const value = typeof r[d.field] === 'number' ? r[d.field] : null;
          ((run.results[d.id] ??= {})[peer] ??= []).push({ ...r, value });
        }
        const shown = r.value == null ? `— ${r.error || ''}` : (r.value * (m.scale || 1)).toPrecision(3) + ' ' + m.unit;
        console.error(`  ${m.id.padEnd(15)} ${peer.padEnd(10)} ${shown}${r.ok || r.value == null ? '' : ' (NOT VERIFIED)'} [${((now() - t) / 1000).toFixed(1)} s]`);
      }
    }
  }
  run.loads.push(loadavg());
  return run;
}

function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1] || os.cpus()[0]?.model || '?';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`;
}

function versionOf(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(opts.modules, name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

// --- the table ---
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));
const UNFAITHFUL = 'gives every message event the receiving window as event.source and its own origin as event.origin (the counts are right; the events are not)';

/** Median, spread and verification of every (measure, peer) of a run. */
function summarize(run, shown) {
  const summary = {};
  for (const m of shown) {
    summary[m.id] = {};
    for (const peer of Object.keys(m.n)) {
      const rs = run.results[m.id][peer] || [];
      const good = rs.filter((r) => r.ok && typeof r.value === 'number' && Number.isFinite(r.value));
      const s = { runs: rs.length, verified: good.length };
      if (good.length === rs.length && good.length) {
        const vs = good.map((r) => r.value * (m.scale || 1));
        Object.assign(s, { median: median(vs), min: Math.min(...vs), max: Math.max(...vs) });
        if (rs.some((r) => r.faithful === false)) s.unfaithful = true;
      } else {
        s.error = (rs.find((r) => !r.ok || r.value == null) || {}).error || 'figure not verified';
      }
      summary[m.id][peer] = s;
    }
  }
  return summary;
}

/** The side-by-side table of a run, in Markdown, and its summary. */
function table(run) {
  const shown = MEASURES.filter((m) => run.results[m.id]).map((m) => ({ ...m, n: run.work[m.id] }));
  const summary = summarize(run, shown);
  const notes = [];
  const note = (text) => {
    let i = notes.indexOf(text);
    if (i < 0) { notes.push(text); i = notes.length - 1; }
    return `[${i + 1}]`;
  };
  const cols = PEERS.filter((p) => shown.some((m) => m.n[p]));
  const header = ['measure', ...cols.map((p) => LABEL[p]), 'best peer', 'isohost ÷ best'];
  const rows = [];
  for (const m of shown) {
    const row = [`${m.what}, ${m.unit} ${m.better === 'higher' ? '↑' : '↓'}`];
    let best = null;
    for (const p of cols) {
      const s = summary[m.id][p];
      if (!s) { row.push('n/a'); continue; }
      if (s.median == null) {
        const short = /skipped/.test(s.error) ? 'skipped' : /Worker is not defined/.test(s.error) ? 'no Worker' : 'fails';
        row.push(`${short} ${note(`${LABEL[p]}, ${m.id}: ${s.error}`)}`);
        continue;
      }
      let cell = `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
      if (s.unfaithful) cell += ` ${note(`${LABEL[p]} ${m.unfaithful || UNFAITHFUL}`)}`;
      row.push(cell);
      const better = !best || (m.better === 'higher' ? s.median > best.median : s.median < best.median);
      // A figure for less work than the measure asks (footnoted) is shown,
      // not compared against.
      if (p !== 'isohost' && better && !s.unfaithful) best = { peer: p, median: s.median };
    }
    const iso = summary[m.id].isohost;
    if (best && iso && iso.median != null) {
      const ratio = m.better === 'higher' ? iso.median / best.median : best.median / iso.median;
      row.push(`${LABEL[best.peer]} ${fmt(best.median)}`, `${ratio.toFixed(2)}×`);
    } else {
      row.push(best ? `${LABEL[best.peer]} ${fmt(best.median)}` : '—', '—');
    }
    rows.push(row);
  }

  const v = (p) => run.versions[p] || '?';
  const out = [];
  out.push(`isohost vs peers — ${run.started.slice(0, 16).replace('T', ' ')} UTC, ${run.rounds} interleaved rounds${run.quick ? ' (--quick: a tenth of the work)' : ''}`);
  out.push(`machine: ${run.machine}`);
  out.push(`load average (1/5/15 min) at each round's start and at the end: ${run.loads.join(' | ')}`);
  if (run.health?.length) {
    out.push(`before each round, ms to touch 256 MiB of fresh memory | to run a fixed CPU loop: ${run.health.map((h) => `${h.touchMs} | ${h.loopMs}`).join(', ')}`);
  }
  out.push(`peers: happy-dom ${v('happy-dom')}, jsdom ${v('jsdom')}, Chromium ${v('chromium')} (playwright-core ${v('playwright-core')}), Node ${v('node')}`);
  out.push('cells: median over the rounds (min–max); ↑ higher is better, ↓ lower is better; isohost ÷ best > 1: isohost ahead; best: of the peers that did the whole work (not a footnoted figure)');
  out.push('');
  out.push(`| ${header.join(' | ')} |`);
  out.push(`|${header.map((_, k) => (k === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) out.push(`| ${r.join(' | ')} |`);
  if (notes.length) {
    out.push('');
    notes.forEach((n, k) => out.push(`[${k + 1}] ${n}`));
  }
  out.push('');
  out.push('work per run (pages, frames per page, round trips, parses):');
  for (const m of shown.filter((m) => !m.from)) out.push(`  ${m.id}: ${Object.entries(m.n).map(([p, n]) => `${p} ${n}`).join(', ')}`);
  return { text: out.join('\n'), summary };
}

const run = opts.report ? JSON.parse(fs.readFileSync(opts.report, 'utf8')) : runRounds();
const { text, summary } = table(run);
console.log(text);
if (opts.json) {
  fs.mkdirSync(path.dirname(opts.json), { recursive: true });
  fs.writeFileSync(opts.json, JSON.stringify({ ...run, summary }, null, 1));
}
