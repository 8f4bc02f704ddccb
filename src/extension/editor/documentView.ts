/**
 * Turns a document's text into what the canvas shows. Free of `vscode` so it runs in the unit
 * tests; the provider calls it on open and on every change of the document.
 */
import type { Workflow, WorkflowNode } from '../../core/model/workflow';
import { edgeSourceHandle, edgeTargetHandle } from '../../core/model/workflow';
import { getNodeDefinition } from '../../core/nodes/registry';
import { outputsOf, type PortDefinition } from '../../core/nodes/definition';
import { analyzeWorkflowText, type Diagnostic, type ValidateOptions } from '../../core/validation/validate';
import type { DocumentView, NodeView, PortView, ProblemView } from '../../protocol/view';

/** The view of a document and, when it is valid, the workflow the edits start from. */
export interface AnalyzedDocument {
  view: DocumentView;
  /** Set only when the text has no error: the provider never edits an invalid document. */
  workflow?: Workflow;
}

function ports(list: readonly PortDefinition[]): PortView[] {
  return list.map((p) => ({ name: p.name, label: p.label ?? p.name }));
}

function problem(d: Diagnostic): ProblemView {
  return { severity: d.severity, line: d.line, column: d.column, message: d.message };
}

/** A node with its type resolved; an unknown type still draws, with default ports. */
export function nodeView(node: WorkflowNode): NodeView {
  const definition = getNodeDefinition(node.type);
  const base = { id: node.id, type: node.type, name: node.name, position: node.position, disabled: node.disabled === true, config: node.config };
  if (!definition) {
    return { ...base, title: node.type, icon: 'question', category: 'unknown', inputs: [{ name: 'in', label: 'in' }], outputs: [{ name: 'out', label: 'out' }] };
  }
  return {
    ...base,
    title: definition.title,
    icon: definition.icon,
    category: definition.category,
    inputs: ports(definition.inputs),
    outputs: ports(outputsOf(definition, node.config)),
  };
}

/** Validates `text` and builds the canvas view, or the error view listing its errors. */
export function analyzeDocument(text: string, fileName: string, version: number, options: ValidateOptions = {}): AnalyzedDocument {
  const { diagnostics, workflow } = analyzeWorkflowText(text, fileName, options);
  if (!workflow) {
    return { view: { kind: 'invalid', version, problems: diagnostics.filter((d) => d.severity === 'error').map(problem) } };
  }
  return {
    workflow,
    view: {
      kind: 'workflow',
      version,
      name: workflow.name,
      nodes: workflow.nodes.map(nodeView),
      edges: workflow.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: edgeSourceHandle(e), target: e.target, targetHandle: edgeTargetHandle(e) })),
      problems: diagnostics.map(problem),
    },
  };
}
