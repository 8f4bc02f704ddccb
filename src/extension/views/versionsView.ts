/**
 * The Versions view: the stored versions of the active workflow, newest first. Follows the
 * active editor and the history's `versions` changes.
 */
import * as vscode from 'vscode';
import { ShownDescriptions } from './model/shownDescriptions';
import { messageOf } from '../../core/errors';
import type { VersionRecord } from '../../core/store';
import type { ExtensionServices } from '../contract';
import { activeWorkflowUri, onDidChangeActiveWorkflow } from './activeWorkflow';
import { versionDescription, versionLabel, versionTooltip } from './model/versionFormat';

/** One version of `fileUri`; `version.archived` ones cannot be compared or restored. */
export class VersionNode {
  constructor(
    readonly version: VersionRecord,
    readonly fileUri: vscode.Uri,
    /** The newest version is what the file held when last registered. */
    readonly isLatest: boolean,
  ) {}

  get contextValue(): string {
    return this.version.archived ? 'version.archived' : 'version';
  }
}

/** Tree data provider of the Versions view. */
export class VersionsTreeProvider implements vscode.TreeDataProvider<VersionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<VersionNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private nodes: VersionNode[] = [];
  private fileUri: vscode.Uri | undefined = activeWorkflowUri();
  /** Why the list is empty, for the view's message. */
  emptyReason = 'Open a workflow to see its versions.';
  private generation = 0;

  private readonly shown = new ShownDescriptions<VersionNode>();

  constructor(
    private readonly services: ExtensionServices,
    onTick: vscode.Event<number>,
  ) {
    this.disposables.push(
      onTick((now) => {
        for (const node of this.shown.stale(this.nodes, (n) => versionDescription(n.version, now))) this.changed.fire(node);
      }),
      onDidChangeActiveWorkflow((uri) => {
        // Keep showing the last workflow when focus moves to a non-workflow editor or a panel.
        if (!uri) return;
        this.fileUri = uri;
        void this.reload();
      }),
      services.history.onDidChange((change) => {
        if (!change.kinds.includes('versions') || !this.fileUri) return;
        if (vscode.workspace.getWorkspaceFolder(this.fileUri)?.uri.toString() === change.folder.uri.toString()) void this.reload();
      }),
    );
  }

  /** The workflow whose versions are shown. */
  get workflowUri(): vscode.Uri | undefined {
    return this.fileUri;
  }

  /** Shows the versions of `uri` (Show Versions from a menu). */
  async show(uri: vscode.Uri): Promise<void> {
    this.fileUri = uri;
    await this.reload();
  }

  async reload(): Promise<void> {
    const uri = this.fileUri;
    const generation = ++this.generation;
    let nodes: VersionNode[] = [];
    if (!uri) this.emptyReason = 'Open a workflow to see its versions.';
    else {
      try {
        const { store } = await this.services.history.storeFor(uri);
        const record = await store.findWorkflowByPath(this.services.history.relativePath(uri));
        const versions = record ? await store.versionHistory(record.id) : [];
        nodes = versions.map((version, index) => new VersionNode(version, uri, index === 0));
        this.emptyReason = 'No versions recorded yet: they are recorded when the workflow is saved or run.';
      } catch (error) {
        this.emptyReason = `Cannot read the history: ${messageOf(error)}`;
      }
    }
    // A slower load for a previous editor must not overwrite a newer one.
    if (generation !== this.generation) return;
    this.nodes = nodes;
    this.changed.fire(undefined);
  }

  getTreeItem(node: VersionNode): vscode.TreeItem {
    const item = new vscode.TreeItem(versionLabel(node.version) + (node.isLatest ? ' (latest)' : ''), vscode.TreeItemCollapsibleState.None);
    item.id = node.version.id;
    item.description = this.shown.remember(node, versionDescription(node.version, Date.now()));
    item.tooltip = versionTooltip(node.version);
    item.iconPath = new vscode.ThemeIcon(node.version.archived ? 'archive' : 'git-commit');
    item.contextValue = node.contextValue;
    return item;
  }

  getChildren(node?: VersionNode): VersionNode[] {
    return node ? [] : this.nodes;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
