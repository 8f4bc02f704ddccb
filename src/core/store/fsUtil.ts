/** Small file-system helpers for crash-safe writes. */
import { open } from 'node:fs/promises';
import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Makes a directory entry change (new file, rename) durable. Directories cannot be opened for
 * fsync on Windows; there, NTFS journals metadata itself, so the failure is ignored.
 */
export async function fsyncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // see above
  }
}

/** Synchronous variant for the snapshot worker, which owns its thread. */
export function fsyncDirectorySync(directory: string): void {
  try {
    const fd = openSync(directory, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // see fsyncDirectory
  }
}
