import { z } from 'zod';
import { defineNode } from './definition';
import { cronProblem, timezoneProblem } from '../triggers/schedule';

const isoDateTime = z.iso.datetime({ offset: true, local: true });

const config = z.object({
  cron: z
    .string()
    .min(1, 'must not be empty')
    .superRefine((pattern, ctx) => {
      const problem = cronProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('Cron pattern: 5 fields (minute hour day month weekday) or 6 with seconds first; names (MON, JAN), ranges, steps and @daily-style nicknames work.'),
  timezone: z
    .string()
    .default('UTC')
    .superRefine((timezone, ctx) => {
      const problem = timezoneProblem(timezone);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('IANA time zone the pattern is read in, e.g. "Europe/Berlin"; daylight-saving changes follow it.'),
  startAt: isoDateTime.optional().describe('No fire before this ISO date-time (a time without offset is read in `timezone`).'),
  endAt: isoDateTime.optional().describe('No fire at or after this ISO date-time (a time without offset is read in `timezone`).'),
  maxRuns: z.number().int().min(1).optional().describe('Stop after this many started runs, counted over the trigger\'s recorded history.'),
  overlap: z
    .enum(['skip', 'queue', 'allow'])
    .default('skip')
    .describe('When a fire comes while this trigger\'s previous run is still going: skip it, queue one run to start after, or allow runs side by side.'),
  catchUp: z
    .enum(['skip', 'runOnce'])
    .default('skip')
    .describe('When fires were missed while nothing was running (VS Code closed, serve stopped): skip them, or run once as soon as the trigger is armed again.'),
});

/** Starts runs on a cron schedule while the workflow is active. */
export const triggerSchedule = defineNode({
  type: 'trigger.schedule',
  title: 'Schedule Trigger',
  category: 'trigger',
  icon: 'watch',
  description: 'Starts the workflow on a cron schedule, in a time zone of your choice.',
  docs: [
    'Fires at the times `cron` names, read in `timezone`, while the workflow\'s status is `active` (in VS Code, or under `workflow serve`). Daylight-saving changes behave as the croner library defines: a fixed time that falls into the skipped hour fires at the first valid time after it, a fixed time in the repeated hour fires once, and patterns with a stepped or `*` hour fire in both repeats.',
    '',
    '`startAt` and `endAt` bound the fires; `maxRuns` stops the schedule after that many started runs (the count is kept in the history, so it survives restarts).',
    '',
    '**Overlap** — a fire while this trigger\'s previous run is still going: `skip` counts the fire and starts nothing; `queue` keeps at most one run waiting and starts it when the previous one ends (further fires meanwhile are skipped); `allow` starts runs side by side.',
    '',
    '**Catch-up** — when the next fire recorded in the history has passed while nothing was running: `skip` waits for the next fire; `runOnce` runs once as soon as the trigger is armed again, with `catchUp: true`. Pausing a workflow forgets its next fire, so activating it again never catches up.',
    '',
    '**Output** on `out`: `{ scheduledAt, firedAt, timezone, catchUp? }` (ISO date-times). Run by hand, it outputs the run input.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { cron: '0 9 * * 1-5', timezone: 'UTC' },
  example: { cron: '*/15 8-18 * * MON-FRI', timezone: 'Europe/Berlin', overlap: 'skip', catchUp: 'runOnce', endAt: '2030-01-01T00:00:00' },
  isTrigger: true,
  run: ({ input }) => ({ out: input }),
});
