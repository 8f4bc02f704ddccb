// Lint: the layers of docs/ARCHITECTURE.md. The core is pure (no vscode, no DOM) so that the
// CLI, the worker pool and the unit tests can use it in plain Node.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core, src/cli and src/protocol must not import vscode (see docs/ARCHITECTURE.md).' }],
        patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'the core must not depend on the extension or the webview.' }],
      }],
    },
  },
);
