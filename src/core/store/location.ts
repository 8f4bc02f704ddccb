/**
 * Where the history database lives. One per workspace, shared by the CLI and the extension:
 * `<workspace>/.workflow-studio/history.sqlite`, where the workspace is the nearest ancestor
 * holding a `.workflow-studio` directory, else a `.git` entry, else the starting directory.
 * `--db <path>` or `WORKFLOW_DB` override it. The directory gets a `.gitignore` of `*`, so the
 * history never shows up in `git status`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Name of the per-workspace directory. */
export const STORE_DIRECTORY = '.workflow-studio';
/** File name of the database inside it. */
export const DATABASE_FILE = 'history.sqlite';

function nearestAncestorWith(start: string, entry: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, entry))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The workspace root for `startDir` (see the module comment). */
export function findWorkspaceRoot(startDir: string): string {
  return nearestAncestorWith(startDir, STORE_DIRECTORY) ?? nearestAncestorWith(startDir, '.git') ?? resolve(startDir);
}

/** `<root>/.workflow-studio/history.sqlite`. */
export function defaultDatabasePath(root: string): string {
  return join(resolve(root), STORE_DIRECTORY, DATABASE_FILE);
}

/**
 * Where the database is, by precedence: the explicit option (`--db`), `WORKFLOW_DB`, then the
 * default of `root` (the workspace of the file at hand), else of the workspace around `cwd`.
 * Relative paths are taken from `cwd`.
 */
export function resolveDatabasePath(options: { cwd: string; env?: Record<string, string | undefined>; db?: string; root?: string }): string {
  const explicit = options.db || options.env?.WORKFLOW_DB;
  if (explicit) return resolve(options.cwd, explicit);
  return defaultDatabasePath(options.root ?? findWorkspaceRoot(options.cwd));
}

/**
 * Creates the database's directory. When it is a `.workflow-studio` directory, writes a
 * `.gitignore` holding `*` into it (if it has none), so git ignores it with no user action.
 */
export function ensureDatabaseDirectory(dbPath: string): void {
  const directory = dirname(dbPath);
  mkdirSync(directory, { recursive: true });
  if (basename(directory) !== STORE_DIRECTORY) return;
  const ignore = join(directory, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# Workflow Studio run history (local, not versioned)\n*\n');
}

/** Path of `file` relative to the workspace root, with forward slashes (a workflow's identity). */
export function workspaceRelativePath(root: string, file: string): string {
  const absolute = isAbsolute(file) ? file : resolve(root, file);
  return relative(resolve(root), absolute).split(sep).join('/');
}

/**
 * The commit checked out in the repository at `root`, read from `.git` without running git;
 * undefined when it cannot be told (no repository, worktree files, unborn branch).
 */
export function gitHeadCommit(root: string): string | undefined {
  try {
    const gitDir = join(root, '.git');
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    const loose = join(gitDir, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim() || undefined;
    const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
    for (const line of packed.split('\n')) {
      const [sha, name] = line.split(' ');
      if (name === ref && /^[0-9a-f]{40}$/.test(sha)) return sha;
    }
  } catch {
    // not a plain repository
  }
  return undefined;
}
