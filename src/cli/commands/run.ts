/**
 * `workflow run <file>`: validates, runs and records one execution, printing live progress.
 * Exit codes: 0 success (or partial), 1 failed / cancelled / timed out, 2 invalid file or arguments.
 */
import { dirname, resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs, parseInputOption, parsePositiveInt, parseVarOptions } from '../options';
import { progressPrinter } from '../progress';
import { printDiagnostics } from '../diagnostics';
import { loadWorkflowFile } from '../../core/validation/loadWorkflow';
import { runWorkflow } from '../../core/engine/engine';
import type { ExecutionEvent } from '../../core/engine/events';
import { sharedCodeRunner } from '../../core/code/codeRunner';
import { envSecrets } from '../secrets';
import { startRecording } from '../recording';
import { findWorkspaceRoot, resolveDatabasePath } from '../../core/store';

const USAGE = `Usage: workflow run <file> [options]

Runs a workflow file and prints each node's outcome, then the output.

Options:
  --input <json|@file>      run input (JSON text, or @path to a JSON file); default {}
  --var NAME=VALUE          override a variable (repeatable); VALUE is JSON when it parses
  --trigger <node-id>       start from this trigger node only (default: every root node)
  --timeout <ms>            time limit of the whole run (default: settings.timeoutMs)
  --json                    print one JSON document (status, output, error, nodes) instead
  --quiet                   print only the output
  --allow-outside-workspace let file nodes use paths outside the workspace
  --no-record               do not record the execution in the history database
  --db <path>               history database (default: <workspace>/.workflow-studio/history.sqlite)

Secrets: $secrets.NAME is read from the environment variable WORKFLOW_SECRET_NAME.
Exit codes: 0 success or partial, 1 failed/cancelled/timeout, 2 invalid file or arguments.
`;

const RUN_OPTIONS = {
  input: { type: 'string' },
  var: { type: 'string', multiple: true },
  trigger: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  'allow-outside-workspace': { type: 'boolean' },
  'no-record': { type: 'boolean' },
  db: { type: 'string' },
} as const;

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a workflow file and print its progress and output',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, RUN_OPTIONS);
    if (positionals.length !== 1) throw new CliError('expects exactly one workflow file (see `workflow run --help`)');
    const file = resolve(io.cwd, positionals[0]);
    const input = parseInputOption(values.input, io.cwd);
    const variables = parseVarOptions(values.var);
    const timeoutMs = parsePositiveInt('--timeout', values.timeout);

    const loaded = await loadWorkflowFile(file);
    const root = findWorkspaceRoot(dirname(file));
    if (!loaded.workflow) {
      printDiagnostics(loaded.diagnostics, file, io);
      io.stderr(`workflow run: ${positionals[0]} is not a valid workflow; nothing was run\n`);
      return EXIT.invalid;
    }
    const workflow = loaded.workflow;
    if (values.trigger !== undefined && !workflow.nodes.some((n) => n.id === values.trigger)) {
      throw new CliError(`--trigger: there is no node with id "${values.trigger}" in ${positionals[0]}`);
    }

    const json = values.json === true;
    const quiet = values.quiet === true;
    const listeners: ((e: ExecutionEvent) => void)[] = [];
    if (!json && !quiet) listeners.push(progressPrinter(io.stdout, io.isTty && !io.env.NO_COLOR).listener);
    const nodeOutcomes: { nodeId: string; status: string; durationMs?: number; error?: string }[] = [];
    if (json) listeners.push(collectOutcomes(nodeOutcomes));

    const recording =
      values['no-record'] === true
        ? undefined
        : startRecording(io, resolveDatabasePath({ cwd: io.cwd, env: io.env, db: values.db, root }), root, file, workflow);
    if (recording) listeners.push(recording.listener);

    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      io.stderr('\ncancelling… (press Ctrl+C again to quit at once)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const runner = sharedCodeRunner();
    try {
      const result = await runWorkflow(workflow, {
        input,
        variables,
        timeoutMs,
        signal: controller.signal,
        listeners,
        filePath: file,
        workspaceRoot: root,
        triggerNodeId: values.trigger,
        trigger: { type: 'cli', ...(values.trigger ? { nodeId: values.trigger } : {}) },
        allowOutsideWorkspace: values['allow-outside-workspace'] === true,
        runCode: (request) => runner.run(request),
        secrets: envSecrets(io.env),
      });
      if (json) {
        io.stdout(JSON.stringify({ ...result, file: positionals[0], nodes: nodeOutcomes }, null, 2) + '\n');
      } else if (result.output !== undefined && (result.status === 'success' || result.status === 'partial')) {
        io.stdout((quiet ? '' : 'output:\n') + JSON.stringify(result.output, null, 2) + '\n');
      }
      return result.status === 'success' || result.status === 'partial' ? EXIT.ok : EXIT.failed;
    } finally {
      process.off('SIGINT', onSigint);
      await recording?.finish();
    }
  },
};


function collectOutcomes(into: { nodeId: string; status: string; durationMs?: number; error?: string }[]) {
  return (e: ExecutionEvent) => {
    if (e.type === 'node.finished') into.push({ nodeId: e.nodeId, status: 'success', durationMs: e.durationMs });
    else if (e.type === 'node.failed' && !e.willRetry) into.push({ nodeId: e.nodeId, status: 'failed', durationMs: e.durationMs, error: e.error.message });
    else if (e.type === 'node.skipped') into.push({ nodeId: e.nodeId, status: `skipped` });
  };
}
