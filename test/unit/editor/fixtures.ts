/** A small valid workflow shared by the editor unit tests. */
import type { Workflow } from '../../../src/core/model/workflow';
import { serializeWorkflow } from '../../../src/core/model/serialize';

export function sampleWorkflow(): Workflow {
  return {
    formatVersion: 1,
    name: 'Sample',
    nodes: [
      { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
      { id: 'check', type: 'flow.if', name: 'Check', position: { x: 240, y: 0 }, config: { condition: '{{ true }}' } },
      { id: 'log', type: 'util.log', name: 'Log', position: { x: 480, y: 0 }, config: { message: 'hi' }, notes: 'kept' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'out', target: 'check', targetHandle: 'in' },
      { id: 'e2', source: 'check', sourceHandle: 'true', target: 'log', targetHandle: 'in' },
    ],
  };
}

export const sampleText = (): string => serializeWorkflow(sampleWorkflow());
