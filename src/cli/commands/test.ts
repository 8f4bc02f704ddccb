/**
 * `workflow test [paths…]`: runs workflow test files (`*.workflow.test.json`) headless, prints
 * pass/fail per case with the node and a diff of expected vs actual, optionally JUnit XML for CI.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../options';
import { collectFiles } from '../findFiles';
import { envSecrets } from '../secrets';
import { sharedCodeRunner } from '../../core/code/codeRunner';
import { findWorkspaceRoot } from '../../core/store';
import { TEST_FILE_SUFFIX, TestFileError } from '../../core/testing/testFile';
import { loadTestFile, runTestFile, shownPath, type LoadedTestFile, type TestFileResult } from '../../core/testing/runTests';
import { junitXml } from '../../core/testing/junit';

const USAGE = `Usage: workflow test [files or folders…] [--reporter text|junit] [--output <file>]

Runs workflow test files (*${TEST_FILE_SUFFIX}; folders are searched, default the current
one). Each case runs the workflow once with its input; mocked nodes do not run (they emit the
case's data instead: no network, no shell); then the run's status and output and each named
node's status and output are checked (expected JSON subsets, or JSONata assertions that must
be true). Prints PASS / FAIL per case, and for a failure the node and expected vs actual.
Runs are not recorded in the history. The format: docs/git.md#workflow-tests.

Options:
  --reporter text|junit  junit: JUnit XML (testsuites / testsuite / testcase / failure) for CI
  --output <file>        write the JUnit XML there (the text report still goes to stdout)

Secrets: $secrets.NAME is read from WORKFLOW_SECRET_NAME, as for \`workflow run\`.
Exit codes: 0 every case passed, 1 a case failed, 2 a test file does not match its schema,
names an unknown node or an invalid workflow, or bad arguments (nothing is run or written).
`;

const OPTIONS = {
  reporter: { type: 'string' },
  output: { type: 'string' },
} as const;

function printResult(result: TestFileResult, io: CliIo): void {
  io.stdout(`${shownPath(result.file, io.cwd)} (${shownPath(result.workflowFile, io.cwd)})\n`);
  for (const testCase of result.cases) {
    io.stdout(`  ${testCase.passed ? 'PASS' : 'FAIL'} ${testCase.name} (${Math.round(testCase.durationMs)} ms)\n`);
    for (const failure of testCase.failures) {
      io.stdout(`       ${failure.where}: ${failure.lines[0]}\n`);
      for (const line of failure.lines.slice(1)) io.stdout(`         ${line}\n`);
    }
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  const reporter = values.reporter ?? 'text';
  if (reporter !== 'text' && reporter !== 'junit') throw new CliError(`--reporter expects text or junit, got "${reporter}"`);
  if (values.output !== undefined && reporter !== 'junit') throw new CliError('--output goes with --reporter junit');
  const files = await collectFiles(positionals.length > 0 ? positionals : ['.'], TEST_FILE_SUFFIX, io, 'test');
  if (!files) return EXIT.invalid;
  if (files.length === 0) return EXIT.invalid;
  const label = (path: string) => shownPath(path, io.cwd);
  // every file is checked before anything runs: a broken one stops all, with nothing written
  const loaded: LoadedTestFile[] = [];
  for (const file of files) {
    try {
      loaded.push(await loadTestFile(file, { label }));
    } catch (error) {
      if (error instanceof TestFileError) throw new CliError(error.message);
      throw error;
    }
  }
  const runner = sharedCodeRunner();
  const junitToStdout = reporter === 'junit' && values.output === undefined;
  const results: TestFileResult[] = [];
  for (const file of loaded) {
    const result = await runTestFile(file, {
      runCode: (request) => runner.run(request),
      secrets: envSecrets(io.env),
      env: io.env,
      workspaceRoot: findWorkspaceRoot(dirname(file.workflowFile)),
    });
    results.push(result);
    if (!junitToStdout) printResult(result, io);
  }
  const cases = results.flatMap((r) => r.cases);
  const failed = cases.filter((c) => !c.passed).length;
  if (reporter === 'junit') {
    const xml = junitXml(results, label);
    if (values.output === undefined) io.stdout(xml);
    else {
      const target = resolve(io.cwd, values.output);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, xml);
    }
  }
  if (!junitToStdout) io.stdout(`${cases.length} ${cases.length === 1 ? 'case' : 'cases'} in ${results.length} ${results.length === 1 ? 'file' : 'files'}: ${cases.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? EXIT.failed : EXIT.ok;
}

/** `workflow test`. */
export const testCommand: CliCommand = {
  name: 'test',
  summary: 'run workflow test files (*.workflow.test.json): mocked nodes, expected outputs, JUnit XML',
  usage: USAGE,
  run,
};
