/**
 * The history commands (history, show, versions, stats, search) against a temporary workspace
 * whose database was filled by the recorder with synthetic engine events.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { defaultDatabasePath } from '../../../src/core/store';
import { play, workflowText } from './fixtures/events';
import { openTestStore, tempDir } from './fixtures/temp';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let workspace: string;

async function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: options.cwd ?? workspace, env: options.env ?? {}, isTty: false };
  const code = await main(args, io);
  assert.doesNotMatch(stderr, /\n\s+at /, 'never a stack trace');
  return { code, stdout, stderr };
}

before(async () => {
  workspace = tempDir('wfs-cli-');
  mkdirSync(join(workspace, '.git'));
  mkdirSync(join(workspace, 'flows'));
  writeFileSync(join(workspace, 'flows', 'prices.workflow.json'), workflowText('Price alert', 4, { tags: ['crypto'] }));
  writeFileSync(join(workspace, 'flows', 'report.workflow.json'), workflowText('Weekly report', 2, { tags: ['reports'] }));
  const store = await openTestStore(defaultDatabasePath(workspace));
  const v1 = await store.registerWorkflow({ path: 'flows/prices.workflow.json', content: workflowText('Price alert', 3, { tags: ['crypto'] }) });
  const prices = await store.registerWorkflow({ path: 'flows/prices.workflow.json', content: readFileSync(join(workspace, 'flows', 'prices.workflow.json'), 'utf8') });
  assert.equal(prices.versionNumber, v1.versionNumber + 1);
  const report = await store.registerWorkflow({ path: 'flows/report.workflow.json', content: workflowText('Weekly report', 2, { tags: ['reports'] }) });
  const recordPrices = store.recorder(prices);
  play(recordPrices, { executionId: 'aaaa1111-ok', workflowName: 'Price alert', nodes: 4, logsPerNode: 2, retryNode: 1, startAt: 1_700_000_000_000 });
  play(recordPrices, { executionId: 'aaaa2222-bad', workflowName: 'Price alert', nodes: 4, logsPerNode: 1, failNode: 2, startAt: 1_700_000_060_000 });
  play(store.recorder(report), { executionId: 'bbbb3333-ok', workflowName: 'Weekly report', nodes: 2, logsPerNode: 1, startAt: 1_700_000_030_000, trigger: 'schedule' });
  await store.close();
});

describe('workflow history', () => {
  it('lists the latest executions of all workflows, newest first', async () => {
    const { code, stdout } = await cli(['history']);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^ID\s+STATUS\s+DURATION\s+TRIGGER\s+STARTED\s+WORKFLOW\s+VERSION$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2)), [['aaaa2222-bad', 'failed'], ['bbbb3333-ok', 'success'], ['aaaa1111-ok', 'success']]);
    assert.match(lines[1], /flows\/prices\.workflow\.json\s+#2$/);
    assert.match(lines[2], /schedule/);
  });

  it('narrows to one file, a status and a limit, and prints JSON', async () => {
    const { stdout } = await cli(['history', 'flows/prices.workflow.json', '--json']);
    assert.deepEqual(JSON.parse(stdout).map((e: { id: string }) => e.id), ['aaaa2222-bad', 'aaaa1111-ok']);
    const failed = await cli(['history', '--status', 'failed', '--limit', '5', '--json']);
    assert.deepEqual(JSON.parse(failed.stdout).map((e: { id: string }) => e.id), ['aaaa2222-bad']);
    const fromSubdirectory = await cli(['history', 'prices.workflow.json', '--limit', '1'], { cwd: join(workspace, 'flows') });
    assert.equal(fromSubdirectory.code, 0);
    assert.equal(fromSubdirectory.stdout.trim().split('\n').length, 2);
  });

  it('explains an unknown workflow or a bad option with exit code 2', async () => {
    const unknown = await cli(['history', 'flows/nope.workflow.json']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^workflow history: no history for flows\/nope\.workflow\.json: it was never run or saved/);
    const badLimit = await cli(['history', '--limit', 'lots']);
    assert.equal(badLimit.code, 2);
    assert.match(badLimit.stderr, /--limit expects a positive whole number/);
    const badStatus = await cli(['history', '--status', 'great']);
    assert.equal(badStatus.code, 2);
    const badOption = await cli(['history', '--frobnicate']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /frobnicate/);
  });

  it('says so when nothing was recorded yet, and creates nothing', async () => {
    const empty = tempDir();
    const { code, stdout } = await cli(['history'], { cwd: empty });
    assert.deepEqual([code, stdout], [0, 'No executions recorded yet.\n']);
    const stats = await cli(['stats'], { cwd: empty });
    assert.deepEqual([stats.code, stats.stdout], [0, 'No executions recorded yet.\n']);
  });
});

describe('workflow show', () => {
  it('shows one execution with its nodes, error, output and logs, by unique prefix', async () => {
    const { code, stdout } = await cli(['show', 'aaaa2222']);
    assert.equal(code, 0);
    assert.match(stdout, /^Execution  aaaa2222-bad$/m);
    assert.match(stdout, /^Workflow   Price alert \(flows\/prices\.workflow\.json\) · version 2$/m);
    assert.match(stdout, /^Status     failed$/m);
    assert.match(stdout, /^Error      node 2 broke \[NODE_ERROR\] \(node n2\)$/m);
    assert.match(stdout, /^ {2}Node 2\s+data\.set\s+1\s+failed\s+4 ms\s+node 2 broke \[NODE_ERROR\]$/m);
    assert.match(stdout, /^ {2}Node 3\s+flow\.if\s+skipped\s+—\s+skipped \(stopped\)$/m);
    assert.match(stdout, /^Logs \(3\)$/m);
    assert.match(stdout, /info {2}\[Node 0\] node 0 line 0$/m);
    const retried = await cli(['show', 'aaaa1111-ok']);
    assert.match(retried.stdout, /^ {2}Node 1\s+http\.request\s+1\s+failed\s+3 ms\s+temporary failure \[HTTP_STATUS\] — retried$/m);
    assert.match(retried.stdout, /^Output\n {2}\{\n {4}"done": true\n {2}\}$/m);
  });

  it('prints JSON, and refuses unknown or ambiguous ids with exit code 2', async () => {
    const json = JSON.parse((await cli(['show', 'bbbb3333-ok', '--json'])).stdout);
    assert.equal(json.status, 'success');
    assert.equal(json.nodeResults.length, 2);
    assert.equal(json.logs.length, 2);
    const unknown = await cli(['show', 'cccc']);
    assert.deepEqual([unknown.code, unknown.stderr], [2, 'workflow show: no execution with id "cccc"\n']);
    const ambiguous = await cli(['show', 'aaaa']);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /more than one execution id starts with "aaaa"/);
    assert.equal((await cli(['show'])).code, 2);
  });
});

describe('workflow versions', () => {
  it('lists versions with change summaries', async () => {
    const { code, stdout } = await cli(['versions', 'flows/prices.workflow.json']);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.equal(lines[0], 'Price alert (flows/prices.workflow.json)');
    assert.match(lines[2], /^#2\s+\S+ \S+\s+[0-9a-f]{8}\s+—\s+added node "Node 3" \(current\)$/);
    assert.match(lines[3], /^#1\s+.*created with 3 nodes$/);
    const json = JSON.parse((await cli(['versions', 'flows/prices.workflow.json', '--json'])).stdout);
    assert.deepEqual(json.versions.map((v: { number: number }) => v.number), [2, 1]);
    const unknown = await cli(['versions', 'flows/none.workflow.json']);
    assert.equal(unknown.code, 2);
  });
});

describe('workflow stats', () => {
  it('shows totals per workflow, and per node type for one workflow', async () => {
    const all = await cli(['stats']);
    assert.equal(all.code, 0);
    assert.match(all.stdout, /^flows\/prices\.workflow\.json\s+2\s+1\s+1\s+50%/m);
    assert.match(all.stdout, /^All workflows: 3 runs, 67% successful/m);
    const one = await cli(['stats', 'flows/prices.workflow.json']);
    assert.match(one.stdout, /^Runs {10}2 \((failed 1, success 1|success 1, failed 1)\)$/m);
    assert.match(one.stdout, /^http\.request\s+3\s+2\s+1\s/m);
    const json = JSON.parse((await cli(['stats', 'flows/prices.workflow.json', '--json'])).stdout);
    assert.equal(json.totals.total, 2);
    assert.ok(json.nodeTypes.length >= 3);
  });
});

describe('workflow search', () => {
  it('finds workflows by text, tag and status', async () => {
    const byText = await cli(['search', 'price']);
    assert.equal(byText.code, 0);
    // a workflow is a draft until someone activates it (triggers fire only for active ones)
    assert.match(byText.stdout, /^Price alert\s+flows\/prices\.workflow\.json\s+draft\s+crypto\s+2\s/m);
    assert.doesNotMatch(byText.stdout, /Weekly/);
    const byTag = await cli(['search', '', '--tag', 'reports', '--json']);
    assert.deepEqual(JSON.parse(byTag.stdout).map((w: { name: string }) => w.name), ['Weekly report']);
    const none = await cli(['search', 'nothing-like-this']);
    assert.equal(none.stdout, 'No workflow matches.\n');
    const badStatus = await cli(['search', 'x', '--status', 'gone']);
    assert.equal(badStatus.code, 2);
  });
});

describe('the database option', () => {
  it('reads the database named by --db or WORKFLOW_DB', async () => {
    const path = defaultDatabasePath(workspace);
    const elsewhere = tempDir();
    const viaOption = await cli(['history', '--db', path, '--json'], { cwd: elsewhere });
    assert.equal(JSON.parse(viaOption.stdout).length, 3);
    const viaEnv = await cli(['history', '--json'], { cwd: elsewhere, env: { WORKFLOW_DB: path } });
    assert.equal(JSON.parse(viaEnv.stdout).length, 3);
  });

  it('refuses a database from a newer version with exit code 2 and leaves it alone', async () => {
    const dir = tempDir();
    const path = join(dir, 'newer.sqlite');
    const store = await openTestStore(path);
    await store.registerWorkflow({ path: 'x.workflow.json', content: workflowText('X', 1) });
    await store.compact();
    await store.close();
    const bytes = readFileSync(path);
    bytes.writeUInt32BE(77, 60);
    writeFileSync(path, bytes);
    for (const command of [['history'], ['show', 'abcd'], ['versions', 'x.workflow.json'], ['stats'], ['search', 'x']]) {
      const result = await cli([...command, '--db', path]);
      assert.equal(result.code, 2, command.join(' '));
      assert.match(result.stderr, /written by a newer version of Workflow Studio \(schema 77/);
    }
    assert.deepEqual(readFileSync(path), bytes);
  });
});
