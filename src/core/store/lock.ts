/**
 * The lock file that serialises snapshot writes between processes. Only compaction takes it
 * (recording and reading never wait for it). A lock whose holder is gone, or that is older than
 * `staleMs`, is broken: a crashed compaction must not stop history from ever being compacted.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

interface LockContent {
  pid: number;
  host: string;
  token: string;
  at: number;
}

/** A held lock. */
export interface HeldLock {
  path: string;
  token: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** Give up after this long (the caller retries later). */
  timeoutMs: number;
  /** A lock older than this is considered abandoned. */
  staleMs: number;
}

function pidIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

function isStale(content: LockContent | undefined, staleMs: number): boolean {
  // An unreadable lock is a lock being written right now, or debris; age decides via the caller's retries.
  if (!content) return false;
  if (content.host === hostname() && pidIsGone(content.pid)) return true;
  return Date.now() - content.at > staleMs;
}

/** Takes the lock at `path`, or returns undefined if another live process keeps it past the timeout. */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock | undefined> {
  const token = randomBytes(8).toString('hex');
  const content: LockContent = { pid: process.pid, host: hostname(), token, at: Date.now() };
  const deadline = Date.now() + options.timeoutMs;
  let unreadableSince: number | undefined;
  for (;;) {
    try {
      await writeFile(path, JSON.stringify({ ...content, at: Date.now() }), { flag: 'wx' });
      return { path, token, release: () => releaseLock(path, token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = await readLock(path);
    if (!existing) unreadableSince ??= Date.now();
    else unreadableSince = undefined;
    const debris = unreadableSince !== undefined && Date.now() - unreadableSince > 1000;
    if (isStale(existing, options.staleMs) || debris) {
      // Re-read right before unlinking so that a lock someone just took is not broken.
      const again = await readLock(path);
      if (again?.token === existing?.token) await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) return undefined;
    await sleep(15 + Math.random() * 35);
  }
}

async function releaseLock(path: string, token: string): Promise<void> {
  const current = await readLock(path);
  if (current?.token === token) await unlink(path).catch(() => undefined);
}
