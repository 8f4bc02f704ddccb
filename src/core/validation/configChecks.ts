/**
 * Per-node checks: the type is registered, the config matches the type's schema (templates
 * aside), and a sub-workflow's file exists.
 */
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { nodeTypeNames } from '../nodes/registry';
import { messageOf } from '../errors';
import type { NodeEntry } from './entries';
import { findingsOfIssues, issueText } from './issues';
import type { Reporter } from './reporter';
import { dependsOnTemplate, isTemplate } from './templates';

/** The node type whose `config.path` names another workflow file. */
export const SUBWORKFLOW_TYPE = 'flow.subworkflow';

/** How the checks reach the file system (tests and editors may answer from memory). */
export interface FileContext {
  /** The validated file's path; sub-workflow paths are relative to its directory. */
  fileName: string;
  fileExists(absolutePath: string): boolean;
}

/** Reports UNKNOWN_NODE_TYPE, CONFIG and SUBWORKFLOW_NOT_FOUND for every node. */
export function checkNodeConfigs(root: unknown, nodes: readonly NodeEntry[], reporter: Reporter, files: FileContext): void {
  for (const entry of nodes) {
    const base = ['nodes', entry.index];
    if (entry.type !== undefined && entry.type !== '' && !entry.definition) {
      const hint = closestType(entry.type);
      reporter.error('UNKNOWN_NODE_TYPE', `${entry.label}: unknown node type "${entry.type}"${hint ? ` (did you mean "${hint}"?)` : ''}`, [...base, 'type'], {
        nodeId: entry.id,
      });
    }
    if (!entry.config) continue;
    if (entry.definition) checkConfigSchema(root, entry, entry.definition.configSchema, new Set(entry.definition.rawConfigKeys ?? []), reporter);
    if (entry.type === SUBWORKFLOW_TYPE) checkSubworkflowPath(entry, reporter, files);
  }
}

function checkConfigSchema(root: unknown, entry: NodeEntry, schema: z.ZodType<unknown>, rawKeys: ReadonlySet<string>, reporter: Reporter): void {
  const config = entry.config!;
  const base = ['nodes', entry.index, 'config'];
  let issues: readonly z.core.$ZodIssue[];
  try {
    const result = schema.safeParse(config, { error: issueText });
    if (result.success) return;
    issues = result.error.issues;
  } catch (error) {
    // A type's own refinement threw (or wanted async parsing): say so rather than hide it.
    reporter.error('CONFIG', `${entry.label}: config could not be checked: ${messageOf(error)}`, base, { nodeId: entry.id });
    return;
  }
  const relevant = issues.filter((issue) => !dependsOnTemplate(config, issue.path.filter(isPathSegment), rawKeys, issue.code === 'custom'));
  for (const finding of findingsOfIssues(root, base, relevant)) {
    reporter.error('CONFIG', finding.message, finding.path, { atKey: finding.atKey, nodeId: entry.id });
  }
}

function isPathSegment(segment: PropertyKey): segment is string | number {
  return typeof segment !== 'symbol';
}

function checkSubworkflowPath(entry: NodeEntry, reporter: Reporter, files: FileContext): void {
  const path = entry.config!.path;
  if (typeof path !== 'string' || path.trim() === '' || isTemplate(path)) return;
  const absolute = resolve(dirname(files.fileName), path);
  let exists: boolean;
  try {
    exists = files.fileExists(absolute);
  } catch {
    exists = false;
  }
  if (!exists) {
    reporter.error('SUBWORKFLOW_NOT_FOUND', `${entry.label}: config.path: sub-workflow file "${path}" does not exist (looked for ${absolute})`, ['nodes', entry.index, 'config', 'path'], {
      nodeId: entry.id,
    });
  }
}

/** The registered type nearest to a misspelt one, when it is close enough to be a typo. */
function closestType(type: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(type.length / 4)) + 1;
  for (const candidate of nodeTypeNames()) {
    const distance = editDistance(type.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit || a.length > 100 || b.length > 100) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}
