/**
 * Opening a file of the workspace so that what is opened is what was checked.
 *
 * Checking a path (following its links) and then opening the same path string leaves a window
 * in which a folder of it can be swapped for a symbolic link to elsewhere (a TOCTOU race): the
 * open then follows the new link out of the workspace. Node has no `openat`, but on Linux
 * `/proc/self/fd/<dir fd>/<name>` resolves `<name>` inside the directory that descriptor holds,
 * whatever its path has become, and `/proc/self/fd/<fd>` reads back where a descriptor really is.
 *
 * The common case (`openDirect`): open the file's folder, check the real path of that
 * descriptor, create or open the file inside the descriptor with `O_NOFOLLOW`. When a folder is
 * missing or the file is itself a link, the path is walked one component at a time from a
 * descriptor of the workspace root (`walkOpen`), every component opened with `O_NOFOLLOW` (and
 * folders with `O_DIRECTORY`, missing ones created inside their parent's descriptor), so the
 * kernel never follows a link; a link's target is read and resolved here, refused when it
 * leaves the root, and the walk restarts from the root with the resolved components. Either way
 * nothing is created or truncated outside the workspace, and the descriptor returned is inside
 * it (a folder moved away afterwards takes its files with it, as it would a moment later).
 *
 * Elsewhere (macOS, Windows, or Linux without /proc) the path is checked with its links
 * resolved, and the resolved path is opened with `O_NOFOLLOW` on its last component where the
 * platform has it: a swap of a parent folder between the check and the open is not excluded.
 */
import { constants, existsSync } from 'node:fs';
import { lstat, mkdir, open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { NodeError } from '../../errors';
import type { NodeServices } from '../definition';
import { fileError, resolveWorkspacePath, realLocation, isInside, MAX_LINK_HOPS } from './workspacePath';

/** How the file is opened: read it, replace it (creating missing folders), or append to it. */
export type WorkspaceFileMode = 'read' | 'write' | 'append';

/** An open file of the workspace; the caller closes `handle`. */
export interface WorkspaceFile {
  handle: FileHandle;
  /** The absolute path as the user wrote it (relative paths resolved against the root). */
  path: string;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const DIRECTORY = constants.O_DIRECTORY ?? 0;

const FLAGS: Record<WorkspaceFileMode, number> = {
  read: constants.O_RDONLY,
  write: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
};

let procFdAvailable: boolean | undefined;

/** True where directories can be addressed through their descriptors (Linux with /proc). */
export function descriptorWalkAvailable(): boolean {
  procFdAvailable ??= process.platform === 'linux' && existsSync('/proc/self/fd');
  return procFdAvailable;
}

/** Tests only: force the walk off (to exercise the fallback of other platforms), or `undefined` to detect again. */
export function setDescriptorWalkForTests(available: boolean | undefined): void {
  procFdAvailable = available;
}

/**
 * Opens `path` (relative to `services.workspaceRoot`) for `mode`. Throws `NodeError`
 * `PATH_OUTSIDE_WORKSPACE` when it leaves the root through `..`, an absolute path or a symbolic
 * link (unless `services.allowOutsideWorkspace`), and the `fileError` codes for the rest.
 */
export async function openWorkspaceFile(
  services: Pick<NodeServices, 'workspaceRoot' | 'allowOutsideWorkspace'>,
  path: string,
  mode: WorkspaceFileMode,
  field = 'path',
): Promise<WorkspaceFile> {
  const absolute = resolve(services.workspaceRoot, path);
  try {
    if (services.allowOutsideWorkspace) {
      if (mode !== 'read') await mkdir(dirname(absolute), { recursive: true });
      return { handle: await open(absolute, FLAGS[mode]), path: absolute };
    }
    if (!descriptorWalkAvailable()) return { handle: await openChecked(services, path, mode, field), path: absolute };
    const root = resolve(services.workspaceRoot);
    if (!isInside(root, absolute)) throw outsideError(services.workspaceRoot, path, field);
    const components = relative(root, absolute).split(sep).filter(Boolean);
    const refuse = () => outsideError(services.workspaceRoot, path, field);
    const handle = (await openDirect(root, components, mode, refuse)) ?? (await walkOpen(root, components, mode, refuse));
    return { handle, path: absolute };
  } catch (error) {
    throw fileError(error, path, field);
  }
}

function outsideError(root: string, path: string, field: string): NodeError {
  return new NodeError(`${field} "${path}" is outside the workspace ${root}; set allowOutsideWorkspace to permit it`, {
    code: 'PATH_OUTSIDE_WORKSPACE',
    field,
  });
}

function errnoError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `name` inside the directory that `dir` holds, whatever that directory's path is now. */
function inside(dir: FileHandle, name: string): string {
  return `/proc/self/fd/${dir.fd}/${name}`;
}

/**
 * The common case in five system calls: the file's folder is opened (the kernel following any
 * links), its real path is read from the descriptor, and the file is opened inside that very
 * descriptor, without following a link. Whatever was swapped before the folder was opened shows
 * in its real path; whatever is swapped after cannot move the descriptor. Returns undefined
 * when the walk must decide: a folder is missing (it creates folders without following links),
 * or the file itself is a link (it resolves and checks it).
 */
async function openDirect(root: string, components: string[], mode: WorkspaceFileMode, refuse: () => NodeError): Promise<FileHandle | undefined> {
  if (components.length === 0) return undefined;
  const realRoot = await realpath(root);
  let folder: FileHandle;
  try {
    folder = await open(resolve(root, ...components.slice(0, -1)), constants.O_RDONLY | DIRECTORY);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'ELOOP'].includes(errnoOf(error) ?? '')) return undefined;
    throw error;
  }
  try {
    const real = await readlink(`/proc/self/fd/${folder.fd}`);
    if (!isInside(realRoot, real)) throw refuse();
    return await open(inside(folder, components[components.length - 1]), FLAGS[mode] | NOFOLLOW);
  } catch (error) {
    if (errnoOf(error) === 'ELOOP') return undefined;
    throw error;
  } finally {
    await folder.close();
  }
}

