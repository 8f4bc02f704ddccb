/**
 * Turns a document's text into what the canvas shows. Free of `vscode` so it runs in the unit
 * tests; the provider calls it on open and on every change of the document.
 *
 * A file whose graph is sound but whose nodes have errors (an empty URL, a bad expression, an
 * unknown type) still shows as a canvas, the nodes badged: a user half-way through configuring
 * a node must not lose the canvas. Only text that is no workflow (bad JSON, a format error) or
 * no sound graph (duplicate ids, a cycle, an edge to nothing) shows the error state.
 */
import { DEFAULT_STICKY_SIZE, edgeSourceHandle, edgeTargetHandle, type StickyNote, type Workflow, type WorkflowNode } from '../../core/model/workflow';
import { getNodeDefinition } from '../../core/nodes/registry';
import { outputsOf, type PortDefinition } from '../../core/nodes/definition';
import { ERROR_HANDLE } from '../../core/validation/graphChecks';
import { analyzeWorkflowText, type Diagnostic, type ValidateOptions } from '../../core/validation/validate';
import type { DocumentView, NodeView, PortView, ProblemView, StickyView } from '../../protocol/view';

/** The view of a document and the workflows the edits and runs start from. */
export interface AnalyzedDocument {
  view: DocumentView;
  /** Set when the canvas shows the document: the editor edits this (node errors and all). */
  draft?: Workflow;
  /** Set only when the text has no error at all: what may run. */
  workflow?: Workflow;
}

function ports(list: readonly PortDefinition[]): PortView[] {
  return list.map((p) => ({ name: p.name, label: p.label ?? p.name }));
}

function problem(d: Diagnostic): ProblemView {
  const view: ProblemView = { severity: d.severity, line: d.line, column: d.column, message: d.message, code: d.code, path: d.path };
  if (d.nodeId !== undefined) view.nodeId = d.nodeId;
  return view;
}

function outputPorts(node: WorkflowNode, list: () => readonly PortDefinition[]): PortView[] {
  let outputs: PortView[];
  try {
    outputs = ports(list());
  } catch {
    // An outputs function that fails on an odd config: the config's own error says why.
    outputs = [];
  }
  if (node.onError === 'errorOutput' && !outputs.some((p) => p.name === ERROR_HANDLE)) outputs.push({ name: ERROR_HANDLE, label: ERROR_HANDLE });
  return outputs;
}

/** A node with its type resolved; an unknown type still draws, with default ports. */
export function nodeView(node: WorkflowNode): NodeView {
  const definition = getNodeDefinition(node.type);
  const base: Omit<NodeView, 'title' | 'icon' | 'category' | 'inputs' | 'outputs'> = {
    id: node.id,
    type: node.type,
    name: node.name,
    position: node.position,
    disabled: node.disabled === true,
    config: node.config,
  };
  if (node.notes !== undefined) base.notes = node.notes;
  if (node.retry !== undefined) base.retry = node.retry;
  if (node.onError !== undefined) base.onError = node.onError;
  if (node.timeoutMs !== undefined) base.timeoutMs = node.timeoutMs;
  if (!definition) {
    return { ...base, title: node.type, icon: 'question', category: 'unknown', inputs: [{ name: 'in', label: 'in' }], outputs: outputPorts(node, () => [{ name: 'out' }]) };
  }
  return {
    ...base,
    title: definition.title,
    icon: definition.icon,
    category: definition.category,
    inputs: ports(definition.inputs),
    outputs: outputPorts(node, () => outputsOf(definition, node.config)),
  };
}

/** A sticky note with its size made explicit. */
export function stickyView(note: StickyNote): StickyView {
  const view: StickyView = {
    id: note.id,
    text: note.text,
    position: note.position,
    width: note.width ?? DEFAULT_STICKY_SIZE.width,
    height: note.height ?? DEFAULT_STICKY_SIZE.height,
  };
  if (note.color !== undefined) view.color = note.color;
  return view;
}

/** Validates `text` and builds the canvas view, or the error view listing its errors. */
export function analyzeDocument(text: string, fileName: string, version: number, options: ValidateOptions = {}): AnalyzedDocument {
  const { diagnostics, workflow, draft } = analyzeWorkflowText(text, fileName, options);
  if (!draft) {
    return { view: { kind: 'invalid', version, problems: diagnostics.filter((d) => d.severity === 'error').map(problem) } };
  }
  return {
    draft,
    ...(workflow ? { workflow } : {}),
    view: {
      kind: 'workflow',
      version,
      name: draft.name,
      nodes: draft.nodes.map(nodeView),
      edges: draft.edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: edgeSourceHandle(e), target: e.target, targetHandle: edgeTargetHandle(e) })),
      stickies: (draft.stickyNotes ?? []).map(stickyView),
      problems: diagnostics.map(problem),
    },
  };
}
