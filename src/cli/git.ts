/**
 * The little of git the CLI needs, through the `git` program (child_process, no shell): read a
 * file at a revision, find the repository's top folder, set config. Core never runs git; the
 * commands that need it (diff, merge --install) come here. Failures are `GitError`s carrying
 * git's own first line ("invalid object name 'HEAD~9'"), without the `fatal:` prefix.
 */
import { execFile } from 'node:child_process';

/** Thrown when git is missing or refuses: the message is git's reason, on one line. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** Files at a revision may be large; a workflow of 10,000 nodes is a few MB. */
const MAX_BUFFER = 256 * 1024 * 1024;

/** Runs git in `cwd`; resolves with stdout, rejects with a `GitError` of git's first stderr line. */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: MAX_BUFFER, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new GitError('git is not installed (or not on PATH)'));
      const first = stderr.split('\n').find((line) => line.trim() !== '') ?? error.message;
      reject(new GitError(first.replace(/^(fatal|error): /, '').trim()));
    });
  });
}

/** The text of `path` at `revision` (`git show <revision>:<path>`), paths as git reads them. */
export function showFileAtRevision(cwd: string, revision: string, path: string): Promise<string> {
  return git(cwd, ['show', `${revision}:${path}`]);
}

/** The top folder of the repository around `cwd`. */
export async function repositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
}

/** `revision:path` as git writes it; undefined for anything else (a plain file name). */
export function parseRevisionSpec(text: string): { revision: string; path: string } | undefined {
  const colon = text.indexOf(':');
  // a colon at index 1 is a Windows drive letter (C:\…), not a revision
  if (colon <= 0 || (colon === 1 && /^[A-Za-z]:[\\/]/.test(text))) return undefined;
  const path = text.slice(colon + 1);
  if (path === '') return undefined;
  return { revision: text.slice(0, colon), path };
}
