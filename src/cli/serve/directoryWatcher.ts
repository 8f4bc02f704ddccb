/**
 * Notices workflow files added, changed or removed under the served directory. One
 * non-recursive `fs.watch` per directory that the scan visited (the skipped folders such as
 * node_modules are never watched, which a recursive watch could not avoid); the caller re-scans
 * on every burst of events and hands the new directory list back, so new folders get watched
 * and removed ones released.
 */
import { watch, type FSWatcher } from 'node:fs';

export class DirectoryWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly onChange: () => void,
    /** Editors save in several steps (truncate, write, rename): one re-scan per burst. */
    private readonly debounceMs = 150,
  ) {}

  /** Watches exactly `directories` from now on. */
  setDirectories(directories: readonly string[]): void {
    if (this.disposed) return;
    const wanted = new Set(directories);
    for (const [dir, watcher] of this.watchers) {
      if (wanted.has(dir)) continue;
      watcher.close();
      this.watchers.delete(dir);
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, () => this.changed());
        // the directory went away: the next scan drops it; report so that scan happens
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
          this.changed();
        });
        this.watchers.set(dir, watcher);
      } catch {
        // vanished between scan and watch: the parent's watcher reports its removal
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private changed(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }
}
