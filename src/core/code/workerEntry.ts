/**
 * Finds the code worker's script.
 *
 * Built: esbuild bundles this module into dist/cli.js or dist/extension.js and the worker into
 * dist/codeWorker.js (see esbuild.mjs), so `__dirname` at run time is dist/ and the worker is
 * the file next to the running bundle.
 *
 * From sources (unit tests and benchmarks through tsx): `__dirname` is src/core/code, where
 * only codeWorker.ts exists. A worker does not inherit the tsx loader, and on Node 20 a worker
 * started with `execArgv: ['--import', 'tsx']` still refuses a `.ts` entry
 * (ERR_UNKNOWN_FILE_EXTENSION), so the worker starts from a one-line CommonJS shim that
 * registers tsx's documented CommonJS hook (`tsx/cjs/api`) and then requires the source.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// In a variable, not a literal: esbuild would otherwise ask for tsx to be marked external, and
// a bundle never takes this path anyway (its worker is codeWorker.js).
const TSX_REGISTER_MODULE = 'tsx/cjs/api';

/** How to start a code worker: a script file, or source evaluated as CommonJS. */
export type CodeWorkerEntry = { kind: 'file'; path: string } | { kind: 'eval'; source: string; path: string };

/** Locates the worker next to this module (bundled) or as TypeScript source (development). */
export function locateCodeWorker(directory: string = __dirname): CodeWorkerEntry {
  const bundled = join(directory, 'codeWorker.js');
  if (existsSync(bundled)) return { kind: 'file', path: bundled };
  const source = join(directory, 'codeWorker.ts');
  if (existsSync(source)) {
    const tsx = require.resolve(TSX_REGISTER_MODULE);
    return { kind: 'eval', path: source, source: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(source)});` };
  }
  throw new Error(`The code worker was not found: neither ${bundled} nor ${source} exists (run the build).`);
}
