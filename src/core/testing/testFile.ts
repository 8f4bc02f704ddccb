/**
 * The format of workflow test files, `<name>.workflow.test.json` (JSON Schema generated into
 * schema/workflow-test.schema.json by `npm run schema`): the workflow they test and their cases,
 * each with an input, mocked node outputs (a mocked node does not run: no network, no shell) and
 * expectations on the run's status and output and on single nodes.
 */
import { z } from 'zod';

/** Suffix of workflow test files. */
export const TEST_FILE_SUFFIX = '.workflow.test.json';

/** What a mocked node does instead of running: exactly one of `output`, `outputs`, `error`. */
export const MockSchema = z
  .strictObject({
    output: z.unknown().optional().describe('The data the node emits on its main output (its first handle, or `handle`).'),
    handle: z.string().min(1).optional().describe('The output handle `output` is emitted on, e.g. "true" / "false" of flow.if (default: the node type\'s first output).'),
    outputs: z.record(z.string(), z.unknown()).optional().describe('Data by output handle, for nodes that emit on several handles at once.'),
    error: z
      .union([z.string().min(1), z.strictObject({ message: z.string().min(1), code: z.string().min(1).optional() })])
      .optional()
      .describe('The node fails with this message (retries and onError apply as to a real failure).'),
  })
  .superRefine((mock, ctx) => {
    const given = (['output', 'outputs', 'error'] as const).filter((key) => key in mock);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of output, outputs or error (got ${given.length === 0 ? 'none' : given.join(' and ')})` });
    if ('handle' in mock && !('output' in mock)) ctx.addIssue({ code: 'custom', message: 'handle goes with output', path: ['handle'] });
  })
  .describe('A node that does not run: what it emits (or how it fails) instead.');

/** One JSONata assertion or several; each must evaluate to `true`. */
const AssertSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('JSONata expression(s) that must be true; `$` is the value checked, $node["Name"] and $vars as in the workflow.');

/** What is expected of one node. */
export const NodeExpectationSchema = z.strictObject({
  status: z.enum(['success', 'failed', 'skipped', 'not-run']).optional().describe('How the node ended: success, failed, skipped (a branch not taken, disabled) or not-run (never reached, or the run stopped first).'),
  output: z.unknown().optional().describe('Expected output: a JSON subset (objects may have more keys; arrays match item by item).'),
  handle: z.string().min(1).optional().describe('The output handle the node must have emitted on (e.g. "true" of flow.if); `output` is then that handle\'s data.'),
  assert: AssertSchema.optional(),
});

/** Statuses an execution can end with. */
const ExecutionStatusSchema = z.enum(['success', 'partial', 'failed', 'cancelled', 'timeout']);

/** What is expected of a run. */
export const ExpectationSchema = z.strictObject({
  status: ExecutionStatusSchema.optional().describe('Final status of the run (default: success).'),
  output: z.unknown().optional().describe('Expected final output: a JSON subset.'),
  assert: AssertSchema.optional(),
  error: z.string().optional().describe('Text the run\'s error message must contain (for a failing run).'),
  nodes: z.record(z.string().min(1), NodeExpectationSchema).optional().describe('Expectations per node, by node id.'),
});

/** One test case: one run of the workflow. */
export const TestCaseSchema = z.strictObject({
  name: z.string().min(1).describe('Shown in reports; unique in the file.'),
  input: z.unknown().optional().describe('The run input (default {}).'),
  variables: z.record(z.string(), z.unknown()).optional().describe('Overrides of the workflow\'s variables.'),
  trigger: z.string().min(1).optional().describe('Id of the trigger node to start from (default: every root).'),
  mocks: z.record(z.string().min(1), MockSchema).optional().describe('Nodes that do not run, by node id: what each emits instead.'),
  expect: ExpectationSchema.optional().describe('What the run must give (default: status success).'),
});

/** A whole test file. */
export const TestFileSchema = z.strictObject({
  $schema: z.string().optional(),
  workflow: z.string().min(1).optional().describe('Path of the workflow file, relative to this file (default: this file\'s name without ".test").'),
  cases: z.array(TestCaseSchema).min(1, 'a test file needs at least one case'),
});

export type Mock = z.infer<typeof MockSchema>;
export type NodeExpectation = z.infer<typeof NodeExpectationSchema>;
export type TestCase = z.infer<typeof TestCaseSchema>;
export type TestFile = z.infer<typeof TestFileSchema>;

/** Thrown when a test file cannot be used; the message is one line naming the file and the case. */
export class TestFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestFileError';
  }
}

function caseLabel(raw: unknown, index: number): string {
  const name = (raw as { cases?: { name?: unknown }[] } | undefined)?.cases?.[index]?.name;
  return typeof name === 'string' && name !== '' ? `case "${name}"` : `case #${index + 1}`;
}

/** `cases.1.mocks.fetch` → `case "name": mocks.fetch`. */
function describeIssuePath(raw: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'cases' && typeof path[1] === 'number') {
    const rest = path.slice(2).map(String).join('.');
    return `${caseLabel(raw, path[1])}${rest ? `: ${rest}` : ''}`;
  }
  return path.length > 0 ? path.map(String).join('.') : 'the file';
}

/** Parses a test file's text; a `TestFileError` names the file (`label`), the case and the field. */
export function parseTestFile(text: string, label: string): TestFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new TestFileError(`${label}: not valid JSON (${(error as Error).message})`);
  }
  const result = TestFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TestFileError(`${label}: ${describeIssuePath(raw, issue.path)}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const testCase of result.data.cases) {
    if (seen.has(testCase.name)) throw new TestFileError(`${label}: case "${testCase.name}": the name is used twice`);
    seen.add(testCase.name);
  }
  return result.data;
}
