/**
 * Runs workflow test files: for each case, one execution of the workflow with the case's input,
 * its mocks as node overrides (mocked nodes never run), then its expectations checked against
 * the run's status, output and per-node results. Nothing is recorded in the history.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { runWorkflow, type RunOptions } from '../engine/engine';
import type { ExecutionEvent } from '../engine/events';
import type { NodeOverride } from '../engine/overrides';
import { compileExpression } from '../expressions/evaluate';
import type { Workflow } from '../model/workflow';
import { getNodeDefinition } from '../nodes/registry';
import { outputsOf } from '../nodes/definition';
import { loadWorkflowFile } from '../validation/loadWorkflow';
import { messageOf } from '../errors';
import { formatMismatch, matchSubset } from './match';
import { parseTestFile, TEST_FILE_SUFFIX, TestFileError, type Mock, type NodeExpectation, type TestCase, type TestFile } from './testFile';

/** One expectation that did not hold: where, and the lines that explain it (with the diff). */
export interface TestFailure {
  /** `status`, `output`, `error`, or `node "Name" (id)`. */
  where: string;
  /** First line: what differs. Further lines: the diff of expected vs actual. */
  lines: string[];
}

export interface CaseResult {
  name: string;
  passed: boolean;
  durationMs: number;
  failures: TestFailure[];
  /** The run's final status. */
  status: string;
}

export interface TestFileResult {
  /** The test file, absolute. */
  file: string;
  /** The workflow it tests, absolute. */
  workflowFile: string;
  cases: CaseResult[];
}

/** A test file read and checked, ready to run. */
export interface LoadedTestFile {
  file: string;
  workflowFile: string;
  workflow: Workflow;
  spec: TestFile;
}

/** What a test run needs from its host (the CLI, later the extension's Test Explorer). */
export interface TestRunOptions extends Pick<RunOptions, 'runCode' | 'secrets' | 'workspaceRoot' | 'allowOutsideWorkspace' | 'env'> {
  /** How file names appear in messages (default: as given). */
  label?: (absolutePath: string) => string;
}

/** The workflow a test file tests: `workflow` from the file, else `x.workflow.test.json` → `x.workflow.json`. */
function workflowPathOf(file: string, spec: TestFile): string {
  if (spec.workflow) return resolve(dirname(file), spec.workflow);
  const name = basename(file);
  return resolve(dirname(file), name.endsWith(TEST_FILE_SUFFIX) ? `${name.slice(0, -TEST_FILE_SUFFIX.length)}.workflow.json` : name.replace(/\.test\.json$/, '.json'));
}

function checkNodeIds(label: string, workflow: Workflow, testCase: TestCase): void {
  const ids = new Set(workflow.nodes.map((n) => n.id));
  const known = [...ids].join(', ');
  for (const [section, map] of [['mocks', testCase.mocks], ['expect.nodes', testCase.expect?.nodes]] as const) {
    for (const id of Object.keys(map ?? {})) {
      if (!ids.has(id)) throw new TestFileError(`${label}: case "${testCase.name}": ${section}.${id}: the workflow has no node "${id}" (its nodes: ${known})`);
    }
  }
  if (testCase.trigger !== undefined && !ids.has(testCase.trigger)) throw new TestFileError(`${label}: case "${testCase.name}": trigger: the workflow has no node "${testCase.trigger}"`);
}

/**
 * Reads a test file and the workflow it names; every problem is a `TestFileError` naming the
 * file (and the case): bad JSON, a format error, a missing or invalid workflow, an unknown node.
 */
export async function loadTestFile(file: string, options: { label?: (path: string) => string } = {}): Promise<LoadedTestFile> {
  const label = options.label?.(file) ?? file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TestFileError(`${label}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : messageOf(error)}`);
  }
  const spec = parseTestFile(text, label);
  const workflowFile = workflowPathOf(file, spec);
  const loaded = await loadWorkflowFile(workflowFile);
  if (!loaded.workflow) {
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    const shown = options.label?.(workflowFile) ?? workflowFile;
    throw new TestFileError(`${label}: the workflow ${shown} cannot run${first ? ` (line ${first.line}: ${first.message})` : ''}`);
  }
  for (const testCase of spec.cases) checkNodeIds(label, loaded.workflow, testCase);
  return { file, workflowFile, workflow: loaded.workflow, spec };
}

