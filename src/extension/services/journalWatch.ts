/**
 * Notices other processes' writes to a history database (the CLI recording a run while VS Code is
 * open) by watching `<db>.journals/` with Node's own fs.watch: inotify on Linux, independent of
 * VS Code's file-watcher settings (which did not deliver these events under code-server).
 *
 * The directory may not exist yet (nothing was ever recorded in this workspace): then the nearest
 * existing ancestor is watched until it appears, so no write is missed and nothing is created.
 * vscode-free, so it is unit-tested in plain Node.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

export interface JournalWatch {
  dispose(): void;
}

/**
 * Calls `onChange` when a journal changes, with the journal's file name when the system gives it
 * (`<pid>_<random>_<host>_<generation>.journal`, so the caller can tell its own writes from
 * another process's).
 */
export function watchJournals(dbPath: string, onChange: (fileName?: string) => void): JournalWatch {
  const target = `${dbPath}.journals`;
  let watcher: FSWatcher | undefined;
  let disposed = false;

  const arm = (): void => {
    watcher?.close();
    watcher = undefined;
    if (disposed) return;
    if (existsSync(target)) {
      watcher = tryWatch(target, (fileName) => onChange(fileName));
      return;
    }
    let dir = dirname(target);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    watcher = tryWatch(dir, () => {
      // something appeared on the way to the journals: move closer, and report once it is there
      if (existsSync(target)) {
        arm();
        onChange();
      } else {
        arm();
      }
    });
  };

  arm();
  return {
    dispose() {
      disposed = true;
      watcher?.close();
    },
  };
}

function tryWatch(path: string, listener: (fileName?: string) => void): FSWatcher | undefined {
  try {
    const watcher = watch(path, { persistent: false }, (_event, fileName) => listener(typeof fileName === 'string' ? fileName : undefined));
    watcher.on('error', () => watcher.close()); // the directory went away (history deleted): stop quietly
    return watcher;
  } catch {
    return undefined;
  }
}
