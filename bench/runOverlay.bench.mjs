/**
 * Run overlay benchmark (`npm run bench:overlay`): how much a busy run costs the canvas.
 *
 * A 1,000-node workflow (a grid of chains) is opened in the built webview (headless Chromium,
 * the webview tests' fake host). In Node, the real host code (src/extension/editor/: RunOverlay
 * and UpdateThrottle at 50 ms, on a simulated clock) turns a run's engine events into
 * `runUpdate` batches; the page is then fed those batches at the times the host would post them:
 *
 *   idle     one empty batch after 1 s: the page's own frame times on this machine, for comparison
 *   steady   5,000 engine events spread over 1 s: per node started, failed (retry), started,
 *            a log line, finished — 4,000 node events
 *   burst    the same events within 100 ms (a fast synchronous run)
 *   worst    100 batches of 50 node changes posted back to back (no throttle at all)
 *
 * For each: batches posted, frame times while they are applied (rAF deltas p50 / p95 / max),
 * long tasks (> 50 ms), the time from the first batch to the last one being painted, and the
 * renderer main thread's busy time (trace) per batch. `calib` is how long a fixed loop took in
 * the page just before: on this shared machine every number scales with it. Several
 * page loads (`--runs N`, default 3), medians reported; results in bench/results/runOverlay.json.
 * The numbers move with the machine's load (printed). Build first (`node esbuild.mjs
 * --production` for the shipped bundle, as `npm run bench:overlay` does; WEBVIEW_DIST points the
 * harness at another build).
 * `--profile` prints the functions with the most self time per scenario (CDP sampling profiler).
 *
 * Run under tsx: it loads the host's TypeScript.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openWebview } from '../test/webview/harness.mjs';
import { flag, option } from './benchArgs.mjs';
import { analyzeDocument } from '../src/extension/editor/documentView.ts';
import { nodeCatalog } from '../src/extension/editor/catalog.ts';
import { serializeWorkflow } from '../src/core/model/serialize.ts';
import { RunOverlay } from '../src/extension/editor/runOverlay.ts';
import { UpdateThrottle } from '../src/extension/editor/updateThrottle.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(option('runs', '3'));
const NODES = Number(option('nodes', '1000'));
const PROFILE = flag('profile');
const TRACE = flag('trace');
const DIST = process.env.WEBVIEW_DIST ?? join(ROOT, 'dist');

/** `n` nodes in chains of 10 (a trigger, then data.set nodes), laid out in a grid. */
function generateWorkflow(n) {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    const chain = Math.floor(i / 10);
    const at = i % 10;
    const id = `n${i}`;
    nodes.push(
      at === 0
        ? { id, type: 'trigger.manual', name: `Start ${chain}`, position: { x: 0, y: chain * 120 }, config: {} }
        : { id, type: 'data.set', name: `Step ${i}`, position: { x: at * 240, y: chain * 120 }, config: { values: { step: i } } },
    );
    if (at > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: id });
  }
  return { formatVersion: 1, name: `Overlay bench ${n}`, nodes, edges };
}

/** The graph the host's overlay needs (node ids, edges by source). */
function graphOf(workflow) {
  const bySource = new Map();
  for (const e of workflow.edges) bySource.set(`${e.source}|out`, [...(bySource.get(`${e.source}|out`) ?? []), e.id]);
  return { nodeIds: workflow.nodes.map((n) => n.id), edgesFrom: (node, handle) => bySource.get(`${node}|${handle}`) ?? [] };
}

/** The engine events of one run of `workflow`: per node a failed attempt, its retry, a log line. */
function runEvents(workflow) {
  const executionId = 'bench';
  const base = { executionId, at: 0 };
  const events = [{ ...base, type: 'execution.started', workflowName: workflow.name, startedAt: '', input: {}, trigger: { type: 'manual' } }];
  for (const node of workflow.nodes) {
    const n = { ...base, nodeId: node.id, nodeName: node.name, nodeType: node.type };
    events.push({ ...n, type: 'node.started', attempt: 1, input: {} });
    events.push({ ...n, type: 'node.failed', attempt: 1, error: { message: 'flaky' }, durationMs: 1, willRetry: true, retryInMs: 0, handling: 'fail' });
    events.push({ ...n, type: 'node.started', attempt: 2, input: {} });
    events.push({ ...base, type: 'log', level: 'info', message: 'retried', nodeId: node.id });
    events.push({ ...n, type: 'node.finished', attempt: 2, output: { out: [1, 2, 3] }, durationMs: 1 });
  }
  events.push({ ...base, type: 'execution.finished', status: 'success', output: null, startedAt: '', completedAt: '', durationMs: 1000, nodesExecuted: workflow.nodes.length });
  return events;
}

/**
 * The batches the host posts for `events` spread evenly over `spanMs`, with their post times:
 * the real overlay and throttle, driven by a simulated clock.
 */
