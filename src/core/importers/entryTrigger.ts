/**
 * Formats that describe how a workflow starts outside the graph (the sessions seed's `trigger`
 * column) get that trigger as a node, wired to every node the run would start from, so that the
 * canvas shows where a run begins.
 */
import type { Workflow, WorkflowNode } from '../model/workflow';
import { getNodeDefinition } from '../nodes/registry';
import type { EntryTrigger } from './draft';
import { fitHandle } from './handles';
import { IdAllocator } from './ids';

/** Gap between the trigger and the nodes it starts. */
const TRIGGER_OFFSET_X = 250;

function isTrigger(node: WorkflowNode): boolean {
  return node.type.startsWith('trigger.') || getNodeDefinition(node.type)?.isTrigger === true;
}

/** `trigger.schedule` → `Schedule trigger`; a registered type uses its own title. */
function triggerTitle(type: string): string {
  const title = getNodeDefinition(type)?.title;
  if (title) return title;
  const word = type.replace(/^trigger\./, '');
  return `${word.charAt(0).toUpperCase()}${word.slice(1)} trigger`;
}

function uniqueName(base: string, nodes: readonly WorkflowNode[]): string {
  const names = new Set(nodes.map((node) => node.name));
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base} ${n}`;
  return name;
}

/** Non-trigger nodes without an incoming edge from an existing node: where a run starts. */
function entryNodes(workflow: Workflow): WorkflowNode[] {
  const ids = new Set(workflow.nodes.map((node) => node.id));
  const entered = new Set(workflow.edges.filter((edge) => ids.has(edge.source)).map((edge) => edge.target));
  return workflow.nodes.filter((node) => !isTrigger(node) && !entered.has(node.id));
}

/**
 * Adds `trigger` as the first node (unless a node of that type exists already) and an edge from
 * it to each entry node. `edgeIds` knows every edge id taken so far.
 */
export function addEntryTrigger(workflow: Workflow, trigger: EntryTrigger, edgeIds: IdAllocator, warnings: string[]): void {
  if (workflow.nodes.some((node) => node.type === trigger.type)) return;
  if (!getNodeDefinition(trigger.type)) {
    warnings.push(`trigger: became a "${trigger.type}" node; that type is not available yet, so the validator will report it`);
  }
  const nodeIds = new IdAllocator();
  nodeIds.reserve(workflow.nodes.map((node) => node.id));
  const targets = entryNodes(workflow);
  const anchor = targets.length > 0 ? targets : workflow.nodes;
  const node: WorkflowNode = {
    id: nodeIds.claimFresh('trigger'),
    type: trigger.type,
    name: uniqueName(triggerTitle(trigger.type), workflow.nodes),
    position: {
      // reduce, not Math.min(...list): a spread of a huge graph would overflow the stack
      x: anchor.length > 0 ? anchor.reduce((min, n) => Math.min(min, n.position.x), Infinity) - TRIGGER_OFFSET_X : 0,
      y: anchor.length > 0 ? anchor[0]!.position.y : 0,
    },
    config: trigger.config,
  };
  workflow.nodes.unshift(node);
  for (const target of targets) {
    const inputs = getNodeDefinition(target.type)?.inputs;
    const targetHandle = inputs ? fitHandle(undefined, inputs, 'target').handle : undefined;
    workflow.edges.push({
      id: edgeIds.claimFresh(`e-${node.id}-${target.id}`),
      source: node.id,
      target: target.id,
      ...(targetHandle !== undefined ? { targetHandle } : {}),
    });
  }
}
