/**
 * Canvas benchmark (`npm run bench:canvas`): the built webview (dist/webview.js, production
 * build) in headless Chromium, through the webview tests' fake host, on generated workflows of
 * 100, 500 and 1,000 nodes. For each size, several fresh page loads; the median of each measure:
 *
 *   first render   navigation start → every node the canvas draws is in the DOM, measured by
 *                  React Flow (no longer `visibility: hidden`) and painted
 *   interactive    navigation start → a click sent as soon as the nodes are drawn has selected
 *                  its node and that selection is painted (so any work still queued after the
 *                  first render — effects, measuring, fitView — delays it, as it would a user)
 *   drag           frame times (requestAnimationFrame deltas) while one node is dragged across
 *                  the canvas in 40 mouse moves: p50 / p95 / max
 *   pan            the same while the pane is dragged
 *   edit           a change made elsewhere (a node renamed in the text editor): the host sends
 *                  a whole new view; main-thread CPU until it shows, and how many nodes React
 *                  Flow hid meanwhile to measure them again (0 when sizes carry over)
 *   CPU            main-thread CPU time (CDP `Performance.getMetrics` ThreadTime) up to
 *                  interactive, and per mouse move of the drag and the pan: steadier than wall
 *                  times when other work shares the machine
 *
 * plus the size of dist/webview.js and dist/webview.css (raw and gzip) and the load average
 * (the machine is shared: the numbers move with it). `--runs N` repeats (default 3), `--sizes
 * 100,500` picks sizes, `--profile` prints the functions that took the most self time during
 * the drag and the pan (CDP sampling profiler). Results go to bench/results/canvas.json.
 *
 * Run under tsx (it loads the real host code that turns a file into the canvas' view).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openWebview } from '../test/webview/harness.mjs';
import { flag, option } from './benchArgs.mjs';
import { analyzeDocument } from '../src/extension/editor/documentView.ts';
import { serializeWorkflow } from '../src/core/model/serialize.ts';
import { nodeCatalog } from '../src/extension/editor/catalog.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(option('runs', '3'));
const SIZES = option('sizes', '100,500,1000').split(',').map(Number);
const PROFILE = flag('profile');
const VIEWPORT = { width: 1280, height: 800 };
// The harness serves the bundle from here too (WEBVIEW_DIST compares another build).
const DIST = process.env.WEBVIEW_DIST ?? join(ROOT, 'dist');

// ---- workflows like real files -------------------------------------------------------------

/**
 * A block of ten nodes as people draw them: a fetch, a branch, a merge, a switch with three
 * outputs. Offsets in px from the block's corner.
 */
const BLOCK = [
  { key: 'prep', type: 'data.set', name: 'Prepare', at: [0, 100], config: { values: { page: 1 } } },
  { key: 'fetch', type: 'http.request', name: 'Fetch items', at: [240, 100], config: { method: 'GET', url: 'https://api.example.com/items' } },
  { key: 'check', type: 'flow.if', name: 'Has items?', at: [480, 100], config: { condition: '{{ $count(items) > 0 }}' } },
  { key: 'shape', type: 'data.transform', name: 'Shape items', at: [720, 20], config: { expression: 'items.{ "id": id }' } },
  { key: 'fallback', type: 'code.javascript', name: 'Fallback', at: [720, 180], config: { code: 'return { items: [] };' } },
  { key: 'merge', type: 'flow.merge', name: 'Merge', at: [960, 100], config: { mode: 'object' } },
  { key: 'route', type: 'flow.switch', name: 'Route by status', at: [1200, 100], config: { value: '{{ status }}', cases: ['open', 'closed'] } },
  { key: 'logOpen', type: 'util.log', name: 'Log open', at: [1440, 0], config: { message: 'open', level: 'info' } },
  { key: 'store', type: 'data.set', name: 'Mark closed', at: [1440, 100], config: { values: { closed: true } } },
  { key: 'logOther', type: 'util.log', name: 'Log other', at: [1440, 200], config: { message: 'other', level: 'warn' } },
];
/** [from, to, source handle] inside a block: 11 edges per 10 nodes, +1 to the next block. */
const BLOCK_EDGES = [
  ['prep', 'fetch'], ['fetch', 'check'], ['check', 'shape', 'true'], ['check', 'fallback', 'false'],
  ['shape', 'merge'], ['fallback', 'merge'], ['fetch', 'merge'], ['merge', 'route'],
  ['route', 'logOpen', 'open'], ['route', 'store', 'closed'], ['route', 'logOther', 'default'],
];
const BLOCKS_PER_ROW = 4;
const BLOCK_SIZE = { width: 1720, height: 320 };