function hostBatches(workflow, events, spanMs) {
  let now = 0;
  const timers = [];
  const clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { due: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimeout: (t) => timers.splice(timers.indexOf(t), 1),
  };
  const runDue = () => {
    for (const t of timers.filter((x) => x.due <= now).sort((a, b) => a.due - b.due)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  const overlay = new RunOverlay(() => graphOf(workflow));
  const batches = [];
  const throttle = new UpdateThrottle(50, () => {
    const update = overlay.takeBatch();
    if (update) batches.push({ at: now, update });
  }, clock);
  const step = spanMs / events.length;
  for (const event of events) {
    now += step;
    runDue();
    if (overlay.apply(event)) throttle.poke();
  }
  now += 100;
  runDue();
  return batches;
}

/** The same batches for another execution id (each scenario is a run of its own). */
function renamed(batches, executionId) {
  return batches.map(({ at, update }) => ({ at, update: { ...update, executionId } }));
}

/** Back-to-back batches of 50 node changes each: what an unthrottled host would send. */
function unthrottledBatches(workflow, count) {
  const ids = workflow.nodes.map((n) => n.id);
  const batches = [{ at: 0, update: { executionId: 'worst', status: 'running', reset: true, nodes: {}, edges: {} } }];
  let k = 0;
  for (let b = 0; b < count; b++) {
    const nodes = {};
    for (let i = 0; i < 50; i++, k++) nodes[ids[k % ids.length]] = { status: 'success', durationMs: k, itemCount: k };
    batches.push({ at: 0, update: { executionId: 'worst', status: 'running', reset: false, nodes, edges: {} } });
  }
  batches.push({ at: 0, update: { executionId: 'worst', status: 'success', reset: false, nodes: {}, edges: {}, durationMs: 1 } });
  return batches;
}

/** In the page: a frame recorder and a long-task observer. */
function probe() {
  const bench = { frames: [], longTasks: [], recording: false };
  window.__overlayBench = bench;
  const loop = (t) => {
    if (bench.recording) bench.frames.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      if (bench.recording) for (const e of list.getEntries()) bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // no long-task support: frames still tell
  }
}

/** In the page: posts the batches at their times, resolves when the last one is painted. */
function replay(batches) {
  const bench = window.__overlayBench;
  bench.frames = [];
  bench.longTasks = [];
  bench.recording = true;
  const start = performance.now();
  return new Promise((resolve) => {
    let i = 0;
    const next = () => {
      while (i < batches.length && performance.now() - start >= batches[i].at) {
        window.postMessage({ type: 'runUpdate', update: batches[i].update }, '*');
        i++;
      }
      if (i < batches.length) setTimeout(next, Math.max(0, batches[i].at - (performance.now() - start)));
      else {
        // The status the last batch sets is drawn once the app has applied everything.
        const done = () => {
          const status = document.querySelector('#run-status')?.textContent ?? '';
          if (/^(Succeeded|Finished)/.test(status) && document.querySelector('#run-status')?.dataset.execution === batches.at(-1).update.executionId) {
            requestAnimationFrame(() =>
              setTimeout(() => {
                bench.recording = false;
                resolve({ totalMs: performance.now() - start, frames: bench.frames, longTasks: bench.longTasks });
              }),
            );
          } else requestAnimationFrame(done);
        };
        done();
      }
    };
    next();
  });
}

/** Runs `fn` under the CDP sampling profiler and prints the top self times. */
async function profiled(page, what, fn) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  console.log(`\n  self time during ${what}:`);
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${key}`);
  await cdp.detach();
  return result;
}

/** In the page: milliseconds a fixed piece of work takes, to read the other numbers against the machine's load. */
function calibrate() {
  const start = performance.now();
  let x = 0;
  for (let i = 0; i < 5_000_000; i++) x = (x * 31 + i) % 1_000_003;
  return performance.now() - start + (x < 0 ? 1 : 0);
}

/** Runs `fn` under a DevTools timeline trace and prints where the main thread's time went. */
async function traced(page, what, fn, print) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const finished = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const result = await fn();
  await cdp.send('Tracing.end');
  await finished;
  const byName = new Map();
  for (const e of events) if (e.ph === 'X' && e.dur) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  if (print) {
    console.log(`\n  timeline during ${what} (ms, nested events overlap):`);
    for (const [name, ms] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${ms.toFixed(1).padStart(8)}  ${name}`);
  }
  await cdp.detach();
  // Top-level tasks of the renderer's main thread: what the page kept it busy with.
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = (e) => !main || (e.pid === main.pid && e.tid === main.tid);
  const busyMs = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && onMain(e)).reduce((sum, e) => sum + e.dur / 1000, 0);
  // Load-independent counts: objects laid out, elements restyled.
  let layoutObjects = 0;
  let styledElements = 0;
  for (const e of events) {
    if (!onMain(e)) continue;
    if (e.name === 'Layout') layoutObjects += e.args?.beginData?.dirtyObjects ?? 0;
    if (e.name === 'UpdateLayoutTree') styledElements += e.args?.elementCount ?? 0;
  }
  if (print) console.log(`    layout objects ${layoutObjects}, restyled elements ${styledElements}`);
  return { result, busyMs, layoutObjects, styledElements };
}

