/**
 * Recording a run from the extension in the history, like the CLI's recording.ts but in a host
 * that keeps its store open: the run starts at once, its events wait in a buffer while the
 * workflow is registered, then go to the store's recorder. `finish()` makes the run durable
 * (flush) instead of closing the store, which other runs and the views still use.
 */
import { bufferedListener } from '../../core/engine/bufferedListener';
import type { ExecutionListener } from '../../core/engine/events';
import { gitHeadCommit, workspaceRelativePath, type RegisteredWorkflow, type WorkflowStore } from '../../core/store';

/** A run being recorded. */
export interface RunRecording {
  listener: ExecutionListener;
  /** Resolves with the registration (a new version or not) once events flow to the store. */
  registered: Promise<RegisteredWorkflow>;
  /** Resolves when everything recorded so far is on disk; rejects when recording failed. */
  finish(): Promise<void>;
}

/** Registers the file's `text` (as the CLI does) and records the run's events. */
export function recordRun(store: Promise<WorkflowStore>, root: string, file: string, text: string): RunRecording {
  const buffer = bufferedListener();
  const registered = (async () => {
    const opened = await store;
    const registration = await opened.registerWorkflow({ path: workspaceRelativePath(root, file), content: text, gitCommit: gitHeadCommit(root) });
    buffer.attach(opened.recorder({ workflowId: registration.workflowId, versionId: registration.versionId }));
    return registration;
  })();
  registered.catch(() => buffer.discard()); // observed here; finish() reports it
  return {
    listener: buffer.listener,
    registered,
    async finish() {
      await registered;
      await (await store).flush();
    },
  };
}
