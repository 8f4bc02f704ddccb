/// <reference types="mocha" />
/**
 * In-host: the palette commands driven through `executeCommand` with arguments (so nothing is
 * prompted), checked by their real effects: files on disk, the open document, the Problems
 * collection, and the history database as the real CLI reads it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, EDITOR_VIEW_TYPE } from '../../src/extension/contract';
import { workflowFileName } from '../../src/extension/commands/logic/workflowText';
import { serializeWorkflow } from '../../src/core/model/serialize';
import { validate } from '../../src/core/validation/validate';
import { activateExtension, cli, closeAllEditors, EXTENSION_ID, exists, fileUri, openInCanvas, readText, until, workspaceRoot } from './helpers';

const encoder = new TextEncoder();
const DIR = 'e2e-commands';


/** `workflow search "" <options> --json`: the workspace-relative paths found. */
async function searchPaths(...options: string[]): Promise<string[]> {
  const result = await cli(['search', '', ...options, '--json']);
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { path: string }[]).map((w) => w.path);
}

/** `workflow history [file] --json`: the executions, newest first. */
async function executions(file?: string): Promise<{ status: string }[]> {
  const result = await cli(['history', ...(file ? [file] : []), '--limit', '1000', '--json']);
  if (file && result.status === 2 && /no (history|record)|unknown workflow|not recorded/i.test(result.stderr)) return [];
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { status: string }[];
}

/** `workflow versions <file> --json`: the version numbers. */
async function versionNumbers(uri: vscode.Uri): Promise<number[]> {
  const result = await cli(['versions', uri.fsPath, '--json']);
  if (result.status === 2 && /no history for/.test(result.stderr)) return [];
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { versions: { number: number }[] }).versions.map((v) => v.number);
}

