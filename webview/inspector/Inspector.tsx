/**
 * The right-hand panel for the node selected on the canvas: Configure (name, notes, parameters,
 * settings) and, after a run, its Output / Input / Logs / Error. Resizable (drag or arrow keys on
 * its edge); the width is view state. Several selected nodes get their count and bulk actions.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { NodeResultView } from '../../src/protocol/run';
import type { NodeTypeView, WorkflowDocumentView } from '../../src/protocol/view';
import { Codicon } from '../icons';
import { NodeRunBadge } from '../run/NodeRunBadge';
import { useNodeRunState } from '../run/runStore';
import { NodeForm, type EditSender } from './NodeForm';
import { RunResultPanel, useNodeResult, type ResultTab } from './RunResult';
import './inspector.css';

/** Width limits of the panel (px). */
export const INSPECTOR_MIN_WIDTH = 260;
export const INSPECTOR_MAX_WIDTH = 720;
export const INSPECTOR_DEFAULT_WIDTH = 340;

/** The inspector's tabs. */
export type InspectorTab = 'configure' | ResultTab;

const TABS: readonly { id: InspectorTab; label: string }[] = [
  { id: 'configure', label: 'Configure' },
  { id: 'output', label: 'Output' },
  { id: 'input', label: 'Input' },
  { id: 'logs', label: 'Logs' },
  { id: 'error', label: 'Error' },
];

/** Props of the inspector. */
export interface InspectorProps {
  view: WorkflowDocumentView;
  catalog: readonly NodeTypeView[];
  selectedNodeIds: readonly string[];
  width: number;
  /** The new width, once a resize ends. */
  onWidthChange(width: number): void;
  onEdit: EditSender;
  onNodeResult(nodeId: string): Promise<NodeResultView | undefined>;
  /** Puts text on the clipboard (through the host). */
  onCopy(text: string): Promise<void>;
  initialTab?: InspectorTab;
  onTabChange?(tab: InspectorTab): void;
}

function clampWidth(width: number): number {
  const max = Math.min(INSPECTOR_MAX_WIDTH, Math.max(INSPECTOR_MIN_WIDTH, window.innerWidth - 200));
  return Math.round(Math.min(max, Math.max(INSPECTOR_MIN_WIDTH, width)));
}

function Resizer({ width, onResize, onCommit }: { width: number; onResize(width: number): void; onCommit(width: number): void }) {
  const drag = useRef<{ startX: number; startWidth: number; width: number }>();
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: width, width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    // The panel is on the right: moving the edge left widens it.
    drag.current.width = clampWidth(drag.current.startWidth + drag.current.startX - event.clientX);
    onResize(drag.current.width);
  };
  const onPointerUp = (): void => {
    if (drag.current) onCommit(drag.current.width);
    drag.current = undefined;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? 64 : 16;
    let next: number | undefined;
    if (event.key === 'ArrowLeft') next = width + step;
    else if (event.key === 'ArrowRight') next = width - step;
    else if (event.key === 'Home') next = INSPECTOR_MAX_WIDTH;
    else if (event.key === 'End') next = INSPECTOR_MIN_WIDTH;
    if (next === undefined) return;
    event.preventDefault();
    const clamped = clampWidth(next);
    onResize(clamped);
    onCommit(clamped);
  };
  return (
    <div
      className="inspector-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the inspector"
      aria-valuenow={width}
      aria-valuemin={INSPECTOR_MIN_WIDTH}
      aria-valuemax={INSPECTOR_MAX_WIDTH}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}

