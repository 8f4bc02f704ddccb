/**
 * How one workflow node looks on the canvas: icon, name, type, a labelled handle per declared
 * port, and badges for disabled / problems / the last run. Memoized, and its data object is
 * reused while the node does not change (flowMapping.ts), so moving or selecting one node
 * re-renders that node only.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from 'reactflow';
import type { PortView } from '../src/protocol/view';
import type { NodeProblem, WorkflowNodeData } from './flowMapping';
import { Codicon } from './icons';
import { NodeRunBadge } from './run/NodeRunBadge';

/** Vertical room per port, so that the handles of a switch with many cases do not overlap. */
const PORT_SPACING = 24;

function defaultPort(ports: readonly PortView[], name: string): boolean {
  return ports.length === 1 && ports[0]!.name === name && ports[0]!.label === name;
}

function Ports({ ports, type, nodeName }: { ports: readonly PortView[]; type: 'source' | 'target'; nodeName: string }) {
  const side = type === 'source' ? Position.Right : Position.Left;
  // A lone "in" or "out" needs no label; named ports (if/switch, error) are told apart by theirs.
  const labelled = !defaultPort(ports, type === 'source' ? 'out' : 'in');
  const kind = type === 'source' ? 'output' : 'input';
  return (
    <>
      {ports.map((port, index) => {
        const top = `${((index + 1) * 100) / (ports.length + 1)}%`;
        return (
          <Handle
            key={port.name}
            id={port.name}
            type={type}
            position={side}
            style={{ top }}
            title={`${kind} ${port.label}`}
            aria-label={`${nodeName} ${kind} ${port.label}`}
            className={port.name === 'error' ? 'port-error' : undefined}
          >
            {labelled ? <span className={`port-label port-label-${type}`}>{port.label}</span> : null}
          </Handle>
        );
      })}
    </>
  );
}

function ProblemBadge({ problems }: { problems: readonly NodeProblem[] }) {
  if (problems.length === 0) return null;
  const hasError = problems.some((p) => p.severity === 'error');
  const text = problems.map((p) => p.message).join('\n');
  return (
    <span className={`node-badge ${hasError ? 'node-badge-error' : 'node-badge-warning'}`} title={text} role="img" aria-label={text}>
      <Codicon name={hasError ? 'error' : 'warning'} />
    </span>
  );
}

function WorkflowNodeCardImpl({ id, data, selected }: NodeProps<WorkflowNodeData>) {
  const { view, problems } = data;
  const classes = [
    'workflow-node',
    `category-${view.category}`,
    selected ? 'selected' : '',
    view.disabled ? 'disabled' : '',
    problems.some((p) => p.severity === 'error') ? 'has-error' : '',
  ];
  const ports = Math.max(view.inputs.length, view.outputs.length);
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      title={`${view.title} (${view.type})`}
      style={ports > 2 ? { minHeight: (ports + 1) * PORT_SPACING } : undefined}
    >
      <Ports ports={view.inputs} type="target" nodeName={view.name} />
      <span className="node-icon">
        <Codicon name={view.icon} />
      </span>
      <span className="node-text">
        <span className="node-name">{view.name}</span>
        <span className="node-type">{view.title}</span>
      </span>
      <span className="node-badges">
        {view.disabled ? (
          <span className="node-badge node-badge-disabled" title="Disabled: skipped in runs, its input passes through" role="img" aria-label="Disabled">
            <Codicon name="circle-slash" />
          </span>
        ) : null}
        <ProblemBadge problems={problems} />
        <NodeRunBadge nodeId={id} />
      </span>
      <Ports ports={view.outputs} type="source" nodeName={view.name} />
    </div>
  );
}

/** The canvas node component. */
export const WorkflowNodeCard = memo(WorkflowNodeCardImpl);
