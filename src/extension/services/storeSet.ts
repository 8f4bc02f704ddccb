/**
 * The history stores of a window, one per workspace root, each opened on first use (opening
 * replays journals, which costs time the window should not spend at activation) and kept open
 * until disposed. vscode-free: the VS Code glue is history.ts.
 */
import { openStore, resolveDatabasePath, type RetentionSettings, type StoreLogger, type WorkflowStore } from '../../core/store';

/** Opens the store of a root (injected by tests). */
export type StoreOpener = (root: string) => Promise<WorkflowStore>;

/** The opener the extension uses: the database the CLI uses for files under `root`. */
export function defaultStoreOpener(retention: () => Partial<RetentionSettings>, logger: StoreLogger): StoreOpener {
  return (root) => openStore({ path: databasePathOf(root), retention: retention(), logger });
}

/** `<root>/.workflow-studio/history.sqlite`, exactly as `workflow run` resolves it for a file under `root`. */
export function databasePathOf(root: string): string {
  return resolveDatabasePath({ cwd: root, root });
}

/** Lazily opened stores keyed by root. */
export class StoreSet {
  private readonly stores = new Map<string, Promise<WorkflowStore>>();
  private disposed = false;

  constructor(private readonly open: StoreOpener) {}

  /** The store of `root`, opened on first call; a failed open is retried on the next call. */
  get(root: string): Promise<WorkflowStore> {
    if (this.disposed) return Promise.reject(new Error('the history is closed (the window is closing)'));
    let store = this.stores.get(root);
    if (!store) {
      store = this.open(root);
      this.stores.set(root, store);
      store.catch(() => {
        if (this.stores.get(root) === store) this.stores.delete(root);
      });
    }
    return store;
  }

  /** Picks up other processes' writes to an open store; false when nothing changed or it is not open. */
  async refresh(root: string): Promise<boolean> {
    const store = this.stores.get(root);
    if (!store) return false;
    try {
      return await (await store).refresh();
    } catch {
      return false; // not opened (reported by whoever asked for it) or closed meanwhile
    }
  }

  /** Closes the store of `root` (a workspace folder went away). */
  async close(root: string): Promise<void> {
    const store = this.stores.get(root);
    this.stores.delete(root);
    await closeQuietly(store);
  }

  /** Closes every store; later `get`s fail. */
  async closeAll(): Promise<void> {
    this.disposed = true;
    const all = [...this.stores.values()];
    this.stores.clear();
    await Promise.all(all.map(closeQuietly));
  }
}

async function closeQuietly(store: Promise<WorkflowStore> | undefined): Promise<void> {
  if (!store) return;
  try {
    await (await store).close();
  } catch {
    // a store that never opened has nothing to close
  }
}

/**
 * Calls `fn` once, `ms` after the last of a burst of calls. With `maxWaitMs`, a burst that never
 * pauses for `ms` (a steady stream of calls) still calls `fn` at least every `maxWaitMs`.
 */
export function debounce(fn: () => void, ms: number, maxWaitMs?: number): { (): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let burstStart: number | undefined;
  const fire = () => {
    timer = undefined;
    burstStart = undefined;
    fn();
  };
  const call = () => {
    if (timer) clearTimeout(timer);
    const now = Date.now();
    burstStart ??= now;
    const wait = maxWaitMs === undefined ? ms : Math.max(0, Math.min(ms, burstStart + maxWaitMs - now));
    timer = setTimeout(fire, wait);
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    burstStart = undefined;
  };
  return call;
}
