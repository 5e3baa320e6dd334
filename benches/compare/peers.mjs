// The peers' side of the side-by-side comparison (benches/compare/run.sh):
// the same measures as benches/compare/isohost.rs, on the same fixtures
// (pages/bench.test/), one measure per process, printed as one JSON line
// {"value": …, "ok": …, …}.
//
//   node --expose-gc peers.mjs --modules DIR PEER MEASURE N
//
// PEER: happy-dom | jsdom | chromium | node (worker_threads; "worker" only).
// MEASURE: open-idle | pages-live | pages-new-host | memory | frames-script |
//          worker | iframe-same | iframe-cross | parse | cli
//
// Every figure is checked the way isohost's is: each small page must have
// run its script (its <p> says "hi"), and the round-trip and parse pages
// verify their own counts. A peer that cannot do the work says why
// ({"value": null, "ok": false, "error": …}) instead of printing a number.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAGES = path.resolve(here, '../../pages');
const SMALL = 'http://bench.test/small.html';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Debian's chromium, headless, quiet: no sandbox (we run as root), no GPU,
// no network of its own.
const CHROMIUM_FLAGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const TIMEOUT_MS = 120_000;

const args = process.argv.slice(2);
const modulesAt = args.indexOf('--modules');
const MODULES = modulesAt >= 0 ? path.resolve(args.splice(modulesAt, 2)[1]) : null;
const [PEER, MEASURE, N_TEXT] = args;
const N = Number(N_TEXT || 1);
const need = (name) => {
  if (!MODULES) throw new Error('--modules DIR (where the pinned peers are installed) is missing');
  return createRequire(path.join(MODULES, 'noop.js'))(name);
};
const importPeer = async (name) => {
  if (!MODULES) throw new Error('--modules DIR (where the pinned peers are installed) is missing');
  const resolved = createRequire(path.join(MODULES, 'noop.js')).resolve(name);
  return import(pathToFileURL(resolved).href);
};

const now = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The file a fixture URL maps to, as isohost's loader does it. */
function fixtureFile(url) {
  const u = new URL(url);
  let p = decodeURIComponent(u.pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.resolve(PAGES, u.hostname, '.' + p);
  if (!file.startsWith(PAGES + path.sep)) throw new Error(`outside the fixtures: ${url}`);
  return file;
}
const contentType = (file) =>
  file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8';

/** PSS of a process, in KiB. */
function pssKiB(pid = 'self') {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const m = /^Pss:\s+(\d+) kB/m.exec(text);
  if (!m) throw new Error(`no Pss in /proc/${pid}/smaps_rollup`);
  return Number(m[1]);
}

/** Every descendant of `root`, by walking /proc. */
function descendants(root) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone meanwhile */ }
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    for (const c of children.get(stack.pop()) || []) { out.push(c); stack.push(c); }
  }
  return out;
}

/** PSS of every process this one started (Chromium's whole tree), in KiB. */
function childrenPssKiB() {
  let sum = 0;
  for (const pid of descendants(process.pid)) {
    try { sum += pssKiB(pid); } catch { /* gone meanwhile, or a zombie */ }
  }
  return sum;
}

function gc() {
  if (global.gc) { global.gc(); global.gc(); }
}

/** Waits for `get()` to return a result, failing at once on a page error. */
async function poll(get, error) {
  const end = now() + TIMEOUT_MS;
  for (;;) {
    const r = get();
    if (r) return r;
    const e = error();
    if (e) throw new Error(`page error: ${e}`);
    if (now() > end) throw new Error('no result in time');
    await sleep(1);
  }
}

/**
 * One peer's way to open a page and wait for it, behind one shape:
 * open(url) → {window-ish handle}; idle(handle); check(handle, js) → value;
 * close(handle). Host-level: start() / stop().
 */
