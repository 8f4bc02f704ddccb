// Builds every bundle of the project:
//   dist/extension.js   the VS Code extension host entry (CommonJS, `vscode` external)
//   dist/cli.js         the `workflow` command (bin/workflow.js loads it)
//   dist/codeWorker.js  the worker thread that runs code.javascript nodes in isolation
//   dist/storeWorker.js the worker thread that writes history snapshots off the main thread
//   dist/runnerWorker.js the worker thread that runs a workflow for the extension host
//   dist/webview.js     the canvas webview (browser IIFE) and dist/webview.css its styles
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies; `--only webview` (or
// another entry name) builds just that bundle, e.g. for the canvas benchmark; `--outdir <dir>`
// writes the bundles there instead of dist/, and `--metafile` writes `<name>.meta.json` beside
// each bundle (esbuild's list of the inputs, read by test/unit/webview/bundle.unit.test.ts).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt >= 0 ? process.argv[outdirAt + 1] : 'dist';
const metafile = process.argv.includes('--metafile');

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

/**
 * zod exports every locale of its error messages (`z.locales`, some 250 KB minified, a third of
 * the canvas bundle); nothing uses them and zod's default is English, so the webview bundle gets
 * a `locales` with English only.
 * @type {import('esbuild').Plugin}
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-english-only', pluginData: args.resolveDir } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
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
  outdir,
  // The codicon font, referenced by its stylesheet, is copied as dist/codicon.ttf (the package
  // ships it; the webview's CSP allows fonts from dist/).
  loader: { '.ttf': 'file' },
  assetNames: '[name]',
  plugins: [zodEnglishOnly],
};

const allBuilds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir },
  { ...node, entryPoints: { codeWorker: 'src/core/code/codeWorker.ts' }, outdir },
  { ...node, entryPoints: { storeWorker: 'src/core/store/snapshotWorker.ts' }, outdir },
  { ...node, entryPoints: { runnerWorker: 'src/extension/runner/runnerWorker.ts' }, outdir },
  webview,
];
const builds = only ? allBuilds.filter((options) => Object.keys(options.entryPoints).includes(only)) : allBuilds;
if (builds.length === 0) throw new Error(`esbuild.mjs: no bundle named "${only}"`);

mkdirSync(outdir, { recursive: true });
cpSync('node_modules/sql.js/dist/sql-wasm.wasm', join(outdir, 'sql-wasm.wasm'));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(
    builds.map(async (options) => {
      const result = await esbuild.build({ ...options, metafile });
      const [name] = Object.keys(options.entryPoints);
      if (metafile) writeFileSync(join(outdir, `${name}.meta.json`), JSON.stringify(result.metafile));
    }),
  );
}
