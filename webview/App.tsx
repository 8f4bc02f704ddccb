/**
 * The webview app: asks the host for the document, then shows the canvas or the error state.
 * It keeps no copy of the file: every state it draws came from the host.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EditIntent } from '../src/protocol/messages';
import type { DocumentView } from '../src/protocol/view';
import { Canvas } from './Canvas';
import { ErrorState } from './ErrorState';
import { HostConnection } from './hostConnection';
import { loadViewState, saveViewState, type ViewState } from './viewState';
import type { VsCodeApi } from './vscodeApi';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The root component. */
export function App({ api }: { api: VsCodeApi }) {
  const [view, setView] = useState<DocumentView>();
  const [notice, setNotice] = useState<string>();

  // Document versions only grow, so an older view arriving late (a reply overtaken by an
  // external change) is dropped.
  const acceptView = useCallback((next: DocumentView) => {
    setView((previous) => (previous && previous.version > next.version ? previous : next));
  }, []);
  const host = useMemo(() => new HostConnection(api, acceptView), [api, acceptView]);
  useEffect(() => host.start(), [host]);
  const initialViewState = useMemo(() => loadViewState(api), [api]);

  const onIntent = useCallback(
    (intent: EditIntent) => {
      setNotice(undefined);
      host.edit(intent).then(
        (after) => after && acceptView(after),
        (error: unknown) => setNotice(messageOf(error)),
      );
    },
    [host, acceptView],
  );
  const onViewStateChange = useCallback((patch: ViewState) => saveViewState(api, patch), [api]);
  const onOpenAsText = useCallback(() => {
    host.openAsText().catch((error: unknown) => setNotice(messageOf(error)));
  }, [host]);

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
        <>
          <header id="canvas-header">
            <span id="canvas-title">{`${view.name} · ${view.nodes.length} nodes`}</span>
          </header>
          <main id="canvas">
            <Canvas view={view} initialViewState={initialViewState} onIntent={onIntent} onViewStateChange={onViewStateChange} />
          </main>
        </>
      ) : null}
    </div>
  );
}