const peers = {
  'happy-dom': async () => {
    const { Browser } = await importPeer('happy-dom');
    const settings = {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      enableIframePageLoading: true,
      fetch: {
        virtualServers: [
          { url: 'http://bench.test/', directory: path.join(PAGES, 'bench.test') },
          { url: 'http://bench2.test/', directory: path.join(PAGES, 'bench2.test') },
        ],
      },
    };
    let browser = null;
    return {
      version: need('happy-dom/package.json').version,
      async start() { browser = new Browser({ settings }); },
      async stop() { await browser.close(); browser = null; },
      async open(url) {
        const page = browser.newPage();
        await page.goto(url);
        await page.waitUntilComplete();
        return page;
      },
      value: (page, expr) => page.mainFrame.window.eval(expr),
      // waitUntilComplete() does not wait for a late iframe's load: poll.
      result: (page) => poll(() => page.mainFrame.window.benchResult, () => {
        const text = page.virtualConsolePrinter.readAsString();
        return /Error/.test(text) ? text.slice(0, 300) : null;
      }),
      close: (page) => page.close(),
    };
  },

  jsdom: async () => {
    const { JSDOM, VirtualConsole, requestInterceptor } = need('jsdom');
    const serve = requestInterceptor(async (request) => {
      const file = fixtureFile(request.url);
      const body = await fs.promises.readFile(file);
      return new Response(body, { headers: { 'content-type': contentType(file) } });
    });
    return {
      version: need('jsdom/package.json').version,
      async start() {},
      async stop() {},
      async open(url) {
        const errors = [];
        const virtualConsole = new VirtualConsole();
        virtualConsole.on('jsdomError', (e) => errors.push(e.message));
        const dom = await JSDOM.fromURL(url, {
          runScripts: 'dangerously',
          resources: { interceptors: [serve] },
          virtualConsole,
        });
        dom.errors = errors;
        if (dom.window.document.readyState !== 'complete') {
          await new Promise((r) => dom.window.addEventListener('load', r, { once: true }));
        }
        return dom;
      },
      value: (dom, expr) => dom.window.eval(expr),
      result: (dom) => poll(() => dom.window.benchResult, () => dom.errors[0] || null),
      close: (dom) => dom.window.close(),
    };
  },

  chromium: async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`skipped: no Chromium at ${CHROMIUM}`);
    const { chromium } = need('playwright-core');
    // The fixtures over HTTP, by Host header; Chromium resolves both fixture
    // hosts to this server, so origins and site isolation are the real ones.
    const server = http.createServer((req, res) => {
      let file;
      try { file = fixtureFile(`http://${(req.headers.host || '').split(':')[0]}${req.url}`); } catch { file = null; }
      fs.readFile(file || '/nonexistent', (err, body) => {
        if (err) { res.writeHead(404); res.end(); return; }
        res.writeHead(200, { 'content-type': contentType(file) });
        res.end(body);
      });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const port = server.address().port;
    const launch = () => chromium.launch({
      executablePath: CHROMIUM,
      chromiumSandbox: false,
      args: [...CHROMIUM_FLAGS,
        `--host-resolver-rules=MAP bench.test 127.0.0.1:${port}, MAP bench2.test 127.0.0.1:${port}`],
    });
    let browser = null;
    let context = null;
    return {
      version: null,
      async start() {
        browser = await launch();
        context = await browser.newContext();
        this.version = browser.version();
      },
      async stop() { await browser.close(); browser = null; },
      async open(url) {
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'load' });
        return page;
      },
      value: (page, expr) => page.evaluate(expr),
      async result(page) {
        await page.waitForFunction(() => window.benchResult, null, { timeout: TIMEOUT_MS, polling: 10 });
        return page.evaluate(() => window.benchResult);
      },
      close: (page) => page.close(),
      async gc() {
        for (const page of context.pages()) {
          const cdp = await context.newCDPSession(page);
          await cdp.send('HeapProfiler.collectGarbage');
          await cdp.detach();
        }
      },
      // The JS heap of every isolate that holds one of the pages (same-site
      // pages may share a renderer and its isolate: each isolate is counted
      // once), as the measure's collection (gc above) left it.
      async heapKiB() {
        const isolates = new Map();
        for (const page of context.pages()) {
          const cdp = await context.newCDPSession(page);
          const { id } = await cdp.send('Runtime.getIsolateId');
          const { usedSize } = await cdp.send('Runtime.getHeapUsage');
          isolates.set(id, usedSize / 1024);
          await cdp.detach();
        }
        return [...isolates.values()].reduce((a, b) => a + b, 0);
      },
      pss: childrenPssKiB,
      cleanup: () => server.close(),
    };
  },
};

const smallRan = async (peer, handle) => (await peer.value(handle, "document.getElementById('x').textContent")) === 'hi';

