/**
 * Expressions obey time limits, a depth limit and cancellation, and match regexes in linear
 * time. Each runaway case runs in a child process (fixtures/runLimited.ts) that is killed from
 * outside after 20 s: without these limits it would never end, and in-process it would hold
 * the test runner's own timers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsonata from 'jsonata';
import { checkExpression, compileExpression, type ExpressionScope } from '../../../src/core/expressions/evaluate';
import { MAX_EXPRESSION_DEPTH } from '../../../src/core/expressions/limits';
import { runLimitedChild } from './fixtures/child';

const TAIL_RECURSION = '($f := function($n){ $f($n+1) }; $f(0))';
const DEEP_RECURSION = '($f := function($n){ 1 + $f($n+1) }; $f(0))';

function scope(input: unknown): ExpressionScope {
  return { input, vars: {}, node: {}, execution: { id: 'e1', started: '' }, env: {}, secrets: async () => ({}) };
}

test('an endless tail recursion stops when its signal aborts, with the signal\'s reason', { timeout: 30_000 }, async () => {
  const outcome = await runLimitedChild('expression', { text: TAIL_RECURSION, abortAfterMs: 300 });
  assert.match(String(outcome.error), /timeout|aborted/i);
  assert.ok(Number(outcome.elapsedMs) < 5_000, `stopped after ${String(outcome.elapsedMs)} ms`);
});

test('an endless non-tail recursion hits the depth limit, which the error names', { timeout: 30_000 }, async () => {
  const outcome = await runLimitedChild('expression', { text: DEEP_RECURSION });
  assert.match(String(outcome.error), new RegExp(`depth limit of ${MAX_EXPRESSION_DEPTH}`));
  assert.equal(outcome.name, 'ExpressionError');
});

test('a catastrophic regex matches in linear time', { timeout: 30_000 }, async () => {
  // 2^40 backtracking steps for V8's RegExp; a few thousand for RE2
  const outcome = await runLimitedChild('expression', { text: '$match(s, /(a+)+$/)', input: { s: 'a'.repeat(40) + '!' } });
  assert.deepEqual(outcome.value, null);
  assert.ok(Number(outcome.elapsedMs) < 5_000, `took ${String(outcome.elapsedMs)} ms`);
});

test('the regex functions keep their results: groups, flags, replace, split, contains, Unicode offsets', async () => {
  // JSON drops JSONata's sequence marker
  const evaluate = async (text: string, input: unknown = {}) => JSON.parse(JSON.stringify(await compileExpression(text).evaluate(scope(input)))) as unknown;
  assert.deepEqual(await evaluate('$match("a😀b😀c", /😀(.)/)'), [
    { match: '😀b', index: 1, groups: ['b'] },
    { match: '😀c', index: 4, groups: ['c'] },
  ]);
  assert.equal(await evaluate('$replace("Hello World", /(\\w+) (\\w+)/, "$2 $1")'), 'World Hello');
  assert.deepEqual(await evaluate('$split("a1b22c", /\\d+/)'), ['a', 'b', 'c']);
  assert.equal(await evaluate('$contains("abc", /B/i)'), true);
  assert.deepEqual(await evaluate('$match("line1\\nline2", /^l\\w+$/m).match'), ['line1', 'line2']);
  assert.deepEqual(await evaluate('$match("ab", /(x)?b/)'), { match: 'b', index: 1, groups: [null] });
  // unlike RegExp without the u flag, `.` never splits a character beyond U+FFFF in two
  assert.equal(await evaluate('$replace("a😀", /./, "<$0>")'), '<a><😀>');
});

test('a regex RE2 cannot run (backreference, lookahead) is a syntax error with its position', () => {
  const backreference = checkExpression('$match(s, /(a)\\1/)');
  assert.match(backreference?.message ?? '', /not supported .*backreferences or lookahead/);
  assert.equal(backreference?.position, 17);
  assert.match(checkExpression('$replace(s, /a(?=b)/, "")')?.message ?? '', /not supported/);
});

test('ordinary recursion well inside the depth limit still works', async () => {
  const value = await compileExpression('($f := function($n){ $n <= 0 ? 0 : 1 + $f($n-1) }; $f(200))').evaluate(scope({}));
  assert.equal(value, 200);
});

// One known difference, documented in docs/limits.md: RE2's `.` takes a whole character beyond
// U+FFFF (an emoji) where JavaScript's takes half of it; it has its own test above.
test('RE2 gives the same results as JavaScript\'s RegExp across patterns, flags and inputs', async () => {
  const patterns = ['a+', '(a)(b)?', '^\\w+', '\\w+$', '[0-9]{2,3}', 'é+', '😀', '(?<year>\\d{4})-(\\d{2})', 'x*', '\\bfoo\\b', '[^,]+', '(a|ab)(c|bcd)(d*)', '^'];
  const inputs = ['aaa bab', 'Foo foo food', '2024-05-01, 1999-12-31', 'éé😀x😀', 'line1\nLine2\nx', '', 'abcd', ',a,,b,'];
  // our errors carry the expression before JSONata's message
  const outcome = async (evaluate: () => Promise<unknown>, prefix = '') => {
    try {
      return JSON.stringify(await evaluate());
    } catch (error) {
      return `error: ${(error as Error).message.replace(prefix, '')}`;
    }
  };
  let compared = 0;
  for (const pattern of patterns) {
    for (const flags of ['', 'i', 'm']) {
      for (const call of [`$match(s, /${pattern}/${flags})`, `$replace(s, /${pattern}/${flags}, "<$0>")`, `$split(s, /${pattern}/${flags})`, `$contains(s, /${pattern}/${flags})`]) {
        for (const text of inputs) {
          const native = await outcome(() => jsonata(call).evaluate({ s: text }));
          const ours = await outcome(() => compileExpression(call).evaluate(scope({ s: text })), `expression "${call}": `);
          assert.equal(ours, native, `${call} on ${JSON.stringify(text)}`);
          compared++;
        }
      }
    }
  }
  assert.equal(compared, patterns.length * 3 * 4 * inputs.length);
});
