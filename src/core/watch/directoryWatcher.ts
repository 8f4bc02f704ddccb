/**
 * The one directory watcher of the project: file triggers, `workflow serve`'s workflow files and
 * the extension's view of the CLI's history journals all use it. It turns raw `fs.watch` events
 * into `created` / `changed` / `deleted` of paths relative to its root.
 *
 * Each directory gets its own non-recursive `fs.watch`, and ignored directories (`.git`,
 * `node_modules`, `.workflow-studio` by default) are never entered. Node's `recursive: true`
 * would be simpler, but on Linux it watches every directory below the root, ignored or not, and
 * inotify watches are a per-user budget that a `node_modules` tree can exhaust on its own. Plain
 * `fs.watch` is inotify on Linux, independent of VS Code's file watcher (which did not deliver
 * journal writes under code-server).
 *
 * Not chokidar 4 (measured, see docs/ARCHITECTURE.md): it watches every file besides every
 * directory (576 inotify watches instead of 78 on this repository's tree), it missed 10 of 25
 * appends to a known file made 20 ms apart, and it does not wait for a root that does not exist.
 *
 * The kind of a change is decided by looking at the path (lstat) and at what the watcher knew:
 * a file it did not know is `created`, one it knew and still finds is `changed`, one it knew and
 * no longer finds is `deleted`. Raw events say little (an editor's atomic save is a "rename"),
 * so they are only taken as a hint to look. Looks at one path never overlap.
 */
import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Directories no watcher enters by default: version control, dependencies and the history store itself. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', 'node_modules', '.workflow-studio']);

/** What happened to a file. */
export type FileChangeKind = 'created' | 'changed' | 'deleted';

/** Where the watcher reports what it cannot do. */
export interface WatchLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface DirectoryWatcherOptions {
  /** Names of directories never entered (default `IGNORED_DIRECTORIES`). */
  ignoredDirectories?: ReadonlySet<string>;
  /** When given, only relative paths (`/`-separated) it accepts are entered or reported. */
  accept?(relativePath: string): boolean;
  /** Words that start log lines ("file triggers"). */
  label?: string;
  logger?: WatchLogger;
}

/** Receives each change of a file under the root, as a root-relative path with `/` separators. */
export type DirectoryChangeListener = (relativePath: string, kind: FileChangeKind) => void;

/** Watches every directory under `root` and reports changes of the files in them. */
export class DirectoryWatcher {
  /** Resolves once every directory is watched and every file is known (changes before that are missed). */
  readonly ready: Promise<void>;
  /** Files that exist, as far as the watcher knows. */
  private readonly known = new Set<string>();
  /** Watched directories by relative path ('' is the root). */
  private readonly directories = new Map<string, FSWatcher>();
  /** Paths being looked at; a value of true means "look again when done". */
  private readonly looking = new Map<string, boolean>();
  private readonly ignoredDirectories: ReadonlySet<string>;
  private closed = false;
  private watchBudgetWarned = false;

  constructor(
    /** Absolute path of the watched directory. */
    readonly root: string,
    private readonly onChange: DirectoryChangeListener,
    private readonly options: DirectoryWatcherOptions = {},
  ) {
    this.ignoredDirectories = options.ignoredDirectories ?? IGNORED_DIRECTORIES;
    this.ready = this.addDirectory('', false);
  }

  /** Stops every `fs.watch`; no change is reported afterwards. */
  close(): void {
    this.closed = true;
    for (const watcher of this.directories.values()) watcher.close();
    this.directories.clear();
  }

  /** True when a relative path lies in an ignored directory or is not accepted. */
  private skips(relativePath: string): boolean {
    if (this.options.accept && relativePath !== '' && !this.options.accept(relativePath)) return true;
    return relativePath.split('/').some((segment) => this.ignoredDirectories.has(segment));
  }

  private absolute(relativePath: string): string {
    return relativePath === '' ? this.root : join(this.root, ...relativePath.split('/'));
  }

