import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** The lock is refreshed every 2 s and considered abandoned (crashed owner) after 10 s. */
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;

export class DataDirLockedError extends Error {
  constructor(readonly dir: string) {
    super(
      `The data directory ${dir} is in use by another Relata process (lock: ${path.join(dir, 'relata.lock')}).\n` +
        'PGlite has no lock of its own: two processes on one directory silently lose committed rows, so this one stops.\n' +
        'Stop the other process, or point RELATA_DATA_DIR at another directory. ' +
        `If the other process crashed, its lock goes stale within ${STALE_MS / 1000} seconds.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Takes an exclusive lock on a PGlite data directory (creating it if needed) with proper-lockfile
 * (an atomic `mkdir` lock whose mtime is refreshed while held; works across processes and hosts).
 * Resolves to a release function. Throws `DataDirLockedError` at once when another live process
 * holds it. `onLost` runs if the lock is ever compromised while held.
 */
export async function lockDataDir(dir: string, onLost: (err: Error) => void): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, {
      lockfilePath: path.join(dir, 'relata.lock'),
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: 0,
      realpath: false,
      onCompromised: onLost,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dir);
    throw err;
  }
}
