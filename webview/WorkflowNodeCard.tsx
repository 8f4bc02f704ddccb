/**
 * How one workflow node looks on the canvas: icon, name, type, and a handle per declared port.
 * Memoized: React Flow re-renders nodes often (drag, selection) and the data rarely changes.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from 'reactflow';
import type { PortView } from '../src/protocol/view';
import type { WorkflowNodeData } from './flowMapping';
import { iconGlyph } from './icons';

function Ports({ ports, type }: { ports: readonly PortView[]; type: 'source' | 'target' }) {
  const side = type === 'source' ? Position.Right : Position.Left;
  // A single default port needs no label; several (if/switch) are told apart by their labels.
  const labelled = ports.length > 1;
  return (
    <>
      {ports.map((port, index) => {
        const top = `${((index + 1) * 100) / (ports.length + 1)}%`;
        return (
          <Handle key={port.name} id={port.name} type={type} position={side} style={{ top }} title={port.label}>
            {labelled ? <span className={`port-label port-label-${type}`}>{port.label}</span> : null}
          </Handle>
        );
      })}
    </>
  );
}

function WorkflowNodeCardImpl({ data, selected }: NodeProps<WorkflowNodeData>) {
  const { view } = data;
  const classes = ['workflow-node', `category-${view.category}`, selected ? 'selected' : '', view.disabled ? 'disabled' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')} title={`${view.title} (${view.type})`}>
      <Ports ports={view.inputs} type="target" />
      <span className="node-icon" aria-hidden="true" data-codicon={view.icon}>
        {iconGlyph(view.icon)}
      </span>
      <span className="node-text">
        <span className="node-name">{view.name}</span>
        <span className="node-type">{view.title}</span>
      </span>
      <Ports ports={view.outputs} type="source" />
    </div>
  );
}

/** The canvas node component. */
export const WorkflowNodeCard = memo(WorkflowNodeCardImpl);
