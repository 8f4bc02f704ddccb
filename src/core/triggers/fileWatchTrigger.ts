/**
 * An armed `trigger.file`: filters the workspace watcher's changes by glob and kind, and lets
 * each file settle for `debounceMs` before it fires, so that one save, or a copy written in
 * many chunks, starts one run.
 */
import picomatch from 'picomatch';
import type { TimerHandle } from './contract';
import type { FileChange, FileChangeKind, WorkspaceWatcher } from './fileWatch';
import type { ArmedTrigger, TriggerSlot } from './triggerSlot';

/** The `trigger.file` config, defaults applied (see src/core/nodes/triggerFile.ts). */
export interface FileTriggerConfig {
  glob: string;
  events: readonly FileChangeKind[];
  debounceMs: number;
}

/** What a file-triggered run receives as its input. */
export interface FileFireInput {
  /** Workspace-relative, `/` separators. */
  path: string;
  kind: FileChangeKind;
}

/** Changes of one path while it settles: the first and the latest say what happened overall. */
interface Settling {
  first: FileChangeKind;
  last: FileChangeKind;
  timer: TimerHandle;
}

/**
 * What a burst of changes amounts to: created then deleted is nothing; deleted then created
 * again is a change; otherwise a new file stays created and a deletion at the end wins.
 */
export function settledKind(first: FileChangeKind, last: FileChangeKind): FileChangeKind | undefined {
  if (first === 'created') return last === 'deleted' ? undefined : 'created';
  return last === 'deleted' ? 'deleted' : 'changed';
}

/** Arms a file trigger on a shared watcher. */
export function armFileTrigger(slot: TriggerSlot, config: FileTriggerConfig, watcher: WorkspaceWatcher): ArmedTrigger {
  const matches = picomatch(config.glob, { dot: true });
  const wanted = new Set(config.events);
  const settling = new Map<string, Settling>();

  const settle = (path: string): void => {
    const entry = settling.get(path);
    settling.delete(path);
    if (!entry) return;
    const kind = settledKind(entry.first, entry.last);
    if (kind === undefined || !wanted.has(kind)) return;
    const input: FileFireInput = { path, kind };
    slot.fire(input, input);
  };

  const onChange = (change: FileChange): void => {
    if (!matches(change.path)) return;
    const entry = settling.get(change.path);
    if (entry) slot.clock.clearTimer(entry.timer);
    const timer = slot.clock.setTimer(() => settle(change.path), config.debounceMs);
    settling.set(change.path, { first: entry?.first ?? change.kind, last: change.kind, timer });
  };

  const unsubscribe = watcher.subscribe(onChange);
  return {
    stop: () => {
      unsubscribe();
      for (const entry of settling.values()) slot.clock.clearTimer(entry.timer);
      settling.clear();
    },
  };
}
