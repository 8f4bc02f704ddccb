/**
 * An edge that shows how many items crossed it in the run shown, and moves while its target
 * node runs. It subscribes to its own count and its target's state only, so a batch of run
 * updates re-renders just the edges it touched.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from 'reactflow';
import { formatItems } from './format';
import { useEdgeFlowing, useEdgeItemCount } from './runStore';

function RunEdgeImpl({ id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, interactionWidth }: EdgeProps) {
  const count = useEdgeItemCount(id);
  const flowing = useEdgeFlowing(source, target);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const classes = ['run-edge-path', flowing ? 'run-edge-flowing' : '', count !== undefined && count > 0 ? 'run-edge-carried' : ''].filter(Boolean).join(' ');
  return (
    <>
      <g className={classes}>
        <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      </g>
      {count !== undefined ? (
        <EdgeLabelRenderer>
          <div
            className="run-edge-label"
            // React Flow places labels with a transform; CSP allows styles set from script.
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={`${formatItems(count)} passed along this connection in the last run`}
            data-edge-id={id}
          >
            {count}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

/** The canvas edge component. */
export const RunEdge = memo(RunEdgeImpl);
