/**
 * The vscode-free parts of the extension's services: the secret index, the run queue, the
 * history store set (including seeing another process's run after a refresh, which is how CLI
 * runs reach the views), recording a run like the CLI does, and the run messages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretsOver, SECRET_NAMES_KEY, type NameIndexStorage, type SecretVault } from '../../../../src/extension/services/secretIndex';
import { StoreSet, databasePathOf, debounce } from '../../../../src/extension/services/storeSet';
import { recordRun } from '../../../../src/extension/services/runRecording';
import { finalMessage, progressLine } from '../../../../src/extension/services/runMessages';
import { runWorkflow } from '../../../../src/core/engine/engine';
import { openTestStore, tempDir } from '../../store/fixtures/temp';
import { chainEdges, node, workflow } from '../../engine/helpers';

function memoryVault(): SecretVault & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: async (key) => data.get(key),
    store: async (key, value) => void data.set(key, value),
    delete: async (key) => void data.delete(key),
  };
}

function memoryMemento(): NameIndexStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return { data, get: <T>(key: string) => data.get(key) as T | undefined, update: async (key, value) => void data.set(key, value) };
}

describe('secrets', () => {
  it('stores values in the vault only and lists names from the index', async () => {
    const vault = memoryVault();
    const index = memoryMemento();
    const secrets = secretsOver(vault, index);
    await Promise.all([secrets.set('B_TOKEN', 'value-b'), secrets.set('A_TOKEN', 'value-a')]);
    assert.equal(await secrets.get('A_TOKEN'), 'value-a');
    assert.deepEqual(await secrets.names(), ['A_TOKEN', 'B_TOKEN']);
    assert.doesNotMatch(JSON.stringify([...index.data]), /value-/, 'no value in the index');
    await secrets.delete('A_TOKEN');
    assert.equal(await secrets.get('A_TOKEN'), undefined);
    assert.deepEqual(index.data.get(SECRET_NAMES_KEY), ['B_TOKEN']);
    await assert.rejects(secrets.set('  ', 'x'), RangeError);
  });
});

describe('history stores', () => {
  it('opens one store per root at the CLI path, lazily, and sees another process after refresh', async () => {
    const root = tempDir();
    let opened = 0;
    const set = new StoreSet((r) => (opened++, openTestStore(databasePathOf(r))));
    assert.equal(databasePathOf(root), join(root, '.workflow-studio', 'history.sqlite'));
    assert.equal(await set.refresh(root), false, 'not open: nothing to refresh');
    const [a, b] = await Promise.all([set.get(root), set.get(root)]);
    assert.equal(a, b);
    assert.equal(opened, 1);

    // Another writer (as a `workflow run` in a terminal would be) records a run.
    const other = await openTestStore(databasePathOf(root));
    const file = join(root, 'w.workflow.json');
    const wf = workflow([node('start', 'trigger.manual'), node('set', 'data.set', { values: { x: 1 } })], chainEdges(['start', 'set']));
    const recording = recordRun(Promise.resolve(other), root, file, JSON.stringify(wf));
    const result = await runWorkflow(wf, { listeners: [recording.listener] });
    await recording.finish();
    await other.close();

    assert.equal(await set.refresh(root), true);
    const listed = await a.listExecutions({});
    assert.ok(listed.some((e) => e.id === result.executionId));
    await set.closeAll();
    await assert.rejects(set.get(root));
  });

  it('retries an open that failed', async () => {
    let attempts = 0;
    const root = tempDir();
    const set = new StoreSet(async (r) => {
      if (++attempts === 1) throw new Error('locked');
      return openTestStore(databasePathOf(r));
    });
    await assert.rejects(set.get(root), /locked/);
    await set.get(root);
    assert.equal(attempts, 2);
    await set.closeAll();
  });

  it('debounces bursts into one call', async () => {
    let calls = 0;
    const call = debounce(() => calls++, 20);
    call();
    call();
    call();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(calls, 1);
    call();
    call.cancel();
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(calls, 1);
  });

  it('still calls at least every maxWaitMs while calls never pause', async () => {
    let calls = 0;
    const call = debounce(() => calls++, 40, 100);
    const started = Date.now();
    while (Date.now() - started < 300) {
      call();
      await new Promise((r) => setTimeout(r, 10));
    }
    call.cancel();
    assert.ok(calls >= 2, `called ${calls} time(s) during a 300 ms stream of calls`);
  });
});

describe('run recording', () => {
  it('records the registered text and every event, even those emitted before the store opened', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'flows'));
    const file = join(root, 'flows', 'a.workflow.json');
    const wf = workflow([node('start', 'trigger.manual'), node('fail', 'flow.fail', { message: 'nope' })], chainEdges(['start', 'fail']), { name: 'A' });
    const text = JSON.stringify(wf, null, 2);
    writeFileSync(file, text);
    let openStore!: (value: Awaited<ReturnType<typeof openTestStore>>) => void;
    const storePromise = new Promise<Awaited<ReturnType<typeof openTestStore>>>((resolve) => (openStore = resolve));
    const recording = recordRun(storePromise, root, file, text);
    const result = await runWorkflow(wf, { listeners: [recording.listener] });
    const store = await openTestStore(databasePathOf(root));
    openStore(store);
    await recording.finish();
    const registration = await recording.registered;
    assert.equal(registration.created, true);
    const detail = await store.getExecution(result.executionId);
    assert.equal(detail.status, 'failed');
    assert.equal((await store.findWorkflowByPath('flows/a.workflow.json'))?.name, 'A');
    await store.close();
  });
});

describe('run messages', () => {
  const base = { executionId: 'x', startedAt: '', completedAt: '', nodesExecuted: 2, output: null };
  it('names the failing node and its message', () => {
    const message = finalMessage('Orders', { ...base, status: 'failed', durationMs: 10, error: { message: 'HTTP 500', nodeId: 'fetch', nodeName: 'Fetch' } });
    assert.deepEqual(message, { severity: 'error', text: 'Orders failed at node "Fetch": HTTP 500' });
    assert.equal(finalMessage('Orders', { ...base, status: 'success', durationMs: 1500 }).text, 'Orders succeeded in 1.5 s.');
    assert.equal(finalMessage('Orders', { ...base, status: 'partial', durationMs: 5 }).severity, 'warning');
  });
  it('shows the node running, ignoring sub-workflow events', () => {
    const started = { type: 'node.started', executionId: 'x', at: 0, nodeId: 'n', nodeName: 'Fetch', nodeType: 'http.request', attempt: 2, input: {} } as const;
    assert.equal(progressLine(started, 'x'), 'Fetch (attempt 2)');
    assert.equal(progressLine(started, 'other'), undefined);
  });
});
