/** The runs triggers started and that have not ended, free of vscode. */
import type { ExecutionResult } from '../../core/engine/engine';

/** Runs started by triggers and not finished yet, so that shutdown can wait for them. */
export class InFlightRuns {
  private readonly runs = new Set<Promise<ExecutionResult>>();

  add(done: Promise<ExecutionResult>): void {
    this.runs.add(done);
    void done.finally(() => this.runs.delete(done));
  }

  get size(): number {
    return this.runs.size;
  }

  /** Resolves when every run ended or `timeoutMs` passed, whichever is first. */
  async settle(timeoutMs: number): Promise<void> {
    if (this.runs.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.runs]).then(() => undefined), timeout]);
    clearTimeout(timer);
  }
}