/** A valid workflow of `n` nodes (a multiple of 10): blocks in a grid, each feeding the next. */
export function generateWorkflow(n) {
  const nodes = [];
  const edges = [];
  for (let b = 0; b < n / BLOCK.length; b++) {
    const ox = (b % BLOCKS_PER_ROW) * BLOCK_SIZE.width;
    const oy = Math.floor(b / BLOCKS_PER_ROW) * BLOCK_SIZE.height;
    const id = (key) => `${key}_${b}`;
    for (const node of BLOCK) {
      const first = b === 0 && node.key === 'prep';
      nodes.push({
        id: id(node.key),
        type: first ? 'trigger.manual' : node.type,
        name: first ? 'Start' : `${node.name} ${b + 1}`,
        position: { x: ox + node.at[0], y: oy + node.at[1] },
        config: first ? {} : node.config,
      });
    }
    for (const [from, to, handle] of BLOCK_EDGES) {
      edges.push({ id: `${id(from)}-${id(to)}`, source: id(from), ...(handle ? { sourceHandle: handle } : {}), target: id(to) });
    }
    if (b > 0) edges.push({ id: `link_${b}`, source: `store_${b - 1}`, target: id('prep') });
  }
  return { formatVersion: 1, name: `Bench ${n}`, nodes, edges };
}

/** The view the real host sends for the file, and the catalog it sends with it. */
export function hostInit(n) {
  const text = serializeWorkflow(generateWorkflow(n));
  const { view } = analyzeDocument(text, `bench-${n}.workflow.json`, 1);
  if (view.kind !== 'workflow') throw new Error(`generated workflow is invalid: ${JSON.stringify(view.problems.slice(0, 3))}`);
  const errors = view.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`generated workflow has errors: ${JSON.stringify(errors.slice(0, 3))}`);
  return { view, catalog: nodeCatalog() };
}

// ---- in-page probes ------------------------------------------------------------------------

/**
 * Installed before the page's scripts: a frame recorder, "painted" helpers and the first-render
 * watch, which starts when the host's `init` arrives and checks every frame whether the canvas
 * is drawn: the viewport has been fitted (it is no longer the initial identity transform), every
 * node whose box (at least the card's minimum size) reaches into the canvas is in the DOM and
 * measured by React Flow (no longer `visibility: hidden`), and edges are drawn. Nodes off screen
 * do not count, so the measure means the same with and without `onlyRenderVisibleElements`.
 */
