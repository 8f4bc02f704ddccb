/**
 * The Executions view: the latest runs of the workspace (or of one workflow), each with its
 * node results as children. Loads on history and run events; a node event of a run refreshes
 * only that run's item.
 */
import * as vscode from 'vscode';
import { ShownDescriptions } from './model/shownDescriptions';
import { messageOf } from '../../core/errors';
import type { ExecutionSummary, NodeResultRecord } from '../../core/store';
import { COMMANDS, type ExtensionServices } from '../contract';
import { themeIcon } from './icons';
import { executionDescription, executionLabel, executionTooltip, latestAttempts, nodeResultDescription, nodeResultLabel } from './model/executionFormat';
import { executionIcon, isExecutionActive, nodeResultIcon } from './model/status';

/** Runs listed at most (newest first, across workspace folders). */
export const EXECUTIONS_SHOWN = 50;

/** One execution; `anchor` is its workspace folder's URI (which store holds it). */
export class ExecutionNode {
  constructor(
    readonly execution: ExecutionSummary,
    readonly anchor: vscode.Uri,
  ) {}

  get contextValue(): string {
    return isExecutionActive(this.execution.status) ? 'execution.running' : 'execution';
  }
}

/** One node attempt of an execution. */
export class NodeResultNode {
  readonly contextValue = 'nodeResult';
  constructor(
    readonly parent: ExecutionNode,
    readonly result: NodeResultRecord,
  ) {}
}

type ExecutionTreeNode = ExecutionNode | NodeResultNode;

/** What the view is narrowed to. */
export interface ExecutionsFilter {
  uri: vscode.Uri;
  label: string;
}

/** Tree data provider of the Executions view. */
export class ExecutionsTreeProvider implements vscode.TreeDataProvider<ExecutionTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExecutionTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<void>();
  /** Fires when the filter changes (the view's description shows it). */
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.filterChanged];
  private nodes: ExecutionNode[] = [];
  private currentFilter: ExecutionsFilter | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly nodeTimers = new Map<string, NodeJS.Timeout>();
  private loading: Promise<void> | undefined;
  private loadAgain = false;

  private readonly shown = new ShownDescriptions<ExecutionNode>();

  constructor(
    private readonly services: ExtensionServices,
    onTick: vscode.Event<number>,
  ) {
    this.disposables.push(
      onTick((now) => {
        for (const node of this.shown.stale(this.nodes, (n) => executionDescription(n.execution, now))) this.changed.fire(node);
      }),
      services.history.onDidChange((change) => {
        if (change.kinds.includes('executions')) this.scheduleReload();
      }),
      services.runs.onEvent(({ event }) => {
        if (event.type === 'execution.started' || event.type === 'execution.finished') this.scheduleReload();
        else if (event.type !== 'log') this.scheduleNodeRefresh(event.executionId);
      }),
    );
  }

  get filter(): ExecutionsFilter | undefined {
    return this.currentFilter;
  }

  /** Narrows the view to one workflow file, or shows every run again. */
  setFilter(filter: ExecutionsFilter | undefined): void {
    this.currentFilter = filter;
    this.filterChanged.fire();
    void this.reload();
  }

  /** True when the last load found no run. */
  get isEmpty(): boolean {
    return this.nodes.length === 0;
  }

  /** Loads the list; a load asked for while one runs happens once after it. */
  async reload(): Promise<void> {
    if (this.loading) {
      this.loadAgain = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
      if (this.loadAgain) {
        this.loadAgain = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private scheduleReload(): void {
    // Several runs finishing together, or a run and its history event, make one load.
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      void this.reload();
    }, 150);
  }

  private scheduleNodeRefresh(executionId: string): void {
    if (this.nodeTimers.has(executionId)) return;
    this.nodeTimers.set(
      executionId,
      setTimeout(() => {
        this.nodeTimers.delete(executionId);
        const node = this.nodes.find((n) => n.execution.id === executionId);
        if (node) this.changed.fire(node);
      }, 200),
    );
  }

  private async load(): Promise<void> {
    const filter = this.currentFilter;
    const folders = filter ? [vscode.workspace.getWorkspaceFolder(filter.uri)].filter((f): f is vscode.WorkspaceFolder => f !== undefined) : (vscode.workspace.workspaceFolders ?? []);
    const lists = await Promise.all(
      folders.map(async (folder): Promise<ExecutionNode[]> => {
        try {
          const { store } = await this.services.history.storeFor(folder.uri);
          let workflowId: string | undefined;
          if (filter) {
            workflowId = (await store.findWorkflowByPath(this.services.history.relativePath(filter.uri)))?.id;
            // A workflow never run has no record, hence no runs.
            if (workflowId === undefined) return [];
          }
          const executions = await store.listExecutions({ workflowId, limit: EXECUTIONS_SHOWN });
          return executions.map((execution) => new ExecutionNode(execution, folder.uri));
        } catch (error) {
          this.services.output.warn(`Executions view: cannot read the history of ${folder.name}: ${messageOf(error)}`);
          return [];
        }
      }),
    );
    this.nodes = lists
      .flat()
      .sort((a, b) => b.execution.startedAt - a.execution.startedAt)
      .slice(0, EXECUTIONS_SHOWN);
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExecutionTreeNode): vscode.TreeItem {
    if (node instanceof ExecutionNode) {
      const { execution } = node;
      const item = new vscode.TreeItem(executionLabel(execution), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.anchor.toString()}#${execution.id}`;
      item.description = this.shown.remember(node, executionDescription(execution, Date.now()));
      item.tooltip = executionTooltip(execution);
      item.iconPath = themeIcon(executionIcon(execution.status));
      item.contextValue = node.contextValue;
      item.command = { command: COMMANDS.showExecution, title: 'Show Execution', arguments: [node] };
      return item;
    }
    const { result } = node;
    const item = new vscode.TreeItem(nodeResultLabel(result), vscode.TreeItemCollapsibleState.None);
    item.description = nodeResultDescription(result);
    item.tooltip = `${result.nodeName} (${result.nodeType}, id ${result.nodeId})${result.error ? `\n${result.error.message}` : ''}`;
    item.iconPath = themeIcon(nodeResultIcon(result.status));
    item.contextValue = node.contextValue;
    item.command = { command: COMMANDS.showExecution, title: 'Show Execution', arguments: [node.parent] };
    return item;
  }

  async getChildren(node?: ExecutionTreeNode): Promise<ExecutionTreeNode[]> {
    if (!node) return this.nodes;
    if (node instanceof NodeResultNode) return [];
    try {
      const { store } = await this.services.history.storeFor(node.anchor);
      const detail = await store.getExecution(node.execution.id, { logLimit: 0 });
      return latestAttempts(detail.nodeResults).map((result) => new NodeResultNode(node, result));
    } catch (error) {
      this.services.output.warn(`Executions view: cannot load execution ${node.execution.id}: ${messageOf(error)}`);
      return [];
    }
  }

  getParent(node: ExecutionTreeNode): ExecutionTreeNode | undefined {
    return node instanceof NodeResultNode ? node.parent : undefined;
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    for (const timer of this.nodeTimers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
