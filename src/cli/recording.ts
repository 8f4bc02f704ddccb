/**
 * Recording a CLI run in the workspace's history without delaying it: the run starts as soon as
 * the file is valid, its events are buffered while the store opens (which replays journals and
 * can take a while), and the buffer is handed to the store's recorder once the workflow is
 * registered. `finish()` waits for all of it and closes the store, which makes it durable.
 */
import type { Workflow } from '../core/model/workflow';
import { bufferedListener } from '../core/engine/bufferedListener';
import type { ExecutionListener } from '../core/engine/events';
import { assertNotNewerDatabase, gitHeadCommit, openStore, workspaceRelativePath, type WorkflowStore } from '../core/store';
import { asCliError, cliRetention, cliStoreLogger } from './historyStore';
import type { CliIo } from './command';

export interface Recording {
  listener: ExecutionListener;
  /** Resolves when everything is recorded and the store is closed; rejects with a CliError. */
  finish(): Promise<void>;
}

/**
 * Starts recording into the database at `dbPath`. Throws (a CliError, before anything runs) when
 * the database comes from a newer version of the tool.
 */
export function startRecording(io: CliIo, dbPath: string, root: string, file: string, workflow: Workflow): Recording {
  try {
    assertNotNewerDatabase(dbPath);
  } catch (error) {
    throw asCliError(error);
  }
  const retention = cliRetention(io.env);
  const buffer = bufferedListener();
  const ready: Promise<WorkflowStore> = (async () => {
    const store = await openStore({ path: dbPath, logger: cliStoreLogger(io), retention });
    try {
      const registered = await store.registerWorkflow({ path: workspaceRelativePath(root, file), content: workflow, gitCommit: gitHeadCommit(root) });
      buffer.attach(store.recorder({ workflowId: registered.workflowId, versionId: registered.versionId }));
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  })();
  ready.catch(() => buffer.discard()); // observed here; finish() reports it
  return {
    listener: buffer.listener,
    async finish() {
      let store: WorkflowStore;
      try {
        store = await ready;
      } catch (error) {
        throw asCliError(error);
      }
      // Closing fsyncs the journal: the execution is durable before the process exits.
      await store.close();
    },
  };
}