export function probe() {
  const MIN_NODE = { width: 150, height: 40 };
  const bench = { frames: [], recording: false };
  window.__bench = bench;
  const afterPaint = (resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
  /** Resolves with the time the frame in which `ready()` first holds has been painted. */
  bench.paintedWhen = (ready) =>
    new Promise((resolve) => {
      const check = () => (ready() ? afterPaint(resolve) : requestAnimationFrame(check));
      check();
    });
  const drawn = () => {
    const viewport = document.querySelector('.react-flow__viewport');
    const match = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(viewport?.style.transform ?? '');
    if (!viewport || !match) return false;
    const [tx, ty, zoom] = match.slice(1).map(Number);
    if (tx === 0 && ty === 0 && zoom === 1) return false;
    const onScreen = new Set();
    for (const el of document.querySelectorAll('.react-flow__node')) {
      if (el.style.visibility === 'hidden') return false;
      onScreen.add(el.getAttribute('data-id'));
    }
    const pane = viewport.closest('.react-flow').getBoundingClientRect();
    for (const node of bench.view.nodes) {
      const x = tx + node.position.x * zoom;
      const y = ty + node.position.y * zoom;
      const visible = x + MIN_NODE.width * zoom > 0 && y + MIN_NODE.height * zoom > 0 && x < pane.width && y < pane.height;
      if (visible && !onScreen.has(node.id)) return false;
    }
    return bench.view.edges.length === 0 || document.querySelector('.react-flow__edge') !== null;
  };
  window.addEventListener('message', (event) => {
    if (bench.initAt !== undefined || event.data?.type !== 'init') return;
    // When the host's `init` arrives: what comes before is page load and script start-up.
    bench.initAt = performance.now();
    bench.view = event.data.view;
    bench.rendered = bench.paintedWhen(drawn).then((at) => (bench.renderedAt = at));
  }, true);
  // When the app first rendered (its loading state): page load and script start-up are done.
  const appSeen = new MutationObserver(() => {
    if (!document.getElementById('workflow-app')) return;
    bench.appAt = performance.now();
    appSeen.disconnect();
  });
  appSeen.observe(document, { childList: true, subtree: true });
  // Frame times only while recording: an idle loop would add its own work to every measure.
  const loop = (t) => {
    if (!bench.recording) return;
    bench.frames.push(t);
    requestAnimationFrame(loop);
  };
  bench.record = () => {
    bench.frames = [];
    bench.recording = true;
    requestAnimationFrame(loop);
  };
  bench.stop = () => {
    bench.recording = false;
    return bench.frames;
  };
}

// ---- measures --------------------------------------------------------------------------------

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function frameStats(timestamps) {
  const deltas = timestamps.slice(1).map((t, i) => t - timestamps[i]).sort((a, b) => a - b);
  return { p50: quantile(deltas, 0.5), p95: quantile(deltas, 0.95), max: deltas.at(-1) ?? NaN, frames: deltas.length };
}

/**
 * A node near the middle of the canvas (its center, and the canvas' box), so drags and clicks
 * hit it. The canvas is what the palette and the inspector leave of the window.
 */
async function nodeNearCenter(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.react-flow').getBoundingClientRect();
    const mid = { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 };
    let best;
    for (const el of document.querySelectorAll('.react-flow__node')) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < canvas.left || y < canvas.top || x > canvas.right || y > canvas.bottom) continue;
      if (document.elementFromPoint(x, y)?.closest('.react-flow__node') !== el) continue;
      const d = Math.hypot(x - mid.x, y - mid.y);
      if (!best || d < best.d) best = { id: el.getAttribute('data-id'), x, y, d };
    }
    return best && { ...best, canvas: { left: canvas.left, top: canvas.top, width: canvas.width, height: canvas.height } };
  });
}

/** An empty spot of the canvas (dragging it pans), and the canvas' box. */
async function emptyPanePoint(page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.react-flow').getBoundingClientRect();
    for (let y = canvas.top + canvas.height * 0.4; y < canvas.bottom - 20; y += 23) {
      for (let x = canvas.left + canvas.width * 0.4; x < canvas.right - 20; x += 29) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) {
          return { x, y, canvas: { left: canvas.left, top: canvas.top, width: canvas.width, height: canvas.height } };
        }
      }
    }
    return undefined;
  });
}

/** CPU time the page's main thread has used so far (ms): steadier than wall time on a busy machine. */
async function threadMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000;
}

/**
 * From a node near the middle to a quarter of the way from the canvas' top-left corner: across a
 * good part of the canvas, yet never near an edge (React Flow pans the view when a dragged node
 * nears one, which is another measure).
 */
function dragBy(from) {
  const { left, top, width, height } = from.canvas;
  return { x: left + width * 0.25 - from.x, y: top + height * 0.3 - from.y };
}

async function recordedDrag(page, cdp, from, by, steps = 40) {
  await page.mouse.move(from.x, from.y);
  const cpuBefore = await threadMs(cdp);
  await page.evaluate(() => window.__bench.record());
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + (by.x * i) / steps, from.y + (by.y * i) / steps);
  await page.mouse.up();
  // the frame that paints the drop
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const frames = await page.evaluate(() => window.__bench.stop());
  return { ...frameStats(frames), cpuPerMoveMs: ((await threadMs(cdp)) - cpuBefore) / steps };
}

