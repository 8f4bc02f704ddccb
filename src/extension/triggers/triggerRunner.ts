/**
 * The trigger runtime's `TriggerRunner` over the window's run service: a fire becomes a
 * triggered run (no notification, recorded with its trigger type and data), and the host keeps
 * its `done` promise so that deactivation can wait for runs in flight.
 */
import * as vscode from 'vscode';
import { serializeWorkflow } from '../../core/model/serialize';
import type { StartedRun, TriggerFire, TriggerRunner } from '../../core/triggers/contract';
import type { RunService } from '../contract';
import type { InFlightRuns } from './inFlight';

/**
 * A runner for one folder's runtime. `textOf` gives the text the workflow was read from, so the
 * history records the run against the version the user saved.
 */
export function triggerRunner(runs: RunService, textOf: (file: string) => string | undefined, inFlight: InFlightRuns): TriggerRunner {
  return {
    start(fire: TriggerFire): StartedRun {
      const { target } = fire;
      const started = runs.start({
        uri: vscode.Uri.file(target.file),
        workflow: target.workflow,
        text: textOf(target.file) ?? serializeWorkflow(target.workflow),
        triggerNodeId: fire.nodeId,
        input: fire.input,
        trigger: fire.trigger.nodeId === undefined ? { ...fire.trigger, nodeId: fire.nodeId } : fire.trigger,
      });
      inFlight.add(started.done);
      return started;
    },
  };
}
