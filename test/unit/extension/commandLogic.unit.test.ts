import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../src/core/validation/validate';
import { addTagInText, checkTag, checkWorkflowName, copyFileName, newWorkflowText, parseRunInput, renameInText, WorkflowTextError, workflowFileName } from '../../../src/extension/commands/logic/workflowText';
import { diagnosticRange, runningRunsText, summarizeValidation, tallyFile } from '../../../src/extension/commands/logic/problems';

test('a new workflow is valid and canonical', () => {
  const text = newWorkflowText('Daily report');
  assert.deepEqual(validate(text, '/tmp/daily-report.workflow.json').filter((d) => d.severity === 'error'), []);
  assert.equal(renameInText(text, 'Daily report'), undefined);
  assert.match(text, /"type": "trigger.manual"/);
  assert.ok(text.endsWith('}\n'));
});

test('rename and add tag keep everything else and stay canonical', () => {
  const text = newWorkflowText('A');
  const renamed = renameInText(text, 'B')!;
  assert.equal(JSON.parse(renamed).name, 'B');
  assert.equal(renamed, newWorkflowText('B'));
  const tagged = addTagInText(renamed, 'ops')!;
  assert.deepEqual(JSON.parse(tagged).tags, ['ops']);
  assert.equal(addTagInText(tagged, 'ops'), undefined);
  assert.deepEqual(JSON.parse(addTagInText(tagged, 'nightly')!).tags, ['ops', 'nightly']);
  // Tags come right after the name in the canonical key order, whatever order the edit made.
  assert.ok(tagged.indexOf('"tags"') < tagged.indexOf('"nodes"'));
  assert.throws(() => renameInText('{', 'x'), WorkflowTextError);
  assert.throws(() => addTagInText('[1]', 'x'), WorkflowTextError);
});

test('file names', () => {
  assert.equal(workflowFileName('Price alert!'), 'price-alert.workflow.json');
  assert.equal(workflowFileName('Café déjà vu'), 'cafe-deja-vu.workflow.json');
  assert.equal(workflowFileName('***'), 'workflow.workflow.json');
  const taken = new Set(['f/a-copy.workflow.json']);
  assert.equal(copyFileName('f/a.workflow.json', (p) => taken.has(p)), 'f/a-copy-2.workflow.json');
  assert.equal(copyFileName('b.json', () => false), 'b-copy.json');
});

test('input checks', () => {
  assert.equal(checkWorkflowName(' '), 'A name is required.');
  assert.equal(checkWorkflowName('ok'), undefined);
  assert.match(checkTag('a,b')!, /One tag/);
  assert.deepEqual(parseRunInput(''), { ok: true, value: {} });
  assert.deepEqual(parseRunInput('{"a":1}'), { ok: true, value: { a: 1 } });
  const bad = parseRunInput('{a}');
  assert.equal(bad.ok, false);
});

test('diagnostic ranges are 0-based and at least one character wide', () => {
  assert.deepEqual(diagnosticRange({ severity: 'error', code: 'X', message: 'm', path: '', line: 3, column: 5, length: 4 }), { line: 2, startCharacter: 4, endCharacter: 8 });
  assert.deepEqual(diagnosticRange({ severity: 'error', code: 'X', message: 'm', path: '', line: 1, column: 1, length: 0 }), { line: 0, startCharacter: 0, endCharacter: 1 });
  // The validator's own positions for a real file: a bad node type is marked on its value.
  const text = newWorkflowText('A').replace('"trigger.manual"', '"no.such"');
  const diagnostic = validate(text, '/tmp/a.workflow.json').find((d) => d.code === 'UNKNOWN_NODE_TYPE')!;
  const range = diagnosticRange(diagnostic);
  const lineText = text.split('\n')[range.line]!;
  assert.match(lineText.slice(range.startCharacter, range.endCharacter), /no\.such/);
});

test('validation summary and status bar text', () => {
  let tally = { files: 0, filesWithErrors: 0, errors: 0, warnings: 0 };
  tally = tallyFile(tally, []);
  assert.equal(summarizeValidation(tally), '1 workflow file: all valid.');
  tally = tallyFile(tally, [
    { severity: 'error', code: 'X', message: '', path: '', line: 1, column: 1 },
    { severity: 'error', code: 'X', message: '', path: '', line: 1, column: 1 },
    { severity: 'warning', code: 'Y', message: '', path: '', line: 1, column: 1 },
  ]);
  assert.equal(summarizeValidation(tally), '2 workflow files: 2 errors in 1 file, 1 warning.');
  assert.equal(runningRunsText(1), '1 workflow run');
  assert.equal(runningRunsText(3), '3 workflow runs');
});

test('emitter isolates throwing listeners', async () => {
  const { ModelEmitter } = await import('../../../src/extension/views/model/emitter');
  const emitter = new ModelEmitter<number>();
  const seen: number[] = [];
  emitter.event(() => {
    throw new Error('broken view');
  });
  emitter.event((n) => seen.push(n));
  emitter.fire(7);
  assert.deepEqual(seen, [7]);
});
