/** Shared helpers of the importer tests: fixtures and checks every import must pass. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowSchema, type Workflow } from '../../../src/core/model/workflow';

/** Text of `test/fixtures/import/<name>` (tests run from the repository root). */
export function fixtureText(name: string): string {
  return readFileSync(join(process.cwd(), 'test', 'fixtures', 'import', name), 'utf8');
}

/** The fixture parsed, for tests that change it before importing. */
export function fixtureValue(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** The invariants of any import: valid file format, unique ids and names, integer positions. */
export function assertWellFormed(workflow: Workflow): void {
  const parsed = WorkflowSchema.safeParse(workflow);
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
  const ids = workflow.nodes.map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, `node ids are not unique: ${ids.join(', ')}`);
  const names = workflow.nodes.map((n) => n.name);
  assert.equal(new Set(names).size, names.length, `node names are not unique: ${names.join(', ')}`);
  const edgeIds = workflow.edges.map((e) => e.id);
  assert.equal(new Set(edgeIds).size, edgeIds.length, `edge ids are not unique: ${edgeIds.join(', ')}`);
  for (const node of workflow.nodes) {
    assert.ok(Number.isInteger(node.position.x) && Number.isInteger(node.position.y), `${node.id} has a fractional position`);
  }
}

/** The node with `id`, failing the test when there is none. */
export function nodeById(workflow: Workflow, id: string) {
  const node = workflow.nodes.find((n) => n.id === id);
  assert.ok(node, `no node "${id}"`);
  return node;
}

/** The edge with `id`, failing the test when there is none. */
export function edgeById(workflow: Workflow, id: string) {
  const edge = workflow.edges.find((e) => e.id === id);
  assert.ok(edge, `no edge "${id}"`);
  return edge;
}

/** True when some warning matches `pattern`. */
export function hasWarning(warnings: readonly string[], pattern: RegExp): boolean {
  return warnings.some((w) => pattern.test(w));
}