function SingleNode(props: InspectorProps & { nodeId: string; tab: InspectorTab; onTab(tab: InspectorTab): void }) {
  const { view, catalog, nodeId, tab, onTab, onEdit, onNodeResult, onCopy } = props;
  const nodeIndex = view.nodes.findIndex((n) => n.id === nodeId);
  const node = view.nodes[nodeIndex]!;
  const nodeType = catalog.find((t) => t.type === node.type);
  const result = useNodeResult(nodeId, onNodeResult);
  const logCount = result?.result?.logs.length;
  const hasError = result?.result?.error !== undefined;

  // Selecting a node that failed in the run shown opens its Error tab: why it failed is what
  // one selects it for. Only on selection; the user may switch tabs afterwards.
  const failed = useNodeRunState(nodeId)?.status === 'failed';
  const latest = useRef({ failed, onTab });
  latest.current = { failed, onTab };
  useEffect(() => {
    if (latest.current.failed) latest.current.onTab('error');
  }, [nodeId]);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.findIndex((t) => t.id === tab);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    onTab(TABS[next]!.id);
    event.currentTarget.querySelector<HTMLElement>(`#inspector-tab-${TABS[next]!.id}`)?.focus();
  };

  return (
    <>
      <header className="inspector-header">
        <span className={`inspector-node-icon category-${node.category}`} aria-hidden="true">
          <Codicon name={node.icon} />
        </span>
        <div className="inspector-heading">
          <h2 id="inspector-node-name">{node.name}</h2>
          <div className="inspector-type">
            {node.title} · <code>{node.type}</code>
          </div>
        </div>
        <NodeRunBadge nodeId={node.id} />
      </header>
      <div className="inspector-tabs" role="tablist" aria-label="Node details" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`inspector-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls="inspector-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className={`inspector-tab${t.id === 'error' && hasError ? ' has-error' : ''}`}
            onClick={() => onTab(t.id)}
          >
            {t.label}
            {t.id === 'logs' && logCount ? <span className="tab-count">{logCount}</span> : null}
            {t.id === 'error' && hasError ? (
              <span className="tab-dot" aria-label="(has an error)">
                ●
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div id="inspector-panel" className="inspector-panel" role="tabpanel" aria-labelledby={`inspector-tab-${tab}`}>
        {tab === 'configure' ? (
          <NodeForm key={node.id} node={node} nodeIndex={nodeIndex} nodeType={nodeType} problems={view.problems} onEdit={onEdit} />
        ) : (
          <RunResultPanel tab={tab} state={result} onCopy={onCopy} />
        )}
      </div>
    </>
  );
}

function SeveralNodes({ ids, onEdit }: { ids: readonly string[]; onEdit: EditSender }) {
  const [error, setError] = useState<string>();
  const act = (intent: Parameters<EditSender>[0]): void => {
    setError(undefined);
    void onEdit(intent).then(setError);
  };
  return (
    <div className="inspector-hint">
      <p>{`${ids.length} nodes selected.`}</p>
      <div className="button-row">
        <button type="button" className="secondary-button" onClick={() => act({ type: 'setDisabled', nodeIds: [...ids], disabled: true })}>
          Disable
        </button>
        <button type="button" className="secondary-button" onClick={() => act({ type: 'setDisabled', nodeIds: [...ids], disabled: false })}>
          Enable
        </button>
        <button type="button" className="secondary-button" onClick={() => act({ type: 'removeElements', nodeIds: [...ids], edgeIds: [] })}>
          Delete
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="hint">Select a single node to configure it.</p>
    </div>
  );
}

/** The inspector panel. */
export function Inspector(props: InspectorProps) {
  const { view, selectedNodeIds, width, onWidthChange, initialTab, onTabChange } = props;
  const [liveWidth, setLiveWidth] = useState<number>();
  const [tab, setTab] = useState<InspectorTab>(initialTab ?? 'configure');
  const onTab = useCallback(
    (next: InspectorTab) => {
      setTab(next);
      onTabChange?.(next);
    },
    [onTabChange],
  );
  const present = selectedNodeIds.filter((id) => view.nodes.some((n) => n.id === id));
  const shownWidth = liveWidth ?? width;
  return (
    <aside id="inspector" aria-label="Inspector" style={{ width: shownWidth }}>
      <Resizer
        width={shownWidth}
        onResize={setLiveWidth}
        onCommit={(w) => {
          setLiveWidth(undefined);
          onWidthChange(w);
        }}
      />
      <div className="inspector-body">
        {present.length === 1 ? (
          <SingleNode {...props} nodeId={present[0]!} tab={tab} onTab={onTab} />
        ) : present.length > 1 ? (
          <SeveralNodes ids={present} onEdit={props.onEdit} />
        ) : (
          <div className="inspector-hint">
            <p>Select a node to configure it.</p>
            <p className="hint">After a run, its input, output, logs and error show here too.</p>
          </div>
        )}
      </div>
    </aside>
  );
}