/** A mock as the engine's override: `output` goes out on `handle` or the node type's first output. */
function overrideOf(workflow: Workflow, nodeId: string, mock: Mock): NodeOverride {
  if (mock.error !== undefined) return { source: 'mock', error: typeof mock.error === 'string' ? { message: mock.error } : mock.error };
  if (mock.outputs !== undefined) return { source: 'mock', emit: mock.outputs };
  const node = workflow.nodes.find((n) => n.id === nodeId)!;
  const definition = getNodeDefinition(node.type);
  const handle = mock.handle ?? (definition ? outputsOf(definition, node.config)[0]?.name : undefined) ?? 'out';
  return { source: 'mock', emit: { [handle]: mock.output } };
}

/** What a run did, node by node, from its events. */
interface NodeOutcome {
  status: 'success' | 'failed' | 'skipped' | 'not-run';
  emit?: Record<string, unknown>;
  error?: string;
}

function collectOutcomes(outcomes: Map<string, NodeOutcome>) {
  return (event: ExecutionEvent) => {
    if (!('nodeId' in event) || event.iteration !== undefined) return; // loop bodies: the loop node's own result counts
    if (event.type === 'node.finished') outcomes.set(event.nodeId, { status: 'success', emit: event.output });
    else if (event.type === 'node.failed' && !event.willRetry) outcomes.set(event.nodeId, { status: 'failed', error: event.error.message });
    else if (event.type === 'node.skipped') outcomes.set(event.nodeId, { status: event.reason === 'not-reached' || event.reason === 'stopped' ? 'not-run' : 'skipped' });
  };
}

/** The value a node emitted: on `handle`, or on its first handle (what `$node[...]` sees). */
function emittedValue(emit: Record<string, unknown> | undefined, handle: string | undefined): unknown {
  if (!emit) return undefined;
  if (handle !== undefined) return emit[handle];
  for (const key in emit) return emit[key];
  return undefined;
}

async function checkAssertions(where: string, assertions: string | string[] | undefined, value: unknown, scope: { vars: Record<string, unknown>; node: Record<string, unknown> }, failures: TestFailure[]): Promise<void> {
  for (const expression of typeof assertions === 'string' ? [assertions] : (assertions ?? [])) {
    let result: unknown;
    try {
      result = await compileExpression(expression).evaluate({
        input: value,
        vars: scope.vars,
        node: scope.node,
        execution: { id: 'test', started: new Date(0).toISOString() },
        env: {},
        secrets: () => Promise.reject(new Error('secrets are not available in assertions')),
      });
    } catch (error) {
      failures.push({ where, lines: [`assertion ${expression} failed to evaluate: ${messageOf(error)}`] });
      continue;
    }
    if (result !== true) failures.push({ where, lines: [`assertion ${expression} is ${JSON.stringify(result) ?? 'undefined'}, expected true`] });
  }
}

function nodeLabel(workflow: Workflow, id: string): string {
  const node = workflow.nodes.find((n) => n.id === id);
  return node && node.name !== id ? `node ${JSON.stringify(node.name)} (${id})` : `node "${id}"`;
}

async function checkNode(workflow: Workflow, id: string, expected: NodeExpectation, outcome: NodeOutcome, scope: { vars: Record<string, unknown>; node: Record<string, unknown> }, failures: TestFailure[]): Promise<void> {
  const where = nodeLabel(workflow, id);
  if (expected.status !== undefined && expected.status !== outcome.status) {
    failures.push({ where, lines: [`status: expected ${expected.status}, got ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}`] });
    return;
  }
  if (expected.handle !== undefined && outcome.emit && !(expected.handle in outcome.emit)) {
    failures.push({ where, lines: [`handle: expected output on "${expected.handle}", got ${Object.keys(outcome.emit).map((h) => `"${h}"`).join(', ') || 'none'}`] });
    return;
  }
  const value = emittedValue(outcome.emit, expected.handle);
  if ('output' in expected && expected.output !== undefined) {
    if (outcome.status !== 'success') failures.push({ where, lines: [`output: the node did not finish (${outcome.status}${outcome.error ? `: ${outcome.error}` : ''})`] });
    else {
      const mismatches = matchSubset(expected.output, value);
      if (mismatches.length > 0) failures.push({ where, lines: [`output differs in ${mismatches.length === 1 ? '1 place' : `${mismatches.length} places`}:`, ...mismatches.flatMap((m) => formatMismatch(m, 'output'))] });
    }
  }
  await checkAssertions(where, expected.assert, value, scope, failures);
}

