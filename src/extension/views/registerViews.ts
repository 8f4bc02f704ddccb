/**
 * The activity-bar views (Workflows, Executions, Versions), their read-only documents, and the
 * commands that only change what a view shows.
 */
import * as vscode from 'vscode';
import { ViewClock } from './viewClock';
import { COMMANDS, VIEWS, type ExtensionServices } from '../contract';
import { requireWorkflowUri } from '../commands/args';
import { registerFailableCommand, required } from '../commands/failable';
import { activeWorkflowUri } from './activeWorkflow';
import { registerHistoryDocuments } from './documents';
import { ExecutionsTreeProvider } from './executionsView';
import { WORKFLOW_GROUP_MODES, type WorkflowGroupMode } from './model/workflowsModel';
import { VersionsTreeProvider } from './versionsView';
import { WorkflowsTreeProvider } from './workflowsView';

const GROUP_LABELS: Readonly<Record<WorkflowGroupMode, string>> = { folder: 'Folder', tag: 'Tag', status: 'Status' };
const GROUP_MODE_KEY = 'workflowStudio.workflowsGroupMode';

function fileLabel(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** Registers the three tree views, the document providers and the view commands. */
export function registerViews(services: ExtensionServices): vscode.Disposable {
  const { context } = services;
  const clock = new ViewClock();
  const workflows = new WorkflowsTreeProvider(services, clock.onTick);
  const executions = new ExecutionsTreeProvider(services, clock.onTick);
  const versions = new VersionsTreeProvider(services, clock.onTick);
  const savedMode = context.workspaceState.get<string>(GROUP_MODE_KEY);
  if (savedMode && (WORKFLOW_GROUP_MODES as readonly string[]).includes(savedMode)) workflows.model.setGroupMode(savedMode as WorkflowGroupMode);

  const workflowsView = vscode.window.createTreeView(VIEWS.workflows, { treeDataProvider: workflows, showCollapseAll: true });
  const executionsView = vscode.window.createTreeView(VIEWS.executions, { treeDataProvider: executions, showCollapseAll: true });
  const versionsView = vscode.window.createTreeView(VIEWS.versions, { treeDataProvider: versions });

  const describeFilter = (): void => {
    const filter = executions.filter;
    executionsView.description = filter ? filter.label : undefined;
    executionsView.message = executions.isEmpty ? (filter ? `No runs of ${filter.label} yet.` : 'No runs yet. Run a workflow (Workflow: Run) to see it here.') : undefined;
    void vscode.commands.executeCommand('setContext', 'workflowStudio.executionsFiltered', filter !== undefined);
  };
  const describeVersions = (): void => {
    const uri = versions.workflowUri;
    versionsView.description = uri ? fileLabel(uri) : undefined;
    versionsView.message = versionsView.visible && versions.getChildren().length === 0 ? versions.emptyReason : undefined;
  };

  const disposables: vscode.Disposable[] = [
    workflows,
    executions,
    versions,
    workflowsView,
    executionsView,
    versionsView,
    registerHistoryDocuments(services),
    executions.onDidChangeFilter(describeFilter),
    executions.onDidChangeTreeData(describeFilter),
    versions.onDidChangeTreeData(describeVersions),
    versionsView.onDidChangeVisibility(describeVersions),

    registerFailableCommand(services, COMMANDS.groupWorkflowsBy, async (mode?: unknown) => {
      const chosen =
        typeof mode === 'string' && (WORKFLOW_GROUP_MODES as readonly string[]).includes(mode)
          ? (mode as WorkflowGroupMode)
          : required(
              await vscode.window.showQuickPick(
                WORKFLOW_GROUP_MODES.map((m) => ({ label: GROUP_LABELS[m], mode: m, description: m === workflows.model.groupMode ? 'current' : undefined })),
                { title: 'Group Workflows By' },
              ),
            ).mode;
      workflows.model.setGroupMode(chosen);
      await context.workspaceState.update(GROUP_MODE_KEY, chosen);
    }),
    registerFailableCommand(services, COMMANDS.filterExecutionsToActive, () => {
      if (executions.filter) return executions.setFilter(undefined);
      const uri = activeWorkflowUri();
      if (!uri) throw new Error('open a workflow to show only its runs');
      executions.setFilter({ uri, label: fileLabel(uri) });
    }),
    registerFailableCommand(services, COMMANDS.showHistory, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      executions.setFilter({ uri, label: fileLabel(uri) });
      await vscode.commands.executeCommand(`${VIEWS.executions}.focus`);
    }),
    registerFailableCommand(services, COMMANDS.showVersions, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      await versions.show(uri);
      await vscode.commands.executeCommand(`${VIEWS.versions}.focus`);
    }),
    registerFailableCommand(services, COMMANDS.refreshViews, () => Promise.all([workflows.reload(), executions.reload(), versions.reload()])),
  ];
  void workflows.reload();
  void executions.reload();
  void versions.reload();
  describeFilter();
  return vscode.Disposable.from(...disposables, clock);
}
