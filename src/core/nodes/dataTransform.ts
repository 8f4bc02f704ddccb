import { z } from 'zod';
import { defineNode } from './definition';
import { ExpressionError } from '../expressions';
import { NodeError } from '../errors';

const config = z.object({
  expression: z
    .string()
    .min(1, 'must not be empty')
    .describe('A JSONata expression without {{ }}; the input is its context, e.g. items[price > 10].{ "sku": sku }.'),
});

/** Reshapes its input with one JSONata expression. */
export const dataTransform = defineNode({
  type: 'data.transform',
  title: 'Transform',
  category: 'data',
  icon: 'symbol-operator',
  description: 'Computes a new value from the input with a JSONata expression.',
  docs: [
    'Evaluates `expression`, a bare [JSONata](https://jsonata.org) expression (no `{{ }}`), and emits its value on `out`.',
    'The input is the context, so `price * quantity` reads fields of the input; `$input`, `$vars`, `$node` (earlier outputs by name or id: `$node.Load`, ``$node.`My Node` ``), `$execution`, `$env` and `$secrets` are bound too.',
    '',
    '**Output:** whatever the expression returns (object, array, number, …); `undefined` when it matches nothing.',
    '',
    '**Errors:** `EXPRESSION` (field `expression`) for a syntax or evaluation error; the validator reports syntax errors before the run.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { expression: '$' },
  example: { expression: 'orders[status = "paid"].{ "id": id, "total": $sum(lines.(price * qty)) }' },
  rawConfigKeys: ['expression'],
  expressionConfigKeys: ['expression'],
  run: async (context) => {
    try {
      return { out: await context.evaluate(context.config.expression) };
    } catch (error) {
      if (error instanceof ExpressionError) throw new NodeError(error.message, { code: 'EXPRESSION', field: 'expression', cause: error });
      throw error;
    }
  },
});
