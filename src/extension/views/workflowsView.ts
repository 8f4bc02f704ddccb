/**
 * The Workflows view: every `*.workflow.json` of the workspace, grouped by folder, tag or status.
 * The vscode-free `WorkflowsModel` holds the data; this file feeds it (file scan, watcher,
 * history) and maps its groups to tree items. A workflow with armed triggers shows the next run
 * (or its webhook) in its description and one child item per trigger.
 */
import * as vscode from 'vscode';
import { ShownDescriptions } from './model/shownDescriptions';
import { messageOf } from '../../core/errors';
import { withoutWorkflowSuffix } from '../../shared/workflowFile';
import { COMMANDS, WORKFLOW_GLOB, type ExtensionServices } from '../contract';
import { themeIcon } from './icons';
import { workflowIcon } from './model/status';
import { describeWorkflow, readWorkflowHeader, statusOf, WorkflowsModel, type WorkflowFileEntry, type WorkflowGroup, type WorkflowHistoryInfo, type WorkflowListItem } from './model/workflowsModel';
import { nextRunOf, triggerItems, triggerSummary, triggerTooltipLines, type TriggerItemSpec, type TriggerView } from './model/triggerItems';

/** A group (folder, tag or status). */
export class WorkflowGroupNode {
  readonly contextValue = 'workflowGroup';
  constructor(readonly group: WorkflowGroup) {}
}

/**
 * A workflow file; menus read `contextValue`: `workflow`, `.favorite` when it is one, then its
 * status (`workflow.active`, `workflow.favorite.paused`…), so Activate and Pause show only when
 * they change something.
 */
export class WorkflowFileNode {
  constructor(
    readonly item: WorkflowListItem,
    readonly uri: vscode.Uri,
    /** The group it is listed under: one file can be under several tags, and ids must be unique. */
    readonly groupId: string,
  ) {}

  get contextValue(): string {
    return `${this.item.history?.record.favorite ? 'workflow.favorite' : 'workflow'}.${statusOf(this.item)}`;
  }

  /** Id of its tree item (unique across groups). */
  get id(): string {
    return `${this.groupId}/${this.item.entry.key}`;
  }
}

/** One armed trigger of a workflow (`trigger.webhook` items carry Copy Webhook URL). */
export class WorkflowTriggerNode {
  constructor(
    readonly parent: WorkflowFileNode,
    readonly spec: TriggerItemSpec,
  ) {}

  get contextValue(): string {
    return this.spec.contextValue;
  }

  /** The workflow file it belongs to (commands given this node act on that file). */
  get uri(): vscode.Uri {
    return this.parent.uri;
  }
}

type WorkflowTreeNode = WorkflowGroupNode | WorkflowFileNode | WorkflowTriggerNode;

/** How often relative times ("next in 4 min") are refreshed while a run is scheduled. */
const TRIGGER_CLOCK_MS = 30_000;

/** Reads one file into a model entry; an unreadable file is listed with its problem. */
async function readEntry(uri: vscode.Uri): Promise<WorkflowFileEntry | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const fileName = uri.path.split('/').pop() ?? uri.path;
  const relativePath = vscode.workspace.asRelativePath(uri, false);
  // An open document may be ahead of the disk (unsaved canvas edits): show what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text: string;
  try {
    text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    return { key: uri.toString(), workspaceFolder: folder.name, relativePath, name: fileName, tags: [], problem: messageOf(error) };
  }
  const header = readWorkflowHeader(text, withoutWorkflowSuffix(fileName));
  return { key: uri.toString(), workspaceFolder: folder.name, relativePath, ...header };
}

/** Tree data provider of the Workflows view. */
export class WorkflowsTreeProvider implements vscode.TreeDataProvider<WorkflowTreeNode>, vscode.Disposable {
  readonly model = new WorkflowsModel();
  private readonly changed = new vscode.EventEmitter<WorkflowTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private roots: WorkflowGroupNode[] = [];
  private readonly children = new Map<string, WorkflowFileNode[]>();
  private readonly uris = new Map<string, vscode.Uri>();
  /** Trigger items by file node id, rebuilt when the trigger host's states change. */
  private readonly triggerChildren = new Map<string, WorkflowTriggerNode[]>();
  private readonly triggerStates = new Map<string, TriggerView[]>();
  private triggerClock: NodeJS.Timeout | undefined;

