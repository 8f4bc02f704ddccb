// Every foreign fixture (written here in each tool's own export format): counts in → out, and
// the imported files validate with no finding but the parts the report says it could not map:
// unknown node types (errors the validator names) and n8n expressions kept as written (warnings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importWorkflows, workflowFileName, type ImportResult } from '../../../src/core/importers/index';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { validate } from '../../../src/core/validation/validate';
import { getNodeDefinition } from '../../../src/core/nodes/registry';
import { assertWellFormed, fixtureText } from './support';

type InOut = [number, number];

interface Expected {
  format: string;
  /** Per workflow (one per Node-RED tab): counts in → out by kind. */
  counts: Record<string, InOut>[];
  /** How many expressions each workflow keeps unconverted (validator warnings). */
  unconverted?: number[];
}

const FIXTURES: Record<string, Expected> = {
  'n8n-webhook-order-alert.json': { format: 'n8n', counts: [{ nodes: [5, 6], edges: [4, 5], 'sticky notes': [1, 1] }] },
  'n8n-schedule-tickets.json': { format: 'n8n', counts: [{ nodes: [9, 10], edges: [8, 9], 'sticky notes': [1, 1] }] },
  'n8n-manual-merge.json': { format: 'n8n', counts: [{ nodes: [8, 8], edges: [8, 8] }] },
  'n8n-loop-callback.json': { format: 'n8n', counts: [{ nodes: [7, 8], edges: [7, 7] }], unconverted: [2] },
  'n8n-cron-errors.json': { format: 'n8n', counts: [{ nodes: [8, 9], edges: [7, 8] }] },
  'nodered-http-api.json': {
    format: 'nodered',
    counts: [{ nodes: [9, 10], edges: [10, 11], 'sticky notes': [2, 2], comments: [1, 1], groups: [1, 1], 'messages built after triggers': [0, 1] }],
  },
  'nodered-multi-tab.json': {
    format: 'nodered',
    counts: [
      { nodes: [7, 8], edges: [6, 7], 'config nodes': [1, 1], 'links within the tab': [1, 1], 'messages built after triggers': [0, 1] },
      { nodes: [3, 3], edges: [2, 2], 'sticky notes': [1, 1], groups: [1, 1] },
    ],
  },
  'nodered-three-tabs.json': {
    format: 'nodered',
    counts: [
      { nodes: [5, 6], edges: [4, 5], 'sticky notes': [1, 1], groups: [1, 1], 'messages built after triggers': [0, 1] },
      { nodes: [3, 4], edges: [2, 3], 'messages built after triggers': [0, 1] },
      { nodes: [3, 3], edges: [2, 2], 'sticky notes': [1, 1], comments: [1, 1] },
    ],
  },
  'comfyui-txt2img.json': { format: 'litegraph', counts: [{ nodes: [8, 8], edges: [10, 10], 'sticky notes': [1, 1], groups: [1, 1] }] },
  'comfyui-v1-reroutes.json': { format: 'litegraph', counts: [{ nodes: [7, 7], edges: [9, 9], 'sticky notes': [2, 2], groups: [2, 2], reroutes: [3, 0] }] },
  'comfyui-04-extra-reroutes.json': { format: 'litegraph', counts: [{ nodes: [7, 7], edges: [9, 9], 'sticky notes': [1, 1], groups: [1, 1], reroutes: [1, 0] }] },
};

/** Writes the workflows where a user would (Node-RED tabs side by side, so they can call each other) and stubs called n8n workflows. */
function writeAll(results: readonly ImportResult[], dir: string): string[] {
  const files = results.map((result) => join(dir, result.tab ? workflowFileName(result.tab.label) : 'imported.workflow.json'));
  results.forEach((result, index) => writeFileSync(files[index]!, serializeWorkflow(result.workflow)));
  for (const [index, result] of results.entries()) {
    for (const node of result.workflow.nodes) {
      if (node.type !== 'flow.subworkflow' || result.tab) continue;
      // The report asks the user to import the called n8n workflow to this path; stand in for it.
      const called = join(dirname(files[index]!), String(node.config.path));
      mkdirSync(dirname(called), { recursive: true });
      writeFileSync(called, serializeWorkflow({ formatVersion: 1, name: 'called', nodes: [{ id: 't', type: 'trigger.workflow', name: 'Start', position: { x: 0, y: 0 }, config: {} }], edges: [] }));
    }
  }
  return files;
}

for (const [fixture, expected] of Object.entries(FIXTURES)) {
  test(`${fixture}: counts in → out, and only the unmapped parts are reported by the validator`, (t) => {
    const results = importWorkflows(fixtureText(fixture), { sourceFile: fixture });
    assert.equal(results.length, expected.counts.length, 'one workflow per tab');
    const dir = mkdtempSync(join(tmpdir(), 'import-fixture-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const files = writeAll(results, dir);
    results.forEach((result, index) => {
      assert.equal(result.format, expected.format);
      assertWellFormed(result.workflow);
      const counts = Object.fromEntries(result.report.counts.map((count) => [count.kind, [count.in, count.out]]));
      assert.deepEqual(counts, expected.counts[index], `${result.workflow.name}: counts`);
      // What the report says came out is what the file holds.
      assert.equal(counts.nodes![1], result.workflow.nodes.length);
      assert.equal(counts.edges![1], result.workflow.edges.length);

      const diagnostics = validate(serializeWorkflow(result.workflow), files[index]!);
      const unknown = result.workflow.nodes.filter((node) => !getNodeDefinition(node.type)).map((node) => node.id).sort();
      const kept = result.report.types.filter((type) => type.status === 'kept').reduce((sum, type) => sum + type.count, 0);
      assert.equal(unknown.length, kept, 'the report lists every node kept as an unknown type');
      const unexpected = diagnostics.filter((d) => !(d.code === 'UNKNOWN_NODE_TYPE' || (d.code === 'UNCONVERTED_EXPRESSION' && d.severity === 'warning')));
      assert.deepEqual(unexpected, [], `${result.workflow.name}: nothing but unmapped parts`);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'UNKNOWN_NODE_TYPE').map((d) => d.nodeId).sort(), unknown, 'the validator names every unmapped node');
      assert.equal(diagnostics.filter((d) => d.code === 'UNCONVERTED_EXPRESSION').length, expected.unconverted?.[index] ?? 0);
    });
  });
}
