import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatDuration } from '../../../src/shared/duration';
import { progressPrinter } from '../../../src/cli/progress';
import { finalMessage, progressLine } from '../../../src/extension/services/runMessages';
import { nodeResultDescription } from '../../../src/extension/views/model/executionFormat';
import { footerLine } from '../../../src/extension/views/model/logLines';
import { describeNodeRun } from '../../../webview/run/format';

/** Durations up to 30 hours, with fractions of a millisecond. */
const durations = fc.double({ min: 0, max: 30 * 3_600_000, noNaN: true });

/** The milliseconds a formatted duration stands for, and the half-unit it was rounded to. */
function parse(text: string): { ms: number; halfUnit: number } {
  let m: RegExpMatchArray | null;
  if ((m = /^(\d+) ms$/.exec(text))) return { ms: Number(m[1]), halfUnit: 0.5 };
  if ((m = /^(\d)\.(\d) s$/.exec(text))) return { ms: Number(m[1]) * 1000 + Number(m[2]) * 100, halfUnit: 50 };
  if ((m = /^(\d+) s$/.exec(text))) return { ms: Number(m[1]) * 1000, halfUnit: 500 };
  if ((m = /^(\d+) min (\d+) s$/.exec(text))) return { ms: Number(m[1]) * 60_000 + Number(m[2]) * 1000, halfUnit: 500 };
  if ((m = /^(\d+) h (\d+) min$/.exec(text))) return { ms: Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000, halfUnit: 30_000 };
  throw new Error(`not a duration: ${JSON.stringify(text)}`);
}

describe('formatDuration', () => {
  it('writes each size in its form', () => {
    assert.equal(formatDuration(0), '0 ms');
    assert.equal(formatDuration(0.4), '0 ms');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(999.4), '999 ms');
    assert.equal(formatDuration(999.6), '1.0 s');
    assert.equal(formatDuration(1234), '1.2 s');
    assert.equal(formatDuration(2150), '2.2 s', 'half a unit rounds up (toFixed(1) said 2.1: 2.15 is stored as 2.1499…)');
    assert.equal(formatDuration(9_960), '10 s');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(59_600), '1 min 0 s');
    assert.equal(formatDuration(185_000), '3 min 5 s');
    assert.equal(formatDuration(3_599_600), '1 h 0 min');
    assert.equal(formatDuration(2 * 3_600_000 + 4 * 60_000), '2 h 4 min');
    assert.equal(formatDuration(undefined), '—');
    assert.equal(formatDuration(Number.NaN), '—');
    assert.equal(formatDuration(-3), '0 ms', 'a small negative difference of two clocks is no time');
  });

  it('carries rounding into the next unit: 119,600 ms is 2 min 0 s, not "1 min 60 s"', () => {
    assert.equal(formatDuration(119_600), '2 min 0 s');
    assert.equal(formatDuration(119_400), '1 min 59 s');
  });

  it('is within half a unit of the value, with seconds and minutes below 60', () => {
    fc.assert(fc.property(durations, (ms) => {
      const text = formatDuration(ms);
      const { ms: shown, halfUnit } = parse(text);
      assert.ok(Math.abs(shown - ms) <= halfUnit + 1e-6, `${ms} ms written as ${text}`);
      const parts = /(\d+) (?:s|min)$/.exec(text);
      if (/min|h/.test(text)) assert.ok(Number(parts![1]) < 60, `${ms} ms written as ${text}`);
    }), { numRuns: 5000 });
  });

  it('never goes down when the duration goes up', () => {
    fc.assert(fc.property(durations, durations, (a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      assert.ok(parse(formatDuration(low)).ms <= parse(formatDuration(high)).ms, `${low} → ${formatDuration(low)}, ${high} → ${formatDuration(high)}`);
    }), { numRuns: 5000 });
  });
});

describe('every caller writes durations with formatDuration', () => {
  const wholeMs = fc.integer({ min: 0, max: 30 * 3_600_000 });
  const node = { executionId: 'x', at: 0, nodeId: 'n', nodeName: 'Fetch', nodeType: 'http.request', attempt: 1 };

  it('the CLI progress printer', () => {
    fc.assert(fc.property(wholeMs, (ms) => {
      const lines: string[] = [];
      const { listener } = progressPrinter((text) => lines.push(text), false);
      listener({ executionId: 'x', at: 0, type: 'execution.started', workflowName: 'W', startedAt: '', input: {}, trigger: { type: 'manual' } });
      lines.length = 0;
      listener({ ...node, type: 'node.finished', output: {}, durationMs: ms });
      listener({ ...node, type: 'node.failed', error: { message: 'boom' }, durationMs: ms, willRetry: true, retryInMs: ms, handling: 'fail' });
      listener({ executionId: 'x', at: 0, type: 'execution.finished', status: 'success', output: null, startedAt: '', completedAt: '', durationMs: ms, nodesExecuted: 1 });
      const d = formatDuration(ms);
      assert.equal(lines[0], `  ✓ Fetch (http.request) ${d}\n`);
      assert.ok(lines[1]!.includes(` ${d} boom`) && lines[1]!.endsWith(`retrying in ${d}\n`), lines[1]);
      assert.ok(lines.at(-1)!.includes(`success in ${d} ·`), lines.at(-1));
    }), { numRuns: 500 });
  });

  it("the extension's notifications and progress", () => {
    fc.assert(fc.property(wholeMs, (ms) => {
      const result = { executionId: 'x', startedAt: '', completedAt: '', nodesExecuted: 1, output: null, status: 'success' as const, durationMs: ms };
      assert.equal(finalMessage('W', result).text, `W succeeded in ${formatDuration(ms)}.`);
      const retry = progressLine({ ...node, type: 'node.failed', error: { message: 'boom' }, durationMs: 1, willRetry: true, retryInMs: ms, handling: 'fail' }, 'x');
      assert.equal(retry, `Fetch failed; retrying in ${formatDuration(ms)}`);
    }), { numRuns: 500 });
  });

  it("the extension's views (tree items and output channel)", () => {
    fc.assert(fc.property(wholeMs, (ms) => {
      const result = { nodeId: 'n', nodeName: 'Fetch', nodeType: 't', attempt: 1, status: 'success' as const, willRetry: false, completedAt: 0, durationMs: ms };
      assert.equal(nodeResultDescription(result), `success · ${formatDuration(ms)}`);
      assert.equal(footerLine('exec_abcdefghij', 'success', ms, 1).text, `[exec_abc] SUCCESS in ${formatDuration(ms)}, 1 node(s) executed`);
    }), { numRuns: 500 });
  });

  it("the canvas's run badges", () => {
    fc.assert(fc.property(wholeMs, (ms) => {
      assert.equal(describeNodeRun({ status: 'success', durationMs: ms }), `succeeded in ${formatDuration(ms)}`);
    }), { numRuns: 500 });
  });
});
