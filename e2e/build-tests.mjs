// Builds the in-host test suite (kept apart from esbuild.mjs, which builds the product):
//   out/test/index.js        the extensionTestsPath: run() with Mocha tdd
//   out/test/*.test.js       one bundle per test/extension/*.test.ts (vscode and mocha external)
//   out/test/runElectron.js  the @vscode/test-electron launcher of the same suite
//   out/test/serialize.cjs   the deterministic serializer, for the Playwright tests' file checks
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = join(root, 'test', 'extension');
const entryPoints = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts') || name === 'index.ts' || name === 'runElectron.ts')
    .map((name) => [name.replace(/\.ts$/, ''), join(dir, name)]),
);
const outdir = join(root, 'out', 'test');
rmSync(outdir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', mainFields: ['module', 'main'] };
await Promise.all([
  esbuild.build({ ...common, entryPoints, outdir, external: ['vscode', 'mocha', '@vscode/test-electron'] }),
  esbuild.build({ ...common, entryPoints: [join(root, 'src', 'core', 'model', 'serialize.ts')], outfile: join(outdir, 'serialize.cjs') }),
]);
console.log(`e2e/build-tests: ${Object.keys(entryPoints).length + 1} bundles in ${outdir}`);
