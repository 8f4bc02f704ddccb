import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

// The fixtures are linted with the project's eslint.config.mjs under the name of a file in the
// layer they test (ESLint picks the rules by that name), so the rules apply as to real files.
const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'lint');
const eslint = new ESLint({ cwd: ROOT });

async function importErrors(fixture: string, asFile: string): Promise<string[]> {
  const [result] = await eslint.lintText(readFileSync(join(FIXTURES, fixture), 'utf8'), { filePath: join(ROOT, asFile) });
  assert.equal(result!.messages.filter((m) => m.ruleId !== 'no-restricted-imports').length, 0, JSON.stringify(result!.messages));
  return result!.messages.map((m) => `${m.line}: ${m.message}`);
}

describe('layer rules (eslint.config.mjs)', () => {
  it('webview/ imports only src/protocol, src/shared and itself', async () => {
    const errors = await importErrors('webviewImportsCore.tsx', 'webview/lintFixture.tsx');
    assert.equal(errors.length, 2, errors.join('\n'));
    for (const error of errors) assert.match(error, /webview\/ imports only src\/protocol, src\/shared and itself/);
  });

  it('src/core imports neither vscode nor src/cli, src/protocol, src/extension', async () => {
    const errors = await importErrors('coreImportsUpward.ts', 'src/core/engine/lintFixture.ts');
    assert.equal(errors.length, 4, errors.join('\n'));
    assert.match(errors[0]!, /^2: .*must not import vscode/);
    for (const error of errors.slice(1)) assert.match(error, /src\/core must not import src\/cli, src\/protocol, src\/extension/);
    assert.equal((await importErrors('coreImportsUpward.ts', 'src/core/store/lintFixture.ts')).length, 4, 'the store is core too');
  });

  it('src/shared imports nothing outside itself (not even Node)', async () => {
    const errors = await importErrors('sharedImportsOutside.ts', 'src/shared/lintFixture.ts');
    assert.equal(errors.length, 2, errors.join('\n'));
    for (const error of errors) assert.match(error, /src\/shared imports nothing outside itself/);
  });

  it("src/extension's vscode-free files stay free of vscode; its other files may use it", async () => {
    for (const asFile of ['src/extension/views/model/lintFixture.ts', 'src/extension/editor/runOverlay.ts', 'src/extension/runner/lintFixture.ts']) {
      const errors = await importErrors('pureExtensionImportsVscode.ts', asFile);
      assert.equal(errors.length, 1, `${asFile}: ${errors.join('\n')}`);
      assert.match(errors[0]!, /must not import vscode/);
    }
    assert.deepEqual(await importErrors('pureExtensionImportsVscode.ts', 'src/extension/views/lintFixture.ts'), []);
  });

  it('outside src/core/store the store is imported through its index.ts', async () => {
    for (const asFile of ['src/cli/lintFixture.ts', 'src/extension/views/model/lintFixture.ts', 'src/extension/lintFixture.ts', 'bench/lintFixture.ts']) {
      const errors = await importErrors('storeAroundIndex.ts', asFile);
      assert.equal(errors.length, 2, `${asFile}: ${errors.join('\n')}`);
      for (const error of errors) assert.match(error, /import the store through src\/core\/store/);
    }
    const inCore = await importErrors('storeAroundIndexInCore.ts', 'src/core/triggers/lintFixture.ts');
    assert.equal(inCore.length, 1, inCore.join('\n'));
    assert.match(inCore[0]!, /import the store through src\/core\/store/);
    assert.deepEqual(await importErrors('storeAroundIndexInCore.ts', 'src/core/store/queries/lintFixture.ts'), [], 'the store itself may');
  });

  it('code that keeps to the layers lints clean', async () => {
    const cases: [string, string][] = [
      ['obeys/webview.tsx', 'webview/lintFixture.tsx'],
      ['obeys/core.ts', 'src/core/triggers/lintFixture.ts'],
      ['obeys/shared.ts', 'src/shared/lintFixture.ts'],
      ['obeys/extensionModel.ts', 'src/extension/views/model/lintFixture.ts'],
      ['obeys/cli.ts', 'src/cli/lintFixture.ts'],
    ];
    for (const [fixture, asFile] of cases) assert.deepEqual(await importErrors(fixture, asFile), [], asFile);
  });
});
