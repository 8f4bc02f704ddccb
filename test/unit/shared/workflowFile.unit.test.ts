import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWorkflowFileName, withoutWorkflowSuffix, WORKFLOW_FILE_SUFFIX } from '../../../src/shared/workflowFile';

const NAMES: [string, boolean][] = [
  ['orders.workflow.json', true],
  ['flows/a/orders.workflow.json', true],
  ['C:\\flows\\orders.workflow.json', true],
  ['Orders.Workflow.JSON', true], // VS Code opens this one in the canvas too
  ['ORDERS.WORKFLOW.JSON', true],
  ['orders.json', false],
  ['orders.workflow.json.bak', false],
  ['orders.workflow-json', false],
  ['orders.input.json', false],
  ['workflow.json', false],
  ['', false],
];

test('a workflow is a file whose name ends in .workflow.json, in any case', () => {
  for (const [name, expected] of NAMES) assert.equal(isWorkflowFileName(name), expected, name);
  assert.equal(WORKFLOW_FILE_SUFFIX, '.workflow.json');
});

test('withoutWorkflowSuffix strips the ending in any case and leaves other names alone', () => {
  assert.equal(withoutWorkflowSuffix('orders.workflow.json'), 'orders');
  assert.equal(withoutWorkflowSuffix('Orders.Workflow.Json'), 'Orders');
  assert.equal(withoutWorkflowSuffix('orders.json'), 'orders.json');
});

test("package.json's menus and the custom editor agree with the predicate", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  // VS Code lowercases pattern and name before matching a custom editor's filenamePattern
  assert.deepEqual(manifest.contributes.customEditors[0].selector, [{ filenamePattern: `*${WORKFLOW_FILE_SUFFIX}` }]);
  const whens = JSON.stringify(manifest.contributes.menus).match(/resourceFilename =~ \/(?:[^/\\]|\\.)+\/[a-z]*/g) ?? [];
  assert.ok(whens.length >= 5, 'the menus test file names');
  for (const when of whens) {
    const [, source, flags] = /=~ \/(.+)\/([a-z]*)$/.exec(JSON.parse(`"${when}"`))!;
    const regex = new RegExp(source!, flags);
    for (const [name, expected] of NAMES) if (!name.includes('\\')) assert.equal(regex.test(name), expected, `${when} on ${name}`);
  }
});