  private readonly shown = new ShownDescriptions<WorkflowFileNode>();

  constructor(
    private readonly services: ExtensionServices,
    onTick: vscode.Event<number>,
  ) {
    // Nodes are built when the model changes, never inside getChildren (STYLE 13).
    const subscription = this.model.onDidChange(() => this.rebuild());
    this.disposables.push({ dispose: () => subscription.dispose() }, this.changed);
    this.disposables.push(
      onTick((now) => {
        const files = [...this.children.values()].flat();
        for (const node of this.shown.stale(files, (n) => this.describeFile(n, now))) this.changed.fire(node);
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(WORKFLOW_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.updateFile(uri)),
      watcher.onDidChange((uri) => void this.updateFile(uri)),
      watcher.onDidDelete((uri) => {
        this.uris.delete(uri.toString());
        this.model.removeFile(uri.toString());
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
      services.history.onDidChange((change) => {
        if (change.kinds.includes('workflows') || change.kinds.includes('executions')) void this.loadHistory(change.folder);
      }),
      services.triggers.onDidChange(() => this.refreshTriggers()),
      { dispose: () => this.triggerClock && clearInterval(this.triggerClock) },
    );
  }

  /** Scans the workspace and every folder's history (start-up and Refresh Views). */
  async reload(): Promise<void> {
    const uris = await vscode.workspace.findFiles(WORKFLOW_GLOB, '**/node_modules/**');
    const entries = (await Promise.all(uris.map(readEntry))).filter((e): e is WorkflowFileEntry => e !== undefined);
    this.uris.clear();
    for (const uri of uris) this.uris.set(uri.toString(), uri);
    this.model.setFiles(entries);
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.loadHistory(folder)));
  }

  private async updateFile(uri: vscode.Uri): Promise<void> {
    const entry = await readEntry(uri);
    if (!entry) return;
    this.uris.set(uri.toString(), uri);
    this.model.upsertFile(entry);
  }

  /** Reads the records and last results of one folder's store. */
  private async loadHistory(folder: vscode.WorkspaceFolder): Promise<void> {
    try {
      const { store } = await this.services.history.storeFor(folder.uri);
      const infos = new Map<string, WorkflowHistoryInfo>();
      for (const record of await store.listWorkflows()) infos.set(record.path, { record });
      for (const stats of await store.executionStatsByWorkflow()) {
        infos.set(stats.workflow.path, { record: stats.workflow, lastStatus: stats.lastStatus, lastRunAt: stats.lastRunAt });
      }
      this.model.setHistory(folder.name, infos);
    } catch (error) {
      // The view still lists the files without history; the reason goes to the log.
      this.services.output.warn(`Workflows view: cannot read the history of ${folder.name}: ${messageOf(error)}`);
    }
  }

  private rebuild(): void {
    this.roots = this.model.groups().map((group) => new WorkflowGroupNode(group));
    this.children.clear();
    for (const root of this.roots) {
      this.children.set(
        root.group.id,
        root.group.items.map((item) => new WorkflowFileNode(item, this.uris.get(item.entry.key) ?? vscode.Uri.parse(item.entry.key), root.group.id)),
      );
    }
    // New file nodes: their trigger items are rebuilt too, so that each child knows its parent.
    this.triggerChildren.clear();
    this.triggerStates.clear();
    this.refreshTriggers(false);
    this.changed.fire(undefined);
  }

  /**
   * Re-reads the trigger states of every listed file; refreshes only the files whose trigger
   * items changed (a per-second schedule must not redraw the whole tree every second).
   */
  private refreshTriggers(fire = true): void {
    const now = Date.now();
    const changedNodes: WorkflowFileNode[] = [];
    let scheduled = false;
    for (const list of this.children.values()) {
      for (const node of list) {
        const states = this.services.triggers.states(node.uri);
        if (nextRunOf(states) !== undefined) scheduled = true;
        const children = triggerItems(states, now).map((spec) => new WorkflowTriggerNode(node, spec));
        const before = this.triggerChildren.get(node.id);
        const same = before !== undefined && JSON.stringify(before.map((c) => c.spec)) === JSON.stringify(children.map((c) => c.spec));
        this.triggerStates.set(node.id, states);
        if (same) continue;
        this.triggerChildren.set(node.id, children);
        changedNodes.push(node);
      }
    }
    this.tickWhile(scheduled);
    if (fire) for (const node of changedNodes) this.changed.fire(node);
  }

  /** Keeps relative times fresh while some run is scheduled; stops when none is. */
  private tickWhile(scheduled: boolean): void {
    if (scheduled && !this.triggerClock) this.triggerClock = setInterval(() => this.refreshTriggers(), TRIGGER_CLOCK_MS);
    else if (!scheduled && this.triggerClock) {
      clearInterval(this.triggerClock);
      this.triggerClock = undefined;
    }
  }

  getTreeItem(node: WorkflowTreeNode): vscode.TreeItem {
    if (node instanceof WorkflowGroupNode) {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.group.id;
      item.contextValue = node.contextValue;
      item.description = String(node.group.items.length);
      item.iconPath = new vscode.ThemeIcon(this.model.groupMode === 'tag' ? 'tag' : this.model.groupMode === 'status' ? 'symbol-enum' : 'folder');
      return item;
    }
    if (node instanceof WorkflowTriggerNode) return this.triggerTreeItem(node);
    const { entry, history } = node.item;
    const now = Date.now();
    const states = this.triggerStates.get(node.id) ?? [];
    const hasTriggers = (this.triggerChildren.get(node.id)?.length ?? 0) > 0;
    const item = new vscode.TreeItem(entry.name, hasTriggers ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.resourceUri = node.uri;
    item.contextValue = node.contextValue;
    item.description = this.shown.remember(node, this.describeFile(node, now));
    item.tooltip = [entry.name, entry.relativePath, history?.record.description, ...triggerTooltipLines(states, now)].filter(Boolean).join('\n');
    item.iconPath = entry.problem !== undefined ? new vscode.ThemeIcon('warning') : themeIcon(workflowIcon(history?.lastStatus));
    // vscode.open honours the editor association, so the canvas opens (or the text editor when the user chose it).
    item.command = { command: 'vscode.open', title: 'Open Workflow', arguments: [node.uri] };
    return item;
  }

  /** A file's description: its status, when it last ran, its triggers' next run. */
  private describeFile(node: WorkflowFileNode, now: number): string {
    return describeWorkflow(node.item, now, triggerSummary(this.triggerStates.get(node.id) ?? [], now));
  }

  private triggerTreeItem(node: WorkflowTriggerNode): vscode.TreeItem {
    const { spec } = node;
    const item = new vscode.TreeItem(spec.label, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.parent.id}#${spec.id}`;
    item.description = spec.description;
    item.tooltip = spec.tooltip;
    item.iconPath = themeIcon(spec.icon);
    item.contextValue = spec.contextValue;
    // Clicking a webhook copies its URL; any other trigger opens its workflow.
    item.command =
      spec.url !== undefined
        ? { command: COMMANDS.copyWebhookUrl, title: 'Copy Webhook URL', arguments: [node] }
        : { command: 'vscode.open', title: 'Open Workflow', arguments: [node.uri] };
    return item;
  }

  getChildren(node?: WorkflowTreeNode): WorkflowTreeNode[] {
    if (!node) return this.roots;
    if (node instanceof WorkflowGroupNode) return this.children.get(node.group.id) ?? [];
    if (node instanceof WorkflowFileNode) return this.triggerChildren.get(node.id) ?? [];
    return [];
  }

  /** The file node of a URI in its first group, for `reveal`. */
  nodeFor(uri: vscode.Uri): WorkflowFileNode | undefined {
    for (const list of this.children.values()) {
      const found = list.find((n) => n.item.entry.key === uri.toString());
      if (found) return found;
    }
    return undefined;
  }

  getParent(node: WorkflowTreeNode): WorkflowTreeNode | undefined {
    if (node instanceof WorkflowTriggerNode) return node.parent;
    return node instanceof WorkflowFileNode ? this.roots.find((r) => r.group.id === node.groupId) : undefined;
  }

  dispose(): void {
    this.model.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
