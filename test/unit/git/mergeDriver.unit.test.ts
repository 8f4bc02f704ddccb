import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fakeIo } from '../cli/helpers';
import { cliCommand, makeRepo, priceAlert, type TestRepo } from './gitRepo';
import type { Workflow } from '../../../src/core/model/workflow';

const FILE = 'flows/price-alert.workflow.json';

async function cli(cwd: string, ...args: string[]) {
  const { io, stdout, stderr } = fakeIo(cwd);
  const code = await main(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** A repository with the price alert committed on main and the merge driver installed by `workflow merge --install`. */
async function repoWithDriver(): Promise<TestRepo> {
  const repo = makeRepo('wf-merge-');
  repo.writeWorkflow(FILE, priceAlert());
  repo.commitAll('price alert');
  const installed = await cli(repo.dir, 'merge', '--install', '--command', cliCommand(''));
  assert.equal(installed.code, 0, installed.stderr);
  assert.equal(repo.read('.gitattributes'), '*.workflow.json merge=workflow diff=workflow\n');
  assert.match(repo.git('config', 'merge.workflow.driver'), / merge %O %A %B %P\n$/);
  repo.commitAll('merge driver');
  return repo;
}

function edit(repo: TestRepo, change: (w: Workflow) => void): void {
  const workflow = JSON.parse(repo.read(FILE)) as Workflow;
  change(workflow);
  repo.writeWorkflow(FILE, workflow);
}

/** Commits `onFeature` on a new branch `feature` and `onMain` on main, then stays on main. */
function diverge(repo: TestRepo, onFeature: (w: Workflow) => void, onMain: (w: Workflow) => void): void {
  repo.git('checkout', '-q', '-b', 'feature');
  edit(repo, onFeature);
  repo.commitAll('feature change');
  repo.git('checkout', '-q', 'main');
  edit(repo, onMain);
  repo.commitAll('main change');
}

function nodeOf(w: Workflow, id: string) {
  return w.nodes.find((n) => n.id === id)!;
}

describe('workflow merge as git merge driver, on a real repository', () => {
  it('merges two branches that change different nodes (and move one) cleanly; the file validates', async () => {
    const repo = await repoWithDriver();
    try {
      diverge(
        repo,
        (w) => {
          nodeOf(w, 'check').config.condition = '{{ last > 0.9 }}';
          nodeOf(w, 'log').position = { x: 1000, y: 40 };
        },
        (w) => {
          nodeOf(w, 'report').config.path = 'reports/{{ symbol }}.json';
          nodeOf(w, 'log').position = { x: 900, y: -40 };
        },
      );
      // the two edits are 50 lines apart in the text, but a line merge would still work here;
      // what proves the driver ran is that it reports keeping our position of the moved node
      const merged = repo.gitStatus('merge', '--no-edit', 'feature');
      assert.equal(merged.status, 0, merged.stdout + merged.stderr);
      const result = JSON.parse(repo.read(FILE)) as Workflow;
      assert.equal(nodeOf(result, 'check').config.condition, '{{ last > 0.9 }}');
      assert.equal(nodeOf(result, 'report').config.path, 'reports/{{ symbol }}.json');
      assert.deepEqual(nodeOf(result, 'log').position, { x: 900, y: -40 });
      assert.match(merged.stderr + merged.stdout, /kept our canvas position for node "Log result" \(moved on both sides\)/);
      const validated = await cli(repo.dir, 'validate', FILE);
      assert.equal(validated.code, 0, validated.stdout);
      assert.equal(repo.git('status', '--porcelain'), '');
    } finally {
      repo.remove();
    }
  });

  it('merges changes of different fields of one node cleanly, where a line merge conflicts', async () => {
    const repo = await repoWithDriver();
    try {
      diverge(
        repo,
        (w) => void (nodeOf(w, 'report').config.json = false),
        (w) => void (nodeOf(w, 'report').config.content = '{{ message }}'),
      );
      // adjacent lines: git's own line merge conflicts here (an undefined driver means the built-in merge)
      const driver = repo.git('config', 'merge.workflow.driver').trim();
      repo.git('config', '--remove-section', 'merge.workflow');
      const plain = repo.gitStatus('merge', '--no-edit', 'feature');
      assert.notEqual(plain.status, 0, 'a line merge conflicts');
      assert.match(repo.read(FILE), /^<<<<<<< /m, plain.stdout + plain.stderr);
      repo.git('merge', '--abort');
      repo.git('config', 'merge.workflow.driver', driver);
      repo.git('config', 'merge.workflow.name', 'Workflow Studio merge');
      const merged = repo.gitStatus('merge', '--no-edit', 'feature');
      assert.equal(merged.status, 0, merged.stdout + merged.stderr);
      assert.deepEqual(nodeOf(JSON.parse(repo.read(FILE)) as Workflow, 'report').config, { path: 'output/{{ symbol }}-report.json', content: '{{ message }}', json: false });
    } finally {
      repo.remove();
    }
  });

  it('reports the same field changed on both branches as a conflict that names node and field; validate exits 1', async () => {
    const repo = await repoWithDriver();
    try {
      diverge(
        repo,
        (w) => void (nodeOf(w, 'check').config.condition = '{{ last > 0.9 }}'),
        (w) => void (nodeOf(w, 'check').config.condition = '{{ last > 0.5 }}'),
      );
      const merged = repo.gitStatus('merge', '--no-edit', 'feature');
      assert.notEqual(merged.status, 0);
      assert.match(merged.stdout, /CONFLICT \(content\): Merge conflict in flows\/price-alert\.workflow\.json/);
      assert.match(merged.stderr + merged.stdout, /node "Above threshold\?" \(check\): config\.condition: ours "\{\{ last > 0\.5 \}\}", theirs "\{\{ last > 0\.9 \}\}"/);
      const text = repo.read(FILE);
      assert.doesNotMatch(text, /^<<<<<<<|^>>>>>>>/m, 'no text markers: the file stays JSON');
      const check = nodeOf(JSON.parse(text) as Workflow, 'check');
      assert.deepEqual(check.$conflict, { 'config.condition': { base: '{{ last > $vars.THRESHOLD }}', ours: '{{ last > 0.5 }}', theirs: '{{ last > 0.9 }}' } });
      assert.match(repo.git('status', '--porcelain'), /^UU flows\/price-alert\.workflow\.json$/m);

      const validated = await cli(repo.dir, 'validate', FILE);
      assert.equal(validated.code, 1);
      assert.match(validated.stdout, /^flows\/price-alert\.workflow\.json:\d+:\d+ error node "Above threshold\?" \(check\): merge conflict in config\.condition: ours "\{\{ last > 0\.5 \}\}", theirs "\{\{ last > 0\.9 \}\}"; keep one value and remove the entry \[MERGE_CONFLICT\]$/m);
      const run = await cli(repo.dir, 'run', FILE, '--no-record');
      assert.equal(run.code, 2, 'a conflicted file never runs');
    } finally {
      repo.remove();
    }
  });
});

describe('workflow merge on files', () => {
  it('exits 2 and writes nothing when a side is no workflow; --output writes elsewhere', async () => {
    const repo = makeRepo('wf-merge-files-');
    try {
      const text = JSON.stringify(priceAlert());
      repo.write('base.json', text);
      repo.write('ours.json', text);
      repo.write('theirs.json', '{ "nodes": [ ');
      const bad = await cli(repo.dir, 'merge', 'base.json', 'ours.json', 'theirs.json');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /^workflow merge: theirs \(theirs\.json\): not a valid workflow \(line 1:\d+: .+\)\n$/);
      assert.equal(readFileSync(join(repo.dir, 'ours.json'), 'utf8'), text, 'ours untouched');
      writeFileSync(join(repo.dir, 'theirs.json'), text);
      const ok = await cli(repo.dir, 'merge', 'base.json', 'ours.json', 'theirs.json', '--output', 'out.json');
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(readFileSync(join(repo.dir, 'ours.json'), 'utf8'), text);
      assert.match(repo.read('out.json'), /^\{\n {2}"formatVersion": 1,\n/);
    } finally {
      repo.remove();
    }
  });
});
