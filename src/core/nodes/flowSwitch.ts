import { z } from 'zod';
import { defineNode, type PortDefinition } from './definition';

const DEFAULT_HANDLE = 'default';

const caseValue = z.union([z.string(), z.number(), z.boolean()]);
type CaseValue = z.infer<typeof caseValue>;

const config = z.object({
  value: z.unknown().optional().describe('The value to route by, usually a {{ expression }} such as {{ status }}.'),
  cases: z
    .array(caseValue)
    .superRefine((cases, ctx) => {
      // Handles are named String(case), so 1 and "1" (or a case "default") would share a handle.
      const seen = new Set<string>([DEFAULT_HANDLE]);
      cases.forEach((c, index) => {
        const handle = String(c);
        if (seen.has(handle)) ctx.addIssue({ code: 'custom', path: [index], message: `case "${handle}" repeats a handle name (cases and "default" must be distinct as text)` });
        seen.add(handle);
      });
    })
    .default([])
    .describe('Values to compare with (strings, numbers or booleans); each gets an output handle named after it.'),
});

function isCaseValue(value: unknown): value is CaseValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The output handles for a (possibly unvalidated) config: one per case, then `default`. */
function switchOutputs(rawConfig: Record<string, unknown>): PortDefinition[] {
  const cases = Array.isArray(rawConfig.cases) ? rawConfig.cases.filter(isCaseValue) : [];
  const names = [...new Set(cases.map(String))].filter((name) => name !== DEFAULT_HANDLE);
  return [...names.map((name) => ({ name })), { name: DEFAULT_HANDLE, description: 'No case matched.' }];
}

/** Routes its input to the output of the first case equal to a value. */
export const flowSwitch = defineNode({
  type: 'flow.switch',
  title: 'Switch',
  category: 'flow',
  icon: 'list-tree',
  description: 'Sends the input to the output whose case equals a value, or to "default".',
  docs: [
    'Compares `value` (usually `{{ expression }}`) with each of `cases` in order and emits the unchanged input on the handle of the first case that is **strictly equal** (`===`, so the number `1` does not match the case `"1"`). When none matches, the input goes to `default`. The nodes behind every other handle are skipped.',
    '',
    'Each case gets an output handle named `String(case)`; two cases with the same text (or a case `"default"`) are a config error. Cases are literal values: `{{ }}` in a case is not evaluated, because the handles must be known before the run.',
    '',
    '**Output:** the input, unchanged, on exactly one handle.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: switchOutputs,
  configSchema: config,
  // Handles come from the cases as written in the file, so the cases must never be templates.
  rawConfigKeys: ['cases'],
  defaults: { value: '{{ $input.status }}', cases: ['open', 'closed'] },
  example: { value: '{{ $lowercase(ticket.priority) }}', cases: ['urgent', 'high', 'low'] },
  run: ({ input, config }) => {
    const match = config.cases.find((c) => c === config.value);
    return { [match === undefined ? DEFAULT_HANDLE : String(match)]: input };
  },
});
