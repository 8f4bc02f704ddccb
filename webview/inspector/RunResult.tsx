/**
 * What the selected node did in the run shown: its output and input as JSON trees (with Copy),
 * its log lines, its error. The result is asked from the host (`nodeResult`) once the node has
 * finished, and again when another run finishes it.
 */
import { useEffect, useState } from 'react';
import type { NodeResultView } from '../../src/protocol/run';
import { formatDuration } from '../../src/shared/duration';
import { useNodeRunState, useRunSummary } from '../run/runStore';
import { JsonTree } from './JsonTree';

/** The run tabs of the inspector. */
export type ResultTab = 'output' | 'input' | 'logs' | 'error';

/** A node result as fetched for one node, run and state. */
export interface NodeResultState {
  key: string;
  loading: boolean;
  result?: NodeResultView;
  error?: string;
}

const FINAL = new Set(['success', 'failed', 'skipped', 'cancelled']);

/** Fetches the node's recorded result whenever the run shown finished it (again). */
export function useNodeResult(nodeId: string, fetch: (nodeId: string) => Promise<NodeResultView | undefined>): NodeResultState | undefined {
  const summary = useRunSummary();
  const state = useNodeRunState(nodeId);
  const ready = summary !== undefined && state !== undefined && FINAL.has(state.status);
  const key = ready ? `${nodeId}|${summary.executionId}|${state.status}|${state.durationMs ?? ''}|${state.itemCount ?? ''}` : '';
  const [result, setResult] = useState<NodeResultState>();
  useEffect(() => {
    if (!key) return;
    let current = true;
    fetch(nodeId).then(
      (view) => current && setResult({ key, loading: false, ...(view ? { result: view } : {}) }),
      (error: unknown) => current && setResult({ key, loading: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [key, nodeId, fetch]);
  if (!key) return undefined;
  if (result?.key === key) return result;
  // Until the new answer comes, the last result of this node stays in view.
  return { key, loading: true, ...(result?.result?.nodeId === nodeId ? { result: result.result } : {}) };
}

/** Output is stored by handle: a single handle shows its data directly. */
export function displayedOutput(output: unknown): { name: string; value: unknown } {
  if (typeof output === 'object' && output !== null && !Array.isArray(output)) {
    const keys = Object.keys(output);
    if (keys.length === 1) return { name: keys[0]!, value: (output as Record<string, unknown>)[keys[0]!] };
  }
  return { name: 'output', value: output };
}

function clock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function CopyButton({ value, what, onCopy }: { value: unknown; what: string; onCopy(text: string): Promise<void> }) {
  const [status, setStatus] = useState<string>();
  return (
    <span className="copy">
      <button
        type="button"
        className="secondary-button"
        onClick={() => {
          onCopy(JSON.stringify(value, null, 2) ?? 'null').then(
            () => setStatus('Copied'),
            (error: unknown) => setStatus(`Not copied: ${error instanceof Error ? error.message : String(error)}`),
          );
        }}
      >
        {`Copy ${what}`}
      </button>
      <span className="copy-status" role="status">
        {status ?? ''}
      </span>
    </span>
  );
}

/** The content of one run tab. */
export function RunResultPanel({ tab, state, onCopy }: { tab: ResultTab; state: NodeResultState | undefined; onCopy(text: string): Promise<void> }) {
  if (!state) return <p className="hint">Run the workflow to see what this node receives and produces.</p>;
  if (state.error) return <p className="form-error">{`Could not read the result: ${state.error}`}</p>;
  const result = state.result;
  if (!result) return <p className="hint">{state.loading ? 'Loading…' : 'This node has no recorded result in the last run.'}</p>;
  const meta = (
    <p className="result-meta">
      {[result.status, result.durationMs !== undefined ? formatDuration(result.durationMs) : '', result.truncated ? 'values cut to the history size limit' : '']
        .filter(Boolean)
        .join(' · ')}
    </p>
  );
  switch (tab) {
    case 'output': {
      if (result.output === undefined) return <>{meta}<p className="hint">No output.</p></>;
      const shown = displayedOutput(result.output);
      return (
        <>
          <div className="result-toolbar">
            {meta}
            <CopyButton value={shown.value} what="output" onCopy={onCopy} />
          </div>
          <JsonTree value={shown.value} rootName={shown.name} label={`Output of the node (${shown.name})`} />
        </>
      );
    }
    case 'input':
      if (result.input === undefined) return <>{meta}<p className="hint">No input.</p></>;
      return (
        <>
          <div className="result-toolbar">
            {meta}
            <CopyButton value={result.input} what="input" onCopy={onCopy} />
          </div>
          <JsonTree value={result.input} rootName="input" label="Input of the node" />
        </>
      );
    case 'logs':
      if (result.logs.length === 0) return <p className="hint">No log lines.</p>;
      return (
        <ol className="log-lines" aria-label="Log lines of the node">
          {result.logs.map((line, i) => (
            <li key={i} className={`log-line log-${line.level}`}>
              <time dateTime={new Date(line.at).toISOString()}>{clock(line.at)}</time>
              <span className="log-level">{line.level}</span>
              <span className="log-message">{line.message}</span>
            </li>
          ))}
        </ol>
      );
    case 'error':
      if (!result.error) return <p className="hint">No error.</p>;
      return (
        <div className="result-error" role="group" aria-label="Error of the node">
          <p className="result-error-message">{result.error.message}</p>
          {result.error.code ? <p className="result-meta">{`Code: ${result.error.code}`}</p> : null}
        </div>
      );
  }
}
