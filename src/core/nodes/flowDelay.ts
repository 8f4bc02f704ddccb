import { z } from 'zod';
import { defineNode } from './definition';
import { abortError, MAX_TIMER_MS } from './support/abort';
import { sleep } from '../sleep';

const config = z.object({
  ms: z.number().min(0).max(MAX_TIMER_MS).default(1000).describe('How long to wait, in milliseconds.'),
});

/** Waits, then passes its input on. */
export const flowDelay = defineNode({
  type: 'flow.delay',
  title: 'Delay',
  category: 'flow',
  icon: 'watch',
  description: 'Waits for a while, then passes the input on unchanged.',
  docs: [
    'Waits `ms` milliseconds (at most about 24.8 days), then emits the input unchanged on `out`.',
    '',
    '**Errors:** a cancel (or a node timeout) ends the wait at once with `CANCELLED` (or `TIMEOUT`).',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { ms: 1000 },
  example: { ms: '{{ $vars.POLL_INTERVAL_MS }}' },
  run: async ({ input, config, signal }) => {
    // a cancel or a node timeout reports as every node reports it
    await sleep(config.ms, signal).catch(() => Promise.reject(abortError(signal)));
    return { out: input };
  },
});
