import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fakeIo } from '../cli/helpers';
import { cliCommand, makeRepo, priceAlert, type TestRepo } from './gitRepo';
import { openStore, silentLogger } from '../../../src/core/store';
import { serializeWorkflow } from '../../../src/core/model/serialize';

const FILE = 'flows/price-alert.workflow.json';

async function diff(cwd: string, ...args: string[]) {
  const { io, stdout, stderr } = fakeIo(cwd);
  const code = await main(['diff', ...args], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe('workflow diff on a real git repository', () => {
  let repo: TestRepo;
  before(() => {
    repo = makeRepo();
    repo.writeWorkflow(FILE, priceAlert());
    repo.commitAll('price alert');
    // second commit: only moves
    const moved = priceAlert();
    for (const node of moved.nodes) node.position = { x: node.position.x + 40, y: node.position.y - 12 };
    repo.writeWorkflow(FILE, moved);
    repo.commitAll('tidy the canvas');
    // third commit: one config field changed, one node added (with its edge)
    const changed = structuredClone(moved);
    changed.nodes.find((n) => n.id === 'check')!.config.condition = '{{ last > 0.9 }}';
    changed.nodes.push({ id: 'notify', type: 'util.log', name: 'Notify', position: { x: 1440, y: 0 }, config: { message: 'done' } });
    changed.edges.push({ id: 'e8', source: 'report', target: 'notify' });
    repo.writeWorkflow(FILE, changed);
    repo.commitAll('raise threshold, notify');
  });
  after(() => repo.remove());

  it('names exactly the changed field and the added node between HEAD~1 and HEAD (--json)', async () => {
    const r = await diff(repo.dir, `HEAD~1:${FILE}`, `HEAD:${FILE}`, '--json');
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.same, false);
    assert.deepEqual(json.addedNodes, [{ id: 'notify', name: 'Notify', type: 'util.log' }]);
    assert.deepEqual(json.removedNodes, []);
    assert.equal(json.changedNodes.length, 1);
    assert.equal(json.changedNodes[0].id, 'check');
    assert.deepEqual(json.changedNodes[0].fields, [{ path: 'config.condition', before: '{{ last > $vars.THRESHOLD }}', after: '{{ last > 0.9 }}' }]);
    assert.deepEqual(json.addedEdges.map((e: { source: string; target: string }) => `${e.source}->${e.target}`), ['report->notify']);
    assert.deepEqual(json.removedEdges, []);
    assert.deepEqual(json.workflowChanges, []);
  });

  it('prints the change as old → new for people', async () => {
    const r = await diff(repo.dir, `HEAD~1:${FILE}`, `HEAD:${FILE}`);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^--- HEAD~1:flows\/price-alert\.workflow\.json$/m);
    assert.match(r.stdout, /nodes added:\n {2}\+ notify "Notify" \(util\.log\)/);
    assert.match(r.stdout, /~ check "Above threshold\?" \(flow\.if\)\n {6}config\.condition: "\{\{ last > \$vars\.THRESHOLD \}\}" → "\{\{ last > 0\.9 \}\}"/);
    assert.match(r.stdout, /edges added:\n {2}\+ report\.out → notify\.in/);
    assert.doesNotMatch(r.stdout, /nodes removed|position/);
  });

  it('exits 0 for a pure move, and reports it with --moves', async () => {
    const r = await diff(repo.dir, `HEAD~2:${FILE}`, `HEAD~1:${FILE}`);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /no changes \(only moves/);
    const withMoves = await diff(repo.dir, `HEAD~2:${FILE}`, `HEAD~1:${FILE}`, '--moves');
    assert.equal(withMoves.code, 1);
    assert.match(withMoves.stdout, /position: \(0, 0\) → \(40, -12\)/);
  });

  it('compares a revision with the working file, and main:… names a branch', async () => {
    const edited = JSON.parse(repo.read(FILE));
    edited.variables.THRESHOLD = 0.8;
    edited.settings.concurrency = 2;
    repo.write(FILE, serializeWorkflow(edited));
    try {
      const r = await diff(repo.dir, `main:${FILE}`, FILE, '--json');
      assert.equal(r.code, 1, r.stderr);
      const json = JSON.parse(r.stdout);
      assert.deepEqual(json.workflowChanges, [
        { path: 'variables.THRESHOLD', before: 0.75, after: 0.8 },
        { path: 'settings.concurrency', before: 4, after: 2 },
      ]);
      assert.deepEqual(json.changedNodes, []);
    } finally {
      repo.git('checkout', '--', FILE);
    }
  });

  it('rejects a revision that does not exist, a file not in git and a malformed side with exit 2 and one line naming the side', async () => {
    const missing = await diff(repo.dir, `HEAD~9:${FILE}`, FILE);
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /^workflow diff: HEAD~9:flows\/price-alert\.workflow\.json: git: .*HEAD~9.*\n$/);

    repo.write('flows/new.workflow.json', serializeWorkflow(priceAlert()));
    const untracked = await diff(repo.dir, 'HEAD:flows/new.workflow.json', 'flows/new.workflow.json');
    assert.equal(untracked.code, 2);
    assert.match(untracked.stderr, /^workflow diff: HEAD:flows\/new\.workflow\.json: git: .*not in 'HEAD'.*\n$/);

    repo.write('flows/broken.workflow.json', '{ "formatVersion": 1, "name": "x", "nodes": [ }');
    const broken = await diff(repo.dir, FILE, 'flows/broken.workflow.json');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^workflow diff: flows\/broken\.workflow\.json: not a valid workflow \(line 1:\d+: .+\)\n$/);

    repo.write('flows/shape.workflow.json', JSON.stringify({ formatVersion: 1, name: 'x', nodes: [{ id: 'a' }], edges: [] }));
    const shape = await diff(repo.dir, 'flows/shape.workflow.json', FILE);
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /^workflow diff: flows\/shape\.workflow\.json: not a valid workflow \(line 1:\d+: .+\)\n$/);

    const nothing = await diff(repo.dir, 'flows/none.workflow.json', FILE);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^workflow diff: flows\/none\.workflow\.json: no such file\n$/);
    for (const f of ['new', 'broken', 'shape']) rmSync(join(repo.dir, `flows/${f}.workflow.json`));
    assert.equal(existsSync(join(repo.dir, '.workflow-studio')), false, 'nothing written');
  });

  it('works as git textconv: git diff shows the semantic lines, and nothing for a pure move', () => {
    repo.write('.git/info/attributes', '*.workflow.json diff=workflow\n');
    repo.git('config', 'diff.workflow.textconv', cliCommand('diff --textconv'));
    const changed = repo.git('diff', 'HEAD~1', 'HEAD', '--', FILE);
    assert.match(changed, /^-  config\.condition = "\{\{ last > \$vars\.THRESHOLD \}\}"$/m);
    assert.match(changed, /^\+  config\.condition = "\{\{ last > 0\.9 \}\}"$/m);
    assert.match(changed, /^\+node notify "Notify" \(util\.log\)$/m);
    assert.match(changed, /^\+edge report\.out → notify\.in/m);
    assert.doesNotMatch(changed, /position/);
    const moved = repo.git('diff', 'HEAD~2', 'HEAD~1', '--', FILE);
    assert.doesNotMatch(moved, /^[-+][^-+]/m, 'a move changes no line of the canonical text');
  });

  it('says so outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-nogit-'));
    try {
      writeFileSync(join(dir, 'a.workflow.json'), serializeWorkflow(priceAlert()));
      const r = await diff(dir, 'HEAD:a.workflow.json', 'a.workflow.json');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^workflow diff: HEAD:a\.workflow\.json: git: not a git repository/);
      assert.deepEqual(readdirSync(dir), ['a.workflow.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workflow diff with stored versions (@N)', () => {
  it('reads @N of the file named by the other side from the history', async () => {
    const repo = makeRepo('wf-diff-store-');
    try {
      const v1 = priceAlert();
      const v2 = priceAlert();
      v2.nodes.find((n) => n.id === 'report')!.config.path = 'out/{{ symbol }}.json';
      repo.writeWorkflow(FILE, v2);
      const store = await openStore({ path: join(repo.dir, '.workflow-studio', 'history.sqlite'), logger: silentLogger });
      await store.registerWorkflow({ path: FILE, content: serializeWorkflow(v1) });
      await store.registerWorkflow({ path: FILE, content: serializeWorkflow(v2) });
      await store.close();

      const r = await diff(repo.dir, '@1', FILE, '--json');
      assert.equal(r.code, 1, r.stderr);
      const json = JSON.parse(r.stdout);
      assert.equal(json.before, `@1 (${FILE})`);
      assert.deepEqual(json.changedNodes.map((c: { id: string; fields: { path: string }[] }) => [c.id, c.fields.map((f) => f.path)]), [['report', ['config.path']]]);
      assert.equal((await diff(repo.dir, FILE, '@2')).code, 0);
      const unknown = await diff(repo.dir, '@7', FILE);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /^workflow diff: @7: flows\/price-alert\.workflow\.json has no version 7\n$/);
    } finally {
      repo.remove();
    }
  });

  it('exits 2 without creating a database when there is no history', async () => {
    const repo = makeRepo('wf-diff-nodb-');
    try {
      repo.writeWorkflow(FILE, priceAlert());
      const r = await diff(repo.dir, '@1', FILE);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^workflow diff: @1: no run history at .*history\.sqlite/);
      assert.equal(existsSync(join(repo.dir, '.workflow-studio')), false);
    } finally {
      repo.remove();
    }
  });
});