const measures = {
  /** Median ms, small page open → idle (the window kept), one host. */
  async 'open-idle'(peer, n) {
    await peer.start();
    const times = [];
    let ran = 0;
    for (let i = 0; i < n; i++) {
      const t = now();
      const h = await peer.open(SMALL);
      times.push(now() - t);
      if (await smallRan(peer, h)) ran++;
      await peer.close(h);
    }
    await peer.stop();
    return { value: median(times), ok: ran === n, pages: n };
  },

  /** Pages/s, n small pages in sequence in one host; each closed after. */
  async 'pages-live'(peer, n) {
    await peer.start();
    let busy = 0;
    let ran = 0;
    for (let i = 0; i < n; i++) {
      let t = now();
      const h = await peer.open(SMALL);
      busy += now() - t;
      if (await smallRan(peer, h)) ran++;
      t = now();
      await peer.close(h);
      busy += now() - t;
    }
    await peer.stop();
    return { value: n / (busy / 1000), ok: ran === n, pages: n };
  },

  /** Pages/s with a new host (happy-dom Browser, Chromium browser) per page. */
  async 'pages-new-host'(peer, n) {
    let busy = 0;
    let ran = 0;
    for (let i = 0; i < n; i++) {
      let t = now();
      await peer.start();
      const h = await peer.open(SMALL);
      busy += now() - t;
      if (await smallRan(peer, h)) ran++;
      t = now();
      await peer.close(h);
      await peer.stop();
      busy += now() - t;
    }
    return { value: n / (busy / 1000), ok: ran === n, pages: n };
  },

  /** KiB of PSS per live window: n more small pages after one warm one. */
  async memory(peer, n) {
    await peer.start();
    const pss = peer.pss || (() => pssKiB());
    const collect = async () => {
      gc();
      if (peer.gc) await peer.gc();
      await sleep(200);
    };
    const handles = [await peer.open(SMALL)];
    await collect();
    const before = pss();
    for (let i = 0; i < n; i++) handles.push(await peer.open(SMALL));
    await collect();
    const after = pss();
    let ran = 0;
    for (const h of handles) if (await smallRan(peer, h)) ran++;
    await peer.stop();
    return { value: (after - before) / n, ok: ran === n + 1, windows: n, pssBeforeKiB: before, pssAfterKiB: after };
  },

  /**
   * KiB added by each same-origin frame whose document runs one inline
   * script (pages/bench.test/script.html), as compare-isohost's
   * `frames-script` measures it: 5 live pages that make `n` iframes each
   * against 5 that make none (after one warm page of each), after a full
   * collection. `value` is PSS (the peer's processes); `heapKiB` its JS
   * heap (Node's for happy-dom and jsdom, the renderers' V8 heaps for
   * Chromium).
   */
  async 'frames-script'(peer, n) {
    const TABS = 5;
    await peer.start();
    const url = (count) => `http://bench.test/frames.html?n=${count}&child=script.html`;
    const pss = peer.pss || (() => pssKiB());
    const heap = peer.heapKiB || (async () => process.memoryUsage().heapUsed / 1024);
    const collect = async () => {
      gc();
      if (peer.gc) await peer.gc();
      await sleep(200);
    };
    // The frames ran their script: every iframe's document says "ran".
    const ranIn = (h) => peer.value(h, "[...document.querySelectorAll('iframe')]"
      + ".filter((f) => f.contentDocument && f.contentDocument.title === 'ran').length");
    const openFramed = async (count) => {
      const h = await peer.open(url(count));
      const end = now() + TIMEOUT_MS;
      while ((await ranIn(h)) < count && now() < end) await sleep(5);
      return h;
    };
    const handles = [await openFramed(0), await openFramed(n)];
    const added = { pss: [], heap: [] };
    for (const count of [0, n]) {
      await collect();
      const [pssBefore, heapBefore] = [pss(), await heap()];
      for (let i = 0; i < TABS; i++) handles.push(await openFramed(count));
      await collect();
      added.pss.push(pss() - pssBefore);
      added.heap.push((await heap()) - heapBefore);
    }
    let ran = 0;
    for (const h of handles.slice(2 + TABS)) ran += await ranIn(h);
    // Each frame a realm of its own, as HTML has it: its own interface
    // objects and their functions, not its parent's.
    const ownRealms = await peer.value(handles[1], "[...document.querySelectorAll('iframe')].every((f) =>"
      + ' f.contentWindow.HTMLElement !== HTMLElement'
      + ' && f.contentWindow.EventTarget.prototype.addEventListener !== EventTarget.prototype.addEventListener)');
    await peer.stop();
    const perFrame = ([without, withFrames]) => (withFrames - without) / (TABS * n);
    return {
      value: perFrame(added.pss),
      ok: ran === TABS * n,
      faithful: ownRealms === true,
      heapKiB: perFrame(added.heap),
      framesPerTab: n,
      tabs: TABS,
    };
  },

  worker: (peer, n) => roundTrips(peer, `http://bench.test/compare/worker.html?rounds=${n}`),
  'iframe-same': (peer, n) => roundTrips(peer, `http://bench.test/compare/iframe.html?to=same&rounds=${n}`),
  'iframe-cross': (peer, n) => roundTrips(peer, `http://bench.test/compare/iframe.html?to=cross&rounds=${n}`),

  async parse(peer, n) {
    await peer.start();
    const h = await peer.open(`http://bench.test/compare/parse.html?reps=${n}`);
    const report = await peer.result(h);
    await peer.stop();
    return { value: report.mbPerS, ok: report.ok === true, report };
  },

  /**
   * One small page in a process of its own, as `isohost open` does: the
   * orchestrator times the whole process.
   */
  async cli(peer) {
    await peer.start();
    const h = await peer.open('http://bench.test/compare/cli.html');
    const text = await peer.value(h, "document.getElementById('x').textContent");
    await peer.close(h);
    await peer.stop();
    return { value: null, ok: text === 'hi', text };
  },
};

