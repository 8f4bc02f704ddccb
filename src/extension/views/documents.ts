/**
 * The read-only documents of executions (`workflow-execution:`) and versions
 * (`workflow-version:`), served from the store by content providers: nothing is written to disk
 * and VS Code opens them read-only.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../contract';
import { withoutWorkflowSuffix, WORKFLOW_FILE_SUFFIX } from '../../shared/workflowFile';
import { renderExecutionMarkdown } from './model/executionDetail';
import { decodeRef, documentTitle, encodeRef } from './model/documentRefs';

export const EXECUTION_SCHEME = 'workflow-execution';
export const VERSION_SCHEME = 'workflow-version';
/** Log lines loaded into an execution document; the channel's Show Logs has the same cap. */
export const DOCUMENT_LOG_LIMIT = 2000;

/** URI of an execution's document; `anchor` is a URI inside the workspace folder of its store. */
export function executionDocumentUri(anchor: vscode.Uri, executionId: string, workflowName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: EXECUTION_SCHEME, path: `/${documentTitle(workflowName, executionId)}.md`, query: encodeRef({ anchor: anchor.toString(), id: executionId }) });
}

/** URI of a version's snapshot; the `.workflow.json` ending gives it JSON colouring in the diff. */
export function versionDocumentUri(fileUri: vscode.Uri, versionId: string, versionNumber: number): vscode.Uri {
  const base = withoutWorkflowSuffix(fileUri.path.split('/').pop() ?? 'workflow');
  return vscode.Uri.from({ scheme: VERSION_SCHEME, path: `/${base} v${versionNumber}${WORKFLOW_FILE_SUFFIX}`, query: encodeRef({ anchor: fileUri.toString(), id: versionId }) });
}

/** Serves both schemes; a document of a finished execution never changes, so no change events. */
class HistoryDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly services: ExtensionServices,
    private readonly kind: 'execution' | 'version',
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = decodeRef(uri.query);
    if (!ref) return 'This link does not name an execution or a version.\n';
    const { store } = await this.services.history.storeFor(vscode.Uri.parse(ref.anchor));
    if (this.kind === 'execution') {
      return renderExecutionMarkdown(await store.getExecution(ref.id, { logLimit: DOCUMENT_LOG_LIMIT }));
    }
    return (await store.restoreVersion(ref.id)).content;
  }
}

/** Registers the two content providers. */
export function registerHistoryDocuments(services: ExtensionServices): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(EXECUTION_SCHEME, new HistoryDocumentProvider(services, 'execution')),
    vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, new HistoryDocumentProvider(services, 'version')),
  );
}
