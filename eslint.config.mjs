// Lint: the layers of docs/ARCHITECTURE.md. The core is pure (no vscode, no DOM) so that the
// CLI, the worker pool and the unit tests can use it in plain Node; the webview reaches the host
// only through src/protocol; src/shared is a leaf every layer may import.
//
// Each file gets exactly one `no-restricted-imports` setting (a later block replaces an earlier
// one's options instead of adding to them), so the blocks below cover disjoint sets of files.
// test/unit/lint/layers.unit.test.ts lints a fixture breaking each rule and expects its error.
import tseslint from 'typescript-eslint';

const VSCODE = { name: 'vscode', message: 'this layer must not import vscode (see docs/ARCHITECTURE.md).' };

/** Outside src/core/store the store is reached only through its index.ts (its public surface). */
const STORE_BY_INDEX = { regex: '(^|/)core/store/(?!index$)[^/]', message: 'import the store through src/core/store (its index.ts), not its files.' };
/** The same from inside src/core, where the path reads `../store/…`. */
const STORE_BY_INDEX_IN_CORE = { regex: '^(\\.\\./)+store/(?!index$)[^/]', message: 'import the store through src/core/store (its index.ts), not its files.' };
/** The core serves the hosts; it never depends on them. */
const CORE_UPWARD = {
  regex: '^(\\.\\./)+(cli|protocol|extension|webview)(/|$)',
  message: 'src/core must not import src/cli, src/protocol, src/extension or webview/ (see docs/ARCHITECTURE.md).',
};

/**
 * Files of src/extension that do not use the vscode API and must stay so: they are unit-tested
 * in plain Node, and the runner's files run in a worker thread where `vscode` does not exist.
 */
const VSCODE_FREE_EXTENSION = [
  'src/extension/views/model/**',
  'src/extension/editor/runOverlay*.ts',
  'src/extension/editor/runOverlay/**',
  'src/extension/editor/catalog.ts',
  'src/extension/editor/documentView.ts',
  'src/extension/editor/html.ts',
  'src/extension/editor/planEdit.ts',
  'src/extension/commands/logic/**',
  'src/extension/runner/**',
  'src/extension/renameMoves.ts',
  'src/extension/services/runMessages.ts',
  'src/extension/services/runRecording.ts',
  'src/extension/services/secretIndex.ts',
  'src/extension/services/storeSet.ts',
  'src/extension/triggers/catalog.ts',
  'src/extension/triggers/inFlight.ts',
  'src/extension/triggers/settings.ts',
  'src/extension/triggers/webhookRoutes.ts',
];

export default tseslint.config(
  // test/fixtures/lint holds code that breaks the rules on purpose (linted under other names by the test)
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', 'test/fixtures/lint/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // everything but the blocks below: the store only through its index
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    ignores: ['src/core/**', 'src/shared/**', 'webview/**', 'test/unit/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [STORE_BY_INDEX] }] },
  },
  {
    files: ['src/cli/**/*.ts', 'src/protocol/**/*.ts', ...VSCODE_FREE_EXTENSION],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [VSCODE],
        patterns: [STORE_BY_INDEX, { group: ['**/webview/**'], message: 'only the webview bundle may import webview/.' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [VSCODE],
        patterns: [STORE_BY_INDEX, { group: ['**/extension/**', '**/webview/**'], message: 'src/cli and src/protocol must not depend on the extension or the webview.' }],
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/store/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [VSCODE], patterns: [CORE_UPWARD, STORE_BY_INDEX_IN_CORE] }] },
  },
  {
    files: ['src/core/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [VSCODE], patterns: [CORE_UPWARD] }] },
  },
  {
    // a leaf: no package, no Node built-in, nothing of ours outside it, so any layer (the
    // browser's webview included) can import it
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/shared imports nothing outside itself.' }] }],
    },
  },
  {
    // the canvas talks to the host only through messages: of our code it imports src/protocol,
    // src/shared and itself (packages such as react are fine)
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [VSCODE],
        patterns: [{ regex: '^(\\.\\./)+src/(?!(protocol|shared)/)', message: 'webview/ imports only src/protocol, src/shared and itself (see docs/ARCHITECTURE.md).' }],
      }],
    },
  },
);