async function roundTrips(peer, url) {
  await peer.start();
  const h = await peer.open(url);
  const report = await peer.result(h);
  await peer.stop();
  return {
    value: (report.rounds / report.ms) * 1000,
    ok: report.ok === true,
    faithful: report.faithful ?? null,
    report,
  };
}

/** Node's worker_threads doing what pages/bench.test/compare/worker.html does. */
async function nodeWorker(n) {
  const code = `
    const { parentPort } = require('node:worker_threads');
    let count = 0;
    parentPort.on('message', (d) => {
      if (d === 'count') parentPort.postMessage({ count });
      else { count++; parentPort.postMessage(d); }
    });
    parentPort.postMessage('ready');`;
  const w = new Worker(code, { eval: true });
  await new Promise((r) => w.once('message', r));
  let left = n;
  let replies = 0;
  let inOrder = true;
  const start = now();
  await new Promise((resolve) => {
    const on = (d) => {
      replies++;
      if (!d || d.n !== left) inOrder = false;
      if (--left > 0) w.postMessage({ n: left, text: 'ping' });
      else { w.off('message', on); resolve(); }
    };
    w.on('message', on);
    w.postMessage({ n: left, text: 'ping' });
  });
  const ms = now() - start;
  const echoed = await new Promise((r) => { w.once('message', (d) => r(d.count)); w.postMessage('count'); });
  await w.terminate();
  const report = { rounds: n, ms, replies, echoed, ok: inOrder && replies === n && echoed === n };
  return { value: (n / ms) * 1000, ok: report.ok, report };
}

async function main() {
  if (PEER === 'node') {
    if (MEASURE !== 'worker') return { value: null, ok: false, error: 'node: worker only' };
    return { ...(await nodeWorker(N)), version: process.version };
  }
  const make = peers[PEER];
  const measure = measures[MEASURE];
  if (!make || !measure) throw new Error(`usage: peers.mjs --modules DIR PEER MEASURE N (got ${PEER} ${MEASURE})`);
  const peer = await make();
  try {
    const out = await measure(peer, N);
    return { ...out, version: peer.version };
  } finally {
    if (peer.cleanup) peer.cleanup();
  }
}

const watchdog = setTimeout(() => {
  console.log(JSON.stringify({ value: null, ok: false, error: `gave up after ${TIMEOUT_MS * 2 / 1000} s` }));
  process.exit(1);
}, TIMEOUT_MS * 2);
watchdog.unref();

main().then(
  (out) => { console.log(JSON.stringify(out)); process.exit(0); },
  (e) => {
    const error = String((e && e.message) || e).split('\n')[0];
    console.log(JSON.stringify({ value: null, ok: false, error }));
    process.exit(1);
  },
);
