/**
 * One watcher of a workspace's files, shared by every file trigger of the workspace: the core's
 * `DirectoryWatcher` (`.git`, `node_modules` and `.workflow-studio` are never entered), its
 * changes fanned out to the triggers as workspace-relative paths with `/` separators.
 */
import { DirectoryWatcher, type FileChangeKind } from '../watch/directoryWatcher';
import type { TriggerLogger } from './contract';

export type { FileChangeKind };

/** One change, as a workspace-relative path with `/` separators. */
export interface FileChange {
  path: string;
  kind: FileChangeKind;
}

/** Receives every change under the root. */
export type FileChangeListener = (change: FileChange) => void;

/** Watches every directory under `root` and reports file changes to its listeners. */
export class WorkspaceWatcher {
  /** Resolves once every directory is watched and every file is known (changes before that are missed). */
  readonly ready: Promise<void>;
  private readonly listeners = new Set<FileChangeListener>();
  private readonly watcher: DirectoryWatcher;

  constructor(
    /** Absolute path of the workspace root. */
    readonly root: string,
    private readonly logger: TriggerLogger,
  ) {
    this.watcher = new DirectoryWatcher(root, (path, kind) => this.emit({ path, kind }), { label: 'file triggers', logger });
    this.ready = this.watcher.ready;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: FileChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of listeners (the runtime closes the watcher when the last one leaves). */
  get subscribers(): number {
    return this.listeners.size;
  }

  /** Stops watching; no event is reported afterwards. */
  close(): void {
    this.watcher.close();
    this.listeners.clear();
  }

  private emit(change: FileChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(`file triggers: a listener failed on ${change.path}: ${(error as Error).message}`);
      }
    }
  }
}
