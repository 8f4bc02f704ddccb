// Builds every bundle of the project:
//   dist/extension.js   the VS Code extension host entry (CommonJS, `vscode` external)
//   dist/cli.js         the `workflow` command (bin/workflow.js loads it)
//   dist/codeWorker.js  the worker thread that runs code.javascript nodes in isolation
//   dist/storeWorker.js the worker thread that writes history snapshots off the main thread
//   dist/runnerWorker.js the worker thread that runs a workflow for the extension host
//   dist/webview.js     the canvas webview (browser IIFE) and dist/webview.css its styles
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD "main" hides its requires from the bundler; its ESM build bundles cleanly
  mainFields: ['module', 'main'],
};

/** @type {import('esbuild').BuildOptions} */
const webview = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  jsx: 'automatic',
  // React reads NODE_ENV to drop its development checks from the shipped bundle.
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  entryPoints: { webview: 'webview/main.tsx' },
  outdir: 'dist',
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { codeWorker: 'src/core/code/codeWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { storeWorker: 'src/core/store/snapshotWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { runnerWorker: 'src/extension/runner/runnerWorker.ts' }, outdir: 'dist' },
  webview,
];

mkdirSync('dist', { recursive: true });
cpSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
