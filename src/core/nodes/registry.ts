/**
 * Every built-in node type. The palette, the JSON Schema, the validator and the engine look
 * types up here; adding a type means one new file and one line below.
 */
import type { NodeDefinition } from './definition';
import { triggerManual } from './triggerManual';
import { triggerSchedule } from './triggerSchedule';
import { triggerWebhook } from './triggerWebhook';
import { triggerFile } from './triggerFile';
import { triggerPoll } from './triggerPoll';
import { triggerWorkflow } from './triggerWorkflow';
import { dataSet } from './dataSet';
import { dataTransform } from './dataTransform';
import { flowIf } from './flowIf';
import { flowSwitch } from './flowSwitch';
import { flowMerge } from './flowMerge';
import { flowForEach } from './flowForEach';
import { flowDelay } from './flowDelay';
import { flowFail } from './flowFail';
import { flowSubworkflow } from './flowSubworkflow';
import { codeJavascript } from './codeJavascript';
import { httpRequest } from './httpRequest';
import { systemShell } from './systemShell';
import { fileRead } from './fileRead';
import { fileWrite } from './fileWrite';
import { utilLog } from './utilLog';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own config type
type AnyDefinition = NodeDefinition<any>;

export const builtinNodes: readonly AnyDefinition[] = [
  triggerManual,
  triggerSchedule,
  triggerWebhook,
  triggerFile,
  triggerPoll,
  triggerWorkflow,
  dataSet,
  dataTransform,
  flowIf,
  flowSwitch,
  flowMerge,
  flowForEach,
  flowDelay,
  flowFail,
  flowSubworkflow,
  codeJavascript,
  httpRequest,
  systemShell,
  fileRead,
  fileWrite,
  utilLog,
];

const byType = new Map<string, AnyDefinition>(builtinNodes.map((d) => [d.type, d]));

/** The definition of a node type, or undefined for an unknown type. */
export function getNodeDefinition(type: string): AnyDefinition | undefined {
  return byType.get(type);
}

/** Every known type name, sorted. */
export function nodeTypeNames(): string[] {
  return [...byType.keys()].sort();
}
