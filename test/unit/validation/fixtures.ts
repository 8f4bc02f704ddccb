/**
 * Workflow builders for the validator's tests. They only use node types that the skeleton
 * registered first (trigger.manual, data.set, flow.if), plus types looked up in the registry
 * at run time, so the tests keep working whatever other types are added.
 */
import { serializeWorkflow } from '../../../src/core/model/serialize';
import type { Diagnostic } from '../../../src/core/validation/validate';
import { builtinNodes } from '../../../src/core/nodes/registry';

export interface TestNode {
  id: string;
  type: string;
  name: string;
  position: { x: number; y: number };
  config: Record<string, unknown>;
  [key: string]: unknown;
}

export interface TestEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
  [key: string]: unknown;
}

let position = 0;

export function node(id: string, type: string, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): TestNode {
  position += 100;
  return { id, type, name: extra.name === undefined ? id.charAt(0).toUpperCase() + id.slice(1) : String(extra.name), position: { x: position, y: 0 }, config, ...extra };
}

export function edge(id: string, source: string, target: string, handles: { sourceHandle?: string; targetHandle?: string } = {}): TestEdge {
  return { id, source, ...(handles.sourceHandle ? { sourceHandle: handles.sourceHandle } : {}), target, ...(handles.targetHandle ? { targetHandle: handles.targetHandle } : {}) };
}

/** Canonical text of a workflow with these nodes and edges. */
export function workflowText(nodes: TestNode[], edges: TestEdge[] = [], extra: Record<string, unknown> = {}): string {
  return serializeWorkflow({ formatVersion: 1, name: 'Test', nodes, edges, ...extra });
}

/** A small valid workflow: Start → Set → If, with an expression. */
export function validWorkflow(): { nodes: TestNode[]; edges: TestEdge[] } {
  return {
    nodes: [
      node('start', 'trigger.manual', {}, { name: 'Start' }),
      node('set', 'data.set', { values: { total: '{{ price * quantity }}', currency: 'USD' } }, { name: 'Set total' }),
      node('check', 'flow.if', { condition: '{{ total > 100 }}' }, { name: 'Big order?' }),
    ],
    edges: [edge('e1', 'start', 'set'), edge('e2', 'set', 'check')],
  };
}

/** `code @ line:column` of each diagnostic, for compact assertions. */
export function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} @ ${d.line}:${d.column}`);
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** The first diagnostic with `code`, failing the test when there is none. */
export function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected exactly one ${code}, got: ${JSON.stringify(diagnostics, null, 1)}`);
  return found[0];
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
export function positionOf(text: string, needle: string, after?: string): { line: number; column: number } {
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`"${after}" not found`);
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A registered type with the property asked for, or undefined (the test is then skipped). */
export function registeredType(predicate: (d: (typeof builtinNodes)[number]) => boolean): (typeof builtinNodes)[number] | undefined {
  return builtinNodes.find(predicate);
}
