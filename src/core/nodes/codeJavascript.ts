import { z } from 'zod';
import { defineNode } from './definition';

// the longest delay Node's timers accept
const MAX_TIMEOUT_MS = 2_147_483_647;

const config = z.object({
  code: z
    .string()
    .min(1, 'code is empty: write a function body that returns the output')
    .describe('The body of an async function receiving $input, $vars, $node, $execution and console; its return value is the output.'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(MAX_TIMEOUT_MS)
    .default(10_000)
    .describe('Time limit in milliseconds; code still running then is stopped and the node fails with TIMEOUT.'),
});

/** Runs user JavaScript in an isolated worker thread; its return value is the output. */
export const codeJavascript = defineNode({
  type: 'code.javascript',
  title: 'JavaScript',
  category: 'code',
  icon: 'code',
  description: 'Runs a JavaScript function body in isolation; its return value is the output.',
  docs:
    '`code` is the body of an async function: it may use `await`, and what it returns is emitted on `out`. ' +
    'It receives `$input` (the node input), `$vars`, `$node` (outputs of earlier nodes by name and id), ' +
    '`$execution` (`id`, `started`) and a `console` whose lines go to the run log (`debug`, `log`/`info`, `warn`, `error`).\n\n' +
    'The code runs in a separate worker thread with only the standard JavaScript built-ins: no `require`, `process`, ' +
    'timers, network or file system. Inputs are copies, so changing them affects nothing outside. The return value must be ' +
    'JSON-like data (objects, arrays, strings, numbers, booleans, null).\n\n' +
    'Errors: `CODE_SYNTAX` when the code does not parse, `CODE_ERROR` when it throws (with the line), `CODE_RESULT` when it ' +
    'returns a function or a symbol, `TIMEOUT` after `timeoutMs` (an endless loop is stopped), `CANCELLED` when the run is cancelled, ' +
    '`CODE_CRASH` past the 512 MB heap limit, `CODE_MEMORY` when the code fills memory outside the heap (ArrayBuffers) past the limit. ' +
    'The node-level `timeoutMs` (common to every node) applies as well: whichever limit is shorter stops the code. ' +
    'Promise jobs the code leaves running after it returns still count against its time limit.\n\n' +
    'Each run has its own global scope: globals set by the code of one run are seen by later code nodes of the same run only, ' +
    'never by another run. What stops code and what it cannot reach: `docs/limits.md`.',
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { code: 'return $input;', timeoutMs: 10_000 },
  example: {
    code: 'const total = $input.price * $input.quantity;\nconsole.log(`total for ${$input.sku}: ${total}`);\nreturn { ...$input, total, currency: $vars.CURRENCY };',
    timeoutMs: 5000,
  },
  // JavaScript source: `{{ }}` inside it is the user's own text (template literals, objects)
  rawConfigKeys: ['code'],
  run: async (context) => {
    const { config, input, vars, nodeOutputs, execution, signal, services } = context;
    const out = await services.runCode({
      code: config.code,
      input,
      vars,
      node: nodeOutputs,
      execution,
      timeoutMs: config.timeoutMs,
      signal,
      log: (level, message) => context.log(level, message),
    });
    return { out };
  },
});
