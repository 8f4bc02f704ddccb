/**
 * The run state of one node (queued / running / success / failed / skipped / cancelled, with
 * its duration), read from the run overlay store: it re-renders only when this node's state
 * changes. Nothing is drawn for a node the run shown did not reach.
 */
import { memo } from 'react';
import { Codicon } from '../icons';
import { formatDuration } from '../../src/shared/duration';
import { describeNodeRun, NODE_ICONS } from './format';
import { useNodeRunState } from './runStore';
import './run.css';

function NodeRunBadgeImpl({ nodeId }: { nodeId: string }) {
  const state = useNodeRunState(nodeId);
  if (!state) return null;
  const text = describeNodeRun(state);
  const showDuration = state.durationMs !== undefined && (state.status === 'success' || state.status === 'failed');
  return (
    // One labelled image: fewer elements per badge (a run can change a thousand of them a second).
    <span className={`run-badge run-${state.status}`} title={text} role="img" aria-label={`Last run: ${text}`} data-run-status={state.status}>
      <Codicon name={NODE_ICONS[state.status]} className={`run-badge-icon${state.status === 'running' ? ' codicon-modifier-spin' : ''}`} />
      {showDuration ? <span className="run-badge-duration">{formatDuration(state.durationMs!)}</span> : null}
      {/* The skip icon alone reads as "retry": these say what happened in a word. */}
      {state.status === 'skipped' || state.status === 'cancelled' ? <span className="run-badge-word">{state.status === 'skipped' ? 'skipped' : 'stopped'}</span> : null}
    </span>
  );
}

/** The run badge of a node card. */
export const NodeRunBadge = memo(NodeRunBadgeImpl);