/**
 * A change made elsewhere (a rename in the text editor): the host sends the whole new view.
 * Measures the main-thread CPU until the renamed node shows with every node drawn, and how many
 * nodes were hidden meanwhile (React Flow hides a node it has to measure again).
 */
async function measureEdit(page, cdp, host, view) {
  const target = await nodeNearCenter(page);
  const name = `Renamed ${target.id}`;
  const settled = page.evaluate(
    ({ id, name }) =>
      new Promise((resolve) => {
        let maxHidden = 0;
        const check = () => {
          const hidden = [...document.querySelectorAll('.react-flow__node')].filter((n) => n.style.visibility === 'hidden').length;
          maxHidden = Math.max(maxHidden, hidden);
          const shown = document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"] .node-name`)?.textContent === name;
          if (shown && hidden === 0) requestAnimationFrame(() => setTimeout(() => resolve({ maxHidden })));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { id: target.id, name },
  );
  const cpuBefore = await threadMs(cdp);
  await host.post({ type: 'documentChanged', view: { ...view, version: view.version + 1, nodes: view.nodes.map((n) => (n.id === target.id ? { ...n, name } : n)) } });
  const { maxHidden } = await settled;
  return { cpuMs: (await threadMs(cdp)) - cpuBefore, maxHidden };
}

async function profiled(page, what, action) {
  if (!PROFILE) return action();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await action();
  const { profile } = await cdp.send('Profiler.stop');
  printTopFunctions(what, profile);
  await cdp.detach();
  return result;
}

function printTopFunctions(what, profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id);
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').pop()}:${callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`\n  self time during ${what}:`);
  for (const [key, ms] of top) console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

/** One fresh page load of an `n`-node workflow: every measure once. */
async function runOnce(n, init) {
  let cdp;
  const beforeLoad = async (page) => {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
  };
  const host = await openWebview({ initial: init.view, catalog: init.catalog, theme: 'dark', viewport: VIEWPORT, initScript: probe, beforeLoad });
  try {
    const { page } = host;
    await page.waitForFunction(() => window.__bench.rendered, undefined, { timeout: 60_000 });
    const firstRenderMs = await page.evaluate(() => window.__bench.rendered);
    const drawn = await page.locator('.react-flow__node').count();
    const { initAtMs, appAtMs } = await page.evaluate(() => ({ initAtMs: window.__bench.initAt, appAtMs: window.__bench.appAt }));
    const target = await nodeNearCenter(page);
    if (!target) throw new Error('no node on screen to click');
    const selected = page.evaluate(
      (id) => window.__bench.paintedWhen(() => document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.classList.contains('selected')),
      target.id,
    );
    await page.mouse.click(target.x, target.y);
    const interactiveMs = await selected;
    const loadCpuMs = await threadMs(cdp);
    await page.waitForTimeout(300);

    const dragFrom = await nodeNearCenter(page);
    const drag = await profiled(page, `drag (${n} nodes)`, () => recordedDrag(page, cdp, dragFrom, dragBy(dragFrom)));
    await page.waitForTimeout(300);
    const paneAt = await emptyPanePoint(page);
    if (!paneAt) throw new Error('no empty pane point to pan from');
    const pan = await profiled(page, `pan (${n} nodes)`, () => recordedDrag(page, cdp, paneAt, { x: -0.4 * paneAt.canvas.width, y: -0.3 * paneAt.canvas.height }));
    await page.waitForTimeout(300);
    const edit = await profiled(page, `external edit (${n} nodes)`, () => measureEdit(page, cdp, host, init.view));
    if (host.errors.length > 0) throw new Error(`page errors: ${host.errors.join('\n')}`);
    const moved = host.requests().filter((m) => m.intent?.type === 'moveNodes').length;
    if (moved !== 1) throw new Error(`expected one moveNodes intent from the drag, got ${moved}`);
    return { drawn, appAtMs, initAtMs, firstRenderMs, interactiveMs, loadCpuMs, drag, pan, edit };
  } finally {
    await host.close();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bundleSizes() {
  const sizes = {};
  for (const file of ['webview.js', 'webview.css']) {
    const bytes = readFileSync(join(DIST, file));
    sizes[file] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  const js = readFileSync(join(DIST, 'webview.js'), 'utf8');
  sizes.production = !js.includes('react-dom.development');
  return sizes;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => (Number.isFinite(value) ? value.toFixed(0) : '–');
const frames = (s) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.max.toFixed(1)}`;

async function main() {
  const loadBefore = loadavg();
  const bundle = bundleSizes();
  const rows = [];
  for (const n of SIZES) {
    const init = hostInit(n);
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await runOnce(n, init));
    const pick = (f) => median(runs.map(f));
    rows.push({
      nodes: n,
      edges: init.view.edges.length,
      drawn: pick((r) => r.drawn),
      appAtMs: pick((r) => r.appAtMs),
      initAtMs: pick((r) => r.initAtMs),
      firstRenderMs: pick((r) => r.firstRenderMs),
      interactiveMs: pick((r) => r.interactiveMs),
      loadCpuMs: pick((r) => r.loadCpuMs),
      drag: { p50: pick((r) => r.drag.p50), p95: pick((r) => r.drag.p95), max: pick((r) => r.drag.max), cpuPerMoveMs: pick((r) => r.drag.cpuPerMoveMs) },
      pan: { p50: pick((r) => r.pan.p50), p95: pick((r) => r.pan.p95), max: pick((r) => r.pan.max), cpuPerMoveMs: pick((r) => r.pan.cpuPerMoveMs) },
      edit: { cpuMs: pick((r) => r.edit.cpuMs), maxHidden: pick((r) => r.edit.maxHidden) },
      runs,
    });
  }
  const loadAfter = loadavg();

  console.log(`\nCanvas benchmark: median of ${RUNS} page loads per size, viewport ${VIEWPORT.width}×${VIEWPORT.height}, headless Chromium\n`);
  console.log('| nodes | edges | drawn | app at ms | init at ms | first render ms | interactive ms | CPU to interactive ms | drag p50 / p95 / max ms | drag CPU ms / move | pan p50 / p95 / max ms | pan CPU ms / move | edit CPU ms | hidden by edit |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cells = [r.nodes, r.edges, r.drawn, ms(r.appAtMs), ms(r.initAtMs), ms(r.firstRenderMs), ms(r.interactiveMs), ms(r.loadCpuMs)];
    cells.push(frames(r.drag), r.drag.cpuPerMoveMs.toFixed(1), frames(r.pan), r.pan.cpuPerMoveMs.toFixed(1), ms(r.edit.cpuMs), r.edit.maxHidden);
    console.log(`| ${cells.join(' | ')} |`);
  }
  const js = bundle['webview.js'];
  const css = bundle['webview.css'];
  console.log(`\nbundle: dist/webview.js ${kb(js.raw)} (gzip ${kb(js.gzip)}), dist/webview.css ${kb(css.raw)} (gzip ${kb(css.gzip)})${bundle.production ? '' : '  ← DEVELOPMENT build: run `node esbuild.mjs --production` first'}`);
  console.log(`load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
  const at = (n) => rows.find((r) => r.nodes === n);
  if (at(1000)) console.log(`target: 1,000 nodes interactive < 1500 ms: ${at(1000).interactiveMs < 1500 ? 'met' : 'NOT met'} (${ms(at(1000).interactiveMs)} ms)`);
  if (at(500)) console.log(`target: 500 nodes drag p95 < 32 ms: ${at(500).drag.p95 < 32 ? 'met' : 'NOT met'} (${at(500).drag.p95.toFixed(1)} ms)`);

  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/canvas.json'), JSON.stringify({ rows, bundle, loadBefore, loadAfter, runs: RUNS, viewport: VIEWPORT }, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