function errorsOf(text: string, uri: vscode.Uri): string[] {
  return validate(text, uri.fsPath)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message}`);
}

function activeCanvasUri(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === EDITOR_VIEW_TYPE ? input.uri.toString() : undefined;
}

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
}

/** Every file under `dir` (absolute paths). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Replaces the `"description"` value of an open workflow document and saves it. */
async function setDescriptionAndSave(document: vscode.TextDocument, description: string): Promise<string> {
  const parsed = JSON.parse(document.getText()) as Record<string, unknown>;
  parsed.description = description;
  // the serializer's text, the form the editor writes and the history keeps
  const text = serializeWorkflow(parsed);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  assert.equal(await document.save(), true);
  return document.getText();
}

/** A small React Flow export (`toObject()`: nodes, edges, viewport). */
const REACT_FLOW_EXPORT = {
  nodes: [
    { id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 }, data: { label: 'Start' } },
    { id: 'say', type: 'log', position: { x: 240, y: 0 }, data: { label: 'Say', message: 'imported from React Flow' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'say' }],
  viewport: { x: 0, y: 0, zoom: 1 },
};

const SECRET_WORKFLOW = (output: string): string =>
  JSON.stringify(
    {
      formatVersion: 1,
      name: 'Secret writer',
      description: 'E2E: writes a secret into a file.',
      nodes: [
        { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'write',
          type: 'file.write',
          name: 'Write token',
          position: { x: 240, y: 0 },
          config: { path: output, content: 'token={{ $secrets.E2E_TOKEN }}' },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'write' }],
    },
    null,
    2,
  ) + '\n';

suite('Workflow Studio: commands driven with arguments', () => {
  const dir = () => fileUri(DIR);
  const newName = 'E2E new flow';
  const newUri = () => vscode.Uri.joinPath(dir(), workflowFileName(newName));
  const relative = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);

  suiteSetup(async () => {
    await activateExtension();
    await vscode.workspace.fs.createDirectory(dir());
  });
  teardown(closeAllEditors);

  test('New Workflow creates a valid file in the given folder and opens it on the canvas', async () => {
    const uri = newUri();
    assert.equal(await exists(uri), false);
    await vscode.commands.executeCommand(COMMANDS.newWorkflow, dir(), newName);
    assert.equal(await exists(uri), true, `${relative(uri)} was created`);
    const text = await readText(uri);
    assert.equal((JSON.parse(text) as { name: string }).name, newName);
    assert.deepEqual(errorsOf(text, uri), []);
    await until('the new workflow on the canvas', () => activeCanvasUri() === uri.toString());
    // a second one with the same name never overwrites the first
    await writeFile(uri, text.replace(newName, `${newName} kept`));
    await vscode.commands.executeCommand(COMMANDS.newWorkflow, dir(), newName);
    assert.match(await readText(uri), /kept/);
    await writeFile(uri, text);
  });

  test('Import turns a React Flow export into a new .workflow.json that validates', async () => {
    const source = vscode.Uri.joinPath(dir(), 'reactflow-export.json');
    await writeFile(source, JSON.stringify(REACT_FLOW_EXPORT, null, 2));
    const target = vscode.Uri.joinPath(dir(), 'imported.workflow.json');
    assert.equal(await exists(target), false);
    await vscode.commands.executeCommand(COMMANDS.import, source, target);
    assert.equal(await exists(target), true, 'the imported workflow was written');
    const text = await readText(target);
    const workflow = JSON.parse(text) as { formatVersion: number; nodes: { id: string; type: string; config: Record<string, unknown> }[]; edges: { source: string; target: string }[] };
    assert.equal(workflow.formatVersion, 1);
    assert.deepEqual(workflow.nodes.map((n) => n.type), ['trigger.manual', 'util.log']);
    assert.equal(workflow.nodes[1]!.config.message, 'imported from React Flow');
    assert.deepEqual(workflow.edges.map((e) => [e.source, e.target]), [['start', 'say']]);
    assert.deepEqual(errorsOf(text, target), []);
    await until('the imported workflow on the canvas', () => activeCanvasUri() === target.toString());
    // importing again to the same target refuses to overwrite it
    await writeFile(target, text.replace('"formatVersion": 1', '"formatVersion": 1, "x-kept": true'));
    await vscode.commands.executeCommand(COMMANDS.import, source, target);
    assert.match(await readText(target), /x-kept/);
    await writeFile(target, text);
  });

  test('Import keeps what it cannot translate of a messy export for the validator to report', async () => {
    const source = vscode.Uri.file(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'import', 'reactflow-price-alert.json'));
    const target = vscode.Uri.joinPath(dir(), 'imported-price-alert.workflow.json');
    await vscode.commands.executeCommand(COMMANDS.import, source, target);
    const text = await readText(target);
    const workflow = JSON.parse(text) as { nodes: unknown[]; edges: unknown[] };
    assert.equal(workflow.nodes.length, 8);
    assert.equal(workflow.edges.length, 7);
    // the fixture's unknown node types and its edge to a deleted node, and nothing else
    const codes = new Set(validate(text, target.fsPath).filter((d) => d.severity === 'error').map((d) => d.code));
    assert.deepEqual([...codes].sort(), ['EDGE_MISSING_NODE', 'UNKNOWN_NODE_TYPE']);
  });

  test('Import of an n8n workflow opens it on the canvas and shows the report beside it', async () => {
    const fixtures = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'import');
    const source = vscode.Uri.file(join(fixtures, 'n8n-webhook-order-alert.json'));
    const target = vscode.Uri.joinPath(dir(), 'order-alert.workflow.json');
    const result = (await vscode.commands.executeCommand(COMMANDS.import, source, target)) as { files: string[]; reports: { format: string; secrets: { name: string }[] }[]; reportFile: string };
    assert.deepEqual(result.files, [target.toString()]);
    assert.equal(result.reports[0]!.format, 'n8n');
    const text = await readText(target);
    assert.deepEqual(errorsOf(text, target), [], 'every node of this workflow was mapped');
    const workflow = JSON.parse(text) as { nodes: { type: string }[] };
    assert.deepEqual(workflow.nodes.map((n) => n.type), ['trigger.webhook', 'data.transform', 'flow.if', 'http.request', 'data.transform', 'data.set']);
    await until('the imported workflow on the canvas', () => activeCanvasUri() === target.toString());
    const report = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(result.reportFile)));
    assert.match(report, /^# Import of "Order alert"/);
    assert.match(report, /\| nodes \| 5 \| 6 \|/);
    assert.match(report, /\| `n8n-nodes-base\.if` \| `flow\.if` \| 1 \|/);
    assert.match(report, /## Secrets to set[\s\S]*`ALERTS_API`: n8n credential "Alerts API"/);
    const previews = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType));
    await until('the report preview beside the canvas', () => previews().length > 0);
  });

  test('Import of Node-RED flows with several tabs writes one workflow per tab into a folder', async () => {
    const fixtures = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'import');
    const folder = vscode.Uri.joinPath(dir(), 'node-red');
    await vscode.workspace.fs.createDirectory(folder);
    const result = (await vscode.commands.executeCommand(COMMANDS.import, vscode.Uri.file(join(fixtures, 'nodered-multi-tab.json')), folder, 'all')) as { files: string[] };
    const expected = ['ingest.workflow.json', 'notify.workflow.json'].map((name) => vscode.Uri.joinPath(folder, name));
    assert.deepEqual(result.files, expected.map((uri) => uri.toString()));
    for (const uri of expected) assert.equal(await exists(uri), true, `${relative(uri)} was written`);
    const ingest = await readText(expected[0]!);
    // The only errors: the node kept as an unknown type (an MQTT output has no equivalent here).
    assert.deepEqual(errorsOf(ingest, expected[0]!).map((message) => message.replace(/ \(.*$/, '')), ['UNKNOWN_NODE_TYPE: node "Archive"']);
    await until('the first tab on the canvas', () => activeCanvasUri() === expected[0]!.toString());
  });

  test('Set Secret + Run: the node writes the value; no file, history or log keeps it; Delete Secret makes the next run fail', async () => {
    const secret = `e2e-secret-${Math.random().toString(36).slice(2)}-value`;
    const uri = fileUri('e2e-secret.workflow.json');
    const output = fileUri('e2e-output/secret.txt');
    await writeFile(uri, SECRET_WORKFLOW('e2e-output/secret.txt'));
    await vscode.commands.executeCommand(COMMANDS.setSecret, 'E2E_TOKEN', secret);
    await openInCanvas(uri);
    await vscode.commands.executeCommand(COMMANDS.run, uri);
    await until('e2e-output/secret.txt written by the run', () => exists(output), 30_000);
    assert.equal(await readText(output), `token=${secret}`);
    await until('the successful run in the history', async () => (await executions(relative(uri)))[0]?.status === 'success');

    assert.ok(!(await readText(uri)).includes(secret), 'the workflow file does not hold the secret');
    const root = workspaceRoot().fsPath;
    const historyFiles = filesUnder(join(root, '.workflow-studio'));
    assert.ok(historyFiles.length > 0, 'the history folder has files');
    for (const file of historyFiles) assert.ok(!readFileSync(file).includes(secret), `${file} does not hold the secret`);
    // the Workflow Studio output channel's log file: <server root>/user-data/logs/**/Workflow Studio.log
    const logs = filesUnder(join(dirname(root), 'user-data', 'logs')).filter((f) => f.endsWith('Workflow Studio.log'));
    assert.ok(logs.length > 0, 'the output channel log file was found');
    await until('the run to reach the output channel log', () => logs.some((f) => statSync(f).size > 0 && readFileSync(f, 'utf8').includes('Secret E2E_TOKEN set.')));
    for (const file of logs) assert.ok(!readFileSync(file, 'utf8').includes(secret), `${file} does not hold the secret`);

    await vscode.commands.executeCommand(COMMANDS.deleteSecret, 'E2E_TOKEN');
    await vscode.workspace.fs.delete(output);
    const before = (await executions(relative(uri))).length;
    await vscode.commands.executeCommand(COMMANDS.run, uri);
    await until('the second run in the history', async () => (await executions(relative(uri))).length === before + 1);
    assert.equal((await executions(relative(uri)))[0]?.status, 'failed');
    assert.equal(await exists(output), false, 'without the secret the file is not written');
  });

  test('Rename changes the name in the document, and undo brings the old one back', async () => {
    const uri = newUri();
    await openInCanvas(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const original = document.getText();
    await vscode.commands.executeCommand(COMMANDS.rename, uri, 'E2E renamed flow');
    assert.equal((JSON.parse(document.getText()) as { name: string }).name, 'E2E renamed flow');
    assert.equal(document.isDirty, true);
    assert.equal(await exists(uri), true, 'the file keeps its name unless asked');
    await until('the canvas to be active', () => activeCanvasUri() === uri.toString());
    await vscode.commands.executeCommand('undo');
    await until('undo to restore the name', () => document.getText() === original);
    // renamed and saved, the file on disk has the new name
    await vscode.commands.executeCommand(COMMANDS.rename, uri, 'E2E renamed flow');
    assert.equal(await document.save(), true);
    assert.equal((JSON.parse(await readText(uri)) as { name: string }).name, 'E2E renamed flow');
    await vscode.commands.executeCommand(COMMANDS.rename, uri, newName);
    assert.equal(await document.save(), true);
    assert.equal((JSON.parse(await readText(uri)) as { name: string }).name, newName);
  });

  test('Toggle Favorite, Set Status and Add Tag reach the history the CLI reads', async () => {
    const uri = newUri();
    const path = relative(uri);
    await vscode.commands.executeCommand(COMMANDS.toggleFavorite, uri);
    await until('the workflow to be a favorite', async () => (await searchPaths('--favorite')).includes(path));
    await vscode.commands.executeCommand(COMMANDS.toggleFavorite, uri);
    await until('the workflow to be no favorite again', async () => !(await searchPaths('--favorite')).includes(path));

    await vscode.commands.executeCommand(COMMANDS.setStatus, uri, 'active');
    await until('the status active', async () => (await searchPaths('--status', 'active')).includes(path));
    assert.equal((await searchPaths('--status', 'draft')).includes(path), false);

    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand(COMMANDS.addTag, uri, 'e2e-tag');
    assert.deepEqual((JSON.parse(document.getText()) as { tags?: string[] }).tags, ['e2e-tag']);
    assert.equal(await document.save(), true);
    assert.deepEqual((JSON.parse(await readText(uri)) as { tags?: string[] }).tags, ['e2e-tag'], 'the tag is stored in the file');
    await until('the tag in the history', async () => (await searchPaths('--tag', 'e2e-tag')).includes(path));
    // adding it again changes nothing
    await vscode.commands.executeCommand(COMMANDS.addTag, uri, 'e2e-tag');
    assert.equal(document.isDirty, false);
  });

  test('Duplicate writes a copy with the new name next to the original', async () => {
    const uri = newUri();
    const original = await readText(uri);
    const before = new Set((await vscode.workspace.fs.readDirectory(dir())).map(([n]) => n));
    await vscode.commands.executeCommand(COMMANDS.duplicate, uri, 'E2E duplicated flow');
    const added = (await vscode.workspace.fs.readDirectory(dir())).map(([n]) => n).filter((n) => !before.has(n));
    assert.equal(added.length, 1, `one new file; got ${added.join(', ')}`);
    assert.match(added[0]!, /\.workflow\.json$/);
    const copy = vscode.Uri.joinPath(dir(), added[0]!);
    const text = await readText(copy);
    assert.equal((JSON.parse(text) as { name: string }).name, 'E2E duplicated flow');
    assert.deepEqual(errorsOf(text, copy), []);
    assert.equal(await readText(uri), original, 'the original is unchanged');
    assert.deepEqual((JSON.parse(text) as { tags?: string[] }).tags, ['e2e-tag'], 'the file tags came along');
    // the original's record (status active, tag e2e-tag) was copied: the copy is a draft with the tag
    await until('the copy in the history as a draft', async () => (await searchPaths('--status', 'draft')).includes(relative(copy)));
    assert.ok((await searchPaths('--tag', 'e2e-tag')).includes(relative(copy)), 'the copy has the tag in the history');
    assert.ok((await searchPaths('--status', 'active')).includes(relative(uri)), 'the original keeps its status');
  });

  test('Restore Version puts a recorded version back as an undoable edit', async () => {
    const uri = vscode.Uri.joinPath(dir(), 'restore.workflow.json');
    await vscode.commands.executeCommand(COMMANDS.newWorkflow, dir(), 'Restore');
    assert.equal(await exists(uri), true);
    await openInCanvas(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const start = (await versionNumbers(uri)).length;
    const first = await setDescriptionAndSave(document, 'first saved version');
    await until('the first version in the history', async () => (await versionNumbers(uri)).length === start + 1);
    const firstNumber = Math.max(...(await versionNumbers(uri)));
    const second = await setDescriptionAndSave(document, 'second saved version');
    await until('the second version in the history', async () => (await versionNumbers(uri)).length === start + 2);
    assert.notEqual(first, second);

    await vscode.commands.executeCommand(COMMANDS.restoreVersion, uri, firstNumber);
    assert.equal(document.getText(), first, 'the document holds the first version');
    assert.equal(document.isDirty, true, 'restoring edits the document, it does not write the file');
    assert.equal(await readText(uri), second);
    await until('the canvas to be active', () => activeCanvasUri() === uri.toString());
    await vscode.commands.executeCommand('undo');
    await until('undo to bring the second version back', () => document.getText() === second);
  });

  test('Validate All puts the problems of every workflow file into the Problems panel', async () => {
    const broken = fileUri('broken.workflow.json');
    const badEdge = vscode.Uri.joinPath(dir(), 'bad-edge.workflow.json');
    const text = JSON.parse(SECRET_WORKFLOW('e2e-output/never.txt')) as { edges: { id: string; source: string; target: string }[] };
    text.edges.push({ id: 'e2', source: 'write', target: 'nowhere' });
    await writeFile(badEdge, JSON.stringify(text, null, 2) + '\n');
    const workflowErrors = (uri: vscode.Uri) =>
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'workflow' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(workflowErrors(badEdge), [], 'a file nobody opened has no problems before Validate All');
    await vscode.commands.executeCommand(COMMANDS.validateAll);
    const syntax = workflowErrors(broken);
    assert.ok(syntax.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'JSON_SYNTAX' && d.range.start.line === 5), `a JSON_SYNTAX error on line 6 of broken.workflow.json; got ${syntax.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`);
    assert.ok(workflowErrors(badEdge).length > 0, 'the edge to a missing node is reported');
    assert.deepEqual(workflowErrors(fileUri('hello.workflow.json')).map((d) => d.message), [], 'a valid file has no errors');
    await vscode.workspace.fs.delete(badEdge);
  });

  test('Clear History deletes every recorded execution', async () => {
    assert.ok((await executions()).length > 0, 'the runs above were recorded');
    await vscode.commands.executeCommand(COMMANDS.clearHistory, { confirm: false });
    await until('the CLI to list no execution', async () => (await executions()).length === 0);
    assert.ok((await searchPaths()).includes(relative(newUri())), 'the workflow records stay');
  });
});
