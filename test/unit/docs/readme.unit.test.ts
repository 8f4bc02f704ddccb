import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinNodes } from '../../../src/core/nodes/registry';
import { commands } from '../../../src/cli/commands/index';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

test('the README lists every built-in node type in its table', () => {
  for (const definition of builtinNodes) assert.match(readme, new RegExp(`\\| \`${definition.type.replace('.', '\\.')}\` \\|`), definition.type);
});

test('the README documents every workflow command', () => {
  for (const command of commands) assert.match(readme, new RegExp(`\\| \`workflow ${command.name}[ \`]`), command.name);
});

test('the README\'s two commands are the real scripts', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(readme, /npm ci && npm run demo/);
  assert.ok(pkg.scripts.demo.includes('examples/price-alert.workflow.json'));
  assert.match(readme, /^npm test /m);
  const ci = readFileSync(join(__dirname, '..', '..', '..', '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm test$/m, '.ci/run calls the README test command');
});
