/**
 * The webview app: asks the host for the document, then shows the canvas or the error state.
 * It keeps no copy of the file: every state it draws came from the host.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EditIntent } from '../src/protocol/messages';
import type { DocumentView, NodeTypeView } from '../src/protocol/view';
import { Canvas } from './Canvas';
import { ErrorState } from './ErrorState';
import { HostConnection } from './hostConnection';
import { INSPECTOR_DEFAULT_WIDTH, Inspector, type InspectorTab } from './inspector/Inspector';
import { RunOverlayContext, RunOverlayStore } from './run/runStore';
import { RunToolbar } from './run/RunToolbar';
import { loadViewState, saveViewState, type ViewState } from './viewState';
import type { VsCodeApi } from './vscodeApi';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why Run cannot work now: errors the host would refuse the run for. */
function runBlocker(problems: readonly { severity: string }[]): string | undefined {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return errors === 0 ? undefined : `Fix the ${errors === 1 ? 'error' : `${errors} errors`} of this workflow to run it`;
}

/** The root component. */
export function App({ api }: { api: VsCodeApi }) {
  const [view, setView] = useState<DocumentView>();
  const [notice, setNotice] = useState<string>();
  /** The node types (palette, inspector), sent once with `init`. */
  const [catalog, setCatalog] = useState<readonly NodeTypeView[]>([]);
  /** Nodes selected on the canvas (view state; the inspector shows a single one). */
  const [selectedNodeIds, setSelectedNodeIds] = useState<readonly string[]>(() => loadViewState(api).selectedNodeIds ?? []);
  /** The run overlay (node states, edge counts, run status), fed by the host's `runUpdate` batches. */
  const runStore = useMemo(() => new RunOverlayStore(), []);
  const [inspectorWidth, setInspectorWidth] = useState(() => loadViewState(api).inspectorWidth ?? INSPECTOR_DEFAULT_WIDTH);

  // Document versions only grow, so an older view arriving late (a reply overtaken by an
  // external change) is dropped.
  const acceptView = useCallback((next: DocumentView, nextCatalog?: readonly NodeTypeView[]) => {
    if (nextCatalog) setCatalog(nextCatalog);
    setView((previous) => (previous && previous.version > next.version ? previous : next));
  }, []);
  const host = useMemo(() => new HostConnection(api, acceptView, (update) => runStore.enqueue(update)), [api, acceptView, runStore]);
  useEffect(() => host.start(), [host]);
  const initialViewState = useMemo(() => loadViewState(api), [api]);

  // Resolves with the ids the edit created (the canvas selects them), undefined when refused.
  const onIntent = useCallback(
    (intent: EditIntent): Promise<string[] | undefined> => {
      setNotice(undefined);
      return host.request('edit', { intent }).then(
        (reply) => {
          if (reply.view) acceptView(reply.view);
          return reply.created ?? [];
        },
        (error: unknown) => {
          setNotice(messageOf(error));
          return undefined;
        },
      );
    },
    [host, acceptView],
  );
  const onWriteClipboard = useCallback((text: string) => host.request('writeClipboard', { text }).then(() => undefined), [host]);
  const onReadClipboard = useCallback(() => host.request('readClipboard').then((reply) => reply.text), [host]);
  const onViewStateChange = useCallback((patch: ViewState) => saveViewState(api, patch), [api]);
  // The inspector shows a refused edit beside its field, not as the page's notice.
  const onInspectorEdit = useCallback(
    (intent: EditIntent): Promise<string | undefined> =>
      host.request('edit', { intent }).then(
        (reply) => {
          if (reply.view) acceptView(reply.view);
          return undefined;
        },
        (error: unknown) => messageOf(error),
      ),
    [host, acceptView],
  );
  const onRun = useCallback(() => host.request('run').then((reply) => reply.executionId), [host]);
  const onStop = useCallback(() => host.request('stop').then(() => undefined), [host]);
  const onNodeResult = useCallback((nodeId: string) => host.request('nodeResult', { nodeId }).then((reply) => reply.nodeResult), [host]);
  const onInspectorWidth = useCallback(
    (width: number) => {
      setInspectorWidth(width);
      saveViewState(api, { inspectorWidth: width });
    },
    [api],
  );
  const onInspectorTab = useCallback((inspectorTab: InspectorTab) => saveViewState(api, { inspectorTab }), [api]);
  const onOpenAsText = useCallback(
    (at?: { line: number; column: number }) => {
      host.request('openAsText', at ? { at } : {}).catch((error: unknown) => setNotice(messageOf(error)));
    },
    [host],
  );

  return (
    <div id="workflow-app" className={view ? `state-${view.kind}` : 'state-loading'}>
      {notice ? (
        <div id="notice" role="status">
          <span>{notice}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
            ×
          </button>
        </div>
      ) : null}
      {!view ? <div id="loading">Loading workflow…</div> : null}
      {view?.kind === 'invalid' ? <ErrorState problems={view.problems} onOpenAsText={onOpenAsText} /> : null}
      {view?.kind === 'workflow' ? (
        <RunOverlayContext.Provider value={runStore}>
          <header id="canvas-header">
            <span id="canvas-title">{`${view.name} · ${view.nodes.length} nodes`}</span>
            {selectedNodeIds.length > 1 ? <span id="canvas-selection">{`${selectedNodeIds.length} selected`}</span> : null}
            <RunToolbar onRun={onRun} onStop={onStop} runDisabledReason={runBlocker(view.problems)} onError={setNotice} />
          </header>
          <div id="canvas-body">
            <main id="canvas">
              <Canvas
                view={view}
                catalog={catalog}
                initialViewState={initialViewState}
                onIntent={onIntent}
                onViewStateChange={onViewStateChange}
                onSelectionChange={setSelectedNodeIds}
                onWriteClipboard={onWriteClipboard}
                onReadClipboard={onReadClipboard}
                onNotice={setNotice}
              />
            </main>
            <Inspector
              view={view}
              catalog={catalog}
              selectedNodeIds={selectedNodeIds}
              width={inspectorWidth}
              onWidthChange={onInspectorWidth}
              onEdit={onInspectorEdit}
              onNodeResult={onNodeResult}
              onCopy={onWriteClipboard}
              initialTab={initialViewState.inspectorTab}
              onTabChange={onInspectorTab}
            />
          </div>
        </RunOverlayContext.Provider>
      ) : null}
    </div>
  );
}