  /**
   * Watches a directory and everything under it. Files found are reported `created` when
   * `report` is set (a directory that appeared, perhaps moved in with its files).
   */
  private async addDirectory(relativeDir: string, report: boolean): Promise<void> {
    if (this.closed || this.directories.has(relativeDir)) return;
    const watcher = this.watchDirectory(relativeDir);
    if (!watcher) return;
    this.directories.set(relativeDir, watcher);
    let entries;
    try {
      entries = await readdir(this.absolute(relativeDir), { withFileTypes: true });
    } catch {
      return; // gone already: its own deletion event follows from the parent
    }
    const subdirectories: Promise<void>[] = [];
    for (const entry of entries) {
      const path = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (this.skips(path)) continue;
      if (entry.isDirectory()) {
        subdirectories.push(this.addDirectory(path, report));
      } else if (!this.known.has(path)) {
        this.known.add(path);
        if (report) this.emit(path, 'created');
      }
    }
    await Promise.all(subdirectories);
  }

  private watchDirectory(relativeDir: string): FSWatcher | undefined {
    try {
      const watcher = watch(this.absolute(relativeDir), { persistent: false }, (_event, filename) => {
        if (filename === null || filename === undefined) void this.rescan(relativeDir);
        else this.look(relativeDir === '' ? String(filename).split(sep).join('/') : `${relativeDir}/${String(filename).split(sep).join('/')}`);
      });
      // a watched directory that is deleted errors on some platforms; its parent reports the deletion
      watcher.on('error', () => this.dropDirectory(relativeDir));
      return watcher;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOSPC' || code === 'EMFILE') && !this.watchBudgetWarned) {
        this.watchBudgetWarned = true;
        this.options.logger?.warn(
          `${this.options.label ?? 'watcher'}: cannot watch ${this.absolute(relativeDir)} (${code}: the system's limit of watched directories is reached); changes there are not seen`,
        );
      }
      return undefined;
    }
  }

  /** Looks at one path now, or once more after the look in progress. */
  private look(path: string): void {
    if (this.closed || this.skips(path)) return;
    if (this.looking.has(path)) {
      this.looking.set(path, true);
      return;
    }
    this.looking.set(path, false);
    void this.lookOnce(path)
      .catch((error: unknown) => this.options.logger?.error(`${this.options.label ?? 'watcher'}: cannot look at ${path}: ${(error as Error).message}`))
      .finally(() => {
        const again = this.looking.get(path);
        this.looking.delete(path);
        if (again) this.look(path);
      });
  }

  private async lookOnce(path: string): Promise<void> {
    let isDirectory: boolean | undefined;
    try {
      isDirectory = (await lstat(this.absolute(path))).isDirectory();
    } catch {
      isDirectory = undefined; // gone (or unreadable, which for a watcher is the same)
    }
    if (this.closed) return;
    if (isDirectory === undefined) {
      if (this.known.delete(path)) this.emit(path, 'deleted');
      if (this.directories.has(path)) this.removeDirectory(path);
    } else if (isDirectory) {
      if (this.known.delete(path)) this.emit(path, 'deleted'); // a file replaced by a directory
      await this.addDirectory(path, true);
    } else {
      if (this.directories.has(path)) this.removeDirectory(path); // a directory replaced by a file
      const kind = this.known.has(path) ? 'changed' : 'created';
      this.known.add(path);
      this.emit(path, kind);
    }
  }

  /** A directory event without a file name: compare the directory with what is known of it. */
  private async rescan(relativeDir: string): Promise<void> {
    const prefix = relativeDir === '' ? '' : `${relativeDir}/`;
    const names = new Set<string>();
    try {
      for (const entry of await readdir(this.absolute(relativeDir))) names.add(prefix + entry);
    } catch {
      // the directory is gone: every known file in it is looked at, and found missing
    }
    for (const path of this.known) {
      if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/')) names.add(path);
    }
    for (const path of names) this.look(path);
  }

  /** A watched directory disappeared: its watchers close and its files are reported deleted. */
  private removeDirectory(relativeDir: string): void {
    const prefix = `${relativeDir}/`;
    for (const [path, watcher] of this.directories) {
      if (path === relativeDir || path.startsWith(prefix)) {
        watcher.close();
        this.directories.delete(path);
      }
    }
    for (const path of [...this.known]) {
      if (path.startsWith(prefix)) {
        this.known.delete(path);
        this.emit(path, 'deleted');
      }
    }
  }

  private dropDirectory(relativeDir: string): void {
    this.directories.get(relativeDir)?.close();
    this.directories.delete(relativeDir);
    this.look(relativeDir);
  }

  private emit(path: string, kind: FileChangeKind): void {
    try {
      this.onChange(path, kind);
    } catch (error) {
      this.options.logger?.error(`${this.options.label ?? 'watcher'}: a listener failed on ${path}: ${(error as Error).message}`);
    }
  }
}
