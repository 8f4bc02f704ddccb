/**
 * Run / Stop and the status of the run shown, in the canvas header. Stop is enabled only while
 * the run goes; Run while none does. The status is announced politely; the live clock beside it
 * is not (it would chatter). The status comes first, so Run and Stop stay put at the right edge
 * however long it grows.
 */
import { useEffect, useState } from 'react';
import { Codicon } from '../icons';
import { formatDuration } from '../../src/shared/duration';
import { describeRunStatus } from './format';
import { useRunSummary } from './runStore';
import './run.css';

/** Props of the toolbar: both actions resolve when the host answered, reject with its refusal. */
export interface RunToolbarProps {
  onRun(): Promise<unknown>;
  onStop(): Promise<unknown>;
  /** Why Run is unavailable (e.g. the workflow has errors), if it is. */
  runDisabledReason?: string;
  onError(message: string): void;
}

function useElapsed(since: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? undefined : Math.max(0, now - since);
}

/** The run toolbar. */
export function RunToolbar({ onRun, onStop, runDisabledReason, onError }: RunToolbarProps) {
  const summary = useRunSummary();
  const [requesting, setRequesting] = useState<'run' | 'stop'>();
  const live = summary !== undefined && (summary.status === 'running' || summary.status === 'queued');
  const elapsed = useElapsed(live ? summary.seenAt : undefined);

  const act = (kind: 'run' | 'stop', action: () => Promise<unknown>): void => {
    setRequesting(kind);
    action()
      .catch((error: unknown) => onError(error instanceof Error ? error.message : String(error)))
      .finally(() => setRequesting(undefined));
  };

  let status = '';
  if (summary) {
    status = describeRunStatus(summary.status);
    if (!live && summary.durationMs !== undefined) status += ` in ${formatDuration(summary.durationMs)}`;
    if (!live && summary.error) status += `: ${summary.error}`;
  }
  const runDisabled = live || requesting !== undefined || runDisabledReason !== undefined;
  return (
    <div id="run-toolbar" role="toolbar" aria-label="Run">
      <span
        id="run-status"
        className={summary ? `run-status run-status-${summary.status}` : 'run-status'}
        role="status"
        aria-live="polite"
        title={status}
        data-execution={summary?.executionId}
      >
        {status}
      </span>
      {live && elapsed !== undefined ? (
        <span id="run-clock" aria-hidden="true">
          {formatDuration(elapsed)}
        </span>
      ) : null}
      <button
        type="button"
        id="run-button"
        className="primary-button"
        disabled={runDisabled}
        title={runDisabledReason ?? 'Run the workflow as it is in the editor'}
        onClick={() => act('run', onRun)}
      >
        <Codicon name="play" />
        Run
      </button>
      <button
        type="button"
        id="stop-button"
        className="secondary-button"
        disabled={!live || requesting === 'stop'}
        title="Stop the running workflow"
        onClick={() => act('stop', onStop)}
      >
        <Codicon name="debug-stop" />
        Stop
      </button>
    </div>
  );
}