function quantile(sorted, q) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function stats(result) {
  const deltas = result.frames.slice(1).map((t, i) => t - result.frames[i]).sort((a, b) => a - b);
  return {
    totalMs: result.totalMs,
    p50: quantile(deltas, 0.5),
    p95: quantile(deltas, 0.95),
    max: deltas.at(-1) ?? NaN,
    longTasks: result.longTasks.length,
    longTaskMs: result.longTasks.reduce((a, b) => a + b, 0),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const loadBefore = loadavg()[0];
  const workflow = generateWorkflow(NODES);
  const { view } = analyzeDocument(serializeWorkflow(workflow), 'bench.workflow.json', 1);
  if (view.kind !== 'workflow') throw new Error('generated workflow is invalid');
  const catalog = nodeCatalog();
  const events = runEvents(workflow);
  const scenarios = {
    // no batch: the frame times of the page alone, for comparison
    idle: [{ at: 1000, update: { executionId: 'idle', status: 'success', reset: true, nodes: {}, edges: {} } }],
    steady: renamed(hostBatches(workflow, events, 1000), 'steady'),
    burst: renamed(hostBatches(workflow, events, 100), 'burst'),
    worst: unthrottledBatches(workflow, 100),
  };
  const production = !readFileSync(join(DIST, 'webview.js'), 'utf8').includes('react-dom.development');
  console.log(`${NODES} nodes, ${events.length} engine events (${events.filter((e) => e.type.startsWith('node.')).length} node events); ${production ? 'production' : 'DEVELOPMENT'} bundle`);
  const results = {};
  for (const [name, batches] of Object.entries(scenarios)) results[name] = { batches: batches.length, runs: [] };
  for (let run = 0; run < RUNS; run++) {
    const host = await openWebview({ initial: view, catalog, theme: 'dark', viewport: { width: 1280, height: 800 }, initScript: probe });
    try {
      await host.page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length > 0 && document.querySelectorAll('.react-flow__node').length <= n, NODES);
      await host.page.waitForTimeout(500);
      for (const [name, batches] of Object.entries(scenarios)) {
        const measure = () => host.page.evaluate(replay, batches);
        const measured = PROFILE && run === 0 ? () => profiled(host.page, name, measure) : measure;
        const calibrationMs = await host.page.evaluate(calibrate);
        const { result, busyMs, layoutObjects, styledElements } = await traced(host.page, name, measured, TRACE && run === 0);
        results[name].runs.push({ ...stats(result), busyMs, calibrationMs, layoutObjects, styledElements });
        await host.page.waitForTimeout(300);
      }
      if (host.errors.length > 0) throw new Error(`page errors: ${host.errors.join('\n')}`);
    } finally {
      await host.close();
    }
  }
  const f = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  console.log('\nscenario  batches  applied in (ms)  frame p50 / p95 / max (ms)  long tasks (count, ms)  busy ms  ms / batch  calib  laid out  restyled');
  const summary = {};
  for (const [name, r] of Object.entries(results)) {
    const m = (key) => median(r.runs.map((x) => x[key]));
    summary[name] = {
      batches: r.batches,
      totalMs: m('totalMs'),
      p50: m('p50'),
      p95: m('p95'),
      max: m('max'),
      longTasks: m('longTasks'),
      longTaskMs: m('longTaskMs'),
      busyMs: m('busyMs'),
      layoutObjects: m('layoutObjects'),
      styledElements: m('styledElements'),
      calibrationMs: m('calibrationMs'),
      // main-thread time per batch in units of the calibration work: comparable across loads
      busyPerBatch: median(r.runs.map((x) => x.busyMs / r.batches / x.calibrationMs)),
    };
    const s = summary[name];
    console.log(
      `${name.padEnd(9)} ${String(s.batches).padStart(7)}  ${f(s.totalMs).padStart(14)}  ${`${f(s.p50)} / ${f(s.p95)} / ${f(s.max)}`.padStart(26)}  ${`${s.longTasks}, ${f(s.longTaskMs)}`.padStart(21)}  ${f(s.busyMs).padStart(8)}  ${(s.busyMs / s.batches).toFixed(1).padStart(10)}  ${f(s.calibrationMs).padStart(6)}  ${String(s.layoutObjects).padStart(9)}  ${String(s.styledElements).padStart(9)}`,
    );
  }
  const load = [loadBefore, loadavg()[0]].map((l) => l.toFixed(2)).join(' → ');
  console.log(`\nload average ${load}; ${RUNS} page loads, medians`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/runOverlay.json'), JSON.stringify({ nodes: NODES, events: events.length, production, load, summary, results }, null, 2) + '\n');
}

await main();
