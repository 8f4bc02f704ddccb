/**
 * The history record of a workflow file, created on first use: user fields (favorite, status,
 * folder) can be set on a workflow that was never run or saved since the store existed.
 */
import * as vscode from 'vscode';
import type { WorkflowRecord, WorkflowStatus, WorkflowStore } from '../../core/store';
import type { ExtensionServices } from '../contract';

/** The store, folder and record of `uri`. */
export interface RecordContext {
  store: WorkflowStore;
  folder: vscode.WorkspaceFolder;
  record: WorkflowRecord;
}

/** Finds the record of `uri`, registering the file's current text when there is none. */
export async function ensureRecord(services: ExtensionServices, uri: vscode.Uri): Promise<RecordContext> {
  const { store, folder } = await services.history.storeFor(uri);
  const path = services.history.relativePath(uri);
  let record = await store.findWorkflowByPath(path);
  if (!record) {
    const document = await vscode.workspace.openTextDocument(uri);
    const registered = await store.registerWorkflow({ path, content: document.getText() });
    record = await store.getWorkflow(registered.workflowId);
    services.history.notifyChanged({ folder, kinds: ['workflows', 'versions'] });
  }
  if (!record) throw new Error(`the history has no record of ${path}`);
  return { store, folder, record };
}

/** The record of `uri` when it has one; never creates one. */
export async function findRecord(services: ExtensionServices, uri: vscode.Uri): Promise<(Omit<RecordContext, 'record'> & { record?: WorkflowRecord })> {
  const { store, folder } = await services.history.storeFor(uri);
  return { store, folder, record: await store.findWorkflowByPath(services.history.relativePath(uri)) };
}

/**
 * Sets the record's status (creating the record when needed) and tells the views and the
 * trigger host, which re-arms or disarms the workflow's triggers.
 */
export async function setWorkflowStatus(services: ExtensionServices, uri: vscode.Uri, status: WorkflowStatus): Promise<RecordContext> {
  const context = await ensureRecord(services, uri);
  if (context.record.status === status) return context;
  const record = await context.store.updateWorkflow(context.record.id, { status });
  services.history.notifyChanged({ folder: context.folder, kinds: ['workflows'] });
  return { ...context, record };
}
