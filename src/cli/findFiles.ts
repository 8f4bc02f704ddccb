/** Files named on the command line, folders searched for a suffix (`validate`, `test`). */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CliIo } from './command';

/** Files under `dir` ending in `suffix` (in any case, as `isWorkflowFileName` compares), sorted, skipping node_modules, dot-folders and symlinked folders (no loops). */
export async function findFilesBySuffix(dir: string, suffix: string, out: string[] = []): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) await findFilesBySuffix(path, suffix, out);
    } else if (entry.name.toLowerCase().endsWith(suffix.toLowerCase())) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) out.push(path);
    }
  }
  return out;
}

/**
 * The files the arguments name: files as given, folders searched for `suffix`. Undefined when
 * some path does not exist (reported on stderr as `workflow <command>: no such file or directory`).
 */
export async function collectFiles(paths: readonly string[], suffix: string, io: CliIo, command: string): Promise<string[] | undefined> {
  const files: string[] = [];
  let missing = false;
  for (const given of paths) {
    const absolute = resolve(io.cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      io.stderr(`workflow ${command}: no such file or directory: ${given}\n`);
      missing = true;
    } else if (info.isDirectory()) {
      const found = await findFilesBySuffix(absolute, suffix);
      if (found.length === 0) io.stderr(`workflow ${command}: no *${suffix} files in ${given}\n`);
      files.push(...found);
    } else {
      files.push(absolute);
    }
  }
  return missing ? undefined : [...new Set(files)];
}
