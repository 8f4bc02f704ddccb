/**
 * Notices other processes' writes to a history database (the CLI recording a run while VS Code is
 * open) by watching `<db>.journals/` with the core's `DirectoryWatcher` (Node's fs.watch: inotify
 * on Linux, independent of VS Code's file-watcher settings, which did not deliver these events
 * under code-server).
 *
 * The directory may not exist yet (nothing was ever recorded in this workspace): then the nearest
 * existing ancestor is watched, entering only the folders on the way to the journals, so no write
 * is missed and nothing is created. vscode-free, so it is unit-tested in plain Node.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import { DirectoryWatcher } from '../../core/watch/directoryWatcher';

export interface JournalWatch {
  dispose(): void;
}

/**
 * Calls `onChange` when a journal is written, created or removed, with the journal's file name
 * (`<pid>_<random>_<host>_<generation>.journal`, so the caller can tell its own writes from
 * another process's).
 */
export function watchJournals(dbPath: string, onChange: (fileName?: string) => void): JournalWatch {
  const target = `${dbPath}.journals`;
  let base = target;
  while (!existsSync(base) && dirname(base) !== base) base = dirname(base);
  // the journals relative to the watched folder ('' when they exist already)
  const journals = relative(base, target).split(sep).join('/');
  const inJournals = (path: string) => journals === '' || path.startsWith(`${journals}/`);
  const watcher = new DirectoryWatcher(base, (path) => inJournals(path) && onChange(basename(path)), {
    ignoredDirectories: new Set(), // .workflow-studio is the way there
    accept: (path) => inJournals(path) || path === journals || journals.startsWith(`${path}/`),
  });
  return { dispose: () => watcher.close() };
}
