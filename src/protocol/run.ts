/**
 * What the canvas is shown of runs: a batched overlay of node states and edge item counts, and
 * one node's recorded result for the inspector. The host throttles `runUpdate` messages, so a
 * run emitting thousands of events a second costs the webview a few renders a second.
 */
import { z } from 'zod';

/** A node's state in the run overlay. */
export const NodeRunStatusSchema = z.enum(['queued', 'running', 'success', 'failed', 'skipped', 'cancelled']);

/** One node in the overlay. */
export const NodeRunStateSchema = z.object({
  status: NodeRunStatusSchema,
  /** Wall time of the last attempt, once finished. */
  durationMs: z.number().optional(),
  /** Items in the output (array length, else 1), once finished. */
  itemCount: z.number().int().optional(),
  /** One-line failure message. */
  error: z.string().optional(),
});

/**
 * Status of a whole execution as the toolbar shows it: `queued` while it waits for a free run
 * slot, `interrupted` for a recorded run whose process ended before it finished.
 */
export const RunStatusSchema = z.enum(['queued', 'running', 'success', 'failed', 'partial', 'cancelled', 'timeout', 'interrupted']);

/**
 * A batch of overlay changes. `reset` starts a new overlay (a new execution); otherwise the node
 * and edge entries are merged into the current one.
 */
export const RunUpdateSchema = z.object({
  executionId: z.string(),
  status: RunStatusSchema,
  reset: z.boolean(),
  nodes: z.record(z.string(), NodeRunStateSchema),
  /** Items that crossed each edge so far, by edge id. */
  edges: z.record(z.string(), z.number().int().nonnegative()),
  /** Set when the execution ended. */
  durationMs: z.number().optional(),
  error: z.string().optional(),
});

/** One log line of a node. */
export const LogLineSchema = z.object({
  level: z.string(),
  message: z.string(),
  /** Epoch milliseconds. */
  at: z.number(),
});

/** A node's recorded result, for the inspector's Output / Input / Logs tabs. */
export const NodeResultViewSchema = z.object({
  executionId: z.string(),
  nodeId: z.string(),
  status: z.string(),
  startedAt: z.number().optional(),
  durationMs: z.number().optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.object({ message: z.string(), code: z.string().optional() }).optional(),
  logs: z.array(LogLineSchema),
  /** True when a value was cut by the history's size limit. */
  truncated: z.boolean().optional(),
});

/** A node's overlay state. */
export type NodeRunState = z.infer<typeof NodeRunStateSchema>;
/** A node's overlay status. */
export type NodeRunStatus = z.infer<typeof NodeRunStatusSchema>;
/** A whole execution's status. */
export type RunStatus = z.infer<typeof RunStatusSchema>;
/** A batch of overlay changes. */
export type RunUpdate = z.infer<typeof RunUpdateSchema>;
/** A node's recorded result. */
export type NodeResultView = z.infer<typeof NodeResultViewSchema>;
/** One log line. */
export type LogLine = z.infer<typeof LogLineSchema>;
