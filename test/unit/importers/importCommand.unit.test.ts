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
  for (const name of ['comfyui-txt2img.json', 'reactflow-price-alert.json', 'sessions-row.json', 'n8n-schedule-tickets.json', 'nodered-multi-tab.json']) {
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

test('--json prints the report for tools; the text report lists mapped types and secrets to set', async (t) => {
  const dir = workspace(t);
  const io = fakeIo(dir);
  assert.equal(await main(['import', 'n8n-schedule-tickets.json', '-o', 'tickets.workflow.json', '--json'], io), 0, io.err.join(''));
  assert.deepEqual(io.err, []);
  const answer = JSON.parse(io.out.join('')) as { imports: { output: string; report: { format: string; counts: { kind: string; in: number; out: number }[]; secrets: { name: string }[]; lossy: string[] } }[] };
  assert.equal(answer.imports.length, 1);
  const [only] = answer.imports;
  assert.equal(only!.output, 'tickets.workflow.json');
  assert.equal(only!.report.format, 'n8n');
  assert.deepEqual(only!.report.counts.find((c) => c.kind === 'nodes'), { kind: 'nodes', in: 9, out: 10 });
  assert.deepEqual(only!.report.secrets.map((s) => s.name), ['HELPDESK_TOKEN', 'TEAM_SLACK']);
  assert.ok(only!.report.lossy.some((step) => /only the first of 2 schedule rules/.test(step)));
  assert.ok(WorkflowSchema.safeParse(JSON.parse(readFileSync(join(dir, 'tickets.workflow.json'), 'utf8'))).success);

  const text = fakeIo(dir);
  assert.equal(await main(['import', 'n8n-schedule-tickets.json'], text), 0);
  const report = text.err.join('');
  assert.match(report, /\n {2}n8n-nodes-base\.switch → flow\.switch ×1\n/);
  assert.match(report, /Secrets to set \(credentials are never imported\):\n {2}HELPDESK_TOKEN: n8n credential "Helpdesk token" \(httpHeaderAuth\); used by "Open tickets"/);
  const printed = JSON.parse(text.out.join('')) as { name: string };
  assert.equal(printed.name, 'Ticket digest', 'without -o the workflow goes to stdout');
  const piped = fakeIo(dir);
  assert.equal(await main(['import', 'n8n-schedule-tickets.json', '--json'], piped), 0);
  const withWorkflow = JSON.parse(piped.out.join('')) as { imports: { workflow: { name: string } }[] };
  assert.equal(withWorkflow.imports[0]!.workflow.name, 'Ticket digest', '--json without -o carries the workflow');
});

test('Node-RED tabs: --tab picks one, a folder gets one file per tab, anything else is refused', async (t) => {
  const dir = workspace(t);
  const refused = fakeIo(dir);
  assert.equal(await main(['import', 'nodered-multi-tab.json', '-o', 'flows.workflow.json'], refused), 2);
  assert.match(refused.err.join(''), /the flows hold 2 tabs \("Ingest", "Notify"\); pick one with --tab, or give -o a folder/);
  const one = fakeIo(dir);
  assert.equal(await main(['import', 'nodered-multi-tab.json', '--tab', 'Notify', '-o', 'notify-only.workflow.json'], one), 0, one.err.join(''));
  assert.equal((JSON.parse(readFileSync(join(dir, 'notify-only.workflow.json'), 'utf8')) as { name: string }).name, 'Notify');
  const all = fakeIo(dir);
  assert.equal(await main(['import', 'nodered-multi-tab.json', '-o', 'flows/'], all), 2, 'the folder must exist');
  mkdirSync(join(dir, 'flows'));
  const written = fakeIo(dir);
  assert.equal(await main(['import', 'nodered-multi-tab.json', '-o', 'flows/'], written), 0, written.err.join(''));
  assert.deepEqual(written.out, [`imported 8 nodes, 7 edges from nodered → ${join('flows', 'ingest.workflow.json')}\n`, `imported 3 nodes, 2 edges from nodered → ${join('flows', 'notify.workflow.json')}\n`]);
  const ingest = JSON.parse(readFileSync(join(dir, 'flows', 'ingest.workflow.json'), 'utf8')) as { nodes: { type: string; config: { path?: string } }[] };
  assert.ok(ingest.nodes.some((n) => n.type === 'flow.subworkflow' && n.config.path === './notify.workflow.json'), 'the cross-tab link calls the file written next to it');
  const again = fakeIo(dir);
  assert.equal(await main(['import', 'nodered-multi-tab.json', '-o', 'flows'], again), 2, 'an existing folder without a slash works and refuses to overwrite');
  assert.match(again.err.join(''), /ingest\.workflow\.json already exists; pass --force/);
});
