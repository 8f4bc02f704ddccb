/**
 * `workflow activate <file…>`, `workflow pause <file…>` and `workflow status <file> [status]`:
 * the workflow status that decides whether triggers fire, settable without VS Code. The status
 * lives in the history store (like the extension's Activate / Pause commands), so a running
 * `workflow serve` picks the change up from the store's journals within about a second.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { printDiagnostics } from '../diagnostics';
import { loadWorkflowFile } from '../../core/validation/loadWorkflow';
import { gitHeadCommit, WORKFLOW_STATUSES, workspaceRelativePath, type WorkflowRecord, type WorkflowStatus, type WorkflowStore } from '../../core/store';
import { parseCommandArgs, printJson, withHistoryStore } from '../historyStore';

const STATUS_HELP = `Statuses: active (triggers fire), paused (webhooks answer 503, nothing else fires),
draft and archived (no trigger is armed). A file seen for the first time is a draft.`;

const DB_HELP = `  --db <path>    history database (default: <workspace>/.workflow-studio/history.sqlite, or WORKFLOW_DB)`;

/** One file's status change: registers the file first when the history does not know it yet. */
async function setStatus(io: CliIo, file: string, status: WorkflowStatus, db: string | undefined): Promise<{ record: WorkflowRecord; previous?: WorkflowStatus }> {
  return withHistoryStore(io, { db, file }, async (store, root) => {
    const record = await recordOf(store, io, root, file, status === 'active');
    if (record.status === status) return { record };
    return { record: await store.updateWorkflow(record.id, { status }), previous: record.status };
  });
}

/**
 * The record of `file`. A file never recorded is registered (as a save in VS Code would), which
 * needs valid content; activating needs a valid file in any case, since serve would skip it.
 */
async function recordOf(store: WorkflowStore, io: CliIo, root: string, file: string, mustBeValid: boolean): Promise<WorkflowRecord> {
  const absolute = resolve(io.cwd, file);
  const known = await store.findWorkflowByPath(workspaceRelativePath(root, absolute));
  if (known && !mustBeValid) return known;
  const loaded = await loadWorkflowFile(absolute);
  if (!loaded.workflow) {
    printDiagnostics(loaded.diagnostics, absolute, io);
    throw new CliError(`${file} is not a valid workflow; fix it first`);
  }
  const registered = await store.registerWorkflow({ path: workspaceRelativePath(root, absolute), content: loaded.workflow, gitCommit: gitHeadCommit(root) });
  return (await store.getWorkflow(registered.workflowId))!;
}

function setter(name: string, status: WorkflowStatus, summary: string): CliCommand {
  return {
    name,
    summary,
    usage: `Usage: workflow ${name} <file>... [--db <path>] [--json]

Sets the status of each workflow file to ${status}.
${STATUS_HELP}

Options:
${DB_HELP}
  --json         print the updated records as JSON

Exit codes: 0 done, 2 invalid file, bad arguments or unusable database.
`,
    async run(args: string[], io: CliIo): Promise<number> {
      const { values, positionals } = parseCommandArgs(args, {});
      if (positionals.length === 0) throw new CliError(`expects at least one workflow file (see \`workflow ${name} --help\`)`);
      const records: WorkflowRecord[] = [];
      for (const file of positionals) {
        const { record, previous } = await setStatus(io, file, status, values.db);
        records.push(record);
        if (!values.json) io.stdout(`${file}: ${record.status}${previous ? ` (was ${previous})` : ' (unchanged)'}\n`);
      }
      if (values.json) printJson(io, records);
      return EXIT.ok;
    },
  };
}

export const activateCommand = setter('activate', 'active', 'set workflows active: their triggers fire under `workflow serve` and VS Code');
export const pauseCommand = setter('pause', 'paused', 'pause workflows: their triggers stop firing');

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'show or set the status of a workflow (draft, active, paused, archived)',
  usage: `Usage: workflow status <file> [draft|active|paused|archived] [--db <path>] [--json]

Prints the status of a workflow file, or sets it when a status is given.
${STATUS_HELP}

Options:
${DB_HELP}
  --json         print the record as JSON

Exit codes: 0 done, 2 unknown workflow, invalid file, bad arguments or unusable database.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {});
    if (positionals.length < 1 || positionals.length > 2) throw new CliError('expects a workflow file and optionally a status (see `workflow status --help`)');
    const [file, wanted] = positionals;
    if (wanted !== undefined && !WORKFLOW_STATUSES.includes(wanted as WorkflowStatus)) {
      throw new CliError(`unknown status "${wanted}"; use one of ${WORKFLOW_STATUSES.join(', ')}`);
    }
    if (wanted !== undefined) {
      const { record, previous } = await setStatus(io, file, wanted as WorkflowStatus, values.db);
      if (values.json) printJson(io, record);
      else io.stdout(`${file}: ${record.status}${previous ? ` (was ${previous})` : ' (unchanged)'}\n`);
      return EXIT.ok;
    }
    return withHistoryStore(io, { db: values.db, file }, async (store, root) => {
      const record = await store.findWorkflowByPath(workspaceRelativePath(root, resolve(io.cwd, file)));
      if (!record && !existsSync(resolve(io.cwd, file))) throw new CliError(`no such file: ${file}`);
      if (values.json) printJson(io, record ?? { path: file, status: 'draft', recorded: false });
      // an unrecorded file is a draft: that is the status it gets when first recorded
      else io.stdout(`${file}: ${record?.status ?? 'draft'}${record ? '' : ' (not recorded yet)'}\n`);
      return EXIT.ok;
    });
  },
};
