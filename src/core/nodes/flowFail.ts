import { z } from 'zod';
import { defineNode } from './definition';
import { NodeError } from '../errors';

const config = z.object({
  message: z.string().min(1, 'must not be empty').describe('Why the run fails; may interpolate {{ expressions }}.'),
});

/** Stops the run on purpose with a message. */
export const flowFail = defineNode({
  type: 'flow.fail',
  title: 'Fail',
  category: 'flow',
  icon: 'error',
  description: 'Fails the run with a message of your choice.',
  docs: [
    'Fails with `message` as soon as it runs; put it behind an `If` or `Switch` branch to reject bad data.',
    'The node\'s `onError` setting applies as for any failure (`continue` or `errorOutput` let the run go on).',
    '',
    '**Output:** none.',
    '',
    '**Errors:** always `FLOW_FAIL` (field `message`) with the message.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [],
  configSchema: config,
  defaults: { message: 'Stopped by a Fail node' },
  example: { message: 'Order {{ id }} has no lines' },
  run: ({ config }) => {
    throw new NodeError(config.message, { code: 'FLOW_FAIL', field: 'message' });
  },
});
