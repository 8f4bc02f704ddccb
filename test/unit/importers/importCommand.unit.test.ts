import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCommand } from '../../../src/cli/commands/import';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { WorkflowSchema } from '../../../src/core/model/workflow';
import { serializeWorkflow } from '../../../src/core/model/serialize';

interface FakeIo extends CliIo {
  out: string[];
  err: string[];
}

function fakeIo(cwd: string): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {}, isTty: false };
}

/** A temp directory holding the import fixtures; removed after the test. */
function workspace(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['comfyui-txt2img.json', 'reactflow-price-alert.json', 'sessions-row.json']) {
    copyFileSync(join(process.cwd(), 'test', 'fixtures', 'import', name), join(dir, name));
  }
  return dir;
}

test('import writes a canonical workflow file, the report on stderr and a one-line summary', async (t) => {
  const dir = workspace(t);
  const io = fakeIo(dir);
  const code = await importCommand.run(['comfyui-txt2img.json', '-o', 'txt2img.workflow.json'], io);
  assert.equal(code, 0, io.err.join(''));
  assert.deepEqual(io.out, ['imported 8 nodes, 10 edges from litegraph → txt2img.workflow.json\n']);
  const report = io.err.join('');
  assert.match(report, /^Imported "comfyui-txt2img" \(LiteGraph\/ComfyUI workflow\)\.\n/);
  assert.match(report, /Counts \(in → out\):\n {2}nodes: 8 → 8\n {2}edges: 10 → 10\n {2}sticky notes: 1 → 1\n {2}groups: 1 → 1 \(as sticky notes sized to the group\)\n/);
  assert.match(report, /\n {2}KSampler kept as an unknown type \(workflow validate lists it\) ×1\n/);
  assert.match(report, /\n {2}- nodes\[7\]: a muted node became disabled/);
  const text = readFileSync(join(dir, 'txt2img.workflow.json'), 'utf8');
  const parsed: unknown = JSON.parse(text);
  assert.ok(WorkflowSchema.safeParse(parsed).success);
  assert.equal(serializeWorkflow(parsed), text, 'written through the canonical serializer');
});

test('without -o the workflow goes to stdout and the summary to stderr', async (t) => {
  const dir = workspace(t);
  const io = fakeIo(dir);
  assert.equal(await importCommand.run(['sessions-row.json', '--name', 'Bot'], io), 0);
  const workflow = JSON.parse(io.out.join('')) as { name: string; nodes: unknown[] };
  assert.equal(workflow.name, 'Bot');
  assert.equal(workflow.nodes.length, 5);
  assert.ok(io.err.at(-1)?.startsWith('imported 5 nodes, 4 edges from sessions'));
});

test('an existing output is refused without --force (exit 2) and replaced with it', async (t) => {
  const dir = workspace(t);
  const out = join(dir, 'flow.workflow.json');
  writeFileSync(out, 'keep me');
  const refused = fakeIo(dir);
  assert.equal(await main(['import', 'reactflow-price-alert.json', '-o', 'flow.workflow.json'], refused), 2);
  assert.match(refused.err.join(''), /flow\.workflow\.json already exists; pass --force to overwrite it/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me');
  const forced = fakeIo(dir);
  assert.equal(await main(['import', 'reactflow-price-alert.json', '-o', 'flow.workflow.json', '--force'], forced), 0);
  assert.match(readFileSync(out, 'utf8'), /"formatVersion": 1/);
});

test('--format overrides detection and is checked', async (t) => {
  const dir = workspace(t);
  const io = fakeIo(dir);
  assert.equal(await main(['import', 'sessions-row.json', '--format', 'litegraph'], io), 2);
  assert.match(io.err.join(''), /sessions-row\.json: not a valid LiteGraph workflow: .*links: Invalid input: expected array/);
  const bad = fakeIo(dir);
  assert.equal(await main(['import', 'sessions-row.json', '--format', 'flowise'], bad), 2);
  assert.match(bad.err.join(''), /--format must be one of n8n, nodered, reactflow, sessions, glyphic, litegraph, got "flowise"/);
});

test('unreadable or unparseable input exits 2 naming the file', async (t) => {
  const dir = workspace(t);
  writeFileSync(join(dir, 'broken.json'), '{ "nodes": [');
  mkdirSync(join(dir, 'folder.json'));
  const cases: [string, RegExp][] = [
    ['missing.json', /cannot read missing\.json: no such file/],
    ['folder.json', /cannot read folder\.json: it is a directory/],
    ['broken.json', /broken\.json: not valid JSON at line 1, column 13/],
  ];
  for (const [file, message] of cases) {
    const io = fakeIo(dir);
    assert.equal(await main(['import', file, '-o', 'out.workflow.json'], io), 2, file);
    assert.match(io.err.join(''), message);
  }
  assert.throws(() => readFileSync(join(dir, 'out.workflow.json')), /ENOENT/, 'nothing is written on failure');
});

test('bad arguments exit 2', async (t) => {
  const dir = workspace(t);
  for (const args of [[], ['a.json', 'b.json'], ['sessions-row.json', '--bogus'], ['sessions-row.json', '-o']]) {
    const io = fakeIo(dir);
    assert.equal(await main(['import', ...args], io), 2, args.join(' '));
    assert.ok(io.err.join('').startsWith('workflow import: '));
  }
});

test('an output not named *.workflow.json gets a note, and an unwritable one a clear error', async (t) => {
  const dir = workspace(t);
  const io = fakeIo(dir);
  assert.equal(await importCommand.run(['sessions-row.json', '-o', 'bot.json'], io), 0);
  assert.ok(io.err.some((line) => line.includes('*.workflow.json')));
  const failed = fakeIo(dir);
  assert.equal(await main(['import', 'sessions-row.json', '-o', join('no', 'such', 'dir.workflow.json')], failed), 2);
  assert.match(failed.err.join(''), /cannot write no[/\\]such[/\\]dir\.workflow\.json/);
});
