/// <reference types="mocha" />
/**
 * In-host: triggers while VS Code is open. Workflows are written into the test workspace,
 * activated and paused with the real commands, and driven by real events: HTTP requests to the
 * webhook server the extension started, the clock (a per-second schedule), a file written to
 * disk. What ran is read from the history database by the real CLI. The webhook server listens
 * on a port the system picks (`workflowStudio.webhooks.port` = 0), read back through Show Triggers.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/contract';
import type { TriggerView } from '../../src/extension/views/model/triggerItems';
import { activateExtension, cli, closeAllEditors, fileUri, sleep, until } from './helpers';

const DIR = 'e2e-triggers';

interface Execution {
  id: string;
  status: string;
  triggerType: string;
}

/** Writes a workflow whose trigger node `trigger` feeds a log node. */
function writeWorkflow(name: string, trigger: { type: string; config: Record<string, unknown> }): vscode.Uri {
  const uri = fileUri(`${DIR}/${name}.workflow.json`);
  const workflow = {
    formatVersion: 1,
    name: `Trigger test ${name}`,
    nodes: [
      { id: 'start', type: trigger.type, name: 'Start', position: { x: 0, y: 0 }, config: trigger.config },
      { id: 'log', type: 'util.log', name: 'Log', position: { x: 240, y: 0 }, config: { message: 'triggered' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'log' }],
  };
  mkdirSync(dirname(uri.fsPath), { recursive: true });
  writeFileSync(uri.fsPath, JSON.stringify(workflow, null, 2) + '\n');
  return uri;
}

/** The armed triggers of a workflow, as the Workflows view gets them. */
async function triggerStates(uri: vscode.Uri): Promise<TriggerView[]> {
  return (await vscode.commands.executeCommand<TriggerView[]>(COMMANDS.showTriggers, uri, { pick: false })) ?? [];
}

/** `workflow history <file> --json`: its executions, newest first ([] before the first run). */
async function executionsOf(uri: vscode.Uri): Promise<Execution[]> {
  const result = await cli(['history', uri.fsPath, '--limit', '1000', '--json']);
  if (result.status !== 0) return [];
  return JSON.parse(result.stdout) as Execution[];
}

/** `workflow show <id> --json`. */
async function showExecution(id: string): Promise<{ status: string; triggerType: string; triggerNodeId?: string; triggerData?: Record<string, unknown>; input?: Record<string, unknown> } | undefined> {
  const result = await cli(['show', id, '--json']);
  return result.status === 0 ? JSON.parse(result.stdout) : undefined;
}

async function waitForWebhookUrl(uri: vscode.Uri): Promise<string> {
  const hook = await until('the webhook URL in the trigger states', async () => (await triggerStates(uri)).find((s) => s.kind === 'webhook' && s.url !== undefined), 20_000);
  return hook.url!;
}

suite('Workflow Studio: triggers', () => {
  suiteSetup(async () => {
    await activateExtension();
    // A port of the system's choosing: tests never collide with another window or a real 5680.
    await vscode.workspace.getConfiguration('workflowStudio').update('webhooks.port', 0, vscode.ConfigurationTarget.Global);
  });
  teardown(closeAllEditors);

  test('a webhook of an active workflow answers 202 with the execution id, recorded as a webhook run; paused, it answers 503', async () => {
    const uri = writeWorkflow('hook', { type: 'trigger.webhook', config: { path: 'e2e/orders' } });
    await vscode.commands.executeCommand(COMMANDS.activate, uri);
    const url = await waitForWebhookUrl(uri);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/webhook\/e2e\/orders$/);
    assert.doesNotMatch(url, /:5680\//, 'the port setting 0 was applied');

    const response = await fetch(`${url}?source=e2e`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: 42 }) });
    assert.equal(response.status, 202);
    const { executionId } = (await response.json()) as { executionId: string };
    assert.match(executionId, /^[0-9a-f-]{36}$/);
    const recorded = await until('the webhook run recorded as a success', async () => {
      const detail = await showExecution(executionId);
      return detail?.status === 'success' ? detail : undefined;
    }, 30_000);
    assert.equal(recorded.triggerType, 'webhook');
    assert.equal(recorded.triggerNodeId, 'start');
    assert.equal(recorded.triggerData?.method, 'POST');
    assert.deepEqual((recorded.input as { body?: unknown }).body, { order: 42 });

    await vscode.commands.executeCommand(COMMANDS.pause, uri);
    const paused = await fetch(url, { method: 'POST', body: '{}' });
    assert.equal(paused.status, 503);
    assert.deepEqual(await triggerStates(uri), [], 'a paused workflow shows no armed trigger');
  });

  test('a status set by the CLI in another process arms and disarms the webhook', async () => {
    const uri = writeWorkflow('cli-hook', { type: 'trigger.webhook', config: { path: 'e2e/from-cli' } });
    const activated = await cli(['activate', uri.fsPath]);
    assert.equal(activated.status, 0, activated.stderr);
    const url = await waitForWebhookUrl(uri);
    assert.equal((await fetch(url, { method: 'POST', body: '{}' })).status, 202);
    const paused = await cli(['pause', uri.fsPath]);
    assert.equal(paused.status, 0, paused.stderr);
    await until('503 once the CLI paused it', async () => (await fetch(url, { method: 'POST', body: '{}' })).status === 503);
  });

  test('an every-second schedule fires while active and stops once paused', async () => {
    const uri = writeWorkflow('tick', { type: 'trigger.schedule', config: { cron: '* * * * * *' } });
    await vscode.commands.executeCommand(COMMANDS.activate, uri);
    const schedule = await until('the schedule armed with a next run', async () => (await triggerStates(uri)).find((s) => s.kind === 'schedule' && s.nextRunAt !== undefined));
    assert.equal(schedule.error, undefined);
    assert.ok(schedule.nextRunAt! - Date.now() <= 2_000, 'the next run is within a second or two');
    const runs = await until('a scheduled run in the history', async () => {
      const found = (await executionsOf(uri)).filter((e) => e.triggerType === 'schedule' && e.status === 'success');
      return found.length > 0 ? found : undefined;
    }, 30_000);
    assert.ok(runs.length >= 1);

    await vscode.commands.executeCommand(COMMANDS.pause, uri);
    await sleep(2_000); // a run fired just before the pause ends and is recorded
    const afterPause = (await executionsOf(uri)).length;
    await sleep(3_000);
    assert.equal((await executionsOf(uri)).length, afterPause, 'no run after the pause');
  });

  test('a file trigger fires when a matching file is written in the workspace', async () => {
    const uri = writeWorkflow('watch', { type: 'trigger.file', config: { glob: `${DIR}/inbox/*.txt`, events: ['created', 'changed'], debounceMs: 100 } });
    await vscode.commands.executeCommand(COMMANDS.activate, uri);
    const armed = await until('the file trigger armed', async () => (await triggerStates(uri)).find((s) => s.kind === 'file'));
    assert.equal(armed.error, undefined);
    assert.equal(armed.config?.glob, `${DIR}/inbox/*.txt`);

    const dropped = fileUri(`${DIR}/inbox/order-1.txt`);
    mkdirSync(dirname(dropped.fsPath), { recursive: true });
    writeFileSync(dropped.fsPath, 'order 1\n');
    const run = await until('a file-triggered run in the history', async () => (await executionsOf(uri)).find((e) => e.triggerType === 'file' && e.status === 'success'), 30_000);
    const detail = await showExecution(run.id);
    assert.match(JSON.stringify(detail?.input), /order-1\.txt/);
    writeFileSync(fileUri(`${DIR}/inbox/ignored.csv`).fsPath, 'not matched\n');
    await sleep(1_500);
    assert.equal((await executionsOf(uri)).filter((e) => e.triggerType === 'file').length, 1, 'a file outside the glob starts nothing');
    await vscode.commands.executeCommand(COMMANDS.pause, uri);
  });

  test('Activate on a workflow with only a manual trigger still activates it', async () => {
    const uri = fileUri('hello.workflow.json');
    await vscode.commands.executeCommand(COMMANDS.activate, uri);
    const result = await cli(['search', '', '--status', 'active', '--json']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok((JSON.parse(result.stdout) as { path: string }[]).some((w) => w.path === 'hello.workflow.json'));
    assert.deepEqual(await triggerStates(uri), [], 'nothing to arm');
    await vscode.commands.executeCommand(COMMANDS.setStatus, uri, 'draft');
  });
});
