import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCommand } from '../../../src/cli/commands/validate';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { edge, node, validWorkflow, workflowText } from './fixtures';

const root = mkdtempSync(join(tmpdir(), 'wf-cli-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

function fakeIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: {},
    isTty: false,
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const good = () => workflowText(validWorkflow().nodes, validWorkflow().edges);
const withWarning = () => workflowText([...validWorkflow().nodes, node('lost', 'data.set', { values: {} }, { name: 'Lost' })], validWorkflow().edges);
const withError = () => workflowText([node('start', 'trigger.manual'), node('bad', 'flow.iff')], [edge('e1', 'start', 'bad')]);

test('a clean file: no finding lines, a summary, exit 0', async () => {
  const dir = join(root, 'clean');
  write(join(dir, 'ok.workflow.json'), good());
  const io = fakeIo(dir);
  assert.equal(await validateCommand.run(['ok.workflow.json'], io), 0);
  assert.equal(io.out, '1 file checked: no problems\n');
  assert.equal(io.err, '');
});

test('findings as file:line:column severity message [code], relative to cwd; errors exit 1', async () => {
  const dir = join(root, 'mixed');
  write(join(dir, 'flows', 'bad.workflow.json'), withError());
  write(join(dir, 'flows', 'warn.workflow.json'), withWarning());
  const io = fakeIo(dir);
  assert.equal(await validateCommand.run(['flows/bad.workflow.json', join(dir, 'flows', 'warn.workflow.json')], io), 1);
  const lines = io.out.trimEnd().split('\n');
  assert.match(lines[0], /^flows[\\/]bad\.workflow\.json:\d+:\d+ error node "Bad" \(bad\): unknown node type "flow\.iff" \(did you mean "flow\.if"\?\) \[UNKNOWN_NODE_TYPE\]$/);
  assert.match(lines[1], /^flows[\\/]warn\.workflow\.json:\d+:\d+ warning node "Lost" \(lost\) is not reachable from any trigger, so it never runs \[UNREACHABLE\]$/);
  assert.equal(lines[2], '2 files checked: 1 error, 1 warning (1 file with errors)');
  assert.equal(lines.length, 3);
});

test('warnings alone exit 0', async () => {
  const dir = join(root, 'warn-only');
  write(join(dir, 'w.workflow.json'), withWarning());
  assert.equal(await validateCommand.run(['w.workflow.json'], fakeIo(dir)), 0);
});

test('directories are searched recursively, skipping node_modules and dot-folders', async () => {
  const dir = join(root, 'tree');
  write(join(dir, 'a.workflow.json'), good());
  write(join(dir, 'nested', 'deeper', 'b.workflow.json'), withError());
  write(join(dir, 'nested', 'notes.json'), '{ not a workflow');
  write(join(dir, 'node_modules', 'pkg', 'c.workflow.json'), '{ broken');
  write(join(dir, '.git', 'd.workflow.json'), '{ broken');
  try {
    symlinkSync(dir, join(dir, 'nested', 'loop'), 'dir');
  } catch {
    // symlinks may be unavailable (Windows without rights): the loop case is then moot
  }
  const io = fakeIo(root);
  assert.equal(await validateCommand.run(['tree', '--json'], io), 1);
  const reports = JSON.parse(io.out) as { file: string; diagnostics: { code: string }[] }[];
  assert.deepEqual(reports.map((r) => r.file.replace(/\\/g, '/')), ['tree/a.workflow.json', 'tree/nested/deeper/b.workflow.json']);
  assert.deepEqual(reports[0].diagnostics, []);
  assert.deepEqual(reports[1].diagnostics.map((d) => d.code), ['UNKNOWN_NODE_TYPE']);
});

test('--json prints the reports with full diagnostics and no summary', async () => {
  const dir = join(root, 'json');
  write(join(dir, 'x.workflow.json'), '{ "formatVersion": 1,, }');
  const io = fakeIo(dir);
  assert.equal(await validateCommand.run(['--json', 'x.workflow.json'], io), 1);
  const [report] = JSON.parse(io.out) as { file: string; diagnostics: Record<string, unknown>[] }[];
  assert.equal(report.file, 'x.workflow.json');
  assert.equal(report.diagnostics[0].code, 'JSON_SYNTAX');
  assert.deepEqual(Object.keys(report.diagnostics[0]).sort(), ['code', 'column', 'length', 'line', 'message', 'path', 'severity']);
});

test('a path that does not exist: a message on stderr and exit 2', async () => {
  const dir = join(root, 'missing');
  write(join(dir, 'ok.workflow.json'), good());
  const io = fakeIo(dir);
  assert.equal(await validateCommand.run(['ok.workflow.json', 'nope.workflow.json'], io), 2);
  assert.equal(io.err, 'workflow validate: no such file or directory: nope.workflow.json\n');
  assert.equal(io.out, '');
});

test('bad arguments exit 2 through main, and the command is listed in --help', async () => {
  const io = fakeIo(root);
  assert.equal(await main(['validate'], io), 2);
  assert.match(io.err, /name at least one file or directory/);
  const io2 = fakeIo(root);
  assert.equal(await main(['validate', '--bogus', 'x'], io2), 2);
  const help = fakeIo(root);
  await main(['--help'], help);
  assert.match(help.out, /\n {2}validate +Check workflow files/);
});

test('an empty directory is checked (0 files) with a note on stderr', async () => {
  const dir = join(root, 'empty');
  mkdirSync(dir, { recursive: true });
  const io = fakeIo(root);
  assert.equal(await validateCommand.run(['empty'], io), 0);
  assert.equal(io.out, '0 files checked: no problems\n');
  assert.match(io.err, /no \*\.workflow\.json files in empty/);
});