/** Runs one case. */
export async function runTestCase(loaded: LoadedTestFile, testCase: TestCase, options: TestRunOptions = {}): Promise<CaseResult> {
  const { workflow } = loaded;
  const outcomes = new Map<string, NodeOutcome>();
  const overrides = new Map(Object.entries(testCase.mocks ?? {}).map(([id, mock]) => [id, overrideOf(workflow, id, mock)]));
  const t0 = performance.now();
  const result = await runWorkflow(workflow, {
    input: testCase.input,
    variables: testCase.variables,
    triggerNodeId: testCase.trigger,
    trigger: { type: 'test', ...(testCase.trigger ? { nodeId: testCase.trigger } : {}), data: { case: testCase.name } },
    nodeOverrides: overrides,
    listeners: [collectOutcomes(outcomes)],
    filePath: loaded.workflowFile,
    workspaceRoot: options.workspaceRoot,
    allowOutsideWorkspace: options.allowOutsideWorkspace,
    runCode: options.runCode,
    secrets: options.secrets,
    env: options.env,
  });
  const durationMs = performance.now() - t0;
  const failures: TestFailure[] = [];
  const expect = testCase.expect ?? {};
  const expectedStatus = expect.status ?? 'success';
  if (result.status !== expectedStatus) {
    const why = result.error ? `: ${result.error.message}${result.error.nodeId ? ` (at ${nodeLabel(workflow, result.error.nodeId)})` : ''}` : '';
    failures.push({ where: 'status', lines: [`expected ${expectedStatus}, got ${result.status}${why}`] });
  }
  if (expect.error !== undefined && !(result.error?.message ?? '').includes(expect.error)) {
    failures.push({ where: 'error', lines: [`expected the error to contain ${JSON.stringify(expect.error)}, got ${result.error ? JSON.stringify(result.error.message) : 'no error'}`] });
  }
  const nodeOutputs: Record<string, unknown> = {};
  for (const node of workflow.nodes) {
    const outcome = outcomes.get(node.id);
    if (outcome?.status === 'success') nodeOutputs[node.name] = nodeOutputs[node.id] = emittedValue(outcome.emit, undefined);
  }
  const scope = { vars: { ...(workflow.variables ?? {}), ...(testCase.variables ?? {}) }, node: nodeOutputs };
  // nodes first: the first failing node usually explains a wrong final output
  for (const [id, expected] of Object.entries(expect.nodes ?? {})) {
    await checkNode(workflow, id, expected, outcomes.get(id) ?? { status: 'not-run' }, scope, failures);
  }
  if (expect.output !== undefined) {
    const mismatches = matchSubset(expect.output, result.output);
    if (mismatches.length > 0) failures.push({ where: 'output', lines: [`the final output differs in ${mismatches.length === 1 ? '1 place' : `${mismatches.length} places`}:`, ...mismatches.flatMap((m) => formatMismatch(m, 'output'))] });
  }
  await checkAssertions('output', expect.assert, result.output, scope, failures);
  return { name: testCase.name, passed: failures.length === 0, durationMs, failures, status: result.status };
}

/** Runs every case of a loaded file, one after the other. */
export async function runTestFile(loaded: LoadedTestFile, options: TestRunOptions = {}): Promise<TestFileResult> {
  const cases: CaseResult[] = [];
  for (const testCase of loaded.spec.cases) cases.push(await runTestCase(loaded, testCase, options));
  return { file: loaded.file, workflowFile: loaded.workflowFile, cases };
}

/** `file` relative to `cwd` when inside it. */
export function shownPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}
