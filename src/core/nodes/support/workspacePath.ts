/**
 * Workspace confinement for file nodes: a configured path is relative to the workspace root
 * and may not leave it, neither through `..` nor through a symlink, unless the services allow
 * it. Also maps file-system error codes to `NodeError`s that name the path.
 */
import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NodeError } from '../../errors';
import type { NodeServices } from '../definition';

/** Symlink hops followed before giving up, as the kernel does (ELOOP). */
export const MAX_LINK_HOPS = 40;

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The real location `path` refers to, following symlinks, including dangling ones and those
 * below a not-yet-existing tail (which `realpath` alone refuses to resolve). Writing through a
 * dangling link creates its target, so the target is what must stay inside the workspace.
 */
export async function realLocation(path: string, hops = 0): Promise<string> {
  if (hops > MAX_LINK_HOPS) throw Object.assign(new Error(`too many symbolic links at ${path}`), { code: 'ELOOP' });
  try {
    return await realpath(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const parent = dirname(path);
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isSymbolicLink()) return realLocation(resolve(parent, await readlink(path)), hops + 1);
  if (parent === path) return path;
  return join(await realLocation(parent, hops), basename(path));
}

/** True when `candidate` is `root` or below it (lexically: both should be resolved). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * Resolves a user-given path against `services.workspaceRoot` and returns it absolute. Throws
 * `NodeError` `PATH_OUTSIDE_WORKSPACE` (naming `field`) when it escapes the root after `..` and
 * symlinks are resolved, unless `services.allowOutsideWorkspace`.
 */
export async function resolveWorkspacePath(
  services: Pick<NodeServices, 'workspaceRoot' | 'allowOutsideWorkspace'>,
  path: string,
  field = 'path',
): Promise<string> {
  const absolute = resolve(services.workspaceRoot, path);
  if (services.allowOutsideWorkspace) return absolute;
  const refuse = () =>
    new NodeError(`${field} "${path}" is outside the workspace ${services.workspaceRoot}; set allowOutsideWorkspace to permit it`, {
      code: 'PATH_OUTSIDE_WORKSPACE',
      field,
    });
  if (!isInside(resolve(services.workspaceRoot), absolute)) throw refuse();
  let realRoot: string;
  let realTarget: string;
  try {
    realRoot = await realLocation(resolve(services.workspaceRoot));
    realTarget = await realLocation(absolute);
  } catch (error) {
    throw fileError(error, path, field);
  }
  if (!isInside(realRoot, realTarget)) throw refuse();
  return absolute;
}

const FILE_ERROR_CODES: Record<string, { code: string; says: string }> = {
  ENOENT: { code: 'FILE_NOT_FOUND', says: 'does not exist' },
  ENOTDIR: { code: 'FILE_NOT_FOUND', says: 'does not exist (a parent is not a directory)' },
  EISDIR: { code: 'FILE_IS_DIRECTORY', says: 'is a directory' },
  EACCES: { code: 'FILE_ACCESS_DENIED', says: 'is not accessible (permission denied)' },
  EPERM: { code: 'FILE_ACCESS_DENIED', says: 'is not accessible (operation not permitted)' },
  ELOOP: { code: 'FILE_SYMLINK_LOOP', says: 'has a symbolic link loop' },
};

/** Turns a file-system failure into a `NodeError` that names the path the user wrote. */
export function fileError(error: unknown, path: string, field = 'path'): NodeError {
  if (error instanceof NodeError) return error;
  const errno = errnoCode(error);
  const known = errno ? FILE_ERROR_CODES[errno] : undefined;
  const message = known ? `${field} "${path}" ${known.says}` : `${field} "${path}": ${(error as Error)?.message ?? String(error)}`;
  return new NodeError(message, { code: known?.code ?? 'FILE_ERROR', field, cause: error });
}
