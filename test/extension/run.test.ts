/// <reference types="mocha" />
/** In-host: Run (the palette command) runs the workflow in the workspace; diagnostics of a bad file. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/contract';
import { activateExtension, cli, closeAllEditors, exists, fileUri, openInCanvas, readText, sleep, until } from './helpers';

suite('Workflow Studio: running and problems', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  test('Run runs the active workflow: its last node writes its result into the workspace', async () => {
    const uri = fileUri('hello.workflow.json');
    const result = fileUri('e2e-output/hello.json');
    assert.equal(await exists(result), false);
    await openInCanvas(uri);
    await vscode.commands.executeCommand(COMMANDS.run, uri);
    await until('e2e-output/hello.json written by the run', () => exists(result), 30_000);
    const written = JSON.parse(await readText(result)) as { greeting?: string };
    assert.equal(written.greeting, 'hello from e2e');
    await until('the history folder of the workspace', () => exists(fileUri('.workflow-studio')), 10_000);
  });

  test('a failing node ends the run as failed, recorded with the node and its message', async () => {
    const uri = fileUri('fails.workflow.json');
    await openInCanvas(uri);
    await vscode.commands.executeCommand(COMMANDS.run, uri);
    const failed = await until('the failed run in the history', async () => {
      const result = await cli(['history', 'fails.workflow.json', '--json']);
      if (result.status !== 0) return undefined;
      return (JSON.parse(result.stdout) as { id: string; status: string }[]).find((e) => e.status === 'failed');
    });
    const shown = await cli(['show', failed.id, '--json']);
    assert.equal(shown.status, 0, shown.stderr);
    const detail = JSON.parse(shown.stdout) as { error?: { message: string; nodeId?: string } };
    assert.equal(detail.error?.message, 'e2e planned failure');
    assert.equal(detail.error?.nodeId, 'reject');
  });

  test('a malformed file gets Problems entries at the right line and is never written', async () => {
    const uri = fileUri('broken.workflow.json');
    const before = await readText(uri);
    await openInCanvas(uri);
    const errors = await until('error diagnostics on broken.workflow.json', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return found.length > 0 ? found : undefined;
    });
    // the missing "}" of the node on line 6 (1-based): the first error is on that line
    assert.ok(errors.some((d) => d.range.start.line === 5), `an error on line 6; got ${errors.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('; ')}`);
    // Listed once: VS Code's JSON checker reports the syntax errors of the open file, the
    // extension does not repeat them.
    await sleep(1000);
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'JSON_SYNTAX');
    assert.deepEqual(ours.map((d) => d.message), [], 'no JSON syntax error listed a second time by the extension');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.isDirty, false, 'the error state edits nothing');
    await sleep(1500);
    assert.equal(await readText(uri), before, 'the file on disk is unchanged');
    await closeAllEditors();
    await sleep(500);
    assert.equal(await readText(uri), before, 'the file on disk is unchanged after closing');
  });
});
