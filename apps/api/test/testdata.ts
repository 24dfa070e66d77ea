/**
 * Where the shared third-party test files live (`../shared/testdata` beside the repository, see
 * its SOURCES.md for licences). Tests read them in place. A checkout elsewhere (a clone in /tmp)
 * finds them through `RELATA_TESTDATA_DIR` or the workspace's fixed location.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/lib/paths.js';

const CANDIDATES = [
  process.env.RELATA_TESTDATA_DIR,
  path.resolve(REPO_ROOT, '..', 'shared', 'testdata'),
  '/work/shared/testdata',
].filter((d): d is string => Boolean(d));

/** The shared testdata directory; throws naming the places looked at when none exists. */
export const TESTDATA_DIR: string = (() => {
  const found = CANDIDATES.find((d) => existsSync(path.join(d, 'SOURCES.md')));
  if (!found)
    throw new Error(`shared testdata not found; looked in ${CANDIDATES.join(', ')} (set RELATA_TESTDATA_DIR)`);
  return found;
})();

/** A path inside the shared testdata directory. */
export const testdata = (...parts: string[]): string => path.join(TESTDATA_DIR, ...parts);
