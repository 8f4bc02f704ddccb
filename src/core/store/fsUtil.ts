/** Small file-system helpers for crash-safe writes. */
import { open } from 'node:fs/promises';

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