/**
 * The walk described at the top of the file. `components` are relative to `root` and free of
 * `.`; `..` may appear after a link's target is spliced in and pops the folders walked so far.
 */
async function walkOpen(root: string, components: string[], mode: WorkspaceFileMode, refuse: () => NodeError): Promise<FileHandle> {
  const rootHandle = await open(root, constants.O_RDONLY | DIRECTORY);
  const realRoot = await realpath(`/proc/self/fd/${rootHandle.fd}`);
  let current = rootHandle;
  const closeCurrent = async () => {
    if (current !== rootHandle) await current.close();
    current = rootHandle;
  };
  try {
    let walked: string[] = [];
    let queue = components;
    let hops = 0;
    /** Replaces the link at `walked` + `name` by its target and restarts from the root. */
    const followLink = async (name: string, target: string) => {
      if (++hops > MAX_LINK_HOPS) throw errnoError('ELOOP', `too many symbolic links in ${name}`);
      let spliced: string[];
      if (isAbsolute(target)) {
        const base = isInside(realRoot, target) ? realRoot : isInside(root, target) ? root : undefined;
        if (base === undefined) throw refuse();
        spliced = relative(base, target).split(sep);
      } else {
        spliced = [...walked, ...target.split('/')];
      }
      queue = [...spliced, ...queue];
      walked = [];
      await closeCurrent();
    };
    while (queue.length > 0) {
      const [name, ...rest] = queue;
      queue = rest;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (walked.length === 0) throw refuse();
        queue = [...walked.slice(0, -1), ...queue];
        walked = [];
        await closeCurrent();
        continue;
      }
      const last = queue.length === 0;
      const entry = inside(current, name);
      let opened: FileHandle;
      try {
        opened = await open(entry, last ? FLAGS[mode] | NOFOLLOW : constants.O_RDONLY | DIRECTORY | NOFOLLOW);
      } catch (error) {
        const code = errnoOf(error);
        if (code === 'ELOOP' || code === 'ENOTDIR' || code === 'EMLINK') {
          // With O_NOFOLLOW a link as the last component fails (ELOOP on Linux); read it ourselves.
          const stats = await lstat(entry).catch(() => undefined);
          if (stats?.isSymbolicLink()) {
            await followLink(name, await readlink(entry));
            continue;
          }
          if (stats === undefined) {
            queue = [name, ...queue]; // changed under us: look again (bounded by the hop count)
            if (++hops > MAX_LINK_HOPS) throw error;
            continue;
          }
        }
        if (code === 'ENOENT' && !last && mode !== 'read') {
          await mkdir(entry).catch((mkdirError: unknown) => {
            if (errnoOf(mkdirError) !== 'EEXIST') throw mkdirError;
          });
          queue = [name, ...queue];
          continue;
        }
        throw error;
      }
      if (last) return opened;
      await closeCurrent();
      current = opened;
      walked.push(name);
    }
    // the path names a folder (the root itself, or it after `..`)
    throw errnoError('EISDIR', 'is a directory');
  } finally {
    await closeCurrent();
    await rootHandle.close();
  }
}

/** The fallback without /proc: check with links resolved, then open the resolved path. */
async function openChecked(
  services: Pick<NodeServices, 'workspaceRoot' | 'allowOutsideWorkspace'>,
  path: string,
  mode: WorkspaceFileMode,
  field: string,
): Promise<FileHandle> {
  await resolveWorkspacePath(services, path, field);
  const real = await realLocation(resolve(services.workspaceRoot, path));
  if (mode !== 'read') await mkdir(dirname(real), { recursive: true });
  return open(real, FLAGS[mode] | NOFOLLOW);
}
