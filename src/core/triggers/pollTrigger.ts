/**
 * An armed `trigger.poll`: polls at once, then every `intervalSeconds` from the start of the
 * previous poll (a poll slower than the interval delays the next; polls never overlap), and
 * fires when the compared hash differs from the baseline. The baseline is saved in the store,
 * so a restart compares with what the last process saw instead of firing again.
 */
import { waitUntil, type PendingWait } from './clock';
import { pollOnce, PollError, type PollConfig } from './poll';
import type { ArmedTrigger, TriggerSlot } from './triggerSlot';

/** What a poll-triggered run receives as its input. */
export interface PollFireInput {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  hash: string;
  previousHash: string;
}

/** What the store keeps between processes. */
export interface PollState {
  hash: string;
}

/** Reads a stored poll state, ignoring anything that is not one. */
export function pollBaseline(state: unknown): string | undefined {
  const hash = (state as Partial<PollState> | null | undefined)?.hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * Arms a poll. `resolveConfig` is called before every poll, so secrets in headers are read
 * fresh; `baseline` is the hash the store remembers, if any; `redact` cleans the error messages
 * the trigger shows (a URL may hold a secret).
 */
export function armPoll(
  slot: TriggerSlot,
  resolveConfig: () => Promise<PollConfig>,
  baseline: string | undefined,
  redact: (text: string) => string = (text) => text,
): ArmedTrigger {
  return new PollTrigger(slot, resolveConfig, baseline, redact);
}

class PollTrigger implements ArmedTrigger {
  private wait: PendingWait | undefined;
  private readonly controller = new AbortController();
  private stopped = false;

  constructor(
    private readonly slot: TriggerSlot,
    private readonly resolveConfig: () => Promise<PollConfig>,
    private baseline: string | undefined,
    private readonly redact: (text: string) => string,
  ) {
    this.slot.setNextRunAt(slot.clock.now());
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    this.wait?.cancel();
    this.controller.abort();
  }

  private async poll(): Promise<void> {
    const startedAt = this.slot.clock.now();
    let intervalSeconds: number | undefined;
    try {
      const config = await this.resolveConfig();
      intervalSeconds = config.intervalSeconds;
      const response = await pollOnce(config, this.controller.signal);
      if (this.stopped) return;
      this.slot.setError(undefined);
      this.compare(response);
    } catch (error) {
      if (this.stopped) return;
      this.slot.setError(this.redact(error instanceof PollError ? error.message : `poll failed: ${(error as Error).message}`));
    }
    // a config that cannot be read (a secret not set yet) is tried again after the default minute
    this.scheduleNext(startedAt + (intervalSeconds ?? 60) * 1000);
  }

  private compare(response: Awaited<ReturnType<typeof pollOnce>>): void {
    const previousHash = this.baseline;
    if (previousHash === response.hash) return;
    this.baseline = response.hash;
    this.slot.saveState({ hash: response.hash } satisfies PollState);
    if (previousHash === undefined) {
      this.slot.logger.info(`${this.slot.label}: first poll recorded the baseline; a change from now on starts a run`);
      return;
    }
    const input: PollFireInput = { ...response, previousHash };
    this.slot.fire(input, { url: response.url, status: response.status, hash: response.hash, previousHash });
  }

  private scheduleNext(atMs: number): void {
    if (this.stopped) return;
    this.slot.setNextRunAt(atMs);
    this.wait = waitUntil(this.slot.clock, atMs, () => {
      this.wait = undefined;
      void this.poll();
    });
  }
}
