/**
 * Finds the runner worker's script. In the extension bundle `__dirname` is dist/, where
 * esbuild put runnerWorker.js next to extension.js. From sources (unit tests through tsx) only
 * runnerWorker.ts exists beside this module; a worker does not inherit the tsx loader, so it
 * starts from a small CommonJS shim that registers tsx and then requires the source.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// A variable, not a literal, so that esbuild does not try to bundle tsx into the extension.
const TSX_REGISTER_MODULE = 'tsx/cjs/api';

/** How to start the runner worker: a script file, or CommonJS source to evaluate. */
export type RunnerWorkerEntry = { kind: 'file'; path: string } | { kind: 'eval'; source: string };

/** The bundled worker next to `directory`, else the TypeScript source under tsx. */
export function locateRunnerWorker(directory: string = __dirname): RunnerWorkerEntry {
  const bundled = join(directory, 'runnerWorker.js');
  if (existsSync(bundled)) return { kind: 'file', path: bundled };
  const source = join(directory, 'runnerWorker.ts');
  if (existsSync(source)) {
    const tsx = require.resolve(TSX_REGISTER_MODULE);
    return { kind: 'eval', source: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(source)});` };
  }
  throw new Error(`The runner worker was not found: neither ${bundled} nor ${source} exists (run the build).`);
}
