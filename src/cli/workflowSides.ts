/**
 * The sides of `workflow diff`: a file, a git revision (`HEAD~1:flows/x.workflow.json`) or a
 * stored version (`@3`, of the file the other side names). Each side is read and parsed here;
 * anything wrong is a `CliError` (exit 2) whose one line starts with the side as written.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { CliError, EXIT, type CliIo } from './command';
import { GitError, parseRevisionSpec, repositoryRoot, showFileAtRevision } from './git';
import { asCliError, withHistoryStore, workflowOfFile } from './historyStore';
import { findWorkspaceRoot, resolveDatabasePath } from '../core/store';
import { readWorkflowShape } from '../core/validation/readWorkflowShape';
import type { Workflow } from '../core/model/workflow';
import { messageOf } from '../core/errors';

/** A side as given on the command line, before it is read. */
export type SideSpec =
  | { kind: 'file'; arg: string; path: string }
  | { kind: 'git'; arg: string; revision: string; path: string }
  | { kind: 'version'; arg: string; number: number };

/** A side read and parsed. */
export interface WorkflowSide {
  /** As written on the command line (a version also names its file: `@3 (flows/x.workflow.json)`). */
  label: string;
  workflow: Workflow;
}

/** What a side argument means; existing files win over `rev:path` (a file may contain a colon). */
export function parseSideSpec(arg: string, cwd: string): SideSpec {
  const version = /^@(\d+)$/.exec(arg);
  if (version) return { kind: 'version', arg, number: Number(version[1]) };
  if (arg.startsWith('@')) throw new CliError(`${arg}: a stored version is written @<number>, e.g. @3`);
  const path = resolve(cwd, arg);
  if (existsSync(path)) return { kind: 'file', arg, path };
  const revision = parseRevisionSpec(arg);
  if (revision) return { kind: 'git', arg, ...revision };
  return { kind: 'file', arg, path };
}

function parseSide(arg: string, text: string): Workflow {
  const read = readWorkflowShape(text);
  if ('workflow' in read) return read.workflow;
  throw new CliError(`${arg}: not a valid workflow (line ${read.error.line}:${read.error.column}: ${read.error.message})`);
}

async function readGitSide(spec: Extract<SideSpec, { kind: 'git' }>, io: CliIo): Promise<string> {
  try {
    return await showFileAtRevision(io.cwd, spec.revision, spec.path);
  } catch (error) {
    throw new CliError(`${spec.arg}: ${error instanceof GitError ? `git: ${error.message}` : messageOf(error)}`);
  }
}

/** The absolute path of the file a side names (for `@N` on the other side). */
async function fileOfSide(spec: SideSpec, io: CliIo): Promise<string | undefined> {
  if (spec.kind === 'file') return spec.path;
  if (spec.kind !== 'git') return undefined;
  // git reads `rev:./x` from the current folder and `rev:x` from the repository's top
  if (spec.path.startsWith('./') || spec.path.startsWith('../')) return resolve(io.cwd, spec.path);
  if (isAbsolute(spec.path)) return spec.path;
  try {
    return resolve(await repositoryRoot(io.cwd), spec.path);
  } catch (error) {
    throw new CliError(`${spec.arg}: ${error instanceof GitError ? `git: ${error.message}` : messageOf(error)}`);
  }
}

async function readVersionSide(spec: Extract<SideSpec, { kind: 'version' }>, other: SideSpec, io: CliIo, db: string | undefined): Promise<WorkflowSide> {
  const file = await fileOfSide(other, io);
  if (!file) throw new CliError(`${spec.arg}: a stored version needs a file on the other side (both sides are versions)`);
  const root = findWorkspaceRoot(resolve(file, '..'));
  const dbPath = resolveDatabasePath({ cwd: io.cwd, env: io.env, db, root });
  // opening the store would create an empty database: say there is none instead
  if (!existsSync(dbPath) && !existsSync(`${dbPath}.journals`)) throw new CliError(`${spec.arg}: no run history at ${dbPath} (versions are recorded when a workflow is run or saved)`);
  const content = await withHistoryStore(io, { db: dbPath, file }, async (store) => {
    const workflow = await workflowOfFile(store, io, root, file);
    const version = (await store.versionHistory(workflow.id)).find((v) => v.number === spec.number);
    if (!version) throw new CliError(`${spec.arg}: ${workflow.path} has no version ${spec.number}`);
    return (await store.restoreVersion(version.id)).content;
  }).catch((error: unknown) => {
    const cli = asCliError(error);
    if (cli instanceof CliError && !cli.message.startsWith(spec.arg)) throw new CliError(`${spec.arg}: ${cli.message}`, cli.exitCode);
    throw cli;
  });
  return { label: `${spec.arg} (${other.kind === 'git' ? other.path : other.arg})`, workflow: parseSide(spec.arg, content) };
}

/** Reads one side; `other` is the other side's spec (a version takes its file from it). */
export async function readSide(spec: SideSpec, other: SideSpec, io: CliIo, options: { db?: string } = {}): Promise<WorkflowSide> {
  if (spec.kind === 'version') return readVersionSide(spec, other, io, options.db);
  if (spec.kind === 'git') return { label: spec.arg, workflow: parseSide(spec.arg, await readGitSide(spec, io)) };
  let text: string;
  try {
    text = await readFile(spec.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${spec.arg}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a workflow file' : messageOf(error)}`, EXIT.invalid);
  }
  return { label: spec.arg, workflow: parseSide(spec.arg, text) };
}
